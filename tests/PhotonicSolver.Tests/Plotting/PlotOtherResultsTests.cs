using PhotonicSolver.Plotting;
using PhotonicSolver.Tests.Cli;

namespace PhotonicSolver.Tests.Plotting;

/// <summary>Every result type can be plotted from one command: thermal traces, laser operating points, fiber maps.</summary>
public class PlotOtherResultsTests
{
    [Fact]
    public void ThermalTraceIsPlottedAgainstTimeInDegrees()
    {
        string net = CliRunner.TempFile("net.yaml", """
            ambient_C: 25
            nodes:
              asic:  {capacitance_J_per_K: 5.0}
              laser: {capacitance_J_per_K: 0.05}
            links:
              - {from: asic, to: ambient, resistance_K_per_W: 0.2}
              - {from: asic, to: laser, resistance_K_per_W: 2.0}
              - {from: laser, to: ambient, resistance_K_per_W: 50}
            sources:
              asic: {power_W: 50}
              laser: {power_W: 0.3}
            time: {stop_s: 5, step_s: 0.01}
            """);
        string csv = Path.ChangeExtension(net, ".csv"), svg = Path.ChangeExtension(net, ".svg");
        var (code, _, err) = CliRunner.Run("thermal", net, "--out", csv);
        Assert.True(code == 0, err);
        (code, _, err) = CliRunner.Run("plot", csv, "--kind", "trace", "--out", svg);
        Assert.True(code == 0, err);
        var texts = FigureAssert.SvgTexts(svg);
        Assert.Contains("time (s)", texts);
        Assert.Contains(AxisLabel.Temperature, texts);
        Assert.Contains("T.asic", texts);
        Assert.Contains("T.laser", texts);
    }

    [Fact]
    public void LaserLiCurvesPerTemperatureAndWavelengthVsTemperature()
    {
        string csv = CliRunner.TempFile("laser.csv");
        var (code, _, err) = CliRunner.Run("laser", CliRunner.Example("lasers/dfb_quarter_wave.yaml"), "--temperature", "25:85:3", "--current", "0:100:101", "--out", csv);
        Assert.True(code == 0, err);
        string li = Path.ChangeExtension(csv, ".svg");
        (code, _, err) = CliRunner.Run("plot", csv, "--kind", "trace", "--x", "current_mA", "--y", "power_mW", "--group", "temperature_C", "--out", li);
        Assert.True(code == 0, err);
        var texts = FigureAssert.SvgTexts(li);
        Assert.Contains("current (mA)", texts);
        Assert.Contains("power (mW)", texts);
        Assert.Contains("power_mW (temperature = 55 °C)", texts); // one curve per temperature, with its unit

        string drift = Path.ChangeExtension(csv, ".png");
        (code, _, err) = CliRunner.Run("plot", csv, "--kind", "trace", "--x", "temperature_C", "--y", "wavelength_um", "--where", "current_mA=60", "--out", drift);
        Assert.True(code == 0, err);
        FigureAssert.HasAxisLabelPixels(FigureAssert.Png(drift));
    }

    [Fact]
    public void FiberCouplingMapAsAToleranceMapFromEfficiencyOrLoss()
    {
        string csv = CliRunner.TempFile("map.csv");
        var (code, _, err) = CliRunner.Run("coupling", CliRunner.Example("fiber/smf_to_ssc.yaml"), "--dx", "-4:4:41", "--dy", "-4:4:41", "--out", csv);
        Assert.True(code == 0, err);
        var table = ResultTable.Load(csv);
        // The penalty map is the same whether it is read from the efficiency or from the loss in dB.
        var a = ResultPlots.Tolerance(table, "dx_um", "dy_um", "efficiency");
        var b = ResultPlots.Tolerance(table, "dx_um", "dy_um", "loss_dB");
        var ha = a.Plot.GetPlottables().OfType<ScottPlot.Plottables.Heatmap>().Single().Intensities;
        var hb = b.Plot.GetPlottables().OfType<ScottPlot.Plottables.Heatmap>().Single().Intensities;
        for (int j = 0; j < 41; j++)
            for (int i = 0; i < 41; i++)
            {
                Assert.InRange(ha[j, i], -100, 0);
                Assert.Equal(ha[j, i], hb[j, i], 1e-9); // loss_dB is written from the same efficiency
            }
        string svg = Path.ChangeExtension(csv, ".svg");
        (code, _, err) = CliRunner.Run("plot", csv, "--kind", "tolerance", "--x", "dx_um", "--y", "dy_um", "--z", "loss_dB", "--out", svg);
        Assert.True(code == 0, err);
        var texts = FigureAssert.SvgTexts(svg);
        Assert.Contains("dx (µm)", texts);
        Assert.Contains("-0.5 dB", texts);
    }
}
