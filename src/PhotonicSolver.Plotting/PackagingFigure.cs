using ScottPlot;

namespace PhotonicSolver.Plotting;

/// <summary>
/// The packaging comparison of `photonic packaging`: per packaging a stacked bar of energy per bit (one segment
/// per contributor) and, beside it on a right-hand axis, the optical margin (median link, worst time) with the
/// p99 link's margin as a marker.
/// </summary>
public static class PackagingFigure
{
    /// <param name="names">Packaging names, one per bar.</param>
    /// <param name="parts">Energy contributors: label and pJ/bit per packaging (stacked in this order).</param>
    /// <param name="marginDb">Optical margin (dB) per packaging, median link at the worst time.</param>
    /// <param name="marginP99Db">Margin (dB) of the 1 % worst link at the worst time.</param>
    public static Figure Comparison(IReadOnlyList<string> names, IReadOnlyList<(string Label, double[] PjPerBit)> parts,
                                    double[] marginDb, double[] marginP99Db, string? title = null)
    {
        int n = names.Count;
        if (n == 0) throw new PhotonicException("figure: no packagings to plot");
        foreach (var (label, v) in parts)
            if (v.Length != n) throw new PhotonicException($"figure: '{label}' has {v.Length} values for {n} packagings");
        if (marginDb.Length != n || marginP99Db.Length != n) throw new PhotonicException("figure: one margin per packaging");
        var plot = new Plot();
        plot.XLabel("Packaging");
        plot.YLabel("Energy per bit (pJ/bit)");
        plot.Title(title ?? "Energy per bit (stacked) and optical margin (right axis)");
        var bars = new List<Bar>();
        var baseline = new double[n];
        for (int p = 0; p < parts.Count; p++)
        {
            var color = Figures.Shade(parts.Count > 1 ? (double)p / (parts.Count - 1) : 0.3);
            for (int i = 0; i < n; i++)
            {
                double v = parts[p].PjPerBit[i];
                bars.Add(new Bar { Position = i - 0.18, ValueBase = baseline[i], Value = baseline[i] + v, FillColor = color, Size = 0.34, LineWidth = 0 });
                baseline[i] += v;
            }
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = parts[p].Label, FillColor = color });
        }
        plot.Add.Bars(bars);

        var right = plot.Axes.Right;
        right.Label.Text = "Optical margin (dB)";
        var marginColor = Colors.OrangeRed;
        var mb = plot.Add.Bars(Enumerable.Range(0, n).Select(i => new Bar
        {
            Position = i + 0.18, Value = marginDb[i], ValueBase = 0, FillColor = marginColor.WithAlpha(0.75), Size = 0.3, LineWidth = 0,
        }).ToList());
        mb.Axes.YAxis = right;
        var p99 = plot.Add.Scatter(Enumerable.Range(0, n).Select(i => i + 0.18).ToArray(), marginP99Db, Colors.Black);
        p99.LineWidth = 0;
        p99.MarkerSize = 9;
        p99.MarkerShape = MarkerShape.FilledDiamond;
        p99.Axes.YAxis = right;
        var zero = plot.Add.HorizontalLine(0, 1, Colors.Gray, LinePattern.Dashed);
        zero.Axes.YAxis = right;
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "margin, median link (worst time)", FillColor = marginColor.WithAlpha(0.75) });
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "margin, p99 link", MarkerColor = Colors.Black, MarkerShape = MarkerShape.FilledDiamond, MarkerSize = 9 });
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(Enumerable.Range(0, n).Select(i => (double)i).ToArray(), names.ToArray());
        plot.ShowLegend(Alignment.UpperRight);
        double lo = Math.Min(0, Math.Min(marginDb.Min(), marginP99Db.Min())), hi = Math.Max(1, Math.Max(marginDb.Max(), marginP99Db.Max()));
        plot.Axes.SetLimitsY(lo - 0.1 * (hi - lo), hi + 0.4 * (hi - lo), right);
        plot.Axes.SetLimitsY(0, baseline.Max() * 1.45);
        plot.Axes.SetLimitsX(-0.6, n - 0.4);
        return new Figure(plot, 1000, 560);
    }
}
