using System.Runtime.CompilerServices;
using PhotonicSolver.Numerics;

namespace PhotonicSolver.Models;

/// <summary>
/// Waveguide crossing.
/// <code>
///          o2
///          │
///   o1 ────┼──── o3
///          │
///          o4
/// </code>
/// Through (o1–o3, o2–o4): t = √(10^(−loss_dB/10)); crosstalk into each neighbouring arm: i·x, x = √(10^(crosstalk_dB/10)).
/// The crosstalk is taken in quadrature with the through path: that makes the columns of S orthogonal to first
/// order, so S is passive whenever t² + 2x² + 2x² ≤ 1 (a real crosstalk would add 2·t·x to S†S and amplify).
/// The check below asks 10^(−loss_dB/10) + 4·10^(crosstalk_dB/10) ≤ 1.
/// </summary>
public static class Crossing
{
    public const int LossDb = 0, CrosstalkDb = 1;

    public static readonly ModelInfo Info = new()
    {
        Id = ModelIds.Crossing,
        Name = "crossing",
        Summary = "Waveguide crossing with insertion loss and crosstalk into the two neighbouring arms.",
        Ports = ["o1", "o2", "o3", "o4"],
        Diagram = "     o2\n     │\no1 ──┼── o3\n     │\n     o4",
        Settings =
        [
            new("loss_dB", "dB", 0.1, 0, double.PositiveInfinity, "insertion loss of the through path"),
            new("crosstalk_dB", "dB", -40.0, double.NegativeInfinity, 0, "power into each neighbouring arm, relative to the input"),
        ],
        Pattern = ModelInfo.Reciprocal((2, 0, 0), (3, 1, 0), (1, 0, 1), (3, 0, 1), (1, 2, 1), (3, 2, 1)),
        Reference = "Lumped crossing model (through loss and crosstalk), as in PDK crossing compact models.",
        DependsOnWavelength = false,
        Validate = v => FastMath.DbToPower(-v[LossDb]) + 4 * FastMath.DbToPower(v[CrosstalkDb]) > 1.0 + 1e-12
            ? $"loss_dB = {v[LossDb]} with crosstalk_dB = {v[CrosstalkDb]} puts out more power than goes in (needs 10^(-loss/10) + 4*10^(crosstalk/10) <= 1)"
            : null,
    };

    public static void Evaluate<TL, TP>(ref TP p, int o, TL wl, TL temperatureC, ref Slots<TL> s)
        where TL : struct, ILane<TL> where TP : struct, ILaneSource<TL>
    {
        s.S0 = new Cx<TL>(FastMath.DbToAmplitude(-p.Get(o + LossDb)), TL.Of(0.0));
        s.S1 = new Cx<TL>(TL.Of(0.0), FastMath.DbToAmplitude(p.Get(o + CrosstalkDb)));
    }
}
