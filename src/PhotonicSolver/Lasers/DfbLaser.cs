using PhotonicSolver.IO;

namespace PhotonicSolver.Lasers;

/// <summary>One operating point of a DFB laser.</summary>
public readonly record struct LaserOperatingPoint(
    double TemperatureC, double CurrentMa, double WavelengthUm, double ThresholdCurrentMa, double PowerMw,
    double SideModeMargin, int LasingMode, double WallPlugEfficiency);

/// <summary>
/// A DFB laser: the Kogelnik–Shank cavity (<see cref="DfbCavity"/>) with physical units, temperature and an L-I model.
/// <code>
/// grating: {kappa_per_um: 0.005, length_um: 400, shift: none | quarter_wave, neff: 3.2, ng: 3.6, bragg_wl_um: 1.55}
/// facets: {r_front: 0.0, r_back: 0.0, phase_front_rad: 0.0, phase_back_rad: 0.0}   # field reflectivities
/// thermal: {dn_dT: 2.0e-4, expansion_per_K: 4.6e-6, T_ref_C: 25}
/// electrical: {I_th_ref_mA: 10, T0_K: 60, slope_W_per_A: 0.3, T1_K: 100, I_op_mA: 50, V0_V: 0.9, R_s_ohm: 5}
/// gain: {peak_wl_um: 1.56, dwl_dT_um_per_K: 5.0e-4, half_width_um: 0.04}   # optional
/// </code>
/// Physics:
/// <list type="bullet">
/// <item>Modes: zeros of the threshold function (<see cref="DfbModeSolver"/>), normalised (αL, δL); the threshold
/// net modal power gain is 2α = 2·αL/L; the wavelength is λ = λB − δ·λB²/(2π·ng), δ = δL/L (dβ/dλ = −2π·ng/λ²).</item>
/// <item>Temperature: λB(T) = λB0 + (λB0/ng)·(dn/dT + neff·α_exp)·(T − Tref) (CONVENTIONS); the normalised modes do
/// not change with T (κL, facets fixed).</item>
/// <item>Gain spectrum (optional): a parabola 1 − ((λ − λg(T))/w)² about a gain peak drifting at dλg/dT. A mode's
/// required peak gain is αL / (gain at its wavelength); the lowest lases and the side-mode margin is the difference
/// to the next, in αL units. Without it, the margin is Δ(αL) between the two lowest modes.</item>
/// <item>Electrical: I_th(T) = I_th0·exp((T − Tref)/T0); slope η(T) = η0·exp(−(T − Tref)/T1);
/// P = η(T)·(I − I_th(T)) above threshold, 0 below; with V0_V &gt; 0, V = V0 + R_s·I and the wall-plug
/// efficiency P/(I·V).</item>
/// </list>
/// </summary>
public sealed class DfbLaser
{
    public double KappaPerUm { get; init; } = 0.005;
    public double LengthUm { get; init; } = 400;
    public GratingShift Shift { get; init; }
    public double Neff { get; init; } = 3.2;
    public double Ng { get; init; } = 3.6;
    public double BraggWlUm { get; init; } = 1.55;
    public double RFront { get; init; }
    public double RBack { get; init; }
    public double PhaseFrontRad { get; init; }
    public double PhaseBackRad { get; init; }
    public double DnDT { get; init; } = 2.0e-4;
    public double ExpansionPerK { get; init; } = 4.6e-6;
    public double TRefC { get; init; } = 25;
    public double IthRefMa { get; init; } = 10;
    public double T0K { get; init; } = 60;
    public double SlopeWPerA { get; init; } = 0.3;
    public double T1K { get; init; } = 100;
    public double? IOpMa { get; init; }
    public double V0V { get; init; }
    public double RsOhm { get; init; }
    public double? GainPeakWlUm { get; init; }
    public double GainDwlDT { get; init; }
    public double GainHalfWidthUm { get; init; } = 0.04;

    public double KappaL => KappaPerUm * LengthUm;

    public DfbCavity Cavity => new(KappaL, Shift, DfbCavity.Facet(RBack, PhaseBackRad), DfbCavity.Facet(RFront, PhaseFrontRad));

    /// <summary>Bragg wavelength (µm) at temperature T (°C).</summary>
    public double BraggWavelength(double temperatureC)
        => BraggWlUm + BraggWlUm / Ng * (DnDT + Neff * ExpansionPerK) * (temperatureC - TRefC);

    /// <summary>Wavelength (µm) of a mode at temperature T.</summary>
    public double ModeWavelength(DfbMode m, double temperatureC)
    {
        double lb = BraggWavelength(temperatureC);
        return lb - m.DeltaL / LengthUm * lb * lb / (2 * Math.PI * Ng);
    }

    /// <summary>Net modal power gain at threshold, per cm: 2α = 2·αL/L.</summary>
    public double ThresholdGainPerCm(DfbMode m) => 2 * m.AlphaL / LengthUm * 1e4;

    public double ThresholdCurrentMa(double temperatureC) => IthRefMa * Math.Exp((temperatureC - TRefC) / T0K);

    /// <summary>Slope efficiency in mW/mA (= W/A).</summary>
    public double SlopeEfficiency(double temperatureC) => SlopeWPerA * Math.Exp(-(temperatureC - TRefC) / T1K);

    public double PowerMw(double currentMa, double temperatureC)
        => Math.Max(0, SlopeEfficiency(temperatureC) * (currentMa - ThresholdCurrentMa(temperatureC)));

    /// <summary>Relative gain at a wavelength (1 without a gain section); floored at 1e-6 far outside the band.</summary>
    public double RelativeGain(double wl, double temperatureC)
    {
        if (GainPeakWlUm is not { } peak) return 1;
        double centre = peak + GainDwlDT * (temperatureC - TRefC);
        double x = (wl - centre) / GainHalfWidthUm;
        return Math.Max(1e-6, 1 - x * x);
    }

    /// <summary>The cavity's modes, solved once (they do not depend on temperature or current).</summary>
    public IReadOnlyList<DfbMode> Modes(int count) => DfbModeSolver.LowestModes(Cavity, count);

    /// <summary>An operating point, given the cavity's modes (at least two for a side-mode margin).</summary>
    public LaserOperatingPoint Operate(IReadOnlyList<DfbMode> modes, double temperatureC, double currentMa)
    {
        int best = -1, second = -1;
        double bestA = double.PositiveInfinity, secondA = double.PositiveInfinity;
        for (int i = 0; i < modes.Count; i++)
        {
            double a = modes[i].AlphaL / RelativeGain(ModeWavelength(modes[i], temperatureC), temperatureC);
            if (a < bestA) { second = best; secondA = bestA; best = i; bestA = a; }
            else if (a < secondA) { second = i; secondA = a; }
        }
        if (best < 0) throw new PhotonicException("the DFB cavity has no lasing mode in the search window");
        double p = PowerMw(currentMa, temperatureC);
        double v = V0V + RsOhm * currentMa * 1e-3;
        double wpe = V0V <= 0 ? double.NaN : currentMa > 0 ? p / (currentMa * v) : 0.0;
        return new LaserOperatingPoint(temperatureC, currentMa, ModeWavelength(modes[best], temperatureC), ThresholdCurrentMa(temperatureC),
                                       p, second < 0 ? double.NaN : secondA - bestA, best, wpe);
    }

    public static DfbLaser Load(string path) => Read(YamlSection.LoadFile(path, "laser"));

    public static DfbLaser Parse(string text, string source) => Read(YamlSection.Parse(text, source, "laser"));

    private static DfbLaser Read(YamlSection root)
    {
        root.AllowOnly("grating", "facets", "thermal", "electrical", "gain");
        var g = root.RequiredSection("grating");
        g.AllowOnly("kappa_per_um", "length_um", "shift", "neff", "ng", "bragg_wl_um");
        var f = root.Section("facets");
        f?.AllowOnly("r_front", "r_back", "phase_front_rad", "phase_back_rad");
        var t = root.Section("thermal");
        t?.AllowOnly("dn_dT", "expansion_per_K", "T_ref_C");
        var e = root.Section("electrical");
        e?.AllowOnly("I_th_ref_mA", "T0_K", "slope_W_per_A", "T1_K", "I_op_mA", "V0_V", "R_s_ohm");
        var gain = root.Section("gain");
        gain?.AllowOnly("peak_wl_um", "dwl_dT_um_per_K", "half_width_um");

        string shiftText = g.Text("shift") ?? "none";
        var shift = shiftText switch
        {
            "none" or "uniform" => GratingShift.None,
            "quarter_wave" or "lambda/4" => GratingShift.QuarterWave,
            _ => throw g.Error("shift", $"'{shiftText}': expected none or quarter_wave"),
        };
        const string refl = "a field reflectivity r lies in [0, 1] (power reflectivity r²)";
        double kappa = g.Checked("kappa_per_um", 0.005, 0, 10, "the coupling coefficient κ is in 1/µm and cannot be negative");
        double length = g.Positive("length_um", 400, "the cavity length must be positive");
        double rFront = f?.Checked("r_front", 0, 0, 1, refl) ?? 0, rBack = f?.Checked("r_back", 0, 0, 1, refl) ?? 0;
        if (kappa * length > 100)
            throw g.Error("kappa_per_um", $"kappa*L = {kappa * length:G4} is beyond the mode solver's range (kappa*L <= 100)");
        if (kappa * length < 1e-6 && rFront * rBack == 0)
            throw g.Error("kappa_per_um", "with no grating coupling and no facet feedback the cavity has no modes");
        var laser = new DfbLaser
        {
            KappaPerUm = kappa,
            LengthUm = length,
            Shift = shift,
            Neff = g.Positive("neff", 3.2),
            Ng = g.Positive("ng", 3.6),
            BraggWlUm = g.Wavelength("bragg_wl_um", 1.55),
            RFront = rFront,
            RBack = rBack,
            PhaseFrontRad = f?.Number("phase_front_rad", 0) ?? 0,
            PhaseBackRad = f?.Number("phase_back_rad", 0) ?? 0,
            DnDT = t?.Number("dn_dT", 2.0e-4) ?? 2.0e-4,
            ExpansionPerK = t?.Number("expansion_per_K", 4.6e-6) ?? 4.6e-6,
            TRefC = t?.Temperature("T_ref_C", 25) ?? 25,
            IthRefMa = e?.Positive("I_th_ref_mA", 10) ?? 10,
            T0K = e?.Positive("T0_K", 60) ?? 60,
            SlopeWPerA = e?.Checked("slope_W_per_A", 0.3, 0, 10, "a slope efficiency in W/A cannot be negative") ?? 0.3,
            T1K = e?.Positive("T1_K", 100) ?? 100,
            IOpMa = e?.Number("I_op_mA") is { } iop ? (iop >= 0 ? iop : throw e.Error("I_op_mA", $"{iop}: a current cannot be negative")) : null,
            V0V = e?.Checked("V0_V", 0, 0, 100, "a turn-on voltage cannot be negative") ?? 0,
            RsOhm = e?.Checked("R_s_ohm", 0, 0, 1e6, "a series resistance cannot be negative") ?? 0,
            GainPeakWlUm = gain?.Wavelength("peak_wl_um", 1.55),
            GainDwlDT = gain?.Number("dwl_dT_um_per_K", 5e-4) ?? 0,
            GainHalfWidthUm = gain?.Positive("half_width_um", 0.04, "the gain half-width must be positive") ?? 0.04,
        };
        return laser;
    }
}
