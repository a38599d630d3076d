using System.Runtime.CompilerServices;
using PhotonicSolver.Numerics;

namespace PhotonicSolver.Models;

/// <summary>
/// 1×2 MMI splitter (symmetric self-imaging: both outputs in phase).
/// <code>
///          ┌─────┐── o3
///   o1 ────┤     │
///          └─────┘── o2
/// </code>
/// P_total = 10^(−excess_loss_dB/10), P(o2)/P(o3) = 10^(imbalance_dB/10); S[o2,o1] = √P2, S[o3,o1] = √P3, reciprocal.
/// </summary>
public static class Mmi1x2
{
    public const int ExcessLossDb = 0, ImbalanceDb = 1;

    public static readonly ModelInfo Info = new()
    {
        Id = ModelIds.Mmi1x2,
        Name = "mmi1x2",
        Summary = "1x2 MMI splitter, outputs in phase, with excess loss and power imbalance.",
        Ports = ["o1", "o2", "o3"],
        Diagram = "     ┌───┐─ o3\no1 ─┤   │\n     └───┘─ o2",
        Settings =
        [
            new("excess_loss_dB", "dB", 0.0, 0, double.PositiveInfinity, "total excess loss"),
            new("imbalance_dB", "dB", 0.0, -60, 60, "power ratio P(o2)/P(o3)"),
        ],
        Pattern = ModelInfo.Reciprocal((1, 0, 0), (2, 0, 1)),
        Reference = "Soldano & Pennings, J. Lightwave Technol. 13, 615 (1995): symmetric interference gives in-phase 1×2 images.",
        DependsOnWavelength = false,
    };

    public static void Evaluate<TL, TP>(ref TP p, int o, TL wl, TL temperatureC, ref Slots<TL> s)
        where TL : struct, ILane<TL> where TP : struct, ILaneSource<TL>
    {
        SplitAmplitudes(p.Get(o + ExcessLossDb), p.Get(o + ImbalanceDb), out TL a, out TL b);
        s.S0 = new Cx<TL>(a, TL.Of(0.0));
        s.S1 = new Cx<TL>(b, TL.Of(0.0));
    }

    /// <summary>Field amplitudes of a two-way split with total power 10^(−loss/10) and ratio P_a/P_b = 10^(imbalance/10).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void SplitAmplitudes<TL>(TL excessLossDb, TL imbalanceDb, out TL a, out TL b) where TL : struct, ILane<TL>
    {
        TL total = FastMath.DbToPower(-excessLossDb);
        TL ratio = FastMath.DbToPower(imbalanceDb);
        a = TL.Sqrt(total * ratio / (1.0 + ratio));
        b = TL.Sqrt(total / (1.0 + ratio));
    }
}
