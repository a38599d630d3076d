using System.Reflection;
using System.Runtime.CompilerServices;
using ILGPU;
using ILGPU.Runtime;
using PhotonicSolver.MonteCarlo;

namespace PhotonicSolver.Kernels;

/// <summary>
/// Monte Carlo on an ILGPU accelerator: per chunk, <see cref="PlanKernel"/> writes the spectra into device memory,
/// <see cref="MonteCarloKernels.Measure"/> measures every sample there, <see cref="MonteCarloKernels.ReduceBlocks"/>
/// reduces them per block, and <see cref="MonteCarloKernels.Histogram"/> counts them; the host receives the block
/// tables and the histograms (and per-sample metrics only when a per-sample file is written). Device memory per
/// chunk: the plan's outputs plus 8·specs + 4 bytes per sample and the tables.
/// </summary>
internal sealed class IlgpuMonteCarloDevice : IMonteCarloDevice
{
    private readonly IlgpuBackend.Prepared _plan;
    private readonly MonteCarloDeviceSetup _setup;
    private readonly MonteCarloKernelSet _kernels;
    private readonly MemoryBuffer1D<double, Stride1D.Dense> _wavelengths, _metrics, _doubles;
    private readonly MemoryBuffer1D<SpecCode, Stride1D.Dense> _specs;
    private readonly MemoryBuffer1D<int, Stride1D.Dense> _flags, _levels;
    private readonly MemoryBuffer1D<long, Stride1D.Dense> _longs, _keys, _counts;
    private readonly int[] _hostFlags;
    private int _count;

    public IlgpuMonteCarloDevice(IlgpuBackend.Prepared plan, MonteCarloDeviceSetup setup)
    {
        _plan = plan;
        _setup = setup;
        var a = plan.Backend.Accelerator;
        int w = setup.Wavelengths.Length;
        if (w > plan.ChunkPoints)
            throw new PhotonicException($"one sample's {w} wavelengths exceed the {plan.ChunkPoints} points the device evaluates at once; use fewer wavelengths");
        ChunkSamples = Math.Max(1, Math.Min(setup.ChunkSamples, plan.ChunkPoints / w));
        _kernels = MonteCarloKernelSet.Get(a);
        int specs = setup.Specs.Length;
        var lay = setup.Blocks;
        int blocks = lay.BlocksOf(0, ChunkSamples) + 1;
        _wavelengths = a.Allocate1D(setup.Wavelengths);
        _specs = a.Allocate1D(specs == 0 ? [default(SpecCode)] : setup.Specs);
        _metrics = a.Allocate1D<double>(Math.Max(1, (long)ChunkSamples * specs));
        _flags = a.Allocate1D<int>(ChunkSamples);
        _longs = a.Allocate1D<long>((long)blocks * lay.LongsPerBlock);
        _doubles = a.Allocate1D<double>((long)blocks * lay.DoublesPerBlock);
        _levels = a.Allocate1D<int>(Math.Max(1, specs));
        _keys = a.Allocate1D<long>(Math.Max(1, specs));
        _counts = a.Allocate1D<long>(Math.Max(1, (long)specs * setup.HistogramCapacity));
        _hostFlags = setup.CopySamples ? new int[ChunkSamples] : [];
    }

    public int ChunkSamples { get; }

    public void Measure(long firstPoint, long firstSample, int count, ChunkTables tables)
    {
        if (count > ChunkSamples) throw new ArgumentOutOfRangeException(nameof(count));
        int w = _setup.Wavelengths.Length, specs = _setup.Specs.Length;
        var lay = _setup.Blocks;
        int blocks = lay.BlocksOf(firstSample, count);
        lock (_plan.Sync)
        {
            var stream = _plan.Backend.Accelerator.DefaultStream;
            var (outputs, status) = _plan.Launch(firstPoint, count * w);
            _kernels.Measure(stream, count, outputs, status, _wavelengths.View, _specs.View, _metrics.View, _flags.View, _setup.Pairs);
            _kernels.Reduce(stream, blocks, lay, _metrics.View, _flags.View, _specs.View, _longs.View, _doubles.View, firstSample, count);
            _longs.View.SubView(0, (long)blocks * lay.LongsPerBlock).CopyToCPU(stream, tables.BlockLongs.AsSpan(0, blocks * lay.LongsPerBlock));
            _doubles.View.SubView(0, (long)blocks * lay.DoublesPerBlock).CopyToCPU(stream, tables.BlockDoubles.AsSpan(0, blocks * lay.DoublesPerBlock));
            if (tables.Metrics is not null && specs > 0)
                _metrics.View.SubView(0, (long)count * specs).CopyToCPU(stream, tables.Metrics.AsSpan(0, count * specs));
            if (tables.Flags is not null) _flags.View.SubView(0, count).CopyToCPU(stream, _hostFlags.AsSpan(0, count));
            stream.Synchronize();
        }
        if (tables.Flags is not null)
            for (int s = 0; s < count; s++) tables.Flags[s] = (byte)_hostFlags[s];
        _count = count;
    }

    public void Histogram(int count, int[] levels, long[] firstKeys, ChunkTables tables)
    {
        if (count != _count) throw new InvalidOperationException("Histogram counts the chunk Measure evaluated");
        int specs = _setup.Specs.Length, capacity = _setup.HistogramCapacity;
        if (specs == 0) return;
        lock (_plan.Sync)
        {
            var stream = _plan.Backend.Accelerator.DefaultStream;
            _levels.View.CopyFromCPU(stream, levels);
            _keys.View.CopyFromCPU(stream, firstKeys);
            _counts.View.MemSetToZero(stream);
            _kernels.Histogram(stream, count, _metrics.View, _levels.View, _keys.View, _counts.View, specs, capacity);
            _counts.View.CopyToCPU(stream, tables.Histogram.AsSpan(0, specs * capacity));
            stream.Synchronize();
        }
    }

    public void Dispose()
    {
        _wavelengths.Dispose(); _specs.Dispose(); _metrics.Dispose(); _flags.Dispose();
        _longs.Dispose(); _doubles.Dispose(); _levels.Dispose(); _keys.Dispose(); _counts.Dispose();
    }
}

/// <summary>The three Monte Carlo kernels loaded once per accelerator (weakly keyed, like <see cref="PlanKernelCache"/>).</summary>
internal sealed class MonteCarloKernelSet
{
    private static readonly ConditionalWeakTable<Accelerator, MonteCarloKernelSet> Sets = new();

    public required Action<AcceleratorStream, Index1D, ArrayView<double>, ArrayView<int>, ArrayView<double>, ArrayView<SpecCode>,
        ArrayView<double>, ArrayView<int>, int> Measure { get; init; }
    public required Action<AcceleratorStream, Index1D, BlockLayout, ArrayView<double>, ArrayView<int>, ArrayView<SpecCode>,
        ArrayView<long>, ArrayView<double>, long, int> Reduce { get; init; }
    public required Action<AcceleratorStream, Index1D, ArrayView<double>, ArrayView<int>, ArrayView<long>, ArrayView<long>, int, int> Histogram { get; init; }

    public static MonteCarloKernelSet Get(Accelerator accelerator) =>
        Sets.GetValue(accelerator, static a => new MonteCarloKernelSet
        {
            Measure = Load<Action<AcceleratorStream, Index1D, ArrayView<double>, ArrayView<int>, ArrayView<double>, ArrayView<SpecCode>,
                ArrayView<double>, ArrayView<int>, int>>(a, nameof(MonteCarloKernels.Measure)),
            Reduce = Load<Action<AcceleratorStream, Index1D, BlockLayout, ArrayView<double>, ArrayView<int>, ArrayView<SpecCode>,
                ArrayView<long>, ArrayView<double>, long, int>>(a, nameof(MonteCarloKernels.ReduceBlocks)),
            Histogram = Load<Action<AcceleratorStream, Index1D, ArrayView<double>, ArrayView<int>, ArrayView<long>, ArrayView<long>, int, int>>(
                a, nameof(MonteCarloKernels.Histogram)),
        });

    /// <summary>Through <see cref="KernelLoader"/>: strict IEEE PTX on CUDA, ILGPU's loader elsewhere.</summary>
    private static T Load<T>(Accelerator a, string kernel) where T : Delegate =>
        KernelLoader.LoadAutoGrouped<T>(a, typeof(MonteCarloKernels).GetMethod(kernel, BindingFlags.Public | BindingFlags.Static)!);
}
