using System.Runtime.CompilerServices;
using PhotonicSolver.Numerics;

namespace PhotonicSolver.Models;

/// <summary>
/// Circular bend: a waveguide of length radius·angle with an extra bend loss per 90°.
/// <code>
///          o2
///          │
///   o1 ───╯
/// </code>
/// S21 = S12 = Straight.Propagate(L = R·θ) · 10^(−bend_loss_dB_90·θ/(π/2)/20).
/// </summary>
public static class Bend
{
    public const int Radius = 7, AngleDeg = 8, BendLossDb90 = 9;

    /// <summary>Derived parameter (after the 10 settings and dT): the loss amplitude of the arc.</summary>
    public const int Amplitude = 11;

    public static readonly ModelInfo Info = new()
    {
        Id = ModelIds.Bend,
        Name = "bend",
        Summary = "Circular bend: waveguide of length radius·angle plus a bend loss per 90°. Its 'length' setting is ignored.",
        Ports = ["o1", "o2"],
        Diagram = "o1 ──╮\n     o2",
        // Indices 0-6 are the straight's optical settings (length unused), then the bend's own.
        Settings =
        [
            .. Straight.WaveguideSettings(length: 0.0),
            new("radius", "µm", 10.0, 1e-3, double.PositiveInfinity, "bend radius"),
            new("angle_deg", "deg", 90.0, 0, 360, "bend angle"),
            new("bend_loss_dB_90", "dB", 0.0, 0, double.PositiveInfinity, "extra radiation/mismatch loss per 90° of bend"),
        ],
        Pattern = ModelInfo.Reciprocal((1, 0, 0)),
        DerivedCount = 1,
        Reference = "Waveguide phase and loss as the straight; bend loss as a per-90° figure, as in PDK bend models.",
        DependsOnWavelength = true,
        DependsOnTemperature = true,
    };

    /// <summary>Settings-only part: propagation loss over R·θ plus the bend loss, as one amplitude.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Derive<TL, TP>(ref TP p, int o) where TL : struct, ILane<TL> where TP : struct, ILaneStore<TL>
    {
        TL angle = p.Get(o + AngleDeg) * (Math.PI / 180.0);
        TL bendLossDb = p.Get(o + BendLossDb90) * angle / (0.5 * Math.PI);
        p.SetParam(o + Amplitude, Straight.LossAmplitude(p.Get(o + Straight.LossDbPerCm), p.Get(o + Radius) * angle, bendLossDb));
    }

    public static void Evaluate<TL, TP>(ref TP p, int o, TL wl, TL temperatureC, ref Slots<TL> s)
        where TL : struct, ILane<TL> where TP : struct, ILaneSource<TL>
    {
        TL angle = p.Get(o + AngleDeg) * (Math.PI / 180.0);
        TL length = p.Get(o + Radius) * angle * (1.0 + p.Get(o + Straight.ExpansionPerK) * (temperatureC - Straight.ReferenceTemperatureC));
        s.S0 = Straight.Propagate(length, p.Get(o + Straight.Neff), p.Get(o + Straight.Ng), p.Get(o + Straight.Wl0),
                                  p.Get(o + Straight.DneffDT), p.Get(o + Amplitude), wl, temperatureC);
    }
}
