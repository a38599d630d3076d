using System.Globalization;
using System.Text.RegularExpressions;
using PhotonicSolver.Plotting;
using PhotonicSolver.Tests.Cli;
using ScottPlot;
using SkiaSharp;

namespace PhotonicSolver.Tests.Plotting;

/// <summary>
/// Figures that read right (issue 18): cells where their values are, units on every axis and only real ones,
/// legends that never cover a curve, titles that say what is plotted, yields that never round a failure away,
/// and `plot` reading every output the project writes.
/// </summary>
public class FigureReadsRightTests
{
    private static string Csv(string name, string text) => CliRunner.TempFile(name, text.Replace("\r", ""));

    [Fact]
    public void HeatmapRowsSitAtTheirValuesWithEdgesHalfwayBetween()
    {
        // The issue's case: c1.coupling = 0.1, 0.2, 0.3, 0.4 was drawn centred at 0.05, 0.18, 0.32, 0.45.
        double[] x = [1.0, 2.0, 3.0], y = [0.1, 0.2, 0.3, 0.4];
        var z = new double[4, 3];
        for (int j = 0; j < 4; j++) for (int i = 0; i < 3; i++) z[j, i] = j;
        var fig = Figures.Heatmap(x, y, z, "x", "c1.coupling", "row");
        var bmp = SKBitmap.Decode(fig.ToPng());
        var map = new ScottPlot.Colormaps.Viridis();
        for (int j = 0; j < 4; j++)
        {
            // The centre of each row is drawn in that row's colour, and so are points just inside its edges.
            foreach (double at in new[] { y[j], y[j] - 0.045, y[j] + 0.045 })
            {
                var px = fig.Plot.GetPixel(new Coordinates(2.0, at));
                var c = bmp.GetPixel((int)px.X, (int)px.Y);
                var want = map.GetColor(j / 3.0);
                Assert.True(Math.Abs(c.Red - want.R) + Math.Abs(c.Green - want.G) + Math.Abs(c.Blue - want.B) < 12,
                            $"row {j} at y = {at}: pixel {c} but row colour {want}");
            }
        }
        Assert.Equal([0.05, 0.15, 0.25, 0.35, 0.45], Figures.Edges(y, "y").Select(e => Math.Round(e, 12)));
    }

    [Fact]
    public void UnevenListSweepIsDrawnAtItsValues()
    {
        double[] x = [1.0, 2.0], y = [0.1, 0.2, 0.4];
        var z = new double[3, 2];
        for (int j = 0; j < 3; j++) for (int i = 0; i < 2; i++) z[j, i] = j;
        var fig = Figures.Heatmap(x, y, z, "x", "y", "row");
        var bmp = SKBitmap.Decode(fig.ToPng());
        var map = new ScottPlot.Colormaps.Viridis();
        // Edges: 0.05 | 0.15 | 0.3 | 0.5. A point at 0.28 belongs to row 1 (value 0.2), at 0.32 to row 2 (0.4).
        foreach (var (at, row) in new[] { (0.12, 0), (0.18, 1), (0.28, 1), (0.32, 2), (0.45, 2) })
        {
            var px = fig.Plot.GetPixel(new Coordinates(1.5, at));
            var c = bmp.GetPixel((int)px.X, (int)px.Y);
            var want = map.GetColor(row / 2.0);
            Assert.True(Math.Abs(c.Red - want.R) + Math.Abs(c.Green - want.G) + Math.Abs(c.Blue - want.B) < 12, $"y = {at}: {c}, want row {row}");
        }
    }

    [Fact]
    public void SvgTickLabelsSitAtTheirAxisValues()
    {
        double[] x = [1.0, 2.0, 3.0, 4.0, 5.0];
        var fig = Figures.Lines([new Series("a", x, x.Select(v => v * v).ToArray())], AxisLabel.Wavelength, "Power (mW)");
        string svg = fig.ToSvg();
        fig.ToPng(); // lay the figure out at the same size so pixel positions can be asked for
        // ScottPlot writes each label as <text transform="translate(X Y)" ...> with X the anchor: the label's centre.
        var ticks = Regex.Matches(svg, @"<text transform=""translate\(([\d.]+) ([\d.]+)\)""[^>]*>\s*([^<]*?)\s*</text>")
                         .Select(m => (X: double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), Text: m.Groups[3].Value)).ToList();
        var two = ticks.Where(t => t.Text == "2").ToList();
        Assert.NotEmpty(two);
        double expected = fig.Plot.GetPixel(new Coordinates(2.0, 0)).X;
        // The tick label "2" is centred on x = 2 (to a pixel: positions are rounded by the layout).
        Assert.Contains(two, t => Math.Abs(t.X - expected) < 1.5);
        double at4 = fig.Plot.GetPixel(new Coordinates(4.0, 0)).X;
        Assert.Contains(ticks, t => t.Text == "4" && Math.Abs(t.X - at4) < 1.5);
        Assert.Contains(AxisLabel.Wavelength, FigureTexts(svg));
        Assert.Contains("Power (mW)", FigureTexts(svg));
    }

    private static List<string> FigureTexts(string svg) =>
        Regex.Matches(svg, @"<text[^>]*>(.*?)</text>", RegexOptions.Singleline).Select(m => System.Net.WebUtility.HtmlDecode(m.Groups[1].Value.Trim())).ToList();

    [Theory]
    [InlineData(99954, 100000, "99.95 %")]
    [InlineData(99999, 100000, "99.999 %")]
    [InlineData(100000, 100000, "100.0 %")]
    [InlineData(1, 100000, "0.001000 %")]
    [InlineData(0, 7, "0 %")]
    [InlineData(2, 3, "66.67 %")]
    public void YieldHasFourSignificantFiguresAndNeverRoundsAFailureAway(int pass, int total, string text)
        => Assert.Equal(text, new YieldResult(pass, total).Percent);

    [Fact]
    public void HistogramYieldIsPrintedToo()
    {
        var rows = Enumerable.Range(0, 1000).Select(i => (i / 1000.0).ToString(CultureInfo.InvariantCulture));
        string csv = Csv("samples.csv", "sample,il\n" + string.Join("\n", rows.Select((v, i) => $"{i},{v}")) + "\n");
        var r = CliRunner.Run("plot", csv, "--kind", "histogram", "--x", "il", "--spec", ":0.9985", "--out", CliRunner.TempFile("h.svg"));
        Assert.True(r.Code == 0, r.Err);
        Assert.Contains("yield 99.90 % (999 of 1000 within spec)", r.Out);
    }

    [Fact]
    public void DbAxisOnlyForConvertedData()
    {
        // Already in dB: --db leaves the column and its label alone, and says so.
        string csv = Csv("c.csv", "dx_um,efficiency,loss_dB\n0,1,0\n1,0.5,3.0103\n2,0.25,6.0206\n");
        string svg = CliRunner.TempFile("c.svg");
        var r = CliRunner.Run("plot", csv, "--x", "dx_um", "--y", "loss_dB", "--db", "--out", svg);
        Assert.True(r.Code == 0, r.Err);
        Assert.Contains("'loss_dB' is already in dB", r.Err);
        var texts = FigureAssert.SvgTexts(svg);
        Assert.Contains("loss (dB)", texts);
        // Linear: converted, and labelled dB only then.
        r = CliRunner.Run("plot", csv, "--x", "dx_um", "--y", "efficiency", "--db", "--out", svg);
        Assert.True(r.Code == 0, r.Err);
        Assert.Contains("efficiency (dB)", FigureAssert.SvgTexts(svg));
        r = CliRunner.Run("plot", csv, "--x", "dx_um", "--y", "efficiency", "--out", svg);
        Assert.True(r.Code == 0, r.Err);
        texts = FigureAssert.SvgTexts(svg);
        Assert.Contains("efficiency", texts);
        Assert.DoesNotContain("efficiency (dB)", texts);
        Assert.DoesNotContain(texts, t => t.EndsWith("(1)", StringComparison.Ordinal));
    }

    [Fact]
    public void TwoUnitsGetTwoAxesNotOneMixedLabel()
    {
        string csv = Csv("link.csv", "chip_temperature_C,received_power_dBm,link_loss_dB\n25,-3,5\n50,-4,6\n75,-6,8\n");
        string svg = CliRunner.TempFile("l.svg");
        var r = CliRunner.Run("plot", csv, "--x", "chip_temperature_C", "--y", "received_power_dBm,link_loss_dB", "--out", svg);
        Assert.True(r.Code == 0, r.Err);
        var texts = FigureAssert.SvgTexts(svg);
        Assert.Contains("received power (dBm)", texts);
        Assert.Contains("link loss (dB)", texts);
    }

    [Fact]
    public void MonteCarloMetricsCarryTheirUnits()
    {
        string csv = Csv("mc.csv", "# photonic montecarlo samples\n# sweep_spec: \n#   specs:\n#     - {name: isolation, metric: transmission_dB, pair: cross:in, at_wl: 1.55, max: -25}\n" +
                                   "sample,dc1.coupling,isolation,pass,nan\n0,0.5,-30,1,0\n1,0.51,-28,1,0\n2,0.49,-20,0,0\n");
        string svg = CliRunner.TempFile("mc.svg");
        var r = CliRunner.Run("plot", csv, "--kind", "histogram", "--x", "isolation", "--spec", ":-25", "--out", svg);
        Assert.True(r.Code == 0, r.Err);
        Assert.Contains("isolation (dB)", FigureAssert.SvgTexts(svg));
    }

    [Fact]
    public void ManyCurvesGetAColourBarAndTheLegendStaysOutsideTheData()
    {
        string csv = CliRunner.TempFile("g.csv");
        var r = CliRunner.Run("sweep", CliRunner.Example("ring_add_drop.yaml"), "--wl", "1.54:1.56:201", "--pair", "through:in", "--sweep", "c1.coupling=0.05:0.3:20", "--out", csv);
        Assert.True(r.Code == 0, r.Err);
        string svg = CliRunner.TempFile("g.svg");
        r = CliRunner.Run("plot", csv, "--out", svg);
        Assert.True(r.Code == 0, r.Err);
        var texts = FigureAssert.SvgTexts(svg);
        Assert.Contains("c1.coupling", texts); // the colour bar's label
        Assert.DoesNotContain(texts, t => t.StartsWith("through←in (c1.coupling", StringComparison.Ordinal)); // no 20-entry legend

        var series = new List<Series> { new("a", [1, 2, 3], [1, 2, 3]), new("b", [1, 2, 3], [3, 2, 1]) };
        var fig = Figures.Lines(series, "x", "y");
        var bmp = SKBitmap.Decode(fig.ToPng());
        var rect = fig.Plot.LastRender.DataRect;
        // Every dark legend pixel lies right of the data area: nothing is drawn over the curves.
        int inside = 0;
        for (int yy = (int)rect.Top + 2; yy < (int)rect.Bottom - 2; yy++)
            for (int xx = (int)rect.Right + 4; xx < bmp.Width; xx++)
                if (bmp.GetPixel(xx, yy) is var c && c.Red + c.Green + c.Blue < 600) inside++;
        Assert.True(inside > 30, $"the legend is right of the data area ({inside} legend pixels there)");
    }

    [Fact]
    public void SweepPlotWithMoreThan64CurvesStillWritesAFigure()
    {
        string csv = CliRunner.TempFile("big.csv"), png = CliRunner.TempFile("big.png");
        var r = CliRunner.Run("sweep", CliRunner.Example("ring_add_drop.yaml"), "--wl", "1.54:1.56:51", "--pair", "through:in",
                              "--sweep", "c1.coupling=0.05:0.3:20", "--sweep", "c2.coupling=0.05:0.3:5", "--out", csv, "--plot", png);
        Assert.True(r.Code == 0, r.Err);
        Assert.True(File.Exists(csv));
        FigureAssert.Png(png);
    }

    [Fact]
    public void PlotReadsTmmTextColumnsAsGroups()
    {
        string csv = CliRunner.TempFile("t.csv");
        var r = CliRunner.Run("tmm", CliRunner.Example("tmm/ar_coating.yaml"), "--wl", "0.4:0.8:41", "--angle", "0,45", "--pol", "both", "--out", csv);
        Assert.True(r.Code == 0, r.Err);
        string svg = CliRunner.TempFile("t.svg");
        r = CliRunner.Run("plot", csv, "--out", svg);
        Assert.True(r.Code == 0, r.Err);
        var texts = FigureAssert.SvgTexts(svg);
        Assert.Contains(texts, t => t.Contains("pol = p", StringComparison.Ordinal));
        r = CliRunner.Run("plot", csv, "--where", "pol=s", "--where", "angle_deg=45", "--y", "R", "--db", "--out", svg);
        Assert.True(r.Code == 0, r.Err);
        Assert.Contains("Reflectance R (dB)", FigureAssert.SvgTexts(svg));
    }

    [Fact]
    public void PlotReadsEmptyCellsAsGapsAndLaserModeTables()
    {
        string drift = Csv("d.csv", "time_s,T.pic,cpo.detuning_pm,laser_mW.cpo\n0,30,0,\n1,31,-5,\n2,33,-12,\n3,35,-20,\n");
        var r = CliRunner.Run("plot", drift, "--kind", "trace", "--out", CliRunner.TempFile("d.svg"));
        Assert.True(r.Code == 0, r.Err);
        r = CliRunner.Run("plot", drift, "--kind", "trace", "--y", "laser_mW.cpo", "--out", CliRunner.TempFile("d2.svg"));
        Assert.True(r.Code == 0, r.Err);

        string modes = CliRunner.TempFile("modes.csv"), svg = CliRunner.TempFile("m.svg");
        r = CliRunner.Run("laser", CliRunner.Example("lasers/dfb_quarter_wave.yaml"), "--modes", "4", "--out", modes);
        Assert.True(r.Code == 0, r.Err);
        r = CliRunner.Run("plot", modes, "--out", svg);
        Assert.True(r.Code == 0, r.Err);
        var texts = FigureAssert.SvgTexts(svg);
        Assert.Contains("threshold gain (1/cm)", texts);
        Assert.Contains(texts, t => t.StartsWith("wavelength (µm)", StringComparison.Ordinal) || t.StartsWith("wavelength", StringComparison.Ordinal));
    }

    [Fact]
    public void DriftAxesAreInPicometres()
    {
        string csv = Csv("shift.csv", "temperature_C,resonance_um\n25,1.550000\n45,1.551520\n65,1.553040\n");
        string svg = CliRunner.TempFile("s.svg");
        var r = CliRunner.Run("plot", csv, "--out", svg);
        Assert.True(r.Code == 0, r.Err);
        var texts = FigureAssert.SvgTexts(svg);
        Assert.Contains("resonance − 1.55 µm (pm)", texts);
        Assert.Contains("3,000", texts); // 3.04 nm of drift on a pm axis
    }

    [Fact]
    public void TruncatedInputIsPlottedWithAWarning()
    {
        string csv = Csv("tr.csv", "wl_um,T.a.b,re.a.b,im.a.b\n1.5,0.1,0,0\n1.6,0.2,0,0\n# TRUNCATED: run interrupted after 2 of 10 points\n");
        var r = CliRunner.Run("plot", csv, "--out", CliRunner.TempFile("tr.png"));
        Assert.True(r.Code == 0, r.Err);
        Assert.Contains("is marked truncated", r.Err);
        Assert.Contains("2 rows", r.Err);
    }

    [Fact]
    public void SweepCsvAxisValuesAreTheirDecimals()
    {
        var r = CliRunner.Run("sweep", CliRunner.Example("ring_add_drop.yaml"), "--wl", "1.2:1.3:101", "--pair", "through:in",
                              "--sweep", "c1.coupling=0.1:0.9:9", "--out", "-");
        Assert.True(r.Code == 0, r.Err);
        Assert.Contains("\n1.201,", r.Out);
        Assert.DoesNotContain("1.2009999999999998", r.Out);
        Assert.DoesNotContain("9999999", string.Join("\n", r.Out.Split('\n').Select(l => string.Join(",", l.Split(',').Take(2)))));
        // Results stay round-trip exact; --format g6 makes them compact.
        var line = r.Out.Split('\n')[2].Split(',');
        Assert.Equal("0.1", line[1]);
        Assert.True(line[2].Length > 10, line[2]);
        var g6 = CliRunner.Run("sweep", CliRunner.Example("ring_add_drop.yaml"), "--wl", "1.2:1.3:101", "--pair", "through:in", "--format", "g6", "--out", "-");
        Assert.True(g6.Code == 0, g6.Err);
        Assert.All(g6.Out.Split('\n').Skip(1).Where(l => l.Length > 0).SelectMany(l => l.Split(',').Skip(1)),
                   v => Assert.Equal(double.Parse(v, CultureInfo.InvariantCulture).ToString("G6", CultureInfo.InvariantCulture), v));
    }
}
