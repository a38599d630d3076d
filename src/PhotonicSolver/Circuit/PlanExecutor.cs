using System.Runtime.CompilerServices;
using PhotonicSolver.Models;
using PhotonicSolver.Numerics;

namespace PhotonicSolver.Circuit;

/// <summary>
/// Runs a compiled plan for one sweep point: axis values from the point index, point-dependent model calls,
/// the elimination tape, outputs. Allocation-free and written only with value types, so the same method
/// runs in the CPU backend and inside the generic ILGPU kernel.
/// </summary>
public static class PlanExecutor
{
    /// <summary>
    /// Fills the constant registers and the per-point parameter block's base values. A worker calls it once
    /// before its first point (the tape never writes constants; axes overwrite their parameters every point).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Initialize<TM>(ref TM m, in PlanLayout L) where TM : struct, IPointMemory
    {
        for (int i = 0; i < L.NumConstants; i++)
            m.SetRegister(i, new Cx(m.Double(L.ConstantsOffset + 2 * i), m.Double(L.ConstantsOffset + 2 * i + 1)));
        for (int i = 0; i < L.NumPointParams; i++)
            m.SetParam(i, m.Double(L.PointParamsOffset + i));
    }

    /// <summary>
    /// Evaluates point <paramref name="point"/>. Returns 0, or 1 + the id of the first singular pivot, in which
    /// case every output of the point is NaN (reported by the caller, never silently).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int ExecutePoint<TM>(ref TM m, in PlanLayout L, long point) where TM : struct, IPointMemory
    {
        EvaluateModels(ref m, in L, point);
        int status = RunTape(ref m, in L);
        WriteOutputs(ref m, in L, status);
        return status;
    }

    /// <summary>
    /// The per-point physics: axis values from the point index (mixed radix, last axis fastest), Monte Carlo
    /// parameters drawn from the sample index, then every point-dependent model call, writing its slots into its registers.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void EvaluateModels<TM>(ref TM m, in PlanLayout L, long point) where TM : struct, IPointMemory
    {
        DecodePoint(ref m, in L, point, out double wl, out double temperature, out long sample);
        bool sameSample = DrawSample(ref m, in L, sample);
        bool derive = !(sameSample && L.DerivePerSample != 0);

        for (int c = 0; c < L.NumCalls; c++)
        {
            int o = L.CallsOffset + PlanLayout.CallWidth * c;
            int dst = m.Int(o + 2), slots = m.Int(o + 3), flags = m.Int(o + 5);
            if (sameSample && (flags & PlanLayout.CallConstantInSample) != 0) { m.KeepRegisters(dst, slots); continue; }
            if (m.Int(o) == ModelIds.SParameterTable) { DataModels.TableModel.Evaluate(ref m, m.Int(o + 1), wl, dst, slots); continue; }
            if (derive && (flags & PlanLayout.CallDerivesPerPoint) != 0) ModelDispatch.Derive(m.Int(o), ref m, m.Int(o + 1));
            var s = new Slots();
            // The instance sees the global (or swept) temperature plus its own local dT.
            ModelDispatch.Evaluate(m.Int(o), ref m, m.Int(o + 1), wl, temperature + m.Get(m.Int(o + 4)), ref s);
            for (int k = 0; k < slots; k++) m.SetRegister(dst + k, s.Get(k));
        }
    }

    /// <summary>
    /// The point's axis values from its index (mixed radix, last axis fastest): wavelength, temperature, the Monte Carlo
    /// sample, and swept settings written into the parameter block.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void DecodePoint<TM>(ref TM m, in PlanLayout L, long point, out double wl, out double temperature, out long sample)
        where TM : struct, IPointMemory
    {
        wl = L.Wavelength;
        temperature = L.Temperature;
        sample = 0;
        long rest = point;
        for (int a = L.NumAxes - 1; a >= 0; a--)
        {
            int o = L.AxesOffset + 4 * a;
            int target = m.Int(o), kind = m.Int(o + 1), count = m.Int(o + 2);
            // The outermost axis needs no division (rest < its count); others take one 64-bit division.
            // A zipped axis reads its group's index and leaves it for the next axis of the group (the group's first).
            long idx = rest;
            if (a > 0)
            {
                long q = rest / count;
                idx = rest - q * count;
                if ((kind & PlanLayout.AxisZipped) == 0) rest = q;
            }
            double value = (kind & PlanLayout.AxisTable) == 0
                ? m.Double(L.AxisDoublesOffset + 2 * a) + m.Double(L.AxisDoublesOffset + 2 * a + 1) * idx
                : m.Double(m.Int(o + 3) + (int)idx);
            if (target == PlanLayout.AxisTargetWavelength) wl = value;
            else if (target == PlanLayout.AxisTargetTemperature) temperature = value;
            else if (target == PlanLayout.AxisTargetSample) sample = (long)value;
            else m.SetParam(target, value);
        }
    }

    /// <summary>
    /// Monte Carlo draws of <paramref name="sample"/> into the parameter block. Draws are a pure function of the
    /// sample: a memory's consecutive points of one sample (its wavelengths) draw once, and then also keep their
    /// derived parameters when nothing else moves a setting. Returns whether the block already held this sample.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool DrawSample<TM>(ref TM m, in PlanLayout L, long sample) where TM : struct, IPointMemory
    {
        if (L.NumRandom == 0) return false;
        if (m.Get(L.DrawnSampleParam) == sample) return true;
        MonteCarlo.RandomParameters.Apply(ref m, in L, sample);
        m.SetParam(L.DrawnSampleParam, sample);
        return false;
    }

    /// <summary>The elimination tape, one point at a time (the GPU path; the CPU runs it over SIMD blocks).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int RunTape<TM>(ref TM m, in PlanLayout L) where TM : struct, IPointMemory
    {
        int status = 0;
        for (int i = 0; i < L.NumInstructions; i++)
        {
            int o = L.TapeOffset + TapeOp.Width * i;
            int op = m.Int(o), dst = m.Int(o + 1);
            Cx a = m.GetRegister(m.Int(o + 2));
            Cx r;
            switch (op)
            {
                case TapeOp.Mul: r = a * m.GetRegister(m.Int(o + 3)); break;
                case TapeOp.MulAdd: r = a * m.GetRegister(m.Int(o + 3)) + m.GetRegister(m.Int(o + 4)); break;
                case TapeOp.Add: r = a + m.GetRegister(m.Int(o + 3)); break;
                case TapeOp.Sub: r = a - m.GetRegister(m.Int(o + 3)); break;
                default:
                    if (a.Abs2 < L.SingularThreshold && status == 0) status = 1 + m.Int(o + 4);
                    r = a.Reciprocal();
                    break;
            }
            m.SetRegister(dst, r);
        }
        return status;
    }

    /// <summary>Copies the output registers out; NaN for a singular point.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void WriteOutputs<TM>(ref TM m, in PlanLayout L, int status) where TM : struct, IPointMemory
    {
        for (int k = 0; k < L.NumOutputs; k++)
            m.SetOutput(k, status == 0 ? m.GetRegister(m.Int(L.OutputsOffset + k)) : new Cx(double.NaN, double.NaN));
    }
}
