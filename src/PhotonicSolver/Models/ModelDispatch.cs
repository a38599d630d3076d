using System.Runtime.CompilerServices;
using PhotonicSolver.Numerics;

namespace PhotonicSolver.Models;

/// <summary>
/// The one switch from model id to model function. The CPU backend, the compile-time constant folder and the
/// ILGPU kernel all call this, so every backend runs the same model code. Models are written once, generic over a
/// lane type (<see cref="ILane{TL}"/>): the kernel and the host call them with one lane (<see cref="F64"/>), the CPU
/// backend with a vector of points (<see cref="EvaluateLanes{TL, TP}"/>). The few models whose control flow depends
/// on the point (a grating's piece loop, a mode overlap) stay scalar; the CPU calls them lane by lane.
/// </summary>
public static class ModelDispatch
{
    /// <summary>Whether <see cref="EvaluateLanes{TL, TP}"/> evaluates this model (otherwise: scalar, lane by lane).</summary>
    public static bool OnLanes(int modelId) => modelId is >= ModelIds.Straight and <= ModelIds.Reflector or ModelIds.GratingCoupler;

    /// <summary>
    /// Computes a model's derived parameters from its settings (see <see cref="ModelInfo.DerivedCount"/>): once per
    /// plan on the host, or per point when one of the instance's settings is swept. Models without any do nothing.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Derive<TP>(int modelId, ref TP p, int offset) where TP : struct, IParamStore
    {
        var lanes = new ScalarStoreLanes<TP>(p);
        DeriveLanes<F64, ScalarStoreLanes<TP>>(modelId, ref lanes, offset);
    }

    /// <summary><see cref="Derive{TP}"/> on every lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void DeriveLanes<TL, TP>(int modelId, ref TP p, int offset) where TL : struct, ILane<TL> where TP : struct, ILaneStore<TL>
    {
        switch (modelId)
        {
            case ModelIds.Straight: Straight.Derive<TL, TP>(ref p, offset); break;
            case ModelIds.Bend: Bend.Derive<TL, TP>(ref p, offset); break;
            case ModelIds.DirectionalCoupler: DirectionalCoupler.Derive<TL, TP>(ref p, offset); break;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Evaluate<TP>(int modelId, ref TP p, int offset, double wl, double temperatureC, ref Slots s)
        where TP : struct, IParamSource
    {
        switch (modelId)
        {
            case ModelIds.EdgeCoupler: EdgeCoupler.Evaluate(ref p, offset, wl, temperatureC, ref s); return;
            case ModelIds.BraggGrating: BraggGrating.Evaluate(ref p, offset, wl, temperatureC, ref s); return;
        }
        var lanes = new ScalarLanes<TP>(p);
        var ls = new Slots<F64>();
        EvaluateLanes(modelId, ref lanes, offset, new F64(wl), new F64(temperatureC), ref ls);
        s.S0 = new Cx(ls.S0.Re.V, ls.S0.Im.V);
        s.S1 = new Cx(ls.S1.Re.V, ls.S1.Im.V);
        s.S2 = new Cx(ls.S2.Re.V, ls.S2.Im.V);
        s.S3 = new Cx(ls.S3.Re.V, ls.S3.Im.V);
        s.S4 = new Cx(ls.S4.Re.V, ls.S4.Im.V);
        s.S5 = new Cx(ls.S5.Re.V, ls.S5.Im.V);
        s.S6 = new Cx(ls.S6.Re.V, ls.S6.Im.V);
        s.S7 = new Cx(ls.S7.Re.V, ls.S7.Im.V);
    }

    /// <summary>A model over lanes (<see cref="OnLanes"/> models only; the others fill nothing).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void EvaluateLanes<TL, TP>(int modelId, ref TP p, int offset, TL wl, TL temperatureC, ref Slots<TL> s)
        where TL : struct, ILane<TL> where TP : struct, ILaneSource<TL>
    {
        switch (modelId)
        {
            case ModelIds.Straight: Straight.Evaluate(ref p, offset, wl, temperatureC, ref s); break;
            case ModelIds.Bend: Bend.Evaluate(ref p, offset, wl, temperatureC, ref s); break;
            case ModelIds.Coupler: Coupler.Evaluate(ref p, offset, wl, temperatureC, ref s); break;
            case ModelIds.DirectionalCoupler: DirectionalCoupler.Evaluate(ref p, offset, wl, temperatureC, ref s); break;
            case ModelIds.Mmi1x2: Mmi1x2.Evaluate(ref p, offset, wl, temperatureC, ref s); break;
            case ModelIds.Mmi2x2: Mmi2x2.Evaluate(ref p, offset, wl, temperatureC, ref s); break;
            case ModelIds.YBranch: YBranch.Evaluate(ref p, offset, wl, temperatureC, ref s); break;
            case ModelIds.Crossing: Crossing.Evaluate(ref p, offset, wl, temperatureC, ref s); break;
            case ModelIds.PhaseShifter: PhaseShifter.Evaluate(ref p, offset, wl, temperatureC, ref s); break;
            case ModelIds.Attenuator: Attenuator.Evaluate(ref p, offset, wl, temperatureC, ref s); break;
            case ModelIds.Terminator: Terminator.Evaluate(ref p, offset, wl, temperatureC, ref s); break;
            case ModelIds.Reflector: Reflector.Evaluate(ref p, offset, wl, temperatureC, ref s); break;
            case ModelIds.GratingCoupler: GratingCoupler.Evaluate(ref p, offset, wl, temperatureC, ref s); break;
        }
    }
}
