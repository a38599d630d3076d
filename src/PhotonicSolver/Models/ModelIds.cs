namespace PhotonicSolver.Models;

/// <summary>Numeric model ids, used by compiled plans and by <see cref="ModelDispatch"/> on every backend.</summary>
public static class ModelIds
{
    public const int Straight = 0;
    public const int Bend = 1;
    public const int Coupler = 2;
    public const int DirectionalCoupler = 3;
    public const int Mmi1x2 = 4;
    public const int Mmi2x2 = 5;
    public const int YBranch = 6;
    public const int Crossing = 7;
    public const int PhaseShifter = 8;
    public const int Attenuator = 9;
    public const int Terminator = 10;
    public const int Reflector = 11;
    public const int GratingCoupler = 30, EdgeCoupler = 31;
    public const int BraggGrating = 20;
    /// <summary>Data-backed components (Touchstone/Lumerical tables): evaluated by DataModels.TableModel in PlanExecutor, not by ModelDispatch.</summary>
    public const int SParameterTable = -1;
}
