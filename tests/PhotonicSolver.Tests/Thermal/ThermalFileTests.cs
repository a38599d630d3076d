using PhotonicSolver.Tests.Cli;
using PhotonicSolver.Thermal;

namespace PhotonicSolver.Tests.Thermal;

/// <summary>The thermal network file, its CSV traces, the `photonic thermal` command and its error messages.</summary>
public class ThermalFileTests
{
    private const string IssueNetwork = """
        ambient_C: 25
        nodes:                                  # thermal capacitance in J/K
          asic:  {capacitance_J_per_K: 5.0}
          laser: {capacitance_J_per_K: 0.05}
        links:                                  # thermal resistance in K/W; 'ambient' is the fixed-temperature node
          - {from: asic, to: ambient, resistance_K_per_W: 0.2}
          - {from: asic, to: laser, resistance_K_per_W: 2.0}
          - {from: laser, to: ambient, resistance_K_per_W: 50}
        sources:                                # constant power in W, or a CSV trace with columns time_s,power_W
          asic: {trace: asic_power.csv}
          laser: {power_W: 0.3}
        time: {stop_s: 10, step_s: 0.001}       # transient from ambient at t = 0; --steady ignores it
        """;

    /// <summary>Writes a network and its trace into a fresh folder; returns the network path.</summary>
    private static string Files(string network, string trace = "time_s,power_W\n0,50\n2,150\n")
    {
        string path = CliRunner.TempFile("net.yaml", network);
        File.WriteAllText(Path.Combine(Path.GetDirectoryName(path)!, "asic_power.csv"), trace);
        return path;
    }

    private static void AssertInputError((int Code, string Out, string Err) r, params string[] mustContain)
        => CliRunner.AssertInputError(r, mustContain);

    [Fact]
    public void IssueFormatSteadyStateIsOneRowAtTimeZero()
    {
        var r = CliRunner.Run("thermal", Files(IssueNetwork), "--steady", "--out", "-");
        Assert.Equal(0, r.Code);
        var lines = r.Out.Trim().Split('\n');
        Assert.Equal("time_s,T.asic,T.laser", lines[0]);
        Assert.Equal(2, lines.Length);
        var v = lines[1].Split(',').Select(double.Parse).ToArray();
        // By hand: G = [[1/0.2 + 1/2, −1/2], [−1/2, 1/2 + 1/50]], P = (150, 0.3) (the trace's final value).
        double g11 = 5.5, g12 = -0.5, g22 = 0.52, det = g11 * g22 - g12 * g12;
        Assert.Equal(0.0, v[0]);
        Assert.Equal(25 + (g22 * 150 - g12 * 0.3) / det, v[1], 10);
        Assert.Equal(25 + (g11 * 0.3 - g12 * 150) / det, v[2], 10);
    }

    [Fact]
    public void IssueFormatTransientWritesEveryStep()
    {
        string outCsv = CliRunner.TempFile("temps.csv");
        var r = CliRunner.Run("thermal", Files(IssueNetwork), "--out", outCsv);
        Assert.Equal(0, r.Code);
        Assert.Contains("time constants", r.Out);
        var lines = File.ReadAllLines(outCsv);
        Assert.Equal("time_s,T.asic,T.laser", lines[0]);
        Assert.Equal(10001 + 1, lines.Length);
        Assert.Equal("0,25,25", lines[1]);
        Assert.StartsWith("10,", lines[^1]);
        // The trace holds its last value (150 W) after t = 2 s: the end is close to the 150 W steady state.
        var steady = ThermalSolver.SteadyState(ThermalNetworkFile.Parse(IssueNetwork.Replace("{trace: asic_power.csv}", "{power_W: 150}"), "x.yaml"));
        double asicEnd = double.Parse(lines[^1].Split(',')[1]);
        // Remaining transient after 8 s with τ ≈ 1 s: (150 − 50)·R_eff·e^(−8) ≈ 0.007 K.
        Assert.Equal(steady.TemperaturesC[0][0], asicEnd, 1);
    }

    [Fact]
    public void NoPathToAmbientNamesTheNodes() =>
        AssertInputError(CliRunner.Run("thermal", Files("""
            nodes:
              asic: {capacitance_J_per_K: 1}
              lid: {capacitance_J_per_K: 2}
              board: {capacitance_J_per_K: 3}
            links:
              - {from: asic, to: ambient, resistance_K_per_W: 1}
              - {from: lid, to: board, resistance_K_per_W: 1}
            time: {stop_s: 1, step_s: 0.1}
            """), "--out", "-"), "no thermal path to ambient", "'lid'", "'board'", "line 3");

    [Fact]
    public void NegativeCapacitanceNamesFileAndLine() =>
        AssertInputError(CliRunner.Run("thermal", Files("""
            nodes:
              asic: {capacitance_J_per_K: 1}
              laser: {capacitance_J_per_K: -0.05}
            links:
              - {from: asic, to: ambient, resistance_K_per_W: 1}
              - {from: laser, to: ambient, resistance_K_per_W: 1}
            """), "--steady", "--out", "-"), "net.yaml:3:", "laser", "negative heat capacity");

    [Fact]
    public void NegativeResistanceNamesFileAndLine() =>
        AssertInputError(CliRunner.Run("thermal", Files("""
            nodes:
              asic: {capacitance_J_per_K: 1}
            links:
              - {from: asic, to: ambient, resistance_K_per_W: 1}
              - {from: asic, to: ambient, resistance_K_per_W: -3}
            """), "--steady", "--out", "-"), "net.yaml:5:", "asic -> ambient", "negative");

    [Fact]
    public void UnknownNodeInLinkOrSource()
    {
        AssertInputError(CliRunner.Run("thermal", Files("""
            nodes:
              asic: {capacitance_J_per_K: 1}
            links:
              - {from: asic, to: ambient, resistance_K_per_W: 1}
              - {from: asic, to: lazer, resistance_K_per_W: 1}
            """), "--steady", "--out", "-"), "net.yaml:5:", "unknown node 'lazer'", "asic, ambient");
        AssertInputError(CliRunner.Run("thermal", Files("""
            nodes:
              asic: {capacitance_J_per_K: 1}
            links:
              - {from: asic, to: ambient, resistance_K_per_W: 1}
            sources:
              asci: {power_W: 3}
            """), "--steady", "--out", "-"), "net.yaml:6:", "unknown node 'asci'");
    }

    [Fact]
    public void TraceWithAGapNamesFileAndLine() =>
        AssertInputError(CliRunner.Run("thermal", Files(IssueNetwork, "time_s,power_W\n0,50\n0.5,\n1,70\n"), "--out", "-"),
                         "asic_power.csv:3:", "gap", "power_W is empty");

    [Fact]
    public void TraceWithMissingFieldNamesFileAndLine() =>
        AssertInputError(CliRunner.Run("thermal", Files(IssueNetwork, "time_s,power_W\n0,50\n# comment\n0.5\n"), "--out", "-"),
                         "asic_power.csv:4:", "gap");

    [Fact]
    public void NonMonotonicTraceNamesFileAndLine() =>
        AssertInputError(CliRunner.Run("thermal", Files(IssueNetwork, "time_s,power_W\n0,50\n2,60\n1.5,70\n"), "--out", "-"),
                         "asic_power.csv:4:", "not increasing", "1.5 s after 2 s");

    [Fact]
    public void TraceStartingAfterTheSimulationIsAGap() =>
        AssertInputError(CliRunner.Run("thermal", Files(IssueNetwork, "time_s,power_W\n1,50\n2,60\n"), "--out", "-"),
                         "asic_power.csv", "starts at 1 s", "gap");

    [Fact]
    public void UnknownKeysAndMissingTime()
    {
        AssertInputError(CliRunner.Run("thermal", Files(IssueNetwork.Replace("ambient_C: 25", "ambient: 25")), "--out", "-"),
                         "net.yaml:1:", "unknown key 'ambient'", "ambient_C");
        AssertInputError(CliRunner.Run("thermal", Files(IssueNetwork.Replace("time: {stop_s: 10, step_s: 0.001}", "")), "--out", "-"),
                         "no 'time:");
        AssertInputError(CliRunner.Run("thermal", Files(IssueNetwork.Replace("{power_W: 0.3}", "{power_W: 0.3, trace: asic_power.csv}")), "--out", "-"),
                         "source 'laser'", "not both");
    }

    [Fact]
    public void ThermalErrorsAsARealProcess()
    {
        var r = CliRunner.RunProcess("thermal", Files(IssueNetwork.Replace("capacitance_J_per_K: 0.05", "capacitance_J_per_K: -1")), "--out", "-");
        Assert.Equal(2, r.Code);
        Assert.Matches(@"net\.yaml:\d+:\d+: node 'laser': negative heat capacity", r.Err);
        Assert.False(CliRunner.HasStackTrace(r.Err), r.Err);
        Assert.Equal("", r.Out);
    }
}
