namespace PhotonicSolver.Netlists;

/// <summary>A place in a netlist file, for error messages: "ring.yaml:12:5".</summary>
public readonly record struct SourceLocation(string File, int Line, int Column)
{
    public static SourceLocation None => new("", 0, 0);
    public override string ToString() => Line > 0 ? $"{File}:{Line}:{Column}" : File;
}

/// <summary>"instance,port" as written in a netlist.</summary>
public readonly record struct InstancePort(string Instance, string Port)
{
    public override string ToString() => $"{Instance},{Port}";
}

/// <summary>An instance: a component (built-in model, mapped model or subcircuit) with its settings.</summary>
public sealed class InstanceSpec
{
    public required string Name { get; init; }
    public required string Component { get; init; }
    /// <summary>Numeric settings. Non-numeric values (gdsfactory cross_section names…) are kept in <see cref="TextSettings"/>.</summary>
    public Dictionary<string, double> Settings { get; init; } = new(StringComparer.Ordinal);
    public Dictionary<string, string> TextSettings { get; init; } = new(StringComparer.Ordinal);
    public Dictionary<string, SourceLocation> SettingLocations { get; init; } = new(StringComparer.Ordinal);
    /// <summary>
    /// gdsfactory's numeric <c>info:</c> values (<c>length</c>, <c>radius</c>…): facts about the drawn cell. A
    /// model's <c>length</c> comes from <c>info.length</c> (the drawn path length) unless the settings give one.
    /// </summary>
    public Dictionary<string, double> Info { get; init; } = new(StringComparer.Ordinal);
    public SourceLocation Location { get; init; }
}

public sealed record Connection(InstancePort A, InstancePort B, SourceLocation Location);

public sealed record ExternalPort(string Name, InstancePort Target, SourceLocation Location);

/// <summary>One link of a gdsfactory route (<c>routes: {r0: {links: {"a,o2": "b,o1"}}}</c>).</summary>
public sealed record RouteLink(string Route, InstancePort A, InstancePort B, SourceLocation Location);

/// <summary>
/// How strictly a netlist is read. Each is null when not set; the command line's flags and a netlist's
/// <c>options:</c> section set them (either one setting true makes it true).
/// </summary>
public sealed record NetlistOptions(bool? StrictPorts = null, bool? StrictSettings = null, bool? RoutesAsConnections = null)
{
    public static NetlistOptions Default { get; } = new();

    /// <summary>True where either says true.</summary>
    public NetlistOptions Or(NetlistOptions other) => new(
        StrictPorts == true || other.StrictPorts == true, StrictSettings == true || other.StrictSettings == true,
        RoutesAsConnections == true || other.RoutesAsConnections == true);
}

/// <summary>
/// How a component name (e.g. a PDK cell from gdsfactory) maps to a built-in model: the model name, default
/// settings for it, and settings of the cell to ignore (geometry the model does not use).
/// </summary>
public sealed class ModelMapping
{
    public required string Model { get; init; }
    public Dictionary<string, double> Settings { get; init; } = new(StringComparer.Ordinal);
    public HashSet<string> Ignore { get; init; } = new(StringComparer.Ordinal);
    public SourceLocation Location { get; init; }
}

/// <summary>A netlist document in the gdsfactory/SAX schema (YAML or JSON), before flattening.</summary>
public sealed class Netlist
{
    public string Name { get; init; } = "top";
    /// <summary>File it was read from ("" for netlists built in code).</summary>
    public string SourcePath { get; init; } = "";
    /// <summary>Instances in file order.</summary>
    public List<InstanceSpec> Instances { get; init; } = [];
    public List<Connection> Connections { get; init; } = [];
    /// <summary>External ports in file order; this order is the S-matrix port order.</summary>
    public List<ExternalPort> Ports { get; init; } = [];
    public Dictionary<string, ModelMapping> Models { get; init; } = new(StringComparer.Ordinal);
    /// <summary>Global settings: wl (µm), temperature (°C).</summary>
    public Dictionary<string, double> Settings { get; init; } = new(StringComparer.Ordinal);
    /// <summary>Named sub-netlists defined in the same file (section 'netlists:').</summary>
    public Dictionary<string, Netlist> SubNetlists { get; init; } = new(StringComparer.Ordinal);
    /// <summary>gdsfactory routes (layout instructions), refused unless <see cref="NetlistOptions.RoutesAsConnections"/>.</summary>
    public List<RouteLink> Routes { get; init; } = [];
    /// <summary>Where 'routes:' starts, for the refusal.</summary>
    public SourceLocation RoutesLocation { get; set; }
    /// <summary>The netlist's own 'options:' section.</summary>
    public NetlistOptions Options { get; set; } = NetlistOptions.Default;
    /// <summary>Layout-only top-level keys present and ignored (placements, schematic_placements…), for one note.</summary>
    public List<string> IgnoredKeys { get; init; } = [];
}
