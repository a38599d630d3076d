using System.Globalization;

namespace PhotonicSolver.IO;

/// <summary>
/// The one rule by which every input file and flag reads a number, so that "1e-3", "+2", ".5" mean the same in a
/// netlist, a stack, a sweep file and on the command line:
/// <list type="bullet">
/// <item>invariant culture, decimal point, optional exponent ("1,5" and "1 000" are not numbers);</item>
/// <item>NaN and ±∞ only where the caller allows them, and then only in YAML 1.2's spelling (.nan, .inf, -.inf);
/// words such as "NaN" or "Infinity", and values that overflow to ∞ ("1e400"), are never numbers.</item>
/// </list>
/// </summary>
public static class NumberText
{
    /// <summary>Parses <paramref name="text"/> by the rule above.</summary>
    public static bool TryParse(string? text, bool allowNonFinite, out double value)
    {
        value = double.NaN;
        if (text is null) return false;
        string t = text.Trim();
        switch (t)
        {
            case ".inf" or ".Inf" or ".INF" or "+.inf" or "+.Inf" or "+.INF":
                value = double.PositiveInfinity; return allowNonFinite;
            case "-.inf" or "-.Inf" or "-.INF":
                value = double.NegativeInfinity; return allowNonFinite;
            case ".nan" or ".NaN" or ".NAN":
                value = double.NaN; return allowNonFinite;
        }
        if (t.Length == 0 || !(char.IsAsciiDigit(t[0]) || t[0] is '-' or '+' or '.')) return false;
        if (t.Length > 1 && t[0] is '-' or '+' && !(char.IsAsciiDigit(t[1]) || t[1] == '.')) return false; // "-Infinity"
        return double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
    }

    /// <summary>Why <paramref name="text"/> was refused, for messages: "'abc' is not a number", "'.nan' is not allowed here …".</summary>
    public static string WhyNot(string? text)
    {
        string t = text?.Trim() ?? "";
        if (TryParse(t, allowNonFinite: true, out _))
            return $"'{t}' is not allowed here: the value must be a finite number (NaN and infinity are accepted only where a setting says so)";
        if (double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsInfinity(v) && char.IsAsciiDigit(t.TrimStart('+', '-', '.')[0]))
            return $"'{t}' is too large for a double (beyond ±1.8e308)";
        return t.Contains(',') && !t.Contains('.') ? $"'{t}' is not a number (use a decimal point, not a comma)" : $"'{t}' is not a number";
    }

    /// <summary>Parses a flag's value by the rule, or throws naming the flag: "--set 'a.b=x': 'x' is not a number".</summary>
    public static double Parse(string text, string context, bool allowNonFinite = false)
        => TryParse(text, allowNonFinite, out double v) ? v : throw new PhotonicException($"{context}: {WhyNot(text)}");
}
