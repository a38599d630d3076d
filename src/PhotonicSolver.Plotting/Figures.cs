using ScottPlot;

namespace PhotonicSolver.Plotting;

/// <summary>
/// One curve of a line figure. <paramref name="Shade"/> in [0, 1] picks its colour on the Viridis map (used for
/// the values of a swept parameter); NaN takes the next colour of the default palette. <paramref name="Dash"/>
/// picks the line pattern (0 solid, 1 dashed, 2 dotted, 3 dense dashes), used for port pairs.
/// </summary>
public sealed record Series(string Label, double[] X, double[] Y, double Shade = double.NaN, int Dash = 0);

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

    /// <summary>Curves y(x) with a legend when there is more than one.</summary>
    public static Figure Lines(IReadOnlyList<Series> series, string xLabel, string yLabel, string? title = null)
    {
        RequireLabel(xLabel, "x"); RequireLabel(yLabel, "y");
        if (series.Count == 0) throw new PhotonicException("figure: nothing to plot (no series)");
        var plot = NewPlot(xLabel, yLabel, title);
        foreach (var s in series)
        {
            if (s.X.Length != s.Y.Length)
                throw new PhotonicException($"figure: series '{s.Label}' has {s.X.Length} x values but {s.Y.Length} y values");
            var line = plot.Add.ScatterLine(s.X, s.Y);
            if (!double.IsNaN(s.Shade)) line.Color = Shade(s.Shade);
            line.LineWidth = 1.5f;
            line.LinePattern = (s.Dash % 4) switch { 1 => LinePattern.Dashed, 2 => LinePattern.Dotted, 3 => LinePattern.DenselyDashed, _ => LinePattern.Solid };
            line.LegendText = s.Label;
        }
        if (series.Count > 1) plot.ShowLegend(Alignment.LowerRight);
        return new Figure(plot);
    }

    /// <summary>
    /// A map of z over an evenly spaced x × y grid, Viridis with a labelled colour bar. z[j, i] is the value at
    /// (x[i], y[j]); NaN cells are drawn grey.
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
        plot.ShowLegend(Alignment.UpperRight);
        return new Figure(plot, 900, 600);
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
        if (specMin is not null || specMax is not null) plot.ShowLegend(Alignment.UpperRight);
        return new Figure(plot);
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
        CheckEven(x, xLabel); CheckEven(y, yLabel);
        var plot = NewPlot(xLabel, yLabel, title);
        // ScottPlot draws row 0 at the top; flip so that y grows upwards like the axis.
        heatmap = plot.Add.Heatmap(z);
        heatmap.FlipVertically = true;
        heatmap.Colormap = Colormap;
        heatmap.NaNCellColor = Colors.Gray;
        double dx = (x[^1] - x[0]) / (nx - 1), dy = (y[^1] - y[0]) / (ny - 1);
        heatmap.Extent = new CoordinateRect(x[0] - dx / 2, x[^1] + dx / 2, y[0] - dy / 2, y[^1] + dy / 2);
        var bar = plot.Add.ColorBar(heatmap);
        bar.Label = zLabel;
        plot.Axes.Margins(0, 0);
        return plot;
    }

    /// <summary>Heatmap cells are evenly spaced; uneven grids would put values at the wrong place, so they are refused.</summary>
    private static void CheckEven(double[] v, string label)
    {
        double step = (v[^1] - v[0]) / (v.Length - 1);
        if (!(step > 0)) throw new PhotonicException($"heatmap: '{label}' values must increase");
        for (int k = 1; k < v.Length; k++)
        {
            if (Math.Abs(v[k] - v[k - 1] - step) > 1e-6 * Math.Abs(step) + 1e-12 * Math.Abs(v[k]))
                throw new PhotonicException($"heatmap: '{label}' values are not evenly spaced ({v[k - 1]:G6}, {v[k]:G6}, step {step:G6}); sweep it as START:STOP:N");
        }
    }
}
