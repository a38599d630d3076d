using System.CommandLine;
using System.Globalization;
using PhotonicSolver.Circuit;
using PhotonicSolver.IO;
using PhotonicSolver.Netlists;
using PhotonicSolver.Sweep;
using PhotonicSolver.Units;

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
        Description = "auto (CUDA, then OpenCL, then cpu; the default) | cpu | cuda | opencl | ilgpu-cpu (ILGPU's CPU emulator, for tests)",
        DefaultValueFactory = _ => "auto",
    };

    /// <summary>`--out`/`-o`: where a command writes its result ("-" for stdout where the command can stream).</summary>
    public static Option<string> Out(string description, bool required = true) => new("--out", "-o") { Description = description, Required = required };

    /// <summary>`--wl`: a wavelength axis in µm.</summary>
    public static Option<string?> Wl(string description, bool required = false) => new("--wl") { Description = description, Required = required };

    /// <summary>`--temperature`: a temperature axis in °C.</summary>
    public static Option<string?> Temperature(string description, string? defaultValue = null)
    {
        var o = new Option<string?>("--temperature") { Description = description };
        if (defaultValue is not null) o.DefaultValueFactory = _ => defaultValue;
        return o;
    }

    /// <summary>`--pair OUT:IN` (repeatable): port pairs by external port name.</summary>
    public static Option<string[]> Pair(string description, bool required = false) => new("--pair")
    {
        Description = description, Arity = ArgumentArity.OneOrMore, AllowMultipleArgumentsPerToken = false, Required = required,
    };

    /// <summary>
    /// The old spelling of a renamed option, kept for one release: hidden from the help and docs/cli.md, and
    /// read through <see cref="Value{T}"/>, which warns.
    /// </summary>
    public static Option<T> OldSpelling<T>(string oldName, Option<T> current) => new(oldName)
    {
        Description = $"Old spelling of {current.Name} (removed in the next release).", Hidden = true,
        Arity = current.Arity, AllowMultipleArgumentsPerToken = current.AllowMultipleArgumentsPerToken,
    };

    /// <summary>The value of <paramref name="current"/>, or of one of its old spellings (with a warning); both is an error.</summary>
    public static T? Value<T>(ParseResult r, CliIO io, Option<T> current, params Option<T>[] old)
    {
        var given = old.Where(o => r.GetResult(o) is { Implicit: false }).ToList();
        if (given.Count == 0) return r.GetValue(current);
        if (r.GetResult(current) is { Implicit: false } || given.Count > 1)
            throw new PhotonicException($"{string.Join(" and ", given.Select(o => o.Name).Prepend(current.Name).Distinct())} are spellings of one option; give it once as {current.Name}");
        io.Err.WriteLine($"warning: {given[0].Name} is now {current.Name}; the old spelling will be removed in the next release");
        return r.GetValue(given[0]);
    }

    /// <summary>A wavelength axis from a flag (µm): START:STOP:N, a list or a value, each checked by <see cref="UnitCheck"/>.</summary>
    public static SweepAxis WavelengthAxis(string flag, string text, string name = FlatCircuit.WavelengthKey)
        => UnitCheck.WavelengthAxis(SweepAxis.Parse(name, text), Label(flag, text));

    /// <summary>A temperature axis from a flag (°C), each value checked by <see cref="UnitCheck"/> (absolute zero, kelvin).</summary>
    public static SweepAxis TemperatureAxis(string flag, string text, string name = FlatCircuit.TemperatureKey)
        => UnitCheck.TemperatureAxis(SweepAxis.Parse(name, text), Label(flag, text));

    /// <summary>"--wl 1500:1600:101", or "--sweep temperature=300" for a flag that ends in '='.</summary>
    private static string Label(string flag, string text) => flag.EndsWith('=') ? flag + text : $"{flag} {text}";

    /// <summary>Refuses an axis with a value outside a range (a linear axis is bounded by its two ends).</summary>
    public static void CheckAxis(SweepAxis axis, Func<double, bool> ok, Func<string, string> message)
    {
        IEnumerable<double> values = axis.IsLinear ? [axis.Start, axis[axis.Count - 1]] : axis.Table;
        foreach (double v in values)
            if (!ok(v)) throw new PhotonicException(message(v.ToString("G6", CultureInfo.InvariantCulture)));
    }

    /// <summary>The values of an axis, as an array (axes on the host side: temperatures, currents).</summary>
    public static double[] Values(SweepAxis axis)
    {
        var v = new double[axis.Count];
        for (int i = 0; i < v.Length; i++) v[i] = axis[i];
        return v;
    }

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

    /// <summary>
    /// Parses port pairs "OUT:IN" (each item may also hold a comma-separated list, the old --pairs form) into
    /// external port index pairs; null for none given (all pairs).
    /// </summary>
    public static List<(int Out, int In)>? ParsePairs(IEnumerable<string>? items, FlatCircuit circuit, string flag = "--pair")
    {
        var list = (items ?? []).SelectMany(t => t.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).ToList();
        if (list.Count == 0) return null;
        var names = circuit.ExternalPorts.Select(p => p.Name).ToList();
        var pairs = new List<(int, int)>();
        foreach (var item in list)
        {
            var parts = item.Split(':');
            if (parts.Length != 2) throw new PhotonicException($"{flag} '{item}': expected OUT:IN (external port names)");
            int o = names.IndexOf(parts[0]), i = names.IndexOf(parts[1]);
            if (o < 0 || i < 0)
                throw new PhotonicException($"{flag} '{item}': no external port '{(o < 0 ? parts[0] : parts[1])}'; ports: {string.Join(", ", names)}");
            pairs.Add((o, i));
        }
        return pairs;
    }

    /// <summary>Parses "--pairs out:in,out:in" (a single text) into external port index pairs; null for all pairs.</summary>
    public static List<(int Out, int In)>? ParsePairs(string? text, FlatCircuit circuit)
        => string.IsNullOrWhiteSpace(text) ? null : ParsePairs([text], circuit);
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
