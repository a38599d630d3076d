using System.Globalization;
using PhotonicSolver.Circuit;
using PhotonicSolver.Models;

namespace PhotonicSolver.Thermal;

/// <summary>
/// A heated waveguide section: the netlist instance whose optical phase a temperature rise changes.
/// </summary>
/// <remarks>
/// <para>A <c>straight</c> or <c>bend</c> instance (any model with the waveguide settings neff, ng, dneff_dT)
/// is heated through its effective index: a rise ΔT over a heated length L_h of an instance of length L adds
/// δ = dneff/dT·ΔT·L_h/L to both neff and ng. Adding the same δ to both leaves the dispersion slope
/// (ng − neff)/wl0 unchanged, so the model computes exactly neff(λ) + δ: the phase change 2π·δ·L/λ follows the
/// wavelength as the physics does. By default L_h = L and dneff/dT is the instance's own.</para>
/// <para>A <c>phase_shifter</c> instance is heated through its <c>phase</c> setting:
/// Δφ = 2π·dneff/dT·ΔT·L_h/λ_ref, with the heated length L_h (µm, required) and λ_ref (default 1.55 µm). The
/// phase shifter's phase does not depend on wavelength, so away from λ_ref the phase is off by a factor
/// λ_ref/λ (±1.3 % over 1530–1570 nm); use a straight section where that matters.</para>
/// </remarks>
/// <param name="Instance">Dotted instance path in the flat circuit (e.g. "mzi1.ps_top").</param>
/// <param name="HeatedLengthUm">Heated length L_h (µm); NaN: the instance's length (waveguides only).</param>
/// <param name="DneffDT">Thermo-optic coefficient of neff (1/K); NaN: the instance's own, or Si 1.86e-4/K for a phase shifter.</param>
/// <param name="WavelengthUm">λ_ref for phase-shifter sections (µm).</param>
public sealed record HeatedSection(string Instance, double HeatedLengthUm = double.NaN, double DneffDT = double.NaN, double WavelengthUm = 1.55)
{
    /// <summary>Phase per kelvin (rad/K) at λ: 2π·dneff/dT·L_h/λ, for a section already resolved against a circuit.</summary>
    public static double PhasePerKelvin(double dneffDT, double heatedLengthUm, double wavelengthUm)
        => 2 * Math.PI * dneffDT * heatedLengthUm / wavelengthUm;
}

/// <summary>
/// A heated section resolved against a circuit: which settings a temperature rise changes, from which base
/// values. Built by <see cref="SectionTargets.Resolve"/>; <see cref="Apply"/> writes dotted overrides.
/// </summary>
public sealed class SectionTarget
{
    public required string Instance { get; init; }
    /// <summary>True for a waveguide (neff/ng shift), false for a phase shifter (phase setting).</summary>
    public required bool IsWaveguide { get; init; }
    /// <summary>Waveguide: neff shift per kelvin (1/K) = dneff/dT·L_h/L. Phase shifter: phase per kelvin (rad/K).</summary>
    public required double PerKelvin { get; init; }
    /// <summary>Phase per kelvin (rad/K) of the section at its reference wavelength (for Pπ conversions).</summary>
    public required double PhasePerKelvinRef { get; init; }
    internal double BaseA, BaseB;

    /// <summary>
    /// Adds the overrides for a temperature rise ΔT (K) to <paramref name="overrides"/>. Rises of several
    /// sources on one instance must be summed first (the overrides are absolute values).
    /// </summary>
    public void Apply(double deltaTK, IDictionary<string, double> overrides)
    {
        if (IsWaveguide)
        {
            double d = PerKelvin * deltaTK;
            overrides[Instance + ".neff"] = BaseA + d;
            overrides[Instance + ".ng"] = BaseB + d;
        }
        else
        {
            overrides[Instance + ".phase"] = BaseA + PerKelvin * deltaTK;
        }
    }
}

/// <summary>Resolves <see cref="HeatedSection"/>s against a flat circuit, with clear errors.</summary>
public static class SectionTargets
{
    public static SectionTarget Resolve(FlatCircuit circuit, HeatedSection section, string context = "")
    {
        string at = context.Length > 0 ? context + ": " : "";
        int index = circuit.Instances.FindIndex(i => i.Path == section.Instance);
        if (index < 0)
            throw new PhotonicException($"{at}heated section '{section.Instance}': no such instance in the circuit; instances: " +
                                        string.Join(", ", circuit.Instances.Select(i => i.Path).Take(30)));
        var inst = circuit.Instances[index];
        var m = inst.Model;
        if (!(section.WavelengthUm > 0)) throw new PhotonicException($"{at}heated section '{section.Instance}': wavelength must be positive");
        int neff = m.SettingIndex("neff"), ng = m.SettingIndex("ng"), dn = m.SettingIndex("dneff_dT");
        if (neff >= 0 && ng >= 0 && dn >= 0)
        {
            double length = WaveguideLength(inst);
            double dndt = double.IsNaN(section.DneffDT) ? inst.Settings[dn] : section.DneffDT;
            double heated = double.IsNaN(section.HeatedLengthUm) ? length : section.HeatedLengthUm;
            if (!(length > 0)) throw new PhotonicException($"{at}heated section '{section.Instance}': the waveguide has zero length");
            if (!(heated >= 0) || heated > length * (1 + 1e-12))
                throw new PhotonicException($"{at}heated section '{section.Instance}': heated length {Num(heated)} µm must be between 0 and the waveguide's length {Num(length)} µm");
            return new SectionTarget
            {
                Instance = inst.Path, IsWaveguide = true, PerKelvin = dndt * heated / length,
                PhasePerKelvinRef = HeatedSection.PhasePerKelvin(dndt, heated, inst.Settings[m.SettingIndex("wl0")]),
                BaseA = inst.Settings[neff], BaseB = inst.Settings[ng],
            };
        }
        int phase = m.SettingIndex("phase");
        if (phase >= 0)
        {
            if (double.IsNaN(section.HeatedLengthUm) || !(section.HeatedLengthUm > 0))
                throw new PhotonicException($"{at}heated section '{section.Instance}' ({m.Name}): give its heated length (µm, positive); " +
                                            "a phase shifter has no length of its own");
            double dndt = double.IsNaN(section.DneffDT) ? Straight.SiliconDnDT : section.DneffDT;
            double perK = HeatedSection.PhasePerKelvin(dndt, section.HeatedLengthUm, section.WavelengthUm);
            return new SectionTarget
            {
                Instance = inst.Path, IsWaveguide = false, PerKelvin = perK, PhasePerKelvinRef = perK, BaseA = inst.Settings[phase],
            };
        }
        throw new PhotonicException($"{at}heated section '{section.Instance}' is a {m.Name}, which heat cannot tune here: " +
                                    "use a waveguide (straight, bend: settings neff, ng, dneff_dT) or a phase_shifter");
    }

    /// <summary>Physical length (µm) of a waveguide instance: 'length', or radius·angle for a bend.</summary>
    internal static double WaveguideLength(FlatInstance inst)
    {
        var m = inst.Model;
        int r = m.SettingIndex("radius"), a = m.SettingIndex("angle_deg");
        if (r >= 0 && a >= 0) return inst.Settings[r] * inst.Settings[a] * Math.PI / 180.0;
        int l = m.SettingIndex("length");
        return l >= 0 ? inst.Settings[l] : 0.0;
    }

    private static string Num(double v) => v.ToString("G6", CultureInfo.InvariantCulture);
}
