using System.Runtime.CompilerServices;

namespace PhotonicSolver.Numerics;

/// <summary>
/// Elementary functions written once for every backend (CPU, ILGPU CPU, CUDA, OpenCL), so that all
/// backends give the same bits up to FMA contraction. ILGPU's double-precision XMath sin/cos/exp compile
/// to a slow software routine on CUDA; these are plain fp64 arithmetic.
/// </summary>
public static class FastMath
{
    // Cody–Waite split of π/2 into pieces with 33 significant bits each (fdlibm's pio2_1, pio2_2, pio2_3,
    // pio2_3t), so n·pio2_k is exact for |n| < 2^20: full accuracy for |x| up to about 1.6e6 rad.
    private const double TwoOverPi = 6.36619772367581382433e-01;
    private const double Pio2_1 = 1.57079632673412561417e+00;
    private const double Pio2_2 = 6.07710050630396597660e-11;
    private const double Pio2_3 = 2.02226624871116645580e-21;
    private const double Pio2_3t = 8.47842766036889956997e-32;

    // Minimax polynomials on [-π/4, π/4] (fdlibm __kernel_sin / __kernel_cos, error < 1 ulp).
    private const double S1 = -1.66666666666666324348e-01;
    private const double S2 = 8.33333333332248946124e-03;
    private const double S3 = -1.98412698298579493134e-04;
    private const double S4 = 2.75573137070700676789e-06;
    private const double S5 = -2.50507602534068634195e-08;
    private const double S6 = 1.58969099521155010221e-10;
    private const double C1 = 4.16666666666666019037e-02;
    private const double C2 = -1.38888888888741095749e-03;
    private const double C3 = 2.48015872894767294178e-05;
    private const double C4 = -2.75573143513906633035e-07;
    private const double C5 = 2.08757232129817482790e-09;
    private const double C6 = -1.13596475577881948265e-11;

    // 1.5·2^52: x + RoundMagic lies in [2^52, 2^53) for |x| < 2^51, where the fp64 spacing is exactly 1.
    internal const double RoundMagic = 6755399441055744.0;

    /// <summary>
    /// x rounded to the nearest integer, ties to even: equal to <see cref="Math.Round(double)"/> for |x| &lt; 2^51 (a zero result is +0)
    /// (the addition rounds, the subtraction is exact). Plain fp64 arithmetic on purpose: ILGPU compiles
    /// Math.Round to a branchy software routine on CUDA/OpenCL, instead of one instruction.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static double RoundToEven(double x) => (x + RoundMagic) - RoundMagic;

    /// <summary><see cref="RoundToEven(double)"/> on every lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static TL RoundToEven<TL>(TL x) where TL : struct, ILane<TL> => (x + RoundMagic) - RoundMagic;

    /// <summary>Largest |x| (rad) for which <see cref="SinCos"/> keeps its full fp64 accuracy.</summary>
    public const double SinCosFullAccuracyLimit = 1.6e6;

    private const double TwoPi = 6.28318530717958647692;
    private const double InvTwoPi = 1.59154943091895335769e-01;
    private const double TwoPow52 = 4503599627370496.0;

    /// <summary>
    /// Beyond this |x| (rad) <see cref="SinCos"/> reduces x through <see cref="FracTurns"/> of x/2π: there the fp64
    /// spacing of x is already about 0.1 rad, so no reduction can be more accurate than the argument, and this one
    /// keeps sin² + cos² = 1 for every finite x (Cody–Waite's integer quotient stops being exact near 2^51).
    /// </summary>
    public const double SinCosHugeArgument = 1e15;

    /// <summary>
    /// The nearest integer to x (ties to even) for every double: x itself when |x| ≥ 2^52 (already integral),
    /// otherwise (x ± 2^52) ∓ 2^52, where the spacing of the sum is exactly 1 (plain arithmetic, kernel-safe).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double RoundToIntegral(double x)
    {
        if (!(Math.Abs(x) < TwoPow52)) return x;
        double m = x < 0 ? -TwoPow52 : TwoPow52;
        return (x + m) - m;
    }

    /// <summary>
    /// t minus its nearest integer, in [−½, ½], exactly (the subtraction of the integral part is exact); 0 when
    /// |t| ≥ 2^52 or infinite (the phase of a whole number of turns), NaN for NaN.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double FracTurns(double t)
    {
        if (double.IsNaN(t)) return t;
        return Math.Abs(t) < TwoPow52 ? t - RoundToIntegral(t) : 0.0;
    }

    /// <summary>
    /// sin and cos of 2π·<paramref name="turns"/>: a phase given in turns (cycles) is reduced modulo 1 exactly, so a
    /// phase of any size keeps full accuracy relative to the turns given (thin-film phases d·n·cosθ/λ of huge
    /// layers, 10¹⁷ µm and beyond).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void SinCosTurns(double turns, out double sin, out double cos)
        => SinCosReduced(TwoPi * FracTurns(turns), out sin, out cos);

    /// <summary>
    /// sin and cos of x (radians): Cody–Waite reduction by π/2, then fdlibm's kernels; full accuracy up to
    /// <see cref="SinCosFullAccuracyLimit"/>, bounded (sin² + cos² = 1) for every finite x beyond.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void SinCos(double x, out double sin, out double cos)
    {
        // Beyond the Cody–Waite range, reduce exactly in turns first so the result stays on the unit circle.
        if (Math.Abs(x) >= SinCosHugeArgument && double.IsFinite(x)) x = TwoPi * FracTurns(x * InvTwoPi);
        SinCosReduced(x, out sin, out cos);
    }

    private static void SinCosReduced(double x, out double sin, out double cos)
    {
        SinCos(new F64(x), out F64 s, out F64 c);
        sin = s.V;
        cos = c.V;
    }

    /// <summary><see cref="SinCos(double, out double, out double)"/> on every lane (the one implementation).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void SinCos<TL>(TL x, out TL sin, out TL cos) where TL : struct, ILane<TL>
    {
        TL n = RoundToEven(x * TwoOverPi);
        TL r = x - n * Pio2_1;
        r -= n * Pio2_2;
        r -= n * Pio2_3;
        r -= n * Pio2_3t;
        TL z = r * r;
        TL sr = r + r * z * (S1 + z * (S2 + z * (S3 + z * (S4 + z * (S5 + z * S6)))));
        TL hz = 0.5 * z;
        TL w = 1.0 - hz;
        TL cr = w + (((1.0 - w) - hz) + z * z * (C1 + z * (C2 + z * (C3 + z * (C4 + z * (C5 + z * C6))))));
        TL.Quadrant(n, sr, cr, out sin, out cos);
    }

    private const double Ln2Hi = 6.93147180369123816490e-01;
    private const double Ln2Lo = 1.90821492927058770002e-10;
    private const double InvLn2 = 1.44269504088896338700e+00;

    /// <summary>
    /// e^x: x = k·ln2 + r with |r| ≤ ln2/2, e^r by its Taylor series to r^13 (truncation below 1e-17),
    /// then scaled by 2^k built from the exponent bits. Returns 0 below −708 and +∞ above 709.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Exp(double x) => Exp(new F64(x)).V;

    /// <summary><see cref="Exp(double)"/> on every lane (the one implementation).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TL Exp<TL>(TL x) where TL : struct, ILane<TL>
    {
        TL k = RoundToEven(x * InvLn2);
        TL r = (x - k * Ln2Hi) - k * Ln2Lo;
        TL p = 1.0 + r * (1.0 + r * (1.0 / 2 + r * (1.0 / 6 + r * (1.0 / 24 + r * (1.0 / 120 + r * (1.0 / 720
               + r * (1.0 / 5040 + r * (1.0 / 40320 + r * (1.0 / 362880 + r * (1.0 / 3628800
               + r * (1.0 / 39916800 + r * (1.0 / 479001600 + r * (1.0 / 6227020800)))))))))))));
        // Out of range, k is garbage and the product is discarded.
        TL e = TL.TimesPowerOfTwo(p, TL.IfLess(x, TL.Of(-708.0), TL.Of(0.0), TL.IfGreater(x, TL.Of(709.0), TL.Of(0.0), k)));
        e = TL.IfLess(x, TL.Of(-708.0), TL.Of(0.0), e);
        return TL.IfGreater(x, TL.Of(709.0), TL.Of(double.PositiveInfinity), e);
    }

    private const double TwoPow1023 = 8.98846567431158e307;   // 2^1023
    private const double TwoPowMinus969 = 2.004168360008973e-292; // 2^-1022 · 2^53

    /// <summary>
    /// x·2^n correctly rounded (musl's scalbn: large |n| in steps that cannot round twice), the same bits as
    /// Math.ScaleB, written with multiplications only so that kernels compute it too.
    /// </summary>
    public static double ScaleB(double x, int n)
    {
        double y = x;
        if (n > 1023)
        {
            y *= TwoPow1023; n -= 1023;
            if (n > 1023) { y *= TwoPow1023; n -= 1023; if (n > 1023) n = 1023; }
        }
        else if (n < -1022)
        {
            y *= TwoPowMinus969; n += 1022 - 53;
            if (n < -1022) { y *= TwoPowMinus969; n += 1022 - 53; if (n < -1022) n = -1022; }
        }
        return y * BitConverter.Int64BitsToDouble((long)(0x3ff + n) << 52);
    }

    /// <summary>10^(dB/20): the field amplitude of a power ratio given in dB.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double DbToAmplitude(double dB) => Exp(dB * 0.11512925464970228420); // ln(10)/20

    /// <summary><see cref="DbToAmplitude(double)"/> on every lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TL DbToAmplitude<TL>(TL dB) where TL : struct, ILane<TL> => Exp(dB * 0.11512925464970228420);

    /// <summary>10^(dB/10): the power ratio of a value in dB.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double DbToPower(double dB) => Exp(dB * 0.23025850929940456840); // ln(10)/10

    /// <summary><see cref="DbToPower(double)"/> on every lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TL DbToPower<TL>(TL dB) where TL : struct, ILane<TL> => Exp(dB * 0.23025850929940456840);
}
