using PhotonicSolver.Numerics;

namespace PhotonicSolver.Benchmarks;

/// <summary>
/// The baseline: the all-pass ring's closed form written by hand, as a user would (Math.SinCos and a complex
/// divide per point, Parallel.For over blocks): T = (t − a·e^{iφ}) / (1 − t·a·e^{iφ}).
/// </summary>
public static class HandWrittenRing
{
    public static void Run(double wlStart, double wlStep, long count, Cx[] output, int threads)
    {
        double t = Math.Sqrt(1 - BenchCircuits.RingCoupling);
        double a = Math.Pow(10, -BenchCircuits.RingLossDbCm * BenchCircuits.RingLength * 1e-4 / 20);
        const double neff0 = 2.34, ng = 3.4, wl0 = 1.55, L = BenchCircuits.RingLength;
        const int block = 4096;
        long blocks = (count + block - 1) / block;
        Parallel.For(0, blocks, new ParallelOptions { MaxDegreeOfParallelism = threads }, b =>
        {
            long first = b * block, last = Math.Min(count, first + block);
            for (long p = first; p < last; p++)
            {
                double wl = wlStart + wlStep * p;
                double neff = neff0 - (wl - wl0) * (ng - neff0) / wl0;
                var (s, c) = Math.SinCos(2 * Math.PI * neff * L / wl);
                double er = a * c, ei = a * s;                 // a·e^{iφ}
                double nr = t - er, ni = -ei;                  // t − a·e^{iφ}
                double dr = 1 - t * er, di = -t * ei;          // 1 − t·a·e^{iφ}
                double inv = 1 / (dr * dr + di * di);
                output[p] = new Cx((nr * dr + ni * di) * inv, (ni * dr - nr * di) * inv);
            }
        });
    }
}
