namespace PhotonicSolver.Electrical;

/// <summary>
/// A board or package dielectric: relative permittivity and loss tangent near the frequencies of interest
/// (held constant with frequency: a wideband Debye model such as Djordjevic–Sarkar is left out).
/// </summary>
/// <param name="Source">Where the numbers come from; "engineering estimate" when no datasheet value is cited.</param>
public sealed record Dielectric(string Name, double EpsR, double TanDelta, string Source)
{
    /// <summary>Glass-epoxy FR-4. ε_r 4.2, tanδ 0.02: typical values, the ones Bogatin's loss examples use (ε_r ≈ 4, tanδ ≈ 0.02); engineering estimate.</summary>
    public static readonly Dielectric Fr4 = new("fr4", 4.2, 0.02, "typical FR-4 near 1-10 GHz (engineering estimate)");
    /// <summary>Low-loss PPE-blend laminate, Megtron 6 class: ε_r 3.6, tanδ 0.004 (engineering estimate of the class; use the datasheet at Nyquist).</summary>
    public static readonly Dielectric Megtron6 = new("megtron6", 3.6, 0.004, "Megtron 6 class laminate (engineering estimate)");
    /// <summary>Ultra-low-loss laminate, Megtron 7 class: ε_r 3.4, tanδ 0.002 (engineering estimate of the class).</summary>
    public static readonly Dielectric Megtron7 = new("megtron7", 3.4, 0.002, "Megtron 7 class laminate (engineering estimate)");
    /// <summary>Package build-up film, ABF GX-series class: ε_r 3.3, tanδ 0.008 (engineering estimate of the class).</summary>
    public static readonly Dielectric AbfGx = new("abf_gx", 3.3, 0.008, "ABF GX-series class build-up film (engineering estimate)");

    public static IReadOnlyList<Dielectric> Presets { get; } = [Fr4, Megtron6, Megtron7, AbfGx];

    public static Dielectric? Preset(string name) => Presets.FirstOrDefault(p => p.Name == name);
}

public enum LineKind { Microstrip, Stripline }

public enum RoughnessModel { Smooth, Hammerstad, Huray }

/// <summary>Conductor surface roughness: rms height (Hammerstad) or sphere radius and surface ratio (Huray), lengths in µm.</summary>
public readonly record struct Roughness(RoughnessModel Model, double RmsUm = 0, double SphereRadiusUm = 0, double SurfaceRatio = 0)
{
    public static Roughness Smooth => new(RoughnessModel.Smooth);

    /// <summary>The conductor-loss multiplier at skin depth δ (m).</summary>
    public double Factor(double skinDepthM) => Model switch
    {
        RoughnessModel.Hammerstad => TransmissionLine.HammerstadRoughness(RmsUm * 1e-6, skinDepthM),
        RoughnessModel.Huray => TransmissionLine.HurayRoughness(SphereRadiusUm * 1e-6, SurfaceRatio, skinDepthM),
        _ => 1.0,
    };
}

/// <summary>Attenuation of a line at one frequency, split by mechanism (dB/mm).</summary>
public readonly record struct LineLoss(double ConductorDbPerMm, double DielectricDbPerMm)
{
    public double TotalDbPerMm => ConductorDbPerMm + DielectricDbPerMm;
}

/// <summary>
/// A microstrip (strip of width W, thickness t, on a dielectric of height h over a plane) or a stripline (strip
/// centred between two planes b apart), in µm. Z0 from Hammerstad–Jensen (microstrip) or Cohn (stripline),
/// losses as in <see cref="TransmissionLine"/>. A differential pair is taken as two uncoupled lines: its loss per
/// length is that of one line (coupling changes Z0, not the loss to first order).
/// </summary>
public sealed record TraceLine(LineKind Kind, Dielectric Material, double WidthUm, double HeightUm, double ThicknessUm,
                               Roughness Roughness, double Conductivity = TransmissionLine.CopperConductivity)
{
    /// <summary>Characteristic impedance (Ω).</summary>
    public double Z0 => Kind == LineKind.Microstrip
        ? TransmissionLine.MicrostripZ0(WidthUm / HeightUm, Material.EpsR)
        : TransmissionLine.StriplineZ0(WidthUm * 1e-6, HeightUm * 1e-6, Material.EpsR);

    /// <summary>Effective permittivity (ε_r for a stripline).</summary>
    public double EpsEff => Kind == LineKind.Microstrip ? TransmissionLine.MicrostripEpsEff(WidthUm / HeightUm, Material.EpsR) : Material.EpsR;

    /// <summary>Conductor and dielectric loss at frequency f (Hz), dB/mm.</summary>
    public LineLoss Loss(double frequencyHz)
    {
        double rs = TransmissionLine.SurfaceResistance(frequencyHz, Conductivity);
        double k = Roughness.Factor(TransmissionLine.SkinDepth(frequencyHz, Conductivity));
        double z0 = Z0, w = WidthUm * 1e-6;
        double ac, ad;
        if (Kind == LineKind.Microstrip)
        {
            ac = TransmissionLine.ConductorLossMicrostrip(rs, z0, w);
            ad = TransmissionLine.DielectricLossMicrostrip(frequencyHz, Material.EpsR, EpsEff, Material.TanDelta);
        }
        else
        {
            ac = TransmissionLine.ConductorLossStripline(rs, z0, Material.EpsR, w, ThicknessUm * 1e-6, HeightUm * 1e-6);
            ad = TransmissionLine.DielectricLossTem(frequencyHz, Material.EpsR, Material.TanDelta);
        }
        const double perMm = TransmissionLine.DbPerNeper * 1e-3;
        return new LineLoss(k * ac * perMm, ad * perMm);
    }

    internal void Validate(string where)
    {
        if (!(WidthUm > 0 && HeightUm > 0)) throw new PhotonicException($"{where}: width and height must be positive");
        if (!(ThicknessUm >= 0)) throw new PhotonicException($"{where}: thickness must not be negative");
        if (Kind == LineKind.Stripline && !(ThicknessUm > 0 && ThicknessUm < HeightUm))
            throw new PhotonicException($"{where}: a stripline needs 0 < t_um < b_um (the conductor-loss formula uses the strip thickness)");
        if (!(Material.EpsR >= 1)) throw new PhotonicException($"{where}: eps_r must be ≥ 1");
        if (!(Material.TanDelta >= 0)) throw new PhotonicException($"{where}: tan_delta must not be negative");
    }
}

/// <summary>
/// One piece of an electrical channel: a trace of some length, or a lumped loss (connector, via, package
/// ball/bump transition) given in dB at the channel's Nyquist frequency.
/// </summary>
public sealed record ChannelSegment(string Name, TraceLine? Line, double LengthMm, double LumpedLossDb)
{
    public static ChannelSegment Trace(string name, TraceLine line, double lengthMm) => new(name, line, lengthMm, 0);
    public static ChannelSegment Lumped(string name, double lossDb) => new(name, null, 0, lossDb);

    /// <summary>The segment's loss (dB) at frequency f (the lumped loss is taken as given at the Nyquist frequency).</summary>
    public double LossDb(double frequencyHz) => Line is null ? LumpedLossDb : Line.Loss(frequencyHz).TotalDbPerMm * LengthMm;
}

/// <summary>The copper between the SerDes and the optics: traces in series with lumped losses.</summary>
public sealed class ElectricalChannel(IReadOnlyList<ChannelSegment> segments)
{
    public IReadOnlyList<ChannelSegment> Segments { get; } = segments;

    /// <summary>Total trace length (mm).</summary>
    public double LengthMm => Segments.Sum(s => s.LengthMm);

    /// <summary>Insertion loss (dB) at frequency f: the sum of the segments'.</summary>
    public double LossDb(double frequencyHz) => Segments.Sum(s => s.LossDb(frequencyHz));
}
