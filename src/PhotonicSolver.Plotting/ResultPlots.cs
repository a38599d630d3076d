using System.Globalization;

namespace PhotonicSolver.Plotting;

/// <summary>The figure kinds of `photonic plot`.</summary>
public enum PlotKind { Spectrum, Heatmap, Tolerance, Histogram, Trace }

/// <summary>
/// Figures made from result tables (the CSVs the CLI writes), the back end of `photonic plot` and of
/// `photonic sweep --plot`. Curves are grouped by the other swept columns, so a sweep over a setting gives one
/// curve per value, coloured along Viridis; several port pairs are told apart by line pattern.
/// </summary>
public static class ResultPlots
{
    /// <summary>Beyond this many curves a line figure is unreadable; a heatmap is the better figure.</summary>
    public const int MaxCurves = 64;

    public static PlotKind ParseKind(string kind) => kind.ToLowerInvariant() switch
    {
        "spectrum" => PlotKind.Spectrum,
        "heatmap" => PlotKind.Heatmap,
        "tolerance" => PlotKind.Tolerance,
        "histogram" => PlotKind.Histogram,
        "trace" => PlotKind.Trace,
        _ => throw new PhotonicException($"--kind '{kind}': expected spectrum, heatmap, tolerance, histogram or trace"),
    };

    /// <summary>
    /// Spectra (or any curves) from a table: <paramref name="y"/> columns against <paramref name="x"/>, one curve
    /// per column and per combination of the other parameter columns. <paramref name="db"/> shows power columns
    /// (T.*) in dB. Defaults: x = wl_um, y = every T.* column.
    /// </summary>
    public static Figure Spectrum(ResultTable t, string? x = null, IReadOnlyList<string>? y = null, bool db = false, string? title = null,
                                  IReadOnlyList<string>? groupBy = null)
    {
        x ??= "wl_um";
        y = y is { Count: > 0 } ? y : t.NonZeroTransmissionColumns();
        if (y.Count == 0) throw new PhotonicException($"{t.Source}: no T.* columns to plot; name the columns with --y");
        var series = Curves(t, x, y, db, groupBy);
        string yLabel = y.Count == 1 ? AxisLabel.ForColumn(y[0], db)
                      : y.All(ResultTable.IsTransmissionColumn) ? (db ? AxisLabel.TransmissionDb : AxisLabel.TransmissionLinear)
                      : y.All(c => AxisLabel.ForColumn(c).EndsWith("(°C)", StringComparison.Ordinal)) ? AxisLabel.Temperature
                      : string.Join(", ", y.Select(c => AxisLabel.ForColumn(c, db)));
        return Figures.Lines(series, AxisLabel.ForColumn(x), yLabel, title ?? Path.GetFileName(t.Source));
    }

    /// <summary>
    /// Time traces and other curves: as <see cref="Spectrum"/>. Defaults: x = time_s, y = every other column
    /// except the group columns (a thermal trace: T.node in °C against time).
    /// </summary>
    public static Figure Trace(ResultTable t, string? x, IReadOnlyList<string> y, bool db = false, string? title = null,
                               IReadOnlyList<string>? groupBy = null)
    {
        x ??= t.Has("time_s") ? "time_s" : throw new PhotonicException("--kind trace needs --x (the time column)");
        if (y.Count == 0) y = t.Columns.Where(c => c != x && !(groupBy ?? []).Contains(c)).ToArray();
        return Spectrum(t, x, y, db, title, groupBy);
    }

    /// <summary>z over the grid of x × y values; other parameter columns must hold a single value.</summary>
    public static Figure Heatmap(ResultTable t, string x, string y, string z, bool db = false, string? title = null)
    {
        var (xs, ys, grid) = Grid(t, x, y, z);
        if (db) grid = Map(grid, Figures.ToDb);
        return Figures.Heatmap(xs, ys, grid, AxisLabel.ForColumn(x), AxisLabel.ForColumn(y), AxisLabel.ForColumn(z, db),
                               title ?? Path.GetFileName(t.Source));
    }

    /// <summary>
    /// A tolerance map of z over x × y: the penalty relative to the best point in dB (linear columns are
    /// converted; a column whose name says dB is used as is; for a loss column, such as loss_dB, the best point
    /// is the lowest loss), with contours at <paramref name="levels"/>.
    /// </summary>
    public static Figure Tolerance(ResultTable t, string x, string y, string z, double[]? levels = null, string? title = null)
    {
        var (xs, ys, grid) = Grid(t, x, y, z);
        bool isDb = z.Contains("dB", StringComparison.Ordinal);
        // A loss column (loss_dB): the best point is the smallest loss, and the penalty is its negated excess.
        bool isLoss = z.Contains("loss", StringComparison.OrdinalIgnoreCase);
        if (isLoss) grid = Map(grid, v => -v);
        double best = double.NegativeInfinity;
        foreach (double v in grid) if (v > best) best = v;
        if (!double.IsFinite(best) || (!isDb && !(best > 0)))
            throw new PhotonicException($"{t.Source}: column '{z}' has no positive finite value; a tolerance map needs a power to compare with its best");
        var penalty = Map(grid, v => isDb ? v - best : isLoss ? 10 * Math.Log10(Math.Abs(best) / Math.Abs(v)) : Figures.ToDb(v / best));
        return Figures.ToleranceMap(xs, ys, penalty, AxisLabel.ForColumn(x), AxisLabel.ForColumn(y), levels,
                                    $"{z} relative to best (dB)", title ?? Path.GetFileName(t.Source));
    }

    public static Figure Histogram(ResultTable t, string x, double? specMin = null, double? specMax = null, int bins = 0, string? title = null)
        => Figures.Histogram(t.Column(x), AxisLabel.ForColumn(x), specMin, specMax, bins, title ?? Path.GetFileName(t.Source));

    /// <summary>One entry point for the CLI: the figure of <paramref name="kind"/> from a table.</summary>
    public static Figure Make(ResultTable t, PlotKind kind, string? x, IReadOnlyList<string> y, string? z, bool db,
                              double? specMin = null, double? specMax = null, int bins = 0, double[]? levels = null, string? title = null,
                              IReadOnlyList<string>? groupBy = null)
    {
        string Need(string? v, string option) => v ?? throw new PhotonicException($"--kind {kind.ToString().ToLowerInvariant()} needs {option}");
        return kind switch
        {
            PlotKind.Spectrum => Spectrum(t, x, y, db, title, groupBy),
            PlotKind.Trace => Trace(t, x, y, db, title, groupBy),
            PlotKind.Heatmap => Heatmap(t, x ?? "wl_um", Need(y.Count == 1 ? y[0] : null, "one --y column (the second axis)"), Need(z ?? DefaultZ(t), "--z (the value column)"), db, title),
            PlotKind.Tolerance => Tolerance(t, Need(x, "--x"), Need(y.Count == 1 ? y[0] : null, "one --y column"), Need(z ?? DefaultZ(t), "--z (the value column)"), levels, title),
            PlotKind.Histogram => Histogram(t, Need(x, "--x (the column to histogram)"), specMin, specMax, bins, title),
            _ => throw new PhotonicException($"unknown plot kind {kind}"),
        };
    }

    /// <summary>
    /// The figure a sweep calls for: spectra of every port pair, one curve per value of the other swept settings
    /// (dB); a heatmap (dB) when that would be more than <see cref="MaxCurves"/> curves and exactly one setting is
    /// swept; curves against that setting when the wavelength is fixed.
    /// </summary>
    public static Figure Auto(ResultTable t, string? title = null)
    {
        var varying = t.ParameterColumns().Where(c => t.Distinct(c).Length > 1).ToArray();
        var others = varying.Where(c => c != "wl_um").ToArray();
        if (!varying.Contains("wl_um") && others.Length == 1)
            return Spectrum(t, others[0], t.NonZeroTransmissionColumns(), db: false, title);
        var columns = t.NonZeroTransmissionColumns();
        int curves = columns.Length * others.Aggregate(1, (n, c) => n * t.Distinct(c).Length);
        if (curves > MaxCurves && others.Length == 1)
            return Heatmap(t, "wl_um", others[0], columns[0], db: true, title);
        return Spectrum(t, "wl_um", columns, db: true, title);
    }

    private static string? DefaultZ(ResultTable t) => t.TransmissionColumns() is { Length: 1 } only ? only[0] : null;

    // ------------------------------------------------------------------ helpers

    /// <summary>Groups rows by the parameter columns other than x and the y columns, one series per group and column.</summary>
    private static List<Series> Curves(ResultTable t, string x, IReadOnlyList<string> y, bool db, IReadOnlyList<string>? groupBy)
    {
        var xv = t.Column(x);
        var yv = y.Select(c => (Name: c, Values: t.Column(c), Power: ResultTable.IsTransmissionColumn(c))).ToList();
        foreach (var g in groupBy ?? []) t.Column(g); // unknown names are errors
        var groupCols = t.ParameterColumns().Concat(groupBy ?? []).Distinct()
                         .Where(c => c != x && !y.Contains(c) && t.Distinct(c).Length > 1).ToArray();
        var groups = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var order = new List<string>();
        var groupVals = groupCols.Select(t.Column).ToArray();
        for (int r = 0; r < t.Rows; r++)
        {
            string key = string.Join(", ", groupCols.Select((c, k) => $"{c}={groupVals[k][r].ToString("G6", CultureInfo.InvariantCulture)}"));
            if (!groups.TryGetValue(key, out var rows)) { groups[key] = rows = []; order.Add(key); }
            rows.Add(r);
        }
        if (order.Count * yv.Count > MaxCurves)
            throw new PhotonicException($"{t.Source}: {order.Count * yv.Count} curves ({yv.Count} columns × {order.Count} values of " +
                                        $"{string.Join(", ", groupCols)}) is too many for one figure (at most {MaxCurves}); plot a heatmap instead");
        var series = new List<Series>();
        for (int g = 0; g < order.Count; g++)
        {
            var rows = groups[order[g]];
            rows.Sort((a, b) => xv[a].CompareTo(xv[b]));
            double shade = order.Count > 1 ? (double)g / (order.Count - 1) : double.NaN;
            for (int k = 0; k < yv.Count; k++)
            {
                var (name, values, power) = yv[k];
                string label = SeriesName(name) + (order.Count > 1 ? $" ({order[g]})" : "");
                var ys = rows.Select(r => db && power ? Figures.ToDb(values[r]) : values[r]).ToArray();
                // One port pair over many sweep values: colour by value. Many port pairs: palette colours, dashes by value.
                series.Add(new Series(label, rows.Select(r => xv[r]).ToArray(), ys,
                                      order.Count > 1 ? shade : double.NaN, order.Count > 1 ? k : 0));
            }
        }
        return series;
    }

    private static string SeriesName(string column) =>
        ResultTable.IsTransmissionColumn(column) && column.Split('.') is { Length: 3 } p ? $"{p[1]}←{p[2]}" : column;

    /// <summary>z on the grid of distinct x and y values: z[j, i] at (x[i], y[j]); missing cells NaN.</summary>
    private static (double[] X, double[] Y, double[,] Z) Grid(ResultTable t, string x, string y, string z)
    {
        if (x == y) throw new PhotonicException($"--x and --y are both '{x}'; a map needs two different columns");
        var xv = t.Column(x); var yv = t.Column(y); var zv = t.Column(z);
        var others = t.ParameterColumns().Where(c => c != x && c != y && t.Distinct(c).Length > 1).ToArray();
        if (others.Length > 0)
            throw new PhotonicException($"{t.Source}: besides '{x}' and '{y}', {string.Join(", ", others.Select(c => $"'{c}' ({t.Distinct(c).Length} values)"))} " +
                                        "also vary; a map shows two axes: pick one value of the others with --where COLUMN=VALUE");
        var xs = t.Distinct(x); var ys = t.Distinct(y);
        var grid = new double[ys.Length, xs.Length];
        for (int j = 0; j < ys.Length; j++) for (int i = 0; i < xs.Length; i++) grid[j, i] = double.NaN;
        for (int r = 0; r < t.Rows; r++)
        {
            int i = Array.BinarySearch(xs, xv[r]), j = Array.BinarySearch(ys, yv[r]);
            if (i >= 0 && j >= 0) grid[j, i] = zv[r];
        }
        return (xs, ys, grid);
    }

    private static double[,] Map(double[,] a, Func<double, double> f)
    {
        var r = new double[a.GetLength(0), a.GetLength(1)];
        for (int j = 0; j < a.GetLength(0); j++) for (int i = 0; i < a.GetLength(1); i++) r[j, i] = f(a[j, i]);
        return r;
    }
}
