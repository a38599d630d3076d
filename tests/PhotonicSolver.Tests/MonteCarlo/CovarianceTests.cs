using PhotonicSolver.Circuit;
using PhotonicSolver.MonteCarlo;
using PhotonicSolver.Numerics;
using PhotonicSolver.Sweep;
using PhotonicSolver.Tests.Cli;

namespace PhotonicSolver.Tests.MonteCarlo;

/// <summary>
/// Covariance matrices and correlated local parameters: the sampled moments against the requested Σ, the copula
/// keeping uniform margins, per-instance correlation of local parameters (and independence across instances),
/// global–local correlation, bit-identity of the device path, and the input errors through the CLI.
/// </summary>
public class CovarianceTests
{
    /// <summary>An MZI with a phase shifter in each arm (ps1, ps2): two instances per local parameter.</summary>
    internal static FlatCircuit TwoArmMzi() =>
        new TestCircuits.Builder()
            .Add("dc1", "coupler", ("coupling", 0.5)).Add("ps1", "phase_shifter").Add("ps2", "phase_shifter").Add("dc2", "coupler", ("coupling", 0.5))
            .Connect("dc1,o4", "ps1,o1").Connect("ps1,o2", "dc2,o1").Connect("dc1,o3", "ps2,o1").Connect("ps2,o2", "dc2,o2")
            .Port("in", "dc1,o1").Port("bar", "dc2,o3").Port("cross", "dc2,o4")
            .Build();

    internal static EvaluationPlan Plan(VariationSpec v, FlatCircuit c, long n)
    {
        v.Samples = n;
        return PlanCompiler.Compile(c, new SweepSpec([SweepAxis.Linear(VariationParameter.SampleAxisName, 0, n - 1, (int)n)]), null, variation: v);
    }

    /// <summary>Every column's value for samples 0..n−1, drawn by the executor's own sampling code on the host.</summary>
    private static Dictionary<string, double[]> Sample(VariationSpec v, FlatCircuit c, int n)
    {
        var plan = Plan(v, c, n);
        var cv = plan.Variation!;
        var scratch = CompiledVariation.NewScratch(plan);
        var row = new double[cv.Variables.Count];
        var cols = cv.Variables.Select(_ => new double[n]).ToArray();
        for (int s = 0; s < n; s++)
        {
            cv.SampleValues(plan, s, scratch, row);
            for (int k = 0; k < row.Length; k++) cols[k][s] = row[k];
        }
        return cv.Variables.Select((x, k) => (x.Column, cols[k])).ToDictionary(p => p.Column, p => p.Item2);
    }

    private static double Mean(double[] x) => x.Average();
    private static double Cov(double[] x, double[] y)
    {
        double mx = x.Average(), my = y.Average(), s = 0;
        for (int i = 0; i < x.Length; i++) s += (x[i] - mx) * (y[i] - my);
        return s / (x.Length - 1);
    }
    private static double Corr(double[] x, double[] y) => Cov(x, y) / Math.Sqrt(Cov(x, x) * Cov(y, y));

    /// <summary>Normal-theory standard error of a sample correlation r of a bivariate normal pair: (1 − ρ²)/√n.</summary>
    private static double CorrTolerance(double rho, int n) => 5 * (1 - rho * rho) / Math.Sqrt(n);

    private const string Specs = """
        specs:
          - {name: isolation, metric: transmission_dB, pair: cross:in, at_wl: 1.55, max: -25}
        """;

    /// <summary>
    /// A covariance Σ over a normal without std, a normal whose std equals √Σ_11 and a truncated normal with
    /// bounds at ±10 parent σ (truncated mass 1.5e-23: its moments are the parent's). From 2·10⁵ samples, every
    /// sample (co)variance is within 5 standard errors of Σ: for bivariate normals Var(s_ij) = (Σ_ii Σ_jj + Σ_ij²)/n
    /// (so 2Σ_ii²/n on the diagonal), and each mean within 5·√(Σ_ii/n).
    /// </summary>
    [Fact]
    public void SampleCovarianceMatchesSigma()
    {
        var file = MonteCarloFile.Parse($"""
            montecarlo:
              samples: 10
              seed: 7
              parameters:
                - {"{"}name: ps.phase, dist: normal, mean: 0.1{"}"}
                - {"{"}name: dc1.coupling, dist: normal, mean: 0.5, std: 0.02{"}"}
                - {"{"}name: dc2.coupling, dist: truncnormal, mean: 0.5, low: 0.3, high: 0.7{"}"}
              covariance: [[0.01, 0.0006, -0.0002], [0.0006, 0.0004, 0.0001], [-0.0002, 0.0001, 0.0004]]
            {Specs}
            """, "cov.yaml");
        double[,] sigma = { { 0.01, 0.0006, -0.0002 }, { 0.0006, 0.0004, 0.0001 }, { -0.0002, 0.0001, 0.0004 } };
        var v = file.Variation;
        // The stds come from the diagonal; the correlation is Σ_ij/√(Σ_ii Σ_jj) (0.3, −0.1, 0.25 here).
        for (int i = 0; i < 3; i++) Assert.Equal(Math.Sqrt(sigma[i, i]), v.Parameters[i].Std);
        Assert.Equal(0.3, v.Correlation![0, 1], 1e-15);
        Assert.Equal(-0.1, v.Correlation[0, 2], 1e-15);
        Assert.Equal(0.25, v.Correlation[1, 2], 1e-15);

        const int n = 200_000;
        var s = Sample(v, McHelpers.Mzi(), n);
        double[][] x = [s["ps.phase"], s["dc1.coupling"], s["dc2.coupling"]];
        double[] means = [0.1, 0.5, 0.5];
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(means[i], Mean(x[i]), 5 * Math.Sqrt(sigma[i, i] / n));
            for (int j = 0; j <= i; j++)
                Assert.Equal(sigma[i, j], Cov(x[i], x[j]), 5 * Math.Sqrt((sigma[i, i] * sigma[j, j] + sigma[i, j] * sigma[i, j]) / n));
        }
    }

    /// <summary>
    /// For a truncated normal the covariance gives the parent normal's std: with Σ = 0.02² and bounds at ±1 σ the
    /// sample std is σ·√(1 − 2φ(1)/(Φ(1) − Φ(−1))) = 0.5396·σ, not σ. The ±1 σ truncation is platykurtic, so the
    /// standard error of the sample std is below σ_t/√(2n); 5 of them is the tolerance.
    /// </summary>
    [Fact]
    public void TruncatedNormalTakesTheParentStd()
    {
        var v = new VariationSpec { Seed = 3, Covariance = new[,] { { 0.0004 } } };
        v.Parameters.Add(new VariationParameter { Name = "dc1.coupling", Code = DistributionCode.TruncatedNormal, Mean = 0.5, Std = double.NaN, Low = 0.48, High = 0.52 });
        const int n = 100_000;
        var x = Sample(v, McHelpers.Mzi(), n)["dc1.coupling"];
        Assert.Equal(0.02, v.Parameters[0].Std);
        double phi1 = Math.Exp(-0.5) / Math.Sqrt(2 * Math.PI), mass = 1 - 2 * Distributions.NormalCdf(-1);
        double expected = 0.02 * Math.Sqrt(1 - 2 * phi1 / mass);
        Assert.All(x, y => Assert.InRange(y, 0.48, 0.52));
        Assert.Equal(expected, Math.Sqrt(Cov(x, x)), 5 * expected / Math.Sqrt(2.0 * n));
    }

    /// <summary>
    /// Local parameters correlated with each other and with a global one (two-arm MZI, instances ps1 and ps2):
    /// g = dc*.coupling (global), per instance i phase_i, dT_i (normal) and loss_i (uniform on [0, 1]) with
    /// corr(g, phase) = 0.5, corr(phase, dT) = 0.6, corr(phase, loss) = −0.4 (copula). Per instance the pairs
    /// have the requested correlation; across instances only the global link remains: corr(phase_1, phase_2) =
    /// 0.5² = 0.25 and corr(dT_1, dT_2) = corr(phase_1, dT_2) = 0. The uniform is checked on its normal score
    /// Φ⁻¹(loss), which makes every tested pair bivariate normal (so the tolerance 5(1 − ρ²)/√n is exact);
    /// its margin stays uniform: Kolmogorov–Smirnov D below the α = 0.001 critical value 1.95/√n, and mean and
    /// variance within 5 standard errors of 1/2 and 1/12 (Var(s²) = (1/80 − 1/144)/n for a uniform).
    /// </summary>
    [Fact]
    public void LocalParametersAreCorrelatedPerInstanceAndIndependentAcrossInstances()
    {
        var v = new VariationSpec
        {
            Seed = 11,
            Correlation = new double[,] { { 1, 0.5, 0, 0 }, { 0.5, 1, 0.6, -0.4 }, { 0, 0.6, 1, 0 }, { 0, -0.4, 0, 1 } },
        };
        v.Parameters.Add(McHelpers.Normal("dc*.coupling", 0.5, 0.01));
        v.Parameters.Add(McHelpers.Normal("ps*.phase", 0, 0.1, VariationScope.Local));
        v.Parameters.Add(McHelpers.Normal("ps*.dT", 0, 1, VariationScope.Local));
        v.Parameters.Add(new VariationParameter { Name = "ps*.loss_dB", Code = DistributionCode.Uniform, Low = 0, High = 1, Scope = VariationScope.Local });
        const int n = 100_000;
        var s = Sample(v, TwoArmMzi(), n);
        Assert.Equal(["dc*.coupling", "ps1.phase", "ps2.phase", "ps1.dT", "ps2.dT", "ps1.loss_dB", "ps2.loss_dB"], s.Keys);
        var g = s["dc*.coupling"];
        double[] Score(double[] u) => u.Select(Distributions.NormalQuantile).ToArray();
        foreach (var i in new[] { "ps1", "ps2" })
        {
            var phase = s[$"{i}.phase"];
            Assert.Equal(0.5, Corr(g, phase), CorrTolerance(0.5, n));
            Assert.Equal(0.6, Corr(phase, s[$"{i}.dT"]), CorrTolerance(0.6, n));
            Assert.Equal(-0.4, Corr(phase, Score(s[$"{i}.loss_dB"])), CorrTolerance(0.4, n));
            Assert.Equal(0.0, Corr(s[$"{i}.dT"], Score(s[$"{i}.loss_dB"])), CorrTolerance(0, n));
            Assert.Equal(0.0, Corr(g, s[$"{i}.dT"]), CorrTolerance(0, n));
            Assert.Equal(0.1, Math.Sqrt(Cov(phase, phase)), 5 * 0.1 / Math.Sqrt(2.0 * n));

            var u = s[$"{i}.loss_dB"].Order().ToArray();
            Assert.All(u, x => Assert.InRange(x, 0, 1));
            double d = 0;
            for (int k = 0; k < n; k++) d = Math.Max(d, Math.Max(Math.Abs(u[k] - (double)k / n), Math.Abs((k + 1.0) / n - u[k])));
            Assert.True(d < 1.95 / Math.Sqrt(n), $"KS D = {d}");
            Assert.Equal(0.5, Mean(u), 5 * Math.Sqrt(1 / 12.0 / n));
            Assert.Equal(1 / 12.0, Cov(u, u), 5 * Math.Sqrt((1 / 80.0 - 1 / 144.0) / n));
        }
        Assert.Equal(0.25, Corr(s["ps1.phase"], s["ps2.phase"]), CorrTolerance(0.25, n));
        Assert.Equal(0.0, Corr(s["ps1.dT"], s["ps2.dT"]), CorrTolerance(0, n));
        Assert.Equal(0.0, Corr(s["ps1.phase"], s["ps2.dT"]), CorrTolerance(0, n));
        Assert.Equal(0.0, Corr(Score(s["ps1.loss_dB"]), Score(s["ps2.loss_dB"])), CorrTolerance(0, n));
    }

    /// <summary>
    /// Local parameters correlated only with a global one are drawn per instance with that correlation (global–local
    /// covariance here): corr(phase, κ_i) = 0.5 for both couplers and so corr(κ_1, κ_2) = 0.25; the global draws are
    /// bit for bit those of the same file without the local correlation (the factor is lower triangular, globals
    /// first); a local row of zeros leaves its draws bit for bit as without any matrix (no change to existing plans).
    /// </summary>
    [Fact]
    public void GlobalLocalCorrelationLeavesTheGlobalDrawsUnchanged()
    {
        VariationSpec Spec(double rho, bool matrix)
        {
            var v = new VariationSpec
            {
                Seed = 5,
                Covariance = matrix ? new[,] { { 0.01, rho * 0.1 * 0.02 }, { rho * 0.1 * 0.02, 0.0004 } } : null,
            };
            v.Parameters.Add(McHelpers.Normal("ps.phase", 0, matrix ? double.NaN : 0.1));
            v.Parameters.Add(McHelpers.Normal("dc*.coupling", 0.5, matrix ? double.NaN : 0.02, VariationScope.Local));
            return v;
        }
        const int n = 100_000;
        var s = Sample(Spec(0.5, true), McHelpers.Mzi(), n);
        Assert.Equal(0.5, Corr(s["ps.phase"], s["dc1.coupling"]), CorrTolerance(0.5, n));
        Assert.Equal(0.5, Corr(s["ps.phase"], s["dc2.coupling"]), CorrTolerance(0.5, n));
        Assert.Equal(0.25, Corr(s["dc1.coupling"], s["dc2.coupling"]), CorrTolerance(0.25, n));
        Assert.Equal(0.02, Math.Sqrt(Cov(s["dc2.coupling"], s["dc2.coupling"])), 5 * 0.02 / Math.Sqrt(2.0 * n));

        var zero = Sample(Spec(0, true), McHelpers.Mzi(), 1000);
        var none = Sample(Spec(0, false), McHelpers.Mzi(), 1000);
        var some = Sample(Spec(0.5, true), McHelpers.Mzi(), 1000);
        foreach (var col in none.Keys)
            Assert.Equal(none[col].Select(BitConverter.DoubleToInt64Bits), zero[col].Select(BitConverter.DoubleToInt64Bits));
        Assert.Equal(none["ps.phase"].Select(BitConverter.DoubleToInt64Bits), some["ps.phase"].Select(BitConverter.DoubleToInt64Bits));
        Assert.Equal(0, Plan(Spec(0, true), McHelpers.Mzi(), 10).Layout.NumLocalCorrelated);
        Assert.Equal(2, Plan(Spec(0.5, true), McHelpers.Mzi(), 10).Layout.NumLocalCorrelated);
    }

    /// <summary>
    /// The backend evaluates the circuit with the correlated local draws it reports: every sample's isolation is
    /// the MZI's closed form T = (1−κ1)(1−κ2) + κ1κ2 − 2√((1−κ1)(1−κ2)κ1κ2)·cos φ at the sample's own columns.
    /// </summary>
    [Fact]
    public void TheBackendEvaluatesTheCorrelatedLocalDraws()
    {
        var v = new VariationSpec { Samples = 400, Seed = 9, Correlation = new double[,] { { 1, -0.7 }, { -0.7, 1 } } };
        v.Parameters.Add(McHelpers.Normal("ps.phase", 0, 0.2));
        v.Parameters.Add(McHelpers.Normal("dc*.coupling", 0.5, 0.03, VariationScope.Local));
        var sink = new McHelpers.MemorySink();
        McHelpers.Run(McHelpers.Mzi(), new MonteCarloSetup { Variation = v, Specs = [McHelpers.Spec("iso", Metric.TransmissionDb, "cross:in", atWl: 1.55)] }, chunk: 37, sink: sink);
        Assert.Equal(["ps.phase", "dc1.coupling", "dc2.coupling"], sink.ParameterColumns);
        foreach (var (_, p, m, _, _) in sink.Rows)
        {
            double phi = p[0], k1 = p[1], k2 = p[2];
            double t = (1 - k1) * (1 - k2) + k1 * k2 - 2 * Math.Sqrt((1 - k1) * (1 - k2) * k1 * k2) * Math.Cos(phi);
            // fp64 rounding of the tape, amplified near the null (T down to ~1e-6 here): 1e-6 dB absolute is ample.
            Assert.Equal(FiguresOfMerit.Db(t), m[0], 1e-6 + 1e-9 * Math.Abs(m[0]));
        }
        Assert.True(Corr(sink.Rows.Select(r => r.Parameters[0]).ToArray(), sink.Rows.Select(r => r.Parameters[1]).ToArray()) < -0.5);
    }


    // ---- input errors through the CLI ------------------------------------------------------------------------------

    private static (int Code, string Out, string Err) RunCli(string parameters, string matrices)
    {
        string mc = CliRunner.TempFile("mc.yaml", $"""
            montecarlo:
              samples: 50
              seed: 1
              parameters:
            {parameters}
            {matrices}
            {Specs}
            """);
        return CliRunner.Run(["montecarlo", CliRunner.Example(Path.Combine("montecarlo", "mzi.yaml")), "--sweep-file", mc,
                              "--summary", Path.Combine(Path.GetDirectoryName(mc)!, "s.json")]);
    }

    private const string Two = """
            - {name: ps.phase, dist: normal}
            - {name: dc1.coupling, dist: normal, mean: 0.5}
        """;

    [Fact]
    public void CovarianceRunsThroughTheCli()
    {
        var r = RunCli(Two, "  covariance: [[0.0036, 0.00003], [0.00003, 0.0001]]");
        Assert.True(r.Code == 0, r.Err);
        var example = CliRunner.Run("montecarlo", CliRunner.Example(Path.Combine("montecarlo", "mzi.yaml")), "--sweep-file",
                                    CliRunner.Example(Path.Combine("montecarlo", "mzi_cov.yaml")), "--samples", "500",
                                    "--summary", CliRunner.TempFile("s.json"));
        Assert.True(example.Code == 0, example.Err);
    }

    [Fact]
    public void NonPositiveDefiniteCovarianceNamesTheParameter() =>
        CliRunner.AssertInputError(RunCli("""
                - {name: ps.phase, dist: normal, std: 0.1}
                - {name: dc1.coupling, dist: normal, mean: 0.5, std: 0.01}
                - {name: dc2.coupling, dist: normal, mean: 0.5, std: 0.01}
            """, "  covariance: [[0.01, 0.0009, 0.0009], [0.0009, 0.0001, -0.00009], [0.0009, -0.00009, 0.0001]]"),
            "mc.yaml:8:", "covariance matrix is not positive definite", "'dc2.coupling'", "row 2");

    [Fact]
    public void AsymmetricCovariance() =>
        CliRunner.AssertInputError(RunCli(Two, "  covariance: [[0.01, 0.0003], [0.0002, 0.0001]]"), "mc.yaml:7:", "covariance is not symmetric", "ps.phase", "dc1.coupling");

    [Fact]
    public void CovarianceEntryBeyondTheVariancesIsNotPositiveDefinite() =>
        CliRunner.AssertInputError(RunCli(Two, "  covariance: [[0.01, 0.002], [0.002, 0.0001]]"), "mc.yaml:7:", "a correlation of 2", "not positive definite");

    [Fact]
    public void ZeroVarianceIsRefused() =>
        CliRunner.AssertInputError(RunCli(Two, "  covariance: [[0.01, 0], [0, 0]]"), "mc.yaml:7:", "covariance[1][1] is the variance of 'dc1.coupling'", "must be > 0", "does not vary");

    [Fact]
    public void CorrelationAndCovarianceTogether() =>
        CliRunner.AssertInputError(RunCli(Two, "  correlation: [[1, 0.3], [0.3, 1]]\n  covariance: [[0.01, 0], [0, 0.0001]]"),
                                   "mc.yaml:8:", "either 'correlation' or 'covariance', not both", "line 7");

    [Fact]
    public void StdThatDisagreesWithTheCovariance() =>
        CliRunner.AssertInputError(RunCli("""
                - {name: ps.phase, dist: normal, std: 0.1}
                - {name: dc1.coupling, dist: normal, mean: 0.5, std: 0.02}
            """, "  covariance: [[0.01, 0], [0, 0.0001]]"), "mc.yaml:6:", "'dc1.coupling'", "std 0.02 disagrees", "0.01");

    [Fact]
    public void CovarianceOfAUniformPointsToCorrelation()
    {
        CliRunner.AssertInputError(RunCli("""
                - {name: ps.phase, dist: normal}
                - {name: dc1.coupling, dist: uniform, low: 0.4, high: 0.6}
            """, "  covariance: [[0.01, 0], [0, 0.0001]]"), "mc.yaml:6:", "'dc1.coupling' is uniform", "normal and truncnormal", "'correlation'");
        CliRunner.AssertInputError(RunCli("""
                - {name: ps.loss_dB, dist: lognormal, mean: 0.1}
            """, "  covariance: [[0.0001]]"), "mc.yaml:5:", "'ps.loss_dB' is lognormal", "'correlation'");
    }

    /// <summary>dc*.coupling (dc1, dc2) and *.dT (dc1, ps, dc2) correlated but over different instances.</summary>
    [Fact]
    public void CorrelatedLocalsOverDifferentInstances()
    {
        const string locals = """
                - {name: "dc*.coupling", dist: normal, mean: 0.5, std: 0.01, scope: local}
                - {name: "*.dT", dist: normal, std: 1, scope: local}
            """;
        CliRunner.AssertInputError(RunCli(locals, "  correlation: [[1, 0.3], [0.3, 1]]"),
                                   "mc.yaml:7:", "'dc*.coupling' and '*.dT'", "same instances", "only '*.dT' varies ps");
        // Without the correlation they are independent and fine; so are locals correlated over the same instances.
        Assert.Equal(0, RunCli(locals, "").Code);
        Assert.Equal(0, RunCli(locals.Replace("\"*.dT\"", "\"dc*.dT\""), "  correlation: [[1, 0.3], [0.3, 1]]").Code);
    }
}
