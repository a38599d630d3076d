using System.Globalization;
using PhotonicSolver.Materials;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace PhotonicSolver.Tmm;

/// <summary>
/// Reads a thin-film stack file (YAML):
/// <code>
/// incidence: {n: 1.0}                      # or {material: air}; must be transparent
/// layers:                                  # in the order the light meets them
///   - {n: 2.0, k: 4.0, d: 2.0}             # complex index n + i·k, thickness d in µm
///   - {material: Si3N4, d: 0.204}
///   - {repeat: 10, layers: [{n: 2.3, d: 0.1157}, {n: 1.45, d: 0.1834}]}
///   - {material: glass, d: 1000, coherent: false}   # thick incoherent layer (substrate)
/// exit: {material: Si}
/// temperature: 25                          # °C, optional (default 25)
/// materials:                               # optional user materials
///   mine: {n: 1.7, k: 0.001, dn_dT: 1e-5}
///   tab: {csv: nk.csv}                     # columns wl_um, n[, k]; relative to this file
///   sell: {sellmeier: {B: [0.69, 0.41], C: [0.0047, 0.0135], A: 1}}   # C in µm²
/// </code>
/// Every error names the file, line and column.
/// </summary>
public static class StackFile
{
    public static FilmStack Load(string path)
    {
        return Parse(IO.InputFile.ReadAllText(path, "stack"), path);
    }

    public static FilmStack Parse(string text, string source)
    {
        var stream = IO.YamlText.Load(text, source);
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
            throw new PhotonicException($"{source}: a stack file is a mapping with keys incidence, layers, exit (and optionally temperature, materials)");
        var r = new Reader(source, Path.GetDirectoryName(Path.GetFullPath(source)) ?? ".");
        return r.Read(root);
    }

    /// <summary>Most layers a stack may expand to, after repeat blocks and aliases.</summary>
    public const int MaxLayers = 10_000_000;

    private sealed class Reader(string source, string folder)
    {
        private readonly Dictionary<string, Material> _user = new(StringComparer.OrdinalIgnoreCase);

        private PhotonicException Fail(YamlNode n, string message) => new($"{source}:{n.Start.Line}:{n.Start.Column}: {message}");

        private string Loc(YamlNode n) => $"{source}:{n.Start.Line}:{n.Start.Column}";

        public FilmStack Read(YamlMappingNode root)
        {
            YamlNode? incidence = null, exit = null, layers = null;
            double temperature = 25.0;
            foreach (var (k, v) in root.Children)
            {
                string key = Key(k);
                switch (key)
                {
                    case "incidence": incidence = v; break;
                    case "exit": exit = v; break;
                    case "layers": layers = v; break;
                    case "temperature": temperature = Number(v, "temperature"); break;
                    case "materials": ReadMaterials(v); break;
                    default: throw Fail(k, $"unknown key '{key}' (expected incidence, layers, exit, temperature, materials)");
                }
            }
            if (incidence is null) throw new PhotonicException($"{source}: missing 'incidence' (e.g. incidence: {{n: 1.0}})");
            if (exit is null) throw new PhotonicException($"{source}: missing 'exit' (e.g. exit: {{material: Si}})");
            var inc = Medium(incidence, "incidence");
            if (inc is ConstantMaterial { K: not 0.0 })
                throw Fail(incidence, "the incidence medium must be transparent (k = 0)");
            var ex = Medium(exit, "exit");
            var list = new List<FilmLayer>();
            if (layers is not null)
            {
                if (layers is YamlScalarNode s && IsNull(s)) { }
                else if (layers is YamlSequenceNode seq) ReadLayers(seq, list, 0);
                else throw Fail(layers, "'layers' must be a list of layers, e.g. - {n: 1.45, d: 0.27}");
            }
            return new FilmStack(inc, list, ex, temperature, source);
        }

        private void ReadLayers(YamlSequenceNode seq, List<FilmLayer> list, int depth)
        {
            foreach (var item in seq.Children)
            {
                if (item is not YamlMappingNode m) throw Fail(item, "a layer is a mapping such as {n: 1.45, k: 0, d: 0.27} or {material: SiO2, d: 0.27}");
                if (m.Children.ContainsKey(new YamlScalarNode("repeat")))
                {
                    ReadRepeat(m, list, depth);
                    continue;
                }
                if (list.Count >= MaxLayers) throw Fail(item, $"the stack has more than {MaxLayers:N0} layers (the limit)");
                list.Add(Layer(m));
            }
        }

        private void ReadRepeat(YamlMappingNode m, List<FilmLayer> list, int depth)
        {
            if (depth > 8) throw Fail(m, "'repeat' nested more than 8 deep");
            int count = -1;
            YamlSequenceNode? inner = null;
            foreach (var (k, v) in m.Children)
            {
                string key = Key(k);
                if (key == "repeat")
                {
                    double c = Number(v, "repeat");
                    if (c < 0 || c != Math.Floor(c) || c > 10_000_000) throw Fail(v, $"'repeat' must be a whole number ≥ 0, got {Scalar(v)}");
                    count = (int)c;
                }
                else if (key == "layers") inner = v as YamlSequenceNode ?? throw Fail(v, "'layers' inside 'repeat' must be a list");
                else throw Fail(k, $"unknown key '{key}' in a repeat block (expected repeat, layers)");
            }
            if (inner is null) throw Fail(m, "a repeat block needs 'layers: [...]'");
            var once = new List<FilmLayer>();
            ReadLayers(inner, once, depth + 1);
            // Checked against the whole stack so far: aliases (*block) can repeat a block many times over.
            if (list.Count + (long)once.Count * count > MaxLayers)
                throw Fail(m, $"the stack expands to {list.Count + (long)once.Count * count:N0} layers with this repeat block, more than {MaxLayers:N0} (the limit)");
            for (int i = 0; i < count; i++) list.AddRange(once);
        }

        private FilmLayer Layer(YamlMappingNode m)
        {
            double? n = null, k = null, d = null, dndt = null;
            string? material = null;
            bool coherent = true;
            YamlNode? materialNode = null;
            foreach (var (kn, v) in m.Children)
            {
                string key = Key(kn);
                switch (key)
                {
                    case "n": n = Number(v, "n"); break;
                    case "k": k = Number(v, "k"); break;
                    case "d": d = Number(v, "d"); break;
                    case "dn_dT": dndt = Number(v, "dn_dT"); break;
                    case "material": material = Scalar(v); materialNode = v; break;
                    case "coherent":
                        coherent = Scalar(v).ToLowerInvariant() switch
                        {
                            "true" or "yes" => true,
                            "false" or "no" => false,
                            _ => throw Fail(v, $"'coherent' must be true or false, got '{Scalar(v)}'"),
                        };
                        break;
                    default: throw Fail(kn, $"unknown layer key '{key}' (expected n, k, d, material, coherent, dn_dT)");
                }
            }
            if (d is null) throw Fail(m, "a layer needs a thickness 'd' (µm)");
            if (!(d >= 0) || double.IsInfinity(d.Value)) throw Fail(m, $"layer thickness d must be a finite number ≥ 0 µm, got {d}");
            var mat = MaterialOf(m, n, k, dndt, material, materialNode);
            return new FilmLayer(mat, d.Value, coherent, Loc(m));
        }

        private Material Medium(YamlNode node, string what)
        {
            if (node is YamlScalarNode s && !IsNull(s))
            {
                // "exit: Si" shorthand for {material: Si}.
                return Lookup(s.Value!, s);
            }
            if (node is not YamlMappingNode m) throw Fail(node, $"'{what}' must be a mapping such as {{n: 1.0}} or {{material: Si}}");
            double? n = null, k = null, dndt = null;
            string? material = null;
            YamlNode? materialNode = null;
            foreach (var (kn, v) in m.Children)
            {
                string key = Key(kn);
                switch (key)
                {
                    case "n": n = Number(v, "n"); break;
                    case "k": k = Number(v, "k"); break;
                    case "dn_dT": dndt = Number(v, "dn_dT"); break;
                    case "material": material = Scalar(v); materialNode = v; break;
                    case "d": throw Fail(kn, $"the {what} medium is semi-infinite: it takes no thickness 'd'");
                    default: throw Fail(kn, $"unknown key '{key}' for the {what} medium (expected n, k, material, dn_dT)");
                }
            }
            return MaterialOf(m, n, k, dndt, material, materialNode);
        }

        private Material MaterialOf(YamlMappingNode m, double? n, double? k, double? dndt, string? material, YamlNode? materialNode)
        {
            if (material is not null && (n is not null || k is not null))
                throw Fail(m, "give either 'material' or 'n'/'k', not both");
            if (material is not null)
            {
                if (dndt is not null) throw Fail(m, "'dn_dT' goes with 'n'; a material brings its own dn/dT");
                return Lookup(material, materialNode!);
            }
            if (n is null) throw Fail(m, k is null ? "give an index 'n' (and optionally 'k') or a 'material'" : "'k' needs an 'n'");
            CheckIndex(m, n.Value, k ?? 0.0);
            return new ConstantMaterial(string.Create(CultureInfo.InvariantCulture, $"n={n}{(k is > 0 ? $"+{k}i" : "")}"), n.Value, k ?? 0.0, dndt ?? 0.0, Loc(m));
        }

        private void CheckIndex(YamlNode m, double n, double k)
        {
            if (!(n > 0) || double.IsInfinity(n)) throw Fail(m, $"n must be a finite number > 0, got {n}");
            if (!(k >= 0) || double.IsInfinity(k)) throw Fail(m, $"k must be a finite number ≥ 0 (gain media are not supported), got {k}");
        }

        private Material Lookup(string name, YamlNode node)
        {
            if (_user.TryGetValue(name, out var u)) return u;
            if (MaterialLibrary.TryGet(name, out var m)) return m;
            var names = _user.Keys.Concat(MaterialLibrary.Names);
            throw Fail(node, $"unknown material '{name}'; known: {string.Join(", ", names)}");
        }

        private void ReadMaterials(YamlNode node)
        {
            if (node is not YamlMappingNode map) throw Fail(node, "'materials' maps names to {n, k}, {csv: FILE} or {sellmeier: {B, C, A}}");
            foreach (var (kn, v) in map.Children)
            {
                string name = Key(kn);
                if (v is not YamlMappingNode m) throw Fail(v, $"material '{name}': expected {{n, k}}, {{csv: FILE}} or {{sellmeier: {{B, C, A}}}}");
                double? n = null, k = null, dndt = null;
                string? csv = null;
                YamlMappingNode? sell = null;
                foreach (var (mk, mv) in m.Children)
                {
                    string key = Key(mk);
                    switch (key)
                    {
                        case "n": n = Number(mv, "n"); break;
                        case "k": k = Number(mv, "k"); break;
                        case "dn_dT": dndt = Number(mv, "dn_dT"); break;
                        case "csv": csv = Scalar(mv); break;
                        case "sellmeier": sell = mv as YamlMappingNode ?? throw Fail(mv, "'sellmeier' must be a mapping {B: [...], C: [...], A: 1}"); break;
                        default: throw Fail(mk, $"material '{name}': unknown key '{key}' (expected n, k, csv, sellmeier, dn_dT)");
                    }
                }
                int kinds = (n is not null ? 1 : 0) + (csv is not null ? 1 : 0) + (sell is not null ? 1 : 0);
                if (kinds != 1) throw Fail(m, $"material '{name}': give exactly one of n, csv, sellmeier");
                Material mat;
                if (n is not null)
                {
                    CheckIndex(m, n.Value, k ?? 0.0);
                    mat = new ConstantMaterial(name, n.Value, k ?? 0.0, dndt ?? 0.0, Loc(m));
                }
                else if (csv is not null)
                {
                    if (k is not null) throw Fail(m, $"material '{name}': k comes from the CSV's third column");
                    string path = Path.IsPathRooted(csv) ? csv : Path.Combine(folder, csv);
                    try { mat = TabulatedMaterial.FromCsv(path, name, dndt ?? 0.0); }
                    catch (PhotonicException e) { throw Fail(m, $"material '{name}': {e.Message}"); }
                }
                else
                {
                    if (k is not null) throw Fail(m, $"material '{name}': a Sellmeier material is transparent (no k)");
                    double[] b = [], c = [];
                    double a = 1.0;
                    foreach (var (sk, sv) in sell!.Children)
                    {
                        switch (Key(sk))
                        {
                            case "B": b = Numbers(sv, "B"); break;
                            case "C": c = Numbers(sv, "C"); break;
                            case "A": a = Number(sv, "A"); break;
                            default: throw Fail(sk, $"material '{name}': unknown Sellmeier key '{Key(sk)}' (expected A, B, C; n² = A + Σ Bλ²/(λ² − C), C in µm²)");
                        }
                    }
                    if (b.Length == 0 || b.Length != c.Length) throw Fail(sell, $"material '{name}': Sellmeier B and C must be non-empty lists of the same length");
                    mat = new SellmeierMaterial(name, Loc(m), b, c, a, 0.0, dndt ?? 0.0, 25.0);
                }
                _user[name] = mat;
            }
        }

        private static bool IsNull(YamlScalarNode s) => s.Value is null or "" or "~" or "null";

        private string Key(YamlNode k) => k is YamlScalarNode s && s.Value is not null ? s.Value : throw Fail(k, "keys must be plain names");

        private string Scalar(YamlNode v) => v is YamlScalarNode s && s.Value is not null ? s.Value : throw Fail(v, "expected a single value");

        private double Number(YamlNode v, string what)
        {
            if (v is YamlScalarNode s && IO.NumberText.TryParse(s.Value, allowNonFinite: false, out double x)) return x;
            throw Fail(v, $"'{what}' must be a number: {IO.NumberText.WhyNot((v as YamlScalarNode)?.Value ?? v.NodeType.ToString())}");
        }

        private double[] Numbers(YamlNode v, string what)
            => v is YamlSequenceNode seq ? seq.Children.Select(c => Number(c, what)).ToArray() : throw Fail(v, $"'{what}' must be a list of numbers");
    }
}
