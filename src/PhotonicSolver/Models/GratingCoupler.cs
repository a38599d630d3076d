using System.Runtime.CompilerServices;
using PhotonicSolver.Numerics;

namespace PhotonicSolver.Models;

/// <summary>
/// Fiber grating coupler with a Gaussian spectral response.
/// <code>
///                 o2 (fiber)
///                ╱
///   o1 ──────▥▥▥▥▥
/// </code>
/// Power transmission T(λ) = 10^(−loss_dB/10)·exp(−4·ln2·(λ − λc)²/BW²), BW = bandwidth_3dB (full width at half
/// maximum, so T is 3 dB below the peak at λc ± BW/2), with the centre shifted by the fiber angle (phase matching)
/// and by temperature: λc = wl0 + dwl_dangle·(fiber_angle_deg − angle_ref_deg) + dwl_dT·(T − T_ref_C).
/// S21 = S12 = i·√T(λ), S11 = S22 = √reflection: the symmetric beam-splitter form, passive as long as
/// 10^(−loss_dB/10) + reflection ≤ 1 (checked). The coupler adds no propagation phase and its peak loss does not
/// change with angle or temperature; only the centre wavelength moves.
/// </summary>
public static class GratingCoupler
{
    public const int Wl0 = 0, Bandwidth3Db = 1, LossDb = 2, FiberAngleDeg = 3, AngleRefDeg = 4, DwlDAngle = 5,
                     DwlDT = 6, TRefC = 7, Reflection = 8;

    /// <summary>4·ln2: a Gaussian exp(−4ln2·x²/BW²) falls to one half at x = ±BW/2.</summary>
    private const double FourLn2 = 2.7725887222397812377;

    public static readonly ModelInfo Info = new()
    {
        Id = ModelIds.GratingCoupler,
        Name = "grating_coupler",
        Summary = "Fiber grating coupler: Gaussian spectrum (peak loss, 3 dB bandwidth), centre shifted by fiber angle and temperature, back-reflection.",
        Ports = ["o1", "o2"],
        Diagram = "            o2 (fiber)\n           ╱\no1 ────▥▥▥▥\n(waveguide)",
        Settings =
        [
            new("wl0", "µm", 1.55, 1e-3, 100, "centre wavelength at angle_ref_deg and T_ref_C"),
            new("bandwidth_3dB", "µm", 0.06, 1e-9, double.PositiveInfinity, "full width of the spectrum at 3 dB below the peak"),
            new("loss_dB", "dB", 3.0, 0, double.PositiveInfinity, "insertion loss at the peak (fiber to waveguide)"),
            new("fiber_angle_deg", "deg", 8.0, -90, 90, "fiber tilt from the chip normal"),
            new("angle_ref_deg", "deg", 8.0, -90, 90, "fiber angle at which wl0 is given"),
            new("dwl_dangle", "µm/deg", -0.011, double.NegativeInfinity, double.PositiveInfinity,
                "centre shift per degree of fiber angle (phase matching λ = Λ(neff − n_clad·sinθ) gives −Λ·n_clad·cosθ·π/180, ≈ −0.011 for Si at 1550 nm)"),
            new("dwl_dT", "µm/K", 8e-5, double.NegativeInfinity, double.PositiveInfinity, "centre shift per kelvin (≈ 0.08 nm/K for Si)"),
            new("T_ref_C", "°C", 25.0, -273.15, double.PositiveInfinity, "temperature at which wl0 is given"),
            new("reflection", "", 0.0, 0, 1, "power back-reflection at both ports"),
        ],
        Pattern = ModelInfo.Reciprocal((1, 0, 0), (0, 0, 1), (1, 1, 1)),
        Reference = "Gaussian-spectrum grating coupler compact model (as in SiEPIC/gdsfactory GC models); phase matching λ = Λ(neff − n_c·sinθ) (Taillaert et al., JJAP 45, 6071 (2006)).",
        DependsOnWavelength = true,
        DependsOnTemperature = true,
        Validate = v => FastMath.DbToPower(-v[LossDb]) + v[Reflection] > 1.0 + 1e-12
            ? $"loss_dB = {v[LossDb]} with reflection = {v[Reflection]} puts out more power than goes in (needs 10^(-loss_dB/10) + reflection <= 1)"
            : null,
    };

    /// <summary>Centre wavelength (µm) at a fiber angle (°) and temperature (°C).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TL CentreWavelength<TL>(TL wl0, TL angleDeg, TL angleRefDeg, TL dwlDAngle, TL dwlDT, TL tRefC, TL temperatureC)
        where TL : struct, ILane<TL>
        => wl0 + dwlDAngle * (angleDeg - angleRefDeg) + dwlDT * (temperatureC - tRefC);

    public static void Evaluate<TL, TP>(ref TP p, int o, TL wl, TL temperatureC, ref Slots<TL> s)
        where TL : struct, ILane<TL> where TP : struct, ILaneSource<TL>
    {
        TL centre = CentreWavelength(p.Get(o + Wl0), p.Get(o + FiberAngleDeg), p.Get(o + AngleRefDeg),
                                     p.Get(o + DwlDAngle), p.Get(o + DwlDT), p.Get(o + TRefC), temperatureC);
        TL x = (wl - centre) / p.Get(o + Bandwidth3Db);
        // Field amplitude: √T = 10^(−loss/20)·exp(−2ln2·x²)
        TL amplitude = FastMath.Exp(-0.5 * FourLn2 * x * x - p.Get(o + LossDb) * 0.11512925464970228420);
        s.S0 = new Cx<TL>(TL.Of(0.0), amplitude);
        s.S1 = new Cx<TL>(TL.Sqrt(p.Get(o + Reflection)), TL.Of(0.0));
    }
}
