using System.Runtime.CompilerServices;
using PhotonicSolver.Numerics;

namespace PhotonicSolver.MonteCarlo;

/// <summary>One sampled spectrum as the figures of merit read it: |S|² and the wavelength (µm) at grid index i.</summary>
public interface ISpectrum
{
    double T(int i);
    double Wl(int i);
}

/// <summary>A spectrum held in two host arrays (tests, analysis on the host).</summary>
public readonly struct ArraySpectrum(double[] t, double[] wl) : ISpectrum
{
    private readonly double[] _t = t, _wl = wl;
    public double T(int i) => _t[i];
    public double Wl(int i) => _wl[i];
}

/// <summary>
/// Figures of merit of one sampled spectrum (|S|² of one port pair at increasing wavelengths), over the index
/// range [first, last] of the wavelength grid. Kernel-safe (no allocation, exceptions or runtime math whose bits
/// differ between targets), so the CPU backend and the ILGPU kernels measure every sample with this same code.
/// A value that cannot be measured (no dip in the band, a passband wider than the band, fewer than two
/// resonances for an FSR) is NaN and the sample is counted as such, never given a made-up number.
/// </summary>
public static class FiguresOfMerit
{
    /// <summary>Transmissions below 1e-30 read as −300 dB (an exact null stays finite and passes "max" limits).</summary>
    public const double FloorDb = -300.0;

    private const double TenOverLn10 = 4.3429448190325182765;

    /// <summary>
    /// 10·log10 t, floored at <see cref="FloorDb"/>; NaN stays NaN. Through the project's fdlibm logarithm
    /// (<see cref="Distributions.Log"/>), not Math.Log10, so every backend computes the same bits.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Db(double t) => double.IsNaN(t) ? double.NaN : t <= 1e-30 ? FloorDb : TenOverLn10 * Distributions.Log(t);

    /// <summary>Whether x is neither NaN nor infinite (written out: kernel-safe on every ILGPU target).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsFinite(double x) => !double.IsNaN(x) && !double.IsInfinity(x);

    public static double Interpolate<TS>(TS t, int i0, int i1, double fraction) where TS : struct, ISpectrum
        => fraction == 0.0 ? t.T(i0) : t.T(i0) + fraction * (t.T(i1) - t.T(i0));

    public static double Min<TS>(TS t, int first, int last) where TS : struct, ISpectrum
    {
        double m = double.PositiveInfinity;
        for (int i = first; i <= last; i++) { double x = t.T(i); if (double.IsNaN(x)) return double.NaN; if (x < m) m = x; }
        return m;
    }

    public static double Max<TS>(TS t, int first, int last) where TS : struct, ISpectrum
    {
        double m = double.NegativeInfinity;
        for (int i = first; i <= last; i++) { double x = t.T(i); if (double.IsNaN(x)) return double.NaN; if (x > m) m = x; }
        return m;
    }

    /// <summary>
    /// Width (µm) of the contiguous region around the band's highest sample where |S|² stays within
    /// <paramref name="dropDb"/> of it; each edge is interpolated linearly in dB between the two samples that
    /// straddle the level. NaN when an edge lies outside the band.
    /// </summary>
    public static double Bandwidth<TS>(TS t, int first, int last, double dropDb) where TS : struct, ISpectrum
    {
        int p = ArgExtremum(t, first, last, dip: false);
        if (p < 0) return double.NaN;
        double level = Db(t.T(p)) - dropDb;
        double left = double.NaN, right = double.NaN;
        for (int j = p - 1; j >= first; j--)
        {
            double d = Db(t.T(j));
            if (d < level) { left = Cross(t.Wl(j), d, t.Wl(j + 1), Db(t.T(j + 1)), level); break; }
        }
        for (int j = p + 1; j <= last; j++)
        {
            double d = Db(t.T(j));
            if (d < level) { right = Cross(t.Wl(j - 1), Db(t.T(j - 1)), t.Wl(j), d, level); break; }
        }
        return right - left;
    }

    private static double Cross(double x0, double y0, double x1, double y1, double level)
        => x0 + (level - y0) / (y1 - y0) * (x1 - x0);

    /// <summary>
    /// Wavelength (µm) of the band's lowest (dip) or highest sample, refined by the vertex of the parabola through
    /// it and its two neighbours; NaN when the extremum sits on the band's edge (it is not inside the band).
    /// </summary>
    public static double Extremum<TS>(TS t, int first, int last, bool dip) where TS : struct, ISpectrum
    {
        int i = ArgExtremum(t, first, last, dip);
        if (i <= first || i >= last) return double.NaN;
        return Vertex(t.Wl(i - 1), t.T(i - 1), t.Wl(i), t.T(i), t.Wl(i + 1), t.T(i + 1));
    }

    /// <summary>Abscissa of the vertex of the parabola through three points (the middle one's x when they are collinear).</summary>
    public static double Vertex(double x0, double y0, double x1, double y1, double x2, double y2)
    {
        double a = (x1 - x0) * (y1 - y2), b = (x1 - x2) * (y1 - y0);
        double den = a - b;
        if (den == 0) return x1;
        return x1 - 0.5 * ((x1 - x0) * a - (x1 - x2) * b) / den;
    }

    /// <summary>
    /// Mean spacing (µm) of the dips in the band: local minima lower than the middle of the band's span, each
    /// refined as in <see cref="Extremum{TS}"/>; (last − first)/(count − 1). NaN with fewer than two.
    /// </summary>
    public static double FreeSpectralRange<TS>(TS t, int first, int last) where TS : struct, ISpectrum
    {
        double lo = Min(t, first, last), hi = Max(t, first, last);
        if (double.IsNaN(lo) || !(hi > lo)) return double.NaN;
        double threshold = lo + 0.5 * (hi - lo);
        double firstDip = double.NaN, lastDip = double.NaN;
        int count = 0;
        for (int i = first + 1; i < last; i++)
        {
            double ti = t.T(i);
            if (!(ti <= t.T(i - 1) && ti < t.T(i + 1) && ti < threshold)) continue;
            double x = Vertex(t.Wl(i - 1), t.T(i - 1), t.Wl(i), ti, t.Wl(i + 1), t.T(i + 1));
            if (count == 0) firstDip = x;
            lastDip = x;
            count++;
        }
        return count < 2 ? double.NaN : (lastDip - firstDip) / (count - 1);
    }

    /// <summary>Index of the first lowest (dip) or highest sample in [first, last]; −1 if any is NaN.</summary>
    private static int ArgExtremum<TS>(TS t, int first, int last, bool dip) where TS : struct, ISpectrum
    {
        int best = first;
        double bestT = t.T(first);
        for (int i = first; i <= last; i++)
        {
            double x = t.T(i);
            if (double.IsNaN(x)) return -1;
            if (dip ? x < bestT : x > bestT) { best = i; bestT = x; }
        }
        return best;
    }
}
