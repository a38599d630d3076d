using PhotonicSolver.Backends;
using PhotonicSolver.Circuit;
using PhotonicSolver.MonteCarlo;
using PhotonicSolver.Sweep;

namespace PhotonicSolver.Tests.MonteCarlo;

/// <summary>Circuits and setups shared by the Monte Carlo tests.</summary>
public static class McHelpers
{
    /// <summary>
    /// A balanced MZI: ideal 50/50 couplers dc1 and dc2, a phase shifter 'ps' in the upper arm, a direct lower arm.
    /// With the coupler convention (bar t = √½, cross i√½) the field at dc2,o4 is ½(e^{iφ} − 1), so
    /// T(cross ← in) = sin²(φ/2) and T(bar ← in) = cos²(φ/2), at every wavelength.
    /// </summary>
    public static FlatCircuit Mzi() =>
        new TestCircuits.Builder()
            .Add("dc1", "coupler", ("coupling", 0.5))
            .Add("ps", "phase_shifter")
            .Add("dc2", "coupler", ("coupling", 0.5))
            .Connect("dc1,o4", "ps,o1").Connect("ps,o2", "dc2,o1").Connect("dc1,o3", "dc2,o2")
            .Port("in", "dc1,o1").Port("bar", "dc2,o3").Port("cross", "dc2,o4")
            .Build();

    public static VariationParameter Normal(string name, double mean, double std, VariationScope scope = VariationScope.Global) =>
        new() { Name = name, Code = DistributionCode.Normal, Mean = mean, Std = std, Scope = scope };

    public static SpecDefinition Spec(string name, Metric metric, string pair, double? atWl = null, double? min = null, double? max = null, (double, double)? band = null)
    {
        var p = pair.Split(':');
        return new SpecDefinition { Name = name, Metric = metric, OutPort = p[0], InPort = p[1], AtWl = atWl, Min = min, Max = max, Band = band };
    }

    /// <summary>The MZI with a Gaussian phase error σ and an isolation spec T(cross) ≤ maxDb at the netlist wavelength.</summary>
    public static MonteCarloSetup MziIsolation(long samples, double sigma, double maxDb, ulong seed = 42)
    {
        var v = new VariationSpec { Samples = samples, Seed = seed };
        v.Parameters.Add(Normal("ps.phase", 0.0, sigma));
        return new MonteCarloSetup { Variation = v, Specs = [Spec("isolation", Metric.TransmissionDb, "cross:in", atWl: 1.55, max: maxDb)] };
    }

    public static MonteCarloSummary Run(FlatCircuit c, MonteCarloSetup setup, int chunk = 0, int shard = 0, int shards = 1, ISampleSink? sink = null, int threads = 0)
    {
        using var backend = new CpuBackend(threads);
        return MonteCarloRunner.Run(c, setup, backend, new MonteCarloOptions { ChunkSamples = chunk, ShardIndex = shard, ShardCount = shards, Sink = sink });
    }

    /// <summary>Keeps every sample row in memory (small runs only).</summary>
    public sealed class MemorySink : ISampleSink
    {
        public List<string> ParameterColumns = [], MetricColumns = [];
        public List<(long Sample, double[] Parameters, double[] Metrics, bool Passed, bool Nan)> Rows = [];
        public void Begin(IReadOnlyList<string> p, IReadOnlyList<string> m, IReadOnlyList<KeyValuePair<string, string>> metadata) { ParameterColumns = [.. p]; MetricColumns = [.. m]; }
        public void Write(long first, int count, double[] parameters, double[] metrics, bool[] passed, bool[] nan)
        {
            int np = ParameterColumns.Count, nm = MetricColumns.Count;
            for (int s = 0; s < count; s++)
                Rows.Add((first + s, parameters.AsSpan(s * np, np).ToArray(), metrics.AsSpan(s * nm, nm).ToArray(), passed[s], nan[s]));
        }
        public void End(bool truncated = false, long written = 0, long total = 0) { }
        public void Dispose() { }
    }

    public static SweepAxis Wl(double a, double b, int n) => SweepAxis.Linear("wl", a, b, n);
}
