using PhotonicSolver.Circuit;

namespace PhotonicSolver.Thermal;

/// <summary>
/// Which circuit instances follow which thermal node's temperature, and which heaters act on the circuit:
/// turns node temperatures (°C) and heater powers (mW) into the dotted setting overrides of one scenario.
/// </summary>
/// <remarks>
/// <para>A node drives either the whole circuit (pattern <c>*</c>: the global <c>temperature</c> setting, so
/// every temperature-dependent model follows it), or listed instances (an instance path, or a subcircuit
/// prefix <c>ring</c> that covers <c>ring.*</c>). A listed waveguide instance at node temperature T gets the
/// neff/ng shift of a rise T − T_global (see <see cref="HeatedSection"/>): exact for the straight and bend
/// models. Instances under a prefix that do not depend on temperature are skipped; a pattern that reaches no
/// temperature-dependent instance is an error.</para>
/// <para>When the engine gains per-instance local temperatures, the listed-instance path can use them; the
/// results are the same.</para>
/// </remarks>
public sealed class ThermalDrive
{
    public const string WholeCircuit = "*";

    private readonly FlatCircuit _circuit;
    private readonly string? _globalNode;
    /// <summary>Instance path → (node, waveguide target).</summary>
    private readonly List<(string Node, SectionTarget Target)> _driven = [];
    private readonly HeaterBinding? _heaters;
    private readonly double _globalTemperature;

    /// <param name="circuit">The circuit the overrides are for (its settings are the base values).</param>
    /// <param name="drive">Thermal node → instance patterns ("*", paths, subcircuit prefixes).</param>
    /// <param name="heaters">Heaters acting on the circuit, or null.</param>
    public ThermalDrive(FlatCircuit circuit, IReadOnlyDictionary<string, IReadOnlyList<string>> drive, HeaterArray? heaters = null)
    {
        _circuit = circuit;
        _globalTemperature = circuit.Temperature;
        _heaters = heaters?.Bind(circuit);
        var taken = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (node, patterns) in drive)
        {
            foreach (var pattern in patterns)
            {
                if (pattern == WholeCircuit)
                {
                    if (_globalNode is not null && _globalNode != node)
                        throw new PhotonicException($"drive: both '{_globalNode}' and '{node}' drive the whole circuit ('*')");
                    _globalNode = node;
                    continue;
                }
                var matches = circuit.Instances.Where(i => i.Path == pattern || i.Path.StartsWith(pattern + ".", StringComparison.Ordinal)).ToList();
                if (matches.Count == 0)
                    throw new PhotonicException($"drive: node '{node}': no instance '{pattern}' in the circuit; instances: " +
                                                string.Join(", ", circuit.Instances.Select(i => i.Path).Take(30)));
                var heatable = matches.Where(i => i.Model.DependsOnTemperature).ToList();
                if (heatable.Count == 0)
                    throw new PhotonicException($"drive: node '{node}': '{pattern}' ({matches[0].Model.Name}{(matches.Count > 1 ? ", ..." : "")}) has no temperature dependence");
                foreach (var inst in heatable)
                {
                    if (taken.TryGetValue(inst.Path, out var other))
                        throw new PhotonicException($"drive: instance '{inst.Path}' is driven by both '{other}' and '{node}'");
                    taken[inst.Path] = node;
                    _driven.Add((node, SectionTargets.Resolve(circuit, new HeatedSection(inst.Path), $"drive: node '{node}'")));
                }
            }
        }
    }

    /// <summary>The thermal nodes this drive reads.</summary>
    public IEnumerable<string> Nodes => _driven.Select(d => d.Node).Append(_globalNode).OfType<string>().Distinct();

    public HeaterBinding? Heaters => _heaters;

    /// <summary>
    /// The overrides for node temperatures (°C, by node name) and heater powers (mW, one per heater, or null).
    /// </summary>
    public Dictionary<string, double> Overrides(IReadOnlyDictionary<string, double> nodeTemperaturesC, IReadOnlyList<double>? heaterPowersMw = null)
    {
        var o = new Dictionary<string, double>(StringComparer.Ordinal);
        double global = _globalTemperature;
        if (_globalNode is not null)
        {
            global = Node(nodeTemperaturesC, _globalNode);
            o[FlatCircuit.TemperatureKey] = global;
        }
        // Sum every shift per instance: node drive (relative to the global temperature) and heater rises.
        var shift = new Dictionary<string, (SectionTarget Target, double Rise)>(StringComparer.Ordinal);
        foreach (var (node, target) in _driven)
            shift[target.Instance] = (target, Node(nodeTemperaturesC, node) - global);
        if (_heaters is not null)
        {
            var rise = _heaters.TemperatureRise(heaterPowersMw ?? new double[_heaters.Array.Heaters.Count]);
            for (int j = 0; j < rise.Length; j++)
            {
                var t = _heaters.Targets[j];
                if (shift.TryGetValue(t.Instance, out var d))
                {
                    // A heater on a node-driven waveguide: both add to neff; express the heater's part in the
                    // node target's units (neff per kelvin over the whole length).
                    double equivalent = d.Target.PerKelvin != 0 ? rise[j] * t.PerKelvin / d.Target.PerKelvin : 0;
                    if (d.Target.PerKelvin == 0 && rise[j] != 0 && t.PerKelvin != 0)
                        throw new PhotonicException($"heated section '{t.Instance}' has dneff_dT = 0 but is driven by a node and a heater");
                    shift[t.Instance] = (d.Target, d.Rise + equivalent);
                }
                else shift[t.Instance] = (t, rise[j]);
            }
        }
        foreach (var (target, rise) in shift.Values) target.Apply(rise, o);
        return o;
    }

    private static double Node(IReadOnlyDictionary<string, double> temps, string node)
        => temps.TryGetValue(node, out double v) ? v
           : throw new PhotonicException($"no temperature for thermal node '{node}'; given: {string.Join(", ", temps.Keys)}");

    /// <summary>The base circuit.</summary>
    public FlatCircuit Circuit => _circuit;
}
