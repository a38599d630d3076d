using PhotonicSolver.Tests.Cli;

namespace PhotonicSolver.Tests.MonteCarlo;

/// <summary>Bad Monte Carlo input: exit code 2, "error: ..." naming the file, line, parameter or spec, no stack trace.</summary>
public class MonteCarloErrorTests
{
    private static string Netlist => CliRunner.Example(Path.Combine("montecarlo", "mzi.yaml"));

    private const string Specs = """
        specs:
          - {name: isolation, metric: transmission_dB, pair: cross:in, at_wl: 1.55, max: -25}
        """;

    private static (int Code, string Out, string Err) Run(string yaml, params string[] extra)
    {
        string mc = CliRunner.TempFile("mc.yaml", yaml);
        return CliRunner.Run(["montecarlo", Netlist, "--sweep-file", mc, "--summary", Path.Combine(Path.GetDirectoryName(mc)!, "s.json"), .. extra]);
    }

    private static string Mc(string parameters, string extra = "") => $"""
        montecarlo:
          samples: 100
          seed: 1
          parameters:
        {parameters}
        {extra}
        {Specs}
        """;

    private static void AssertInputError((int Code, string Out, string Err) r, params string[] mustContain)
        => CliRunner.AssertInputError(r, mustContain);

    [Fact]
    public void UnknownDistributionNamesTheLineAndTheChoices() =>
        AssertInputError(Run(Mc("    - {name: ps.phase, dist: gaussian, std: 0.1}")), "mc.yaml:5:", "ps.phase", "unknown distribution 'gaussian'", "truncnormal");

    [Fact]
    public void NegativeStd() =>
        AssertInputError(Run(Mc("    - {name: ps.phase, dist: normal, mean: 0, std: -0.1}")), "mc.yaml:5:", "ps.phase", "std must be >= 0");

    [Fact]
    public void LowNotBelowHigh() =>
        AssertInputError(Run(Mc("    - {name: dc1.coupling, dist: truncnormal, mean: 0.5, std: 0.01, low: 0.6, high: 0.4}")), "mc.yaml:5:", "dc1.coupling", "low must be < high");

    [Fact]
    public void BoundsOutsideTheSettingsRange() =>
        AssertInputError(Run(Mc("    - {name: dc1.coupling, dist: uniform, low: 0.5, high: 1.2}")), "dc1.coupling", "valid range [0, 1]");

    [Fact]
    public void NormalWithBoundsPointsToTruncnormal() =>
        AssertInputError(Run(Mc("    - {name: ps.phase, dist: normal, std: 0.1, low: -1, high: 1}")), "mc.yaml:5:", "truncnormal");

    [Fact]
    public void NonPositiveDefiniteCorrelationNamesTheParameter() =>
        AssertInputError(Run(Mc("""
                - {name: ps.phase, dist: normal, std: 0.1}
                - {name: dc1.coupling, dist: normal, mean: 0.5, std: 0.01}
                - {name: dc2.coupling, dist: normal, mean: 0.5, std: 0.01}
            """, "  correlation: [[1, 0.9, 0.9], [0.9, 1, -0.9], [0.9, -0.9, 1]]")),
            "mc.yaml:8:", "not positive definite", "'dc2.coupling'");

    [Fact]
    public void AsymmetricOrMisSizedCorrelation()
    {
        const string two = """
                - {name: ps.phase, dist: normal, std: 0.1}
                - {name: dc1.coupling, dist: normal, mean: 0.5, std: 0.01}
            """;
        AssertInputError(Run(Mc(two, "  correlation: [[1, 0.3], [0.2, 1]]")), "not symmetric", "ps.phase", "dc1.coupling");
        AssertInputError(Run(Mc(two, "  correlation: [[1, 0, 0], [0, 1, 0], [0, 0, 1]]")), "2x2", "3x3");
        AssertInputError(Run(Mc(two, "  correlation: [[2, 0], [0, 1]]")), "must be 1");
    }

    [Fact]
    public void UnknownInstanceOrSetting()
    {
        AssertInputError(Run(Mc("    - {name: nope.phase, dist: normal, std: 0.1}")), "mc.yaml:5:", "no instance 'nope'");
        AssertInputError(Run(Mc("    - {name: \"x*.coupling\", dist: normal, std: 0.1}")), "mc.yaml:5:", "matches no instance");
        AssertInputError(Run(Mc("    - {name: temperature, dist: normal, std: 1}")), "cannot be varied", "*.dT");
    }

    [Fact]
    public void UnknownKeysAndMissingSections()
    {
        AssertInputError(Run(Mc("    - {name: ps.phase, dist: normal, std: 0.1, sigma: 2}")), "mc.yaml:5:", "unknown key 'sigma'");
        AssertInputError(Run("montecarlo: {samples: 10, parameters: [{name: ps.phase, dist: normal, std: 0.1}]}\n"), "no 'specs' section");
        AssertInputError(Run(Specs), "no 'montecarlo' or 'corners' section");
        AssertInputError(Run(Mc("    - {name: ps.phase, dist: normal, std: 0.1}", "sweep: {temperature: [25, 50]}")), "grid axes");
        AssertInputError(Run(Mc("    - {name: ps.phase, dist: normal, std: 0.1}").Replace("samples: 100", "samples: 0")), "samples must be a whole number");
    }

    [Fact]
    public void BadSpecs()
    {
        const string p = "    - {name: ps.phase, dist: normal, std: 0.1}";
        AssertInputError(Run(Mc(p).Replace("transmission_dB", "transmission")), "unknown metric 'transmission'", "extinction_dB");
        AssertInputError(Run(Mc(p).Replace("cross:in", "drop:in")), "spec 'isolation'", "no external port 'drop'", "cross");
        AssertInputError(Run(Mc(p).Replace("at_wl: 1.55", "at_wl: 1.31")), "spec 'isolation'", "outside", "1.55");
        AssertInputError(Run(Mc(p).Replace("max: -25", "min: 0, max: -25")), "min (0) must be <= max (-25)");
        AssertInputError(Run(Mc(p).Replace("metric: transmission_dB, pair: cross:in, at_wl: 1.55", "metric: fsr, pair: cross:in")), "fsr needs at least 3 wavelengths");
    }

    [Fact]
    public void BadShardsAndMerges()
    {
        AssertInputError(Run(Mc("    - {name: ps.phase, dist: normal, std: 0.1}"), "--shard", "3/3"), "--shard '3/3'", "0 <= I < N");
        string mc = CliRunner.TempFile("mc.yaml", Mc("    - {name: ps.phase, dist: normal, std: 0.1}"));
        string dir = Path.GetDirectoryName(mc)!;
        foreach (int i in new[] { 0, 2 })
            Assert.Equal(0, CliRunner.Run("montecarlo", Netlist, "--sweep-file", mc, "--summary", Path.Combine(dir, $"s{i}.json"), "--shard", $"{i}/3").Code);
        AssertInputError(CliRunner.Run("merge", Path.Combine(dir, "s0.json"), Path.Combine(dir, "s2.json"), "-o", Path.Combine(dir, "m.json")),
                         "samples [33, 66) are missing");
        Assert.Equal(0, CliRunner.Run("montecarlo", Netlist, "--sweep-file", mc, "--summary", Path.Combine(dir, "other.json"), "--shard", "1/3", "--seed", "2").Code);
        AssertInputError(CliRunner.Run("merge", Path.Combine(dir, "s0.json"), Path.Combine(dir, "other.json"), Path.Combine(dir, "s2.json"), "-o", Path.Combine(dir, "m.json")),
                         "different run");
        AssertInputError(CliRunner.Run("merge", mc, "-o", Path.Combine(dir, "m.json")), "not a Monte Carlo summary");
    }

    [Fact]
    public void CornersAndMonteCarloTogether() =>
        AssertInputError(Run(Mc("    - {name: ps.phase, dist: normal, std: 0.1}", """
            corners:
              parameters: [{name: ps.phase, min: -1, max: 1}]
            """)), "either 'montecarlo' or 'corners'");
}
