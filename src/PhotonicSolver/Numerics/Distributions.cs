using System.Runtime.CompilerServices;

namespace PhotonicSolver.Numerics;

/// <summary>
/// Random variates for Monte Carlo, written once for every backend: plain fp64 arithmetic, Math.Sqrt (correctly
/// rounded on every target), <see cref="FastMath"/> for exp, and an own logarithm, so the CPU, ILGPU
/// and CUDA compute the same bits from the same Philox words (no Math.Log, whose CUDA lowering differs from the
/// C runtime's). No allocation, arrays or exceptions: kernel-safe.
/// </summary>
public static class Distributions
{
    /// <summary>
    /// Standard normal <paramref name="stream"/> of a sample: Φ⁻¹ of its uniform (<see cref="StandardUniform"/>),
    /// the inverse-transform method with Wichura's AS241 (relative error about 1e-16). One Philox block and one
    /// rational function per normal (a logarithm and a square root only in the 5 % tails). |z| ≤ 8.3.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double StandardNormal(ulong seed, long sample, int stream) => NormalQuantile(StandardUniform(seed, sample, stream));

    /// <summary>
    /// A uniform in (0, 1) for (sample, stream) under a 64-bit seed: one Philox4x32-10 block (Salmon et al., SC11)
    /// with counter (sample low, sample high, stream, 0) and key (seed low, seed high); u = (2k + 1)·2⁻⁵³ for the top
    /// 52 bits k of its first two words — exact, symmetric about ½, never 0 nor 1.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double StandardUniform(ulong seed, long sample, int stream)
    {
        var w = Philox.Generate(new Philox4((uint)sample, (uint)((ulong)sample >> 32), (uint)stream, 0u), (uint)seed, (uint)(seed >> 32));
        ulong k = ((((ulong)w.X1 << 32) | w.X0) >> 12);
        return (2 * k + 1) * 1.1102230246251565e-16;   // 2^-53
    }

    // ---------------------------------------------------------------------------------------------------------
    // Natural logarithm: fdlibm's e_log.c (Sun Microsystems, 1993), error < 1 ulp. x = 2^k·(1 + f) with
    // √2/2 < 1 + f < √2, log(1 + f) = 2s + s·R(s²) with s = f/(2 + f), R a minimax polynomial.
    private const double Ln2Hi = 6.93147180369123816490e-01;
    private const double Ln2Lo = 1.90821492927058770002e-10;
    private const double Two54 = 1.80143985094819840000e+16;
    private const double Lg1 = 6.666666666666735130e-01;
    private const double Lg2 = 3.999999999940941908e-01;
    private const double Lg3 = 2.857142874366239149e-01;
    private const double Lg4 = 2.222219843214978396e-01;
    private const double Lg5 = 1.818357216161805012e-01;
    private const double Lg6 = 1.531383769920937332e-01;
    private const double Lg7 = 1.479819860511658591e-01;

    /// <summary>ln x with fdlibm's accuracy (&lt; 1 ulp); −∞ at 0, NaN below 0 or for NaN, +∞ at +∞.</summary>
    public static double Log(double x)
    {
        long bits = BitConverter.DoubleToInt64Bits(x);
        int hx = (int)(bits >> 32);
        int k = 0;
        if (hx < 0x00100000)
        {
            if ((bits & 0x7fffffffffffffffL) == 0) return double.NegativeInfinity;
            if (hx < 0) return double.NaN;
            k = -54;                                   // subnormal: scale into the normal range
            x *= Two54;
            bits = BitConverter.DoubleToInt64Bits(x);
            hx = (int)(bits >> 32);
        }
        if (hx >= 0x7ff00000) return x + x;            // +∞ or NaN
        k += (hx >> 20) - 1023;
        hx &= 0x000fffff;
        int i = (hx + 0x95f64) & 0x100000;              // normalise x or x/2 into [√2/2, √2)
        x = BitConverter.Int64BitsToDouble(((long)(hx | (i ^ 0x3ff00000)) << 32) | (bits & 0xffffffffL));
        k += i >> 20;
        double f = x - 1.0;
        double dk = k;
        if ((0x000fffff & (2 + hx)) < 3)               // |f| < 2^-20
        {
            if (f == 0.0) return k == 0 ? 0.0 : dk * Ln2Hi + dk * Ln2Lo;
            double r0 = f * f * (0.5 - 0.33333333333333333 * f);
            return k == 0 ? f - r0 : dk * Ln2Hi - ((r0 - dk * Ln2Lo) - f);
        }
        double s = f / (2.0 + f);
        double z = s * s;
        double w = z * z;
        int j = (hx - 0x6147a) | (0x6b851 - hx);
        double t1 = w * (Lg2 + w * (Lg4 + w * Lg6));
        double t2 = z * (Lg1 + w * (Lg3 + w * (Lg5 + w * Lg7)));
        double R = t2 + t1;
        if (j > 0)
        {
            double hfsq = 0.5 * f * f;
            return k == 0 ? f - (hfsq - s * (hfsq + R)) : dk * Ln2Hi - ((hfsq - (s * (hfsq + R) + dk * Ln2Lo)) - f);
        }
        return k == 0 ? f - s * (f - R) : dk * Ln2Hi - ((s * (f - R) - dk * Ln2Lo) - f);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Normal distribution function: W. J. Cody, "Rational Chebyshev approximations for the error function",
    // Math. Comp. 23, 631 (1969), with the exp(−x²/2) split of R's pnorm: relative error near 1e-16 in both tails.
    private const double Sqrt32 = 5.656854249492380195206754896838;
    private const double InvSqrt2Pi = 0.398942280401432677939946059934;

    /// <summary>Φ(x) = P(Z ≤ x) for a standard normal Z, accurate in relative terms down to 1e-300 in the lower tail.</summary>
    public static double NormalCdf(double x)
    {
        if (double.IsNaN(x)) return x;
        double y = Math.Abs(x);
        if (y <= 0.67448975)
        {
            double xnum = 0, xden = 0;
            if (y > 1.1102230246251565e-16)
            {
                double xsq = x * x;
                xnum = 0.065682337918207449113 * xsq;
                xden = xsq;
                xnum = (xnum + 2.2352520354606839287) * xsq; xden = (xden + 47.20258190468824187) * xsq;
                xnum = (xnum + 161.02823106855587881) * xsq; xden = (xden + 976.09855173777669322) * xsq;
                xnum = (xnum + 1067.6894854603709582) * xsq; xden = (xden + 10260.932208618978205) * xsq;
            }
            return 0.5 + x * (xnum + 18154.981253343561249) / (xden + 45507.789335026729956);
        }
        double tail; // P(Z > y)
        if (y <= Sqrt32)
        {
            double xnum = 1.0765576773720192317e-8 * y, xden = y;
            xnum = (xnum + 0.39894151208813466764) * y; xden = (xden + 22.266688044328115691) * y;
            xnum = (xnum + 8.8831497943883759412) * y; xden = (xden + 235.38790178262499861) * y;
            xnum = (xnum + 93.506656132177855979) * y; xden = (xden + 1519.377599407554805) * y;
            xnum = (xnum + 597.27027639480026226) * y; xden = (xden + 6485.558298266760755) * y;
            xnum = (xnum + 2494.5375852903726711) * y; xden = (xden + 18615.571640885098091) * y;
            xnum = (xnum + 6848.1904505362823326) * y; xden = (xden + 34900.952721145977266) * y;
            xnum = (xnum + 11602.651437647350124) * y; xden = (xden + 38912.003286093271411) * y;
            tail = GaussTail(y, (xnum + 9842.7148383839780218) / (xden + 19685.429676859990727));
        }
        else if (y < 37.5193)
        {
            double xsq = 1.0 / (y * y);
            double xnum = 0.02307344176494017303 * xsq, xden = xsq;
            xnum = (xnum + 0.21589853405795699) * xsq; xden = (xden + 1.28426009614491121) * xsq;
            xnum = (xnum + 0.1274011611602473639) * xsq; xden = (xden + 0.468238212480865118) * xsq;
            xnum = (xnum + 0.022235277870649807) * xsq; xden = (xden + 0.0659881378689285515) * xsq;
            xnum = (xnum + 0.001421619193227893466) * xsq; xden = (xden + 0.00378239633202758244) * xsq;
            double temp = xsq * (xnum + 2.9112874951168792e-5) / (xden + 7.29751555083966205e-5);
            tail = GaussTail(y, (InvSqrt2Pi - temp) / y);
        }
        else tail = 0.0;
        return x > 0 ? 1.0 - tail : tail;
    }

    /// <summary>exp(−y²/2)·r with y² split as ys² + (y−ys)(y+ys), ys = y rounded down to 1/16 (exact products).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double GaussTail(double y, double r)
    {
        double ys = (double)(long)(y * 16.0) / 16.0;
        double del = (y - ys) * (y + ys);
        return FastMath.Exp(-ys * ys * 0.5) * FastMath.Exp(-del * 0.5) * r;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Inverse normal distribution function: M. J. Wichura, "Algorithm AS 241: the percentage points of the normal
    // distribution", Appl. Statist. 37, 477 (1988), PPND16: relative error about 1e-16.

    /// <summary>Φ⁻¹(p): −∞ for p ≤ 0, +∞ for p ≥ 1.</summary>
    public static double NormalQuantile(double p)
    {
        if (!(p > 0.0)) return p == 0.0 || p < 0.0 ? double.NegativeInfinity : p;
        if (p >= 1.0) return double.PositiveInfinity;
        double q = p - 0.5;
        if (Math.Abs(q) <= 0.425)
        {
            double r = 0.180625 - q * q;
            return q * (((((((2509.0809287301226727 * r + 33430.575583588128105) * r + 67265.770927008700853) * r
                        + 45921.953931549871457) * r + 13731.693765509461125) * r + 1971.5909503065514427) * r
                        + 133.14166789178437745) * r + 3.3871328727963666080)
                     / (((((((5226.4952788528545610 * r + 28729.085735721942674) * r + 39307.895800092710610) * r
                        + 21213.794301586595867) * r + 5394.1960214247511077) * r + 687.18700749205790830) * r
                        + 42.313330701600911252) * r + 1.0);
        }
        double rr = Math.Sqrt(-Log(q < 0 ? p : 1.0 - p));
        double value;
        if (rr <= 5.0)
        {
            rr -= 1.6;
            value = (((((((7.74545014278341407640e-4 * rr + 2.27238449892691845833e-2) * rr + 2.41780725177450611770e-1) * rr
                      + 1.27045825245236838258) * rr + 3.64784832476320460504) * rr + 5.76949722146069140550) * rr
                      + 4.63033784615654529590) * rr + 1.42343711074968357734)
                  / (((((((1.05075007164441684324e-9 * rr + 5.47593808499534494600e-4) * rr + 1.51986665636164571966e-2) * rr
                      + 1.48103976427480074590e-1) * rr + 6.89767334985100004550e-1) * rr + 1.67638483018380384940) * rr
                      + 2.05319162663775882187) * rr + 1.0);
        }
        else
        {
            rr -= 5.0;
            value = (((((((2.01033439929228813265e-7 * rr + 2.71155556874348757815e-5) * rr + 1.24266094738807843860e-3) * rr
                      + 2.65321895265761230930e-2) * rr + 2.96560571828504891230e-1) * rr + 1.78482653991729133580) * rr
                      + 5.46378491116411436990) * rr + 6.65790464350110377720)
                  / (((((((2.04426310338993978564e-15 * rr + 1.42151175831644588870e-7) * rr + 1.84631831751005468180e-5) * rr
                      + 7.86869131145613259100e-4) * rr + 1.48753612908506148525e-2) * rr + 1.36929880922735805310e-1) * rr
                      + 5.99832206555887937690e-1) * rr + 1.0);
        }
        return q < 0 ? -value : value;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Transforms of a (possibly correlated) standard normal y into each distribution. Every one is monotone
    // increasing in y, so a Gaussian copula carries the correlation of the y's into the parameters.

    /// <summary>N(mean, std²).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Normal(double y, double mean, double std) => mean + std * y;

    /// <summary>Uniform on [low, high]: low + (high − low)·Φ(y).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Uniform(double y, double low, double high) => UniformFromUnit(NormalCdf(y), low, high);

    /// <summary>Uniform on [low, high] from a uniform u in [0, 1]: low + (high − low)·u.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double UniformFromUnit(double u, double low, double high) => low + (high - low) * u;

    /// <summary>exp(mu + sigma·y): log-normal with log-mean mu and log-std sigma.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double LogNormal(double y, double mu, double sigma) => FastMath.Exp(mu + sigma * y);

    /// <summary>
    /// N(mean, std²) truncated to [low, high] by the inverse CDF: t = Φ⁻¹(Φ(a) + Φ(y)·(Φ(b) − Φ(a))) on the
    /// standardised bounds a &lt; b, x = mean + std·t, clamped to [low, high] against the last rounding. When the
    /// interval lies above the mean (a ≥ 0) the mirrored interval (−b, −a) and Φ(−y) are used instead, so every
    /// probability involved is a lower tail (accurate to 1e-16 relative) and x stays increasing in y.
    /// <paramref name="pa"/> and <paramref name="pb"/> are Φ of the (mirrored) standardised bounds, precomputed
    /// on the host with <see cref="NormalCdf"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double TruncatedNormal(double y, double mean, double std, double low, double high, double pa, double pb, bool mirrored)
        => TruncatedNormalFromUnit(NormalCdf(mirrored ? -y : y), mean, std, low, high, pa, pb, mirrored);

    /// <summary>
    /// <see cref="TruncatedNormal"/> from u = the probability inside the (mirrored) interval, in [0, 1]: for an
    /// uncorrelated parameter u is drawn directly (<see cref="StandardUniform"/>), saving the normal and Φ.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double TruncatedNormalFromUnit(double u, double mean, double std, double low, double high, double pa, double pb, bool mirrored)
    {
        double t = NormalQuantile(pa + u * (pb - pa));
        double x = mirrored ? mean - std * t : mean + std * t;
        return x < low ? low : x > high ? high : x;
    }
}
