using System.Globalization;
using PhotonicSolver.Models;

namespace PhotonicSolver.Plotting;

/// <summary>
/// Axis labels: every axis names a quantity and its real unit, "Wavelength (µm)"; a dimensionless quantity has
/// no unit ("c1.coupling"), never "(1)". Column names written by the CLI (wl_um, temperature, dotted settings,
/// T.out.in, re/im.out.in, name_unit suffixes, Monte Carlo metrics) map to labels here, so a plot made from a CSV
/// is labelled as well as one made in code. A dB axis appears only when the data is in dB: a column converted
/// with --db (a linear power column) or a column written in dB.
/// </summary>
public static class AxisLabel
{
    public const string Wavelength = "Wavelength (µm)";
    public const string Temperature = "Temperature (°C)";
    public const string TransmissionLinear = "Transmission |S|²";
    public const string TransmissionDb = "Transmission |S|² (dB)";

    /// <summary>"quantity (unit)"; a dimensionless quantity is written without a unit.</summary>
    public static string Of(string quantity, string unit) => string.IsNullOrEmpty(unit) || unit == "1" ? quantity : $"{quantity} ({unit})";

    /// <summary>
    /// True for columns that hold a linear power ratio or power, which --db converts: T.out.in, the R/T/A of tmm
    /// and grating, a coupling efficiency, a drift transmission.
    /// </summary>
    public static bool IsLinearPower(string column)
        => ResultTable.IsTransmissionColumn(column) || column is "R" or "T" or "A" or "efficiency" or "trans"
           || column.EndsWith(".trans", StringComparison.Ordinal);

    /// <summary>True for columns already written in dB or dBm (by their name): --db leaves them as they are.</summary>
    public static bool IsDb(string column) => column.Contains("_dB", StringComparison.Ordinal) || column.EndsWith("dB", StringComparison.Ordinal);

    /// <summary>The quantity and unit of a column, e.g. ("Wavelength", "µm"), ("c1.coupling", "").</summary>
    public static (string Quantity, string Unit) Parts(string column, bool db = false, IReadOnlyDictionary<string, string>? units = null)
    {
        bool toDb = db && IsLinearPower(column);
        if (column == "wl_um") return ("Wavelength", "µm");
        if (column == "temperature") return ("Temperature", "°C");
        if (column.StartsWith("T.", StringComparison.Ordinal) && column.Count(c => c == '.') == 1)
            return ($"Temperature of {column[2..]}", "°C");  // thermal traces: T.<node> in °C
        if (ResultTable.IsTransmissionColumn(column)) return ($"|S[{PortPair(column[2..])}]|²", toDb ? "dB" : "");
        if (column.StartsWith("re.", StringComparison.Ordinal)) return ($"Re S[{PortPair(column[3..])}]", "");
        if (column.StartsWith("im.", StringComparison.Ordinal)) return ($"Im S[{PortPair(column[3..])}]", "");
        if (column is "R" or "T" or "A") return (column switch { "R" => "Reflectance R", "T" => "Transmittance T", _ => "Absorptance A" }, toDb ? "dB" : "");
        if (units is not null && units.TryGetValue(column, out var u)) return (column, u);
        if (UnitFromName(column) is { } fromName) return fromName;
        // A dotted instance setting: the unit comes from the models that have a setting of that name.
        int dot = column.LastIndexOf('.');
        string setting = dot >= 0 ? column[(dot + 1)..] : column;
        foreach (var m in ModelRegistry.All)
        {
            int s = m.SettingIndex(setting);
            if (s >= 0) return (column, m.Settings[s].Unit);
        }
        return (column, toDb ? "dB" : "");
    }

    /// <summary>Label for a CLI result column; <paramref name="db"/>: linear power columns are shown in dB.</summary>
    public static string ForColumn(string column, bool db = false, IReadOnlyDictionary<string, string>? units = null)
    {
        var (q, u) = Parts(column, db, units);
        return Of(q, u);
    }

    /// <summary>The unit of a column ("" for a dimensionless one).</summary>
    public static string UnitOf(string column, bool db = false, IReadOnlyDictionary<string, string>? units = null) => Parts(column, db, units).Unit;

    /// <summary>"temperature = 25 °C", "c1.coupling = 0.1", "pol = s": a curve's group in a legend.</summary>
    public static string Value(ResultTable t, string column, double value, IReadOnlyDictionary<string, string>? units = null)
    {
        string text = t.Label(column, value);
        string unit = t.Categories(column) is null ? UnitOf(column, units: units) : "";
        string name = column == "wl_um" ? "wl" : StripUnitSuffix(column);
        return unit.Length > 0 ? $"{name} = {text} {unit}" : $"{name} = {text}";
    }

    /// <summary>"power_mW" → "power"; names without a unit suffix stay.</summary>
    private static string StripUnitSuffix(string column)
    {
        foreach (var (suffix, _) in Suffixes)
            if (column.Length > suffix.Length && column.EndsWith(suffix, StringComparison.Ordinal)) return column[..^suffix.Length];
        return column;
    }

    /// <summary>"out.in" → "out,in".</summary>
    private static string PortPair(string dotted)
    {
        int dot = dotted.IndexOf('.');
        return dot < 0 ? dotted : $"{dotted[..dot]},{dotted[(dot + 1)..]}";
    }

    private static readonly (string Suffix, string Unit)[] Suffixes =
    [
        ("_um", "µm"), ("_nm", "nm"), ("_pm", "pm"), ("_s", "s"), ("_ms", "ms"), ("_us", "µs"), ("_ns", "ns"), ("_mW", "mW"),
        ("_dBm", "dBm"), ("_dB", "dB"), ("_mA", "mA"), ("_A", "A"), ("_C", "°C"), ("_K", "K"), ("_deg", "°"),
        ("_GHz", "GHz"), ("_THz", "THz"), ("_V", "V"), ("_per_cm", "1/cm"), ("_W", "W"),
    ];

    /// <summary>Units carried by a name suffix, as the project names things: time_s, power_mW, loss_dB, wl_nm…</summary>
    private static (string, string)? UnitFromName(string column)
    {
        // laser.wl_um, laser.detuning_pm: the suffix of the last dotted part.
        foreach (var (suffix, unit) in Suffixes)
        {
            if (column.Length > suffix.Length && column.EndsWith(suffix, StringComparison.Ordinal))
                return (column[..^suffix.Length].Replace('_', ' '), unit);
        }
        return null;
    }

    /// <summary>Monte Carlo metric units from a samples file's spec metadata: spec name → "dB" or "µm".</summary>
    public static Dictionary<string, string> MetricUnits(IReadOnlyDictionary<string, string> metadata)
    {
        var units = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!metadata.TryGetValue("sweep_spec", out var spec)) return units;
        // Each spec names its metric: {name: isolation, metric: transmission_dB, ...}, in flow or block style.
        var names = System.Text.RegularExpressions.Regex.Matches(spec, @"name:\s*([^,}\s]+)[^\n]*?metric:\s*([A-Za-z0-9_]+)");
        foreach (System.Text.RegularExpressions.Match m in names)
        {
            if (!PhotonicSolver.MonteCarlo.SpecDefinition.MetricNames.TryGetValue(m.Groups[2].Value, out var metric)) continue;
            units[m.Groups[1].Value] = PhotonicSolver.MonteCarlo.SpecDefinition.UnitOf(metric) == "um" ? "µm" : "dB";
        }
        return units;
    }

    internal static string Num(double v) => v.ToString("G6", CultureInfo.InvariantCulture);
}
