namespace PhotonicSolver.Tests.Cli;

/// <summary>Bad input on the command line: a clear message naming what is wrong, exit code 2, no stack trace.</summary>
public class CliErrorTests
{
    private static void AssertInputError((int Code, string Out, string Err) r, params string[] mustContain)
        => CliRunner.AssertInputError(r, mustContain);

    [Fact]
    public void MissingNetlistFile() =>
        AssertInputError(CliRunner.Run("sweep", "/nonexistent/ring.yaml", "--wl", "1.55", "--out", "-"), "not found", "/nonexistent/ring.yaml");

    [Fact]
    public void UnknownSweptSettingNamesInstanceAndSetting() =>
        AssertInputError(CliRunner.Run("sweep", CliRunner.Example("ring_all_pass.yaml"), "--wl", "1.55", "--sweep", "dc.gap=0.1:0.2:3", "--out", "-"),
                         "dc", "gap", "coupling");

    [Fact]
    public void UnknownSweptInstance() =>
        AssertInputError(CliRunner.Run("sweep", CliRunner.Example("ring_all_pass.yaml"), "--wl", "1.55", "--sweep", "nope.length=1:2:3", "--out", "-"),
                         "no instance 'nope'");

    [Fact]
    public void EmptyRange() =>
        AssertInputError(CliRunner.Run("sweep", CliRunner.Example("ring_all_pass.yaml"), "--wl", "1.5:1.6:0", "--out", "-"), "empty range", "wl");

    [Fact]
    public void SweptValueOutOfRange() =>
        AssertInputError(CliRunner.Run("sweep", CliRunner.Example("ring_all_pass.yaml"), "--wl", "1.55", "--sweep", "dc.coupling=0.5:1.5:3", "--out", "-"),
                         "dc.coupling", "[0, 1]");

    [Fact]
    public void BadSetOverride() =>
        AssertInputError(CliRunner.Run("sweep", CliRunner.Example("ring_all_pass.yaml"), "--wl", "1.55", "--set", "ring.length=-5", "--out", "-"),
                         "ring.length", "out of range");

    [Fact]
    public void UnknownPortInPairs() =>
        AssertInputError(CliRunner.Run("sweep", CliRunner.Example("ring_all_pass.yaml"), "--wl", "1.55", "--pair", "drop:in", "--out", "-"),
                         "no external port 'drop'", "in, through");

    [Fact]
    public void GridTooLargeForCsv() =>
        AssertInputError(CliRunner.Run("sweep", CliRunner.Example("ring_all_pass.yaml"), "--wl", "1.5:1.6:2000000000",
                                       "--sweep", "dc.coupling=0:1:2000000000", "--out", CliRunner.TempFile("huge.csv")),
                         "too large for CSV output");

    [Fact]
    public void UnknownBackend() =>
        AssertInputError(CliRunner.Run("sweep", CliRunner.Example("ring_all_pass.yaml"), "--wl", "1.55", "--backend", "tpu", "--out", "-"), "tpu", "cpu");

    [Fact]
    public void MissingCudaIsAClearError() =>
        AssertInputError(CliRunner.Run("sweep", CliRunner.Example("ring_all_pass.yaml"), "--wl", "1.55", "--backend", "cuda", "--out", "-"), "CUDA", "available backends");

    [Fact]
    public void MissingRequiredOptionIsAUsageError()
    {
        var r = CliRunner.Run("sweep", CliRunner.Example("ring_all_pass.yaml"));
        Assert.NotEqual(0, r.Code);
        Assert.Contains("--out", r.Err);
    }

    [Fact]
    public void MalformedNetlistAsARealProcess()
    {
        string bad = CliRunner.TempFile("bad.yaml", "instances:\n  dc: {component: coupler\nports:\n  in: dc,o1\n");
        var r = CliRunner.RunProcess("sweep", bad, "--wl", "1.55", "--out", "-");
        Assert.Equal(2, r.Code);
        Assert.Contains("bad.yaml:", r.Err);
        Assert.Matches(@"bad\.yaml:\d+", r.Err);
        Assert.False(CliRunner.HasStackTrace(r.Err), r.Err);
        Assert.Equal("", r.Out);
    }

    [Fact]
    public void UnconnectedPortsAsARealProcess()
    {
        string net = CliRunner.TempFile("open.yaml", "instances:\n  dc: {component: coupler}\nports:\n  in: dc,o1\n");
        var r = CliRunner.RunProcess("sweep", net, "--wl", "1.55", "--out", "-", "--strict-ports");
        Assert.Equal(2, r.Code);
        Assert.Contains("dc,o2", r.Err);
        Assert.Contains("dc,o3", r.Err);
        Assert.Contains("dc,o4", r.Err);
        Assert.False(CliRunner.HasStackTrace(r.Err), r.Err);
    }
}

public class SweptValueValidationTests
{
    [Fact]
    public void SweepingAWholeNumberSettingThroughFractionsIsAnError()
    {
        // bragg_grating's 'sections' must be a whole number; 10:20:4 gives 13.33…
        string net = CliRunner.TempFile("g.yaml",
            "instances:\n  g: {component: bragg_grating}\nports:\n  a: g,o1\n  b: g,o2\n");
        CliRunner.AssertInputError(CliRunner.Run("sweep", net, "--wl", "1.55", "--sweep", "g.sections=10:20:4", "--out", "-"),
                                   "g.sections", "13.3", "whole number");
        Assert.Equal(0, CliRunner.Run("sweep", net, "--wl", "1.55", "--sweep", "g.sections=10:20:11", "--out", "-").Code);
    }

    [Fact]
    public void SweepingIntoANonPassiveCrossingIsAnError() =>
        CliRunner.AssertInputError(CliRunner.Run("sweep", CliRunner.TempFile("x.yaml",
                "instances:\n  x: {component: crossing}\nports:\n  a: x,o1\n  b: x,o2\n  c: x,o3\n  d: x,o4\n"),
            "--wl", "1.55", "--sweep", "x.crosstalk_dB=-40,-3", "--out", "-"), "x.crosstalk_dB", "more power than goes in");
}

/// <summary>
/// An unclosed '{' makes YamlDotNet fail without a position; every YAML input (sweep, thermal network, laser source)
/// goes through one loader that still points at the line, with exit code 2 rather than an internal error.
/// </summary>
public class UnclosedYamlTests
{
    [Fact]
    public void SweepFile() =>
        CliRunner.AssertInputError(CliRunner.Run("sweep", CliRunner.Example("ring_all_pass.yaml"), "--sweep-file",
            CliRunner.TempFile("s.yaml", "wl: {start: 1.5\nsweep:\n  dc.coupling: 0.1\n"), "--out", "-"), "s.yaml:1:", "not closed");

    [Fact]
    public void ThermalNetworkFile() =>
        CliRunner.AssertInputError(CliRunner.Run("thermal",
            CliRunner.TempFile("n.yaml", "ambient_C: 25\nnodes:\n  a: {capacitance_J_per_K: 1\nlinks:\n  - {from: a, to: ambient, resistance_K_per_W: 1}\n"),
            "--steady", "--out", "-"), "n.yaml:3:", "not closed");

    [Fact]
    public void LaserSourceFile() =>
        CliRunner.AssertInputError(CliRunner.Run("laser",
            CliRunner.TempFile("l.yaml", "grating: {kappa_per_um: 0.005\nfacets:\n  r_front: 0\n"), "--modes", "2", "--out", "-"), "l.yaml:1:", "not closed");
}
