using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using PhotonicSolver.Circuit;
using PhotonicSolver.Models;
using PhotonicSolver.Numerics;

namespace PhotonicSolver.Backends;

/// <summary>
/// The reference backend: Parallel.For over blocks of <see cref="CpuBlockTape.BlockSize"/> points. The model calls
/// run over groups of SIMD lanes (<see cref="CpuLanes"/>: the same lane-generic model code the ILGPU kernel runs with
/// one lane) into structure-of-arrays registers; then the tape runs once per block on SIMD vectors.
/// </summary>
public sealed class CpuBackend : ISweepBackend
{
    private readonly int _threads;

    /// <param name="threads">Worker count; 0 uses every core.</param>
    public CpuBackend(int threads = 0) { _threads = threads > 0 ? threads : Environment.ProcessorCount; }

    public string Name => "cpu";
    public string Description => $"cpu: Parallel.For on {_threads} threads, models on {CpuLanes.Describe()}, Vector256 fp64/fp32 tape ({RuntimeInformation.ProcessArchitecture}, {RuntimeInformation.FrameworkDescription})";

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
            if (Vector512.IsHardwareAccelerated) Evaluate<T, V512>(start, count, outputs, status);
            else if (Vector256.IsHardwareAccelerated) Evaluate<T, V256>(start, count, outputs, status);
            else Evaluate<T, F64>(start, count, outputs, status);
        }

        private void Evaluate<T, TL>(long start, int count, Cx[] outputs, int[] status)
            where T : unmanaged, IFloatingPointIeee754<T> where TL : struct, ILane<TL>
        {
            var L = Plan.Layout;
            const int B = CpuBlockTape.BlockSize;
            int blocks = (count + B - 1) / B;
            var options = new ParallelOptions { MaxDegreeOfParallelism = threads };
            Parallel.For(0, blocks, options,
                () => new CpuBlockMemory<T>(Plan, TL.Count),
                (block, _, m) =>
                {
                    int first = block * B, n = Math.Min(B, count - first);
                    for (int g = 0; g < n; g += TL.Count)
                        CpuLanes.EvaluateGroup<T, TL>(ref m, in L, start + first + g, g, Math.Min(TL.Count, n - g));
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
/// <see cref="IPointMemory"/> for one worker's block: register r of column p is (Re, Im)[r·BlockSize + p]; the
/// point-parameter block holds one value per lane (parameter i of lane j at [i·Lanes + j], lane = column mod Lanes),
/// so <see cref="CpuLanes"/> reads a parameter for a whole lane group with one vector load. Registers are T (double or
/// float): models compute in fp64 and their slots are rounded to T when stored.
/// </summary>
internal struct CpuBlockMemory<T> : IPointMemory where T : unmanaged, IFloatingPointIeee754<T>
{
    private const int B = CpuBlockTape.BlockSize;
    private readonly int[] _ints;
    private readonly double[] _doubles;
    public readonly double[] Params;
    public readonly int Lanes;
    public readonly T[] Re;
    public readonly T[] Im;
    public readonly int[] Status;
    public int Column;
    /// <summary>First column of the lane group this worker evaluated last (−1 before any).</summary>
    public int PreviousGroup;

    public CpuBlockMemory(EvaluationPlan plan, int lanes)
    {
        var L = plan.Layout;
        _ints = plan.Ints;
        _doubles = plan.Doubles;
        Lanes = lanes;
        Params = new double[Math.Max(1, L.NumPointParams) * lanes];
        Re = new T[L.NumRegisters * B];
        Im = new T[L.NumRegisters * B];
        Status = new int[B];
        Column = 0;
        PreviousGroup = -1;
        // Constants fill every column once (the tape never writes them), and the parameter base values every lane.
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

    /// <summary>Register r of the lane group starting at <paramref name="column"/>, one value per lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void SetRegisterLanes<TL>(int r, int column, Cx<TL> value) where TL : struct, ILane<TL>
    {
        int i = r * B + column;
        if (typeof(T) == typeof(double))
        {
            TL.Store(value.Re, ref Unsafe.As<T, double>(ref Re[i]));
            TL.Store(value.Im, ref Unsafe.As<T, double>(ref Im[i]));
            return;
        }
        Span<double> re = stackalloc double[TL.Count], im = stackalloc double[TL.Count];
        TL.Store(value.Re, ref re[0]);
        TL.Store(value.Im, ref im[0]);
        for (int j = 0; j < TL.Count; j++) { Re[i + j] = T.CreateTruncating(re[j]); Im[i + j] = T.CreateTruncating(im[j]); }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly double Get(int index) => Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(Params), index * Lanes + (Column & (Lanes - 1)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void SetParam(int index, double value) =>
        Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(Params), index * Lanes + (Column & (Lanes - 1))) = value;

    /// <summary>
    /// Copies the registers of this column's lane from the previous lane group this worker evaluated (pinned
    /// registers: the tape never writes them, and that lane held the same sample).
    /// </summary>
    public readonly void KeepRegisters(int first, int count)
    {
        int from = PreviousGroup + (Column & (Lanes - 1));
        if (PreviousGroup < 0 || from == Column) return;
        for (int r = first; r < first + count; r++)
        {
            Re[r * B + Column] = Re[r * B + from];
            Im[r * B + Column] = Im[r * B + from];
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

/// <summary>The lane view of a worker's parameter block: parameter i of every lane is one vector at [i·Lanes].</summary>
internal readonly struct LaneParams<TL>(double[] values) : ILaneStore<TL> where TL : struct, ILane<TL>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TL Get(int index) => TL.Load(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(values), index * TL.Count));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void SetParam(int index, TL value) => TL.Store(value, ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(values), index * TL.Count));
}

/// <summary>
/// The CPU's model calls over a group of lanes (consecutive points of a block): axes and Monte Carlo draws per lane
/// (<see cref="PlanExecutor.DecodePoint{TM}"/>, <see cref="PlanExecutor.DrawSample{TM}"/>), then each call once for the
/// whole group on SIMD lanes (<see cref="ModelDispatch.EvaluateLanes{TL, TP}"/>), or lane by lane for the models that
/// stay scalar and for data tables. The same decisions as <see cref="PlanExecutor.EvaluateModels{TM}"/> (keep a
/// sample's wavelength-independent calls, derive once per sample), taken for the whole group; the same bits.
/// </summary>
internal static class CpuLanes
{
    public static string Describe() =>
        Vector512.IsHardwareAccelerated ? "Vector512 lanes" : Vector256.IsHardwareAccelerated ? "Vector256 lanes" : "scalar lanes";

    /// <summary>
    /// Evaluates the lane group at columns [column, column + Count) for points firstPoint…; lanes from
    /// <paramref name="valid"/> on repeat the last valid point (their results are not read).
    /// </summary>
    public static void EvaluateGroup<T, TL>(ref CpuBlockMemory<T> m, in PlanLayout L, long firstPoint, int column, int valid)
        where T : unmanaged, IFloatingPointIeee754<T> where TL : struct, ILane<TL>
    {
        int w = TL.Count;
        Span<double> wl = stackalloc double[w], temperature = stackalloc double[w];
        bool sameSample = true;
        for (int j = 0; j < w; j++)
        {
            m.Column = column + j;
            PlanExecutor.DecodePoint(ref m, in L, firstPoint + Math.Min(j, valid - 1), out wl[j], out temperature[j], out long sample);
            if (!PlanExecutor.DrawSample(ref m, in L, sample)) sameSample = false;
        }
        bool derive = !(sameSample && L.DerivePerSample != 0);
        var p = new LaneParams<TL>(m.Params);
        TL wlLanes = TL.Load(ref wl[0]), temperatureLanes = TL.Load(ref temperature[0]);

        for (int c = 0; c < L.NumCalls; c++)
        {
            int o = L.CallsOffset + PlanLayout.CallWidth * c;
            int id = m.Int(o), offset = m.Int(o + 1), dst = m.Int(o + 2), slots = m.Int(o + 3), flags = m.Int(o + 5);
            if (sameSample && (flags & PlanLayout.CallConstantInSample) != 0)
            {
                for (int j = 0; j < w; j++) { m.Column = column + j; m.KeepRegisters(dst, slots); }
                continue;
            }
            if (id == ModelIds.SParameterTable || !ModelDispatch.OnLanes(id))
            {
                for (int j = 0; j < w; j++)
                {
                    m.Column = column + j;
                    if (id == ModelIds.SParameterTable) { DataModels.TableModel.Evaluate(ref m, offset, wl[j], dst, slots); continue; }
                    if (derive && (flags & PlanLayout.CallDerivesPerPoint) != 0) ModelDispatch.Derive(id, ref m, offset);
                    var s = new Slots();
                    ModelDispatch.Evaluate(id, ref m, offset, wl[j], temperature[j] + m.Get(m.Int(o + 4)), ref s);
                    for (int k = 0; k < slots; k++) m.SetRegister(dst + k, s.Get(k));
                }
                continue;
            }
            if (derive && (flags & PlanLayout.CallDerivesPerPoint) != 0) ModelDispatch.DeriveLanes<TL, LaneParams<TL>>(id, ref p, offset);
            Unsafe.SkipInit(out Slots<TL> ls);
            // The instance sees the global (or swept) temperature plus its own local dT.
            ModelDispatch.EvaluateLanes(id, ref p, offset, wlLanes, temperatureLanes + p.Get(m.Int(o + 4)), ref ls);
            for (int k = 0; k < slots; k++) m.SetRegisterLanes(dst + k, column, ls.Get(k));
        }
        m.PreviousGroup = column;
    }
}
