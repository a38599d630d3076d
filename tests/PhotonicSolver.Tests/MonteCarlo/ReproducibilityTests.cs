using PhotonicSolver.Circuit;
using PhotonicSolver.MonteCarlo;

namespace PhotonicSolver.Tests.MonteCarlo;

/// <summary>
/// The same seed gives the same bits: whatever the chunk size, thread count, wavelength grid or sharding, every
/// sample's parameters, metrics and the summary (written as JSON) are identical.
/// </summary>
public class ReproducibilityTests
{
    /// <summary>
    /// The MZI with global correlated parameters (phase: normal; heater loss: lognormal) and a local truncated
    /// normal coupling on both couplers; 5 wavelengths per sample; a spec at λ and one over a band.
    /// </summary>
    private static MonteCarloSetup Setup(long samples, int wavelengths = 5)
    {
        var v = new VariationSpec { Samples = samples, Seed = 20240601, Correlation = new double[,] { { 1, 0.5, 0 }, { 0.5, 1, 0 }, { 0, 0, 1 } } };
        v.Parameters.Add(McHelpers.Normal("ps.phase", 0.0, 0.08));
        v.Parameters.Add(new VariationParameter { Name = "ps.loss_dB", Code = DistributionCode.LogNormal, Mean = 0.1, Std = 0.03 });
        v.Parameters.Add(new VariationParameter { Name = "dc*.coupling", Code = DistributionCode.TruncatedNormal, Mean = 0.5, Std = 0.02, Low = 0.46, High = 0.54, Scope = VariationScope.Local });
        return new MonteCarloSetup
        {
            Variation = v,
            Wavelength = wavelengths > 1 ? McHelpers.Wl(1.54, 1.56, wavelengths) : null,
            Specs =
            [
                McHelpers.Spec("isolation", Metric.TransmissionDb, "cross:in", atWl: 1.55, max: -25),
                McHelpers.Spec("il", Metric.InsertionLossDb, "bar:in", max: 0.2, band: wavelengths > 1 ? (1.545, 1.555) : null),
            ],
        };
    }

    private static (string Json, McHelpers.MemorySink Rows) Run(MonteCarloSetup setup, int chunk = 0, int shard = 0, int shards = 1, int threads = 0)
    {
        var sink = new McHelpers.MemorySink();
        var s = McHelpers.Run(McHelpers.Mzi(), setup, chunk, shard, shards, sink, threads);
        return (s.ToJson(), sink);
    }

    private static void AssertSameRows(IEnumerable<(long Sample, double[] Parameters, double[] Metrics, bool Passed, bool Nan)> a,
                                       IEnumerable<(long Sample, double[] Parameters, double[] Metrics, bool Passed, bool Nan)> b)
    {
        var x = a.ToList(); var y = b.ToList();
        Assert.Equal(x.Count, y.Count);
        for (int i = 0; i < x.Count; i++)
        {
            Assert.Equal(x[i].Sample, y[i].Sample);
            Assert.Equal(x[i].Parameters.Select(BitConverter.DoubleToInt64Bits), y[i].Parameters.Select(BitConverter.DoubleToInt64Bits));
            Assert.Equal(x[i].Metrics.Select(BitConverter.DoubleToInt64Bits), y[i].Metrics.Select(BitConverter.DoubleToInt64Bits));
            Assert.Equal((x[i].Passed, x[i].Nan), (y[i].Passed, y[i].Nan));
        }
    }

    [Fact]
    public void ChunkSizesAndThreadsGiveIdenticalBits()
    {
        var reference = Run(Setup(3000));
        Assert.Equal(4, reference.Rows.ParameterColumns.Count); // phase, loss, dc1.coupling, dc2.coupling
        foreach (var (chunk, threads) in new[] { (1, 0), (7, 0), (1000, 1), (2999, 2), (0, 1) })
        {
            var other = Run(Setup(3000), chunk, threads: threads);
            Assert.Equal(reference.Json, other.Json);
            AssertSameRows(reference.Rows.Rows, other.Rows.Rows);
        }
    }

    /// <summary>Shards of any sizes, merged (also through their JSON files), give the unsharded summary byte for byte.</summary>
    [Theory]
    [InlineData(3)]
    [InlineData(7)]
    public void ShardsMergeIntoTheUnshardedRun(int shards)
    {
        var whole = Run(Setup(3001));
        var parts = Enumerable.Range(0, shards).Select(i => Run(Setup(3001), chunk: 100 + i, shard: i, shards: shards)).ToList();
        AssertSameRows(whole.Rows.Rows, parts.SelectMany(p => p.Rows.Rows));
        var dir = Path.Combine(Path.GetTempPath(), "photonic-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var files = parts.Select((p, i) => { string f = Path.Combine(dir, $"shard{i}.json"); File.WriteAllText(f, p.Json); return f; }).ToList();
        var merged = MonteCarloSummary.Merge(files.AsEnumerable().Reverse().Select(f => (f, MonteCarloSummary.Read(f))).ToList());
        Assert.Equal(whole.Json, merged.ToJson());
    }

    /// <summary>A sample's parameters depend only on (seed, sample, stream): not on the wavelengths inside it.</summary>
    [Fact]
    public void SamplesDoNotDependOnTheWavelengthGrid()
    {
        var one = Run(Setup(500, wavelengths: 1)).Rows.Rows;
        var many = Run(Setup(500, wavelengths: 33)).Rows.Rows;
        Assert.Equal(one.Select(r => r.Parameters.Select(BitConverter.DoubleToInt64Bits)), many.Select(r => r.Parameters.Select(BitConverter.DoubleToInt64Bits)));
    }

    /// <summary>
    /// The backend evaluated each sample with exactly the values the host reports: the MZI's isolation from the
    /// engine equals 10·log10 sin²(φ/2) of the reported phase (ideal couplers, lossless), to 1e-9 dB (the engine's
    /// complex arithmetic and range-reduced sincos against Math.Sin: a few ulps of T, far below 1e-9 dB).
    /// </summary>
    [Fact]
    public void TheEngineUsesTheReportedSamples()
    {
        var sink = new McHelpers.MemorySink();
        McHelpers.Run(McHelpers.Mzi(), McHelpers.MziIsolation(2000, 0.3, -20), sink: sink);
        foreach (var (_, p, m, _, _) in sink.Rows)
        {
            double t = Math.Pow(Math.Sin(p[0] / 2), 2);
            Assert.Equal(10 * Math.Log10(t), m[0], 1e-9 * Math.Max(1, Math.Abs(m[0])) + (t < 1e-25 ? 1 : 0));
        }
    }

    /// <summary>
    /// The project's ILGPU backend (kernels/, on ILGPU's CPU accelerator) draws inside the same executor: every
    /// sample's parameters and metrics and the whole summary are the CPU backend's, bit for bit (only the
    /// backend's name in the metadata differs).
    /// </summary>
    [Fact]
    public void IlgpuBackendGivesTheCpuBits()
    {
        var cpu = Run(Setup(400));
        using var ilgpu = PhotonicSolver.Kernels.BackendFactory.Create("ilgpu-cpu");
        var sink = new McHelpers.MemorySink();
        var s = MonteCarloRunner.Run(McHelpers.Mzi(), Setup(400), ilgpu, new MonteCarloOptions { Sink = sink, ChunkSamples = 150 });
        AssertSameRows(cpu.Rows.Rows, sink.Rows);
        Assert.Equal(cpu.Json, s.ToJson().Replace($"\"backend\": \"{ilgpu.Name}\"", "\"backend\": \"cpu\""));

        // Device chunks of two samples (11 points of 5 wavelengths) on 3 threads (a thread meets a sample again and
        // keeps its wavelength-independent calls), unaligned with the 256-sample blocks, and no
        // per-sample output: only block tables and histograms come back, and the summary is still the CPU's.
        using var small = new PhotonicSolver.Kernels.IlgpuBackend(((PhotonicSolver.Kernels.IlgpuBackend)ilgpu).Accelerator) { ChunkPointsLimit = 11, ThreadsLimit = 3 };
        var t = MonteCarloRunner.Run(McHelpers.Mzi(), Setup(400), small, new MonteCarloOptions { ChunkSamples = 150 });
        Assert.Equal(cpu.Json, t.ToJson().Replace($"\"backend\": \"{ilgpu.Name}\"", "\"backend\": \"cpu\""));
    }

    /// <summary>The plan carries the variation only in its tables: a plan without one is unchanged (no random table).</summary>
    [Fact]
    public void PlansWithoutVariationHaveNoRandomTables()
    {
        var plan = PlanCompiler.Compile(McHelpers.Mzi(), TestCircuits.Wavelengths(1.5, 1.6, 3));
        Assert.Equal(0, plan.Layout.NumRandom);
        Assert.Equal(0, plan.Layout.NumNormals);
        Assert.Null(plan.Variation);
    }
}
