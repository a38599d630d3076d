using ScottPlot;

namespace PhotonicSolver.Plotting;

/// <summary>
/// One curve of a line figure. <paramref name="Shade"/> in [0, 1] picks its colour on the Viridis map (used for
/// the values of a swept parameter); NaN takes the next colour of the default palette. <paramref name="Dash"/>
/// picks the line pattern (0 solid, 1 dashed, 2 dotted, 3 dense dashes), used for port pairs. <paramref name="Name"/>
/// is the label without the swept value (the port pair), for a legend that leaves the values to a colour bar;
/// <paramref name="RightAxis"/> draws the curve against a second y axis on the right (a second unit).
/// NaN values are gaps in the curve.
/// </summary>
public sealed record Series(string Label, double[] X, double[] Y, double Shade = double.NaN, int Dash = 0, string? Name = null, bool RightAxis = false);

/// <summary>What the colours of shaded curves stand for: a swept quantity from <paramref name="Min"/> to <paramref name="Max"/>.</summary>
public sealed record ColorScale(string Label, double Min, double Max);

/// <summary>
/// The figures of the product, built on ScottPlot 5. Every factory labels both axes with a quantity and unit
/// (an empty label is an error) and uses the perceptually uniform Viridis map wherever a colour encodes a value.
/// </summary>
public static class Figures
{
    /// <summary>Power in dB is floored here, so that exact zeros (ideal nulls) stay on the plot.</summary>
    public const double DbFloor = -100;

    /// <summary>10·log10(v), floored at <see cref="DbFloor"/>; NaN stays NaN.</summary>
    public static double ToDb(double linear) => double.IsNaN(linear) ? double.NaN : Math.Max(DbFloor, 10 * Math.Log10(linear));

    public static double[] ToDb(IEnumerable<double> linear) => linear.Select(ToDb).ToArray();

    /// <summary>Viridis (perceptually uniform), used for heatmaps and for curves over a swept parameter.</summary>
    public static IColormap Colormap { get; } = new ScottPlot.Colormaps.Viridis();

    /// <summary>A Viridis colour for shade in [0, 1], stopping short of the pale yellow end so lines stay visible on white.</summary>
    public static Color Shade(double fraction) => Colormap.GetColor(0.88 * Math.Clamp(fraction, 0, 1));

    /// <summary>
    /// Spectra: one curve per series over wavelength, |S|² linear or in dB (the series hold linear |S|²).
    /// </summary>
    public static Figure Spectrum(IReadOnlyList<Series> series, bool db, string? title = null,
                                  string xLabel = AxisLabel.Wavelength, string? yLabel = null)
    {
        var shown = db ? series.Select(s => s with { Y = ToDb(s.Y) }).ToList() : series;
        return Lines(shown, xLabel, yLabel ?? (db ? AxisLabel.TransmissionDb : AxisLabel.TransmissionLinear), title);
    }

    /// <summary>Most legend entries before the curves' values move to a colour bar.</summary>
    public const int MaxLegendEntries = 8;

    /// <summary>
    /// Curves y(x). With more than one curve the legend sits outside the data area, on the right, so it never
    /// covers a curve; above <see cref="MaxLegendEntries"/> shaded curves the values go to a colour bar labelled by
    /// <paramref name="scale"/> and the legend keeps only the line patterns (port pairs). Curves marked
    /// <see cref="Series.RightAxis"/> are drawn against a right y axis labelled <paramref name="rightLabel"/>.
    /// </summary>
    public static Figure Lines(IReadOnlyList<Series> series, string xLabel, string yLabel, string? title = null,
                               ColorScale? scale = null, string? rightLabel = null)
    {
        RequireLabel(xLabel, "x"); RequireLabel(yLabel, "y");
        if (series.Count == 0) throw new PhotonicException("figure: nothing to plot (no series)");
        var plot = NewPlot(xLabel, yLabel, title);
        if (rightLabel is not null) plot.Axes.Right.Label.Text = rightLabel;
        bool colourBar = scale is not null && series.Count > MaxLegendEntries && series.All(s => !double.IsNaN(s.Shade));
        var named = new HashSet<string>(StringComparer.Ordinal);
        foreach (var s in series)
        {
            if (s.X.Length != s.Y.Length)
                throw new PhotonicException($"figure: series '{s.Label}' has {s.X.Length} x values but {s.Y.Length} y values");
            string? legend = colourBar ? (s.Name is { } n && named.Add(n) ? n : null) : series.Count > 1 ? s.Label : null;
            Color? colour = null;
            foreach (var (xs, ys) in Segments(s.X, s.Y))
            {
                var line = plot.Add.ScatterLine(xs, ys);
                if (!double.IsNaN(s.Shade)) line.Color = Shade(s.Shade);
                else if (colour is { } c) line.Color = c;
                colour = line.Color;
                line.LineWidth = 1.5f;
                line.LinePattern = (s.Dash % 4) switch { 1 => LinePattern.Dashed, 2 => LinePattern.Dotted, 3 => LinePattern.DenselyDashed, _ => LinePattern.Solid };
                if (xs.Length == 1) line.MarkerSize = 4;
                if (s.RightAxis) line.Axes.YAxis = plot.Axes.Right;
                line.LegendText = legend ?? "";
                legend = null; // one legend entry per curve, not per segment
            }
        }
        if (colourBar)
        {
            var bar = plot.Add.ColorBar(new ValueScale(scale!.Min, scale.Max), Edge.Right);
            bar.Label = scale.Label;
            if (named.Count > 1) plot.ShowLegend(Edge.Bottom);
            else plot.HideLegend();
        }
        else if (series.Count > 1) plot.ShowLegend(Edge.Right);
        return new Figure(plot, series.Count > 1 ? 1000 : 800, 500);
    }

    /// <summary>The runs of a curve between NaN values (gaps), each drawn as its own line.</summary>
    private static IEnumerable<(double[] X, double[] Y)> Segments(double[] x, double[] y)
    {
        int start = 0;
        for (int i = 0; i <= y.Length; i++)
        {
            bool gap = i == y.Length || double.IsNaN(y[i]) || double.IsNaN(x[i]);
            if (!gap) continue;
            if (i > start) yield return (x[start..i], y[start..i]);
            start = i + 1;
        }
    }

    /// <summary>The colour axis of shaded curves: Viridis over the swept values, as <see cref="Shade"/> draws them.</summary>
    private sealed class ValueScale(double min, double max) : IHasColorAxis
    {
        public IColormap Colormap { get; } = new TruncatedViridis();
        public ScottPlot.Range GetRange() => max > min ? new ScottPlot.Range(min, max) : new ScottPlot.Range(min - 0.5, min + 0.5);
    }

    /// <summary>Viridis up to the fraction <see cref="Shade"/> stops at, so the bar shows the colours drawn.</summary>
    private sealed class TruncatedViridis : IColormap
    {
        public string Name => "Viridis (curves)";
        public Color GetColor(double position) => Shade(position);
    }

    /// <summary>
    /// A map of z over an x × y grid, Viridis with a labelled colour bar. z[j, i] is the value at (x[i], y[j]):
    /// each cell is centred on its true axis values, with its edges halfway to the neighbouring values (half a
    /// step beyond the outer values), so uneven grids (a list sweep 0.1, 0.2, 0.4) are drawn where they are.
    /// NaN cells are drawn grey.
    /// </summary>
    public static Figure Heatmap(double[] x, double[] y, double[,] z, string xLabel, string yLabel, string zLabel, string? title = null)
    {
        var plot = HeatmapPlot(x, y, z, xLabel, yLabel, zLabel, title, out _);
        return new Figure(plot, 900, 550);
    }

    /// <summary>
    /// A tolerance map: the penalty in dB relative to the best point (values ≤ 0) over two offsets, with contour
    /// lines at <paramref name="levels"/> (default −0.5 dB and −1 dB) and the best point marked.
    /// </summary>
    public static Figure ToleranceMap(double[] x, double[] y, double[,] penaltyDb, string xLabel, string yLabel,
                                      double[]? levels = null, string zLabel = "Penalty relative to best (dB)", string? title = null)
    {
        levels ??= [-0.5, -1.0];
        var plot = HeatmapPlot(x, y, penaltyDb, xLabel, yLabel, zLabel, title, out _);
        // Dark contour colours: the region near the best point is the bright (yellow) end of Viridis.
        var palette = new[] { Colors.Black, Colors.Red, Colors.Magenta, Colors.Blue };
        for (int l = 0; l < levels.Length; l++)
        {
            var color = palette[l % palette.Length];
            bool first = true;
            foreach (var line in Contours.Compute(x, y, penaltyDb, levels[l]))
            {
                var sc = plot.Add.ScatterLine(line.Select(p => p.X).ToArray(), line.Select(p => p.Y).ToArray(), color);
                sc.LineWidth = 2;
                sc.LinePattern = l % 2 == 0 ? LinePattern.Solid : LinePattern.Dashed;
                if (first) sc.LegendText = $"{levels[l]:0.###} dB";
                first = false;
            }
        }
        // Best point.
        int bi = 0, bj = 0; double best = double.NegativeInfinity;
        for (int j = 0; j < y.Length; j++)
            for (int i = 0; i < x.Length; i++)
                if (penaltyDb[j, i] > best) { best = penaltyDb[j, i]; bi = i; bj = j; }
        var marker = plot.Add.Marker(x[bi], y[bj], MarkerShape.Cross, 12, Colors.Black);
        marker.LegendText = $"best ({x[bi]:G4}, {y[bj]:G4})";
        plot.ShowLegend(Edge.Top);
        return new Figure(plot, 900, 650);
    }

    /// <summary>
    /// Histogram of samples with the specification window as dashed lines and the yield (the fraction of samples
    /// inside it) in the title.
    /// </summary>
    public static Figure Histogram(IReadOnlyList<double> values, string xLabel, double? specMin = null, double? specMax = null,
                                   int bins = 0, string? title = null)
    {
        RequireLabel(xLabel, "x");
        var (left, counts, width) = Statistics.Bins(values, bins);
        var yield = Statistics.Yield(values, specMin, specMax);
        string heading = specMin is null && specMax is null ? $"{values.Count} samples" : yield.ToString();
        var plot = NewPlot(xLabel, "Count (samples per bin)", title is null ? heading : $"{title}: {heading}");
        var bars = plot.Add.Bars(left.Select(l => l + width / 2).ToArray(), counts.Select(c => (double)c).ToArray());
        foreach (var bar in bars.Bars)
        {
            bar.Size = width * 0.95;
            bool inside = (specMin is null || bar.Position >= specMin) && (specMax is null || bar.Position <= specMax);
            bar.FillColor = inside ? Shade(0.35) : Shade(0.35).WithAlpha(0.35);
            bar.LineWidth = 0;
        }
        foreach (var (bound, name) in new[] { (specMin, "spec min"), (specMax, "spec max") })
        {
            if (bound is not { } b) continue;
            var v = plot.Add.VerticalLine(b, 2, Colors.Red, LinePattern.Dashed);
            v.LegendText = $"{name} {b:G5}";
        }
        plot.Axes.Margins(bottom: 0);
        if (specMin is not null || specMax is not null) plot.ShowLegend(Edge.Right);
        var fig = new Figure(plot);
        fig.Notes.Add(heading);
        return fig;
    }

    /// <summary>Time traces (for example a heater's temperature or a ring's detuning after a step).</summary>
    public static Figure TimeTrace(double[] time, IReadOnlyList<(string Label, double[] Values)> traces, string yLabel,
                                   string timeLabel = "Time (s)", string? title = null)
        => Lines(traces.Select((t, k) => new Series(t.Label, time, t.Values, traces.Count > 1 ? (double)k / (traces.Count - 1) : double.NaN)).ToList(),
                 timeLabel, yLabel, title);

    /// <summary>A laser's L-I curve: output power against drive current, one curve per temperature if given.</summary>
    public static Figure LightCurrent(IReadOnlyList<(string Label, double[] CurrentMa, double[] PowerMw)> curves, string? title = null)
        => Lines(curves.Select((c, k) => new Series(c.Label, c.CurrentMa, c.PowerMw, curves.Count > 1 ? (double)k / (curves.Count - 1) : double.NaN)).ToList(),
                 "Drive current (mA)", "Output power (mW)", title ?? "L-I curve");

    /// <summary>Wavelength against temperature (a laser line or a ring resonance drifting with temperature).</summary>
    public static Figure WavelengthVsTemperature(IReadOnlyList<(string Label, double[] TemperatureC, double[] WavelengthUm)> curves, string? title = null)
    {
        var fig = Lines(curves.Select((c, k) => new Series(c.Label, c.TemperatureC, c.WavelengthUm, curves.Count > 1 ? (double)k / (curves.Count - 1) : double.NaN)).ToList(),
                        AxisLabel.Temperature, AxisLabel.Wavelength, title ?? "Wavelength vs temperature");
        foreach (var sc in fig.Plot.GetPlottables().OfType<ScottPlot.Plottables.Scatter>()) sc.MarkerSize = 5;
        return fig;
    }

    // ------------------------------------------------------------------ shared

    private static Plot NewPlot(string xLabel, string yLabel, string? title)
    {
        var plot = new Plot();
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        if (!string.IsNullOrEmpty(title)) plot.Title(title);
        return plot;
    }

    private static void RequireLabel(string label, string axis)
    {
        if (string.IsNullOrWhiteSpace(label))
            throw new PhotonicException($"figure: the {axis} axis needs a label with its quantity and unit");
    }

    private static Plot HeatmapPlot(double[] x, double[] y, double[,] z, string xLabel, string yLabel, string zLabel, string? title,
                                    out ScottPlot.Plottables.Heatmap heatmap)
    {
        RequireLabel(xLabel, "x"); RequireLabel(yLabel, "y"); RequireLabel(zLabel, "colour");
        int ny = z.GetLength(0), nx = z.GetLength(1);
        if (x.Length != nx || y.Length != ny)
            throw new PhotonicException($"heatmap: the values are {ny}×{nx} but there are {x.Length} x and {y.Length} y values");
        if (nx < 2 || ny < 2) throw new PhotonicException($"heatmap: needs at least 2 values on each axis (got {nx} × {ny})");
        var xEdges = Edges(x, xLabel); var yEdges = Edges(y, yLabel);
        var plot = NewPlot(xLabel, yLabel, title);
        // An uneven axis is drawn on a fine even grid whose cells take the value of the cell they fall in.
        var cells = IsEven(x) && IsEven(y) ? z : Resample(z, xEdges, IsEven(x), yEdges, IsEven(y));
        // ScottPlot draws row 0 at the top; flip so that y grows upwards like the axis.
        heatmap = plot.Add.Heatmap(cells);
        heatmap.FlipVertically = true;
        heatmap.Colormap = Colormap;
        heatmap.NaNCellColor = Colors.Gray;
        // Rectangle is the outer edges of the cells (ScottPlot's Extent would be the centres of the outer cells).
        heatmap.Rectangle = new CoordinateRect(xEdges[0], xEdges[^1], yEdges[0], yEdges[^1]);
        var bar = plot.Add.ColorBar(heatmap);
        bar.Label = zLabel;
        plot.Axes.Margins(0, 0);
        return plot;
    }

    /// <summary>
    /// Cell edges of increasing values: halfway between neighbours, and half the neighbouring gap beyond each end.
    /// </summary>
    public static double[] Edges(double[] v, string label)
    {
        for (int k = 1; k < v.Length; k++)
            if (!(v[k] > v[k - 1])) throw new PhotonicException($"heatmap: '{label}' values must increase ({v[k - 1]:G6} then {v[k]:G6})");
        var e = new double[v.Length + 1];
        for (int k = 1; k < v.Length; k++) e[k] = (v[k - 1] + v[k]) / 2;
        e[0] = v[0] - (v[1] - v[0]) / 2;
        e[^1] = v[^1] + (v[^1] - v[^2]) / 2;
        return e;
    }

    private static bool IsEven(double[] v)
    {
        double step = (v[^1] - v[0]) / (v.Length - 1);
        for (int k = 1; k < v.Length; k++)
            if (Math.Abs(v[k] - v[k - 1] - step) > 1e-6 * Math.Abs(step) + 1e-12 * Math.Abs(v[k])) return false;
        return true;
    }

    /// <summary>Fine cells per axis for an uneven grid: edges land within 1/1000 of the axis span.</summary>
    private const int FineCells = 1000;

    /// <summary>z on a fine even grid over the same outer edges: each fine cell takes the value of the cell holding its centre.</summary>
    private static double[,] Resample(double[,] z, double[] xEdges, bool xEven, double[] yEdges, bool yEven)
    {
        int[] Map(double[] edges, bool even)
        {
            if (even) return Enumerable.Range(0, edges.Length - 1).ToArray();
            int n = FineCells;
            var idx = new int[n];
            double w = (edges[^1] - edges[0]) / n;
            int k = 0;
            for (int f = 0; f < n; f++)
            {
                double c = edges[0] + (f + 0.5) * w;
                while (k < edges.Length - 2 && c > edges[k + 1]) k++;
                idx[f] = k;
            }
            return idx;
        }
        int[] xi = Map(xEdges, xEven), yi = Map(yEdges, yEven);
        var r = new double[yi.Length, xi.Length];
        for (int j = 0; j < yi.Length; j++) for (int i = 0; i < xi.Length; i++) r[j, i] = z[yi[j], xi[i]];
        return r;
    }
}
