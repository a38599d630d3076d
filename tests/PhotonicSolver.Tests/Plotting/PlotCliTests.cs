using System.Globalization;
using PhotonicSolver.Plotting;
using PhotonicSolver.Tests.Cli;

namespace PhotonicSolver.Tests.Plotting;

/// <summary>`photonic plot` on the CSVs the CLI writes, `sweep --plot` and the demo figure.</summary>
public class PlotCliTests
{
    private static string SweepCsv(params string[] extra)
    {
        string csv = CliRunner.TempFile("sweep.csv");
        var (code, _, err) = CliRunner.Run(["sweep", CliRunner.Example("ring_add_drop.yaml"), "--wl", "1.545:1.555:201", "--out", csv, .. extra]);
        Assert.True(code == 0, err);
        return csv;
    }

    [Fact]
    public void SpectrumFromASweepCsvInPngAndSvg()
    {
        string csv = SweepCsv("--pair", "drop:in,through:in", "--sweep", "c1.coupling=0.05,0.1,0.2");
        string png = CliRunner.TempFile("s.png"), svg = CliRunner.TempFile("s.svg");
        var (code, _, err) = CliRunner.Run("plot", csv, "--kind", "spectrum", "--x", "wl_um", "--y", "T.through.in,T.drop.in", "--db", "--out", png);
        Assert.True(code == 0, err);
        FigureAssert.HasAxisLabelPixels(FigureAssert.Png(png));
        (code, _, err) = CliRunner.Run("plot", csv, "--db", "--out", svg);
        Assert.True(code == 0, err);
        var texts = FigureAssert.SvgTexts(svg);
        Assert.Contains(AxisLabel.Wavelength, texts);
        Assert.Contains(AxisLabel.TransmissionDb, texts);
        // One curve per coupling value and port pair, named by value.
        Assert.Contains("through←in (c1.coupling = 0.1)", texts);
        Assert.Contains("drop←in (c1.coupling = 0.2)", texts);
        Assert.Contains("Transmission vs wavelength, for each c1.coupling", texts); // the title says what is plotted
    }

    [Fact]
    public void HeatmapToleranceHistogramAndTraceKinds()
    {
        string csv = SweepCsv("--pair", "through:in", "--sweep", "c1.coupling=0.05:0.2:7");
        string heat = CliRunner.TempFile("h.png");
        var (code, _, err) = CliRunner.Run("plot", csv, "--kind", "heatmap", "--x", "wl_um", "--y", "c1.coupling", "--z", "T.through.in", "--db", "--out", heat);
        Assert.True(code == 0, err);
        FigureAssert.Png(heat, 900, 550);

        // A tolerance table: coupling efficiency against two offsets, as a fiber-attach study would write it.
        var rows = new List<string> { "dx_um,dy_um,eta" };
        for (int i = -10; i <= 10; i++)
            for (int j = -10; j <= 10; j++)
                rows.Add(string.Create(CultureInfo.InvariantCulture, $"{i * 0.2},{j * 0.2},{Math.Exp(-(i * i + j * j) * 0.04 / 4)}"));
        string tol = CliRunner.TempFile("tol.csv", string.Join("\n", rows));
        string tolSvg = CliRunner.TempFile("tol.svg");
        (code, _, err) = CliRunner.Run("plot", tol, "--kind", "tolerance", "--x", "dx_um", "--y", "dy_um", "--z", "eta", "--out", tolSvg);
        Assert.True(code == 0, err);
        var texts = FigureAssert.SvgTexts(tolSvg);
        Assert.Contains("dx (µm)", texts);
        Assert.Contains("-1 dB", texts);

        string hist = CliRunner.TempFile("hist.svg");
        (code, _, err) = CliRunner.Run("plot", tol, "--kind", "histogram", "--x", "eta", "--spec", "0.5:", "--out", hist);
        Assert.True(code == 0, err);
        Assert.Contains(texts = FigureAssert.SvgTexts(hist), t => t.StartsWith("Distribution of eta: yield", StringComparison.Ordinal));

        string trace = CliRunner.TempFile("trace.csv", "time_s,temperature\n0,25\n1e-6,30\n2e-6,33\n3e-6,34.5\n");
        string traceSvg = CliRunner.TempFile("trace.svg");
        (code, _, err) = CliRunner.Run("plot", trace, "--kind", "trace", "--x", "time_s", "--y", "temperature", "--out", traceSvg);
        Assert.True(code == 0, err);
        texts = FigureAssert.SvgTexts(traceSvg);
        Assert.Contains("time (s)", texts);
        Assert.Contains(AxisLabel.Temperature, texts);
    }

    [Fact]
    public void SweepPlotAndDemoWriteFigures()
    {
        string csv = CliRunner.TempFile("g.csv"), png = CliRunner.TempFile("g.png");
        var (code, _, err) = CliRunner.Run("sweep", CliRunner.Example("ring_all_pass.yaml"), "--wl", "1.54:1.56:501", "--out", csv, "--plot", png);
        Assert.True(code == 0, err);
        FigureAssert.HasAxisLabelPixels(FigureAssert.Png(png));

        string demo = CliRunner.TempFile("demo_ring.csv");
        (code, var stdout, err) = CliRunner.Run("demo", "--out", demo);
        Assert.True(code == 0, err);
        string demoPng = Path.ChangeExtension(demo, ".png");
        Assert.Contains(demoPng, stdout);
        FigureAssert.HasAxisLabelPixels(FigureAssert.Png(demoPng));
    }

    [Theory]
    [InlineData("--kind", "pie", "expected spectrum, heatmap")]
    [InlineData("--y", "T.nope.in", "no column 'T.nope.in'")]
    [InlineData("--kind", "heatmap", "needs one --y column")]
    public void BadPlotRequestsExitWithAMessage(string option, string value, string message)
    {
        string csv = SweepCsv("--pair", "through:in");
        var (code, _, err) = CliRunner.Run("plot", csv, option, value, "--out", CliRunner.TempFile("x.png"));
        Assert.Equal(2, code);
        Assert.Contains(message, err);
        Assert.StartsWith("error: ", err);
    }

    [Fact]
    public void MapsRefuseAThirdVaryingAxisAndTablesReportTheirLine()
    {
        string csv = SweepCsv("--pair", "through:in", "--sweep", "c1.coupling=0.1,0.2", "--sweep", "temperature=25,35");
        var (code, _, err) = CliRunner.Run("plot", csv, "--kind", "heatmap", "--y", "c1.coupling", "--out", CliRunner.TempFile("x.png"));
        Assert.Equal(2, code);
        Assert.Contains("'temperature' (2 values) also vary", err);
        Assert.Contains("--where", err);
        string map = CliRunner.TempFile("m.svg");
        (code, _, err) = CliRunner.Run("plot", csv, "--kind", "heatmap", "--y", "c1.coupling", "--where", "temperature=35", "--out", map);
        Assert.True(code == 0, err);
        Assert.Contains("c1.coupling", FigureAssert.SvgTexts(map)); // dimensionless: no unit, never "(1)"
        (code, _, err) = CliRunner.Run("plot", csv, "--kind", "heatmap", "--y", "c1.coupling", "--where", "temperature=30", "--out", map);
        Assert.Equal(2, code);
        Assert.Contains("no row has temperature = 30; its values: 25, 35", err);

        string bad = CliRunner.TempFile("bad.csv", "a,b\n1,2\n3,x\n");
        (code, _, err) = CliRunner.Run("plot", bad, "--x", "a", "--y", "b", "--out", CliRunner.TempFile("x.png"));
        Assert.Equal(2, code);
        Assert.Contains("bad.csv:3: column 'b': 'x' is not a number", err);
    }
}
