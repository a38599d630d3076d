using System.Runtime.CompilerServices;
using PhotonicSolver.Numerics;

namespace PhotonicSolver.Models;

/// <summary>
/// Terminator (absorber) with an optional residual reflection. <code>o1 ──▐</code>  S11 = √reflection.
/// </summary>
public static class Terminator
{
    public const int Reflection = 0;

    public static readonly ModelInfo Info = new()
    {
        Id = ModelIds.Terminator,
        Name = "terminator",
        Summary = "One-port absorber; S11 = sqrt(reflection).",
        Ports = ["o1"],
        Diagram = "o1 ──▐",
        Settings = [new("reflection", "", 0.0, 0, 1, "residual power reflection")],
        Pattern = [new PatternEntry(0, 0, 0)],
        Reference = "Matched load; reflection as a power fraction.",
        DependsOnWavelength = false,
    };

    public static void Evaluate<TL, TP>(ref TP p, int o, TL wl, TL temperatureC, ref Slots<TL> s)
        where TL : struct, ILane<TL> where TP : struct, ILaneSource<TL>
        => s.S0 = new Cx<TL>(TL.Sqrt(p.Get(o + Reflection)), TL.Of(0.0));
}
