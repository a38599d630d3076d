using System.Runtime.CompilerServices;
using PhotonicSolver.Numerics;

namespace PhotonicSolver.Models;

/// <summary>
/// Attenuator. <code>o1 ──[dB]── o2</code>  S21 = S12 = 10^(−loss_dB/20), no phase, no reflection.
/// </summary>
public static class Attenuator
{
    public const int LossDb = 0;

    public static readonly ModelInfo Info = new()
    {
        Id = ModelIds.Attenuator,
        Name = "attenuator",
        Summary = "Attenuator: real field transmission 10^(-loss_dB/20).",
        Ports = ["o1", "o2"],
        Diagram = "o1 ─[dB]─ o2",
        Settings = [new("loss_dB", "dB", 0.0, 0, double.PositiveInfinity, "power loss")],
        Pattern = ModelInfo.Reciprocal((1, 0, 0)),
        Reference = "Definition of the decibel: field ratio 10^(−dB/20).",
        DependsOnWavelength = false,
    };

    public static void Evaluate<TL, TP>(ref TP p, int o, TL wl, TL temperatureC, ref Slots<TL> s)
        where TL : struct, ILane<TL> where TP : struct, ILaneSource<TL>
        => s.S0 = new Cx<TL>(FastMath.DbToAmplitude(-p.Get(o + LossDb)), TL.Of(0.0));
}
