using System.Globalization;

namespace PhotonicSolver.Tests.Cli;

/// <summary>
/// Issue 12's resource and physics guards through the real CLI, one test per fault class: overflowing point counts,
/// grids bigger than the disk, tables bigger than the memory limit (and the --max-memory flag that changes it),
/// non-finite model inputs, and a lock outside the searched window. Each refusal is an input error (exit 2) that
/// names the culprit and the limit, and nothing is written.
/// </summary>
[Collection(PhotonicSolver.Tests.Thermal.HeavySerialCollection.Name)]
public class ResourceGuardCliTests
{
    private static string Example(string dir, string name) => CliRunner.Example(Path.Combine(dir, name));

    private static (int Code, string Out, string Err) RunRefused(string outName, params string[] args)
    {
        string outPath = CliRunner.TempFile(outName);
        var r = CliRunner.Run([.. args, "--out", outPath]);
        Assert.False(File.Exists(outPath), $"{outPath} was written: {r.Err}");
        return r;
    }

    [Fact]
    public void ThinFilmGridWhoseCountOverflowsIsAClearError()
    {
        // 2e9 wavelengths × 2e9 angles × 2 polarisations × 2e9 thicknesses = 1.6e28 points: more than a 64-bit count
        // (it used to be an OverflowException of the 32-bit product).
        var r = RunRefused("t.csv", "tmm", Example("tmm", "ar_coating.yaml"), "--wl", "1.5:1.6:2000000000", "--angle", "0:60:2000000000",
                           "--pol", "both", "--sweep", "layer1.d=0.1:0.3:2000000000");
        CliRunner.AssertInputError(r, "thin-film grid", "2,000,000,000", "more than 9,223,372,036,854,775,807");
    }

    [Fact]
    public void WholeButTooLargePointCountIsNotCalledNotWhole()
    {
        var r = RunRefused("s.csv", "sweep", CliRunner.Example("ring_all_pass.yaml"), "--wl", "1.5:1.6:3000000000");
        CliRunner.AssertInputError(r, "3000000000", "more than the 2,147,483,647");
        Assert.DoesNotContain("not a whole number", r.Err);
        // A truly non-whole count still says so.
        CliRunner.AssertInputError(RunRefused("s.csv", "sweep", CliRunner.Example("ring_all_pass.yaml"), "--wl", "1.5:1.6:12.5"),
                                   "not a whole number");
    }

    [Fact]
    public void ThinFilmGridBiggerThanTheDiskIsRefusedBeforeWork()
    {
        // 2e9 × 2e9 points of 10 CSV columns: ~8e20 bytes, more than any disk.
        var r = RunRefused("t.csv", "tmm", Example("tmm", "ar_coating.yaml"), "--wl", "1.5:1.6:2000000000", "--angle", "0:60:2000000000");
        CliRunner.AssertInputError(r, "thin-film grid", "free under", "--out");
    }

    [Fact]
    public void GratingGridBiggerThanTheDiskIsRefusedBeforeWork()
    {
        var r = RunRefused("g.csv", "grating", Example("tmm", "uniform_grating.yaml"), "--wl", "1.5:1.6:2000000000",
                           "--sweep", "kappa=0.01:0.03:2000000000");
        CliRunner.AssertInputError(r, "grating grid", "free under", "--out");
    }

    [Fact]
    public void CouplingMapBiggerThanTheDiskIsRefused()
    {
        var r = RunRefused("c.csv", "coupling", Example("fiber", "smf_to_ssc.yaml"), "--dx", "-4:4:2000000000", "--dy", "-4:4:2000000000");
        CliRunner.AssertInputError(r, "coupling grid", "free under");
    }

    [Fact]
    public void LaserRowTableBeyondTheMemoryLimitNamesTheLimitAndTheFlag()
    {
        // 1e5 × 1e5 = 1e10 rows of a table built in memory: refused whatever the machine, with the flag to raise it.
        var r = RunRefused("l.csv", "laser", Example("lasers", "dfb_quarter_wave.yaml"), "--temperature", "0:80:100000", "--current", "0:100:100000");
        CliRunner.AssertInputError(r, "laser operating table", "10,000,000,000 rows", "--max-memory");
    }

    [Fact]
    public void MaxMemoryFlagChangesTheLimitForEveryCommand()
    {
        string[] args = ["laser", Example("lasers", "dfb_quarter_wave.yaml"), "--temperature", "20:30:40", "--current", "10:20:40"];
        var small = RunRefused("l.csv", [.. args, "--max-memory", "16K"]);
        CliRunner.AssertInputError(small, "1,600 rows", "16 KiB", "--max-memory");
        string ok = CliRunner.TempFile("ok.csv");
        var r = CliRunner.Run([.. args, "--max-memory", "1G", "--out", ok]);
        Assert.True(r.Code == 0, r.Err);
        Assert.Equal(1601, File.ReadAllLines(ok).Length);
        CliRunner.AssertInputError(CliRunner.Run([.. args, "--max-memory", "lots", "--out", "-"]), "--max-memory", "lots");
    }

    [Fact]
    public void ThermalRowTableBeyondTheMemoryLimitIsRefused()
    {
        var sb = new System.Text.StringBuilder("ambient_C: 25\nnodes:\n");
        for (int i = 1; i <= 100; i++) sb.Append($"  n{i}: {{capacitance_J_per_K: 0.01}}\n");
        sb.Append("links:\n  - {from: n1, to: ambient, resistance_K_per_W: 1}\n");
        for (int i = 1; i < 100; i++) sb.Append($"  - {{from: n{i}, to: n{i + 1}, resistance_K_per_W: 1}}\n");
        sb.Append("sources:\n  n100: {power_W: 0.01}\ntime: {stop_s: 1000000, step_s: 1}\n");
        string net = CliRunner.TempFile("net.yaml", sb.ToString());
        // 1e6 rows × 100 nodes × 8 bytes ≈ 800 MB against a 100 MiB limit.
        var r = RunRefused("t.csv", "thermal", net, "--max-memory", "100M");
        CliRunner.AssertInputError(r, "1,000,001 rows", "100 nodes", "100 MiB", "--max-memory");
    }

    [Fact]
    public void CornerSetThatCannotBeHeldIsRefusedBeforeItIsBuilt()
    {
        // 40 parameters × 3 levels, every combination: 3^40 ≈ 1.2e19 corners, more than a 64-bit count.
        var lines = new List<string> { "corners:", "  parameters:" };
        for (int i = 0; i < 40; i++) lines.Add($"    - {{name: ps.phase, min: -0.1, typ: 0.0, max: 0.1}}");
        lines.Add("  combinations: all");
        string corners = CliRunner.TempFile("corners.yaml", string.Join("\n", lines) + "\n");
        string summary = Path.Combine(Path.GetDirectoryName(corners)!, "s.json");
        var r = CliRunner.Run("montecarlo", Example("montecarlo", "mzi.yaml"), "--sweep-file", corners, "--summary", summary);
        CliRunner.AssertInputError(r, "corners.yaml:", "corner set", "40 parameters");
        Assert.False(File.Exists(summary));
        // 3^15 ≈ 1.4e7 corners fit a 64-bit count but not a 100 MiB limit.
        lines.RemoveRange(17, 25); // keeps 15 parameters and 'combinations: all'
        File.WriteAllText(corners, string.Join("\n", lines) + "\n");
        r = CliRunner.Run("montecarlo", Example("montecarlo", "mzi.yaml"), "--sweep-file", corners, "--summary", summary, "--max-memory", "100M");
        CliRunner.AssertInputError(r, "14,348,907 corners", "--max-memory");
    }

    [Fact]
    public void HistogramBinsAreBounded()
    {
        string csv = CliRunner.TempFile("h.csv", "x\n1\n2\n3\n");
        var r = RunRefused("h.png", "plot", csv, "--kind", "histogram", "--x", "x", "--bins", "2000000000");
        CliRunner.AssertInputError(r, "--bins 2000000000", "100,000");
    }

    [Fact]
    public void HugeLosslessLayerConservesEnergy()
    {
        // A lossless 1e17 µm layer used to give R = 9. Its phase is ~1e17 turns, a whole number in fp64, so the layer
        // is an absentee layer: R is the bare air/glass interface, ((1 − 1.45)/(1 + 1.45))², and R + T = 1.
        string stack = CliRunner.TempFile("huge.yaml", "incidence: {n: 1.0}\nlayers:\n  - {n: 1.5, d: 1e17}\nexit: {n: 1.45}\n");
        string csv = Path.Combine(Path.GetDirectoryName(stack)!, "huge.csv");
        var r = CliRunner.Run("tmm", stack, "--wl", "1.2:1.6:9", "--pol", "both", "--angle", "0,40", "--out", csv);
        Assert.True(r.Code == 0, r.Err);
        var rows = File.ReadAllLines(csv);
        var head = rows[0].Split(',');
        int ri = Array.IndexOf(head, "R"), ti = Array.IndexOf(head, "T");
        foreach (var line in rows.Skip(1))
        {
            var f = line.Split(',');
            double rr = double.Parse(f[ri], CultureInfo.InvariantCulture), tt = double.Parse(f[ti], CultureInfo.InvariantCulture);
            Assert.InRange(rr, 0, 1);
            Assert.True(Math.Abs(rr + tt - 1) < 1e-9, $"R + T = {rr + tt} in {line}");
        }
        double bare = Math.Pow((1 - 1.45) / (1 + 1.45), 2);
        Assert.Equal(bare, double.Parse(rows[1].Split(',')[ri], CultureInfo.InvariantCulture), 12);
    }

    [Fact]
    public void IndexThatOverflowsIsRefusedWithItsName()
    {
        string stack = CliRunner.TempFile("n.yaml", "incidence: {n: 1.0}\nlayers:\n  - {n: 1e300, d: 0.1}\nexit: {n: 1.45}\n");
        var r = RunRefused("n.csv", "tmm", stack, "--wl", "1.55");
        CliRunner.AssertInputError(r, "n.yaml:3", "n = 1E+300", "1E+50");
        // The same through a swept parameter.
        CliRunner.AssertInputError(RunRefused("n.csv", "tmm", Example("tmm", "ar_coating.yaml"), "--wl", "1.55", "--sweep", "layer1.n=1,1e300"),
                                   "layer1.n", "1E+300");
    }

    [Fact]
    public void ModeFieldDiameterThatMakesTheOverlapNonFiniteIsRefused()
    {
        string f = CliRunner.TempFile("fiber.yaml", "fiber: {mfd_um: 1e-300}\nchip: {mfd_um: 3}\nwavelength_um: 1.55\n");
        var r = RunRefused("c.csv", "coupling", f, "--dx", "-1:1:3");
        CliRunner.AssertInputError(r, "fiber.yaml:1", "mfd_um", "1E-300", "0.001");
    }

    [Fact]
    public void LockToALaserOutsideTheSearchedWindowIsRefused()
    {
        // The window 1.535–1.575 µm holds the ring's features; a laser at 1.60 µm used to report a perfect lock.
        var r = RunRefused("lock.csv", "drift", "lock", Example("thermal", "ring_filter.yaml"), "--pair", "drop:in", "--peak",
                           "--wl", "1.535:1.575:4001", "--temperature", "20,40", "--laser-wl", "1.60", "--laser-fixed", "25",
                           "--heater-on", "h1", "--r-th", "5", "--backend", "cpu");
        CliRunner.AssertInputError(r, "laser wavelength 1.6 µm", "at 20 °C ambient", "outside the searched window", "1.535", "1.575", "--wl");
    }
}
