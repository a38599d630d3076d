using PhotonicSolver.Backends;
using PhotonicSolver.Circuit;
using PhotonicSolver.DataModels;
using PhotonicSolver.IO;
using PhotonicSolver.Netlists;
using PhotonicSolver.Sweep;

namespace PhotonicSolver.Api;

/// <summary>
/// The library's front door for notebooks and C# programs: load or write a netlist, change settings, sweep it
/// on a backend and get arrays back.
/// <code>
/// var ring = Circuit.Load("examples/ring_all_pass.yaml");
/// var data = ring.Sweep(wl: (1.54, 1.56, 2001)).Run();
/// double[] through = data.T("through", "in");
/// </code>
/// A <see cref="Circuit"/> wraps a validated <see cref="FlatCircuit"/>; <see cref="Set"/> changes it in place.
/// </summary>
public sealed class Circuit
{
    /// <summary>The flattened, validated circuit the engine compiles.</summary>
    public FlatCircuit Flat { get; }
    /// <summary>Where the netlist came from (a file name, or the name given to <see cref="FromYaml"/>).</summary>
    public string Source { get; }

    private Circuit(FlatCircuit flat, string source) { Flat = flat; Source = source; }

    /// <summary>Reads a netlist file (YAML or JSON, gdsfactory/SAX schema), with optional setting overrides.</summary>
    public static Circuit Load(string path, IReadOnlyDictionary<string, double>? settings = null)
        => new(Flattener.Flatten(NetlistLoader.LoadFile(path), settings), path);

    /// <summary>
    /// A netlist written in code, as YAML or JSON text. Subcircuit and data files it names are looked up relative
    /// to the current directory.
    /// </summary>
    public static Circuit FromYaml(string text, string name = "netlist.yaml")
    {
        var netlist = NetlistLoader.Parse(text, name);
        var located = new Netlist
        {
            Name = netlist.Name, SourcePath = Path.Combine(Directory.GetCurrentDirectory(), name), Instances = netlist.Instances,
            Connections = netlist.Connections, Ports = netlist.Ports, Models = netlist.Models, Settings = netlist.Settings,
            SubNetlists = netlist.SubNetlists,
        };
        return new Circuit(Flattener.Flatten(located), name);
    }

    /// <summary>Wraps a circuit built as a <see cref="FlatCircuit"/>.</summary>
    public static Circuit FromFlat(FlatCircuit flat, string name = "circuit") => new(flat, name);

    /// <summary>External port names, in S-matrix order.</summary>
    public IReadOnlyList<string> Ports => Flat.ExternalPorts.Select(p => p.Name).ToArray();

    /// <summary>Instance paths ("dc", "mzi1.arm1").</summary>
    public IReadOnlyList<string> Instances => Flat.Instances.Select(i => i.Path).ToArray();

    /// <summary>Sets "inst.setting" (or wl / temperature), range-checked; returns this circuit.</summary>
    public Circuit Set(string setting, double value)
    {
        Flat.SetSetting(setting, value);
        return this;
    }

    /// <summary>Current value of "inst.setting" (or wl / temperature).</summary>
    public double Get(string setting)
    {
        if (setting == FlatCircuit.WavelengthKey) return Flat.Wavelength;
        if (setting == FlatCircuit.TemperatureKey) return Flat.Temperature;
        var (inst, s) = Flat.ResolveSetting(setting);
        return Flat.Instances[inst].Settings[s];
    }

    /// <summary>Starts a sweep over <paramref name="wl"/> = (start µm, stop µm, points).</summary>
    public SweepBuilder Sweep((double Start, double Stop, int Points) wl)
        => new(this, SweepAxis.Linear(FlatCircuit.WavelengthKey, wl.Start, wl.Stop, wl.Points));

    /// <summary>Starts a sweep over a list of wavelengths (µm).</summary>
    public SweepBuilder Sweep(IReadOnlyList<double> wl) => new(this, SweepAxis.List(FlatCircuit.WavelengthKey, wl));

    /// <summary>Starts a sweep at the netlist's own wavelength (settings.wl): sweep other settings with <see cref="SweepBuilder.Over(string, double, double, int)"/>.</summary>
    public SweepBuilder Sweep() => new(this, null);

    /// <summary>The full S-matrix over wavelength, as data (for Touchstone export or reuse as a component).</summary>
    public SParameterData SParameters((double Start, double Stop, int Points) wl, ISweepBackend? backend = null)
    {
        var own = backend is null;
        backend ??= new CpuBackend();
        try { return CircuitSParameters.Compute(Flat, SweepAxis.Linear(FlatCircuit.WavelengthKey, wl.Start, wl.Stop, wl.Points), backend, Source); }
        finally { if (own) backend.Dispose(); }
    }

    /// <summary>Writes the S-matrix over wavelength as Touchstone (.sNp, N = the number of ports); returns the path.</summary>
    public string ExportTouchstone(string path, (double Start, double Stop, int Points) wl, PhaseConvention convention = PhaseConvention.Engineering)
    {
        if (Touchstone.PortsFromExtension(path) != Ports.Count)
            throw new PhotonicException($"'{path}': the circuit has {Ports.Count} ports, so the Touchstone file must be named .s{Ports.Count}p");
        var d = SParameters(wl);
        ResultStream.WriteAll(path, "Touchstone file", null,
                              w => Touchstone.Write(w, d.PortNames, d.WavelengthsUm, d.S, "Hz", convention, [$"PhotonicSolver export of {Source}"]));
        return Path.GetFullPath(path);
    }

    public override string ToString() =>
        $"{Source}: {Flat.Instances.Count} instances, {Flat.Connections.Count} connections, ports {string.Join(", ", Ports)}";
}
