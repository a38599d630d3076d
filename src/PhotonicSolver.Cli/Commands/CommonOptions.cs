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

    public static Option<string?> Devices() => new("--devices")
    {
        Description = "With --backend cuda|opencl|ilgpu-cpu: split every chunk across several devices of this node, 'all' or numbers as in 'photonic devices' (0,2); results are bit-identical to one device.",
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

    /// <summary>Reads, validates and flattens a netlist file.</summary>
    public static FlatCircuit LoadCircuit(string path, IReadOnlyDictionary<string, double>? overrides = null)
        => Flattener.Flatten(NetlistLoader.LoadFile(path), overrides);

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
