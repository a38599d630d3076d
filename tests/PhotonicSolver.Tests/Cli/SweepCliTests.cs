using System.Globalization;
using PhotonicSolver.Numerics;
using PhotonicSolver.Sweep;

namespace PhotonicSolver.Tests.Cli;

public class SweepCliTests
{
    private static List<string[]> ReadCsv(string path) =>
        File.ReadAllLines(path).Select(l => l.Split(',')).ToList();

    private static double D(string s) => double.Parse(s, CultureInfo.InvariantCulture);

    [Fact]
    public void SweepWritesHeaderAndOneRowPerWavelength()
    {
        string outPath = CliRunner.TempFile("ring.csv");
        var (code, _, err) = CliRunner.Run("sweep", CliRunner.Example("ring_all_pass.yaml"), "--wl", "1.54:1.56:101", "--out", outPath);
        Assert.True(code == 0, err);
        var rows = ReadCsv(outPath);
        Assert.Equal(["wl_um", "T.in.in", "re.in.in", "im.in.in", "T.in.through", "re.in.through", "im.in.through",
                      "T.through.in", "re.through.in", "im.through.in", "T.through.through", "re.through.through", "im.through.through"], rows[0]);
        Assert.Equal(102, rows.Count);
        Assert.Equal(1.54, D(rows[1][0]), 15);
        Assert.Equal(1.56, D(rows[^1][0]), 14);
        // T is |S|² of the re/im columns, and the lossy ring's through never exceeds 1.
        foreach (var r in rows.Skip(1))
        {
            double t = D(r[7]), re = D(r[8]), im = D(r[9]);
            Assert.Equal(re * re + im * im, t, 15);
            Assert.InRange(t, 0, 1);
        }
    }

    [Fact]
    public void SweepValuesMatchTheLibrarySolve()
    {
        string outPath = CliRunner.TempFile("ring.csv");
        var (code, _, err) = CliRunner.Run("sweep", CliRunner.Example("ring_all_pass.yaml"), "--wl", "1.55:1.56:11", "--pair", "through:in", "--out", outPath);
        Assert.True(code == 0, err);
        var rows = ReadCsv(outPath);
        Assert.Equal(["wl_um", "T.through.in", "re.through.in", "im.through.in"], rows[0]);
        var circuit = PhotonicSolver.Cli.Commands.CommonOptions.LoadCircuit(CliRunner.Example("ring_all_pass.yaml"));
        var s = TestCircuits.Solve(circuit, TestCircuits.Wavelengths(1.55, 1.56, 11));
        for (int p = 0; p < 11; p++)
        {
            // The CSV holds round-trip ("R") formatted doubles: exact.
            Assert.Equal(s[p][1, 0].Re, D(rows[p + 1][2]));
            Assert.Equal(s[p][1, 0].Im, D(rows[p + 1][3]));
        }
    }

    [Fact]
    public void StdoutOutputAndSetOverride()
    {
        var (code, stdout, err) = CliRunner.Run("sweep", CliRunner.Example("ring_all_pass.yaml"), "--wl", "1.55", "--pair", "through:in",
                                                "--set", "dc.coupling=0", "--out", "-");
        Assert.True(code == 0, err);
        var lines = stdout.Trim().Split('\n');
        Assert.Equal(2, lines.Length);
        // With coupling 0 the ring is decoupled: through = bus transmission, |T|² = 10^(−2 dB/cm·20 µm·1e-4/10).
        double t = D(lines[1].Split(',')[1]);
        Assert.Equal(Math.Pow(10, -2 * 20 * 1e-4 / 10), t, 12);
    }

    [Fact]
    public void SweptSettingBecomesAColumnAndVariesOuter()
    {
        string outPath = CliRunner.TempFile("grid.csv");
        var (code, _, err) = CliRunner.Run("sweep", CliRunner.Example("ring_all_pass.yaml"), "--wl", "1.55:1.551:3",
                                           "--sweep", "dc.coupling=0.1,0.2", "--sweep", "temperature=25:45:3", "--pair", "through:in", "--out", outPath);
        Assert.True(code == 0, err);
        var rows = ReadCsv(outPath);
        Assert.Equal(["wl_um", "dc.coupling", "temperature", "T.through.in", "re.through.in", "im.through.in"], rows[0]);
        Assert.Equal(1 + 2 * 3 * 3, rows.Count);
        // Last axis (wl) fastest, first --sweep slowest.
        Assert.Equal("0.1", rows[1][1]); Assert.Equal("25", rows[1][2]); Assert.Equal(1.55, D(rows[1][0]));
        Assert.Equal("0.1", rows[2][1]); Assert.Equal(1.5505, D(rows[2][0]), 15);
        Assert.Equal("35", rows[4][2]);
        Assert.Equal("0.2", rows[10][1]);
    }

    [Fact]
    public void SweepFileGivesTheSameGridAsOptions()
    {
        string sweepFile = CliRunner.TempFile("sweep.yaml", "wl: 1.55:1.551:3\nsweep:\n  dc.coupling: [0.1, 0.2]\nset:\n  ring.loss_dB_cm: 5\n");
        string a = CliRunner.TempFile("a.csv"), b = CliRunner.TempFile("b.csv");
        Assert.Equal(0, CliRunner.Run("sweep", CliRunner.Example("ring_all_pass.yaml"), "--sweep-file", sweepFile, "--out", a).Code);
        Assert.Equal(0, CliRunner.Run("sweep", CliRunner.Example("ring_all_pass.yaml"), "--wl", "1.55:1.551:3", "--sweep", "dc.coupling=0.1,0.2",
                                      "--set", "ring.loss_dB_cm=5", "--out", b).Code);
        Assert.Equal(File.ReadAllText(b), File.ReadAllText(a));
    }

    [Fact]
    public void ChunkedStreamingMatchesOneChunk()
    {
        string a = CliRunner.TempFile("a.csv"), b = CliRunner.TempFile("b.csv");
        Assert.Equal(0, CliRunner.Run("sweep", CliRunner.Example("ring_add_drop.yaml"), "--wl", "1.5:1.6:5000", "--sweep", "c1.coupling=0.1,0.2", "--out", a).Code);
        Assert.Equal(0, CliRunner.Run("sweep", CliRunner.Example("ring_add_drop.yaml"), "--wl", "1.5:1.6:5000", "--sweep", "c1.coupling=0.1,0.2", "--out", b, "--chunk-points", "777").Code);
        Assert.Equal(File.ReadAllText(a), File.ReadAllText(b));
    }

    [Fact]
    public void CancelledRunLeavesAValidTruncatedFile()
    {
        var plan = PhotonicSolver.Circuit.PlanCompiler.Compile(TestCircuits.AllPassRing(0.1, 50), TestCircuits.Wavelengths(1.5, 1.6, 10_000));
        using var backend = new PhotonicSolver.Backends.CpuBackend();
        using var prepared = backend.Prepare(plan);
        var sw = new StringWriter();
        using var cts = new CancellationTokenSource();
        var progress = new Progress(p => { if (p.Done >= 3000) cts.Cancel(); });
        var summary = SweepRunner.Run(prepared, new PhotonicSolver.IO.CsvSweepWriter(sw, ownsWriter: false), 1000, progress, cts.Token);
        Assert.True(summary.Truncated);
        var lines = sw.ToString().TrimEnd('\n').Split('\n');
        Assert.StartsWith("# TRUNCATED: run interrupted after 3000 of 10000 points", lines[^1]);
        Assert.Equal(1 + 3000 + 1, lines.Length);
        Assert.All(lines[1..^1], l => Assert.Equal(13, l.Split(',').Length));
    }

    private sealed class Progress(Action<SweepProgress> onReport) : IProgress<SweepProgress>
    {
        public void Report(SweepProgress value) => onReport(value);
    }

    [Fact]
    public void DemoWritesSpectrumAndPrintsMeasuredFigures()
    {
        string outPath = CliRunner.TempFile("demo.csv");
        var (code, stdout, err) = CliRunner.Run("demo", "--out", outPath);
        Assert.True(code == 0, err);
        Assert.Equal(8002, File.ReadAllLines(outPath).Length);
        // FSR measured between the two peaks around 1.55 µm equals λ1·λ2/(ng·L) to the 5 pm grid's parabolic refinement.
        var fsr = System.Text.RegularExpressions.Regex.Match(stdout, @"FSR\s+([0-9.]+) nm\s+\(analytic λ²/\(ng·L\): ([0-9.]+) nm\)");
        Assert.True(fsr.Success, stdout);
        Assert.Equal(D(fsr.Groups[2].Value), D(fsr.Groups[1].Value), 2);
        var q = System.Text.RegularExpressions.Regex.Match(stdout, @"Q\s+([0-9]+)\s+\(analytic: ([0-9]+)\)");
        Assert.True(q.Success, stdout);
        // Bogaerts' FWHM formula is a small-loss approximation; 2 % covers it and the 5 pm sampling.
        Assert.InRange(D(q.Groups[1].Value) / D(q.Groups[2].Value), 0.98, 1.02);
    }

    [Fact]
    public void ModelsListsEveryModelWithSettingsAndReference()
    {
        var (code, stdout, _) = CliRunner.Run("models");
        Assert.Equal(0, code);
        foreach (var m in PhotonicSolver.Models.ModelRegistry.All)
        {
            Assert.Contains($"{m.Name}  —", stdout);
            foreach (var s in m.Settings) Assert.Contains(s.Name, stdout);
        }
        Assert.Contains("loss_dB_cm       dB/cm", stdout);
        Assert.Contains("reference: Soldano & Pennings", stdout);
    }
}

public class BackendCliTests
{
    [Fact]
    public void SameSweepGivesTheSameNumbersOnCpuAndIlgpuCpu()
    {
        // ILGPU's CPU accelerator runs the exact kernel code; agreement ≤ 1e-12 (fp64, same arithmetic, only the
        // order of a few additions may differ between the SIMD block tape and the scalar kernel tape).
        string a = CliRunner.TempFile("cpu.csv"), b = CliRunner.TempFile("ilgpu.csv");
        Assert.Equal(0, CliRunner.Run("sweep", CliRunner.Example("ring_add_drop.yaml"), "--wl", "1.54:1.56:301", "--sweep", "temperature=25,60",
                                      "--pair", "drop:in,through:in", "--backend", "cpu", "--out", a).Code);
        Assert.Equal(0, CliRunner.Run("sweep", CliRunner.Example("ring_add_drop.yaml"), "--wl", "1.54:1.56:301", "--sweep", "temperature=25,60",
                                      "--pair", "drop:in,through:in", "--backend", "ilgpu-cpu", "--out", b).Code);
        var ra = File.ReadAllLines(a); var rb = File.ReadAllLines(b);
        Assert.Equal(ra.Length, rb.Length);
        Assert.Equal(ra[0], rb[0]);
        for (int i = 1; i < ra.Length; i++)
        {
            var x = ra[i].Split(','); var y = rb[i].Split(',');
            for (int k = 0; k < x.Length; k++)
                Assert.Equal(double.Parse(x[k], System.Globalization.CultureInfo.InvariantCulture), double.Parse(y[k], System.Globalization.CultureInfo.InvariantCulture), 1e-12);
        }
    }

    [Fact]
    public void DevicesListsCpuAndSaysWhyCudaIsMissing()
    {
        var (code, stdout, _) = CliRunner.Run("devices");
        Assert.Equal(0, code);
        Assert.Contains("cpu", stdout);
        Assert.Contains("cuda", stdout);
        Assert.Contains("ilgpu-cpu", stdout);
    }
}
