namespace PhotonicSolver.Plotting;

/// <summary>The fraction of samples inside a specification window.</summary>
public readonly record struct YieldResult(int Pass, int Total)
{
    public double Fraction => Total == 0 ? double.NaN : (double)Pass / Total;

    /// <summary>
    /// The yield in percent to 4 significant figures ("99.95 %"), with more digits where 4 would round a failure
    /// away (99 999 of 100 000 is "99.999 %", never "100.0 %") or a pass to nothing.
    /// </summary>
    public string Percent
    {
        get
        {
            if (Total == 0) return "n/a";
            if (Pass == 0) return "0 %";
            double p = 100.0 * Pass / Total;
            int decimals = Math.Max(1, 3 - (int)Math.Floor(Math.Log10(p)));
            for (; ; decimals++)
            {
                string s = p.ToString("F" + decimals, System.Globalization.CultureInfo.InvariantCulture);
                double shown = double.Parse(s, System.Globalization.CultureInfo.InvariantCulture);
                if (decimals < 15 && ((Pass < Total && shown >= 100) || (Pass > 0 && shown <= 0))) continue;
                return s + " %";
            }
        }
    }

    public override string ToString() => $"yield {Percent} ({Pass} of {Total} within spec)";
}

/// <summary>Histogram bins and yields for the histogram figure.</summary>
public static class Statistics
{
    /// <summary>Samples in [min, max]; a null bound is open. NaN samples count as failures.</summary>
    public static YieldResult Yield(IReadOnlyList<double> values, double? min, double? max)
    {
        int pass = 0;
        foreach (double v in values)
            if (!double.IsNaN(v) && (min is null || v >= min) && (max is null || v <= max)) pass++;
        return new YieldResult(pass, values.Count);
    }

    /// <summary>
    /// Equal-width bins over the finite samples: (left edges, counts, width). The default count is √n rounded up,
    /// kept between 5 and 100; the last bin is closed so the maximum is counted.
    /// </summary>
    public static (double[] Left, int[] Counts, double Width) Bins(IReadOnlyList<double> values, int bins = 0)
    {
        var finite = values.Where(double.IsFinite).ToArray();
        if (finite.Length == 0) throw new PhotonicException("histogram: no finite values to bin");
        if (bins <= 0) bins = Math.Clamp((int)Math.Ceiling(Math.Sqrt(finite.Length)), 5, 100);
        double lo = finite.Min(), hi = finite.Max();
        if (hi == lo) { lo -= 0.5; hi += 0.5; }
        double w = (hi - lo) / bins;
        var counts = new int[bins];
        foreach (double v in finite) counts[Math.Min(bins - 1, (int)((v - lo) / w))]++;
        return (Enumerable.Range(0, bins).Select(k => lo + k * w).ToArray(), counts, w);
    }
}
