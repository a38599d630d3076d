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
        AssertInputError(CliRunner.Run("sweep", CliRunner.Example("ring_all_pass.yaml"), "--wl", "1.55", "--pairs", "drop:in", "--out", "-"),
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
        var r = CliRunner.RunProcess("sweep", net, "--wl", "1.55", "--out", "-");
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
