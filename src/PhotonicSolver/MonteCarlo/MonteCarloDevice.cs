using System.Runtime.CompilerServices;
using PhotonicSolver.Backends;
using PhotonicSolver.Numerics;

namespace PhotonicSolver.MonteCarlo;

/// <summary>What a device needs to measure and reduce samples: the specs, the wavelengths and the block layout.</summary>
public sealed class MonteCarloDeviceSetup
{
    public required SpecCode[] Specs { get; init; }
    public required double[] Wavelengths { get; init; }
    /// <summary>Port pairs the plan outputs (its NumOutputs), each sample's spectra laid out [wavelength][pair].</summary>
    public required int Pairs { get; init; }
    public required BlockLayout Blocks { get; init; }
    /// <summary>Buckets of the dense per-chunk histogram of each spec (the percentile sketch's capacity).</summary>
    public required int HistogramCapacity { get; init; }
    /// <summary>Samples per chunk the runner asks for; a device may take fewer (<see cref="IMonteCarloDevice.ChunkSamples"/>).</summary>
    public required int ChunkSamples { get; init; }
    /// <summary>Whether the runner needs every sample's metrics and flags back (a per-sample output file).</summary>
    public bool CopySamples { get; init; }
}

/// <summary>What a device hands back for a chunk: its block tables and, when asked for, every sample's metrics and flags.</summary>
public sealed class ChunkTables
{
    public ChunkTables(MonteCarloDeviceSetup setup, int chunkSamples)
    {
        var lay = setup.Blocks;
        int blocks = lay.BlocksOf(0, chunkSamples) + 1;   // an unaligned chunk touches one block more
        BlockLongs = new long[(long)blocks * lay.LongsPerBlock];
        BlockDoubles = new double[(long)blocks * lay.DoublesPerBlock];
        Histogram = new long[(long)setup.Specs.Length * setup.HistogramCapacity];
        if (setup.CopySamples)
        {
            Metrics = new double[(long)chunkSamples * setup.Specs.Length];
            Flags = new byte[chunkSamples];
        }
    }

    public long[] BlockLongs { get; }
    public double[] BlockDoubles { get; }
    /// <summary>Dense histogram, spec j's bucket firstKey_j + i at [j·capacity + i].</summary>
    public long[] Histogram { get; }
    public double[]? Metrics { get; }
    public byte[]? Flags { get; }

    public long Bytes => 8L * (BlockLongs.Length + BlockDoubles.Length + Histogram.Length + (Metrics?.Length ?? 0)) + (Flags?.Length ?? 0);
}

/// <summary>
/// A backend's Monte Carlo engine: evaluates a chunk of samples, measures every sample's figures of merit and
/// reduces them per block where the spectra are (the GPU for the ILGPU backend), so only block tables and a
/// histogram cross to the host, never spectra.
/// </summary>
public interface IMonteCarloDevice : IDisposable
{
    /// <summary>Most samples per chunk.</summary>
    int ChunkSamples { get; }

    /// <summary>
    /// Evaluates points [firstPoint, firstPoint + count·W) (samples firstSample… with W wavelengths each), measures
    /// them (<see cref="SampleMeasure"/>) and reduces them per block (<see cref="BlockReduction"/>) into
    /// <paramref name="tables"/>; also copies per-sample metrics and flags when the tables hold them.
    /// </summary>
    void Measure(long firstPoint, long firstSample, int count, ChunkTables tables);

    /// <summary>
    /// Counts the chunk just measured into <see cref="ChunkTables.Histogram"/>: spec j's finite values at
    /// bucket level levels[j] from bucket firstKeys[j] (every value falls inside); specs whose level is
    /// <see cref="int.MinValue"/> are skipped.
    /// </summary>
    void Histogram(int count, int[] levels, long[] firstKeys, ChunkTables tables);
}

/// <summary>A prepared plan whose backend measures and reduces Monte Carlo samples on its own device.</summary>
public interface IMonteCarloPlan
{
    IMonteCarloDevice CreateMonteCarloDevice(MonteCarloDeviceSetup setup);
}

/// <summary>
/// The Monte Carlo engine of host backends (and of any backend without its own): the plan is evaluated into host
/// arrays, then the samples are measured, reduced and histogrammed in Parallel.For loops running the same
/// <see cref="SampleMeasure"/> and <see cref="BlockReduction"/> code as the ILGPU kernels.
/// </summary>
public sealed class HostMonteCarloDevice : IMonteCarloDevice
{
    private readonly IPreparedPlan _plan;
    private readonly MonteCarloDeviceSetup _setup;
    private readonly Cx[] _outputs;
    private readonly int[] _status;
    private readonly double[] _metrics;
    private readonly byte[] _flags;

    public HostMonteCarloDevice(IPreparedPlan plan, MonteCarloDeviceSetup setup)
    {
        _plan = plan;
        _setup = setup;
        ChunkSamples = setup.ChunkSamples;
        int w = setup.Wavelengths.Length;
        _outputs = new Cx[(long)ChunkSamples * w * setup.Pairs];
        _status = new int[(long)ChunkSamples * w];
        _metrics = new double[(long)ChunkSamples * setup.Specs.Length];
        _flags = new byte[ChunkSamples];
    }

    public int ChunkSamples { get; }

    /// <summary>Samples per Parallel.For iteration: enough to amortise the delegate call.</summary>
    private const int Part = 1024;

    /// <summary>Bytes this engine holds for a chunk: spectra, status, metrics and flags.</summary>
    public static long BytesPerSample(int wavelengths, int pairs, int specs) => wavelengths * (16L * pairs + 4) + 8L * specs + 1;

    public void Measure(long firstPoint, long firstSample, int count, ChunkTables tables)
    {
        int w = _setup.Wavelengths.Length;
        _plan.Evaluate(firstPoint, count * w, _outputs, _status);
        var view = new HostSampleView(_outputs, _status, _setup.Wavelengths, _setup.Specs, _metrics, _setup.Pairs);
        Parallel.For(0, (count + Part - 1) / Part, part =>
        {
            for (int s = part * Part, end = Math.Min(count, s + Part); s < end; s++)
                _flags[s] = (byte)SampleMeasure.MeasureSample(view.At(s));
        });
        var lay = _setup.Blocks;
        var store = new ArrayBlockStore(_metrics, _flags, _setup.Specs, tables.BlockLongs, tables.BlockDoubles);
        Parallel.For(0, lay.BlocksOf(firstSample, count), b => BlockReduction.ReduceBlock(store, lay, b, firstSample, count));
        if (tables.Metrics is not null) Array.Copy(_metrics, tables.Metrics, (long)count * _setup.Specs.Length);
        if (tables.Flags is not null) Array.Copy(_flags, tables.Flags, count);
    }

    public void Histogram(int count, int[] levels, long[] firstKeys, ChunkTables tables)
    {
        var counts = tables.Histogram;
        Array.Clear(counts);
        int specs = _setup.Specs.Length, capacity = _setup.HistogramCapacity;
        var metrics = _metrics;
        // Integer counts are exact in any order, so the tasks add atomically, as the GPU threads do.
        Parallel.For(0, (count + Part - 1) / Part, part =>
        {
            for (int s = part * Part, end = Math.Min(count, s + Part); s < end; s++)
                for (int j = 0; j < specs; j++)
                {
                    double v = metrics[(long)s * specs + j];
                    if (levels[j] == int.MinValue || !FiguresOfMerit.IsFinite(v)) continue;
                    long bucket = BlockReduction.Bucket(v, levels[j]) - firstKeys[j];
                    if (bucket >= 0 && bucket < capacity) Interlocked.Increment(ref counts[(long)j * capacity + bucket]);
                }
        });
    }

    public void Dispose() { }

    /// <summary>The chunk's spectra in host arrays, positioned at one sample by <see cref="At"/>.</summary>
    private readonly struct HostSampleView(Cx[] outputs, int[] status, double[] wl, SpecCode[] specs, double[] metrics, int pairs, int sample = 0)
        : ISampleView
    {
        private readonly Cx[] _outputs = outputs;
        private readonly int[] _status = status;
        private readonly double[] _wl = wl;
        private readonly SpecCode[] _specs = specs;
        private readonly double[] _metrics = metrics;
        private readonly int _pairs = pairs, _sample = sample;

        public HostSampleView At(int s) => new(_outputs, _status, _wl, _specs, _metrics, _pairs, s);
        public int Wavelengths => _wl.Length;
        public int Pairs => _pairs;
        public int Specs => _specs.Length;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public double Power(int pair, int i) => _outputs[((long)_sample * _wl.Length + i) * _pairs + pair].Abs2;
        public bool Failed(int i) => _status[(long)_sample * _wl.Length + i] != 0;
        public double Wavelength(int i) => _wl[i];
        public SpecCode Spec(int j) => _specs[j];
        public void SetMetric(int j, double value) => _metrics[(long)_sample * _specs.Length + j] = value;
    }
}

/// <summary>A chunk's per-sample results and block tables in host arrays (the CPU backend's <see cref="IBlockStore"/>).</summary>
public readonly struct ArrayBlockStore(double[] metrics, byte[] flags, SpecCode[] specs, long[] longs, double[] doubles) : IBlockStore
{
    private readonly double[] _metrics = metrics, _doubles = doubles;
    private readonly byte[] _flags = flags;
    private readonly SpecCode[] _specs = specs;
    private readonly long[] _longs = longs;

    public double Metric(int s, int j) => _metrics[(long)s * _specs.Length + j];
    public int Flags(int s) => _flags[s];
    public SpecCode Spec(int j) => _specs[j];
    public long GetLong(int i) => _longs[i];
    public void SetLong(int i, long value) => _longs[i] = value;
    public double GetDouble(int i) => _doubles[i];
    public void SetDouble(int i, double value) => _doubles[i] = value;
}
