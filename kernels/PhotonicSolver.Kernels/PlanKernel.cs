using System.Runtime.CompilerServices;
using ILGPU;
using PhotonicSolver.Circuit;
using PhotonicSolver.Numerics;

namespace PhotonicSolver.Kernels;

/// <summary>
/// The one ILGPU kernel of the solver: it runs <see cref="PlanExecutor"/>, the same per-point code as the CPU
/// backend, for a chunk of sweep points. Every circuit uses this kernel; a plan is data (layout + tables), not code.
/// </summary>
/// <remarks>
/// Threads walk the chunk with a grid stride over runs of <see cref="PlanLayout.PointsPerRun"/> consecutive points
/// (1 for sweeps, so thread t evaluates points t, t + threads, …; up to 4 wavelengths of one Monte Carlo sample, which
/// the thread then draws once) and
/// calls <see cref="PlanExecutor.Initialize{TM}"/> once, so the constant registers and the parameter block's base
/// values are written once per thread, not once per point. Every thread runs the same tape, so control flow is
/// uniform and neighbouring threads touch neighbouring scratch addresses.
/// </remarks>
public static class PlanKernel
{
    /// <summary>Doubles of scratch per thread: re and im per register, then the point-parameter block.</summary>
    public static int ScratchDoublesPerThread(in PlanLayout layout) => 2 * layout.NumRegisters + layout.NumPointParams;

    /// <summary>Bytes of scratch per thread: fp64 or fp32 registers (re, im) plus the fp64 point parameters.</summary>
    public static long ScratchBytesPerThread(in PlanLayout layout) =>
        (layout.Fp32 != 0 ? 4L : 8L) * 2 * layout.NumRegisters + 8L * layout.NumPointParams;

    /// <summary>
    /// Evaluates points [start, start + count).
    /// </summary>
    /// <param name="index">Thread index; the launch extent is the number of threads (≤ the runs in the chunk).</param>
    /// <param name="layout">Sizes and offsets of the plan in <paramref name="ints"/> and <paramref name="doubles"/>.</param>
    /// <param name="ints">The plan's packed int table (read-only).</param>
    /// <param name="doubles">The plan's packed double table (read-only).</param>
    /// <param name="scratch">
    /// Per-thread registers and parameters, laid out [slot][thread] with
    /// <see cref="ScratchDoublesPerThread"/>(layout) slots of <paramref name="threads"/> doubles each.
    /// </param>
    /// <param name="outputs">Interleaved re, im of output k of point start + p at 2·(p·NumOutputs + k), as on the CPU.</param>
    /// <param name="status">0, or 1 + the singular pivot id, per point of the chunk.</param>
    /// <param name="start">First point (global sweep index) of the chunk.</param>
    /// <param name="count">Points in the chunk.</param>
    /// <param name="threads">Launch extent: the grid stride and the scratch stride.</param>
    public static void Execute(
        Index1D index,
        PlanLayout layout,
        ArrayView<int> ints,
        ArrayView<double> doubles,
        ArrayView<double> scratch,
        ArrayView<double> outputs,
        ArrayView<int> status,
        long start,
        int count,
        int threads)
    {
        var registers = new Fp64Registers(scratch);
        Run(index, layout, ints, doubles, registers, scratch, 2 * layout.NumRegisters, outputs, status, start, count, threads);
    }

    /// <summary>
    /// The fp32 variant: registers are stored as floats (half the scratch traffic), parameters stay fp64 in their
    /// own view, and the models still compute phases in fp64. Same per-point code as <see cref="Execute"/>.
    /// </summary>
    public static void ExecuteFp32(
        Index1D index,
        PlanLayout layout,
        ArrayView<int> ints,
        ArrayView<double> doubles,
        ArrayView<float> registerScratch,
        ArrayView<double> paramScratch,
        ArrayView<double> outputs,
        ArrayView<int> status,
        long start,
        int count,
        int threads)
    {
        var registers = new Fp32Registers(registerScratch);
        Run(index, layout, ints, doubles, registers, paramScratch, 0, outputs, status, start, count, threads);
    }

    private static void Run<TR>(Index1D index, PlanLayout layout, ArrayView<int> ints, ArrayView<double> doubles, TR registers,
                                ArrayView<double> paramScratch, int paramBase, ArrayView<double> outputs, ArrayView<int> status,
                                long start, int count, int threads)
        where TR : struct, IRegisterStore
    {
        int t = index;
        int run = layout.PointsPerRun > 1 ? layout.PointsPerRun : 1;
        if ((long)t * run >= count) return;
        var m = new GpuPointMemory<TR>(ints, doubles, registers, paramScratch, outputs, t, threads, paramBase);
        PlanExecutor.Initialize(ref m, in layout);
        for (long q = t; q * run < count; q += threads)
            for (int j = 0; j < run; j++)
            {
                int p = (int)(q * run) + j;
                if (p >= count) break;
                m.OutputBase = 2 * p * layout.NumOutputs;
                status[p] = PlanExecutor.ExecutePoint(ref m, in layout, start + p);
            }
    }
}

/// <summary>Where a thread's complex registers live: register r's re at [2r·stride + thread], im at [(2r+1)·stride + thread].</summary>
public interface IRegisterStore
{
    double Load(int index);
    void Store(int index, double value);
}

/// <summary>fp64 registers in a double view.</summary>
public readonly struct Fp64Registers(ArrayView<double> view) : IRegisterStore
{
    private readonly ArrayView<double> _view = view;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Load(int index) => _view[index];

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Store(int index, double value) => _view[index] = value;
}

/// <summary>fp32 registers in a float view: every stored value is rounded to fp32.</summary>
public readonly struct Fp32Registers(ArrayView<float> view) : IRegisterStore
{
    private readonly ArrayView<float> _view = view;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Load(int index) => _view[index];

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Store(int index, double value) => _view[index] = (float)value;
}

/// <summary>
/// <see cref="IPointMemory"/> over ILGPU views for one thread: registers in <typeparamref name="TR"/>, parameter i
/// at paramScratch[(paramBase + i)·stride + thread]. Index arithmetic is 32-bit: the backend sizes chunks so every
/// view holds fewer than 2³¹ elements.
/// </summary>
public struct GpuPointMemory<TR> : IPointMemory where TR : struct, IRegisterStore
{
    private readonly ArrayView<int> _ints;
    private readonly ArrayView<double> _doubles;
    private readonly TR _registers;
    private readonly ArrayView<double> _params;
    private readonly ArrayView<double> _outputs;
    private readonly int _thread;
    private readonly int _stride;
    private readonly int _paramBase;

    /// <summary>Index in the output view of the current point's first output's real part.</summary>
    public int OutputBase;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public GpuPointMemory(ArrayView<int> ints, ArrayView<double> doubles, TR registers, ArrayView<double> paramScratch,
                          ArrayView<double> outputs, int thread, int stride, int paramBase)
    {
        _ints = ints;
        _doubles = doubles;
        _registers = registers;
        _params = paramScratch;
        _outputs = outputs;
        _thread = thread;
        _stride = stride;
        _paramBase = paramBase;
        OutputBase = 0;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly int Int(int index) => _ints[index];

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly double Double(int index) => _doubles[index];

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly Cx GetRegister(int r)
    {
        int i = 2 * r * _stride + _thread;
        return new Cx(_registers.Load(i), _registers.Load(i + _stride));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void SetRegister(int r, Cx value)
    {
        int i = 2 * r * _stride + _thread;
        _registers.Store(i, value.Re);
        _registers.Store(i + _stride, value.Im);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly double Get(int index) => _params[(_paramBase + index) * _stride + _thread];

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void SetParam(int index, double value) => _params[(_paramBase + index) * _stride + _thread] = value;

    /// <summary>A thread's registers persist between its points: nothing to copy.</summary>
    public readonly void KeepRegisters(int first, int count) { }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void SetOutput(int k, Cx value)
    {
        _outputs[OutputBase + 2 * k] = value.Re;
        _outputs[OutputBase + 2 * k + 1] = value.Im;
    }
}
