using System.Runtime.CompilerServices;
using PhotonicSolver.Numerics;

namespace PhotonicSolver.Models;

/// <summary>
/// Directional coupler from coupled-mode theory, synchronous or asynchronous.
/// <code>
///   o2 ────╮______╭──── o3     waveguide 2 (β2)
///          ╰‾‾‾‾‾‾╯
///   o1 ────╭‾‾‾‾‾‾╮──── o4     waveguide 1 (β1)
/// </code>
/// κ = kappa, or π·dn/λ from the supermode splitting dn when kappa is 0. δ = dbeta/2 = (β1−β2)/2, ψ = √(κ²+δ²):
///   S[o4,o1] = [cos ψL + i(δ/ψ) sin ψL]·e^{iβ̄L},  S[o3,o2] = [cos ψL − i(δ/ψ) sin ψL]·e^{iβ̄L},
///   S[o3,o1] = S[o4,o2] = i(κ/ψ) sin ψL · e^{iβ̄L}   (power cross-coupling (κ/ψ)² sin² ψL).
/// The common phase β̄L and loss are the straight waveguide's, with the settings neff, ng, wl0, loss_dB_cm.
/// </summary>
public static class DirectionalCoupler
{
    public const int Length = 0, Dn = 1, Kappa = 2, Dbeta = 3, Neff = 4, Ng = 5, Wl0 = 6, LossDbPerCm = 7, DneffDT = 8;

    /// <summary>Derived parameter (after the 9 settings and dT): the loss amplitude over the coupling length.</summary>
    public const int Amplitude = 10;

    public static readonly ModelInfo Info = new()
    {
        Id = ModelIds.DirectionalCoupler,
        Name = "directional_coupler",
        Summary = "Coupled-mode-theory directional coupler (synchronous or with dbeta), with the common propagation phase.",
        Ports = ["o1", "o2", "o3", "o4"],
        Diagram = "o2 ──╮____╭── o3\n     ╰‾‾‾‾╯\no1 ──╭‾‾‾‾╮── o4",
        Settings =
        [
            new("length", "µm", 10.0, 0, double.PositiveInfinity, "coupling length"),
            new("dn", "", 0.02, 0, 10, "supermode index difference n_even − n_odd; κ = π·dn/λ"),
            new("kappa", "1/µm", 0.0, 0, double.PositiveInfinity, "field coupling coefficient; overrides dn when > 0"),
            new("dbeta", "1/µm", 0.0, double.NegativeInfinity, double.PositiveInfinity, "propagation-constant mismatch β1 − β2 (asynchronous coupler)"),
            new("neff", "", 2.34, 1e-6, 10, "mean effective index at wl0"),
            new("ng", "", 3.4, 1e-6, 20, "group index at wl0"),
            new("wl0", "µm", 1.55, 1e-3, 100, "wavelength at which neff and ng are given"),
            new("loss_dB_cm", "dB/cm", 0.0, 0, double.PositiveInfinity, "propagation loss"),
            new("dneff_dT", "1/K", Straight.SiliconDnDT, double.NegativeInfinity, double.PositiveInfinity, "thermo-optic coefficient of neff"),
        ],
        Pattern = ModelInfo.Reciprocal((3, 0, 0), (2, 1, 1), (2, 0, 2), (3, 1, 2)),
        DerivedCount = 1,
        Reference = "Coupled-mode theory: A. Yariv, IEEE JQE 9, 919 (1973); Okamoto, Fundamentals of Optical Waveguides, ch. 4 (asynchronous coupler).",
        DependsOnWavelength = true,
        DependsOnTemperature = true,
    };

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Derive<TL, TP>(ref TP p, int o) where TL : struct, ILane<TL> where TP : struct, ILaneStore<TL>
        => p.SetParam(o + Amplitude, Straight.LossAmplitude(p.Get(o + LossDbPerCm), p.Get(o + Length), TL.Of(0.0)));

    public static void Evaluate<TL, TP>(ref TP p, int o, TL wl, TL temperatureC, ref Slots<TL> s)
        where TL : struct, ILane<TL> where TP : struct, ILaneSource<TL>
    {
        TL length = p.Get(o + Length);
        TL kappa = p.Get(o + Kappa);
        kappa = TL.IfLessOrEqual(kappa, TL.Of(0.0), Math.PI * p.Get(o + Dn) / wl, kappa);
        TL delta = 0.5 * p.Get(o + Dbeta);
        TL psi = TL.Sqrt(kappa * kappa + delta * delta);
        Cx<TL> common = Straight.Propagate(length, p.Get(o + Neff), p.Get(o + Ng), p.Get(o + Wl0),
                                           p.Get(o + DneffDT), p.Get(o + Amplitude), wl, temperatureC);
        FastMath.SinCos(psi * length, out TL sn, out TL cs);
        // sin(ψL)/ψ → L as ψ → 0 (no coupling and no mismatch).
        TL sincL = TL.IfGreater(psi, TL.Of(0.0), sn / psi, length);
        s.S0 = new Cx<TL>(cs, delta * sincL) * common;
        s.S1 = new Cx<TL>(cs, -delta * sincL) * common;
        s.S2 = new Cx<TL>(TL.Of(0.0), kappa * sincL) * common;
    }
}
