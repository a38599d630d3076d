using PhotonicSolver.Plotting;
using PhotonicSolver.Tests.Cli;
using SkiaSharp;

namespace PhotonicSolver.Tests.Plotting;

/// <summary>
/// One golden image per figure kind, drawn from fixed data and compared with the stored PNG under
/// tests/PhotonicSolver.Tests/Plotting/Goldens. The comparison is tolerant: it averages 8×8-pixel blocks, so
/// anti-aliasing and a font hinting difference pass, while a moved cell, a legend over the data, a lost colour
/// bar or a changed label fail. Regenerate after an intended change with PHOTONIC_UPDATE_GOLDENS=1 and look at the
/// images before committing them.
/// </summary>
public class GoldenImageTests
{
    private static string GoldenDir => Path.Combine(DocsTests.RepoRoot(), "tests", "PhotonicSolver.Tests", "Plotting", "Goldens");

    /// <summary>Block size and limits: a block's mean colour may move 40 levels (sum of RGB) in at most 1 % of blocks, 3 levels on average.</summary>
    private const int Block = 8;
    private const double BlockLimit = 40, ShareLimit = 0.01, MeanLimit = 3;

    private static void AssertGolden(Figure fig, string name)
    {
        byte[] png = fig.ToPng();
        string golden = Path.Combine(GoldenDir, name + ".png");
        if (Environment.GetEnvironmentVariable("PHOTONIC_UPDATE_GOLDENS") == "1")
        {
            Directory.CreateDirectory(GoldenDir);
            File.WriteAllBytes(golden, png);
        }
        Assert.True(File.Exists(golden), $"no golden image {golden}: create it with PHOTONIC_UPDATE_GOLDENS=1 dotnet test --filter GoldenImageTests, and check it by eye");
        using var want = SKBitmap.Decode(golden);
        using var got = SKBitmap.Decode(png);
        Assert.Equal((want.Width, want.Height), (got.Width, got.Height));
        int bx = want.Width / Block, by = want.Height / Block, bad = 0;
        double total = 0;
        for (int j = 0; j < by; j++)
            for (int i = 0; i < bx; i++)
            {
                double d = Math.Abs(Mean(want, i, j) - Mean(got, i, j));
                total += d;
                if (d > BlockLimit) bad++;
            }
        double share = (double)bad / (bx * by), mean = total / (bx * by);
        if (share > ShareLimit || mean > MeanLimit)
        {
            string actual = CliRunner.TempFile(name + ".actual.png");
            File.WriteAllBytes(actual, png);
            Assert.Fail($"{name}: {share:P1} of blocks differ by more than {BlockLimit} (limit {ShareLimit:P0}), mean difference {mean:F2} (limit {MeanLimit}); see {actual}");
        }
    }

    /// <summary>Mean of R+G+B over one block (so 0..765).</summary>
    private static double Mean(SKBitmap b, int bi, int bj)
    {
        double s = 0;
        for (int y = bj * Block; y < (bj + 1) * Block; y++)
            for (int x = bi * Block; x < (bi + 1) * Block; x++)
            {
                var c = b.GetPixel(x, y);
                s += c.Red + c.Green + c.Blue;
            }
        return s / (Block * Block);
    }

    /// <summary>A Lorentzian dip: a ring's through port, closed form, no solver involved.</summary>
    private static double Dip(double wl, double centre, double width, double depth) => 1 - depth / (1 + Math.Pow((wl - centre) / width, 2));

    private static ResultTable SweepTable(int values)
    {
        var wl = new List<double>(); var k = new List<double>(); var t = new List<double>(); var d = new List<double>();
        for (int j = 0; j < values; j++)
            for (int i = 0; i <= 200; i++)
            {
                double w = 1.54 + i * 1e-4, c = 0.05 + 0.25 * j / Math.Max(1, values - 1);
                wl.Add(w); k.Add(c);
                t.Add(Dip(w, 1.55, 2e-4 * (1 + 4 * c), 0.95 - c));
                d.Add(0.9 * (1 - Dip(w, 1.55, 2e-4 * (1 + 4 * c), 0.95 - c)) + 1e-4);
            }
        return ResultTable.FromColumns("golden", [("wl_um", wl.ToArray()), ("c1.coupling", k.ToArray()), ("T.through.in", t.ToArray()), ("T.drop.in", d.ToArray())]);
    }

    [Fact]
    public void Spectrum() => AssertGolden(ResultPlots.Spectrum(SweepTable(3), db: true), "spectrum");

    [Fact]
    public void SpectrumWithColourBar() => AssertGolden(ResultPlots.Spectrum(SweepTable(12), y: ["T.through.in"]), "spectrum_colourbar");

    [Fact]
    public void Heatmap()
    {
        // A list sweep with uneven values: cells must sit at 0.1, 0.2, 0.4 with edges halfway.
        double[] x = Enumerable.Range(0, 101).Select(i => 1.54 + i * 2e-4).ToArray(), y = [0.1, 0.2, 0.4];
        var z = new double[3, 101];
        for (int j = 0; j < 3; j++) for (int i = 0; i < 101; i++) z[j, i] = Figures.ToDb(Dip(x[i], 1.55, 3e-4 * (1 + 4 * y[j]), 0.9));
        AssertGolden(Figures.Heatmap(x, y, z, AxisLabel.Wavelength, "c1.coupling", AxisLabel.TransmissionDb, "Transmission over wavelength and c1.coupling"), "heatmap");
    }

    [Fact]
    public void Tolerance()
    {
        var rows = new List<(double, double, double)>();
        for (int i = -10; i <= 10; i++) for (int j = -10; j <= 10; j++) rows.Add((i * 0.4, j * 0.4, Math.Exp(-(i * i * 0.16 / 9 + j * j * 0.16 / 4))));
        var t = ResultTable.FromColumns("golden", [("dx_um", rows.Select(r => r.Item1).ToArray()), ("dy_um", rows.Select(r => r.Item2).ToArray()),
                                                   ("efficiency", rows.Select(r => r.Item3).ToArray())]);
        AssertGolden(ResultPlots.Tolerance(t, "dx_um", "dy_um", "efficiency"), "tolerance");
    }

    [Fact]
    public void Histogram()
    {
        var rng = new Random(7);
        var v = Enumerable.Range(0, 2000).Select(_ => -30 + 2 * Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble())).ToArray();
        var t = ResultTable.FromColumns("golden", [("isolation_dB", v)]);
        AssertGolden(ResultPlots.Histogram(t, "isolation_dB", null, -27, 40), "histogram");
    }

    [Fact]
    public void Trace()
    {
        var time = Enumerable.Range(0, 200).Select(i => i * 0.05).ToArray();
        var t = ResultTable.FromColumns("golden", [("time_s", time),
            ("T.asic", time.Select(s => 30 + 40 * (1 - Math.Exp(-s / 2))).ToArray()),
            ("T.laser", time.Select(s => 30 + 15 * (1 - Math.Exp(-s / 0.5))).ToArray())]);
        AssertGolden(ResultPlots.Trace(t, null, []), "trace");
    }

    [Fact]
    public void DriftInPicometres()
    {
        var temps = Enumerable.Range(0, 7).Select(i => 25.0 + 10 * i).ToArray();
        var t = ResultTable.FromColumns("golden", [("temperature_C", temps), ("resonance_um", temps.Select(c => 1.55 + 76e-6 * (c - 25)).ToArray())]);
        AssertGolden(ResultPlots.Spectrum(t), "drift_pm");
    }
}
