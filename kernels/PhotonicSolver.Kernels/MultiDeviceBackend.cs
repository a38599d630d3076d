using ILGPU;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;
using ILGPU.Runtime.OpenCL;
using PhotonicSolver.Backends;
using PhotonicSolver.Circuit;
using PhotonicSolver.MonteCarlo;
using PhotonicSolver.Numerics;

namespace PhotonicSolver.Kernels;

/// <summary>
/// Several accelerators of one node as one backend (<c>--backend cuda --devices all|0,2</c>): each chunk of a sweep or
/// of a Monte Carlo run is split into contiguous parts, one per device, which run at the same time; every point is
/// computed by exactly one device with the same kernel, so the result is bit-identical to one device's. Monte Carlo
/// chunks are split at the 2^k-sample block boundaries of the global sample index, so every block is reduced by one
/// device over the same samples as on one device, and the per-device histograms (integer counts) are summed.
/// </summary>
public sealed class MultiDeviceBackend : ISweepBackend
{
    private readonly ISweepBackend[] _devices;
    private readonly IDisposable[] _owned;

    /// <summary>Runs on <paramref name="devices"/> (at least one), which it owns and disposes, then <paramref name="owned"/>.</summary>
    public MultiDeviceBackend(IReadOnlyList<ISweepBackend> devices, params IDisposable[] owned)
    {
        ArgumentNullException.ThrowIfNull(devices);
        if (devices.Count == 0) throw new ArgumentException("no device", nameof(devices));
        _devices = [.. devices];
        _owned = owned;
    }

    /// <summary>The backends it splits the work across, in device order.</summary>
    public IReadOnlyList<ISweepBackend> Devices => _devices;

    public string Name => _devices[0].Name;

    public string Description => $"{_devices.Length} devices: " + string.Join("; ", _devices.Select(d => d.Description));

    public IPreparedPlan Prepare(EvaluationPlan plan)
    {
        var prepared = new List<IPreparedPlan>(_devices.Length);
        try
        {
            foreach (var d in _devices) prepared.Add(d.Prepare(plan));
            return new MultiDevicePlan(plan, [.. prepared]);
        }
        catch
        {
            foreach (var p in prepared) p.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        foreach (var d in _devices) d.Dispose();
        foreach (var o in _owned) o.Dispose();
    }

    // ---------------------------------------------------------------- creation

    /// <summary>Emulated devices of the ilgpu-cpu backend: each is its own ILGPU CPU accelerator (for tests).</summary>
    public const int IlgpuCpuDevices = 4;

    /// <summary>
    /// The devices <paramref name="spec"/> names of <paramref name="backend"/>: "all", or 0-based indices "0,2" in the
    /// order of <c>photonic devices</c>. cuda and opencl take the node's devices that ILGPU can use; ilgpu-cpu has
    /// <see cref="IlgpuCpuDevices"/> emulated ones. One device gives the plain backend.
    /// </summary>
    public static ISweepBackend Create(string backend, string spec)
    {
        string name = backend.Trim().ToLowerInvariant();
        switch (name)
        {
            case "cuda":
            {
                var context = Context.Create(b => b.Cuda().EnableAlgorithms());
                var usable = new List<CudaDevice>();
                foreach (var d in context.GetCudaDevices()) if (d.Architecture is not null) usable.Add(d);
                return Build(name, spec, usable.Count, context, i => new IlgpuBackend(usable[i].CreateCudaAccelerator(context), null, ownsAccelerator: true));
            }
            case "opencl":
            {
                var context = Context.Create(b => b.OpenCL(_ => true).EnableAlgorithms());
                var usable = new List<CLDevice>();
                foreach (var d in context.GetCLDevices()) if (BackendFactory.Unusable(d) is null) usable.Add(d);
                return Build(name, spec, usable.Count, context, i => new IlgpuBackend(usable[i].CreateCLAccelerator(context), null, ownsAccelerator: true));
            }
            case "ilgpu-cpu":
                return Build(name, spec, IlgpuCpuDevices, null, _ =>
                {
                    var context = Context.Create(b => b.CPU().EnableAlgorithms());
                    return new IlgpuBackend(context.CreateCPUAccelerator(0), context, ownsAccelerator: true);
                });
            default:
                throw new PhotonicException($"--devices needs --backend cuda, opencl or ilgpu-cpu (the GPU backends), not '{backend}'");
        }
    }

    /// <summary>Parses "all" or "0,2" against <paramref name="count"/> devices: distinct indices, in the order given.</summary>
    public static int[] ParseDevices(string spec, int count, string backend)
    {
        if (count == 0) throw new PhotonicException($"--devices: backend '{backend}' has no device here (photonic devices lists them)");
        string s = spec.Trim();
        if (s.Equals("all", StringComparison.OrdinalIgnoreCase)) return [.. Enumerable.Range(0, count)];
        var list = new List<int>();
        foreach (var part in s.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int i))
                throw new PhotonicException($"--devices '{spec}': expected 'all' or device numbers such as 0,2, not '{part}'");
            if (i >= count)
                throw new PhotonicException($"--devices '{spec}': backend '{backend}' has devices 0..{count - 1} here, no device {i}");
            if (list.Contains(i)) throw new PhotonicException($"--devices '{spec}': device {i} is named twice");
            list.Add(i);
        }
        return [.. list];
    }

    private static ISweepBackend Build(string name, string spec, int count, Context? context, Func<int, IlgpuBackend> create)
    {
        var made = new List<ISweepBackend>();
        try
        {
            int[] indices = ParseDevices(spec, count, name);
            foreach (int i in indices) made.Add(create(i));
            return new MultiDeviceBackend(made, context is null ? [] : [context]);
        }
        catch
        {
            foreach (var m in made) m.Dispose();
            context?.Dispose();
            throw;
        }
    }
}

/// <summary>A plan prepared on every device; <see cref="Evaluate"/> splits the points, Monte Carlo splits samples by block.</summary>
internal sealed class MultiDevicePlan : IPreparedPlan, IMonteCarloPlan
{
    private readonly IPreparedPlan[] _parts;
    private readonly Cx[][] _outputs;
    private readonly int[][] _status;

    public MultiDevicePlan(EvaluationPlan plan, IPreparedPlan[] parts)
    {
        Plan = plan;
        _parts = parts;
        _outputs = new Cx[parts.Length][];
        _status = new int[parts.Length][];
    }

    public EvaluationPlan Plan { get; }

    /// <summary>Device d's share of [0, count): contiguous, in device order, sizes differing by at most one.</summary>
    internal static (int Offset, int Count) Share(int count, int devices, int d)
    {
        long lo = (long)count * d / devices, hi = (long)count * (d + 1) / devices;
        return ((int)lo, (int)(hi - lo));
    }

    public void Evaluate(long start, int count, Cx[] outputs, int[] status)
    {
        int k = Plan.Outputs.Length;
        Parallel.For(0, _parts.Length, new ParallelOptions { MaxDegreeOfParallelism = _parts.Length }, d =>
        {
            var (offset, n) = Share(count, _parts.Length, d);
            if (n == 0) return;
            if (_outputs[d] is null || _status[d].Length < n)
            {
                _outputs[d] = new Cx[(long)n * k];
                _status[d] = new int[n];
            }
            _parts[d].Evaluate(start + offset, n, _outputs[d], _status[d]);
            Array.Copy(_outputs[d], 0, outputs, (long)offset * k, (long)n * k);
            Array.Copy(_status[d], 0, status, offset, n);
        });
    }

    public IMonteCarloDevice CreateMonteCarloDevice(MonteCarloDeviceSetup setup)
    {
        var devices = new List<IMonteCarloDevice>(_parts.Length);
        try
        {
            foreach (var p in _parts)
                devices.Add(p is IMonteCarloPlan own ? own.CreateMonteCarloDevice(setup) : new HostMonteCarloDevice(p, setup));
            return new MultiMonteCarloDevice(setup, [.. devices]);
        }
        catch
        {
            foreach (var d in devices) d.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        foreach (var p in _parts) p.Dispose();
    }
}

/// <summary>
/// Monte Carlo on several devices: a chunk of samples is cut at the global block boundaries (multiples of the
/// block size) into one contiguous part per device; each device measures and reduces its part into its own tables,
/// which are copied into the chunk's tables at the part's block offset; histograms are summed.
/// </summary>
internal sealed class MultiMonteCarloDevice : IMonteCarloDevice
{
    private readonly MonteCarloDeviceSetup _setup;
    private readonly IMonteCarloDevice[] _devices;
    private readonly ChunkTables[] _tables;
    private readonly (long First, int Count)[] _parts;

    public MultiMonteCarloDevice(MonteCarloDeviceSetup setup, IMonteCarloDevice[] devices)
    {
        _setup = setup;
        _devices = devices;
        ChunkSamples = devices.Min(d => d.ChunkSamples);
        _tables = [.. devices.Select(_ => new ChunkTables(setup, ChunkSamples))];
        _parts = new (long, int)[devices.Length];
    }

    public int ChunkSamples { get; }

    /// <summary>Splits samples [first, first + count) at multiples of <paramref name="blockSize"/> into contiguous parts.</summary>
    internal static (long First, int Count)[] Split(long first, int count, int devices, int blockSize)
    {
        long end = first + count;
        long firstBlock = first / blockSize, lastBlock = (end - 1) / blockSize, blocks = lastBlock - firstBlock + 1;
        var parts = new (long, int)[devices];
        for (int d = 0; d < devices; d++)
        {
            long lo = Math.Max(first, (firstBlock + blocks * d / devices) * blockSize);
            long hi = Math.Min(end, (firstBlock + blocks * (d + 1) / devices) * blockSize);
            if (d == devices - 1) hi = end;
            parts[d] = (lo, (int)Math.Max(0, hi - lo));
        }
        return parts;
    }

    public void Measure(long firstPoint, long firstSample, int count, ChunkTables tables)
    {
        var lay = _setup.Blocks;
        int w = _setup.Wavelengths.Length, specs = _setup.Specs.Length;
        var parts = Split(firstSample, count, _devices.Length, lay.BlockSize);
        parts.CopyTo(_parts, 0);
        long chunkBlock = firstSample >> lay.Log2Block;
        Parallel.For(0, _devices.Length, new ParallelOptions { MaxDegreeOfParallelism = _devices.Length }, d =>
        {
            var (first, n) = parts[d];
            if (n == 0) return;
            long offset = first - firstSample;
            _devices[d].Measure(firstPoint + offset * w, first, n, _tables[d]);
            int blockOffset = (int)((first >> lay.Log2Block) - chunkBlock), blocks = lay.BlocksOf(first, n);
            Array.Copy(_tables[d].BlockLongs, 0, tables.BlockLongs, (long)blockOffset * lay.LongsPerBlock, (long)blocks * lay.LongsPerBlock);
            Array.Copy(_tables[d].BlockDoubles, 0, tables.BlockDoubles, (long)blockOffset * lay.DoublesPerBlock, (long)blocks * lay.DoublesPerBlock);
            if (tables.Metrics is not null) Array.Copy(_tables[d].Metrics!, 0, tables.Metrics, offset * specs, (long)n * specs);
            if (tables.Flags is not null) Array.Copy(_tables[d].Flags!, 0, tables.Flags, offset, n);
        });
    }

    public void Histogram(int count, int[] levels, long[] firstKeys, ChunkTables tables)
    {
        Parallel.For(0, _devices.Length, new ParallelOptions { MaxDegreeOfParallelism = _devices.Length }, d =>
        {
            if (_parts[d].Count > 0) _devices[d].Histogram(_parts[d].Count, levels, firstKeys, _tables[d]);
        });
        var sum = tables.Histogram;
        Array.Clear(sum);
        for (int d = 0; d < _devices.Length; d++)
        {
            if (_parts[d].Count == 0) continue;
            var h = _tables[d].Histogram;
            for (long i = 0; i < sum.Length; i++) sum[i] += h[i];
        }
    }

    public void Dispose()
    {
        foreach (var d in _devices) d.Dispose();
    }
}
