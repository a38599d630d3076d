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

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Evaluate<TP>(ref TP p, int o, double wl, double temperatureC, ref Slots s) where TP : struct, IParamSource
        => s.S0 = new Cx(Math.Sqrt(p.Get(o + Reflection)), 0.0);
}
