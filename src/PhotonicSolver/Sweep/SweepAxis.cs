using System.Globalization;

namespace PhotonicSolver.Sweep;

/// <summary>
/// One axis of a sweep: "wl", "temperature" or a dotted instance setting "dc.coupling".
/// Linear axes are generated from (start, step) on the device; list axes are a small value table.
/// A zipped axis (<see cref="Zip"/>, <see cref="ZippedWithPrevious"/>) walks the same index as the axis before it
/// instead of adding a dimension: the axes of one zip group are the columns of a table whose rows are the points.
/// </summary>
public sealed class SweepAxis
{
    public string Name { get; }
    public int Count { get; }
    public bool IsLinear { get; }
    public double Start { get; }
    public double Step { get; }
    /// <summary>True when this axis moves together with the axis before it (same index, same count): a column of
    /// the same zip table. It adds no dimension to the grid.</summary>
    public bool ZippedWithPrevious { get; }
    private readonly double[]? _values;

    private SweepAxis(string name, int count, bool linear, double start, double step, double[]? values, bool zipped = false)
    {
        Name = name; Count = count; IsLinear = linear; Start = start; Step = step; _values = values; ZippedWithPrevious = zipped;
    }

    /// <summary>
    /// A zip group: the columns of a table whose rows are sweep points (e.g. measured (temperature, wl) pairs), so
    /// several targets move together and the group costs one point per row, not the product of its columns.
    /// Every column has one value per row. Add the returned axes to a <see cref="SweepSpec"/> in this order.
    /// </summary>
    public static IReadOnlyList<SweepAxis> Zip(IReadOnlyList<(string Name, IReadOnlyList<double> Values)> columns)
    {
        if (columns.Count == 0) throw new PhotonicException("zip: no columns");
        var names = columns.Select(c => c.Name).ToArray();
        string group = string.Join(",", names);
        if (names.Distinct(StringComparer.Ordinal).Count() != names.Length)
            throw new PhotonicException($"zip {group}: a name appears twice");
        int rows = columns[0].Values.Count;
        if (rows == 0) throw new PhotonicException($"zip {group}: the table has no rows");
        foreach (var (name, values) in columns)
        {
            if (values.Count != rows)
                throw new PhotonicException($"zip {group}: '{name}' has {values.Count} values but '{columns[0].Name}' has {rows}; every column of a zip has one value per row");
            foreach (double v in values)
                if (!double.IsFinite(v)) throw new PhotonicException($"zip {group}: '{name}' has a value that is not a finite number ({v})");
        }
        return columns.Select((c, i) => new SweepAxis(c.Name, rows, false, c.Values[0], 0.0, c.Values.ToArray(), zipped: i > 0)).ToArray();
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
/// wavelength axis placed last gives contiguous spectra. Zipped axes (<see cref="SweepAxis.ZippedWithPrevious"/>)
/// share the index of the axis before them: a zip group is one dimension of the grid, walked row by row.
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
            CheckZipGroups();
            // Hot (called per chunk): no allocation unless the count overflows, then the guard's message.
            long n = 1;
            foreach (var a in Axes)
            {
                long radix = Radix(a);
                if (n > long.MaxValue / radix)
                    return IO.ResourceGuard.Count($"sweep grid ({string.Join(" × ", Axes.Select(x => x.Name))})", [.. Axes.Select(x => (long)x.Count)]);
                n *= radix;
            }
            return n;
        }
    }

    /// <summary>Index of point p along axis k (mixed radix, last axis fastest; a zipped axis shares its group's index).</summary>
    public long AxisIndex(long point, int k)
    {
        long stride = 1;
        for (int j = Axes.Count - 1; j > k; j--) stride *= Radix(Axes[j]);
        return point / stride % Axes[k].Count;
    }

    /// <summary>The axis's factor in the point count: its count, or 1 for a zipped axis (its group counts once).</summary>
    public static long Radix(SweepAxis a) => a.ZippedWithPrevious ? 1 : a.Count;

    /// <summary>The names of each axis's zip group ("temperature,wl"), or just its name when it is not zipped.</summary>
    public string GroupOf(int k)
    {
        int first = k, last = k;
        while (first > 0 && Axes[first].ZippedWithPrevious) first--;
        while (last + 1 < Axes.Count && Axes[last + 1].ZippedWithPrevious) last++;
        return string.Join(",", Axes.Skip(first).Take(last - first + 1).Select(a => a.Name));
    }

    /// <summary>A zipped axis follows an axis of the same length (the rest of its group).</summary>
    public void CheckZipGroups()
    {
        for (int k = 0; k < Axes.Count; k++)
        {
            if (!Axes[k].ZippedWithPrevious) continue;
            if (k == 0) throw new PhotonicException($"sweep '{Axes[k].Name}': a zipped axis must follow the other columns of its zip");
            if (Axes[k].Count != Axes[k - 1].Count)
                throw new PhotonicException($"zip {GroupOf(k)}: '{Axes[k].Name}' has {Axes[k].Count} values but '{Axes[k - 1].Name}' has {Axes[k - 1].Count}");
        }
    }

    /// <summary>Removes the axis <paramref name="name"/> (to replace it); refuses to split a zip group.</summary>
    public void Remove(string name)
    {
        int k = Axes.FindIndex(a => a.Name == name);
        if (k < 0) return;
        if (Axes[k].ZippedWithPrevious || (k + 1 < Axes.Count && Axes[k + 1].ZippedWithPrevious))
            throw new PhotonicException($"'{name}' is a column of zip {GroupOf(k)}; sweep it in the zip or on its own, not both");
        Axes.RemoveAt(k);
    }
}
