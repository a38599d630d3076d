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
    public SourceLocation Location { get; init; }
}

public sealed record Connection(InstancePort A, InstancePort B, SourceLocation Location);

public sealed record ExternalPort(string Name, InstancePort Target, SourceLocation Location);

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
}
