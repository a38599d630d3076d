using Xunit.Abstractions;
using MathNet.Numerics;
using PhotonicSolver.MonteCarlo;

namespace PhotonicSolver.Tests.MonteCarlo;

/// <summary>Runs alone: it measures the bytes the process allocates, which tests running beside it would inflate.</summary>
[CollectionDefinition(nameof(AllocationMeasurement), DisableParallelization = true)]
public sealed class AllocationMeasurement;

/// <summary>Yield against closed forms.</summary>
[Collection(nameof(AllocationMeasurement))]
public class YieldTests(ITestOutputHelper output)
{
    /// <summary>
    /// MZI with a Gaussian phase error φ ~ N(0, σ²) and the spec T(cross) = sin²(φ/2) ≤ 10^(X/10): it passes iff
    /// |φ| ≤ φ0 = 2·asin(10^(X/20)) (for |φ| &lt; π; P(|φ| ≥ π) = 2Φ(−π/σ) ≈ 1e-150 here), so the yield is
    /// P(|φ| ≤ φ0) = erf(φ0/(σ√2)). The Monte Carlo yield must lie within its own 95 % Wilson interval of that:
    /// a fixed seed makes this deterministic, and a wrong generator, transform or spec evaluation shifts the
    /// estimate by far more than the interval's half-width (3e-4 at 10⁷ samples).
    /// </summary>
    [Theory]
    [InlineData(200_000, 0.06, -30.0)]
    [InlineData(200_000, 0.02, -40.0)]
    public void MziYieldMatchesErf(long samples, double sigma, double maxDb)
    {
        var s = McHelpers.Run(McHelpers.Mzi(), McHelpers.MziIsolation(samples, sigma, maxDb));
        double phi0 = 2 * Math.Asin(Math.Pow(10, maxDb / 20));
        double exact = SpecialFunctions.Erf(phi0 / (sigma * Math.Sqrt(2)));
        var (lo, hi) = s.Statistics.YieldInterval;
        Assert.Equal(samples, s.Statistics.Samples);
        Assert.Equal(0, s.Statistics.NanSamples);
        Assert.InRange(exact, lo, hi);
    }

    /// <summary>
    /// The acceptance run: 10⁷ samples of the MZI on the CPU. The yield is erf(φ0/(σ√2)) within the run's
    /// own 95 % Wilson interval (half-width 2.8e-4), and the bytes allocated by the whole run stay under the
    /// documented bound <see cref="MonteCarloRunner.MemoryBound"/> (two 32 MiB-class chunk buffers, the sketch,
    /// a fixed allowance), while materialising the 10⁷ results alone would take 160 MB. A run of 10⁶ samples with
    /// the same chunk size allocates within 4 MiB of the same: memory does not grow with the sample count.
    /// </summary>
    [Fact]
    public void TenMillionSamplesInBoundedMemoryMatchTheClosedForm()
    {
        const double sigma = 0.06, maxDb = -30;
        const int chunk = 500_000;
        long Allocated(long samples, out MonteCarloSummary summary)
        {
            var setup = McHelpers.MziIsolation(samples, sigma, maxDb, seed: 2024);
            long before = GC.GetTotalAllocatedBytes(true);
            summary = McHelpers.Run(McHelpers.Mzi(), setup, chunk);
            return GC.GetTotalAllocatedBytes(true) - before;
        }
        long small = Allocated(1_000_000, out _);
        long big = Allocated(10_000_000, out var s);

        double phi0 = 2 * Math.Asin(Math.Pow(10, maxDb / 20));
        double exact = SpecialFunctions.Erf(phi0 / (sigma * Math.Sqrt(2)));
        var (lo, hi) = s.Statistics.YieldInterval;
        Assert.Equal(10_000_000, s.Statistics.Samples);
        Assert.InRange(exact, lo, hi);
        Assert.True(hi - lo < 6e-4);

        long bound = MonteCarloRunner.MemoryBound(chunk, wavelengths: 1, pairs: 1, specs: 1, columns: 0);
        output.WriteLine($"allocated: 10^7 samples {big / 1e6:F1} MB, 10^6 samples {small / 1e6:F1} MB; bound {bound / 1e6:F1} MB; yield {s.Statistics.Yield:R} [{lo:R}, {hi:R}], exact {exact:R}");
        Assert.True(big < bound, $"allocated {big / 1e6:F1} MB, bound {bound / 1e6:F1} MB");
        Assert.True(bound < 160_000_000, "the bound is below what the materialised results would take");
        Assert.True(Math.Abs(big - small) < 4L << 20, $"10^7 samples allocated {big / 1e6:F1} MB, 10^6 {small / 1e6:F1} MB");
    }
}
