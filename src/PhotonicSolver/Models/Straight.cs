using System.Runtime.CompilerServices;
using PhotonicSolver.Numerics;

namespace PhotonicSolver.Models;

/// <summary>
/// Straight waveguide.
/// <code>
///   o1 ──────────── o2
/// </code>
/// neff(λ, T) = neff0 − (λ − wl0)·(ng − neff0)/wl0 + dneff_dT·(T − 25 °C)   (linear dispersion; CONVENTIONS)
/// L(T) = length·(1 + expansion_per_K·(T − 25 °C))   (thermal expansion; 0 by default)
/// S21 = S12 = 10^(−loss·L/20) · exp(i·2π·neff·L/λ), no reflection.
/// </summary>
public static class Straight
{
    public const int Length = 0, Neff = 1, Ng = 2, Wl0 = 3, LossDbPerCm = 4, DneffDT = 5, ExpansionPerK = 6;

    /// <summary>Derived parameter (after the 7 settings and dT): the loss amplitude 10^(−loss·L/20).</summary>
    public const int Amplitude = 8;

    /// <summary>Temperature at which neff is given (°C).</summary>
    public const double ReferenceTemperatureC = 25.0;

    /// <summary>Silicon's thermo-optic coefficient at 1550 nm (1/K), the default dneff_dT.</summary>
    public const double SiliconDnDT = 1.86e-4;

    public static readonly ModelInfo Info = new()
    {
        Id = ModelIds.Straight,
        Name = "straight",
        Summary = "Straight waveguide with linear dispersion, propagation loss and thermo-optic shift.",
        Ports = ["o1", "o2"],
        Diagram = "o1 ──────── o2",
        Settings = WaveguideSettings(length: 10.0),
        Pattern = ModelInfo.Reciprocal((1, 0, 0)),
        DerivedCount = 1,
        Reference = "Linear dispersion neff(λ)=neff0−(λ−λ0)(ng−neff0)/λ0 (SAX straight model); dn/dT of Si 1.86e-4/K (Komma et al., APL 101, 041905 (2012)); Si expansion 2.6e-6/K (Okada & Tokumaru, JAP 56, 314 (1984)).",
        DependsOnWavelength = true,
        DependsOnTemperature = true,
    };

    /// <summary>The optical settings a straight and a bend share, in this order from index 0.</summary>
    internal static SettingInfo[] WaveguideSettings(double length, string lengthMeaning = "physical length") =>
    [
        new("length", "µm", length, 0, double.PositiveInfinity, lengthMeaning),
        new("neff", "", 2.34, 1e-6, 10, "effective index at wl0 and 25 °C"),
        new("ng", "", 3.4, 1e-6, 20, "group index at wl0"),
        new("wl0", "µm", 1.55, 1e-3, 100, "wavelength at which neff and ng are given"),
        new("loss_dB_cm", "dB/cm", 0.0, 0, double.PositiveInfinity, "propagation loss"),
        new("dneff_dT", "1/K", SiliconDnDT, double.NegativeInfinity, double.PositiveInfinity, "thermo-optic coefficient of neff (0 switches it off)"),
        new("expansion_per_K", "1/K", 0.0, -1e-3, 1e-3, "linear thermal expansion of the length (Si substrate: 2.6e-6)"),
    ];

    /// <summary>Settings-only part: the loss amplitude of the nominal length.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Derive<TL, TP>(ref TP p, int o) where TL : struct, ILane<TL> where TP : struct, ILaneStore<TL>
        => p.SetParam(o + Amplitude, LossAmplitude(p.Get(o + LossDbPerCm), p.Get(o + Length), TL.Of(0.0)));

    public static void Evaluate<TL, TP>(ref TP p, int o, TL wl, TL temperatureC, ref Slots<TL> s)
        where TL : struct, ILane<TL> where TP : struct, ILaneSource<TL>
    {
        TL length = p.Get(o + Length) * (1.0 + p.Get(o + ExpansionPerK) * (temperatureC - ReferenceTemperatureC));
        s.S0 = Propagate(length, p.Get(o + Neff), p.Get(o + Ng), p.Get(o + Wl0), p.Get(o + DneffDT),
                         p.Get(o + Amplitude), wl, temperatureC);
    }

    /// <summary>Effective index at wavelength wl (µm) and temperature (°C), linear dispersion about wl0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double EffectiveIndex(double neff0, double ng, double wl0, double dneffdT, double wl, double temperatureC)
        => EffectiveIndex<F64>(neff0, ng, wl0, dneffdT, wl, temperatureC).V;

    /// <summary><see cref="EffectiveIndex(double, double, double, double, double, double)"/> per lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TL EffectiveIndex<TL>(TL neff0, TL ng, TL wl0, TL dneffdT, TL wl, TL temperatureC) where TL : struct, ILane<TL>
        => neff0 - (wl - wl0) * (ng - neff0) / wl0 + dneffdT * (temperatureC - ReferenceTemperatureC);

    /// <summary>Loss amplitude 10^(−(loss_dB_cm·L·1e-4 + extraLossDb)/20) of a section of length L (µm).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TL LossAmplitude<TL>(TL lossDbPerCm, TL lengthUm, TL extraLossDb) where TL : struct, ILane<TL>
        => FastMath.DbToAmplitude(-(lossDbPerCm * lengthUm * 1e-4 + extraLossDb));

    /// <summary>Field transmission of a waveguide section: amplitude·exp(i·2π·neff(λ, T)·L/λ).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Cx<TL> Propagate<TL>(TL lengthUm, TL neff0, TL ng, TL wl0, TL dneffdT, TL amplitude, TL wl, TL temperatureC)
        where TL : struct, ILane<TL>
    {
        TL neff = EffectiveIndex(neff0, ng, wl0, dneffdT, wl, temperatureC);
        TL phase = 2.0 * Math.PI * neff * lengthUm / wl;
        return Cx<TL>.FromPolar(amplitude, phase);
    }
}
