using System.Runtime.CompilerServices;

namespace PhotonicSolver.Numerics;

/// <summary>
/// Double-precision complex number used everywhere on the hot path. It is a plain value type with
/// no library calls, so ILGPU compiles it for CUDA and OpenCL (System.Numerics.Complex does not on .NET 10).
/// </summary>
public readonly struct Cx : IEquatable<Cx>
{
    public readonly double Re;
    public readonly double Im;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Cx(double re, double im) { Re = re; Im = im; }

    public static Cx Zero => new(0.0, 0.0);
    public static Cx One => new(1.0, 0.0);
    public static Cx I => new(0.0, 1.0);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Cx operator +(Cx a, Cx b) => new(a.Re + b.Re, a.Im + b.Im);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Cx operator -(Cx a, Cx b) => new(a.Re - b.Re, a.Im - b.Im);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Cx operator -(Cx a) => new(-a.Re, -a.Im);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Cx operator *(Cx a, Cx b) => new(a.Re * b.Re - a.Im * b.Im, a.Re * b.Im + a.Im * b.Re);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Cx operator *(double s, Cx a) => new(s * a.Re, s * a.Im);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Cx operator *(Cx a, double s) => new(s * a.Re, s * a.Im);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Cx operator /(Cx a, Cx b) => a * b.Reciprocal();

    /// <summary>|z|².</summary>
    public double Abs2
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Re * Re + Im * Im;
    }

    public double Abs => Math.Sqrt(Abs2);

    public Cx Conj
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => new(Re, -Im);
    }

    /// <summary>1/z computed as conj(z)/|z|² (one division).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Cx Reciprocal()
    {
        double inv = 1.0 / (Re * Re + Im * Im);
        return new Cx(Re * inv, -Im * inv);
    }

    /// <summary>r·e^{iφ}, with the project's own range-reduced sincos.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Cx FromPolar(double r, double phase)
    {
        FastMath.SinCos(phase, out double s, out double c);
        return new Cx(r * c, r * s);
    }

    /// <summary>e^{iφ}.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Cx Expi(double phase) => FromPolar(1.0, phase);

    public double Phase => Math.Atan2(Im, Re);

    public bool Equals(Cx other) => Re.Equals(other.Re) && Im.Equals(other.Im);
    public override bool Equals(object? obj) => obj is Cx c && Equals(c);
    public override int GetHashCode() => HashCode.Combine(Re, Im);
    public static bool operator ==(Cx a, Cx b) => a.Re == b.Re && a.Im == b.Im;
    public static bool operator !=(Cx a, Cx b) => !(a == b);
    public override string ToString() => FormattableString.Invariant($"({Re:G17}{(Im < 0 ? "-" : "+")}{Math.Abs(Im):G17}i)");
}
