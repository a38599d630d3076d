using PhotonicSolver.Numerics;

namespace PhotonicSolver.Tests.Numerics;

/// <summary>
/// FastMath against the runtime's Math.Sin/Cos/Exp/Pow (glibc/CRT, within 1 ulp).
///
/// SinCos bound. With |n| &lt; 2^20 every n·pio2_k (k = 1, 2, 3) is exact (33-bit pieces), x − n·pio2_1 is exact
/// (Sterbenz), and the two following subtractions round r to ≤ ½ ulp(r) each, the n·pio2_3t term being below
/// 1.4e-25: |δr| ≤ ulp(π/4) = 1.1e-16, which moves sin and cos by at most that. fdlibm's kernels are &lt; 1 ulp
/// (≤ 1.1e-16 on [−1, 1]) and glibc's sin/cos behind Math.Sin/Cos ≤ 0.55 ulp (0.6e-16). Worst case
/// 2.8e-16 absolute; asserted 3e-16 (the measured maximum is 1.1e-16). A lost pio2_2 term errs by n·6e-11 and a
/// lost pio2_3 term by n·2e-21, i.e. 2e-15 at the accuracy limit, and a wrong polynomial coefficient by far more.
///
/// Exp bound. k·ln2_hi is exact (32-bit constant, |k| ≤ 1010) and so is x − k·ln2_hi (Sterbenz); the ln2_lo
/// term adds ≤ ½ ulp(r) ≤ 2.8e-17 to r, hence to the relative error. The series (truncation &lt; 1e-17) in Horner
/// form: its last addition 1 + r·q rounds by ≤ ½ ulp ≤ 1.1e-16 relative, the product r·q by ≤ 2.8e-17 and the
/// error of q (≤ 1.1e-16) enters damped by |r| ≤ 0.35; the scaling by 2^k is exact; glibc's exp behind Math.Exp
/// ≤ 0.51 ulp (1.1e-16). Sum ≈ 3.4e-16, asserted 4e-16 relative (measured maximum 2.2e-16).
/// </summary>
public class FastMathTests
{
    private const double SinCosTol = 3e-16;
    private const double ExpTol = 4e-16;

    private static void CheckSinCos(double x, ref double worst)
    {
        FastMath.SinCos(x, out double s, out double c);
        double es = Math.Abs(s - Math.Sin(x)), ec = Math.Abs(c - Math.Cos(x));
        worst = Math.Max(worst, Math.Max(es, ec));
        if (es > SinCosTol || ec > SinCosTol)
            Assert.Fail($"x = {x:R}: sin {s:R} vs {Math.Sin(x):R} (|err| {es:E2}), cos {c:R} vs {Math.Cos(x):R} (|err| {ec:E2})");
    }

    [Fact]
    public void SinCosMatchesMathOnRandomArguments()
    {
        var rng = new Random(20240611);
        double worst = 0;
        for (int i = 0; i < 400_000; i++) CheckSinCos(-1e4 + 2e4 * rng.NextDouble(), ref worst);
        for (int i = 0; i < 100_000; i++) CheckSinCos((2 * rng.NextDouble() - 1) * Math.PI, ref worst);
        for (int i = 0; i < 200_000; i++) CheckSinCos((2 * rng.NextDouble() - 1) * FastMath.SinCosFullAccuracyLimit, ref worst);
        // Small and exact arguments.
        foreach (double x in new[] { 0.0, -0.0, 1e-300, 1e-20, 1e-8, 0.5, 1.0, Math.PI / 4, FastMath.SinCosFullAccuracyLimit, -FastMath.SinCosFullAccuracyLimit })
            CheckSinCos(x, ref worst);
        Assert.True(worst > 0, "FastMath and Math agree bit for bit everywhere: the comparison is not exercised");
    }

    [Fact]
    public void SinCosMatchesMathAroundMultiplesOfHalfPi()
    {
        // Near x = k·π/2 one of sin/cos is tiny and the reduction cancels almost every bit of x: the place where a
        // missing Cody–Waite term shows. Also the quadrant switch at r = ±π/4.
        var rng = new Random(7);
        double worst = 0;
        long kMax = (long)(FastMath.SinCosFullAccuracyLimit / (Math.PI / 2));
        var ks = Enumerable.Range(-64, 129).Select(k => (long)k)
            .Concat(Enumerable.Range(0, 3000).Select(_ => rng.NextInt64(-kMax, kMax + 1)));
        foreach (long k in ks)
        {
            double x0 = k * (Math.PI / 2);
            CheckSinCos(x0, ref worst);
            CheckSinCos(Math.BitIncrement(x0), ref worst);
            CheckSinCos(Math.BitDecrement(x0), ref worst);
            foreach (double d in new[] { 1e-12, 1e-9, 1e-6, 1e-3, Math.PI / 4 - 1e-12, Math.PI / 4 + 1e-12 })
            {
                CheckSinCos(x0 + d, ref worst);
                CheckSinCos(x0 - d, ref worst);
            }
        }
        Assert.True(worst > 0);
    }

    [Fact]
    public void SinCosIsOnTheUnitCircle()
    {
        // sin² + cos² = 1: what keeps |e^{iφ}| = 1 for lossless models. The reduction error only moves the point
        // along the circle; the kernels' errors (≤ 1.1e-16 each) change s² + c² by ≤ 2(|s| + |c|)·1.1e-16 ≤ 3.1e-16,
        // and forming s² + c² − 1 rounds three times (≤ 3.3e-16): 6.5e-16.
        var rng = new Random(3);
        for (int i = 0; i < 100_000; i++)
        {
            double x = (2 * rng.NextDouble() - 1) * 1e5;
            FastMath.SinCos(x, out double s, out double c);
            Assert.True(Math.Abs(s * s + c * c - 1) <= 6.5e-16, $"x = {x:R}: sin²+cos²−1 = {s * s + c * c - 1:E2}");
        }
    }

    [Fact]
    public void ExpMatchesMathExpToFourTenthsOfAFemtoRelative()
    {
        var rng = new Random(42);
        double worst = 0;
        void Check(double x)
        {
            double e = FastMath.Exp(x), r = Math.Exp(x);
            double rel = Math.Abs(e - r) / r;
            worst = Math.Max(worst, rel);
            if (rel > ExpTol) Assert.Fail($"x = {x:R}: {e:R} vs {r:R}, relative error {rel:E2}");
        }
        for (int i = 0; i < 400_000; i++) Check(-700 + 1400 * rng.NextDouble());
        for (int i = 0; i < 100_000; i++) Check(-1 + 2 * rng.NextDouble());
        // Around the points where k = round(x/ln2) changes (r = ±ln2/2) and exact points.
        for (int k = -1009; k <= 1009; k++)
        {
            double x = (k + 0.5) * Math.Log(2);
            if (Math.Abs(x) > 700) continue;
            Check(x); Check(Math.BitIncrement(x)); Check(Math.BitDecrement(x)); Check(k * Math.Log(2));
        }
        foreach (double x in new[] { 0.0, 1.0, -1.0, 1e-10, -1e-10, 700.0, -700.0 }) Check(x);
        Assert.Equal(1.0, FastMath.Exp(0.0));
        Assert.True(worst > 0);
    }

    [Fact]
    public void ExpSaturatesOutsideTheDoubleRange()
    {
        Assert.Equal(0.0, FastMath.Exp(-709.0));
        Assert.Equal(0.0, FastMath.Exp(double.NegativeInfinity));
        Assert.Equal(double.PositiveInfinity, FastMath.Exp(710.0));
    }

    [Fact]
    public void DecibelConversionsMatchPowersOfTen()
    {
        // Both sides scale dB by a rounded constant (ln10/20 vs 1/20 then ln10 inside Pow), each ≤ 1 ulp of the
        // exponent u = ln10·dB/20, which moves the result by ≤ 2.2e-16·|u| relative on each side; plus Exp and
        // Pow themselves (≤ 4e-16). Hence relative tolerance (1 + |u|)·5e-16.
        var rng = new Random(5);
        var values = Enumerable.Range(0, 20_000).Select(_ => -200 + 400 * rng.NextDouble())
            .Concat([0.0, 3.0, -3.0, 10.0, -10.0, 20.0, -20.0, -30.0, 60.0]);
        foreach (double dB in values)
        {
            double amp = FastMath.DbToAmplitude(dB), pow = FastMath.DbToPower(dB);
            double refAmp = Math.Pow(10, dB / 20), refPow = Math.Pow(10, dB / 10);
            double uA = Math.Log(10) * Math.Abs(dB) / 20, uP = 2 * uA;
            Assert.True(Math.Abs(amp / refAmp - 1) <= (1 + uA) * 5e-16, $"DbToAmplitude({dB:R}) = {amp:R}, 10^(dB/20) = {refAmp:R}");
            Assert.True(Math.Abs(pow / refPow - 1) <= (1 + uP) * 5e-16, $"DbToPower({dB:R}) = {pow:R}, 10^(dB/10) = {refPow:R}");
            // The amplitude is the square root of the power ratio.
            Assert.True(Math.Abs(amp * amp / pow - 1) <= (1 + uP) * 1e-15);
        }
        // Same bound at two exact decades: u = 2.3 and 6.9, so 1.7e-16 and 4e-16 relative.
        Assert.Equal(0.1, FastMath.DbToAmplitude(-20), 0.1 * 3.4 * 5e-16);
        Assert.Equal(1e-3, FastMath.DbToPower(-30), 1e-3 * 7.9 * 5e-16);
    }
}
