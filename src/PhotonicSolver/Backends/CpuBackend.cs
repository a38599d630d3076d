using System.Collections.Concurrent;
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
            const int B = CpuBlockTape.BlockSize;
            int blocks = (count + B - 1) / B;
            int parts = (blocks + BlocksPerPart - 1) / BlocksPerPart;
            var options = new ParallelOptions { MaxDegreeOfParallelism = threads };
            // Worker memories are reused across calls (Parallel.For may start a new task, and call localInit again, at any
            // time, more often on a loaded machine): memory stays bounded by the number of concurrent workers.
            var pool = (ConcurrentBag<CpuBlockMemory<T>>)(_pool ??= new ConcurrentBag<CpuBlockMemory<T>>());
            Parallel.For(0, parts, options,
                () => pool.TryTake(out var m) ? m : new CpuBlockMemory<T>(Plan, TL.Count),
                (part, _, m) =>
                {
                    for (int block = part * BlocksPerPart, end = Math.Min(blocks, block + BlocksPerPart); block < end; block++)
                        RunBlock<T, TL>(ref m, Plan, start, block * B, Math.Min(B, count - block * B), outputs, status);
                    return m;
                },
                pool.Add);
        }

        /// <summary>Idle worker memories (a ConcurrentBag of CpuBlockMemory of the plan's register type).</summary>
        private object? _pool;

        /// <summary>Blocks per Parallel.For iteration: enough points (2048) to amortise the delegate call.</summary>
        private const int BlocksPerPart = 8;

        private static void RunBlock<T, TL>(ref CpuBlockMemory<T> m, EvaluationPlan plan, long start, int first, int n, Cx[] outputs, int[] status)
            where T : unmanaged, IFloatingPointIeee754<T> where TL : struct, ILane<TL>
        {
            var L = plan.Layout;
            for (int g = 0; g < n; g += TL.Count)
                CpuLanes.EvaluateGroup<T, TL>(ref m, in L, start + first + g, g, Math.Min(TL.Count, n - g));
            Array.Clear(m.Status);
            CpuBlockTape.Run(plan.Ints, in L, m.Re, m.Im, n, m.Status);
            m.WriteOutputs(in L, first, n, outputs, status);
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
    /// <summary>Wavelength and temperature of each lane of the group being evaluated.</summary>
    public readonly double[] LaneWavelengths, LaneTemperatures;
    public int Column;
    /// <summary>First column of the lane group this worker evaluated last (−1 before any).</summary>
    public int PreviousGroup;
    /// <summary>The Monte Carlo sample every lane of that group held (−1: none, or not the same).</summary>
    public long GroupSample;

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
        LaneWavelengths = new double[lanes];
        LaneTemperatures = new double[lanes];
        Column = 0;
        PreviousGroup = -1;
        GroupSample = -1;
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
        SetRegisterLanesRounded(i, value);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private readonly void SetRegisterLanesRounded<TL>(int i, Cx<TL> value) where TL : struct, ILane<TL>
    {
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

    /// <summary>Parameter i of lane 0 into every lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void BroadcastParam(int index)
    {
        int i = index * Lanes;
        double v = Params[i];
        for (int j = 1; j < Lanes; j++) Params[i + j] = v;
    }

    /// <summary>Lane 0's draws (its normals, sampled settings and drawn sample) into every lane.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public readonly void BroadcastDraws(in PlanLayout L)
    {
        for (int n = 0; n < L.NumNormals; n++) BroadcastParam(L.NormalsParam + n);
        for (int r = 0; r < L.NumRandom; r++) BroadcastParam(Int(L.RandomOffset + PlanLayout.RandomWidth * r + 2));
        BroadcastParam(L.DrawnSampleParam);
    }

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
        double[] wl = m.LaneWavelengths, temperature = m.LaneTemperatures;
        bool sameSample = Decode(ref m, in L, firstPoint, column, valid, w);
        bool derive = !(sameSample && L.DerivePerSample != 0);
        var p = new LaneParams<TL>(m.Params);
        TL wlLanes = TL.Load(ref wl[0]), temperatureLanes = TL.Load(ref temperature[0]);

        for (int c = 0; c < L.NumCalls; c++)
        {
            int o = L.CallsOffset + PlanLayout.CallWidth * c;
            int id = m.Int(o), offset = m.Int(o + 1), dst = m.Int(o + 2), slots = m.Int(o + 3), flags = m.Int(o + 5);
            if (sameSample && (flags & PlanLayout.CallConstantInSample) != 0) { Keep(ref m, column, w, dst, slots); continue; }
            if (id == ModelIds.SParameterTable || !ModelDispatch.OnLanes(id)) { OneByOne(ref m, in L, o, column, w, derive); continue; }
            if (derive && (flags & PlanLayout.CallDerivesPerPoint) != 0) ModelDispatch.DeriveLanes<TL, LaneParams<TL>>(id, ref p, offset);
            Unsafe.SkipInit(out Slots<TL> ls);
            // The instance sees the global (or swept) temperature plus its own local dT.
            ModelDispatch.EvaluateLanes(id, ref p, offset, wlLanes, temperatureLanes + p.Get(m.Int(o + 4)), ref ls);
            m.SetRegisterLanes(dst, column, ls.S0);
            if (slots > 1) m.SetRegisterLanes(dst + 1, column, ls.S1);
            if (slots > 2) m.SetRegisterLanes(dst + 2, column, ls.S2);
            for (int k = 3; k < slots; k++) m.SetRegisterLanes(dst + k, column, ls.Get(k));
        }
        m.PreviousGroup = column;
    }

    /// <summary>
    /// Axis values and Monte Carlo draws of the group's lanes. Lanes are consecutive points: when the innermost axis
    /// does not wrap inside the group (and is not the sample axis), lane 0 is decoded and drawn as a point, its values of
    /// the outer axes and its draws are copied to the other lanes, and only the innermost axis moves from lane to lane
    /// (the same formula per lane). Otherwise every lane is decoded and drawn on its own. Returns whether every lane
    /// holds the sample that every lane of the previous group held (its wavelength-independent calls are kept).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Decode<T>(ref CpuBlockMemory<T> m, in PlanLayout L, long firstPoint, int column, int valid, int w)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        double[] wl = m.LaneWavelengths, temperature = m.LaneTemperatures;
        m.Column = column;
        PlanExecutor.DecodePoint(ref m, in L, firstPoint, out wl[0], out temperature[0], out long sample);
        bool drawn = L.NumRandom > 0 && Draw(ref m, in L, sample); // lane 0 already held this sample
        int a = L.NumAxes - 1;
        int o = L.AxesOffset + 4 * a;
        if (w > 1 && valid == w && a >= 0 && m.Int(o + 1) == 0 && m.Int(o) != PlanLayout.AxisTargetSample
            && (a == 0 ? firstPoint : firstPoint % m.Int(o + 2)) + (w - 1) < m.Int(o + 2))
        {
            // Lane 0's outer-axis settings and draws, copied to every lane.
            for (int b = 0; b < a; b++)
                if (m.Int(L.AxesOffset + 4 * b) >= 0) m.BroadcastParam(m.Int(L.AxesOffset + 4 * b));
            if (L.NumRandom > 0 && !(drawn && m.GroupSample == sample)) m.BroadcastDraws(in L);
            long idx = a == 0 ? firstPoint : firstPoint % m.Int(o + 2);
            int target = m.Int(o);
            double start = m.Double(L.AxisDoublesOffset + 2 * a), step = m.Double(L.AxisDoublesOffset + 2 * a + 1);
            for (int j = 1; j < w; j++)
            {
                double value = start + step * (idx + j);
                if (target == PlanLayout.AxisTargetWavelength) { wl[j] = value; temperature[j] = temperature[0]; }
                else if (target == PlanLayout.AxisTargetTemperature) { temperature[j] = value; wl[j] = wl[0]; }
                else { m.Column = column + j; m.SetParam(target, value); wl[j] = wl[0]; temperature[j] = temperature[0]; }
            }
            bool same = drawn && m.GroupSample == sample;
            m.GroupSample = L.NumRandom > 0 ? sample : -1;
            return same;
        }
        bool sameSample = drawn;
        bool uniform = true;
        for (int j = 1; j < w; j++)
        {
            m.Column = column + j;
            PlanExecutor.DecodePoint(ref m, in L, firstPoint + Math.Min(j, valid - 1), out wl[j], out temperature[j], out long s);
            sameSample = L.NumRandom > 0 && Draw(ref m, in L, s) && sameSample;
            uniform &= s == sample;
        }
        sameSample = sameSample && uniform && m.GroupSample == sample;
        m.GroupSample = L.NumRandom > 0 && uniform ? sample : -1;
        return sameSample;
    }

    /// <summary>Draws of one lane's sample (out of line: the hot loop stays small enough for the JIT to inline its helpers).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool Draw<T>(ref CpuBlockMemory<T> m, in PlanLayout L, long sample) where T : unmanaged, IFloatingPointIeee754<T>
        => PlanExecutor.DrawSample(ref m, in L, sample);

    /// <summary>A call constant within the sample every lane already holds: registers from the previous lane group.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Keep<T>(ref CpuBlockMemory<T> m, int column, int w, int dst, int slots) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int j = 0; j < w; j++) { m.Column = column + j; m.KeepRegisters(dst, slots); }
    }

    /// <summary>A data table or a model that stays scalar, lane by lane.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void OneByOne<T>(ref CpuBlockMemory<T> m, in PlanLayout L, int o, int column, int w, bool derive)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int id = m.Int(o), offset = m.Int(o + 1), dst = m.Int(o + 2), slots = m.Int(o + 3), flags = m.Int(o + 5);
        for (int j = 0; j < w; j++)
        {
            m.Column = column + j;
            double wl = m.LaneWavelengths[j];
            if (id == ModelIds.SParameterTable) { DataModels.TableModel.Evaluate(ref m, offset, wl, dst, slots); continue; }
            if (derive && (flags & PlanLayout.CallDerivesPerPoint) != 0) ModelDispatch.Derive(id, ref m, offset);
            var s = new Slots();
            ModelDispatch.Evaluate(id, ref m, offset, wl, m.LaneTemperatures[j] + m.Get(m.Int(o + 4)), ref s);
            for (int k = 0; k < slots; k++) m.SetRegister(dst + k, s.Get(k));
        }
    }
}
