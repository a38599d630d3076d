using System.Globalization;
using System.Text.RegularExpressions;
using PhotonicSolver.Circuit;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace PhotonicSolver.Netlists;

/// <summary>
/// Reads a netlist in the gdsfactory/SAX schema, YAML or JSON (JSON is read as YAML), into a <see cref="Netlist"/>.
/// Reading checks the schema only (keys, value shapes, names); it resolves no components and builds nothing —
/// that is the <see cref="Flattener"/>'s job. Every error is a <see cref="PhotonicException"/> whose message
/// starts with "file:line:column".
/// </summary>
/// <remarks>
/// Top-level keys: <c>instances</c>, <c>connections</c>, <c>nets</c> (gdsfactory ≥ 8), <c>ports</c>, <c>models</c>,
/// <c>settings</c> (wl, temperature), <c>netlists</c> (named sub-netlists). Keys gdsfactory writes for layout
/// (<c>name</c>, <c>placements</c>, <c>warnings</c>, <c>info</c>, <c>schema</c>, <c>schema_version</c>, <c>pdk</c>)
/// are accepted and ignored; any other key is an error.
/// </remarks>
public static class NetlistLoader
{
    private static readonly HashSet<string> IgnoredTopKeys =
        new(["name", "placements", "warnings", "info", "schema", "schema_version", "pdk"], StringComparer.Ordinal);

    private const string TopKeysText = "instances, connections, nets, ports, models, settings, netlists";

    /// <summary>Reads a netlist file. Relative component files it names are later resolved from its folder.</summary>
    public static Netlist LoadFile(string path)
    {
        return Parse(IO.InputFile.ReadAllText(path, "netlist"), path);
    }

    /// <summary>
    /// Parses netlist text. <paramref name="sourceName"/> names the source in messages and becomes
    /// <see cref="Netlist.SourcePath"/>, so relative component files resolve from its folder.
    /// </summary>
    public static Netlist Parse(string text, string sourceName)
    {
        var reader = new Reader(sourceName);
        var root = reader.LoadRoot(text);
        return reader.ReadNetlist(root, NameFromSource(sourceName));
    }

    /// <summary>Why an instance name is not allowed, or null when it is fine.</summary>
    internal static string? InvalidInstanceName(string name)
    {
        if (name.Length == 0) return "it is empty";
        foreach (char c in name)
        {
            if (c == ',') return "',' separates instance and port ('inst,port')";
            if (c == ':') return "':' is not allowed (gdsfactory rejects it too)";
            if (c == '.') return "'.' separates hierarchy levels in dotted paths ('sub.inst')";
            if (char.IsWhiteSpace(c)) return "it contains whitespace";
        }
        return null;
    }

    private static string NameFromSource(string sourceName)
    {
        string stem = Path.GetFileNameWithoutExtension(sourceName);
        return string.IsNullOrEmpty(stem) ? "top" : stem;
    }

    /// <summary>One parse of one source: knows the file name for messages.</summary>
    private sealed class Reader(string file)
    {
        private SourceLocation Loc(YamlNode n) => new(file, (int)n.Start.Line, (int)n.Start.Column);

        private SourceLocation Loc(Mark m) => new(file, (int)m.Line, (int)m.Column);

        private PhotonicException Fail(YamlNode n, string message) => new($"{Loc(n)}: {message}");

        // ---------------------------------------------------------------- text → YAML tree

        /// <summary>"JSON" or "YAML", for messages about malformed text.</summary>
        private string Kind { get; set; } = "YAML";

        public YamlMappingNode LoadRoot(string text)
        {
            string t = text.TrimStart();
            bool json = file.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || t.StartsWith('{') || t.StartsWith('[');
            Kind = json ? "JSON" : "YAML";
            // In valid JSON a raw tab can only be whitespace between tokens (tabs inside strings are escaped);
            // YAML does not accept tabs as indentation, so make them spaces. Columns stay the same for tab = 1.
            if (json) text = text.Replace('\t', ' ');
            var stream = new YamlStream();
            try
            {
                IO.YamlText.CheckLimits(text, file);
                CheckDuplicateKeys(text);
                stream.Load(new StringReader(text));
            }
            catch (YamlException e)
            {
                throw new PhotonicException($"{Loc(e.Start)}: invalid {Kind}: {StripMarks(e)}", e);
            }
            if (stream.Documents.Count == 0)
                throw new PhotonicException($"{file}: the netlist is empty; expected a mapping with {TopKeysText}");
            if (stream.Documents.Count > 1)
                throw Fail(stream.Documents[1].RootNode, "a netlist file holds one YAML document; found a second one here");
            var root = stream.Documents[0].RootNode;
            if (IsNull(root))
                throw new PhotonicException($"{file}: the netlist is empty; expected a mapping with {TopKeysText}");
            return root as YamlMappingNode
                ?? throw Fail(root, $"a netlist must be a mapping with {TopKeysText}");
        }

        /// <summary>YamlException messages start with "(Line: 3, Col: 5, Idx: 20) - (Line: …): "; we give our own.</summary>
        private static string StripMarks(YamlException e)
        {
            string m = Regex.Replace(e.Message, @"^\(Line: [^)]*\) - \(Line: [^)]*\): ", "");
            m = Regex.Replace(m, " {2,}", " ");
            return m.Length == 0 ? e.GetType().Name : m;
        }

        private sealed class Frame
        {
            public bool IsMapping;
            public bool IsFlow;
            public Mark Start = Mark.Empty;
            public bool ExpectKey = true;
            public string? PendingKey;
            public Dictionary<string, Mark>? Keys;
            /// <summary>This mapping is a netlist document (the root or an entry of 'netlists:').</summary>
            public bool IsDocument;
            /// <summary>The top-level key this mapping is the value of ("ports", "instances", …), if any.</summary>
            public string? Section;
        }

        /// <summary>
        /// The representation model rejects a duplicate key with a bare "Duplicate key"; we scan the events
        /// first so the message names the key and both lines.
        /// </summary>
        private void CheckDuplicateKeys(string text)
        {
            var parser = new Parser(new StringReader(text));
            var stack = new Stack<Frame>();
            while (true)
            {
                try
                {
                    if (!parser.MoveNext()) break;
                }
                catch (InvalidOperationException e)
                {
                    // YamlDotNet's scanner fails this way (no position) on some unclosed flow collections,
                    // e.g. "b: {component: straight" followed by more block content; point at the opening bracket.
                    var open = stack.FirstOrDefault(f => f.IsFlow);
                    if (open is not null)
                        throw new PhotonicException($"{Loc(open.Start)}: invalid {Kind}: the '{(open.IsMapping ? '{' : '[')}' " +
                                                    $"opened here is not closed with '{(open.IsMapping ? '}' : ']')}'", e);
                    throw new PhotonicException($"{file}: invalid {Kind}: {e.Message}", e);
                }

                var ev = parser.Current!;
                switch (ev)
                {
                    case MappingEnd or SequenceEnd:
                        stack.Pop();
                        continue;
                    case Scalar or AnchorAlias or MappingStart or SequenceStart:
                        break;
                    default:
                        continue;
                }
                Frame? parent = stack.Count > 0 ? stack.Peek() : null;
                bool isKey = false;
                string? keyOfValue = null;
                if (parent is { IsMapping: true })
                {
                    isKey = parent.ExpectKey;
                    parent.ExpectKey = !parent.ExpectKey;
                    if (!isKey) keyOfValue = parent.PendingKey;
                }
                if (isKey)
                {
                    parent!.PendingKey = null;
                    if (ev is Scalar s)
                    {
                        parent.PendingKey = s.Value;
                        parent.Keys ??= new(StringComparer.Ordinal);
                        if (parent.Keys.TryGetValue(s.Value, out var first))
                            throw new PhotonicException($"{Loc(s.Start)}: {DuplicateText(parent, s.Value, first.Line, s.Start.Line)}");
                        parent.Keys[s.Value] = s.Start;
                    }
                }
                if (ev is MappingStart or SequenceStart)
                {
                    var frame = new Frame
                    {
                        IsMapping = ev is MappingStart, Start = ev.Start,
                        IsFlow = ev is MappingStart { Style: MappingStyle.Flow } or SequenceStart { Style: SequenceStyle.Flow },
                    };
                    if (parent is null) frame.IsDocument = frame.IsMapping;
                    else if (parent.IsDocument && !isKey) frame.Section = keyOfValue;
                    else if (parent.Section == "netlists" && !isKey) frame.IsDocument = frame.IsMapping;
                    stack.Push(frame);
                }
            }
        }

        private static string DuplicateText(Frame f, string key, long firstLine, long line) => f.Section switch
        {
            "ports" => $"external port '{key}' is defined twice (lines {firstLine} and {line})",
            "instances" => $"instance '{key}' is defined twice (lines {firstLine} and {line})",
            "connections" => $"port '{key}' is connected twice (lines {firstLine} and {line})",
            "models" => $"component '{key}' is mapped twice in 'models:' (lines {firstLine} and {line})",
            "netlists" => $"netlist '{key}' is defined twice in 'netlists:' (lines {firstLine} and {line})",
            _ when f.IsDocument => $"top-level key '{key}' appears twice (lines {firstLine} and {line})",
            _ => $"key '{key}' appears twice in the same mapping (lines {firstLine} and {line})",
        };

        // ---------------------------------------------------------------- YAML tree → Netlist

        public Netlist ReadNetlist(YamlMappingNode root, string name)
        {
            var nl = new Netlist { Name = name, SourcePath = file };
            foreach (var (keyNode, key, value) in Entries(root, "netlist"))
            {
                switch (key)
                {
                    case "instances": ReadInstances(nl, value); break;
                    case "connections": ReadConnections(nl, value); break;
                    case "nets": ReadNets(nl, value); break;
                    case "ports": ReadPorts(nl, value); break;
                    case "models": ReadModels(nl, value); break;
                    case "settings": ReadGlobalSettings(nl, value); break;
                    case "netlists": ReadSubNetlists(nl, value); break;
                    case "routes":
                        throw Fail(keyNode, "'routes' are layout instructions and cannot be simulated; export the circuit with " +
                                            "gdsfactory's get_netlist(), which turns routes into instances");
                    default:
                        if (IgnoredTopKeys.Contains(key)) break;
                        throw Fail(keyNode, $"unknown top-level key '{key}'; expected {TopKeysText} " +
                                            $"(gdsfactory's {string.Join(", ", IgnoredTopKeys)} are accepted and ignored)");
                }
            }
            return nl;
        }

        private void ReadInstances(Netlist nl, YamlNode node)
        {
            var map = AsMapping(node, "'instances'");
            if (map is null) return;
            foreach (var (keyNode, name, value) in Entries(map, "'instances'"))
            {
                if (InvalidInstanceName(name) is { } why)
                    throw Fail(keyNode, $"invalid instance name '{name}': {why}");
                nl.Instances.Add(ReadInstance(keyNode, name, value));
            }
        }

        private InstanceSpec ReadInstance(YamlScalarNode keyNode, string name, YamlNode value)
        {
            // gdsfactory may write an instance as just its component name.
            if (value is YamlScalarNode sc && !IsNull(sc))
                return new InstanceSpec { Name = name, Component = sc.Value!, Location = Loc(keyNode) };
            if (value is not YamlMappingNode map)
                throw Fail(value, $"instance '{name}' must be a component name or a mapping with 'component:' and 'settings:'");

            string? component = null;
            var spec = new InstanceSpec { Name = name, Component = "", Location = Loc(keyNode) };
            foreach (var (k, key, v) in Entries(map, $"instance '{name}'"))
            {
                switch (key)
                {
                    case "component":
                        component = ScalarText(v, $"instance '{name}': 'component'");
                        break;
                    case "settings":
                        ReadInstanceSettings(spec, v);
                        break;
                    case "info":
                    case "dax" or "day" or "dbx" or "dby":
                        break; // layout metadata and array pitches (gdsfactory 7/8)
                    case "na" or "nb":
                        if (!TryNumber(v, out double count) || count != 1)
                            throw Fail(k, $"instance '{name}' is an array ({key}: {Render(v)}); arrays are not supported: " +
                                          "write one instance per element");
                        break;
                    case "array":
                        CheckSingleElementArray(name, v);
                        break;
                    default:
                        throw Fail(k, $"instance '{name}': unknown key '{key}'; expected component, settings " +
                                      "(gdsfactory's info is accepted and ignored)");
                }
            }
            if (component is null) throw Fail(keyNode, $"instance '{name}' has no 'component'");
            return new InstanceSpec
            {
                Name = name, Component = component, Location = spec.Location,
                Settings = spec.Settings, TextSettings = spec.TextSettings, SettingLocations = spec.SettingLocations,
            };
        }

        /// <summary>gdsfactory 9 writes array: {columns, rows, column_pitch, row_pitch}; only 1×1 is a single instance.</summary>
        private void CheckSingleElementArray(string name, YamlNode v)
        {
            var map = AsMapping(v, $"instance '{name}': 'array'");
            if (map is null) return;
            foreach (var (k, key, value) in Entries(map, $"instance '{name}': 'array'"))
            {
                if (key is "columns" or "rows" && (!TryNumber(value, out double n) || n != 1))
                    throw Fail(k, $"instance '{name}' is an array ({key}: {Render(value)}); arrays are not supported: " +
                                  "write one instance per element");
            }
        }

        private void ReadInstanceSettings(InstanceSpec spec, YamlNode node)
        {
            var map = AsMapping(node, $"instance '{spec.Name}': 'settings'");
            if (map is null) return;
            foreach (var (k, key, v) in Entries(map, $"instance '{spec.Name}': 'settings'"))
            {
                spec.SettingLocations[key] = Loc(k);
                if (TryNumber(v, out double d)) spec.Settings[key] = d;
                else spec.TextSettings[key] = Render(v);
            }
        }

        private void ReadConnections(Netlist nl, YamlNode node)
        {
            var map = AsMapping(node, "'connections'");
            if (map is null) return;
            foreach (var (k, _, v) in Entries(map, "'connections'"))
                nl.Connections.Add(new Connection(Endpoint(k, "connection", IsFlow(map)), Endpoint(v, "connection", IsFlow(map)), Loc(k)));
        }

        /// <summary>gdsfactory ≥ 8: nets: [{p1: "inst,port", p2: "inst,port"}, …]; same meaning as connections.</summary>
        private void ReadNets(Netlist nl, YamlNode node)
        {
            if (IsNull(node)) return;
            if (node is not YamlSequenceNode seq)
                throw Fail(node, "'nets' must be a list of {p1: 'inst,port', p2: 'inst,port'}");
            foreach (var item in seq.Children)
            {
                if (item is not YamlMappingNode map)
                    throw Fail(item, "each entry of 'nets' must be a mapping {p1: 'inst,port', p2: 'inst,port'}");
                InstancePort? p1 = null, p2 = null;
                foreach (var (k, key, v) in Entries(map, "net"))
                {
                    switch (key)
                    {
                        case "p1": p1 = Endpoint(v, "net", IsFlow(map)); break;
                        case "p2": p2 = Endpoint(v, "net", IsFlow(map)); break;
                        case "name" or "settings": break; // route name and route settings: layout only
                        default: throw Fail(k, $"net: unknown key '{key}'; expected p1, p2 (name and settings are ignored)");
                    }
                }
                if (p1 is null || p2 is null)
                    throw Fail(item, $"net needs both p1 and p2; missing {(p1 is null ? "p1" : "p2")}");
                nl.Connections.Add(new Connection(p1.Value, p2.Value, Loc(item)));
            }
        }

        private void ReadPorts(Netlist nl, YamlNode node)
        {
            var map = AsMapping(node, "'ports'");
            if (map is null) return;
            foreach (var (k, name, v) in Entries(map, "'ports'"))
            {
                if (name.Length == 0 || name.Any(c => c == ',' || char.IsWhiteSpace(c)))
                    throw Fail(k, $"invalid external port name '{name}': it must be non-empty, without ',' or whitespace");
                nl.Ports.Add(new ExternalPort(name, Endpoint(v, $"external port '{name}'", IsFlow(map)), Loc(k)));
            }
        }

        private void ReadModels(Netlist nl, YamlNode node)
        {
            var map = AsMapping(node, "'models'");
            if (map is null) return;
            foreach (var (k, component, v) in Entries(map, "'models'"))
            {
                if (v is YamlScalarNode sc && !IsNull(sc))
                {
                    nl.Models[component] = new ModelMapping { Model = sc.Value!, Location = Loc(k) };
                    continue;
                }
                if (v is not YamlMappingNode m)
                    throw Fail(v, $"models: '{component}' must map to a model name or to {{model: NAME, settings: {{...}}, ignore: [...]}}");
                string? model = null;
                var settings = new Dictionary<string, double>(StringComparer.Ordinal);
                var ignore = new HashSet<string>(StringComparer.Ordinal);
                foreach (var (mk, key, mv) in Entries(m, $"models: '{component}'"))
                {
                    switch (key)
                    {
                        case "model":
                            model = ScalarText(mv, $"models: '{component}': 'model'");
                            break;
                        case "settings":
                            var sm = AsMapping(mv, $"models: '{component}': 'settings'");
                            if (sm is null) break;
                            foreach (var (sk, sname, sv) in Entries(sm, $"models: '{component}': 'settings'"))
                            {
                                if (!TryNumber(sv, out double d))
                                    throw Fail(sk, $"models: '{component}': setting '{sname}' = {Render(sv)} is not a number");
                                settings[sname] = d;
                            }
                            break;
                        case "ignore":
                            if (IsNull(mv)) break;
                            if (mv is YamlScalarNode one) { ignore.Add(one.Value!); break; }
                            if (mv is not YamlSequenceNode list)
                                throw Fail(mv, $"models: '{component}': 'ignore' must be a list of setting names");
                            foreach (var item in list.Children)
                                ignore.Add(ScalarText(item, $"models: '{component}': 'ignore' entry"));
                            break;
                        default:
                            throw Fail(mk, $"models: '{component}': unknown key '{key}'; expected model, settings, ignore");
                    }
                }
                if (model is null) throw Fail(k, $"models: '{component}' has no 'model'");
                nl.Models[component] = new ModelMapping { Model = model, Settings = settings, Ignore = ignore, Location = Loc(k) };
            }
        }

        private void ReadGlobalSettings(Netlist nl, YamlNode node)
        {
            var map = AsMapping(node, "'settings'");
            if (map is null) return;
            foreach (var (k, key, v) in Entries(map, "'settings'"))
            {
                if (key is not (FlatCircuit.WavelengthKey or FlatCircuit.TemperatureKey))
                    throw Fail(k, $"settings: unknown global setting '{key}'; the global settings are wl (µm) and temperature (°C); " +
                                  "an instance's settings go under that instance's 'settings:'");
                if (!TryNumber(v, out double d))
                    throw Fail(v, $"settings: '{key}' = {Render(v)} is not a number");
                nl.Settings[key] = d;
            }
        }

        private void ReadSubNetlists(Netlist nl, YamlNode node)
        {
            var map = AsMapping(node, "'netlists'");
            if (map is null) return;
            foreach (var (k, name, v) in Entries(map, "'netlists'"))
            {
                if (v is not YamlMappingNode doc)
                    throw Fail(IsNull(v) ? k : v, $"netlists: '{name}' must be a netlist (a mapping with instances, connections, ports, …)");
                nl.SubNetlists[name] = ReadNetlist(doc, name);
            }
        }

        // ---------------------------------------------------------------- helpers

        private IEnumerable<(YamlScalarNode Key, string Name, YamlNode Value)> Entries(YamlMappingNode map, string what)
        {
            foreach (var (k, v) in map.Children)
            {
                if (k is not YamlScalarNode ks || IsNull(ks))
                    throw Fail(k, $"{what}: keys must be plain names");
                yield return (ks, ks.Value!, v);
            }
        }

        private YamlMappingNode? AsMapping(YamlNode node, string what)
        {
            if (IsNull(node)) return null;
            return node as YamlMappingNode ?? throw Fail(node, $"{what} must be a mapping");
        }

        private string ScalarText(YamlNode node, string what)
        {
            if (node is YamlScalarNode s && !IsNull(s) && s.Value!.Length > 0) return s.Value;
            throw Fail(node, $"{what} must be a name, got {Render(node)}");
        }

        private static bool IsFlow(YamlMappingNode map) => map.Style == MappingStyle.Flow;

        private InstancePort Endpoint(YamlNode node, string what, bool inFlowMapping)
        {
            if (node is YamlScalarNode s && !IsNull(s))
            {
                string[] parts = s.Value!.Split(',');
                if (parts.Length == 2)
                {
                    string inst = parts[0].Trim(), port = parts[1].Trim();
                    if (inst.Length > 0 && port.Length > 0) return new InstancePort(inst, port);
                }
            }
            string hint = inFlowMapping && !Render(node).Contains(',')
                ? "; inside {...} a ',' separates entries, so quote the reference (\"inst,port\") or use block style"
                : "";
            throw Fail(node, $"{what}: '{Render(node)}' is not an 'instance,port' reference{hint}");
        }

        private static bool IsNull(YamlNode node) =>
            node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any } s
            && s.Value is null or "" or "~" or "null" or "Null" or "NULL";

        /// <summary>A plain (unquoted) scalar that reads as a number; YAML's .inf/.nan spellings included.</summary>
        private static bool TryNumber(YamlNode node, out double value)
        {
            value = 0;
            if (node is not YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any } s || s.Value is null) return false;
            string t = s.Value;
            switch (t)
            {
                case ".inf" or ".Inf" or ".INF" or "+.inf" or "+.Inf" or "+.INF": value = double.PositiveInfinity; return true;
                case "-.inf" or "-.Inf" or "-.INF": value = double.NegativeInfinity; return true;
                case ".nan" or ".NaN" or ".NAN": value = double.NaN; return true;
            }
            if (t.Length == 0 || !(char.IsAsciiDigit(t[0]) || t[0] is '-' or '+' or '.')) return false;
            return double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
        }

        /// <summary>A short text form of any node, for TextSettings and messages.</summary>
        private static string Render(YamlNode node) => node switch
        {
            YamlScalarNode s when IsNull(s) => "null",
            YamlScalarNode s => s.Value ?? "",
            YamlSequenceNode q => "[" + string.Join(", ", q.Children.Select(Render)) + "]",
            YamlMappingNode m => "{" + string.Join(", ", m.Children.Select(kv => $"{Render(kv.Key)}: {Render(kv.Value)}")) + "}",
            _ => node.ToString(),
        };
    }
}
