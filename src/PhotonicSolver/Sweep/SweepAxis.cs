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
            if (!int.TryParse(parts[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out int n))
                throw new PhotonicException($"sweep '{name}': '{parts[2]}' in '{text}' is not a whole number of points");
            if (n < 1) throw new PhotonicException($"sweep '{name}': empty range '{text}' (N must be at least 1)");
            return Linear(name, a, b, n);
        }
        if (parts.Length != 1) throw new PhotonicException($"sweep '{name}': '{text}' is neither START:STOP:N nor a comma-separated list");
        var values = text.Split(',', StringSplitOptions.TrimEntries).Select(v => Num(name, v)).ToArray();
        return List(name, values);
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

    /// <summary>Total number of points; an error when it overflows.</summary>
    public long PointCount
    {
        get
        {
            long n = 1;
            foreach (var a in Axes)
            {
                try { n = checked(n * a.Count); }
                catch (OverflowException) { throw new PhotonicException("sweep grid too large: more than 9.2e18 points"); }
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
