using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using PhotonicSolver.Circuit;
using PhotonicSolver.Numerics;

namespace PhotonicSolver.Backends;

/// <summary>
/// The reference backend: Parallel.For over blocks of <see cref="CpuBlockTape.BlockSize"/> points. Per point it
/// runs <see cref="PlanExecutor.EvaluateModels{TM}"/> (the same model code the ILGPU kernel runs) into
/// structure-of-arrays registers; then the tape runs once per block on SIMD vectors.
/// </summary>
public sealed class CpuBackend : ISweepBackend
{
    private readonly int _threads;

    /// <param name="threads">Worker count; 0 uses every core.</param>
    public CpuBackend(int threads = 0) { _threads = threads > 0 ? threads : Environment.ProcessorCount; }

    public string Name => "cpu";
    public string Description => $"cpu: Parallel.For on {_threads} threads, Vector256 fp64/fp32 tape ({RuntimeInformation.ProcessArchitecture}, {RuntimeInformation.FrameworkDescription})";

    public IPreparedPlan Prepare(EvaluationPlan plan) => new Prepared(plan, _threads);

    public void Dispose() { }

    private sealed class Prepared(EvaluationPlan plan, int threads) : IPreparedPlan
    {
        public EvaluationPlan Plan { get; } = plan;

        public void Evaluate(long start, int count, Cx[] outputs, int[] status)
        {
            if (Plan.Layout.Fp32 != 0) Evaluate<float>(start, count, outputs, status);
            else Evaluate<double>(start, count, outputs, status);
        }

        private void Evaluate<T>(long start, int count, Cx[] outputs, int[] status) where T : unmanaged, IFloatingPointIeee754<T>
        {
            var L = Plan.Layout;
            const int B = CpuBlockTape.BlockSize;
            int blocks = (count + B - 1) / B;
            var options = new ParallelOptions { MaxDegreeOfParallelism = threads };
            Parallel.For(0, blocks, options,
                () => new CpuBlockMemory<T>(Plan),
                (block, _, m) =>
                {
                    int first = block * B, n = Math.Min(B, count - first);
                    for (int p = 0; p < n; p++)
                    {
                        m.Column = p;
                        PlanExecutor.EvaluateModels(ref m, in L, start + first + p);
                        m.Previous = p;
                    }
                    Array.Clear(m.Status);
                    CpuBlockTape.Run(Plan.Ints, in L, m.Re, m.Im, n, m.Status);
                    m.WriteOutputs(in L, first, n, outputs, status);
                    return m;
                },
                _ => { });
        }

        public void Dispose() { }
    }
}

/// <summary>
/// <see cref="IPointMemory"/> for one worker's block: register r of column p is (Re, Im)[r·BlockSize + p];
/// the point-parameter block is scalar (axes write it just before the point's model calls read it). Registers are
/// T (double or float): models compute in fp64 and their slots are rounded to T when stored.
/// </summary>
internal struct CpuBlockMemory<T> : IPointMemory where T : unmanaged, IFloatingPointIeee754<T>
{
    private const int B = CpuBlockTape.BlockSize;
    private readonly int[] _ints;
    private readonly double[] _doubles;
    private readonly double[] _params;
    public readonly T[] Re;
    public readonly T[] Im;
    public readonly int[] Status;
    public int Column;
    /// <summary>Column of the previous point this worker evaluated (the last of its previous block at a block's start).</summary>
    public int Previous;

    public CpuBlockMemory(EvaluationPlan plan)
    {
        var L = plan.Layout;
        _ints = plan.Ints;
        _doubles = plan.Doubles;
        _params = new double[Math.Max(1, L.NumPointParams)];
        Re = new T[L.NumRegisters * B];
        Im = new T[L.NumRegisters * B];
        Status = new int[B];
        Column = 0;
        // Constants fill every column once; the tape never writes them.
        for (int c = 0; c < B; c++)
        {
            Column = c;
            PlanExecutor.Initialize(ref this, in L);
        }
        Column = 0;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly int Int(int index) => Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_ints), index);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly double Double(int index) => Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_doubles), index);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly Cx GetRegister(int r)
    {
        int i = r * B + Column;
        return new Cx(double.CreateTruncating(Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(Re), i)),
                      double.CreateTruncating(Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(Im), i)));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void SetRegister(int r, Cx value)
    {
        int i = r * B + Column;
        Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(Re), i) = T.CreateTruncating(value.Re);
        Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(Im), i) = T.CreateTruncating(value.Im);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly double Get(int index) => Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_params), index);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void SetParam(int index, double value) => Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_params), index) = value;

    /// <summary>Copies the registers from the previous point's column (pinned registers: the tape never writes them).</summary>
    public readonly void KeepRegisters(int first, int count)
    {
        if (Previous == Column) return;
        for (int r = first; r < first + count; r++)
        {
            Re[r * B + Column] = Re[r * B + Previous];
            Im[r * B + Column] = Im[r * B + Previous];
        }
    }

    /// <summary>Outputs are copied per block by <see cref="WriteOutputs"/>, not per point.</summary>
    public readonly void SetOutput(int k, Cx value) => throw new NotSupportedException("block outputs are written by WriteOutputs");

    public readonly void WriteOutputs(in PlanLayout L, int first, int n, Cx[] outputs, int[] status)
    {
        var nan = new Cx(double.NaN, double.NaN);
        for (int k = 0; k < L.NumOutputs; k++)
        {
            int row = _ints[L.OutputsOffset + k] * B;
            for (int p = 0; p < n; p++)
                outputs[(long)(first + p) * L.NumOutputs + k] = Status[p] == 0
                    ? new Cx(double.CreateTruncating(Re[row + p]), double.CreateTruncating(Im[row + p])) : nan;
        }
        Array.Copy(Status, 0, status, first, n);
    }
}
