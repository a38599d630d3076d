using PhotonicSolver.IO;
using PhotonicSolver.Lasers;

namespace PhotonicSolver.Links;

/// <summary>What a source emits at one operating point: its wavelength (µm) and optical power (mW).</summary>
public readonly record struct LaserOutput(double WavelengthUm, double PowerMw);

/// <summary>
/// A light source for link evaluation: power and wavelength as functions of the source's own temperature and,
/// for a laser model, its drive current. Two kinds:
/// <list type="bullet">
/// <item><see cref="DfbSource"/>: a <see cref="DfbLaser"/> (the laser YAML file of `photonic laser`); power P(T, I)
/// and lasing wavelength λ(T) come from <see cref="DfbLaser.Operate"/> (mode selection, I_th(T), slope(T)).</item>
/// <item><see cref="FixedSource"/>: a fixed power and a linear wavelength drift, for users without a laser model.</item>
/// </list>
/// A source file holds either a DFB laser (sections grating, facets, thermal, electrical, gain) or
/// <code>source: {power_mW: 10, wavelength_um: 1.55, dwl_dT_um_per_K: 0.0, T_ref_C: 25}   # or power_dBm</code>
/// </summary>
public abstract class LaserSource
{
    /// <summary>One line for summaries.</summary>
    public abstract string Description { get; }

    /// <summary>Temperature (°C) at which the source is specified; an external light source runs there by default.</summary>
    public abstract double ReferenceTemperatureC { get; }

    /// <summary>Whether the output depends on a drive current (a laser model); a fixed source has none.</summary>
    public abstract bool HasCurrent { get; }

    /// <summary>The operating current (mA) the source file gives, if any.</summary>
    public abstract double? DefaultCurrentMa { get; }

    /// <summary>Wavelength and power at the source's temperature (°C) and drive current (mA; ignored without <see cref="HasCurrent"/>).</summary>
    public abstract LaserOutput Output(double temperatureC, double currentMa);

    public override string ToString() => Description;

    /// <summary>Reads a source file: a DFB laser file, or a file with a 'source:' section.</summary>
    public static LaserSource Load(string path)
    {
        return Parse(IO.InputFile.ReadAllText(path, "source"), path);
    }

    /// <summary>Parses a source file's text; <paramref name="source"/> names it in errors.</summary>
    public static LaserSource Parse(string text, string source)
    {
        var root = YamlSection.Parse(text, source, "source");
        if (root.Has("source")) return FixedSource.Read(root);
        if (root.Has("grating")) return new DfbSource(DfbLaser.Parse(text, source));
        throw root.Error("a source file has either a 'source:' section {power_mW or power_dBm, wavelength_um, dwl_dT_um_per_K, T_ref_C} " +
                         "or is a DFB laser file (sections grating, facets, thermal, electrical, gain)");
    }
}

/// <summary>A DFB laser as a link source: the existing laser model at the laser's temperature and current.</summary>
public sealed class DfbSource : LaserSource
{
    /// <summary>Modes solved for mode selection, as `photonic laser --temp` does.</summary>
    public const int ModesSolved = 8;

    private readonly Lazy<IReadOnlyList<DfbMode>> _modes;

    public DfbLaser Laser { get; }

    /// <summary>The cavity's modes are solved once, at the first <see cref="Output"/> (they do not depend on temperature or current).</summary>
    public DfbSource(DfbLaser laser)
    {
        Laser = laser;
        _modes = new Lazy<IReadOnlyList<DfbMode>>(() => laser.Modes(ModesSolved));
    }

    public override string Description => FormattableString.Invariant(
        $"DFB laser, kappa*L = {Laser.KappaL:G4}, {Laser.BraggWavelength(Laser.TRefC):F4} µm Bragg at {Laser.TRefC:G4} °C");

    public override double ReferenceTemperatureC => Laser.TRefC;
    public override bool HasCurrent => true;
    public override double? DefaultCurrentMa => Laser.IOpMa;

    /// <summary>λ of the lasing mode (<see cref="DfbLaser.Operate"/>) and P = η(T)·(I − I_th(T)), 0 below threshold.</summary>
    public override LaserOutput Output(double temperatureC, double currentMa)
    {
        var p = Laser.Operate(_modes.Value, temperatureC, currentMa);
        return new LaserOutput(p.WavelengthUm, p.PowerMw);
    }
}

/// <summary>
/// A source with a fixed power and a wavelength that drifts linearly with its temperature:
/// λ(T) = wavelength_um + dwl_dT_um_per_K·(T − T_ref_C). For a wavelength-stabilised source, dwl_dT = 0 (the default).
/// </summary>
public sealed class FixedSource : LaserSource
{
    public double PowerMw { get; }
    public double WavelengthUm { get; }
    public double DwlDTUmPerK { get; }
    public double TRefC { get; }

    public FixedSource(double powerMw, double wavelengthUm, double dwlDTUmPerK = 0, double tRefC = 25)
    {
        if (!(powerMw >= 0) || double.IsInfinity(powerMw)) throw new PhotonicException($"source power {powerMw} mW: a power is finite and not negative");
        if (!(wavelengthUm > 0) || double.IsInfinity(wavelengthUm)) throw new PhotonicException($"source wavelength {wavelengthUm} µm: must be positive");
        if (!double.IsFinite(dwlDTUmPerK)) throw new PhotonicException("source dwl_dT_um_per_K must be a finite number");
        if (!(tRefC > -273.15) || double.IsInfinity(tRefC)) throw new PhotonicException($"source T_ref_C {tRefC}: a temperature in °C above absolute zero");
        PowerMw = powerMw; WavelengthUm = wavelengthUm; DwlDTUmPerK = dwlDTUmPerK; TRefC = tRefC;
    }

    /// <summary>A source whose power is given in dBm (P_mW = 10^(dBm/10)).</summary>
    public static FixedSource FromDbm(double powerDbm, double wavelengthUm, double dwlDTUmPerK = 0, double tRefC = 25)
        => new(Math.Pow(10, powerDbm / 10), wavelengthUm, dwlDTUmPerK, tRefC);

    public override string Description => FormattableString.Invariant(
        $"fixed source, {PowerMw:G4} mW ({10 * Math.Log10(PowerMw):F2} dBm) at {WavelengthUm:F4} µm, {DwlDTUmPerK * 1e3:G4} nm/K from {TRefC:G4} °C");

    public override double ReferenceTemperatureC => TRefC;
    public override bool HasCurrent => false;
    public override double? DefaultCurrentMa => null;

    public override LaserOutput Output(double temperatureC, double currentMa)
        => new(WavelengthUm + DwlDTUmPerK * (temperatureC - TRefC), PowerMw);

    internal static FixedSource Read(YamlSection root)
    {
        root.AllowOnly("source");
        var s = root.RequiredSection("source");
        s.AllowOnly("power_mW", "power_dBm", "wavelength_um", "dwl_dT_um_per_K", "T_ref_C");
        if (s.Has("power_mW") == s.Has("power_dBm"))
            throw s.Error("give the source power as exactly one of power_mW or power_dBm");
        double powerMw = s.Has("power_mW")
            ? s.Checked("power_mW", 0, 0, 1e6, "a power in mW is not negative")
            : Math.Pow(10, s.Checked("power_dBm", 0, -200, 60, "a power in dBm, e.g. 10 for 10 mW") / 10);
        double wl = s.Has("wavelength_um")
            ? s.Wavelength("wavelength_um", 1.55)
            : throw s.Error("missing 'source.wavelength_um' (the emission wavelength at T_ref_C, in µm)");
        double dwl = s.Checked("dwl_dT_um_per_K", 0, -1e-2, 1e-2, "a wavelength drift in µm/K, e.g. 1e-4 for 0.1 nm/K");
        double tRef = s.Temperature("T_ref_C", 25);
        return new FixedSource(powerMw, wl, dwl, tRef);
    }

}
