using System.Runtime.CompilerServices;
using PhotonicSolver.Numerics;

namespace PhotonicSolver.Models;

/// <summary>
/// Y-branch splitter/combiner.
/// <code>
///         ╭──── o3
///   o1 ──<
///         ╰──── o2
/// </code>
/// S[o2,o1] = S[o3,o1] = √(P/2) (split with the 1×2 MMI's loss and imbalance rule), reciprocal, and S[o2,o3] = 0:
/// light entering one arm alone excites half even and half odd mode, and the odd mode radiates, so the
/// matrix is deliberately not unitary (column o2 carries only half the power to o1).
/// </summary>
public static class YBranch
{
    public const int ExcessLossDb = 0, ImbalanceDb = 1;

    public static readonly ModelInfo Info = new()
    {
        Id = ModelIds.YBranch,
        Name = "y_branch",
        Summary = "Y-branch: in-phase 1x2 split; combining loses the odd mode (non-unitary by design).",
        Ports = ["o1", "o2", "o3"],
        Diagram = "     ╭── o3\no1 ─<\n     ╰── o2",
        Settings =
        [
            new("excess_loss_dB", "dB", 0.0, 0, double.PositiveInfinity, "total excess loss"),
            new("imbalance_dB", "dB", 0.0, -60, 60, "power ratio P(o2)/P(o3)"),
        ],
        Pattern = ModelInfo.Reciprocal((1, 0, 0), (2, 0, 1)),
        Reference = "Y-junction mode conversion: the antisymmetric mode is radiated (Burns & Milton, IEEE JQE 11, 32 (1975)).",
        DependsOnWavelength = false,
    };

    public static void Evaluate<TL, TP>(ref TP p, int o, TL wl, TL temperatureC, ref Slots<TL> s)
        where TL : struct, ILane<TL> where TP : struct, ILaneSource<TL>
        => Mmi1x2.Evaluate(ref p, o, wl, temperatureC, ref s); // same forward split; only the port semantics differ
}
