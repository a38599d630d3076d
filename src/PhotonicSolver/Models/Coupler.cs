using System.Runtime.CompilerServices;
using PhotonicSolver.Numerics;

namespace PhotonicSolver.Models;

/// <summary>
/// Ideal, lossless, wavelength-independent 2×2 coupler with power coupling κ².
/// <code>
///   o2 ──╮  ╭── o3
///         ══
///   o1 ──╯  ╰── o4
/// </code>
/// Bar (o1–o4, o2–o3): t = √(1−κ²). Cross (o1–o3, o2–o4): i·κ. Reciprocal and unitary.
/// </summary>
public static class Coupler
{
    public const int Coupling = 0;

    public static readonly ModelInfo Info = new()
    {
        Id = ModelIds.Coupler,
        Name = "coupler",
        Summary = "Ideal lossless 2x2 coupler: bar o1-o4, o2-o3 (t=sqrt(1-coupling)); cross o1-o3, o2-o4 (i*sqrt(coupling)).",
        Ports = ["o1", "o2", "o3", "o4"],
        Diagram = "o2 ─╮ ╭─ o3\n     ══\no1 ─╯ ╰─ o4",
        Settings = [new("coupling", "", 0.5, 0, 1, "power coupling ratio κ² into the cross port")],
        Pattern = ModelInfo.Reciprocal((3, 0, 0), (2, 1, 0), (2, 0, 1), (3, 1, 1)),
        Reference = "Ideal coupler as in SAX coupler_ideal; Bogaerts et al., Laser Photonics Rev. 6, 47 (2012), eq. (1).",
        DependsOnWavelength = false,
    };

    public static void Evaluate<TL, TP>(ref TP p, int o, TL wl, TL temperatureC, ref Slots<TL> s)
        where TL : struct, ILane<TL> where TP : struct, ILaneSource<TL>
    {
        TL k2 = p.Get(o + Coupling);
        s.S0 = new Cx<TL>(TL.Sqrt(1.0 - k2), TL.Of(0.0));
        s.S1 = new Cx<TL>(TL.Of(0.0), TL.Sqrt(k2));
    }
}
