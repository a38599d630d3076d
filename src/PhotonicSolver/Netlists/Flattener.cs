using System.Globalization;
using PhotonicSolver.Circuit;
using PhotonicSolver.Models;

namespace PhotonicSolver.Netlists;

/// <summary>
/// Turns a <see cref="Netlist"/> (with its subcircuits) into a <see cref="FlatCircuit"/> of built-in model
/// instances, checking everything a user can get wrong: components, settings and their ranges, ports,
/// connections, recursion. Every error is a <see cref="PhotonicException"/> that names the file and line and the
/// instance, port or setting at fault.
/// </summary>
/// <remarks>
/// <para>An instance's <c>component</c> resolves, in this order, to:
/// (a) an entry of <c>models:</c> in its netlist or in a netlist that instantiates it (innermost first);
/// (b) a built-in model;
/// (c) a named netlist in <c>netlists:</c> of its document or of a document enclosing it;
/// (d) a file ending .yml/.yaml/.json, relative to the folder of the netlist file that names it;
/// (e) an S-parameter file (.sNp, .ts, .sparam, .dat): a data-backed component (<see cref="DataModels.DataModelFiles"/>).</para>
/// <para>A subcircuit instance <c>sub</c> contributes its netlist's instances as <c>sub.inner</c>; its ports are
/// that netlist's external ports. Its settings, if any, must be dotted (<c>inner.setting</c>) and override the
/// inner instance's own. Global settings (wl, temperature) come from the top netlist only.</para>
/// </remarks>
public static class Flattener
{
    /// <summary>
    /// Flattens <paramref name="top"/>. <paramref name="overrides"/> maps dotted setting names
    /// ("sub.inst.setting", "wl", "temperature") to values applied last, with the same range checks.
    /// </summary>
    public static FlatCircuit Flatten(Netlist top, IReadOnlyDictionary<string, double>? overrides = null)
    {
        var run = new Run(top);
        var ports = run.FlattenNetlist(top, "");
        var circuit = new FlatCircuit
        {
            Instances = run.Instances,
            Connections = run.Connections,
            ExternalPorts = ports.Select(p => (p.Name, p.Port)).ToList(),
        };
        run.CheckAllPortsUsed(circuit);
        ApplyGlobalSettings(top, circuit);
        if (overrides is not null)
            foreach (var (key, value) in overrides) circuit.SetSetting(key, value);
        CheckGlobalRanges(circuit, top);
        foreach (var inst in circuit.Instances)
        {
            if (inst.Model.Validate?.Invoke(inst.Settings) is { } message)
                throw new PhotonicException($"{At(inst.Location)}instance '{inst.Path}' ({inst.Model.Name}): {message}");
        }
        return circuit;
    }

    private static void ApplyGlobalSettings(Netlist top, FlatCircuit circuit)
    {
        foreach (var (key, value) in top.Settings)
        {
            switch (key)
            {
                case FlatCircuit.WavelengthKey: circuit.Wavelength = value; break;
                case FlatCircuit.TemperatureKey: circuit.Temperature = value; break;
                default:
                    throw new PhotonicException($"{Where(top.SourcePath)}settings: unknown global setting '{key}'; " +
                                                "the global settings are wl (µm) and temperature (°C)");
            }
        }
    }

    private static void CheckGlobalRanges(FlatCircuit circuit, Netlist top)
    {
        string where = Where(top.SourcePath) + "settings: ";
        if (!(circuit.Wavelength > 0) || double.IsInfinity(circuit.Wavelength))
            throw new PhotonicException($"{where}wl = {Num(circuit.Wavelength)} µm is not a valid wavelength; it must be positive and finite");
        if (!(circuit.Temperature >= -273.15) || double.IsInfinity(circuit.Temperature))
            throw new PhotonicException($"{where}temperature = {Num(circuit.Temperature)} °C is not valid; it must be finite and at least -273.15 °C");
    }

    /// <summary>"file:line:col: " for a message, or nothing for netlists built in code.</summary>
    private static string At(SourceLocation loc) => loc.ToString() is { Length: > 0 } s ? s + ": " : "";

    private static string Where(string file) => file.Length > 0 ? file + ": " : "";

    internal static string Num(double v) => v.ToString("G10", CultureInfo.InvariantCulture);

    private static string Line(SourceLocation loc) => loc.Line > 0 ? $"line {loc.Line}" : "no line";

    /// <summary>"lines 3 and 5" within one file, else both full locations.</summary>
    private static string Lines(SourceLocation a, SourceLocation b) =>
        a.File == b.File && a.Line > 0 && b.Line > 0 ? $"lines {a.Line} and {b.Line}" : $"{a} and {b}";

    /// <summary>What a component name resolved to: a model (maybe through a mapping) or a subcircuit.</summary>
    private readonly record struct Resolved(ModelInfo? Model, ModelMapping? Mapping, Netlist? Sub);

    /// <summary>An instance of the netlist being flattened, as its connections see it: port names → flat ports.</summary>
    private sealed record LocalInstance(InstanceSpec Spec, string Path, string Kind, string[] Ports, PortRef[] Flat);

    /// <summary>How a port of the current netlist has been used so far, for "used twice" messages.</summary>
    private readonly record struct Use(string? ExternalName, SourceLocation Location);

    private sealed class Run
    {
        public List<FlatInstance> Instances { get; } = [];
        public List<(PortRef A, PortRef B)> Connections { get; } = [];

        private readonly Netlist _top;
        /// <summary>Netlists being flattened, outermost first: for recursion and for 'models:' lookup.</summary>
        private readonly List<Netlist> _stack = [];
        private readonly Dictionary<string, Netlist> _files = new(StringComparer.Ordinal);
        private readonly Dictionary<Netlist, Netlist> _enclosing = new(ReferenceEqualityComparer.Instance);
        private readonly HashSet<Netlist> _registered = new(ReferenceEqualityComparer.Instance);
        /// <summary>For flat ports exposed by a subcircuit: the outermost "sub,port" name, for messages.</summary>
        private readonly Dictionary<PortRef, string> _aliases = [];
        /// <summary>Data-backed components (Touchstone/Lumerical files) loaded so far, by full path.</summary>
        private readonly Dictionary<string, ModelInfo> _dataModels = new(StringComparer.Ordinal);

        public Run(Netlist top)
        {
            _top = top;
            if (top.SourcePath.Length > 0 && FullPath(top.SourcePath) is { } full) _files[full] = top;
        }

        /// <summary>Flattens one netlist under a dotted prefix; returns its external ports in order.</summary>
        public List<(string Name, PortRef Port)> FlattenNetlist(Netlist n, string prefix)
        {
            _stack.Add(n);
            Register(n);
            CheckModelMappings(n);
            string file = n.SourcePath;
            if (n.Instances.Count == 0)
                throw new PhotonicException($"{Where(file)}netlist '{n.Name}' has no instances");

            var locals = new Dictionary<string, LocalInstance>(StringComparer.Ordinal);
            foreach (var spec in n.Instances)
            {
                if (NetlistLoader.InvalidInstanceName(spec.Name) is { } why)
                    throw new PhotonicException($"{At(spec.Location)}invalid instance name '{spec.Name}': {why}");
                if (locals.TryGetValue(spec.Name, out var other))
                    throw new PhotonicException($"{At(spec.Location)}instance '{spec.Name}' is defined twice ({Lines(other.Spec.Location, spec.Location)})");
                locals[spec.Name] = AddInstance(n, spec, prefix);
            }

            var uses = new Dictionary<(string, string), Use>();
            foreach (var c in n.Connections)
            {
                string what = $"connection '{c.A}' -> '{c.B}'";
                var a = LocalPort(locals, n, c.A, c.Location, what);
                var b = LocalPort(locals, n, c.B, c.Location, what);
                if (c.A == c.B)
                    throw new PhotonicException($"{At(c.Location)}port '{prefix}{c.A}' is connected to itself");
                MarkUsed(uses, c.A, new Use(null, c.Location), prefix);
                MarkUsed(uses, c.B, new Use(null, c.Location), prefix);
                Connections.Add((a, b));
            }

            var ports = new List<(string Name, PortRef Port)>();
            var portNames = new Dictionary<string, SourceLocation>(StringComparer.Ordinal);
            foreach (var p in n.Ports)
            {
                if (portNames.TryGetValue(p.Name, out var first))
                    throw new PhotonicException($"{At(p.Location)}external port '{p.Name}' is defined twice ({Lines(first, p.Location)})");
                portNames[p.Name] = p.Location;
                var flat = LocalPort(locals, n, p.Target, p.Location, $"external port '{p.Name}' -> '{p.Target}'");
                MarkUsed(uses, p.Target, new Use(p.Name, p.Location), prefix);
                ports.Add((p.Name, flat));
            }

            _stack.RemoveAt(_stack.Count - 1);
            return ports;
        }

        private LocalInstance AddInstance(Netlist n, InstanceSpec spec, string prefix)
        {
            string path = prefix + spec.Name;
            var r = Resolve(n, spec, path);
            if (r.Model is { } model)
            {
                double[] settings = BuildSettings(spec, path, model, r.Mapping);
                int index = Instances.Count;
                Instances.Add(new FlatInstance { Path = path, Model = model, Settings = settings, Location = spec.Location });
                var flat = Enumerable.Range(0, model.Ports.Length).Select(p => new PortRef(index, p)).ToArray();
                string kind = spec.Component == model.Name ? model.Name : $"'{spec.Component}' -> {model.Name}";
                return new LocalInstance(spec, path, kind, model.Ports, flat);
            }

            var sub = r.Sub!;
            int cycleStart = _stack.FindIndex(x => ReferenceEquals(x, sub));
            if (cycleStart >= 0)
            {
                var chain = _stack.Skip(cycleStart).Select(x => x.Name).Append(sub.Name);
                throw new PhotonicException($"{At(spec.Location)}instance '{path}': recursive subcircuit: {string.Join(" -> ", chain)}");
            }
            int start = Instances.Count;
            var subPorts = FlattenNetlist(sub, path + ".");
            ApplySubcircuitSettings(spec, path, sub, start);
            foreach (var (name, port) in subPorts) _aliases[port] = $"{path},{name}";
            return new LocalInstance(spec, path, $"subcircuit '{sub.Name}'",
                subPorts.Select(p => p.Name).ToArray(), subPorts.Select(p => p.Port).ToArray());
        }

        // ------------------------------------------------------------ components

        private Resolved Resolve(Netlist n, InstanceSpec spec, string path)
        {
            string component = spec.Component;
            for (int i = _stack.Count - 1; i >= 0; i--)
            {
                if (_stack[i].Models.TryGetValue(component, out var mapping))
                    return new Resolved(ModelRegistry.Get(mapping.Model), mapping, null);
            }
            if (ModelRegistry.TryGet(component, out var model)) return new Resolved(model, null, null);
            for (Netlist? doc = n; doc is not null; doc = _enclosing.GetValueOrDefault(doc))
            {
                if (doc.SubNetlists.TryGetValue(component, out var named)) return new Resolved(null, null, named);
            }
            if (IsNetlistFile(component)) return new Resolved(null, null, LoadSubcircuitFile(n, spec, path));
            if (DataModels.DataModelFiles.IsDataFile(component)) return new Resolved(DataModels.DataModelFiles.Load(n.SourcePath, spec, path, _dataModels), null, null);

            var named2 = new List<string>();
            for (Netlist? doc = n; doc is not null; doc = _enclosing.GetValueOrDefault(doc)) named2.AddRange(doc.SubNetlists.Keys);
            string netlists = named2.Count > 0 ? $"; netlists: {string.Join(", ", named2.Distinct())}" : "";
            throw new PhotonicException(
                $"{At(spec.Location)}instance '{path}': unknown component '{component}'; built-in models: " +
                $"{string.Join(", ", ModelRegistry.All.Select(m => m.Name))}{netlists}; " +
                "or name a netlist file (.yaml/.yml/.json), or map it in 'models:'");
        }

        private static bool IsNetlistFile(string component) =>
            component.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase)
            || component.EndsWith(".yml", StringComparison.OrdinalIgnoreCase)
            || component.EndsWith(".json", StringComparison.OrdinalIgnoreCase);

        private Netlist LoadSubcircuitFile(Netlist n, InstanceSpec spec, string path)
        {
            string dir = n.SourcePath.Length > 0 ? Path.GetDirectoryName(n.SourcePath) ?? "" : "";
            string file = Path.IsPathRooted(spec.Component) ? spec.Component : Path.Combine(dir, spec.Component);
            string full = FullPath(file)
                ?? throw new PhotonicException($"{At(spec.Location)}instance '{path}': '{spec.Component}' is not a valid file path");
            if (_files.TryGetValue(full, out var cached)) return cached;
            if (!File.Exists(full))
                throw new PhotonicException($"{At(spec.Location)}instance '{path}': subcircuit file not found: {file}");
            var loaded = NetlistLoader.LoadFile(file);
            _files[full] = loaded;
            return loaded;
        }

        private static string? FullPath(string path)
        {
            try { return Path.GetFullPath(path); }
            catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException) { return null; }
        }

        /// <summary>Records which document encloses each named netlist, for lookups of 'netlists:' names.</summary>
        private void Register(Netlist doc)
        {
            if (!_registered.Add(doc)) return;
            foreach (var sub in doc.SubNetlists.Values)
            {
                _enclosing.TryAdd(sub, doc);
                Register(sub);
            }
        }

        private readonly HashSet<Netlist> _mappingsChecked = new(ReferenceEqualityComparer.Instance);

        /// <summary>Every 'models:' entry must name a built-in model, with known, in-range settings.</summary>
        private void CheckModelMappings(Netlist n)
        {
            if (!_mappingsChecked.Add(n)) return;
            foreach (var (component, m) in n.Models)
            {
                if (!ModelRegistry.TryGet(m.Model, out var model))
                    throw new PhotonicException($"{At(m.Location)}models: '{component}' maps to unknown model '{m.Model}'; " +
                                                $"built-in models: {string.Join(", ", ModelRegistry.All.Select(x => x.Name))}");
                foreach (var (name, value) in m.Settings)
                {
                    int s = model.SettingIndex(name);
                    if (s < 0)
                        throw new PhotonicException($"{At(m.Location)}models: '{component}': model '{model.Name}' has no setting '{name}'; " +
                                                    $"its settings: {SettingNames(model)}");
                    var info = model.Settings[s];
                    if (!info.InRange(value))
                        throw new PhotonicException($"{At(m.Location)}models: '{component}': setting '{name}' = {Num(value)} is out of range " +
                                                    $"for {model.Name}: valid {info.RangeText}{Unit(info)}");
                }
            }
        }

        // ------------------------------------------------------------ settings

        private static string SettingNames(ModelInfo model) => string.Join(", ", model.Settings.Select(s => s.Name));

        private static string Unit(SettingInfo info) => info.Unit.Length > 0 ? " " + info.Unit : "";

        /// <summary>Model defaults, then the mapping's settings, then the instance's; names and ranges checked.</summary>
        private static double[] BuildSettings(InstanceSpec spec, string path, ModelInfo model, ModelMapping? mapping)
        {
            double[] values = model.Defaults();
            if (mapping is not null)
                foreach (var (name, value) in mapping.Settings) values[model.SettingIndex(name)] = value;

            foreach (var name in SettingsInFileOrder(spec))
            {
                var loc = spec.SettingLocations.GetValueOrDefault(name, spec.Location);
                if (mapping is not null && mapping.Ignore.Contains(name)) continue;
                int s = model.SettingIndex(name);
                if (s < 0)
                {
                    string via = spec.Component == model.Name ? "" : $" (component '{spec.Component}' is mapped to '{model.Name}')";
                    string hint = mapping is not null
                        ? $"; to drop a setting the model does not use, add it to 'ignore:' of '{spec.Component}' in 'models:'"
                        : $"; to drop settings the model does not use, map '{spec.Component}' in 'models:' with an 'ignore:' list";
                    throw new PhotonicException($"{At(loc)}instance '{path}': unknown setting '{name}' for model '{model.Name}'{via}; " +
                                                $"valid settings: {SettingNames(model)}{hint}");
                }
                var info = model.Settings[s];
                if (!spec.Settings.TryGetValue(name, out double value))
                    throw new PhotonicException($"{At(loc)}instance '{path}': setting '{name}' expected a number " +
                                                $"({info.Description}{(info.Unit.Length > 0 ? ", " + info.Unit : "")}), got '{spec.TextSettings[name]}'");
                if (!info.InRange(value))
                    throw new PhotonicException($"{At(loc)}instance '{path}': setting '{name}' = {Num(value)} is out of range " +
                                                $"for {model.Name}: valid {info.RangeText}{Unit(info)}");
                values[s] = value;
            }
            return values;
        }

        private static IEnumerable<string> SettingsInFileOrder(InstanceSpec spec) =>
            spec.Settings.Keys.Concat(spec.TextSettings.Keys).Distinct(StringComparer.Ordinal)
                .OrderBy(k => spec.SettingLocations.TryGetValue(k, out var l) ? l.Line : int.MaxValue)
                .ThenBy(k => spec.SettingLocations.TryGetValue(k, out var l) ? l.Column : int.MaxValue);

        /// <summary>A subcircuit instance's settings are "inner.setting" overrides of its flat instances.</summary>
        private void ApplySubcircuitSettings(InstanceSpec spec, string path, Netlist sub, int start)
        {
            foreach (var name in SettingsInFileOrder(spec))
            {
                var loc = spec.SettingLocations.GetValueOrDefault(name, spec.Location);
                int dot = name.LastIndexOf('.');
                int inst = dot > 0
                    ? Instances.FindIndex(start, Instances.Count - start, i => i.Path == $"{path}.{name[..dot]}")
                    : -1;
                if (inst < 0)
                {
                    var inner = Instances.Skip(start).Select(i => i.Path[(path.Length + 1)..]).Take(20);
                    throw new PhotonicException($"{At(loc)}instance '{path}' is subcircuit '{sub.Name}': setting '{name}' does not name " +
                                                "an inner instance's setting; a subcircuit's settings are written INSTANCE.SETTING; " +
                                                $"inner instances: {string.Join(", ", inner)}");
                }
                var model = Instances[inst].Model;
                string setting = name[(dot + 1)..];
                int s = model.SettingIndex(setting);
                if (s < 0)
                    throw new PhotonicException($"{At(loc)}instance '{path}': setting '{name}': inner instance '{Instances[inst].Path}' " +
                                                $"({model.Name}) has no setting '{setting}'; valid settings: {SettingNames(model)}");
                var info = model.Settings[s];
                if (!spec.Settings.TryGetValue(name, out double value))
                    throw new PhotonicException($"{At(loc)}instance '{path}': setting '{name}' expected a number, got '{spec.TextSettings[name]}'");
                if (!info.InRange(value))
                    throw new PhotonicException($"{At(loc)}instance '{path}': setting '{name}' = {Num(value)} is out of range " +
                                                $"for {model.Name}: valid {info.RangeText}{Unit(info)}");
                Instances[inst].Settings[s] = value;
            }
        }

        // ------------------------------------------------------------ ports

        private static PortRef LocalPort(Dictionary<string, LocalInstance> locals, Netlist n, InstancePort ip,
                                         SourceLocation loc, string what)
        {
            if (!locals.TryGetValue(ip.Instance, out var li))
                throw new PhotonicException($"{At(loc)}{what}: no instance '{ip.Instance}' in netlist '{n.Name}'; " +
                                            $"instances: {string.Join(", ", locals.Keys)}");
            int p = Array.IndexOf(li.Ports, ip.Port);
            if (p < 0)
                throw new PhotonicException($"{At(loc)}{what}: instance '{li.Path}' ({li.Kind}) has no port '{ip.Port}'; " +
                                            $"its ports: {string.Join(", ", li.Ports)}");
            return li.Flat[p];
        }

        private static void MarkUsed(Dictionary<(string, string), Use> uses, InstancePort ip, Use use, string prefix)
        {
            var key = (ip.Instance, ip.Port);
            if (uses.TryGetValue(key, out var first))
            {
                string port = $"'{prefix}{ip}'";
                string lines = Lines(first.Location, use.Location);
                throw (first.ExternalName, use.ExternalName) switch
                {
                    (null, null) => new PhotonicException($"{At(use.Location)}port {port} is connected twice ({lines})"),
                    ({ } a, { } b) => new PhotonicException($"{At(use.Location)}port {port} is bound to two external ports, " +
                                                            $"'{a}' ({Line(first.Location)}) and '{b}' ({Line(use.Location)})"),
                    (null, { } b) => new PhotonicException($"{At(use.Location)}port {port} is both connected ({Line(first.Location)}) " +
                                                           $"and external port '{b}' ({Line(use.Location)}); a port is either connected or external"),
                    ({ } a, null) => new PhotonicException($"{At(use.Location)}port {port} is both external port '{a}' ({Line(first.Location)}) " +
                                                           $"and connected ({Line(use.Location)}); a port is either connected or external"),
                };
            }
            uses[key] = use;
        }

        /// <summary>Every port of every flat instance must be connected or external; lists all that are not.</summary>
        public void CheckAllPortsUsed(FlatCircuit circuit)
        {
            var used = new HashSet<PortRef>();
            foreach (var (a, b) in circuit.Connections) { used.Add(a); used.Add(b); }
            foreach (var (_, p) in circuit.ExternalPorts) used.Add(p);
            var missing = new List<string>();
            for (int i = 0; i < circuit.Instances.Count; i++)
            {
                var inst = circuit.Instances[i];
                for (int p = 0; p < inst.Model.Ports.Length; p++)
                {
                    var r = new PortRef(i, p);
                    if (used.Contains(r)) continue;
                    string alias = _aliases.TryGetValue(r, out var a) ? $" (= {a})" : "";
                    missing.Add($"{inst.PortName(p)}{alias} [{inst.Location}]");
                }
            }
            if (missing.Count > 0)
                throw new PhotonicException($"{Where(_top.SourcePath)}unconnected ports: {string.Join(", ", missing)}; every instance port " +
                                            "must be connected (connections:/nets:) or exposed (ports:)");
        }
    }
}
