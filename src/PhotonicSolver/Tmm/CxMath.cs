using System.Runtime.CompilerServices;
using PhotonicSolver.Numerics;

namespace PhotonicSolver.Tmm;

/// <summary>
/// Complex functions the transfer-matrix code needs beyond <see cref="Cx"/>'s arithmetic, written with plain
/// fp64 operations (Math.Sqrt, <see cref="FastMath"/>) so they compile for every backend.
/// </summary>
public static class CxMath
{
    /// <summary>
    /// Principal square root: Re ≥ 0, and Im ≥ 0 whenever Im(z) ≥ 0 (a signed zero −0.0 counts as +0, so √(−x)
    /// is +i√x). For a passive medium Im(n² − β²) ≥ 0, so this is the forward (decaying or power-carrying) root.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Cx Sqrt(Cx z)
    {
        double a = z.Re, b = z.Im;
        double m = Math.Sqrt(a * a + b * b);
        if (a >= 0.0)
        {
            double re = Math.Sqrt(0.5 * (m + a));
            return re == 0.0 ? new Cx(0.0, 0.0) : new Cx(re, b / (2.0 * re));
        }
        double im = Math.Sqrt(0.5 * (m - a));
        if (b < 0.0) im = -im;
        return new Cx(b / (2.0 * im), im);
    }

    /// <summary>
    /// e^{i·z} = e^{−Im z}·(cos Re z + i sin Re z); 0 when Im z is beyond 708 (no overflow for Im z ≥ 0). Real z
    /// (a transparent layer) skips the exponential.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Cx Expi(Cx z)
    {
        double a = z.Im == 0.0 ? 1.0 : FastMath.Exp(-z.Im);
        FastMath.SinCos(z.Re, out double s, out double c);
        return new Cx(a * c, a * s);
    }

    /// <summary>
    /// e^{2πi·z} for a phase z given in turns: e^{−2π·Im z}·(cos 2π Re z + i sin 2π Re z), with Re z reduced
    /// modulo 1 exactly (<see cref="FastMath.SinCosTurns"/>), so |e| ≤ 1 and the phase stays exact for any size;
    /// 0 when 2π·Im z is beyond 708. Real z (a transparent layer) skips the exponential.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Cx ExpiTurns(Cx z)
    {
        double a = z.Im == 0.0 ? 1.0 : FastMath.Exp(-2.0 * Math.PI * z.Im);
        FastMath.SinCosTurns(z.Re, out double s, out double c);
        return new Cx(a * c, a * s);
    }

    /// <summary>e^{z}.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Cx Exp(Cx z)
    {
        double a = FastMath.Exp(z.Re);
        FastMath.SinCos(z.Im, out double s, out double c);
        return new Cx(a * c, a * s);
    }

    /// <summary>i·z.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Cx TimesI(Cx z) => new(-z.Im, z.Re);
}
