using System.CommandLine;
using System.Globalization;
using PhotonicSolver.Circuit;
using PhotonicSolver.IO;
using PhotonicSolver.Netlists;

namespace PhotonicSolver.Cli.Commands;

/// <summary>Options and parsing shared by the commands that read a netlist.</summary>
public static class CommonOptions
{
    public static Option<string[]> Set() => new("--set")
    {
        Description = "Override an instance setting: inst.setting=value (repeatable; dotted paths reach into subcircuits).",
        AllowMultipleArgumentsPerToken = false,
        Arity = ArgumentArity.ZeroOrMore,
    };

    public static Option<string> Backend() => new("--backend")
    {
        Description = "auto (CUDA, then OpenCL, then cpu) | cpu | cuda | opencl | ilgpu-cpu (ILGPU's CPU emulator, for tests)",
        DefaultValueFactory = _ => "auto",
    };

    public static Option<string> Precision() => new("--precision")
    {
        Description = "fp64 (default) or fp32 registers for the elimination tape; models always compute phases in fp64.",
        DefaultValueFactory = _ => "fp64",
    };

    public static PhotonicSolver.Circuit.Precision ParsePrecision(string text) => text switch
    {
        "fp64" => PhotonicSolver.Circuit.Precision.Fp64,
        "fp32" => PhotonicSolver.Circuit.Precision.Fp32,
        _ => throw new PhotonicException($"--precision '{text}': expected fp64 or fp32"),
    };

    /// <summary>Parses "inst.setting=value" overrides.</summary>
    public static Dictionary<string, double> ParseOverrides(IEnumerable<string>? items)
    {
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var item in items ?? [])
        {
            int eq = item.IndexOf('=');
            if (eq <= 0) throw new PhotonicException($"--set '{item}': expected INSTANCE.SETTING=VALUE");
            string key = item[..eq].Trim(), text = item[(eq + 1)..].Trim();
            double v = NumberText.Parse(text, $"--set '{item}'");
            result[key] = v;
        }
        return result;
    }

    /// <summary>Reads, validates and flattens a netlist file (no flags; warnings stay on the circuit).</summary>
    public static FlatCircuit LoadCircuit(string path, IReadOnlyDictionary<string, double>? overrides = null)
        => Flattener.Flatten(NetlistLoader.LoadFile(path), overrides);

    /// <summary>
    /// Reads, validates and flattens a netlist file with the command's netlist flags, and writes what the reader
    /// reported to stderr: "warning: …" (open ports terminated, settings ignored, non-passive data) and "note: …".
    /// </summary>
    public static FlatCircuit LoadCircuit(CliIO io, NetlistFlags flags, ParseResult r, string path, IReadOnlyDictionary<string, double>? overrides = null)
    {
        var circuit = Flattener.Flatten(NetlistLoader.LoadFile(path), overrides, flags.Read(r));
        Report(io, circuit);
        return circuit;
    }

    /// <summary>Writes a circuit's reader warnings and notes to stderr.</summary>
    public static void Report(CliIO io, FlatCircuit circuit)
    {
        foreach (var w in circuit.Warnings) io.Err.WriteLine($"warning: {w}");
        foreach (var n in circuit.Notes) io.Err.WriteLine($"note: {n}");
    }

    /// <summary>Parses "--pairs out:in,out:in" into external port index pairs; null for all pairs.</summary>
    public static List<(int Out, int In)>? ParsePairs(string? text, FlatCircuit circuit)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var names = circuit.ExternalPorts.Select(p => p.Name).ToList();
        var pairs = new List<(int, int)>();
        foreach (var item in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = item.Split(':');
            if (parts.Length != 2) throw new PhotonicException($"--pairs '{item}': expected OUT:IN (external port names)");
            int o = names.IndexOf(parts[0]), i = names.IndexOf(parts[1]);
            if (o < 0 || i < 0)
                throw new PhotonicException($"--pairs '{item}': no external port '{(o < 0 ? parts[0] : parts[1])}'; ports: {string.Join(", ", names)}");
            pairs.Add((o, i));
        }
        return pairs;
    }
}

/// <summary>How strictly a command reads a netlist: --strict-ports, --strict-settings, --routes-as-connections.</summary>
public sealed class NetlistFlags
{
    public Option<bool> StrictPorts { get; } = new("--strict-ports")
    {
        Description = "Refuse instance ports that are neither connected nor exposed (default: terminate them, matched, with a warning).",
    };

    public Option<bool> StrictSettings { get; } = new("--strict-settings")
    {
        Description = "Refuse cell settings that no model uses (default: ignore them with one warning).",
    };

    public Option<bool> RoutesAsConnections { get; } = new("--routes-as-connections")
    {
        Description = "Treat each gdsfactory route as an ideal lossless connection (default: refuse netlists with routes).",
    };

    /// <summary>Adds the three flags to a command; returns this.</summary>
    public NetlistFlags AddTo(Command cmd)
    {
        cmd.Options.Add(StrictPorts);
        cmd.Options.Add(StrictSettings);
        cmd.Options.Add(RoutesAsConnections);
        return this;
    }

    public NetlistOptions Read(ParseResult r) => new(r.GetValue(StrictPorts), r.GetValue(StrictSettings), r.GetValue(RoutesAsConnections));
}
