using MathNet.Numerics;
using PhotonicSolver.MonteCarlo;

namespace PhotonicSolver.Tests.MonteCarlo;

/// <summary>Yield against closed forms.</summary>
public class YieldTests
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
}
