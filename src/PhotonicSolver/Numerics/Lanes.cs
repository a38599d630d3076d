using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace PhotonicSolver.Numerics;

/// <summary>
/// A lane type: one fp64 value per point, for a single point (<see cref="F64"/>: the ILGPU kernel and the host) or for
/// a vector of points (<see cref="V512"/>, <see cref="V256"/>: the CPU backend). Models and <see cref="FastMath"/> are
/// written once, generic over the lane type, so every backend runs the same equations. Every operation is the IEEE
/// operation of its name on each lane, never contracted (no fused multiply-add), so all lane types give the same
/// bits for the same inputs. Selections (<see cref="IfLess"/>, …) pick a value; they compute nothing.
/// </summary>
public interface ILane<TL> where TL : struct, ILane<TL>
{
    /// <summary>Lanes in one value.</summary>
    static abstract int Count { get; }
    /// <summary>x in every lane.</summary>
    static abstract TL Of(double x);
    /// <summary>Lanes from Count consecutive doubles (host memory only).</summary>
    static abstract TL Load(ref double first);
    /// <summary>Writes the lanes to Count consecutive doubles (host memory only).</summary>
    static abstract void Store(TL value, ref double first);

    static abstract TL operator +(TL a, TL b);
    static abstract TL operator -(TL a, TL b);
    static abstract TL operator *(TL a, TL b);
    static abstract TL operator /(TL a, TL b);
    static abstract TL operator -(TL a);
    static abstract TL operator +(double a, TL b);
    static abstract TL operator +(TL a, double b);
    static abstract TL operator -(double a, TL b);
    static abstract TL operator -(TL a, double b);
    static abstract TL operator *(double a, TL b);
    static abstract TL operator *(TL a, double b);
    static abstract TL operator /(double a, TL b);
    static abstract TL operator /(TL a, double b);

    /// <summary>Correctly rounded square root.</summary>
    static abstract TL Sqrt(TL a);
    /// <summary>a &lt; b ? ifTrue : ifFalse, per lane.</summary>
    static abstract TL IfLess(TL a, TL b, TL ifTrue, TL ifFalse);
    /// <summary>a ≤ b ? ifTrue : ifFalse, per lane.</summary>
    static abstract TL IfLessOrEqual(TL a, TL b, TL ifTrue, TL ifFalse);
    /// <summary>a &gt; b ? ifTrue : ifFalse, per lane.</summary>
    static abstract TL IfGreater(TL a, TL b, TL ifTrue, TL ifFalse);

    /// <summary>
    /// The quadrant step of sincos: with q = n mod 4 (n integral, |n| &lt; 2^51), (sin, cos) = (s, c), (c, −s), (−s, −c)
    /// or (−c, s) for q = 0, 1, 2, 3.
    /// </summary>
    static abstract void Quadrant(TL n, TL s, TL c, out TL sin, out TL cos);

    /// <summary>p·2^k for an integral k in [−1022, 1023], from the exponent bits (exact).</summary>
    static abstract TL TimesPowerOfTwo(TL p, TL k);
}

/// <summary>One fp64 lane: the kernel's and the host's per-point type.</summary>
public readonly struct F64 : ILane<F64>
{
    public readonly double V;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public F64(double v) { V = v; }

    public static int Count => 1;

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F64 Of(double x) => new(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F64 Load(ref double first) => new(first);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(F64 value, ref double first) => first = value.V;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static implicit operator F64(double x) => new(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F64 operator +(F64 a, F64 b) => new(a.V + b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F64 operator -(F64 a, F64 b) => new(a.V - b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F64 operator *(F64 a, F64 b) => new(a.V * b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F64 operator /(F64 a, F64 b) => new(a.V / b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F64 operator -(F64 a) => new(-a.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F64 operator +(double a, F64 b) => new(a + b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F64 operator +(F64 a, double b) => new(a.V + b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F64 operator -(double a, F64 b) => new(a - b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F64 operator -(F64 a, double b) => new(a.V - b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F64 operator *(double a, F64 b) => new(a * b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F64 operator *(F64 a, double b) => new(a.V * b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F64 operator /(double a, F64 b) => new(a / b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F64 operator /(F64 a, double b) => new(a.V / b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F64 Sqrt(F64 a) => new(Math.Sqrt(a.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F64 IfLess(F64 a, F64 b, F64 t, F64 f) => a.V < b.V ? t : f;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F64 IfLessOrEqual(F64 a, F64 b, F64 t, F64 f) => a.V <= b.V ? t : f;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F64 IfGreater(F64 a, F64 b, F64 t, F64 f) => a.V > b.V ? t : f;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Quadrant(F64 n, F64 s, F64 c, out F64 sin, out F64 cos)
    {
        switch ((int)((long)n.V & 3))
        {
            case 0: sin = s; cos = c; break;
            case 1: sin = c; cos = -s; break;
            case 2: sin = -s; cos = -c; break;
            default: sin = -c; cos = s; break;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static F64 TimesPowerOfTwo(F64 p, F64 k) => new(p.V * BitConverter.Int64BitsToDouble(((long)k.V + 1023) << 52));

    public override string ToString() => V.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>Eight fp64 lanes on AVX-512 (the CPU backend's lane type where <see cref="Vector512.IsHardwareAccelerated"/>).</summary>
public readonly struct V512 : ILane<V512>
{
    public readonly Vector512<double> V;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public V512(Vector512<double> v) { V = v; }

    public static int Count => Vector512<double>.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V512 Of(double x) => new(Vector512.Create(x));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V512 Load(ref double first) => new(Vector512.LoadUnsafe(ref first));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(V512 value, ref double first) => value.V.StoreUnsafe(ref first);

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V512 operator +(V512 a, V512 b) => new(a.V + b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V512 operator -(V512 a, V512 b) => new(a.V - b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V512 operator *(V512 a, V512 b) => new(a.V * b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V512 operator /(V512 a, V512 b) => new(a.V / b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V512 operator -(V512 a) => new(-a.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V512 operator +(double a, V512 b) => new(Vector512.Create(a) + b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V512 operator +(V512 a, double b) => new(a.V + Vector512.Create(b));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V512 operator -(double a, V512 b) => new(Vector512.Create(a) - b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V512 operator -(V512 a, double b) => new(a.V - Vector512.Create(b));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V512 operator *(double a, V512 b) => new(Vector512.Create(a) * b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V512 operator *(V512 a, double b) => new(a.V * Vector512.Create(b));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V512 operator /(double a, V512 b) => new(Vector512.Create(a) / b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V512 operator /(V512 a, double b) => new(a.V / Vector512.Create(b));

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V512 Sqrt(V512 a) => new(Vector512.Sqrt(a.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V512 IfLess(V512 a, V512 b, V512 t, V512 f) => new(Vector512.ConditionalSelect(Vector512.LessThan(a.V, b.V), t.V, f.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V512 IfLessOrEqual(V512 a, V512 b, V512 t, V512 f) => new(Vector512.ConditionalSelect(Vector512.LessThanOrEqual(a.V, b.V), t.V, f.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V512 IfGreater(V512 a, V512 b, V512 t, V512 f) => new(Vector512.ConditionalSelect(Vector512.GreaterThan(a.V, b.V), t.V, f.V));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Quadrant(V512 n, V512 s, V512 c, out V512 sin, out V512 cos)
    {
        // n + 1.5·2^52 holds n in its low mantissa bits (two's complement), so its last two bits are n mod 4.
        var q = (n.V + Vector512.Create(FastMath.RoundMagic)).AsInt64();
        var odd = Vector512.Equals(q & Vector512.Create(1L), Vector512.Create(1L)).AsDouble();
        var sign = Vector512.Create(-0.0).AsInt64();
        var sinSign = Vector512.ShiftLeft(q & Vector512.Create(2L), 62) & sign;            // q = 2, 3
        var cosSign = Vector512.ShiftLeft((q + Vector512.Create(1L)) & Vector512.Create(2L), 62) & sign; // q = 1, 2
        sin = new((Vector512.ConditionalSelect(odd, c.V, s.V).AsInt64() ^ sinSign).AsDouble());
        cos = new((Vector512.ConditionalSelect(odd, s.V, c.V).AsInt64() ^ cosSign).AsDouble());
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V512 TimesPowerOfTwo(V512 p, V512 k)
    {
        var ki = (k.V + Vector512.Create(FastMath.RoundMagic)).AsInt64() - Vector512.Create(FastMath.RoundMagic).AsInt64();
        return new(p.V * Vector512.ShiftLeft(ki + Vector512.Create(1023L), 52).AsDouble());
    }
}

/// <summary>Four fp64 lanes on AVX2 (the CPU backend's lane type without AVX-512).</summary>
public readonly struct V256 : ILane<V256>
{
    public readonly Vector256<double> V;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public V256(Vector256<double> v) { V = v; }

    public static int Count => Vector256<double>.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V256 Of(double x) => new(Vector256.Create(x));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V256 Load(ref double first) => new(Vector256.LoadUnsafe(ref first));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(V256 value, ref double first) => value.V.StoreUnsafe(ref first);

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V256 operator +(V256 a, V256 b) => new(a.V + b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V256 operator -(V256 a, V256 b) => new(a.V - b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V256 operator *(V256 a, V256 b) => new(a.V * b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V256 operator /(V256 a, V256 b) => new(a.V / b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V256 operator -(V256 a) => new(-a.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V256 operator +(double a, V256 b) => new(Vector256.Create(a) + b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V256 operator +(V256 a, double b) => new(a.V + Vector256.Create(b));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V256 operator -(double a, V256 b) => new(Vector256.Create(a) - b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V256 operator -(V256 a, double b) => new(a.V - Vector256.Create(b));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V256 operator *(double a, V256 b) => new(Vector256.Create(a) * b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V256 operator *(V256 a, double b) => new(a.V * Vector256.Create(b));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V256 operator /(double a, V256 b) => new(Vector256.Create(a) / b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V256 operator /(V256 a, double b) => new(a.V / Vector256.Create(b));

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static V256 Sqrt(V256 a) => new(Vector256.Sqrt(a.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V256 IfLess(V256 a, V256 b, V256 t, V256 f) => new(Vector256.ConditionalSelect(Vector256.LessThan(a.V, b.V), t.V, f.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V256 IfLessOrEqual(V256 a, V256 b, V256 t, V256 f) => new(Vector256.ConditionalSelect(Vector256.LessThanOrEqual(a.V, b.V), t.V, f.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V256 IfGreater(V256 a, V256 b, V256 t, V256 f) => new(Vector256.ConditionalSelect(Vector256.GreaterThan(a.V, b.V), t.V, f.V));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Quadrant(V256 n, V256 s, V256 c, out V256 sin, out V256 cos)
    {
        var q = (n.V + Vector256.Create(FastMath.RoundMagic)).AsInt64();
        var odd = Vector256.Equals(q & Vector256.Create(1L), Vector256.Create(1L)).AsDouble();
        var sign = Vector256.Create(-0.0).AsInt64();
        var sinSign = Vector256.ShiftLeft(q & Vector256.Create(2L), 62) & sign;
        var cosSign = Vector256.ShiftLeft((q + Vector256.Create(1L)) & Vector256.Create(2L), 62) & sign;
        sin = new((Vector256.ConditionalSelect(odd, c.V, s.V).AsInt64() ^ sinSign).AsDouble());
        cos = new((Vector256.ConditionalSelect(odd, s.V, c.V).AsInt64() ^ cosSign).AsDouble());
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V256 TimesPowerOfTwo(V256 p, V256 k)
    {
        var ki = (k.V + Vector256.Create(FastMath.RoundMagic)).AsInt64() - Vector256.Create(FastMath.RoundMagic).AsInt64();
        return new(p.V * Vector256.ShiftLeft(ki + Vector256.Create(1023L), 52).AsDouble());
    }
}

/// <summary>A complex number per lane: the generic counterpart of <see cref="Cx"/>, with the same operation order.</summary>
public readonly struct Cx<TL> where TL : struct, ILane<TL>
{
    public readonly TL Re;
    public readonly TL Im;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Cx(TL re, TL im) { Re = re; Im = im; }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Cx<TL> operator *(Cx<TL> a, Cx<TL> b) => new(a.Re * b.Re - a.Im * b.Im, a.Re * b.Im + a.Im * b.Re);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Cx<TL> operator +(Cx<TL> a, Cx<TL> b) => new(a.Re + b.Re, a.Im + b.Im);

    /// <summary>r·e^{iφ}, with the project's own range-reduced sincos.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Cx<TL> FromPolar(TL r, TL phase)
    {
        FastMath.SinCos(phase, out TL s, out TL c);
        return new Cx<TL>(r * c, r * s);
    }
}
