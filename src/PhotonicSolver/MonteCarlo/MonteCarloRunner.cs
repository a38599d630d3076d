using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using PhotonicSolver.Backends;
using PhotonicSolver.Circuit;
using PhotonicSolver.Numerics;
using PhotonicSolver.Sweep;

namespace PhotonicSolver.MonteCarlo;

/// <summary>What a Monte Carlo (or corner) run computes: the variation, the specs and the wavelengths of each sample.</summary>
public sealed class MonteCarloSetup
{
    public required VariationSpec Variation { get; init; }
    public required IReadOnlyList<SpecDefinition> Specs { get; init; }
    /// <summary>Wavelength axis inside every sample (null: the netlist's single wavelength).</summary>
    public SweepAxis? Wavelength { get; init; }
}

/// <summary>How to run it: which shard, chunking, per-sample output, provenance and progress.</summary>
public sealed class MonteCarloOptions
{
    public int ShardIndex { get; init; }
    public int ShardCount { get; init; } = 1;
    /// <summary>Samples per streamed chunk; 0 picks about 32 MiB of results.</summary>
    public int ChunkSamples { get; init; }
    /// <summary>Receives every sample's parameter and metric values (Parquet or CSV), or null.</summary>
    public ISampleSink? Sink { get; init; }
    /// <summary>Provenance added to the summary and the sample file (netlist and sweep file hashes, ...).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Metadata { get; init; } = [];
    public IProgress<SweepProgress>? Progress { get; init; }
    public CancellationToken Cancel { get; init; }
    /// <summary>Buckets per percentile sketch (see <see cref="QuantileSketch"/>).</summary>
    public int SketchCapacity { get; init; } = QuantileSketch.DefaultCapacity;
}

/// <summary>Receives the per-sample results of a run, chunk by chunk in sample order.</summary>
public interface ISampleSink : IDisposable
{
    void Begin(IReadOnlyList<string> parameterColumns, IReadOnlyList<string> metricColumns, IReadOnlyList<KeyValuePair<string, string>> metadata);
    /// <summary>Samples [first, first + count): parameters[s·P + p], metrics[s·M + m], passed[s], nan[s].</summary>
    void Write(long firstSample, int count, double[] parameters, double[] metrics, bool[] passed, bool[] nan);
    /// <summary>Ends the file; <paramref name="truncated"/> when the run stopped early after <paramref name="written"/> of <paramref name="total"/> samples.</summary>
    void End(bool truncated = false, long written = 0, long total = 0);
}

/// <summary>
/// Runs a Monte Carlo or corner analysis: the plan's outer axis is the sample index (a shard's slice of it), the
/// inner one the wavelengths; the backend evaluates chunks of whole samples with the random settings drawn inside
/// the shared executor; the backend's <see cref="IMonteCarloDevice"/> measures each sample's figures of merit and
/// reduces them per block where the spectra are, and the runner folds the block tables and histograms, in sample
/// order, into bounded, exactly mergeable statistics. No spectrum leaves its device or outlives its chunk, so memory
/// is O(chunk), whatever the sample count.
/// </summary>
public static class MonteCarloRunner
{
    /// <summary>Samples [first, end) of shard i of N: ⌊i·S/N⌋ to ⌊(i+1)·S/N⌋ (deterministic, contiguous, covering).</summary>
    public static (long First, long End) ShardRange(long samples, int index, int count)
    {
        if (count < 1 || index < 0 || index >= count) throw new PhotonicException($"shard {index}/{count}: expected I/N with 0 <= I < N");
        return ((long)((Int128)samples * index / count), (long)((Int128)samples * (index + 1) / count));
    }

    /// <summary>A run compiled and checked, before any backend is involved: every input error surfaces here.</summary>
    public sealed record Job(FlatCircuit Circuit, MonteCarloSetup Setup, int ShardIndex, int ShardCount, long First, long End, double[] Wavelengths,
                             List<CompiledSpec> Specs, List<(int Out, int In)> Pairs, EvaluationPlan Plan);

    /// <summary>Validates the variation and specs and compiles the plan of shard I of N.</summary>
    public static Job Prepare(FlatCircuit circuit, MonteCarloSetup setup, int shardIndex = 0, int shardCount = 1)
    {
        var variation = setup.Variation;
        variation.Validate();
        if (setup.Specs.Count == 0)
            throw new PhotonicException("a Monte Carlo run needs at least one spec (a spec without min/max only reports its metric's statistics)");
        var (first, end) = ShardRange(variation.Samples, shardIndex, shardCount);
        if (end <= first)
            throw new PhotonicException($"shard {shardIndex}/{shardCount} has no samples ({variation.Samples} samples in {shardCount} shards)");

        double[] wl = setup.Wavelength is { } ax ? Enumerable.Range(0, ax.Count).Select(i => ax[i]).ToArray() : [circuit.Wavelength];
        var (specs, pairs) = CompiledSpec.Compile(setup.Specs, circuit, wl);
        if (end - first > int.MaxValue) throw new PhotonicException($"a shard holds at most {int.MaxValue} samples; use more shards (--shard)");
        var sweep = new SweepSpec([SweepAxis.Linear(VariationParameter.SampleAxisName, first, end - 1, (int)(end - first))]);
        if (setup.Wavelength is not null) sweep.Axes.Add(setup.Wavelength);
        var plan = PlanCompiler.Compile(circuit, sweep, pairs, variation: variation);
        return new Job(circuit, setup, shardIndex, shardCount, first, end, wl, specs, pairs, plan);
    }

    public static MonteCarloSummary Run(FlatCircuit circuit, MonteCarloSetup setup, ISweepBackend backend, MonteCarloOptions? options = null)
    {
        options ??= new MonteCarloOptions();
        return Run(Prepare(circuit, setup, options.ShardIndex, options.ShardCount), backend, options);
    }

    /// <summary>Runs a prepared job (its shard; <see cref="MonteCarloOptions.ShardIndex"/> is not read again).</summary>
    public static MonteCarloSummary Run(Job job, ISweepBackend backend, MonteCarloOptions? options = null)
    {
        options ??= new MonteCarloOptions();
        var (circuit, setup, plan, wl, specs, pairs) = (job.Circuit, job.Setup, job.Plan, job.Wavelengths, job.Specs, job.Pairs);
        var (first, end) = (job.First, job.End);
        var variation = setup.Variation;
        var compiled = plan.Variation!;

        string runId = RunId(circuit, wl, variation, setup.Specs);
        var metadata = new List<KeyValuePair<string, string>>(options.Metadata)
        {
            new("circuit_sha256", CircuitHash(circuit)),
            new("backend", backend.Name),
            new("precision", "fp64"),
            new("version", Version),
        };
        var parameters = variation.Parameters.Select((p, i) => new ParameterInfo(p.Name, p.DistributionName, p.Mean, p.Std, p.Low, p.High,
            p.Scope.ToString().ToLowerInvariant(), compiled.Variables.Where(v => v.Parameter == i).Select(v => v.Column).ToList())).ToList();

        int W = wl.Length, nSpecs = specs.Count, nPairs = pairs.Count, nCols = compiled.Variables.Count;
        int chunk = options.ChunkSamples > 0 ? options.ChunkSamples : DefaultChunkSamples(W, nPairs);
        chunk = (int)Math.Min(chunk, end - first);
        int capacity = options.SketchCapacity;
        var stats = new MonteCarloStatistics(first, nSpecs, capacity);
        var sink = options.Sink;
        sink?.Begin(compiled.Variables.Select(v => v.Column).ToList(), specs.Select(s => s.Definition.Name).ToList(),
                    [.. metadata, new("run_id", runId), new("seed", variation.Seed.ToString(CultureInfo.InvariantCulture))]);

        var lay = BlockLayout.Create(nSpecs);
        var deviceSetup = new MonteCarloDeviceSetup
        {
            Specs = specs.Select(s => s.Code).ToArray(), Wavelengths = wl, Pairs = nPairs, Blocks = lay,
            HistogramCapacity = capacity, ChunkSamples = chunk, CopySamples = sink is not null,
        };
        var clock = Stopwatch.StartNew();
        using var prepared = backend.Prepare(plan);
        using var device = prepared is IMonteCarloPlan own ? own.CreateMonteCarloDevice(deviceSetup) : new HostMonteCarloDevice(prepared, deviceSetup);
        chunk = Math.Min(chunk, device.ChunkSamples);
        var tables = new ChunkTables(deviceSetup, chunk);
        var samples = sink is null ? null : new SampleBuffers(chunk, nCols);
        var (levels, keys, chunkMin, chunkMax) = (new int[nSpecs], new long[nSpecs], new double[nSpecs], new double[nSpecs]);
        bool truncated = false;
        for (long s0 = first; s0 < end; s0 += chunk)
        {
            // An interrupt stops between chunks: the statistics and the sample file then hold exactly [first, s0).
            if (options.Cancel.IsCancellationRequested) { truncated = true; break; }
            int count = (int)Math.Min(chunk, end - s0);
            device.Measure((s0 - first) * W, s0, count, tables);

            // Fold the blocks in sample order: the exact state of adding the samples one by one.
            Array.Fill(chunkMin, double.PositiveInfinity);
            Array.Fill(chunkMax, double.NegativeInfinity);
            int blocks = lay.BlocksOf(s0, count);
            for (int b = 0; b < blocks; b++)
            {
                long blockStart = ((s0 >> lay.Log2Block) + b) << lay.Log2Block;
                stats.AppendBlock(lay, tables.BlockLongs, tables.BlockDoubles, b,
                                  Math.Max(s0, blockStart), Math.Min(s0 + count, blockStart + lay.BlockSize));
                for (int j = 0; j < nSpecs; j++)
                {
                    int d = lay.SpecDoubles(b, j);
                    chunkMin[j] = Math.Min(chunkMin[j], tables.BlockDoubles[d]);
                    chunkMax[j] = Math.Max(chunkMax[j], tables.BlockDoubles[d + 1]);
                }
            }
            // Percentiles: the chunk's values counted on the device at the level of the chunk's own range.
            for (int j = 0; j < nSpecs; j++)
            {
                bool any = chunkMin[j] <= chunkMax[j];
                levels[j] = any ? QuantileSketch.LevelFor(chunkMin[j], chunkMax[j], capacity) : int.MinValue;
                keys[j] = any ? BlockReduction.Bucket(chunkMin[j], levels[j]) : 0;
            }
            device.Histogram(count, levels, keys, tables);
            for (int j = 0; j < nSpecs; j++)
            {
                if (levels[j] == int.MinValue) continue;
                var row = tables.Histogram.AsSpan(j * capacity, capacity);
                // Every finite value must have landed in a bucket: a device that lost one is a bug, never a result.
                long counted = 0, finite = 0;
                foreach (long c in row) counted += c;
                for (int b = 0; b < blocks; b++) finite += tables.BlockLongs[lay.SpecLongs(b, j)];
                if (counted != finite)
                    throw new InvalidOperationException($"{backend.Name}: the histogram of spec '{specs[j].Definition.Name}' counted {counted} of {finite} finite values in samples [{s0}, {s0 + count})");
                stats.Metrics[j].Sketch.MergeDense(levels[j], keys[j], row, chunkMin[j], chunkMax[j]);
            }

            if (sink is not null)
            {
                Sample(samples!, plan, compiled, s0, count);
                for (int s = 0; s < count; s++)
                {
                    samples!.Passed[s] = (tables.Flags![s] & SampleMeasure.PassedFlag) != 0;
                    samples.Nan[s] = (tables.Flags[s] & SampleMeasure.NanFlag) != 0;
                }
                sink.Write(s0, count, samples!.Parameters, tables.Metrics!, samples.Passed, samples.Nan);
            }
            options.Progress?.Report(new SweepProgress(s0 + count - first, end - first, clock.Elapsed));
        }
        sink?.End(truncated, stats.Samples, end - first);

        return new MonteCarloSummary
        {
            Truncated = truncated,
            Seed = variation.Seed,
            TotalSamples = variation.Samples,
            Shard = job.ShardCount > 1 ? (job.ShardIndex, job.ShardCount) : null,
            RunId = runId,
            Specs = setup.Specs,
            Parameters = parameters,
            Statistics = stats,
            CornerLabels = variation.CornerLabels,
            Warnings = compiled.Warnings,
            Metadata = metadata,
        };
    }

    /// <summary>Samples per chunk by default: about <see cref="SweepRunner.DefaultChunkBytes"/> of complex results.</summary>
    public static int DefaultChunkSamples(int wavelengths, int pairs)
        => Math.Max(1, (int)Math.Clamp(SweepRunner.DefaultChunkBytes / (16L * pairs + 4), 1024, 1 << 24) / wavelengths);

    /// <summary>Allowance per spec for its percentile sketch: at most 2^16 dictionary entries (28 B) through one doubling, plus sort scratch.</summary>
    public const long SketchBytes = 8L << 20;
    /// <summary>Allowance for everything else: plan, backend workers, task machinery, summary.</summary>
    public const long FixedBytes = 16L << 20;

    /// <summary>
    /// The documented memory bound of a run, independent of the number of samples: one chunk of spectra, status,
    /// metrics and flags (<see cref="HostMonteCarloDevice.BytesPerSample"/>; on a GPU they stay on the device), the
    /// chunk's block tables and dense histograms (<see cref="ChunkTables"/>), per-sample output buffers when a
    /// file is written, one <see cref="SketchBytes"/> per spec and <see cref="FixedBytes"/>. A test checks the bytes
    /// a 10⁷-sample run allocates against it.
    /// </summary>
    public static long MemoryBound(int chunkSamples, int wavelengths, int pairs, int specs, int columns,
                                   int sketchCapacity = QuantileSketch.DefaultCapacity, bool perSampleOutput = false)
    {
        var setup = new MonteCarloDeviceSetup
        {
            Specs = new SpecCode[specs], Wavelengths = new double[wavelengths], Pairs = pairs, Blocks = BlockLayout.Create(specs),
            HistogramCapacity = sketchCapacity, ChunkSamples = chunkSamples, CopySamples = perSampleOutput,
        };
        long output = perSampleOutput ? chunkSamples * (8L * columns + 2) : 0;
        return chunkSamples * HostMonteCarloDevice.BytesPerSample(wavelengths, pairs, specs) + new ChunkTables(setup, chunkSamples).Bytes
               + output + specs * SketchBytes + FixedBytes;
    }

    /// <summary>Per-sample output of a chunk, for the sink: parameter values and pass/NaN flags.</summary>
    private sealed class SampleBuffers(int samples, int columns)
    {
        public readonly double[] Parameters = new double[(long)samples * columns];
        public readonly bool[] Passed = new bool[samples];
        public readonly bool[] Nan = new bool[samples];
    }

    /// <summary>Each sample's parameter values, drawn on the host by the executor's own code.</summary>
    private static void Sample(SampleBuffers b, EvaluationPlan plan, CompiledVariation v, long start, int count)
    {
        int n = v.Variables.Count;
        if (n == 0) return;
        Parallel.For(0, count, () => CompiledVariation.NewScratch(plan), (s, _, scratch) =>
        {
            v.SampleValues(plan, start + s, scratch, b.Parameters.AsSpan(s * n, n));
            return scratch;
        }, _ => { });
    }

    public static string Version =>
        typeof(MonteCarloRunner).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(MonteCarloRunner).Assembly.GetName().Version?.ToString() ?? "unknown";

    private static string R(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>SHA-256 of the flattened circuit: models, settings (after overrides), connections, ports, wl, temperature.</summary>
    public static string CircuitHash(FlatCircuit c)
    {
        var sb = new StringBuilder();
        foreach (var i in c.Instances) sb.Append(i.Path).Append(' ').Append(i.Model.Name).Append(' ').AppendJoin(',', i.Settings.Select(R)).Append('\n');
        foreach (var (a, b) in c.Connections) sb.Append($"{a.Instance}:{a.Port}-{b.Instance}:{b.Port}\n");
        foreach (var (n, p) in c.ExternalPorts) sb.Append($"{n}={p.Instance}:{p.Port}\n");
        sb.Append(R(c.Wavelength)).Append(' ').Append(R(c.Temperature));
        return Sha(sb.ToString());
    }

    /// <summary>Everything that determines the samples and their statistics: shards merge only with equal ids.</summary>
    public static string RunId(FlatCircuit c, double[] wl, VariationSpec v, IReadOnlyList<SpecDefinition> specs)
    {
        var sb = new StringBuilder(CircuitHash(c)).Append('\n');
        sb.AppendJoin(',', wl.Select(R)).Append('\n');
        sb.Append(v.Seed).Append(' ').Append(v.Samples).Append('\n');
        foreach (var p in v.Parameters)
        {
            sb.Append($"{p.Name} {p.Code} {(p.Mean is { } m ? R(m) : "nominal")} {R(p.Std)} {R(p.Low)} {R(p.High)} {p.Scope}");
            if (p.Table is { } t) sb.Append(' ').AppendJoin(',', t.Select(R));
            sb.Append('\n');
        }
        if (v.Correlation is { } cor) foreach (var x in cor) sb.Append(R(x)).Append(',');
        sb.Append('\n');
        foreach (var s in specs)
            sb.Append($"{s.Name} {s.MetricName} {s.OutPort}:{s.InPort} {s.AtWl} {s.Band} {s.Min} {s.Max}\n");
        return Sha(sb.ToString())[..32];
    }

    private static string Sha(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
