using PhotonicSolver.Lasers;

namespace PhotonicSolver.Thermal;

/// <summary>
/// A laser's emission wavelength against its temperature, linear: λ(T) = λ_ref + dλ/dT·(T − T_ref). Used until
/// a laser model with its own temperature dependence exists.
/// </summary>
/// <remarks>
/// The default dλ/dT, 0.09 nm/K, is that of an InP DFB laser: CONVENTIONS gives dλ/dT = (λ/ng)(dn/dT + neff·α_L);
/// with λ = 1.55 µm, ng ≈ 3.6, InP dn/dT ≈ 2e-4/K, neff ≈ 3.2 and α_L ≈ 4.6e-6/K this is
/// 0.431 µm·(2.0e-4 + 0.15e-4)/K ≈ 0.092 nm/K (<see cref="DfbDrift"/> computes it).
/// With <see cref="Dfb"/> set (<see cref="FromDfb"/>), the wavelength and output power come from the
/// Kogelnik–Shank DFB laser model instead: its lasing mode at the laser temperature and drive current
/// (mode hops included), and its L-I curve.
/// </remarks>
/// <param name="Name">Label for outputs ("cpo", "els").</param>
/// <param name="WavelengthUm">λ_ref (µm) at <paramref name="ReferenceC"/>.</param>
/// <param name="ReferenceC">T_ref (°C).</param>
/// <param name="DwlDTNmPerK">dλ/dT (nm/K).</param>
/// <param name="Node">Thermal node whose temperature the laser follows, or null.</param>
/// <param name="FixedC">A fixed laser temperature (°C): a temperature-controlled or external source. Exclusive with Node.</param>
public sealed record LaserDrift(string Name, double WavelengthUm, double ReferenceC = 25, double DwlDTNmPerK = LaserDrift.DefaultDfbNmPerK,
                                string? Node = null, double? FixedC = null)
{
    public const double DefaultDfbNmPerK = 0.09;

    /// <summary>A DFB laser model that gives the wavelength and power instead of the linear drift, or null.</summary>
    public DfbLaser? Dfb { get; init; }
    /// <summary>Drive current (mA) of the <see cref="Dfb"/> model.</summary>
    public double CurrentMa { get; init; }
    private IReadOnlyList<DfbMode>? _modes;

    /// <summary>A laser described by the DFB model at a fixed drive current; λ_ref and dλ/dT are the Bragg values (for display).</summary>
    public static LaserDrift FromDfb(string name, DfbLaser dfb, double currentMa, string? node = null, double? fixedC = null)
        => new(name, dfb.BraggWavelength(dfb.TRefC), dfb.TRefC, (dfb.BraggWavelength(dfb.TRefC + 1) - dfb.BraggWavelength(dfb.TRefC)) * 1e3, node, fixedC)
        {
            Dfb = dfb, CurrentMa = currentMa,
        };

    /// <summary>Emission wavelength (µm) at laser temperature T (°C).</summary>
    public double WavelengthAt(double temperatureC)
    {
        if (Dfb is null) return WavelengthUm + DwlDTNmPerK * 1e-3 * (temperatureC - ReferenceC);
        _modes ??= Dfb.Modes(4);
        return Dfb.Operate(_modes, temperatureC, CurrentMa).WavelengthUm;
    }

    /// <summary>Output power (mW) at laser temperature T with the DFB model; NaN without one.</summary>
    public double PowerMwAt(double temperatureC) => Dfb?.PowerMw(CurrentMa, temperatureC) ?? double.NaN;

    /// <summary>dλ/dT (nm/K) of a DFB laser, (λ/ng)(dn/dT + neff·α_L) (CONVENTIONS).</summary>
    public static double DfbDrift(double wavelengthUm, double ng, double dnDT, double neff, double expansionPerK)
        => wavelengthUm * 1e3 / ng * (dnDT + neff * expansionPerK);

    /// <summary>The laser's temperature (°C): fixed, or its node's, or (neither) the given fallback.</summary>
    public double TemperatureC(IReadOnlyDictionary<string, double> nodeTemperaturesC, double fallbackC)
    {
        if (FixedC is { } f) return f;
        if (Node is null) return fallbackC;
        return nodeTemperaturesC.TryGetValue(Node, out double t) ? t
            : throw new PhotonicException($"laser '{Name}': no thermal node '{Node}'; nodes: {string.Join(", ", nodeTemperaturesC.Keys)}");
    }

    internal void Validate()
    {
        if (!(WavelengthUm > 0)) throw new PhotonicException($"laser '{Name}': wavelength must be positive");
        if (!double.IsFinite(DwlDTNmPerK)) throw new PhotonicException($"laser '{Name}': dwl_dT must be finite");
        if (Node is not null && FixedC is not null) throw new PhotonicException($"laser '{Name}': give either a node or a fixed temperature, not both");
        if (Dfb is not null && !(CurrentMa >= 0 && double.IsFinite(CurrentMa))) throw new PhotonicException($"laser '{Name}': the drive current must be ≥ 0 mA");
    }
}
