using System.Globalization;
using System.Text;

namespace PhotonicSolver.IO;

/// <summary>
/// How the project writes numbers in CSV files, in one place:
/// <list type="bullet">
/// <item>axis values (wavelengths, temperatures, swept settings): the decimal the user meant. A linear axis
/// computes start + i·step in binary, which lands an ulp or two off the decimal (1.2009999999999998 for 1.201);
/// 15 significant digits are the most a double always carries from decimal and back, so they print that decimal.</item>
/// <item>results: round-trip exact ("R": the shortest text that parses back to the same double), or compact
/// 6 significant digits with <see cref="CsvFormat.G6"/> (`--format g6`).</item>
/// </list>
/// </summary>
public static class CsvNumbers
{
    /// <summary>An axis value as the decimal it stands for.</summary>
    public static string Axis(double v) => v.ToString("G15", CultureInfo.InvariantCulture);

    public static StringBuilder AppendAxis(this StringBuilder sb, double v)
    {
        Span<char> buf = stackalloc char[32];
        v.TryFormat(buf, out int n, "G15", CultureInfo.InvariantCulture);
        return sb.Append(buf[..n]);
    }

    /// <summary>A result value: round-trip exact, or 6 significant digits.</summary>
    public static string Result(double v, CsvFormat format = CsvFormat.RoundTrip)
        => v.ToString(format == CsvFormat.G6 ? "G6" : "R", CultureInfo.InvariantCulture);

    public static StringBuilder AppendResult(this StringBuilder sb, double v, CsvFormat format = CsvFormat.RoundTrip)
    {
        Span<char> buf = stackalloc char[32];
        v.TryFormat(buf, out int n, format == CsvFormat.G6 ? "G6" : "R", CultureInfo.InvariantCulture);
        return sb.Append(buf[..n]);
    }

    /// <summary>Parses a `--format` value: "r" (round-trip, the default) or "g6".</summary>
    public static CsvFormat ParseFormat(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        null or "" or "r" or "roundtrip" => CsvFormat.RoundTrip,
        "g6" => CsvFormat.G6,
        var other => throw new PhotonicException($"--format '{other}': expected r (round-trip exact, the default) or g6 (6 significant digits)"),
    };
}

/// <summary>Number format of CSV results.</summary>
public enum CsvFormat
{
    /// <summary>Shortest text that parses back to the same double.</summary>
    RoundTrip,
    /// <summary>6 significant digits: compact, about 1e-6 relative.</summary>
    G6,
}
