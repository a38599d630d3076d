using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.Cuda;
using ILGPU.Runtime.OpenCL;
using PhotonicSolver.Backends;
using PhotonicSolver.Circuit;
using PhotonicSolver.MonteCarlo;
using PhotonicSolver.Numerics;

namespace PhotonicSolver.Kernels;

/// <summary>
/// Runs compiled plans on an ILGPU accelerator (CUDA, OpenCL, or ILGPU's CPU accelerator) with
/// <see cref="PlanKernel"/>, the same per-point code as <see cref="CpuBackend"/>.
/// </summary>
/// <remarks>
/// The backend either borrows an accelerator (the caller keeps ownership; tests share one Context per collection)
/// or owns the context and accelerator that <see cref="BackendFactory"/> created for it.
/// </remarks>
public sealed class IlgpuBackend : ISweepBackend
{
    /// <summary>Most points evaluated by one kernel launch (one chunk).</summary>
    public const int MaxChunkPoints = 1 << 20;

    private readonly Context? _ownedContext;
    private readonly bool _ownsAccelerator;
    private bool _disposed;

    /// <summary>Borrows <paramref name="accelerator"/>: disposing the backend leaves it (and its context) alive.</summary>
    public IlgpuBackend(Accelerator accelerator) : this(accelerator, null, ownsAccelerator: false) { }

    /// <summary>Takes ownership of the accelerator and, when given, of its context.</summary>
    internal IlgpuBackend(Accelerator accelerator, Context? ownedContext, bool ownsAccelerator)
    {
        Accelerator = accelerator ?? throw new ArgumentNullException(nameof(accelerator));
        _ownedContext = ownedContext;
        _ownsAccelerator = ownsAccelerator;
        Name = NameOf(accelerator);
    }

    public Accelerator Accelerator { get; }

    /// <summary>Test hook: caps the points per kernel launch below the memory-derived chunk size.</summary>
    internal int? ChunkPointsLimit { get; init; }

    /// <summary>Test hook: caps the threads per launch, so that each thread walks several points.</summary>
    internal int? ThreadsLimit { get; init; }

    /// <summary>cuda, opencl or ilgpu-cpu.</summary>
    public string Name { get; }

    /// <summary><see cref="Describe"/>, plus on CUDA whether kernels load as strict IEEE PTX (see <see cref="KernelLoader"/>).</summary>
    public string Description => KernelLoader.StrictStatus(Accelerator) is { } strict ? $"{Describe(Accelerator)}, {strict}" : Describe(Accelerator);

    public IPreparedPlan Prepare(EvaluationPlan plan)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(plan);
        return new Prepared(this, plan);
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        if (_ownsAccelerator) Accelerator.Dispose();
        _ownedContext?.Dispose();
    }

    /// <summary>The backend name for an accelerator kind: cuda, opencl, ilgpu-cpu.</summary>
    public static string NameOf(Accelerator accelerator) => accelerator.AcceleratorType switch
    {
        AcceleratorType.Cuda => "cuda",
        AcceleratorType.OpenCL => "opencl",
        AcceleratorType.CPU => "ilgpu-cpu",
        var other => other.ToString().ToLowerInvariant(),
    };

    /// <summary>One line for `photonic devices`: name, device and the properties that matter for sizing.</summary>
    public static string Describe(Accelerator a)
    {
        string extra = a switch
        {
            CudaAccelerator c => $"sm_{c.Architecture.Major}{c.Architecture.Minor}, PTX ISA {c.InstructionSet}, driver {c.DriverVersion}, ",
            CLAccelerator cl => $"{cl.PlatformName}, {cl.VendorName}, {cl.Device.CLStdVersion}, ",
            _ => "",
        };
        string memory = a.AcceleratorType == AcceleratorType.CPU ? "host memory" : $"{a.MemorySize / (double)(1L << 30):F1} GiB";
        return $"{NameOf(a)}: {a.Name} ({extra}{memory}, {a.NumMultiprocessors} multiprocessors × {a.MaxNumThreadsPerMultiprocessor} threads, warp {a.WarpSize})";
    }

    /// <summary>
    /// Device memory this backend allows itself for one chunk's scratch, outputs and status: a quarter of the
    /// device's memory, at most 2 GiB (256 MiB on ILGPU's CPU accelerator, whose memory is the host's).
    /// </summary>
    private long MemoryBudget()
    {
        if (Accelerator.AcceleratorType == AcceleratorType.CPU) return 256L << 20;
        long quarter = Accelerator.MemorySize / 4;
        if (Accelerator is CudaAccelerator cuda)
        {
            try { quarter = Math.Min(quarter, cuda.GetFreeMemory() / 2); }
            catch (CudaException) { /* keep the total-memory estimate */ }
        }
        return Math.Clamp(quarter, 16L << 20, 2L << 30);
    }

    /// <summary>A plan's tables resident on the device, plus chunk buffers grown on demand up to the budget.</summary>
    internal sealed class Prepared : IPreparedPlan, IMonteCarloPlan
    {
        private readonly IlgpuBackend _backend;
        private readonly PlanKernelLauncher? _launch;
        private readonly PlanKernelFp32Launcher? _launchFp32;
        private readonly bool _fp32;
        private readonly MemoryBuffer1D<int, Stride1D.Dense> _ints;
        private readonly MemoryBuffer1D<double, Stride1D.Dense> _doubles;
        private readonly long _scratchBytesPerThread;
        private readonly int _maxChunk;
        private readonly int _maxThreads;
        private readonly object _sync = new();
        private MemoryBuffer1D<double, Stride1D.Dense>? _scratch;
        private MemoryBuffer1D<float, Stride1D.Dense>? _registersFp32;
        private MemoryBuffer1D<double, Stride1D.Dense>? _outputs;
        private MemoryBuffer1D<int, Stride1D.Dense>? _status;
        private bool _disposed;

        public Prepared(IlgpuBackend backend, EvaluationPlan plan)
        {
            _backend = backend;
            Plan = plan;
            var accelerator = backend.Accelerator;
            _fp32 = plan.Layout.Fp32 != 0;
            // Only the kernel this plan's precision needs is compiled.
            if (_fp32) _launchFp32 = PlanKernelCache.GetFp32(accelerator);
            else _launch = PlanKernelCache.Get(accelerator);
            _ints = accelerator.Allocate1D(plan.Ints.Length == 0 ? [0] : plan.Ints);
            _doubles = accelerator.Allocate1D(plan.Doubles.Length == 0 ? [0.0] : plan.Doubles);

            var L = plan.Layout;
            _scratchBytesPerThread = Math.Max(8, PlanKernel.ScratchBytesPerThread(L));
            long budget = backend.MemoryBudget();
            // Outputs and status take 16·NumOutputs + 4 bytes per point; give them at most half the budget.
            long perPoint = 16L * L.NumOutputs + 4;
            long chunk = Math.Min(MaxChunkPoints, budget / 2 / perPoint);
            chunk = Math.Min(chunk, int.MaxValue / Math.Max(1, 2L * L.NumOutputs)); // 32-bit output indices
            if (backend.ChunkPointsLimit is int chunkLimit) chunk = Math.Min(chunk, chunkLimit);
            _maxChunk = (int)Math.Max(1, chunk);
            // Scratch takes ScratchBytesPerThread per thread: enough threads to fill the device, within the rest of
            // the budget, and fewer than 2³¹ scratch elements (32-bit indices in the kernel).
            long threads = Math.Max(1, accelerator.MaxNumThreads);
            threads = Math.Min(threads, budget / 2 / _scratchBytesPerThread);
            threads = Math.Min(threads, int.MaxValue / Math.Max(1, PlanKernel.ScratchDoublesPerThread(L)));
            if (backend.ThreadsLimit is int threadLimit) threads = Math.Min(threads, threadLimit);
            _maxThreads = (int)Math.Clamp(threads, 1, _maxChunk);
        }

        public EvaluationPlan Plan { get; }

        public void Evaluate(long start, int count, Cx[] outputs, int[] status)
        {
            ArgumentNullException.ThrowIfNull(outputs);
            ArgumentNullException.ThrowIfNull(status);
            int numOutputs = Plan.Layout.NumOutputs;
            if (count < 0) throw new ArgumentOutOfRangeException(nameof(count));
            if (outputs.Length < (long)count * numOutputs)
                throw new ArgumentException($"outputs holds {outputs.Length} values; {count} points need {(long)count * numOutputs}", nameof(outputs));
            if (status.Length < count)
                throw new ArgumentException($"status holds {status.Length} values; {count} points need {count}", nameof(status));
            if (count == 0) return;

            lock (_sync)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                var stream = _backend.Accelerator.DefaultStream;
                for (int done = 0; done < count;)
                {
                    int n = Math.Min(count - done, _maxChunk);
                    var (outView, statusView) = Launch(start + done, n);
                    // Cx is two doubles (re, im): the interleaved device layout is the host array's layout.
                    var host = MemoryMarshal.Cast<Cx, double>(outputs.AsSpan(done * numOutputs, n * numOutputs));
                    outView.CopyToCPU(stream, host);
                    statusView.CopyToCPU(stream, status.AsSpan(done, n));
                    stream.Synchronize();
                    done += n;
                }
            }
        }

        /// <summary>Most points one launch evaluates (the device-resident chunk).</summary>
        public int ChunkPoints => _maxChunk;

        /// <summary>Lock held by whoever launches on this plan's buffers.</summary>
        public object Sync => _sync;

        public IlgpuBackend Backend => _backend;

        public IMonteCarloDevice CreateMonteCarloDevice(MonteCarloDeviceSetup setup) => new IlgpuMonteCarloDevice(this, setup);

        /// <summary>
        /// Evaluates points [start, start + n) (n ≤ <see cref="ChunkPoints"/>) into the device buffers and returns
        /// views of them, without copying anything back. The caller holds <see cref="Sync"/>.
        /// </summary>
        public (ArrayView<double> Outputs, ArrayView<int> Status) Launch(long start, int n)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (n > _maxChunk) throw new ArgumentOutOfRangeException(nameof(n), $"{n} points exceed the chunk of {_maxChunk}");
            var stream = _backend.Accelerator.DefaultStream;
            int run = Math.Max(1, Plan.Layout.PointsPerRun);
            int threads = (int)Math.Min((n + (long)run - 1) / run, _maxThreads);
            var L = Plan.Layout;
            var outView = Ensure(ref _outputs, 2L * n * L.NumOutputs);
            var statusView = Ensure(ref _status, n);
            if (_fp32)
            {
                var registers = Ensure(ref _registersFp32, 2L * threads * L.NumRegisters);
                var parameters = Ensure(ref _scratch, (long)threads * L.NumPointParams);
                _launchFp32!(stream, threads, L, _ints.View, _doubles.View, registers, parameters, outView, statusView, start, n, threads);
            }
            else
            {
                var scratch = Ensure(ref _scratch, (long)threads * PlanKernel.ScratchDoublesPerThread(L));
                _launch!(stream, threads, L, _ints.View, _doubles.View, scratch, outView, statusView, start, n, threads);
            }
            return (outView, statusView);
        }

        /// <summary>A view of <paramref name="length"/> elements, reallocating the buffer when it is too small.</summary>
        private ArrayView<T> Ensure<T>(ref MemoryBuffer1D<T, Stride1D.Dense>? buffer, long length) where T : unmanaged
        {
            length = Math.Max(1, length);
            if (buffer is null || buffer.Length < length)
            {
                buffer?.Dispose();
                buffer = _backend.Accelerator.Allocate1D<T>(length);
            }
            return buffer.View.SubView(0, length);
        }

        public void Dispose()
        {
            lock (_sync)
            {
                if (_disposed) return;
                _disposed = true;
                _scratch?.Dispose();
                _registersFp32?.Dispose();
                _outputs?.Dispose();
                _status?.Dispose();
                _ints.Dispose();
                _doubles.Dispose();
            }
        }
    }
}

/// <summary>The launcher delegate of <see cref="PlanKernel.Execute"/> (explicit stream, implicit grouping).</summary>
internal delegate void PlanKernelLauncher(
    AcceleratorStream stream, Index1D extent, PlanLayout layout, ArrayView<int> ints, ArrayView<double> doubles,
    ArrayView<double> scratch, ArrayView<double> outputs, ArrayView<int> status, long start, int count, int threads);

/// <summary>The launcher delegate of <see cref="PlanKernel.ExecuteFp32"/>.</summary>
internal delegate void PlanKernelFp32Launcher(
    AcceleratorStream stream, Index1D extent, PlanLayout layout, ArrayView<int> ints, ArrayView<double> doubles,
    ArrayView<float> registers, ArrayView<double> parameters, ArrayView<double> outputs, ArrayView<int> status,
    long start, int count, int threads);

/// <summary>
/// Compiles and loads <see cref="PlanKernel.Execute"/> once per accelerator, through <see cref="KernelLoader"/> (strict
/// IEEE PTX on CUDA). Keys are weak, so an accelerator that is collected takes its entry with it; this is a cache,
/// not a place where a device is selected.
/// </summary>
internal static class PlanKernelCache
{
    private static readonly ConditionalWeakTable<Accelerator, PlanKernelLauncher> Launchers = new();
    private static readonly ConditionalWeakTable<Accelerator, PlanKernelFp32Launcher> LaunchersFp32 = new();

    public static PlanKernelFp32Launcher GetFp32(Accelerator accelerator) =>
        LaunchersFp32.GetValue(accelerator, static a =>
            KernelLoader.LoadAutoGrouped<PlanKernelFp32Launcher>(a, typeof(PlanKernel).GetMethod(nameof(PlanKernel.ExecuteFp32))!));

    public static PlanKernelLauncher Get(Accelerator accelerator) =>
        Launchers.GetValue(accelerator, static a =>
            KernelLoader.LoadAutoGrouped<PlanKernelLauncher>(a, typeof(PlanKernel).GetMethod(nameof(PlanKernel.Execute))!));
}
