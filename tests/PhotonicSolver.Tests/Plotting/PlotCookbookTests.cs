using PhotonicSolver.Backends;
using PhotonicSolver.Circuit;
using PhotonicSolver.Plotting;
using PhotonicSolver.Sweep;
using PhotonicSolver.Tests.Cli;
using SkiaSharp;

namespace PhotonicSolver.Tests.Plotting;

/// <summary>
/// The cookbook: each figure kind drawn from fixed data (fixed seeds) into PNG and SVG, checked for a real image,
/// its axis labels (SVG text, and label pixels in the PNG margins) and, for maps, the Viridis colours.
/// </summary>
public class PlotCookbookTests
{
    private static string Temp(string name) => CliRunner.TempFile(name);

    private static void SaveBoth(Figure fig, string name, params string[] labels)
    {
        string png = fig.Save(Temp(name + ".png"));
        FigureAssert.HasAxisLabelPixels(FigureAssert.Png(png, fig.Width, fig.Height));
        var texts = FigureAssert.SvgTexts(fig.Save(Temp(name + ".svg")));
        foreach (var l in labels) Assert.Contains(l, texts);
    }

    /// <summary>Normal samples from a fixed seed (Box–Muller).</summary>
    private static double[] Normal(int n, double mean, double sigma, int seed)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => mean + sigma * Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble())).ToArray();
    }

    [Fact]
    public void SpectrumOfARingLinearAndDb()
    {
        var ring = TestCircuits.AllPassRing(coupling: 0.1, length: 62.83, lossDbCm: 3);
        var result = SweepResult.Run(ring, new SweepSpec([SweepAxis.Linear(FlatCircuit.WavelengthKey, 1.54, 1.56, 2001)]), new CpuBackend(1));
        var wl = result.Axis("wl");
        var series = new List<Series> { new("through←in", wl, result.Transmission("through", "in")) };
        SaveBoth(Figures.Spectrum(series, db: false), "spectrum_linear", AxisLabel.Wavelength, AxisLabel.TransmissionLinear);
        SaveBoth(Figures.Spectrum(series, db: true), "spectrum_db", AxisLabel.Wavelength, AxisLabel.TransmissionDb);
    }

    [Fact]
    public void SpectraOverSweepValuesAndPortPairsHaveALegendEntryEach()
    {
        var wl = Enumerable.Range(0, 401).Select(i => 1.54 + i * 5e-5).ToArray();
        var series = new List<Series>();
        double[] couplings = [0.05, 0.1, 0.2];
        for (int k = 0; k < couplings.Length; k++)
        {
            // Lorentzian dips of width ∝ coupling: fixed data, no solver needed.
            var t = wl.Select(w => 1 - 0.9 / (1 + Math.Pow((w - 1.55) / (1e-3 * couplings[k]), 2))).ToArray();
            series.Add(new Series($"κ²={couplings[k]} through", wl, t, k / 2.0, 0));
            series.Add(new Series($"κ²={couplings[k]} drop", wl, t.Select(v => 1 - v).ToArray(), k / 2.0, 1));
        }
        var fig = Figures.Spectrum(series, db: true);
        var texts = FigureAssert.SvgTexts(fig.Save(Temp("spectra.svg")));
        foreach (var s in series) Assert.Contains(s.Label, texts);
        FigureAssert.Png(fig.Save(Temp("spectra.png")));
    }

    [Fact]
    public void HeatmapUsesViridisWithALabelledColourBar()
    {
        // z = x·y on a 60 × 40 grid: the corners hold the extremes of the map.
        var x = Enumerable.Range(0, 60).Select(i => 1.5 + i * 0.001).ToArray();
        var y = Enumerable.Range(0, 40).Select(j => 0.05 + j * 0.005).ToArray();
        var z = new double[y.Length, x.Length];
        for (int j = 0; j < y.Length; j++) for (int i = 0; i < x.Length; i++) z[j, i] = i * j;
        var fig = Figures.Heatmap(x, y, z, AxisLabel.Wavelength, "dc.coupling (1)", "Transmission |S|² (dB)");
        SaveBoth(fig, "heatmap", AxisLabel.Wavelength, "dc.coupling (1)", "Transmission |S|² (dB)");
        var bmp = FigureAssert.Png(fig.Save(Temp("heatmap_colours.png")));
        // Viridis runs from dark purple #440154 to yellow #FDE725; both ends fill a corner of the map.
        Assert.True(FigureAssert.CountNear(bmp, new SKColor(0x44, 0x01, 0x54)) > 200, "no Viridis purple");
        Assert.True(FigureAssert.CountNear(bmp, new SKColor(0xFD, 0xE7, 0x25)) > 200, "no Viridis yellow");
        // y grows upwards: the maximum (top right of the data) is yellow near the top right of the plot area.
        var topRight = bmp.GetPixel(bmp.Width * 3 / 4, bmp.Height / 8);
        var bottomLeft = bmp.GetPixel(bmp.Width / 8, bmp.Height * 3 / 4);
        Assert.True(topRight.Red + topRight.Green > bottomLeft.Red + bottomLeft.Green, $"map upside down: {topRight} vs {bottomLeft}");
    }

    [Fact]
    public void ToleranceMapDrawsTheHalfAndOneDbContours()
    {
        // Gaussian mode overlap against lateral offsets: η = exp(−(x²+y²)/w²), w = 2 µm.
        var x = Enumerable.Range(0, 81).Select(i => -4 + i * 0.1).ToArray();
        var y = Enumerable.Range(0, 61).Select(j => -3 + j * 0.1).ToArray();
        var db = new double[y.Length, x.Length];
        for (int j = 0; j < y.Length; j++) for (int i = 0; i < x.Length; i++) db[j, i] = Figures.ToDb(Math.Exp(-(x[i] * x[i] + y[j] * y[j]) / 4));
        var fig = Figures.ToleranceMap(x, y, db, "x offset (µm)", "y offset (µm)");
        SaveBoth(fig, "tolerance", "x offset (µm)", "y offset (µm)", "-0.5 dB", "-1 dB", "Penalty relative to best (dB)");
    }

    [Fact]
    public void ContoursOfAGaussianAreCirclesOfTheAnalyticRadius()
    {
        // Penalty −10·log10(e)·r²/w² dB reaches L dB at r = w·√(−L/(10·log10 e)).
        var x = Enumerable.Range(0, 81).Select(i => -4 + i * 0.1).ToArray();
        var y = Enumerable.Range(0, 81).Select(j => -4 + j * 0.1).ToArray();
        var db = new double[y.Length, x.Length];
        for (int j = 0; j < y.Length; j++) for (int i = 0; i < x.Length; i++) db[j, i] = -10 * Math.Log10(Math.E) * (x[i] * x[i] + y[j] * y[j]) / 4;
        foreach (double level in new[] { -0.5, -1.0 })
        {
            double r = 2 * Math.Sqrt(-level / (10 * Math.Log10(Math.E)));
            var lines = Contours.Compute(x, y, db, level);
            Assert.Single(lines);
            var line = lines[0];
            Assert.Equal(line[0], line[^1]); // closed
            // Linear interpolation of r² between samples 0.1 apart errs by at most h²/4 in r² → ≤ 0.0025/(2r) in r.
            Assert.All(line, p => Assert.InRange(Math.Sqrt(p.X * p.X + p.Y * p.Y), r - 0.0025 / (2 * r) - 1e-12, r + 1e-12));
        }
    }

    [Fact]
    public void HistogramShowsSpecLinesAndTheYield()
    {
        // 500 resonance wavelengths, σ = 0.5 nm around 1550 nm, spec ±0.8 nm.
        var samples = Normal(500, 1.55, 0.0005, seed: 7);
        var yield = Statistics.Yield(samples, 1.5492, 1.5508);
        Assert.Equal(samples.Count(v => v >= 1.5492 && v <= 1.5508), yield.Pass);
        // ±1.6σ holds 89 % of a normal population; 500 samples scatter by √(0.89·0.11/500) = 1.4 %, so 4σ is ±6 %.
        Assert.InRange(yield.Fraction, 0.83, 0.95);
        var fig = Figures.Histogram(samples, AxisLabel.Wavelength, 1.5492, 1.5508);
        var texts = FigureAssert.SvgTexts(fig.Save(Temp("histogram.svg")));
        Assert.Contains(yield.ToString(), texts);
        Assert.Contains("spec min 1.5492", texts);
        Assert.Contains("Count (samples per bin)", texts);
        FigureAssert.HasAxisLabelPixels(FigureAssert.Png(fig.Save(Temp("histogram.png"))));
        var (_, counts, _) = Statistics.Bins(samples);
        Assert.Equal(500, counts.Sum());
        Assert.Equal(23, counts.Length); // ⌈√500⌉
    }

    [Fact]
    public void TimeTraceLightCurrentAndWavelengthVsTemperature()
    {
        // Heater step: first-order response with τ = 10 µs.
        var t = Enumerable.Range(0, 200).Select(i => i * 5e-7).ToArray();
        var trace = Figures.TimeTrace(t, [("ring", t.Select(s => 25 + 40 * (1 - Math.Exp(-s / 1e-5))).ToArray())], AxisLabel.Temperature);
        SaveBoth(trace, "trace", "Time (s)", AxisLabel.Temperature);

        // L-I above threshold (slope 0.3 mW/mA, I_th = 10 mA) at two temperatures.
        var i = Enumerable.Range(0, 61).Select(k => k * 1.0).ToArray();
        var li = Figures.LightCurrent([("25 °C", i, i.Select(c => Math.Max(0, 0.3 * (c - 10))).ToArray()),
                                       ("45 °C", i, i.Select(c => Math.Max(0, 0.25 * (c - 14))).ToArray())]);
        SaveBoth(li, "li", "Drive current (mA)", "Output power (mW)", "25 °C", "45 °C");

        // DFB drift 0.09 nm/K.
        var temps = Enumerable.Range(0, 9).Select(k => 20.0 + 5 * k).ToArray();
        var lt = Figures.WavelengthVsTemperature([("DFB", temps, temps.Select(c => 1.55 + 9e-5 * (c - 25)).ToArray())]);
        SaveBoth(lt, "wl_vs_t", AxisLabel.Temperature, AxisLabel.Wavelength);
    }

    [Fact]
    public void EmptyLabelsAndBadFileNamesAreErrors()
    {
        var s = new List<Series> { new("a", [1, 2], [1, 2]) };
        Assert.Contains("label", Assert.Throws<PhotonicException>(() => Figures.Lines(s, "", "y (1)")).Message);
        var fig = Figures.Lines(s, "x (1)", "y (1)");
        Assert.Contains(".png or .svg", Assert.Throws<PhotonicException>(() => fig.Save(Temp("fig.jpg"))).Message);
        var grid = new double[3, 3];
        Assert.Contains("must increase", Assert.Throws<PhotonicException>(() => Figures.Heatmap([1, 3, 2], [1, 2, 3], grid, "x (1)", "y (1)", "z (1)")).Message);
    }
}
