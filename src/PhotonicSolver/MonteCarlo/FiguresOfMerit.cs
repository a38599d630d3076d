namespace PhotonicSolver.MonteCarlo;

/// <summary>
/// Figures of merit of one sampled spectrum (|S|² of one port pair at increasing wavelengths), over the index
/// range [first, last] of the wavelength grid. Allocation-free, so they run per sample inside a parallel loop.
/// A value that cannot be measured (no dip in the band, a passband wider than the band, fewer than two
/// resonances for an FSR) is NaN and the sample is counted as such, never given a made-up number.
/// </summary>
public static class FiguresOfMerit
{
    /// <summary>Transmissions below 1e-30 read as −300 dB (an exact null stays finite and passes "max" limits).</summary>
    public const double FloorDb = -300.0;

    /// <summary>10·log10 t, floored at <see cref="FloorDb"/>; NaN stays NaN.</summary>
    public static double Db(double t) => double.IsNaN(t) ? double.NaN : t <= 1e-30 ? FloorDb : 10.0 * Math.Log10(t);

    public static double Interpolate(ReadOnlySpan<double> t, int i0, int i1, double fraction)
        => fraction == 0.0 ? t[i0] : t[i0] + fraction * (t[i1] - t[i0]);

    public static double Min(ReadOnlySpan<double> t, int first, int last)
    {
        double m = double.PositiveInfinity;
        for (int i = first; i <= last; i++) { if (double.IsNaN(t[i])) return double.NaN; if (t[i] < m) m = t[i]; }
        return m;
    }

    public static double Max(ReadOnlySpan<double> t, int first, int last)
    {
        double m = double.NegativeInfinity;
        for (int i = first; i <= last; i++) { if (double.IsNaN(t[i])) return double.NaN; if (t[i] > m) m = t[i]; }
        return m;
    }

    /// <summary>
    /// Width (µm) of the contiguous region around the band's highest sample where |S|² stays within
    /// <paramref name="dropDb"/> of it; each edge is interpolated linearly in dB between the two samples that
    /// straddle the level. NaN when an edge lies outside the band.
    /// </summary>
    public static double Bandwidth(ReadOnlySpan<double> t, double[] wl, int first, int last, double dropDb)
    {
        int p = ArgExtremum(t, first, last, dip: false);
        if (p < 0) return double.NaN;
        double level = Db(t[p]) - dropDb;
        double left = double.NaN, right = double.NaN;
        for (int j = p - 1; j >= first; j--)
        {
            double d = Db(t[j]);
            if (d < level) { left = Cross(wl[j], d, wl[j + 1], Db(t[j + 1]), level); break; }
        }
        for (int j = p + 1; j <= last; j++)
        {
            double d = Db(t[j]);
            if (d < level) { right = Cross(wl[j - 1], Db(t[j - 1]), wl[j], d, level); break; }
        }
        return right - left;
    }

    private static double Cross(double x0, double y0, double x1, double y1, double level)
        => x0 + (level - y0) / (y1 - y0) * (x1 - x0);

    /// <summary>
    /// Wavelength (µm) of the band's lowest (dip) or highest sample, refined by the vertex of the parabola through
    /// it and its two neighbours; NaN when the extremum sits on the band's edge (it is not inside the band).
    /// </summary>
    public static double Extremum(ReadOnlySpan<double> t, double[] wl, int first, int last, bool dip)
    {
        int i = ArgExtremum(t, first, last, dip);
        if (i <= first || i >= last) return double.NaN;
        return Vertex(wl[i - 1], t[i - 1], wl[i], t[i], wl[i + 1], t[i + 1]);
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
    /// refined as in <see cref="Extremum"/>; (last − first)/(count − 1). NaN with fewer than two.
    /// </summary>
    public static double FreeSpectralRange(ReadOnlySpan<double> t, double[] wl, int first, int last)
    {
        double lo = Min(t, first, last), hi = Max(t, first, last);
        if (double.IsNaN(lo) || !(hi > lo)) return double.NaN;
        double threshold = lo + 0.5 * (hi - lo);
        double firstDip = double.NaN, lastDip = double.NaN;
        int count = 0;
        for (int i = first + 1; i < last; i++)
        {
            if (!(t[i] <= t[i - 1] && t[i] < t[i + 1] && t[i] < threshold)) continue;
            double x = Vertex(wl[i - 1], t[i - 1], wl[i], t[i], wl[i + 1], t[i + 1]);
            if (count == 0) firstDip = x;
            lastDip = x;
            count++;
        }
        return count < 2 ? double.NaN : (lastDip - firstDip) / (count - 1);
    }

    /// <summary>Index of the first lowest (dip) or highest sample in [first, last]; −1 if any is NaN.</summary>
    private static int ArgExtremum(ReadOnlySpan<double> t, int first, int last, bool dip)
    {
        int best = first;
        for (int i = first; i <= last; i++)
        {
            if (double.IsNaN(t[i])) return -1;
            if (dip ? t[i] < t[best] : t[i] > t[best]) best = i;
        }
        return best;
    }
}
