using System.Runtime.CompilerServices;
using PhotonicSolver.Numerics;

namespace PhotonicSolver.Models;

/// <summary>
/// Bend: a waveguide of length radius·angle (circular), or of its drawn path length when <c>length</c> is set
/// (an Euler bend is longer than the arc: gdsfactory's info.length), with an extra bend loss per 90°.
/// <code>
///          o2
///          │
///   o1 ───╯
/// </code>
/// S21 = S12 = Straight.Propagate(L) · 10^(−bend_loss_dB_90·θ/(π/2)/20), L = length if length > 0, else R·θ.
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
        Summary = "Bend: waveguide of length radius·angle (circular), or of 'length' when it is set (the drawn path length of an Euler bend), plus a bend loss per 90°.",
        Ports = ["o1", "o2"],
        Diagram = "o1 ──╮\n     o2",
        // Indices 0-6 are the straight's optical settings (length unused), then the bend's own.
        Settings =
        [
            .. Straight.WaveguideSettings(length: 0.0, lengthMeaning: "path length; 0 means radius·angle (a circular arc)"),
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

    /// <summary>Path length: the 'length' setting when positive, else the arc radius·angle.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TL PathLength<TL>(TL length, TL radius, TL angleRad) where TL : struct, ILane<TL>
        => TL.IfGreater(length, TL.Of(0.0), length, radius * angleRad);

    /// <summary>Settings-only part: propagation loss over the path plus the bend loss, as one amplitude.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Derive<TL, TP>(ref TP p, int o) where TL : struct, ILane<TL> where TP : struct, ILaneStore<TL>
    {
        TL angle = p.Get(o + AngleDeg) * (Math.PI / 180.0);
        TL bendLossDb = p.Get(o + BendLossDb90) * angle / (0.5 * Math.PI);
        p.SetParam(o + Amplitude, Straight.LossAmplitude(p.Get(o + Straight.LossDbPerCm), PathLength(p.Get(o + Straight.Length), p.Get(o + Radius), angle), bendLossDb));
    }

    public static void Evaluate<TL, TP>(ref TP p, int o, TL wl, TL temperatureC, ref Slots<TL> s)
        where TL : struct, ILane<TL> where TP : struct, ILaneSource<TL>
    {
        TL angle = p.Get(o + AngleDeg) * (Math.PI / 180.0);
        TL length = PathLength(p.Get(o + Straight.Length), p.Get(o + Radius), angle) * (1.0 + p.Get(o + Straight.ExpansionPerK) * (temperatureC - Straight.ReferenceTemperatureC));
        s.S0 = Straight.Propagate(length, p.Get(o + Straight.Neff), p.Get(o + Straight.Ng), p.Get(o + Straight.Wl0),
                                  p.Get(o + Straight.DneffDT), p.Get(o + Amplitude), wl, temperatureC);
    }
}
