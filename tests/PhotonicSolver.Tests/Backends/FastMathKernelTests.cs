using ILGPU;
using ILGPU.Runtime;
using PhotonicSolver.Numerics;

namespace PhotonicSolver.Tests.Backends;

/// <summary>
/// The project's sincos and exp inside an ILGPU kernel give the host's bits (the ILGPU CPU accelerator executes the
/// same IL; on CUDA the only allowed difference is FMA contraction, ≤ 1e-15 relative per the issue).
/// </summary>
[Collection(IlgpuCollection.Name)]
public sealed class FastMathKernelTests(IlgpuFixture fixture)
{
    private static void SinCosExpKernel(Index1D i, ArrayView<double> x, ArrayView<double> sin, ArrayView<double> cos, ArrayView<double> exp)
    {
        FastMath.SinCos(x[i], out double s, out double c);
        sin[i] = s;
        cos[i] = c;
        exp[i] = FastMath.Exp(x[i] * 1e-3);
    }

    [Fact]
    public void KernelSinCosAndExpMatchTheHostBitForBit()
    {
        var rng = new Random(7);
        var xs = Enumerable.Range(0, 4096).Select(k => k < 2048 ? (rng.NextDouble() - 0.5) * 2e4 : (rng.NextDouble() - 0.5) * 3e6).ToArray();
        var acc = fixture.CpuAccelerator;
        using var x = acc.Allocate1D(xs);
        using var s = acc.Allocate1D<double>(xs.Length);
        using var c = acc.Allocate1D<double>(xs.Length);
        using var e = acc.Allocate1D<double>(xs.Length);
        var kernel = acc.LoadAutoGroupedStreamKernel<Index1D, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>>(SinCosExpKernel);
        kernel(xs.Length, x.View, s.View, c.View, e.View);
        acc.Synchronize();
        var sin = s.GetAsArray1D(); var cos = c.GetAsArray1D(); var exp = e.GetAsArray1D();
        for (int i = 0; i < xs.Length; i++)
        {
            FastMath.SinCos(xs[i], out double hs, out double hc);
            Assert.Equal(hs, sin[i]);
            Assert.Equal(hc, cos[i]);
            Assert.Equal(FastMath.Exp(xs[i] * 1e-3), exp[i]);
            // And both agree with the runtime's libm to fp64 accuracy (≤ 3e-16, see FastMathTests) at |x| ≤ 1.6e6.
            if (Math.Abs(xs[i]) <= FastMath.SinCosFullAccuracyLimit) Assert.Equal(Math.Sin(xs[i]), sin[i], 1e-15);
        }
    }
}
