using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace PhotonicSolver.IO;

/// <summary>
/// A mapping in a small YAML settings file (fiber coupling, laser), read with its source lines so every error
/// names the file, line and key: "fiber.yaml:3: fiber.mfd_um = -10.4: must be positive". Unknown keys are
/// errors (a misspelt key would otherwise be silently ignored).
/// </summary>
public sealed class YamlSection
{
    private readonly string _source;
    private readonly YamlMappingNode _node;
    private readonly string _path;

    private YamlSection(string source, YamlMappingNode node, string path) { _source = source; _node = node; _path = path; }

    /// <summary>Loads a file whose top level is a mapping; <paramref name="what"/> names the file kind in errors.</summary>
    public static YamlSection LoadFile(string path, string what)
    {
        return Parse(InputFile.ReadAllText(path, what), path, what);
    }

    public static YamlSection Parse(string text, string source, string what)
    {
        var stream = YamlText.Load(text, source);
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
            throw new PhotonicException($"{source}: a {what} file is a YAML mapping of sections and settings");
        return new YamlSection(source, root, "");
    }

    public string Source => _source;

    private string Name(string key) => _path.Length == 0 ? key : $"{_path}.{key}";

    private string At(YamlNode n) => $"{_source}:{n.Start.Line}";

    /// <summary>An error located at this section.</summary>
    public PhotonicException Error(string message) => new($"{At(_node)}: {message}");

    /// <summary>An error located at a key's value (or at the section if the key is absent).</summary>
    public PhotonicException Error(string key, string message)
        => new($"{(TryGetNode(key, out var n) ? At(n) : At(_node))}: {Name(key)}: {message}");

    public bool Has(string key) => TryGetNode(key, out _);

    /// <summary>The keys of this mapping, in file order (for sections whose keys are names the user chooses).</summary>
    public IEnumerable<string> Keys => _node.Children.Keys.Select(k => (k as YamlScalarNode)?.Value ?? "");

    private bool TryGetNode(string key, out YamlNode node) => _node.Children.TryGetValue(new YamlScalarNode(key), out node!);

    /// <summary>Rejects keys not in <paramref name="allowed"/>, naming the ones that are.</summary>
    public void AllowOnly(params string[] allowed)
    {
        foreach (var (k, _) in _node.Children)
        {
            string key = (k as YamlScalarNode)?.Value ?? "";
            if (Array.IndexOf(allowed, key) < 0)
                throw new PhotonicException($"{At(k)}: unknown key '{Name(key)}'; expected one of: {string.Join(", ", allowed)}");
        }
    }

    /// <summary>A nested mapping, or null if absent.</summary>
    public YamlSection? Section(string key)
    {
        if (!TryGetNode(key, out var n)) return null;
        if (n is not YamlMappingNode m) throw new PhotonicException($"{At(n)}: {Name(key)}: expected a mapping of settings");
        return new YamlSection(_source, m, Name(key));
    }

    public YamlSection RequiredSection(string key)
        => Section(key) ?? throw Error($"missing section '{Name(key)}'");

    /// <summary>A finite number, or null if the key is absent.</summary>
    public double? Number(string key)
    {
        if (!TryGetNode(key, out var n)) return null;
        if (n is YamlScalarNode s && NumberText.TryParse(s.Value, allowNonFinite: false, out double v)) return v;
        throw new PhotonicException($"{At(n)}: {Name(key)}: {NumberText.WhyNot((n as YamlScalarNode)?.Value ?? n.ToString())}");
    }

    public double Number(string key, double defaultValue) => Number(key) ?? defaultValue;

    public double RequiredNumber(string key) => Number(key) ?? throw Error($"missing '{Name(key)}'");

    /// <summary>A number that must lie in [min, max] (with a message saying why).</summary>
    public double Checked(string key, double defaultValue, double min, double max, string why)
    {
        double v = Number(key, defaultValue);
        if (!(v >= min && v <= max)) throw Error(key, $"{v.ToString(CultureInfo.InvariantCulture)} is out of range: {why}");
        return v;
    }

    /// <summary>A wavelength in µm, checked by <see cref="Units.UnitCheck.Wavelength"/> (nm or m given for µm is an error).</summary>
    public double Wavelength(string key, double defaultValue)
        => Units.UnitCheck.Wavelength(Number(key, defaultValue), Located(key));

    /// <summary>A temperature in °C, checked by <see cref="Units.UnitCheck.Temperature"/> (below absolute zero: error; kelvin-like: warning).</summary>
    public double Temperature(string key, double defaultValue)
        => Units.UnitCheck.Temperature(Number(key, defaultValue), Located(key));

    /// <summary>"file:line: section.key" for messages about a key's value.</summary>
    public string Located(string key) => $"{(TryGetNode(key, out var n) ? At(n) : At(_node))}: {Name(key)}";

    /// <summary>A number that must be strictly positive.</summary>
    public double Positive(string key, double? defaultValue = null, string what = "must be positive")
    {
        double v = defaultValue is { } d ? Number(key, d) : RequiredNumber(key);
        if (!(v > 0)) throw Error(key, $"{v.ToString(CultureInfo.InvariantCulture)}: {what}");
        return v;
    }

    /// <summary>A text value, or null if absent.</summary>
    public string? Text(string key)
    {
        if (!TryGetNode(key, out var n)) return null;
        if (n is YamlScalarNode s) return s.Value;
        throw new PhotonicException($"{At(n)}: {Name(key)}: expected a single value");
    }
}
