using System.Runtime.CompilerServices;
using PhotonicSolver.Numerics;

namespace PhotonicSolver.Models;

/// <summary>
/// 2×2 MMI 3 dB coupler (general interference). Same port map as <see cref="Coupler"/>:
/// <code>
///   o2 ─┐┌─────┐┌─ o3
///       └┤     ├┘
///       ┌┤     ├┐
///   o1 ─┘└─────┘└─ o4
/// </code>
/// Bar (o1–o4, o2–o3) = √P_bar, cross (o1–o3, o2–o4) = i·√P_cross: the cross image lags by π/2.
/// P_bar + P_cross = 10^(−excess_loss_dB/10), P_bar/P_cross = 10^(imbalance_dB/10).
/// </summary>
public static class Mmi2x2
{
    public const int ExcessLossDb = 0, ImbalanceDb = 1;

    public static readonly ModelInfo Info = new()
    {
        Id = ModelIds.Mmi2x2,
        Name = "mmi2x2",
        Summary = "2x2 MMI 3 dB coupler (cross port +90°), with excess loss and bar/cross imbalance; port map as 'coupler'.",
        Ports = ["o1", "o2", "o3", "o4"],
        Diagram = "o2 ─┤‾‾‾‾├─ o3\no1 ─┤____├─ o4",
        Settings =
        [
            new("excess_loss_dB", "dB", 0.0, 0, double.PositiveInfinity, "total excess loss"),
            new("imbalance_dB", "dB", 0.0, -60, 60, "power ratio P_bar/P_cross"),
        ],
        Pattern = ModelInfo.Reciprocal((3, 0, 0), (2, 1, 0), (2, 0, 1), (3, 1, 1)),
        Reference = "Soldano & Pennings, J. Lightwave Technol. 13, 615 (1995): 2×2 general interference, images in quadrature.",
        DependsOnWavelength = false,
    };

    public static void Evaluate<TL, TP>(ref TP p, int o, TL wl, TL temperatureC, ref Slots<TL> s)
        where TL : struct, ILane<TL> where TP : struct, ILaneSource<TL>
    {
        Mmi1x2.SplitAmplitudes(p.Get(o + ExcessLossDb), p.Get(o + ImbalanceDb), out TL bar, out TL cross);
        s.S0 = new Cx<TL>(bar, TL.Of(0.0));
        s.S1 = new Cx<TL>(TL.Of(0.0), cross);
    }
}
