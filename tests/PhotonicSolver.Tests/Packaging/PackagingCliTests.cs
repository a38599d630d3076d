using PhotonicSolver.Cli.Commands;
using PhotonicSolver.Tests.Cli;

namespace PhotonicSolver.Tests.Packaging;

/// <summary>`photonic packaging` end to end, and its bad input through the real CLI.</summary>
public class PackagingCliTests
{
    [Fact]
    public void ExampleEndToEnd()
    {
        string dir = Path.GetDirectoryName(CliRunner.TempFile("x"))!;
        string csv = Path.Combine(dir, "table.csv"), png = Path.Combine(dir, "fig.png"), pl = Path.Combine(dir, "placements.csv");
        var (code, stdout, err) = CliRunner.Run("packaging", CliRunner.Example("packaging/switch_102T.yaml"), "--out", csv, "--plot", png,
                                                "--placements", pl, "--backend", "cpu");
        Assert.True(code == 0, err);
        var lines = File.ReadAllLines(csv);
        Assert.Equal(string.Join(",", PackagingCommand.Columns), lines[0]);
        foreach (var col in new[] { "packaging", "electrical_length_mm", "electrical_loss_dB", "serdes_class", "serdes_pJ_per_bit", "dsp_pJ_per_bit",
                                    "optics_pJ_per_bit", "laser_pJ_per_bit", "total_pJ_per_bit", "switch_optics_W", "laser_T_max_C",
                                    "optical_margin_dB", "margin_p99_dB" })
            Assert.Contains(col, PackagingCommand.Columns);
        var names = lines.Skip(1).Select(l => l.Split(',')[0]).ToArray();
        Assert.Equal(["pluggable", "lpo", "npo", "cpo_laser", "cpo_els"], names);
        var rows = lines.Skip(1).Select(l => l.Split(',')).ToDictionary(c => c[0]);
        double Col(string row, string col) => double.Parse(rows[row][Array.IndexOf(PackagingCommand.Columns, col)], System.Globalization.CultureInfo.InvariantCulture);
        // Copper shrinks from the front panel to the package, and its loss with it.
        Assert.True(Col("pluggable", "electrical_loss_dB") > Col("npo", "electrical_loss_dB"));
        Assert.True(Col("npo", "electrical_loss_dB") > Col("cpo_laser", "electrical_loss_dB"));
        Assert.True(Col("cpo_laser", "laser_T_max_C") > Col("cpo_els", "laser_T_max_C"));
        Assert.True(Col("pluggable", "total_pJ_per_bit") > Col("lpo", "total_pJ_per_bit"));
        // The two-line verdict names a winner on power and one on margin.
        Assert.Contains("power:  ", stdout);
        Assert.Contains("margin: ", stdout);
        Assert.True(new FileInfo(png).Length > 10_000);
        Assert.Equal(1 + 5 * 3, File.ReadAllLines(pl).Length);
    }

    /// <summary>Runs the CLI on the small system after <paramref name="edit"/> changed its text (written as bad.yaml).</summary>
    private static (int, string, string) RunSystem(Func<string, string> edit, string? outPath = null)
    {
        string path = PackagingTests.SmallSystem();
        string bad = Path.Combine(Path.GetDirectoryName(path)!, "bad.yaml");
        string text = edit(File.ReadAllText(path));
        Assert.NotEqual(File.ReadAllText(path), text);
        File.WriteAllText(bad, text);
        return CliRunner.Run("packaging", bad, "--out", outPath ?? Path.Combine(Path.GetDirectoryName(path)!, "t.csv"), "--backend", "cpu");
    }

    [Fact]
    public void UnknownKeyIsLocated()
    {
        var r = RunSystem(t => t + "\nfoo: 1\n");
        CliRunner.AssertInputError(r, "bad.yaml:", "unknown key 'foo'");
    }

    [Fact]
    public void UnknownMaterialNamesTheKnownOnes()
    {
        var r = RunSystem(t => t.Replace("material: megtron7", "material: unobtainium"));
        CliRunner.AssertInputError(r, "bad.yaml:", "'unobtainium' is not a known material", "megtron6");
    }

    [Fact]
    public void UnknownThermalNodeIsNamed()
    {
        var r = RunSystem(t => t.Replace("laser: {node: laser}", "laser: {node: attic}"));
        CliRunner.AssertInputError(r, "bad.yaml:", "'attic' is not a node of the thermal network");
    }

    [Fact]
    public void NegativeLengthAndNonNumberAreRefused()
    {
        CliRunner.AssertInputError(RunSystem(t => t.Replace("length_mm: 300", "length_mm: -5")), "bad.yaml:", "length_mm");
        CliRunner.AssertInputError(RunSystem(t => t.Replace("ports: 512", "ports: many")), "bad.yaml:", "ports", "is not a number");
    }

    [Fact]
    public void StriplineNeedsPlaneSpacingNotHeight()
    {
        var r = RunSystem(t => t.Replace("b_um: 254", "h_um: 254"));
        CliRunner.AssertInputError(r, "bad.yaml:", "h_um");
    }

    [Fact]
    public void MissingFileAndUnknownGeneration()
    {
        CliRunner.AssertInputError(CliRunner.Run("packaging", "/nonexistent/sys.yaml", "--out", "x.csv"), "packaging system file not found");
        CliRunner.AssertInputError(RunSystem(t => t.Replace("generation: cei_224g", "generation: cei_448g")), "bad.yaml:", "'cei_448g'", "cei_112g");
    }

    [Fact]
    public void RefusesToOverwriteTheInputAndKeepsOldOutputOnError()
    {
        string path = PackagingTests.SmallSystem();
        string before = File.ReadAllText(path);
        CliRunner.AssertInputError(CliRunner.Run("packaging", path, "--out", path), "one of this run's inputs");
        Assert.Equal(before, File.ReadAllText(path));
        // A file the system names (here the thermal network) is an input too.
        string net = Path.Combine(Path.GetDirectoryName(path)!, "network.yaml");
        CliRunner.AssertInputError(CliRunner.Run("packaging", path, "--out", "t.csv", "--placements", net), "one of this run's inputs");
        string outPath = Path.Combine(Path.GetDirectoryName(path)!, "keep.csv");
        File.WriteAllText(outPath, "old");
        CliRunner.AssertInputError(RunSystem(t => t + "\nfoo: 1\n", outPath), "unknown key");
        Assert.Equal("old", File.ReadAllText(outPath));
    }

    [Fact]
    public void MalformedYamlIsLocated()
    {
        CliRunner.AssertInputError(RunSystem(_ => "switch: {bandwidth_Tbps: 102.4, ports: 512\nserdes: x\n"), "bad.yaml:");
    }
}
