using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace PhotonicSolver.IO;

/// <summary>Loads YAML text for the project's input files, turning every parser failure into a located error (file:line:column).</summary>
public static class YamlText
{
    public static YamlStream Load(string text, string source)
    {
        var stream = new YamlStream();
        try { stream.Load(new StringReader(text)); }
        catch (YamlException e)
        {
            string m = Regex.Replace(e.Message, @"^\(Line: [^)]*\) - \(Line: [^)]*\): ", "");
            throw new PhotonicException($"{source}:{e.Start.Line}:{e.Start.Column}: malformed YAML: {m}", e);
        }
        catch (InvalidOperationException e)
        {
            // YamlDotNet's scanner fails this way, without a position, on some unclosed flow collections
            // ("{n: 1" followed by block content): point at the innermost bracket still open.
            throw new PhotonicException($"{source}:{UnclosedFlow(text) ?? "1:1"}: malformed YAML: a '{{' or '[' is not closed", e);
        }
        return stream;
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
