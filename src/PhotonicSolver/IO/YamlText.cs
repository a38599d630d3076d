using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace PhotonicSolver.IO;

/// <summary>
/// The shared YAML input layer: every input file (netlist, sweep, stack, grating, thermal, drift, fiber, laser and
/// source, Monte Carlo, packaging) is parsed here, by YamlDotNet, after one streaming pass that enforces what a
/// hostile or mistaken file must never get past, each as a located error (<c>file:line:col: what: why</c>):
/// <list type="bullet">
/// <item>a key given twice in one mapping (both lines named; YAML says keys are unique, and the second would
/// silently win or crash the loader);</item>
/// <item>nesting deeper than <see cref="MaxDepth"/> (the recursive loader would overflow the stack);</item>
/// <item>more than <see cref="MaxNodes"/> nodes once aliases are expanded (a "billion laughs" file).</item>
/// </list>
/// Numbers are read by one rule, <see cref="Number"/> (see <see cref="NumberText"/>).
/// </summary>
public static class YamlText
{
    /// <summary>Deepest nesting of mappings and sequences accepted.</summary>
    public const int MaxDepth = 64;

    /// <summary>Most nodes a document may hold after its aliases are expanded (a 10⁵-layer stack is ~4·10⁵).</summary>
    public const long MaxNodes = 5_000_000;

    public static YamlStream Load(string text, string source)
    {
        Check(text, source, duplicateKeys: true);
        var stream = new YamlStream();
        try { stream.Load(new StringReader(text)); }
        catch (YamlException e)
        {
            throw new PhotonicException($"{source}:{e.Start.Line}:{e.Start.Column}: malformed YAML: {Clean(e.Message)}", e);
        }
        catch (ArgumentException e)
        {
            // YamlDotNet's representation model refuses some event sequences (e.g. a stray directive) this way.
            throw new PhotonicException($"{source}:{UnclosedFlow(text) ?? "1:1"}: malformed YAML: {e.Message}", e);
        }
        catch (InvalidOperationException e)
        {
            // YamlDotNet's scanner fails this way, without a position, on some unclosed flow collections
            // ("{n: 1" followed by block content): point at the innermost bracket still open.
            throw new PhotonicException($"{source}:{UnclosedFlow(text) ?? "1:1"}: malformed YAML: a '{{' or '[' is not closed", e);
        }
        return stream;
    }

    /// <summary>A located number by the one number rule; <paramref name="what"/> names the key or setting.</summary>
    public static double Number(YamlNode node, string source, string what, bool allowNonFinite = false)
    {
        if (node is YamlScalarNode s && NumberText.TryParse(s.Value, allowNonFinite, out double v)) return v;
        string text = node is YamlScalarNode sc ? sc.Value ?? "" : node.NodeType == YamlNodeType.Mapping ? "{...}" : "[...]";
        throw new PhotonicException($"{At(node, source)}: {what}: {NumberText.WhyNot(text)}");
    }

    /// <summary>"file:line:col" of a node.</summary>
    public static string At(YamlNode node, string source) => $"{source}:{node.Start.Line}:{node.Start.Column}";

    private static string Clean(string message) => Regex.Replace(message, @"^\(Line: [^)]*\) - \(Line: [^)]*\): ", "");

    /// <summary>
    /// The depth and alias limits alone, for a reader that parses the text itself and words its own duplicate-key
    /// messages (the netlist loader names instances, ports and connections).
    /// </summary>
    public static void CheckLimits(string text, string source) => Check(text, source, duplicateKeys: false);

    /// <summary>One pass over the parser's events: duplicate keys, depth and alias expansion.</summary>
    private static void Check(string text, string source, bool duplicateKeys)
    {
        var parser = new Parser(new StringReader(text));
        var open = new Stack<Container>();
        var anchors = new Dictionary<string, long>(StringComparer.Ordinal); // anchor → nodes in its subtree
        long nodes = 0;
        try
        {
            while (parser.MoveNext())
            {
                var ev = parser.Current!;
                switch (ev)
                {
                    case MappingStart or SequenceStart:
                    {
                        var parent = open.Count > 0 ? open.Peek() : null;
                        parent?.Value(ev, source);
                        nodes++;
                        var node = (NodeEvent)ev;
                        open.Push(new Container(ev is MappingStart && duplicateKeys, nodes, node.Anchor.IsEmpty ? null : node.Anchor.Value));
                        if (open.Count > MaxDepth)
                            throw new PhotonicException($"{source}:{ev.Start.Line}:{ev.Start.Column}: nesting deeper than {MaxDepth} levels (the limit for input files); is a list or mapping opened by mistake?");
                        break;
                    }
                    case MappingEnd or SequenceEnd:
                    {
                        var c = open.Pop();
                        if (c.Anchor is not null) anchors[c.Anchor] = nodes - c.StartCount + 1;
                        break;
                    }
                    case Scalar sc:
                    {
                        nodes++;
                        if (!sc.Anchor.IsEmpty) anchors[sc.Anchor.Value] = 1;
                        if (open.TryPeek(out var parent)) parent.Scalar(sc, source);
                        break;
                    }
                    case AnchorAlias alias:
                    {
                        nodes += anchors.TryGetValue(alias.Value.Value, out long n) ? n : 1;
                        if (open.TryPeek(out var parent)) parent.Value(ev, source);
                        break;
                    }
                }
                if (nodes > MaxNodes)
                    throw new PhotonicException($"{source}:{ev.Start.Line}:{ev.Start.Column}: the document expands to more than {MaxNodes:N0} nodes once its aliases (*name) are expanded (the limit for input files)");
            }
        }
        catch (YamlException) { /* malformed: the loader below reports it with its position */ }
        catch (InvalidOperationException) { }
    }

    /// <summary>An open mapping or sequence during the check: a mapping remembers its keys, to find duplicates.</summary>
    private sealed class Container(bool mapping, long startCount, string? anchor)
    {
        public long StartCount { get; } = startCount;
        public string? Anchor { get; } = anchor;
        private readonly Dictionary<string, Mark>? _keys = mapping ? new(StringComparer.Ordinal) : null;
        private bool _expectKey = true;

        /// <summary>A scalar inside this container: a key (checked for duplicates) or a value.</summary>
        public void Scalar(Scalar s, string source)
        {
            if (_keys is null) return;
            if (_expectKey)
            {
                string key = s.Value;
                if (_keys.TryGetValue(key, out var first))
                    throw new PhotonicException($"{source}:{s.Start.Line}:{s.Start.Column}: duplicate key '{key}' (first given at line {first.Line}); each key may appear once in a mapping");
                _keys[key] = s.Start;
            }
            _expectKey = !_expectKey;
        }

        /// <summary>A non-scalar node (or an alias) inside this container.</summary>
        public void Value(ParsingEvent ev, string source)
        {
            if (_keys is null) return;
            // A mapping or alias used as a key cannot be compared by text; it is rare and left to the loader.
            _expectKey = !_expectKey;
        }
    }

    private static string? UnclosedFlow(string text)
    {
        var open = new Stack<(Mark Start, bool Flow)>();
        var parser = new Parser(new StringReader(text));
        try
        {
            while (parser.MoveNext())
            {
                switch (parser.Current)
                {
                    case MappingStart ms: open.Push((ms.Start, ms.Style == MappingStyle.Flow)); break;
                    case SequenceStart ss: open.Push((ss.Start, ss.Style == SequenceStyle.Flow)); break;
                    case MappingEnd or SequenceEnd: if (open.Count > 0) open.Pop(); break;
                }
            }
        }
        catch (Exception e) when (e is InvalidOperationException or YamlException) { }
        foreach (var (start, flow) in open)
            if (flow) return $"{start.Line}:{start.Column}";
        return null;
    }
}
