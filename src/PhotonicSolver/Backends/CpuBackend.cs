using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using PhotonicSolver.Circuit;
using PhotonicSolver.Numerics;

namespace PhotonicSolver.Backends;

/// <summary>
/// The reference backend: Parallel.For over blocks of points, each worker running <see cref="PlanExecutor"/>
/// (the same code the ILGPU kernel runs) with its own scratch registers.
/// </summary>
public sealed class CpuBackend : ISweepBackend
{
    private readonly int _threads;

    /// <param name="threads">Worker count; 0 uses every core.</param>
    public CpuBackend(int threads = 0) { _threads = threads > 0 ? threads : Environment.ProcessorCount; }

    public string Name => "cpu";
    public string Description => $"cpu: Parallel.For on {_threads} threads ({RuntimeInformation.ProcessArchitecture}, {RuntimeInformation.FrameworkDescription})";

    public IPreparedPlan Prepare(EvaluationPlan plan) => new Prepared(plan, _threads);

    public void Dispose() { }

    private sealed class Prepared(EvaluationPlan plan, int threads) : IPreparedPlan
    {
        private const int BlockSize = 2048;
        public EvaluationPlan Plan { get; } = plan;

        public void Evaluate(long start, int count, Cx[] outputs, int[] status)
        {
            var L = Plan.Layout;
            int blocks = (count + BlockSize - 1) / BlockSize;
            var options = new ParallelOptions { MaxDegreeOfParallelism = threads };
            Parallel.For(0, blocks, options,
                () => new CpuPointMemory(Plan, outputs),
                (b, _, m) =>
                {
                    int first = b * BlockSize, last = Math.Min(count, first + BlockSize);
                    for (int p = first; p < last; p++)
                    {
                        m.OutputBase = p * L.NumOutputs;
                        status[p] = PlanExecutor.ExecutePoint(ref m, in L, start + p);
                    }
                    return m;
                },
                _ => { });
        }

        public void Dispose() { }
    }
}

/// <summary><see cref="IPointMemory"/> over host arrays: one instance per worker, scratch reused across points.</summary>
internal struct CpuPointMemory : IPointMemory
{
    private readonly int[] _ints;
    private readonly double[] _doubles;
    private readonly Cx[] _registers;
    private readonly double[] _params;
    private readonly Cx[] _outputs;
    public int OutputBase;

    public CpuPointMemory(EvaluationPlan plan, Cx[] outputs)
    {
        _ints = plan.Ints;
        _doubles = plan.Doubles;
        _registers = new Cx[plan.Layout.NumRegisters];
        _params = new double[Math.Max(1, plan.Layout.NumPointParams)];
        _outputs = outputs;
        OutputBase = 0;
        PlanExecutor.Initialize(ref this, plan.Layout);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly int Int(int index) => Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_ints), index);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly double Double(int index) => Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_doubles), index);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly Cx GetRegister(int r) => Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_registers), r);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void SetRegister(int r, Cx value) => Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_registers), r) = value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly double Get(int index) => Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_params), index);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void SetParam(int index, double value) => Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_params), index) = value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void SetOutput(int k, Cx value) => _outputs[OutputBase + k] = value;
}
