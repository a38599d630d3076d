using PhotonicSolver.Netlists;
using YamlDotNet.RepresentationModel;

namespace PhotonicSolver.Thermal;

/// <summary>
/// Reads a thermal network file (YAML):
/// <code>
/// ambient_C: 25
/// nodes:                                  # thermal capacitance in J/K (0: a massless node)
///   asic:  {capacitance_J_per_K: 5.0}
///   laser: {capacitance_J_per_K: 0.05}
/// links:                                  # thermal resistance in K/W; 'ambient' is the fixed-temperature node
///   - {from: asic, to: ambient, resistance_K_per_W: 0.2}
///   - {from: asic, to: laser, resistance_K_per_W: 2.0}
///   - {from: laser, to: ambient, resistance_K_per_W: 50}
/// sources:                                # constant power in W, or a CSV trace with columns time_s,power_W
///   asic: {trace: asic_power.csv}         # optional: interpolation: step (default) | linear
///   laser: {power_W: 0.3}
/// time: {stop_s: 10, step_s: 0.001}       # transient from ambient at t = 0
/// </code>
/// Trace files are relative to the network file. Unknown keys are errors; every error names file:line:column.
/// </summary>
public static class ThermalNetworkFile
{
    public static ThermalNetwork Load(string path)
    {
        return Parse(IO.InputFile.ReadAllText(path, "thermal network"), path);
    }

    /// <summary>Parses network text; trace files resolve from the folder of <paramref name="source"/>.</summary>
    public static ThermalNetwork Parse(string text, string source)
    {
        var y = new YamlDoc(source);
        var root = y.LoadMapping(text, "a thermal network file is a mapping with ambient_C, nodes, links, sources, time");
        var net = new ThermalNetwork { SourcePath = source };
        string dir = Path.GetDirectoryName(source) ?? "";
        YamlNode? sources = null;
        foreach (var (keyNode, key, value) in y.Entries(root))
        {
            switch (key)
            {
                case "ambient_C": net.AmbientC = y.Number(value, "ambient_C"); break;
                case "nodes":
                    foreach (var (k, name, v) in y.Entries(y.Mapping(value, "'nodes' maps node names to {capacitance_J_per_K: ...}")))
                    {
                        var m = y.Mapping(v, $"node '{name}': expected {{capacitance_J_per_K: VALUE}}");
                        double? c = null;
                        foreach (var (fk, f, fv) in y.Entries(m))
                        {
                            if (f == "capacitance_J_per_K") c = y.Number(fv, $"node '{name}': capacitance_J_per_K");
                            else throw y.Fail(fk, $"node '{name}': unknown key '{f}'; expected capacitance_J_per_K");
                        }
                        if (c is null) throw y.Fail(v, $"node '{name}': missing capacitance_J_per_K (J/K)");
                        net.Nodes.Add(new ThermalNode(name, c.Value, y.Loc(k)));
                    }
                    break;
                case "links":
                    if (value is not YamlSequenceNode links) throw y.Fail(value, "'links' is a list of {from, to, resistance_K_per_W}");
                    foreach (var item in links.Children)
                    {
                        var m = y.Mapping(item, "a link is {from: NODE, to: NODE, resistance_K_per_W: VALUE}");
                        string? from = null, to = null; double? r = null;
                        foreach (var (fk, f, fv) in y.Entries(m))
                        {
                            switch (f)
                            {
                                case "from": from = y.Text(fv, "from"); break;
                                case "to": to = y.Text(fv, "to"); break;
                                case "resistance_K_per_W": r = y.Number(fv, "resistance_K_per_W"); break;
                                default: throw y.Fail(fk, $"link: unknown key '{f}'; expected from, to, resistance_K_per_W");
                            }
                        }
                        if (from is null || to is null || r is null)
                            throw y.Fail(item, $"link: missing {(from is null ? "from" : to is null ? "to" : "resistance_K_per_W")}");
                        net.Links.Add(new ThermalLink(from, to, r.Value, y.Loc(item)));
                    }
                    break;
                case "sources": sources = value; break;
                case "time":
                    foreach (var (fk, f, fv) in y.Entries(y.Mapping(value, "'time' is {stop_s: VALUE, step_s: VALUE}")))
                    {
                        switch (f)
                        {
                            case "stop_s": net.StopS = y.Number(fv, "time: stop_s"); break;
                            case "step_s": net.StepS = y.Number(fv, "time: step_s"); break;
                            default: throw y.Fail(fk, $"time: unknown key '{f}'; expected stop_s, step_s");
                        }
                    }
                    if (net.StopS is null || net.StepS is null) throw y.Fail(value, "time: both stop_s and step_s are needed");
                    break;
                default:
                    throw y.Fail(keyNode, $"unknown key '{key}'; expected ambient_C, nodes, links, sources, time");
            }
        }
        if (sources is not null)
        {
            foreach (var (k, node, v) in y.Entries(y.Mapping(sources, "'sources' maps node names to {power_W: VALUE} or {trace: FILE.csv}")))
                net.Sources.Add(new ThermalSource(node, ReadSource(y, node, v, dir), y.Loc(k)));
        }
        return net;
    }

    private static PowerTrace ReadSource(YamlDoc y, string node, YamlNode v, string dir)
    {
        var m = y.Mapping(v, $"source '{node}': expected {{power_W: VALUE}} or {{trace: FILE.csv}}");
        double? power = null; string? trace = null;
        var interp = TraceInterpolation.Step;
        foreach (var (fk, f, fv) in y.Entries(m))
        {
            switch (f)
            {
                case "power_W": power = y.Number(fv, $"source '{node}': power_W"); break;
                case "trace": trace = y.Text(fv, $"source '{node}': trace"); break;
                case "interpolation":
                    interp = y.Text(fv, "interpolation") switch
                    {
                        "step" => TraceInterpolation.Step,
                        "linear" => TraceInterpolation.Linear,
                        var s => throw y.Fail(fv, $"source '{node}': interpolation '{s}' is not step or linear"),
                    };
                    break;
                default: throw y.Fail(fk, $"source '{node}': unknown key '{f}'; expected power_W, or trace and interpolation");
            }
        }
        if ((power is null) == (trace is null))
            throw y.Fail(v, $"source '{node}': give either power_W (constant, W) or trace (CSV time_s,power_W), not {(power is null ? "neither" : "both")}");
        if (power is { } p)
        {
            if (!double.IsFinite(p)) throw y.Fail(v, $"source '{node}': power_W must be finite");
            return PowerTrace.Constant(p);
        }
        string file = Path.IsPathRooted(trace!) ? trace! : Path.Combine(dir, trace!);
        if (!File.Exists(file)) throw y.Fail(v, $"source '{node}': trace file not found: {file}");
        return PowerTrace.LoadCsv(file, interp);
    }
}

/// <summary>Small helpers over a YAML document that name file:line:column in every message.</summary>
internal sealed class YamlDoc(string file)
{
    public string File { get; } = file;

    public SourceLocation Loc(YamlNode n) => new(File, (int)n.Start.Line, (int)n.Start.Column);

    public PhotonicException Fail(YamlNode n, string message) => new($"{Loc(n)}: {message}");

    /// <summary>Loads a file this one refers to; a missing one is an error located at the reference.</summary>
    public T Referenced<T>(YamlNode n, string what, string path, Func<string, T> load)
        => System.IO.File.Exists(path) ? load(path) : throw Fail(n, $"{what} file not found: {path}");

    public YamlMappingNode LoadMapping(string text, string expected)
    {
        var stream = IO.YamlText.Load(text, File);
        if (stream.Documents.Count == 0) throw new PhotonicException($"{File}: the file is empty; {expected}");
        return stream.Documents[0].RootNode as YamlMappingNode ?? throw Fail(stream.Documents[0].RootNode, expected);
    }

    public YamlMappingNode Mapping(YamlNode n, string expected) => n as YamlMappingNode ?? throw Fail(n, expected);

    public IEnumerable<(YamlNode KeyNode, string Key, YamlNode Value)> Entries(YamlMappingNode m)
    {
        foreach (var (k, v) in m.Children)
        {
            if (k is not YamlScalarNode s || s.Value is null) throw Fail(k, "expected a plain key");
            yield return (k, s.Value, v);
        }
    }

    public double Number(YamlNode n, string what)
    {
        if (n is YamlScalarNode s && IO.NumberText.TryParse(s.Value, allowNonFinite: false, out double v)) return v;
        throw Fail(n, $"{what}: expected a finite number: {IO.NumberText.WhyNot(n is YamlScalarNode sc ? sc.Value : n.NodeType.ToString())}");
    }

    public string Text(YamlNode n, string what)
    {
        if (n is YamlScalarNode { Value: { Length: > 0 } v }) return v;
        throw Fail(n, $"{what}: expected a name");
    }
}
