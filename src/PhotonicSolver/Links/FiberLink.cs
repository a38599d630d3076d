namespace PhotonicSolver.Links;

/// <summary>
/// The fiber between an external light source (ELS) and the chip: a length of fiber with a loss per km plus
/// connector and splice losses. Loss (dB) = length_km·attenuation_dB_km + Σ connector/splice losses; the power
/// transmission is 10^(−loss/10). The chip's own fiber coupler (grating or edge coupler) is not part of it: it is an
/// instance in the netlist, so its angle, temperature and misalignment behaviour come from the engine.
/// </summary>
public sealed class FiberLink
{
    /// <summary>
    /// Default attenuation, dB/km: the ITU-T G.652 (category B) cabled single-mode fiber maximum at 1550 nm.
    /// G.652.D gives 0.30 dB/km at 1550 nm and 0.40 dB/km at 1310 nm; set the attenuation for other bands.
    /// </summary>
    public const double G652AttenuationDbPerKm = 0.35;

    public double LengthKm { get; }
    public double AttenuationDbPerKm { get; }
    /// <summary>Each connector or splice loss in dB, in the order along the link.</summary>
    public IReadOnlyList<double> ConnectorLossesDb { get; }

    public FiberLink(double lengthKm, double attenuationDbPerKm = G652AttenuationDbPerKm, IReadOnlyList<double>? connectorLossesDb = null)
    {
        if (!(lengthKm >= 0) || double.IsInfinity(lengthKm))
            throw new PhotonicException($"fiber length {lengthKm} km: a length is finite and not negative");
        if (!(attenuationDbPerKm >= 0) || double.IsInfinity(attenuationDbPerKm))
            throw new PhotonicException($"fiber attenuation {attenuationDbPerKm} dB/km: a loss is finite and not negative");
        var losses = (connectorLossesDb ?? []).ToArray();
        foreach (var c in losses)
            if (!(c >= 0) || double.IsInfinity(c))
                throw new PhotonicException($"connector/splice loss {c} dB: a loss is finite and not negative");
        LengthKm = lengthKm; AttenuationDbPerKm = attenuationDbPerKm; ConnectorLossesDb = losses;
    }

    /// <summary>Propagation loss of the fiber itself: length × attenuation (dB).</summary>
    public double FiberLossDb => LengthKm * AttenuationDbPerKm;

    /// <summary>Sum of the connector and splice losses (dB).</summary>
    public double ConnectorLossDb => ConnectorLossesDb.Sum();

    /// <summary>Total loss from the source to the chip's fiber port (dB).</summary>
    public double LossDb => FiberLossDb + ConnectorLossDb;

    /// <summary>Power transmission 10^(−loss/10).</summary>
    public double Transmission => Math.Pow(10, -LossDb / 10);

    public override string ToString() => FormattableString.Invariant(
        $"fiber {LengthKm:G4} km × {AttenuationDbPerKm:G4} dB/km = {FiberLossDb:F3} dB + {ConnectorLossesDb.Count} connector/splice loss(es) {ConnectorLossDb:F3} dB = {LossDb:F3} dB");
}
