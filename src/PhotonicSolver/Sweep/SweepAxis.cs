using System.Globalization;

namespace PhotonicSolver.Sweep;

/// <summary>
/// One axis of a Cartesian sweep: "wl", "temperature" or a dotted instance setting "dc.coupling".
/// Linear axes are generated from (start, step) on the device; list axes are a small value table.
/// </summary>
public sealed class SweepAxis
{
    public string Name { get; }
    public int Count { get; }
    public bool IsLinear { get; }
    public double Start { get; }
    public double Step { get; }
    private readonly double[]? _values;

    private SweepAxis(string name, int count, bool linear, double start, double step, double[]? values)
    {
        Name = name; Count = count; IsLinear = linear; Start = start; Step = step; _values = values;
    }

    /// <summary>N evenly spaced values from start to stop inclusive (N = 1 gives start).</summary>
    public static SweepAxis Linear(string name, double start, double stop, int count)
    {
        if (count < 1) throw new PhotonicException($"sweep '{name}': the number of points must be at least 1 (got {count})");
        if (double.IsNaN(start) || double.IsNaN(stop) || double.IsInfinity(start) || double.IsInfinity(stop))
            throw new PhotonicException($"sweep '{name}': start and stop must be finite numbers");
        double step = count == 1 ? 0.0 : (stop - start) / (count - 1);
        return new SweepAxis(name, count, true, start, step, null);
    }

    public static SweepAxis List(string name, IReadOnlyList<double> values)
    {
        if (values.Count == 0) throw new PhotonicException($"sweep '{name}': the value list is empty");
        return new SweepAxis(name, values.Count, false, values[0], 0.0, values.ToArray());
    }

    public double this[long i] => IsLinear ? Start + Step * i : _values![i];

    /// <summary>Table values for a list axis (empty for a linear axis).</summary>
    public IReadOnlyList<double> Table => _values ?? [];

    /// <summary>
    /// Parses "A:B:N" (N points from A to B), "v1,v2,v3" (a list) or a single value, as given on the command line.
    /// </summary>
    public static SweepAxis Parse(string name, string text)
    {
        text = text.Trim();
        if (text.Length == 0) throw new PhotonicException($"sweep '{name}': empty range");
        var parts = text.Split(':');
        if (parts.Length == 3)
        {
            double a = Num(name, parts[0]), b = Num(name, parts[1]);
            return Linear(name, a, b, Points(name, parts[2], text));
        }
        if (parts.Length != 1) throw new PhotonicException($"sweep '{name}': '{text}' is neither START:STOP:N nor a comma-separated list");
        var values = text.Split(',', StringSplitOptions.TrimEntries).Select(v => Num(name, v)).ToArray();
        return List(name, values);
    }

    /// <summary>Most points one axis may have (axes are indexed with 32-bit integers).</summary>
    public const int MaxPoints = int.MaxValue;

    /// <summary>
    /// The N of "A:B:N": a whole number from 1 to <see cref="MaxPoints"/>. A whole number that is too large is
    /// told apart from text that is not a whole number at all.
    /// </summary>
    public static int Points(string name, string text, string? context = null)
    {
        string t = text.Trim();
        string where = context is null ? "" : $" in '{context}'";
        System.Numerics.BigInteger n;
        if (!System.Numerics.BigInteger.TryParse(t, NumberStyles.Integer, CultureInfo.InvariantCulture, out n))
        {
            // "1e6" or "2.0": a whole number written as a float.
            if (!(double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && double.IsFinite(d) && d == Math.Floor(d)))
                throw new PhotonicException($"sweep '{name}': '{t}'{where} is not a whole number of points");
            n = new System.Numerics.BigInteger(d);
        }
        if (n < 1) throw new PhotonicException($"sweep '{name}': empty range{where} (N = {t}; N must be at least 1)");
        if (n > MaxPoints)
            throw new PhotonicException($"sweep '{name}': N = {t} points{where} is more than the {MaxPoints:N0} one axis can hold; " +
                                        "use fewer points, or split the range over several runs");
        return (int)n;
    }

    private static double Num(string name, string s)
    {
        if (IO.NumberText.TryParse(s, allowNonFinite: false, out double v)) return v;
        throw new PhotonicException($"sweep '{name}': {IO.NumberText.WhyNot(s)}");
    }
}

/// <summary>
/// An N-dimensional Cartesian grid. Axes are listed outermost first; the last axis varies fastest, so a
/// wavelength axis placed last gives contiguous spectra.
/// </summary>
public sealed class SweepSpec
{
    public List<SweepAxis> Axes { get; } = [];

    public SweepSpec() { }
    public SweepSpec(IEnumerable<SweepAxis> axes) { Axes.AddRange(axes); }

    /// <summary>Total number of points; an error naming the axes when it overflows.</summary>
    public long PointCount
    {
        get
        {
            // Hot (called per chunk): no allocation unless the count overflows, then the guard's message.
            long n = 1;
            foreach (var a in Axes)
            {
                if (n > long.MaxValue / a.Count)
                    return IO.ResourceGuard.Count($"sweep grid ({string.Join(" × ", Axes.Select(x => x.Name))})", [.. Axes.Select(x => (long)x.Count)]);
                n *= a.Count;
            }
            return n;
        }
    }

    /// <summary>Index of point p along axis k (mixed radix, last axis fastest).</summary>
    public long AxisIndex(long point, int k)
    {
        long stride = 1;
        for (int j = Axes.Count - 1; j > k; j--) stride *= Axes[j].Count;
        return point / stride % Axes[k].Count;
    }
}
