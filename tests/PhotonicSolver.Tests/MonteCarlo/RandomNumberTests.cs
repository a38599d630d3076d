using MathNet.Numerics;
using PhotonicSolver.Numerics;

namespace PhotonicSolver.Tests.MonteCarlo;

/// <summary>The counter-based generator and the kernel-safe distribution math.</summary>
public class RandomNumberTests
{
    /// <summary>
    /// Known-answer vectors of Random123 (tests/kat_vectors, "philox4x32 10" lines: counter[4] key[2] → output[4]).
    /// Exact: any difference means a different generator.
    /// </summary>
    [Theory]
    [InlineData(0x00000000u, 0x00000000u, 0x00000000u, 0x00000000u, 0x00000000u, 0x00000000u, 0x6627e8d5u, 0xe169c58du, 0xbc57ac4cu, 0x9b00dbd8u)]
    [InlineData(0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu, 0x408f276du, 0x41c83b0eu, 0xa20bc7c6u, 0x6d5451fdu)]
    [InlineData(0x243f6a88u, 0x85a308d3u, 0x13198a2eu, 0x03707344u, 0xa4093822u, 0x299f31d0u, 0xd16cfe09u, 0x94fdccebu, 0x5001e420u, 0x24126ea1u)]
    public void PhiloxMatchesRandom123KnownAnswers(uint c0, uint c1, uint c2, uint c3, uint k0, uint k1, uint r0, uint r1, uint r2, uint r3)
    {
        var r = Philox.Generate(new Philox4(c0, c1, c2, c3), k0, k1);
        Assert.Equal((r0, r1, r2, r3), (r.X0, r.X1, r.X2, r.X3));
    }

    [Fact]
    public void UnitIntervalsExcludeTheRightEnds()
    {
        Assert.Equal(1.0 / 9007199254740992.0, Philox.UnitOpenAtZero(0, 0));
        Assert.Equal(1.0, Philox.UnitOpenAtZero(uint.MaxValue, uint.MaxValue));
        Assert.Equal(0.0, Philox.UnitOpenAtOne(0, 0));
        Assert.Equal(1.0 - 1.0 / 9007199254740992.0, Philox.UnitOpenAtOne(uint.MaxValue, uint.MaxValue));
    }

    /// <summary>fdlibm's log is within 1 ulp of the correctly rounded value; Math.Log (glibc) is correctly rounded
    /// in practice, so the two differ by at most 1 ulp, over normal and subnormal inputs.</summary>
    [Fact]
    public void LogIsWithinOneUlpOfMathLog()
    {
        var rng = new Random(1);
        for (int i = 0; i < 200_000; i++)
        {
            double x = i switch
            {
                < 50_000 => rng.NextDouble(),
                < 100_000 => Math.Exp(rng.NextDouble() * 1400 - 700),
                < 150_000 => 1 + (rng.NextDouble() - 0.5) * 1e-5,
                _ => BitConverter.Int64BitsToDouble(rng.NextInt64(1, 0x7fefffffffffffff)),
            };
            double a = Distributions.Log(x), b = Math.Log(x);
            Assert.True(Math.Abs(a - b) <= Math.BitIncrement(Math.Abs(b)) - Math.Abs(b), $"log({x:R}) = {a:R}, Math.Log {b:R}");
        }
        Assert.Equal(0.0, Distributions.Log(1.0));
        Assert.Equal(double.NegativeInfinity, Distributions.Log(0.0));
        Assert.True(double.IsNaN(Distributions.Log(-1.0)));
        Assert.Equal(double.PositiveInfinity, Distributions.Log(double.PositiveInfinity));
        Assert.Equal(Math.Log(double.Epsilon), Distributions.Log(double.Epsilon), 14);
    }

    /// <summary>
    /// Cody's Φ against MathNet's erfc-based Normal CDF (about 1e-15) to relative 1e-13 for x ≥ −20; in the deep
    /// tail MathNet itself drifts (2e-13 at −37), so there Φ is checked against 50-digit values of φ(x)·R(x) (Mills
    /// ratio by continued fraction, Python decimal) to 1e-14.
    /// </summary>
    [Fact]
    public void NormalCdfMatchesReferenceValuesInBothTails()
    {
        for (double x = -20; x <= 8.5; x += 0.01)
        {
            double a = Distributions.NormalCdf(x);
            double b = 0.5 * SpecialFunctions.Erfc(-x / Math.Sqrt(2));
            Assert.True(Math.Abs(a - b) <= 1e-13 * b, $"Φ({x}) = {a:R}, MathNet {b:R}");
        }
        foreach (var (x, exact) in new[] { (-10.0, 7.61985302416052545e-24), (-20.0, 2.75362411860623374e-89), (-30.0, 4.90671392714818718e-198),
                                           (-37.0, 5.72557122252457710e-300), (-37.5, 4.60535300958195519e-308) })
            Assert.True(Math.Abs(Distributions.NormalCdf(x) - exact) <= 1e-14 * exact, $"Φ({x}) = {Distributions.NormalCdf(x):R}, exact {exact:R}");
        Assert.Equal(0.5, Distributions.NormalCdf(0.0));
        Assert.Equal(0.0, Distributions.NormalCdf(-40));
        Assert.Equal(1.0, Distributions.NormalCdf(40));
    }

    /// <summary>AS241 inverts Φ to about 1e-16; through Φ the round trip is relative 1e-13 (the conditioning of Φ⁻¹ near 0.5 is benign).</summary>
    [Fact]
    public void NormalQuantileInvertsTheCdf()
    {
        foreach (double p in new[] { 1e-300, 1e-100, 1e-20, 1e-10, 1e-5, 0.001, 0.02, 0.0749, 0.075, 0.3, 0.5, 0.7, 0.925, 0.99, 1 - 1e-10 })
        {
            double x = Distributions.NormalQuantile(p);
            double back = Distributions.NormalCdf(x);
            Assert.True(Math.Abs(back - p) <= 1e-13 * Math.Min(p, 1 - p) + 1e-16, $"Φ(Φ⁻¹({p:R})) = {back:R}");
            Assert.Equal(MathNet.Numerics.Distributions.Normal.InvCDF(0, 1, p), x, Math.Abs(x) * 1e-9 + 1e-12);
        }
        Assert.Equal(double.NegativeInfinity, Distributions.NormalQuantile(0));
        Assert.Equal(double.PositiveInfinity, Distributions.NormalQuantile(1));
    }

    /// <summary>
    /// Φ⁻¹ of Philox uniforms: mean, variance and the fraction beyond 2σ of 10⁵ draws agree with N(0, 1)
    /// within 5 standard errors (σ/√n for the mean, √(2/n) for the variance, √(p(1−p)/n) for the tail). Different
    /// streams of the same sample are uncorrelated within 5/√n.
    /// </summary>
    [Fact]
    public void StandardNormalsHaveTheRightMomentsAndIndependentStreams()
    {
        const int n = 100_000;
        double s = 0, s2 = 0, beyond = 0, cross = 0;
        for (long i = 0; i < n; i++)
        {
            double z = Distributions.StandardNormal(42, i, 0), w = Distributions.StandardNormal(42, i, 1);
            s += z; s2 += z * z; cross += z * w;
            if (Math.Abs(z) > 2) beyond++;
        }
        double mean = s / n, variance = s2 / n - mean * mean, p2 = SpecialFunctions.Erfc(2 / Math.Sqrt(2));
        Assert.InRange(mean, -5 / Math.Sqrt(n), 5 / Math.Sqrt(n));
        Assert.InRange(variance, 1 - 5 * Math.Sqrt(2.0 / n), 1 + 5 * Math.Sqrt(2.0 / n));
        Assert.InRange(beyond / n, p2 - 5 * Math.Sqrt(p2 * (1 - p2) / n), p2 + 5 * Math.Sqrt(p2 * (1 - p2) / n));
        Assert.InRange(cross / n, -5 / Math.Sqrt(n), 5 / Math.Sqrt(n));
        // A different seed gives a different stream.
        Assert.NotEqual(Distributions.StandardNormal(42, 7, 0), Distributions.StandardNormal(43, 7, 0));
    }

    /// <summary>
    /// The truncated normal by inverse CDF stays inside its bounds and its mean matches the closed form
    /// μ + σ(φ(a) − φ(b))/(Φ(b) − Φ(a)) within 5 standard errors, for an interval around the mean and one far in
    /// the upper tail (the mirrored path).
    /// </summary>
    [Theory]
    [InlineData(0.5, 0.02, 0.47, 0.56)]
    [InlineData(0.0, 1.0, 4.0, 6.0)]
    [InlineData(0.0, 1.0, -7.0, -5.0)]
    public void TruncatedNormalHasTheClosedFormMean(double mean, double std, double low, double high)
    {
        double a = (low - mean) / std, b = (high - mean) / std;
        bool mirrored = a >= 0;
        double pa = mirrored ? Distributions.NormalCdf(-b) : Distributions.NormalCdf(a);
        double pb = mirrored ? Distributions.NormalCdf(-a) : Distributions.NormalCdf(b);
        const int n = 50_000;
        double phi(double t) => Math.Exp(-t * t / 2) / Math.Sqrt(2 * Math.PI);
        double Z = 0.5 * (SpecialFunctions.Erfc(-b / Math.Sqrt(2)) - SpecialFunctions.Erfc(-a / Math.Sqrt(2)));
        double expected = mean + std * (phi(a) - phi(b)) / Z;
        // Both paths: from a (possibly correlated) normal through Φ, and from a direct uniform (uncorrelated parameters).
        foreach (bool direct in new[] { false, true })
        {
            double s = 0, s2 = 0;
            for (long i = 0; i < n; i++)
            {
                double x = direct
                    ? Distributions.TruncatedNormalFromUnit(Distributions.StandardUniform(9, i, 3), mean, std, low, high, pa, pb, mirrored)
                    : Distributions.TruncatedNormal(Distributions.StandardNormal(9, i, 3), mean, std, low, high, pa, pb, mirrored);
                Assert.InRange(x, low, high);
                s += x; s2 += x * x;
            }
            double sd = Math.Sqrt(s2 / n - (s / n) * (s / n));
            Assert.InRange(s / n, expected - 5 * sd / Math.Sqrt(n), expected + 5 * sd / Math.Sqrt(n));
        }
    }

    /// <summary>
    /// The direct uniforms: strictly inside (0, 1), mean ½ and variance 1/12 within 5 standard errors (√(1/12n) and
    /// √(1/180n)), uncorrelated with the next stream's normal; and a stream's normal is Φ⁻¹ of its uniform.
    /// </summary>
    [Fact]
    public void DirectUniformsAndTheirNormals()
    {
        const int n = 100_000;
        double s = 0, s2 = 0, cross = 0;
        for (long i = 0; i < n; i++)
        {
            double u = Distributions.StandardUniform(11, i, 2);
            Assert.True(u > 0 && u < 1);
            s += u; s2 += u * u; cross += (u - 0.5) * Distributions.StandardNormal(11, i, 3);
        }
        double mean = s / n, variance = s2 / n - mean * mean;
        Assert.InRange(mean, 0.5 - 5 * Math.Sqrt(1.0 / (12 * n)), 0.5 + 5 * Math.Sqrt(1.0 / (12 * n)));
        Assert.InRange(variance, 1.0 / 12 - 5 * Math.Sqrt(1.0 / (180 * n)), 1.0 / 12 + 5 * Math.Sqrt(1.0 / (180 * n)));
        Assert.InRange(cross / n, -5 * Math.Sqrt(1.0 / (12 * n)), 5 * Math.Sqrt(1.0 / (12 * n)));
        Assert.Equal(Distributions.NormalQuantile(Distributions.StandardUniform(11, 5, 6)), Distributions.StandardNormal(11, 5, 6));
        Assert.Equal(-1.0, Distributions.UniformFromUnit(0.0, -1, 3));
        Assert.Equal(3.0, Distributions.UniformFromUnit(1.0, -1, 3));
    }

    [Fact]
    public void UniformAndLogNormalTransforms()
    {
        const int n = 50_000;
        double su = 0, sl = 0, sl2 = 0;
        double m = 2.0, sd = 0.3, s2 = Math.Log(1 + sd * sd / (m * m)), mu = Math.Log(m) - s2 / 2;
        for (long i = 0; i < n; i++)
        {
            double y = Distributions.StandardNormal(5, i, 0);
            double u = Distributions.Uniform(y, -1, 3);
            Assert.InRange(u, -1, 3);
            su += u;
            double l = Distributions.LogNormal(y, mu, Math.Sqrt(s2));
            Assert.True(l > 0);
            sl += l; sl2 += l * l;
        }
        // Uniform on [-1, 3]: mean 1, sd 4/√12. Log-normal: mean 2 and sd 0.3 by construction.
        Assert.InRange(su / n, 1 - 5 * 4 / Math.Sqrt(12 * n), 1 + 5 * 4 / Math.Sqrt(12 * n));
        Assert.InRange(sl / n, m - 5 * sd / Math.Sqrt(n), m + 5 * sd / Math.Sqrt(n));
        Assert.InRange(Math.Sqrt(sl2 / n - (sl / n) * (sl / n)), sd * 0.97, sd * 1.03);
    }
}
