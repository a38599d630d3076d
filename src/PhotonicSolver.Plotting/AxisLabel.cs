using PhotonicSolver.Models;

namespace PhotonicSolver.Plotting;

/// <summary>
/// Axis labels: every axis names a quantity and its unit, "Wavelength (µm)". Column names written by the CLI
/// (wl_um, temperature, dotted settings, T.out.in, re/im.out.in) map to labels here, so a plot made from a CSV
/// is labelled as well as one made in code.
/// </summary>
public static class AxisLabel
{
    public const string Wavelength = "Wavelength (µm)";
    public const string Temperature = "Temperature (°C)";
    public const string TransmissionLinear = "Transmission |S|² (linear)";
    public const string TransmissionDb = "Transmission |S|² (dB)";

    /// <summary>"quantity (unit)"; a dimensionless quantity is written "(1)" so the unit is never missing.</summary>
    public static string Of(string quantity, string unit) => $"{quantity} ({(string.IsNullOrEmpty(unit) ? "1" : unit)})";

    /// <summary>Label for a CLI result column; <paramref name="db"/> for power columns shown in dB.</summary>
    public static string ForColumn(string column, bool db = false)
    {
        if (column == "wl_um") return Wavelength;
        if (column == "temperature") return Temperature;
        if (column.StartsWith("T.", StringComparison.Ordinal) && column.Count(c => c == '.') == 1)
            return $"Temperature of {column[2..]} (°C)";  // thermal traces: T.<node> in °C
        if (column.StartsWith("T.", StringComparison.Ordinal))
            return $"|S[{PortPair(column[2..])}]|² ({(db ? "dB" : "linear")})";
        if (column.StartsWith("re.", StringComparison.Ordinal)) return $"Re S[{PortPair(column[3..])}] (1)";
        if (column.StartsWith("im.", StringComparison.Ordinal)) return $"Im S[{PortPair(column[3..])}] (1)";
        if (UnitFromName(column) is { } fromName) return fromName;
        // A dotted instance setting: the unit comes from the models that have a setting of that name.
        int dot = column.LastIndexOf('.');
        string setting = dot >= 0 ? column[(dot + 1)..] : column;
        foreach (var m in ModelRegistry.All)
        {
            int s = m.SettingIndex(setting);
            if (s >= 0) return Of(column, m.Settings[s].Unit);
        }
        return db ? Of(column, "dB") : column.Contains('(') ? column : Of(column, "");
    }

    /// <summary>"out.in" → "out,in".</summary>
    private static string PortPair(string dotted)
    {
        int dot = dotted.IndexOf('.');
        return dot < 0 ? dotted : $"{dotted[..dot]},{dotted[(dot + 1)..]}";
    }

    /// <summary>Units carried by a name suffix, as the project names things: time_s, power_mW, loss_dB, wl_nm…</summary>
    private static string? UnitFromName(string column)
    {
        (string Suffix, string Unit)[] units =
        [
            ("_um", "µm"), ("_nm", "nm"), ("_s", "s"), ("_ms", "ms"), ("_us", "µs"), ("_ns", "ns"), ("_mW", "mW"),
            ("_dBm", "dBm"), ("_dB", "dB"), ("_mA", "mA"), ("_A", "A"), ("_C", "°C"), ("_K", "K"), ("_deg", "°"),
            ("_GHz", "GHz"), ("_THz", "THz"), ("_V", "V"),
        ];
        foreach (var (suffix, unit) in units)
        {
            if (column.Length > suffix.Length && column.EndsWith(suffix, StringComparison.Ordinal))
                return Of(column[..^suffix.Length].Replace('_', ' '), unit);
        }
        return null;
    }
}
