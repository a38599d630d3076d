using System.Runtime.CompilerServices;
using PhotonicSolver.Numerics;

namespace PhotonicSolver.Models;

/// <summary>
/// Partial reflector (mirror, facet, loop mirror).
/// <code>
///   o1 ──┃── o2
/// </code>
/// S11 = S22 = a·√R, S21 = S12 = i·a·√(1−R), a = 10^(−loss_dB/20): the lossless symmetric beam-splitter matrix,
/// unitary for a = 1 (Stokes relations).
/// </summary>
public static class Reflector
{
    public const int Reflectivity = 0, LossDb = 1;

    public static readonly ModelInfo Info = new()
    {
        Id = ModelIds.Reflector,
        Name = "reflector",
        Summary = "Partial reflector: power reflectivity R on both sides, transmission i*sqrt(1-R), with loss.",
        Ports = ["o1", "o2"],
        Diagram = "o1 ─┃─ o2",
        Settings =
        [
            new("reflectivity", "", 0.5, 0, 1, "power reflectivity R"),
            new("loss_dB", "dB", 0.0, 0, double.PositiveInfinity, "insertion loss, applied to both reflection and transmission"),
        ],
        Pattern = ModelInfo.Reciprocal((0, 0, 0), (1, 1, 0), (1, 0, 1)),
        Reference = "Symmetric lossless beam splitter / Stokes relations (Hecht, Optics, §4.10).",
        DependsOnWavelength = false,
    };

    public static void Evaluate<TL, TP>(ref TP p, int o, TL wl, TL temperatureC, ref Slots<TL> s)
        where TL : struct, ILane<TL> where TP : struct, ILaneSource<TL>
    {
        TL a = FastMath.DbToAmplitude(-p.Get(o + LossDb));
        TL r = p.Get(o + Reflectivity);
        s.S0 = new Cx<TL>(a * TL.Sqrt(r), TL.Of(0.0));
        s.S1 = new Cx<TL>(TL.Of(0.0), a * TL.Sqrt(1.0 - r));
    }
}
