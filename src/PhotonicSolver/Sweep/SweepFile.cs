using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace PhotonicSolver.Sweep;

/// <summary>
/// A sweep file (YAML), the file form of the CLI's sweep options:
/// <code>
/// wl: 1.50:1.60:1001            # START:STOP:N, a list [1.54, 1.55], or {start: , stop: , points: }
/// sweep:                        # outer axes, outermost first
///   dc.coupling: 0.05:0.3:6
///   temperature: [25, 45, 65]
/// set:                          # fixed overrides
///   ring.loss_dB_cm: 3
/// </code>
/// </summary>
public sealed class SweepFile
{
    public SweepAxis? Wavelength { get; private set; }
    public List<SweepAxis> Axes { get; } = [];
    public Dictionary<string, double> Set { get; } = new(StringComparer.Ordinal);
    /// <summary>Top-level sections handled by another reader (e.g. montecarlo, specs), by key.</summary>
    public Dictionary<string, YamlNode> Extra { get; } = new(StringComparer.Ordinal);

    public static SweepFile Load(string path, IReadOnlyCollection<string>? extraKeys = null)
    {
        return Parse(IO.InputFile.ReadAllText(path, "sweep"), path, extraKeys);
    }

    /// <param name="extraKeys">Top-level keys another reader handles; their nodes go to <see cref="Extra"/>.</param>
    public static SweepFile Parse(string text, string source, IReadOnlyCollection<string>? extraKeys = null)
    {
        var stream = IO.YamlText.Load(text, source);
        var file = new SweepFile();
        if (stream.Documents.Count == 0) return file;
        if (stream.Documents[0].RootNode is not YamlMappingNode root)
            throw new PhotonicException($"{source}: a sweep file is a mapping with keys wl, sweep, set");
        foreach (var (k, v) in root.Children)
        {
            string key = ((YamlScalarNode)k).Value ?? "";
            switch (key)
            {
                case "wl": file.Wavelength = Axis(source, "wl", v); break;
                case "sweep":
                    if (v is not YamlMappingNode axes) throw Error(source, v, "'sweep' must map setting names to ranges");
                    foreach (var (ak, av) in axes.Children) file.Axes.Add(Axis(source, ((YamlScalarNode)ak).Value ?? "", av));
                    break;
                case "set":
                    if (v is not YamlMappingNode sets) throw Error(source, v, "'set' must map setting names to numbers");
                    foreach (var (sk, sv) in sets.Children) file.Set[((YamlScalarNode)sk).Value ?? ""] = Number(source, sv);
                    break;
                default:
                    if (extraKeys?.Contains(key) == true) { file.Extra[key] = v; break; }
                    throw Error(source, k, $"unknown key '{key}' (expected wl, sweep, set{(extraKeys is null ? "" : ", " + string.Join(", ", extraKeys))})");
            }
        }
        return file;
    }

    private static SweepAxis Axis(string source, string name, YamlNode node)
    {
        try
        {
            return node switch
            {
                YamlScalarNode s => SweepAxis.Parse(name, s.Value ?? ""),
                YamlSequenceNode seq => SweepAxis.List(name, seq.Children.Select(c => Number(source, c)).ToList()),
                YamlMappingNode m => SweepAxis.Linear(name, Number(source, Get(source, m, "start")), Number(source, Get(source, m, "stop")),
                                                      (int)Number(source, Get(source, m, "points"))),
                _ => throw Error(source, node, $"sweep '{name}': expected START:STOP:N, a list or {{start, stop, points}}"),
            };
        }
        catch (PhotonicException e) when (!e.Message.StartsWith(source, StringComparison.Ordinal))
        {
            throw Error(source, node, e.Message);
        }
    }

    private static YamlNode Get(string source, YamlMappingNode m, string key)
        => m.Children.TryGetValue(new YamlScalarNode(key), out var v) ? v : throw Error(source, m, $"missing '{key}'");

    private static double Number(string source, YamlNode node)
    {
        if (node is YamlScalarNode s && IO.NumberText.TryParse(s.Value, allowNonFinite: false, out double v)) return v;
        throw Error(source, node, $"expected a number: {IO.NumberText.WhyNot(node is YamlScalarNode sc ? sc.Value : node.ToString())}");
    }

    private static PhotonicException Error(string source, YamlNode node, string message)
        => new($"{source}:{node.Start.Line}:{node.Start.Column}: {message}");
}
