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
    /// <summary>Beyond this many curves `sweep --plot` draws a heatmap instead (when it has a wavelength axis).</summary>
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

    /// <summary>Most curves in one figure (their values on a colour bar); beyond, a heatmap or --where is the better figure.</summary>
    public const int MaxColourBarCurves = 256;

    /// <summary>
    /// Spectra (or any curves) from a table: <paramref name="y"/> columns against <paramref name="x"/>, one curve
    /// per column and per combination of the other parameter columns. <paramref name="db"/> shows linear power
    /// columns in dB (columns already in dB are left as they are). Defaults: those of the table's kind
    /// (<see cref="DefaultsFor"/>): a sweep's T.* columns over wavelength, a tmm's R and T, a laser's modes…
    /// </summary>
    public static Figure Spectrum(ResultTable t, string? x = null, IReadOnlyList<string>? y = null, bool db = false, string? title = null,
                                  IReadOnlyList<string>? groupBy = null)
    {
        var d = DefaultsFor(t);
        x ??= d.X;
        y = y is { Count: > 0 } ? y : d.Y;
        if (y.Count == 0) throw new PhotonicException($"{t.Source}: no columns to plot by default; name them with --x and --y (columns: {string.Join(", ", t.Columns)})");
        var units = AxisLabel.MetricUnits(t.Metadata);
        // Units on the y axis: the first on the left, a second on the right; more would mislabel an axis.
        var yUnits = y.Select(c => AxisLabel.UnitOf(c, db, units)).Distinct().ToList();
        if (yUnits.Count > 2)
            throw new PhotonicException($"{t.Source}: columns {string.Join(", ", y)} are in {yUnits.Count} different units ({string.Join(", ", yUnits.Select(u => u.Length == 0 ? "none" : u))}); one figure shows at most two (left and right axes): plot them separately");
        var groups = (x == d.X ? d.Groups : t.ParameterColumns().Concat(d.Groups).Append(d.X)).Concat(groupBy ?? []).ToArray();
        var (series, scale, groupCols) = Curves(t, x, y, db, groups, units);
        string YLabel(IReadOnlyList<string> cols) =>
              cols.Count == 1 ? AxisLabel.ForColumn(cols[0], db, units)
            : cols.All(ResultTable.IsTransmissionColumn) ? (db ? AxisLabel.TransmissionDb : AxisLabel.TransmissionLinear)
            : cols.All(c => AxisLabel.UnitOf(c) == "°C") ? AxisLabel.Temperature
            : AxisLabel.Of(string.Join(", ", cols.Select(c => AxisLabel.Parts(c, db, units).Quantity)), AxisLabel.UnitOf(cols[0], db, units));
        var left = y.Where(c => AxisLabel.UnitOf(c, db, units) == yUnits[0]).ToList();
        var right = y.Where(c => !left.Contains(c)).ToList();
        string yLabel = YLabel(left);
        string? rightLabel = right.Count > 0 ? YLabel(right) : null;
        if (right.Count > 0) series = series.Select(s => right.Any(r => s.Name == SeriesName(r)) ? s with { RightAxis = true } : s).ToList();
        // Small changes of a wavelength (a drift, a shift) are read in pm: plot the change from the first value.
        if (right.Count == 0 && left.All(c => AxisLabel.UnitOf(c, db, units) == "µm") && PmScale(series) is { } reference)
        {
            series = series.Select(s => s with { Y = s.Y.Select(v => (v - reference) * 1e6).ToArray() }).ToList();
            yLabel = AxisLabel.Of($"{string.Join(", ", left.Select(c => AxisLabel.Parts(c, db, units).Quantity))} − {reference.ToString("0.######", System.Globalization.CultureInfo.InvariantCulture)} µm", "pm");
        }
        var fig = Figures.Lines(series, AxisLabel.ForColumn(x, units: units), yLabel, title ?? Title(t, x, y, groupCols, db, units), scale, rightLabel);
        if (d.Markers && x == d.X)
            foreach (var sc in fig.Plot.GetPlottables().OfType<ScottPlot.Plottables.Scatter>()) { sc.LineWidth = 0; sc.MarkerSize = 8; }
        return fig;
    }

    /// <summary>The reference wavelength (µm) when every curve spans less than 10 nm (so pm read better), else null.</summary>
    private static double? PmScale(IReadOnlyList<Series> series)
    {
        var all = series.SelectMany(s => s.Y).Where(double.IsFinite).ToArray();
        if (all.Length < 2) return null;
        double lo = all.Min(), hi = all.Max();
        if (!(hi - lo < 0.01) || hi == lo) return null;
        var first = series.SelectMany(s => s.Y).First(double.IsFinite);
        return Math.Round(first, 6);
    }

    /// <summary>"Received power vs chip temperature, for each laser temperature": what the figure shows.</summary>
    private static string Title(ResultTable t, string x, IReadOnlyList<string> y, IReadOnlyList<string> groups, bool db,
                                IReadOnlyDictionary<string, string> units)
    {
        string yq = y.All(ResultTable.IsTransmissionColumn) ? (y.Count == 1 ? AxisLabel.Parts(y[0]).Quantity : "Transmission")
                  : string.Join(", ", y.Take(3).Select(c => AxisLabel.Parts(c, db, units).Quantity)) + (y.Count > 3 ? ", …" : "");
        string xq = AxisLabel.Parts(x, units: units).Quantity;
        string title = $"{Capital(yq)} vs {Lower(xq)}";
        if (groups.Count > 0) title += $", for each {string.Join(" and ", groups.Select(g => AxisLabel.Parts(g, units: units).Quantity))}";
        return title + (t.Truncated is not null ? " (truncated run)" : "");
    }

    private static string Capital(string s) => s.Length > 0 && char.IsLower(s[0]) ? char.ToUpperInvariant(s[0]) + s[1..] : s;

    private static string Lower(string s) => s.Length > 1 && char.IsUpper(s[0]) && char.IsLower(s[1]) ? char.ToLowerInvariant(s[0]) + s[1..] : s;

    /// <summary>
    /// Time traces and other curves: as <see cref="Spectrum"/>. Defaults: x = time_s; y = the detuning columns of
    /// a drift transient, else every column in the unit of the first one (a thermal trace: T.node in °C).
    /// </summary>
    public static Figure Trace(ResultTable t, string? x, IReadOnlyList<string> y, bool db = false, string? title = null,
                               IReadOnlyList<string>? groupBy = null)
    {
        x ??= t.Has("time_s") ? "time_s" : throw new PhotonicException("--kind trace needs --x (the time column)");
        if (y.Count == 0)
        {
            var rest = t.Columns.Where(c => c != x && !(groupBy ?? []).Contains(c)).ToArray();
            var detuning = rest.Where(c => c.EndsWith("detuning_pm", StringComparison.Ordinal)).ToArray();
            y = detuning.Length > 0 ? detuning : rest.Where(c => AxisLabel.UnitOf(c) == AxisLabel.UnitOf(rest[0])).ToArray();
        }
        return Spectrum(t, x, y, db, title, groupBy);
    }

    /// <summary>z over the grid of x × y values; other parameter columns must hold a single value.</summary>
    public static Figure Heatmap(ResultTable t, string x, string y, string z, bool db = false, string? title = null)
    {
        var (xs, ys, grid) = Grid(t, x, y, z);
        bool toDb = db && AxisLabel.IsLinearPower(z);
        if (toDb) grid = Map(grid, Figures.ToDb);
        var units = AxisLabel.MetricUnits(t.Metadata);
        return Figures.Heatmap(xs, ys, grid, AxisLabel.ForColumn(x, units: units), AxisLabel.ForColumn(y, units: units), AxisLabel.ForColumn(z, toDb, units),
                               title ?? $"{Capital(AxisLabel.Parts(z, toDb, units).Quantity)} over {Lower(AxisLabel.Parts(x, units: units).Quantity)} and {Lower(AxisLabel.Parts(y, units: units).Quantity)}");
    }

    /// <summary>
    /// A tolerance map of z over x × y: the change relative to the best point in dB (≤ 0; linear columns are
    /// converted; a column whose name says dB is used as is; for a loss column, such as loss_dB, the best point
    /// is the lowest loss and the change is minus the extra loss), with contours at <paramref name="levels"/>.
    /// </summary>
    public static Figure Tolerance(ResultTable t, string x, string y, string z, double[]? levels = null, string? title = null)
    {
        var (xs, ys, grid) = Grid(t, x, y, z);
        bool isDb = AxisLabel.IsDb(z);
        // A loss column (loss_dB): the best point is the smallest loss, and the penalty is its negated excess.
        bool isLoss = z.Contains("loss", StringComparison.OrdinalIgnoreCase);
        if (isLoss) grid = Map(grid, v => -v);
        double best = double.NegativeInfinity;
        foreach (double v in grid) if (v > best) best = v;
        if (!double.IsFinite(best) || (!isDb && !(best > 0)))
            throw new PhotonicException($"{t.Source}: column '{z}' has no positive finite value; a tolerance map needs a power to compare with its best");
        var penalty = Map(grid, v => isDb ? v - best : isLoss ? 10 * Math.Log10(Math.Abs(best) / Math.Abs(v)) : Figures.ToDb(v / best));
        string quantity = isLoss ? "Coupling" : Capital(AxisLabel.Parts(z).Quantity);
        return Figures.ToleranceMap(xs, ys, penalty, AxisLabel.ForColumn(x), AxisLabel.ForColumn(y), levels,
                                    $"{quantity} change from the best point (dB; −1 = 1 dB worse)",
                                    title ?? $"{quantity} tolerance over {Lower(AxisLabel.Parts(x).Quantity)} and {Lower(AxisLabel.Parts(y).Quantity)}");
    }

    public static Figure Histogram(ResultTable t, string x, double? specMin = null, double? specMax = null, int bins = 0, string? title = null)
    {
        var units = AxisLabel.MetricUnits(t.Metadata);
        return Figures.Histogram(t.Column(x), AxisLabel.ForColumn(x, units: units), specMin, specMax, bins,
                                 title ?? $"Distribution of {AxisLabel.Parts(x, units: units).Quantity}");
    }

    /// <summary>One entry point for the CLI: the figure of <paramref name="kind"/> from a table.</summary>
    public static Figure Make(ResultTable t, PlotKind kind, string? x, IReadOnlyList<string> y, string? z, bool db,
                              double? specMin = null, double? specMax = null, int bins = 0, double[]? levels = null, string? title = null,
                              IReadOnlyList<string>? groupBy = null)
    {
        string Need(string? v, string option) => v ?? throw new PhotonicException($"--kind {kind.ToString().ToLowerInvariant()} needs {option}");
        return kind switch
        {
            PlotKind.Spectrum => Spectrum(t, x, y, db, title, groupBy is { Count: > 0 } ? groupBy : null),
            PlotKind.Trace => Trace(t, x, y, db, title, groupBy),
            PlotKind.Heatmap => Heatmap(t, x ?? "wl_um", Need(y.Count == 1 ? y[0] : null, "one --y column (the second axis)"), Need(z ?? DefaultZ(t), "--z (the value column)"), db, title),
            PlotKind.Tolerance => Tolerance(t, Need(x, "--x"), Need(y.Count == 1 ? y[0] : null, "one --y column"), Need(z ?? DefaultZ(t), "--z (the value column)"), levels, title),
            PlotKind.Histogram => Histogram(t, Need(x, "--x (the column to histogram)"), specMin, specMax, bins, title),
            _ => throw new PhotonicException($"unknown plot kind {kind}"),
        };
    }

    /// <summary>
    /// The figure a sweep calls for: spectra of every port pair, one curve per value of the other swept settings
    /// (dB; their values on a colour bar when there are many); a heatmap (dB) when that would be more than
    /// <see cref="MaxCurves"/> curves and one setting is swept (with several, the others are held at their first
    /// value, and the title says so); curves against that setting when the wavelength is fixed. It never refuses
    /// a sweep: `sweep --plot` draws after the CSV is written.
    /// </summary>
    public static Figure Auto(ResultTable t, string? title = null)
    {
        var varying = t.ParameterColumns().Where(c => t.Distinct(c).Length > 1).ToArray();
        var others = varying.Where(c => c != "wl_um").ToArray();
        var columns = t.NonZeroTransmissionColumns();
        if (!varying.Contains("wl_um") && others.Length >= 1)
        {
            var fixedT = HoldAllBut(t, others[0], ref title);
            return Spectrum(fixedT, others[0], columns, db: false, title);
        }
        int curves = columns.Length * others.Aggregate(1, (n, c) => n * t.Distinct(c).Length);
        if (curves > MaxCurves && varying.Contains("wl_um") && others.Length >= 1 && t.Distinct("wl_um").Length > 1)
        {
            var one = HoldAllBut(t, others[0], ref title);
            return Heatmap(one, "wl_um", others[0], columns[0], db: true, title);
        }
        return Spectrum(t, "wl_um", columns, db: true, title);
    }

    /// <summary>The rows at the first value of every varying parameter but <paramref name="keep"/> (wl_um stays); the title says which.</summary>
    private static ResultTable HoldAllBut(ResultTable t, string keep, ref string? title)
    {
        var held = new List<string>();
        foreach (var c in t.ParameterColumns().Where(c => c != keep && c != "wl_um" && t.Distinct(c).Length > 1))
        {
            double v = t.Distinct(c)[0];
            t = t.Where(c, v);
            held.Add(AxisLabel.Value(t, c, v));
        }
        if (held.Count > 0 && title is null)
            title = $"{keep} sweep at {string.Join(", ", held)} (first value; plot others with photonic plot --where)";
        return t;
    }

    private static string? DefaultZ(ResultTable t) => t.TransmissionColumns() is { Length: 1 } only ? only[0]
        : t.Has("efficiency") ? "efficiency" : null;

    /// <summary>Default x, y and grouping of a table, by the kind of result it is.</summary>
    public sealed record Defaults(string X, string[] Y, string[] Groups, bool Markers = false);

    /// <summary>
    /// What to plot by default for each result the project writes: sweep (T.* over wavelength), tmm and grating
    /// (R and T), coupling (loss), laser modes (threshold gain at each mode's wavelength, as markers) and operating
    /// points (L-I curves per temperature, or wavelength vs temperature), link (received power vs chip
    /// temperature), drift shift and lock, thermal and drift traces; else the last column against the first.
    /// </summary>
    public static Defaults DefaultsFor(ResultTable t)
    {
        string[] Varying(IEnumerable<string> cols) => cols.Where(c => t.Has(c) && t.Distinct(c).Length > 1).ToArray();
        int Index(string c) => Array.IndexOf(t.Columns, c);
        if (t.TransmissionColumns().Length > 0)
        {
            var prm = t.ParameterColumns();
            string x = t.Distinct("wl_um").Length > 1 || !Varying(prm).Any() ? "wl_um" : Varying(prm)[0];
            return new(x, t.NonZeroTransmissionColumns(), Varying(prm.Where(c => c != x)));
        }
        if (t.Has("R") && t.Has("T"))
        {
            string x = !t.Has("angle_deg") || t.Distinct("wl_um").Length > 1 ? "wl_um" : "angle_deg";
            return new(x, ["R", "T"], Varying(t.Columns[..Index("R")].Where(c => c != x)));
        }
        if (t.Has("threshold_gain_per_cm") && t.Has("wavelength_um")) return new("wavelength_um", ["threshold_gain_per_cm"], [], Markers: true);
        if (t.Has("temperature_C") && t.Has("current_mA") && t.Has("power_mW"))
            return t.Distinct("current_mA").Length > 1 ? new("current_mA", ["power_mW"], Varying(["temperature_C"]))
                                                       : new("temperature_C", ["wavelength_um"], []);
        if (t.Has("received_power_dBm"))
            return new(t.Has("chip_temperature_C") ? "chip_temperature_C" : t.Columns[0], ["received_power_dBm"], Varying(["laser_temperature_C", "current_mA"]));
        if (t.Has("efficiency") && t.Has("loss_dB"))
        {
            var axes = t.Columns[..Index("efficiency")];
            var v = Varying(axes);
            return new(v.FirstOrDefault() ?? axes[0], ["loss_dB"], v.Skip(1).ToArray());
        }
        if (t.Has("resonance_um")) return new(t.Columns[0], ["resonance_um"], []);
        if (t.Has("ambient_C") && t.Has("power_mW")) return new("ambient_C", ["power_mW"], []);
        if (t.Has("time_s"))
        {
            var rest = t.Columns.Where(c => c != "time_s").ToArray();
            var detuning = rest.Where(c => c.EndsWith("detuning_pm", StringComparison.Ordinal)).ToArray();
            return new("time_s", detuning.Length > 0 ? detuning : rest.Where(c => AxisLabel.UnitOf(c) == AxisLabel.UnitOf(rest[0])).ToArray(), []);
        }
        if (t.Has("sample"))
            throw new PhotonicException($"{t.Source}: Monte Carlo samples are plotted as a histogram: --kind histogram --x METRIC (columns: {string.Join(", ", t.Columns.Take(20))})");
        return new(t.Columns[0], t.Columns.Length > 1 ? [t.Columns[^1]] : [], []);
    }

    // ------------------------------------------------------------------ helpers

    /// <summary>
    /// Groups rows by the group columns that vary (besides x and the y columns), one series per group and column.
    /// A single numeric group column gives a colour scale for the values.
    /// </summary>
    private static (List<Series> Series, ColorScale? Scale, string[] Groups) Curves(ResultTable t, string x, IReadOnlyList<string> y, bool db,
                                                                                    IReadOnlyList<string> groupBy, IReadOnlyDictionary<string, string> units)
    {
        var xv = t.Column(x);
        var yv = y.Select(c => (Name: c, Values: t.Column(c), Power: db && AxisLabel.IsLinearPower(c))).ToList();
        foreach (var g in groupBy) t.Column(g); // unknown names are errors
        var groupCols = groupBy.Distinct().Where(c => c != x && !y.Contains(c) && t.Distinct(c).Length > 1).ToArray();
        var groups = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var order = new List<string>();
        var groupVals = groupCols.Select(t.Column).ToArray();
        var firstValue = new List<double>();
        for (int r = 0; r < t.Rows; r++)
        {
            string key = string.Join(", ", groupCols.Select((c, k) => AxisLabel.Value(t, c, groupVals[k][r], units)));
            if (!groups.TryGetValue(key, out var rows))
            {
                groups[key] = rows = []; order.Add(key);
                firstValue.Add(groupCols.Length == 1 ? groupVals[0][r] : order.Count - 1);
            }
            rows.Add(r);
        }
        int count = order.Count * yv.Count;
        if (count > MaxColourBarCurves)
            throw new PhotonicException($"{t.Source}: {count} curves ({yv.Count} columns × {order.Count} values of " +
                                        $"{string.Join(", ", groupCols)}) is too many for one figure (at most {MaxColourBarCurves}); plot a heatmap, or pick values with --where COLUMN=VALUE");
        // One numeric group column: shades follow its values, and a colour bar can stand for them.
        bool numeric = groupCols.Length == 1 && t.Categories(groupCols[0]) is null;
        double lo = numeric ? firstValue.Min() : 0, hi = numeric ? firstValue.Max() : Math.Max(1, order.Count - 1);
        var series = new List<Series>();
        for (int g = 0; g < order.Count; g++)
        {
            var rows = groups[order[g]];
            rows.Sort((a, b) => xv[a].CompareTo(xv[b]));
            double shade = order.Count <= 1 ? double.NaN : numeric && hi > lo ? (firstValue[g] - lo) / (hi - lo) : (double)g / (order.Count - 1);
            for (int k = 0; k < yv.Count; k++)
            {
                var (name, values, power) = yv[k];
                string label = SeriesName(name) + (order.Count > 1 ? $" ({order[g]})" : "");
                var ys = rows.Select(r => power ? Figures.ToDb(values[r]) : values[r]).ToArray();
                // One port pair over many sweep values: colour by value. Many port pairs: palette colours, dashes by value.
                series.Add(new Series(label, rows.Select(r => xv[r]).ToArray(), ys, shade, order.Count > 1 ? k : 0, SeriesName(name)));
            }
        }
        ColorScale? scale = order.Count > 1
            ? numeric ? new ColorScale(AxisLabel.ForColumn(groupCols[0], units: units), lo, hi)
                      : new ColorScale($"{string.Join(", ", groupCols)} (group number)", 0, order.Count - 1)
            : null;
        return (series, scale, groupCols);
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
