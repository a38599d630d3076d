using System.Runtime.CompilerServices;

namespace PhotonicSolver.Models;

/// <summary>
/// The one switch from model id to model function. The CPU backend, the compile-time constant folder and the
/// ILGPU kernel all call this, so every backend runs the same model code.
/// </summary>
public static class ModelDispatch
{
    /// <summary>
    /// Computes a model's derived parameters from its settings (see <see cref="ModelInfo.DerivedCount"/>): once per
    /// plan on the host, or per point when one of the instance's settings is swept. Models without any do nothing.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Derive<TP>(int modelId, ref TP p, int offset) where TP : struct, IParamStore
    {
        switch (modelId)
        {
            case ModelIds.Straight: Straight.Derive(ref p, offset); break;
            case ModelIds.Bend: Bend.Derive(ref p, offset); break;
            case ModelIds.DirectionalCoupler: DirectionalCoupler.Derive(ref p, offset); break;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Evaluate<TP>(int modelId, ref TP p, int offset, double wl, double temperatureC, ref Slots s)
        where TP : struct, IParamSource
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
            case ModelIds.EdgeCoupler: EdgeCoupler.Evaluate(ref p, offset, wl, temperatureC, ref s); break;
            case ModelIds.BraggGrating: BraggGrating.Evaluate(ref p, offset, wl, temperatureC, ref s); break;
        }
    }
}
