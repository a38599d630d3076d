using PhotonicSolver.Sweep;
using PhotonicSolver.Circuit;
using PhotonicSolver.MonteCarlo;

namespace PhotonicSolver.Tests.MonteCarlo;

/// <summary>Scopes, nominal means, correlation, corners and NaN samples, checked through the MZI's closed form.</summary>
public class VariationTests
{
    /// <summary>
    /// With couplers κ1, κ2 and phase φ, the field at the cross port is √((1−κ1)(1−κ2))·e^{iφ} − √(κ1κ2), so
    /// T(cross ← in) = (1−κ1)(1−κ2) + κ1κ2 − 2√((1−κ1)(1−κ2)κ1κ2)·cos φ.
    /// </summary>
    private static double CrossDb(double k1, double k2, double phi)
        => FiguresOfMerit.Db((1 - k1) * (1 - k2) + k1 * k2 - 2 * Math.Sqrt((1 - k1) * (1 - k2) * k1 * k2) * Math.Cos(phi));

    private static McHelpers.MemorySink Run(VariationSpec v, PhotonicSolver.Circuit.FlatCircuit? circuit = null)
    {
        var sink = new McHelpers.MemorySink();
        McHelpers.Run(circuit ?? McHelpers.Mzi(), new MonteCarloSetup { Variation = v, Specs = [McHelpers.Spec("iso", Metric.TransmissionDb, "cross:in", atWl: 1.55)] }, sink: sink);
        return sink;
    }

    /// <summary>Global: one draw shared by both couplers (one column); local: one draw per coupler (two columns).</summary>
    [Fact]
    public void GlobalSharesOneDrawLocalDrawsPerInstance()
    {
        foreach (var scope in new[] { VariationScope.Global, VariationScope.Local })
        {
            var v = new VariationSpec { Samples = 300, Seed = 1 };
            v.Parameters.Add(new VariationParameter { Name = "dc*.coupling", Code = DistributionCode.Uniform, Low = 0.3, High = 0.7, Scope = scope });
            var sink = Run(v);
            Assert.Equal(scope == VariationScope.Global ? ["dc*.coupling"] : new[] { "dc1.coupling", "dc2.coupling" }, sink.ParameterColumns);
            foreach (var (_, p, m, _, _) in sink.Rows)
            {
                double k1 = p[0], k2 = scope == VariationScope.Global ? p[0] : p[1];
                Assert.InRange(k1, 0.3, 0.7);
                Assert.Equal(CrossDb(k1, k2, 0), m[0], 1e-6 + 1e-9 * Math.Abs(m[0]));
            }
            if (scope == VariationScope.Local) Assert.Contains(sink.Rows, r => r.Parameters[0] != r.Parameters[1]);
        }
    }

    /// <summary>Without a mean, each matched instance varies around its own nominal value (here 0.4 and 0.6, std 0).</summary>
    [Fact]
    public void MissingMeanMeansTheNominalValueOfEachInstance()
    {
        var c = new TestCircuits.Builder()
            .Add("dc1", "coupler", ("coupling", 0.4)).Add("ps", "phase_shifter").Add("dc2", "coupler", ("coupling", 0.6))
            .Connect("dc1,o4", "ps,o1").Connect("ps,o2", "dc2,o1").Connect("dc1,o3", "dc2,o2")
            .Port("in", "dc1,o1").Port("bar", "dc2,o3").Port("cross", "dc2,o4").Build();
        var v = new VariationSpec { Samples = 3 };
        v.Parameters.Add(new VariationParameter { Name = "dc*.coupling", Code = DistributionCode.Normal, Std = 0 });
        var sink = Run(v, c);
        Assert.All(sink.Rows, r => Assert.Equal(0.4, r.Parameters[0]));
        // κ1 = 0.4, κ2 = 0.6 balance the MZI: the cross port is dark (the two paths cancel to rounding).
        Assert.All(sink.Rows, r => Assert.True(r.Metrics[0] < -200, $"{r.Metrics[0]} dB"));
    }

    /// <summary>
    /// Correlated normals keep their marginals (std within 5·σ/√(2n)) and reach the requested correlation within
    /// five standard errors of r, (1 − ρ²)/√n; a uniform correlated through the copula stays uniform on its interval.
    /// </summary>
    [Fact]
    public void CorrelationIsImposedThroughTheCholeskyFactor()
    {
        const int n = 20_000;
        const double rho = 0.7;
        var v = new VariationSpec { Samples = n, Seed = 5, Correlation = new double[,] { { 1, rho, -0.2 }, { rho, 1, 0 }, { -0.2, 0, 1 } } };
        v.Parameters.Add(McHelpers.Normal("dc1.coupling", 0.5, 0.01));
        v.Parameters.Add(McHelpers.Normal("dc2.coupling", 0.5, 0.02));
        v.Parameters.Add(new VariationParameter { Name = "ps.phase", Code = DistributionCode.Uniform, Low = -0.1, High = 0.1 });
        var rows = Run(v).Rows;
        double[] a = rows.Select(r => r.Parameters[0]).ToArray(), b = rows.Select(r => r.Parameters[1]).ToArray(), u = rows.Select(r => r.Parameters[2]).ToArray();
        static double Std(double[] x) { double m = x.Average(); return Math.Sqrt(x.Sum(y => (y - m) * (y - m)) / (x.Length - 1)); }
        static double Corr(double[] x, double[] y)
        {
            double mx = x.Average(), my = y.Average();
            return x.Zip(y).Sum(p => (p.First - mx) * (p.Second - my)) / Math.Sqrt(x.Sum(p => (p - mx) * (p - mx)) * y.Sum(p => (p - my) * (p - my)));
        }
        Assert.Equal(0.01, Std(a), 5 * 0.01 / Math.Sqrt(2.0 * n));
        Assert.Equal(0.02, Std(b), 5 * 0.02 / Math.Sqrt(2.0 * n));
        Assert.Equal(rho, Corr(a, b), 5 * (1 - rho * rho) / Math.Sqrt(n));
        Assert.All(u, x => Assert.InRange(x, -0.1, 0.1));
        Assert.Equal(0.0, u.Average(), 5 * 0.2 / Math.Sqrt(12.0 * n));
        Assert.Equal(0.2 / Math.Sqrt(12), Std(u), 0.003);
        Assert.True(Corr(a, u) < -0.1, "the uniform follows its negative correlation");
        Assert.Equal(0.0, Corr(b, u), 5 / Math.Sqrt(n));   // their underlying normals are uncorrelated (entry [1][2] = 0)
    }

    /// <summary>Combinatorial corners: every min/typ/max combination, first parameter outermost; listed: rows as given.</summary>
    /// <summary>
    /// Uncorrelated truncated normals and uniforms are drawn from a direct uniform (kind 1, the FromUnit codes);
    /// correlated ones and every other distribution go through a standard normal (kind 0), as the copula needs.
    /// </summary>
    [Fact]
    public void OnlyUncorrelatedBoundedParametersDrawUniformsDirectly()
    {
        var v = new VariationSpec { Samples = 10, Correlation = new double[,] { { 1, 0.5, 0, 0 }, { 0.5, 1, 0, 0 }, { 0, 0, 1, 0 }, { 0, 0, 0, 1 } } };
        v.Parameters.Add(McHelpers.Normal("ps.phase", 0, 0.1));
        v.Parameters.Add(new VariationParameter { Name = "ps.power_mW", Code = DistributionCode.Uniform, Low = 0, High = 1 });   // correlated
        v.Parameters.Add(new VariationParameter { Name = "ps.loss_dB", Code = DistributionCode.Uniform, Low = 0, High = 0.2 });  // global, uncorrelated row
        v.Parameters.Add(new VariationParameter { Name = "dc*.coupling", Code = DistributionCode.TruncatedNormal, Mean = 0.5, Std = 0.02, Low = 0.45, High = 0.55, Scope = VariationScope.Local });
        var plan = PlanCompiler.Compile(McHelpers.Mzi(), new SweepSpec([SweepAxis.Linear("sample", 0, 9, 10)]), null, variation: v);
        var L = plan.Layout;
        var kinds = plan.Ints.AsSpan(L.NormalKindsOffset, L.NumNormals).ToArray();
        var codes = Enumerable.Range(0, L.NumRandom).Select(r => plan.Ints[L.RandomOffset + PlanLayout.RandomWidth * r]).ToArray();
        // The three globals are mixed by the Cholesky factor (all of them, the identity row included); the two local
        // couplings (a zero row) are not.
        Assert.Equal([0, 0, 0, 1, 1], kinds);
        Assert.Equal([DistributionCode.Normal, DistributionCode.Uniform, DistributionCode.Uniform,
                      DistributionCode.TruncatedNormalFromUnit, DistributionCode.TruncatedNormalFromUnit], codes);
    }

    /// <summary>
    /// Within a Monte Carlo sample only the wavelength changes, so wavelength-independent calls (the add-drop ring's
    /// couplers) are flagged to be evaluated once per sample and the dispersive straights are not; a grid sweep
    /// that moves a setting flags nothing. (That the flagged calls give the same bits is what the reproducibility
    /// tests check, on the CPU's block columns and on ILGPU threads that meet a sample twice.)
    /// </summary>
    [Fact]
    public void WavelengthIndependentCallsAreEvaluatedOncePerSample()
    {
        var c = TestCircuits.AddDropRing(0.1, 0.05, 62.83, 3.0);
        var v = new VariationSpec { Samples = 4 };
        v.Parameters.Add(new VariationParameter { Name = "c*.coupling", Code = DistributionCode.TruncatedNormal, Mean = 0.1, Std = 0.01, Low = 0.05, High = 0.15, Scope = VariationScope.Local });
        v.Parameters.Add(McHelpers.Normal("h*.dT", 0, 1));
        var wl = SweepAxis.Linear("wl", 1.54, 1.56, 5);
        var mc = PlanCompiler.Compile(c, new SweepSpec([SweepAxis.Linear("sample", 0, 3, 4), wl]), null, variation: v);
        var grid = PlanCompiler.Compile(c, new SweepSpec([SweepAxis.Linear("c1.coupling", 0.05, 0.01, 4), wl]), null);
        static Dictionary<string, bool> Flags(EvaluationPlan plan, FlatCircuit circuit)
        {
            var L = plan.Layout;
            var result = new Dictionary<string, bool>();
            for (int k = 0; k < L.NumCalls; k++)
            {
                int o = L.CallsOffset + PlanLayout.CallWidth * k;
                var model = circuit.Instances.First(i => i.Model.Id == plan.Ints[o]).Model.Name;
                result[$"{model}#{k}"] = (plan.Ints[o + 5] & PlanLayout.CallConstantInSample) != 0;
            }
            return result;
        }
        var f = Flags(mc, c);
        Assert.Equal(4, f.Count);
        Assert.All(f.Where(kv => kv.Key.StartsWith("coupler", StringComparison.Ordinal)), kv => Assert.True(kv.Value, kv.Key));
        Assert.All(f.Where(kv => kv.Key.StartsWith("straight", StringComparison.Ordinal)), kv => Assert.False(kv.Value, kv.Key));
        Assert.DoesNotContain(true, Flags(grid, c).Values);
        // GPU threads take runs of up to 4 wavelengths of one sample; a grid sweep keeps the one-point stride.
        Assert.Equal((4, 1), (mc.Layout.PointsPerRun, grid.Layout.PointsPerRun));
    }

    [Fact]
    public void CornersAreCombinationsOrListedRows()
    {
        var file = MonteCarloFile.Parse("""
            corners:
              parameters:
                - {name: "dc*.coupling", min: 0.45, typ: 0.5, max: 0.55}
                - {name: ps.phase, min: -0.1, max: 0.1}
            specs:
              - {name: iso, metric: transmission_dB, pair: cross:in, at_wl: 1.55, max: -20}
            """, "c.yaml");
        Assert.Equal(6, file.Variation.Samples);
        Assert.Equal(["min,min", "min,max", "typ,min", "typ,max", "max,min", "max,max"], file.Variation.CornerLabels);
        var sink = new McHelpers.MemorySink();
        var s = McHelpers.Run(McHelpers.Mzi(), new MonteCarloSetup { Variation = file.Variation, Specs = file.Specs }, sink: sink);
        double[] k = [0.45, 0.45, 0.5, 0.5, 0.55, 0.55], phi = [-0.1, 0.1, -0.1, 0.1, -0.1, 0.1];
        for (int i = 0; i < 6; i++)
        {
            Assert.Equal([k[i], phi[i]], sink.Rows[i].Parameters);
            Assert.Equal(CrossDb(k[i], k[i], phi[i]), sink.Rows[i].Metrics[0], 1e-9);
        }
        Assert.Equal(file.Variation.CornerLabels, s.CornerLabels);

        var listed = MonteCarloFile.Parse("""
            corners:
              parameters:
                - {name: ps.phase, min: -0.2, typ: 0, max: 0.2}
              combinations: [[typ], [max], [min], [max]]
            specs:
              - {name: iso, metric: transmission_dB, pair: cross:in, at_wl: 1.55}
            """, "c.yaml");
        Assert.Equal([0.0, 0.2, -0.2, 0.2], listed.Variation.Parameters[0].Table!);
    }

    /// <summary>
    /// A normal coupling around 0.98 (σ 0.05) exceeds 1 with probability Φ(−0.4) = 0.3446: those samples give NaN
    /// (√(1 − κ)). They are counted (within 5 binomial standard deviations of n·p), fail the yield, and stay out of
    /// the metric's statistics: count + nan_count = samples and the mean is finite.
    /// </summary>
    [Fact]
    public void NonPhysicalSamplesAreCountedNotAveraged()
    {
        const int n = 20_000;
        var v = new VariationSpec { Samples = n, Seed = 11 };
        v.Parameters.Add(McHelpers.Normal("dc*.coupling", 0.98, 0.05));
        var s = McHelpers.Run(McHelpers.Mzi(), new MonteCarloSetup { Variation = v, Specs = [McHelpers.Spec("iso", Metric.TransmissionDb, "cross:in", atWl: 1.55, max: 0)] });
        double p = 0.5 * MathNet.Numerics.SpecialFunctions.Erfc(0.4 / Math.Sqrt(2));
        var st = s.Statistics;
        Assert.InRange(st.NanSamples, n * p - 5 * Math.Sqrt(n * p * (1 - p)), n * p + 5 * Math.Sqrt(n * p * (1 - p)));
        Assert.Equal(st.NanSamples, st.Metrics[0].NanCount);
        Assert.Equal(n, st.Metrics[0].Count + st.Metrics[0].NanCount);
        Assert.Equal(n - st.NanSamples, st.Passed);                  // every physical sample meets T ≤ 0 dB
        Assert.True(double.IsFinite(st.Metrics[0].Moments.Total().Mean));
        Assert.Contains("nan_count", s.ToJson());
        Assert.Contains(s.Statistics.FailingSamples, i => i >= 0);
    }
}
