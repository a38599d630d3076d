namespace PhotonicSolver.Thermal;

/// <summary>
/// A laser's emission wavelength against its temperature, linear: λ(T) = λ_ref + dλ/dT·(T − T_ref). Used until
/// a laser model with its own temperature dependence exists.
/// </summary>
/// <remarks>
/// The default dλ/dT, 0.09 nm/K, is that of an InP DFB laser: CONVENTIONS gives dλ/dT = (λ/ng)(dn/dT + neff·α_L);
/// with λ = 1.55 µm, ng ≈ 3.6, InP dn/dT ≈ 2e-4/K, neff ≈ 3.2 and α_L ≈ 4.6e-6/K this is
/// 0.431 µm·(2.0e-4 + 0.15e-4)/K ≈ 0.092 nm/K (<see cref="DfbDrift"/> computes it).
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

    /// <summary>Emission wavelength (µm) at laser temperature T (°C).</summary>
    public double WavelengthAt(double temperatureC) => WavelengthUm + DwlDTNmPerK * 1e-3 * (temperatureC - ReferenceC);

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
    }
}
