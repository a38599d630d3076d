using PhotonicSolver.Models;
using PhotonicSolver.Netlists;

namespace PhotonicSolver.Circuit;

/// <summary>A port of a flat instance: (instance index, port index in the model's port list).</summary>
public readonly record struct PortRef(int Instance, int Port);

/// <summary>A built-in model instance after hierarchy is flattened; Path is dotted ("mzi1.dc1").</summary>
public sealed class FlatInstance
{
    public required string Path { get; init; }
    public required ModelInfo Model { get; init; }
    /// <summary>Full settings vector in the model's setting order, defaults filled in.</summary>
    public required double[] Settings { get; init; }
    public SourceLocation Location { get; init; }

    public string PortName(int port) => $"{Path},{Model.Ports[port]}";
}

/// <summary>
/// A validated circuit of built-in model instances: every internal port connected exactly once, every external
/// port bound to one instance port. This is what the plan compiler consumes.
/// </summary>
public sealed class FlatCircuit
{
    public required List<FlatInstance> Instances { get; init; }
    public required List<(PortRef A, PortRef B)> Connections { get; init; }
    /// <summary>External ports in netlist order (the S-matrix port order).</summary>
    public required List<(string Name, PortRef Port)> ExternalPorts { get; init; }
    /// <summary>Global wavelength (µm), from settings.wl, default 1.55.</summary>
    public double Wavelength { get; set; } = 1.55;
    /// <summary>Global temperature (°C), from settings.temperature, default 25.</summary>
    public double Temperature { get; set; } = 25.0;

    /// <summary>What the user should know about how the netlist was read (open ports terminated, settings ignored,
    /// passivity of data files…). The library prints nothing: the CLI writes each as "warning: …".</summary>
    public List<string> Warnings { get; } = [];
    /// <summary>Informational messages (defaults chosen, layout keys ignored…): the CLI writes each as "note: …".</summary>
    public List<string> Notes { get; } = [];

    public const string WavelengthKey = "wl";
    public const string TemperatureKey = "temperature";

    /// <summary>
    /// Resolves a dotted setting name "inst.setting" (or "sub.inst.setting" through hierarchy) to an instance
    /// and setting index. Errors name the unknown instance or setting and list what exists.
    /// </summary>
    public (int Instance, int Setting) ResolveSetting(string dotted)
    {
        int dot = dotted.LastIndexOf('.');
        if (dot <= 0 || dot == dotted.Length - 1)
            throw new PhotonicException($"'{dotted}' is not a setting name; expected INSTANCE.SETTING (e.g. dc.coupling), or 'wl' / 'temperature'");
        string path = dotted[..dot], setting = dotted[(dot + 1)..];
        int inst = Instances.FindIndex(i => i.Path == path);
        if (inst < 0)
        {
            var names = Instances.Select(i => i.Path).Take(20);
            throw new PhotonicException($"'{dotted}': no instance '{path}' in the circuit; instances: {string.Join(", ", names)}");
        }
        var model = Instances[inst].Model;
        int s = model.SettingIndex(setting);
        if (s < 0)
            throw new PhotonicException($"'{dotted}': instance '{path}' ({model.Name}) has no setting '{setting}'; its settings: {string.Join(", ", model.Settings.Select(x => x.Name))}");
        return (inst, s);
    }

    /// <summary>Sets "inst.setting" to a value, checking the model's valid range.</summary>
    public void SetSetting(string dotted, double value)
    {
        if (dotted == WavelengthKey) { Wavelength = value; return; }
        if (dotted == TemperatureKey) { Temperature = value; return; }
        var (inst, s) = ResolveSetting(dotted);
        var info = Instances[inst].Model.Settings[s];
        if (!info.InRange(value))
            throw new PhotonicException($"'{dotted}' = {value} is out of range for {Instances[inst].Model.Name}.{info.Name}: valid {info.RangeText} {info.Unit}");
        Instances[inst].Settings[s] = value;
    }
}
