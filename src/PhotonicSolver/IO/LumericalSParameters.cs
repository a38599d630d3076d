using System.Globalization;
using System.Text.RegularExpressions;
using PhotonicSolver.DataModels;
using PhotonicSolver.Numerics;

namespace PhotonicSolver.IO;

/// <summary>
/// Reads Lumerical INTERCONNECT "Optical N Port S-Parameter" files (.sparam, .dat), transmission type:
/// <code>
/// ["port 1","LEFT"]                                  optional port definitions (their order is the port order)
/// ["port 2","RIGHT"]
/// ("port 2","TE",1,"port 1",1,"transmission")        (output port, mode label, mode id, input port, mode id, type[, group delay s])
/// (51,3)                                             points, columns
/// 1.8737e+14 0.98 -1.2345                            frequency (Hz), |S|, angle (rad)
/// ...
/// </code>
/// Without port definitions, ports are ordered by name ("port 1", "port 2", … with numbers compared as numbers).
/// With a group delay τ in the header, the phase column excludes 2π·τ·(f − fc) with fc the middle of the band;
/// it is added back. Values are taken as S = |S|·exp(i·angle), the exp(−iωt) convention Lumerical and the project
/// share. Single-mode data only: a file with several modes per port is refused. Lines starting with # or % are
/// taken as comments.
/// </summary>
public static class LumericalSParameters
{
    public static SParameterData Read(string path)
    {
        return Parse(IO.InputFile.ReadAllText(path, "S-parameter"), path);
    }

    private sealed record Block(string Out, int OutMode, string In, int InMode, double GroupDelay, double[] F, double[] Mag, double[] Phase, int Line);

    public static SParameterData Parse(string text, string source)
    {
        var lines = text.Split('\n').Select(l => l.Trim()).ToArray();
        var declared = new List<string>();
        var blocks = new List<Block>();
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i];
            if (line.Length == 0 || line[0] == '#' || line[0] == '%') continue;
            if (line[0] == '[')
            {
                var items = Items(line, source, i + 1);
                if (items.Count > 0 && IsQuoted(items[0])) declared.Add(Unquote(items[0]));
                continue; // [left, right] port counts (option 1) carry no data we need
            }
            if (line[0] != '(') throw Fail(source, i + 1, $"expected a block header (\"out\",\"mode\",id,\"in\",id,\"transmission\"), got '{Short(line)}'");
            var h = Items(line, source, i + 1);
            if (h.Count < 6 || !IsQuoted(h[0]) || !IsQuoted(h[3]))
                throw Fail(source, i + 1, $"block header needs (\"output port\",\"mode\",mode id,\"input port\",mode id,\"transmission\"), got '{Short(line)}'");
            string type = Unquote(h[5]);
            if (!type.Equals("transmission", StringComparison.OrdinalIgnoreCase))
                throw Fail(source, i + 1, $"S-parameter type '{type}' is not supported (only \"transmission\")");
            int outMode = Int(h[2], source, i + 1), inMode = Int(h[4], source, i + 1);
            double tau = h.Count > 6 ? Num(h[6], source, i + 1) : 0.0;
            i++;
            while (i < lines.Length && lines[i].Length == 0) i++;
            if (i >= lines.Length) throw Fail(source, i, "block header without its (points, columns) line");
            var shape = Items(lines[i], source, i + 1);
            if (shape.Count != 2) throw Fail(source, i + 1, $"expected (points, columns), got '{Short(lines[i])}'");
            int n = Int(shape[0], source, i + 1), cols = Int(shape[1], source, i + 1);
            if (cols != 3) throw Fail(source, i + 1, $"{cols} columns: expected 3 (frequency, |S|, angle)");
            var f = new double[n]; var mag = new double[n]; var ph = new double[n];
            int headerLine = i + 1;
            for (int k = 0; k < n; k++)
            {
                i++;
                while (i < lines.Length && lines[i].Length == 0) i++;
                if (i >= lines.Length) throw Fail(source, i, $"the block at line {headerLine} announces {n} points but the file ends after {k}");
                var v = lines[i].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
                if (v.Length != 3) throw Fail(source, i + 1, $"expected 3 numbers (frequency, |S|, angle), got '{Short(lines[i])}'");
                f[k] = Num(v[0], source, i + 1); mag[k] = Num(v[1], source, i + 1); ph[k] = Num(v[2], source, i + 1);
            }
            blocks.Add(new Block(Unquote(h[0]), outMode, Unquote(h[3]), inMode, tau, f, mag, ph, headerLine - 1));
        }
        if (blocks.Count == 0) throw new PhotonicException($"{source}: no S-parameter blocks");

        foreach (var b in blocks)
            if (b.OutMode != blocks[0].OutMode || b.InMode != blocks[0].OutMode)
                throw Fail(source, b.Line, $"mode {b.InMode} -> {b.OutMode}: multimode S-parameters are not supported (every block must use mode {blocks[0].OutMode})");

        var names = blocks.SelectMany(b => new[] { b.Out, b.In }).Distinct().ToList();
        List<string> ports;
        if (declared.Count > 0)
        {
            var unknown = names.FirstOrDefault(p => !declared.Contains(p));
            if (unknown is not null) throw new PhotonicException($"{source}: port \"{unknown}\" is used by a block but not declared; declared: {string.Join(", ", declared)}");
            ports = declared;
        }
        else ports = names.OrderBy(NaturalKey, StringComparer.Ordinal).ToList();

        var freqs = blocks[0].F;
        foreach (var b in blocks)
        {
            if (b.F.Length != freqs.Length || b.F.Where((v, k) => Math.Abs(v - freqs[k]) > 1e-9 * Math.Abs(freqs[k])).Any())
                throw Fail(source, b.Line, $"block (\"{b.Out}\" <- \"{b.In}\") uses other frequencies than the first block; every block must share one frequency grid");
        }
        var seen = new HashSet<(int, int)>();
        int np = ports.Count;
        var s = Enumerable.Range(0, freqs.Length).Select(_ => new Cx[np, np]).ToArray();
        foreach (var b in blocks)
        {
            int o = ports.IndexOf(b.Out), inp = ports.IndexOf(b.In);
            if (!seen.Add((o, inp))) throw Fail(source, b.Line, $"S[\"{b.Out}\",\"{b.In}\"] is given twice");
            double fc = (b.F[0] + b.F[^1]) / 2;
            for (int k = 0; k < freqs.Length; k++)
            {
                double phase = b.Phase[k] + 2 * Math.PI * b.GroupDelay * (b.F[k] - fc);
                s[k][o, inp] = new Cx(b.Mag[k] * Math.Cos(phase), b.Mag[k] * Math.Sin(phase));
            }
        }
        if (freqs.Any(v => !(v > 0))) throw new PhotonicException($"{source}: frequencies must be positive (wavelength = c/f)");
        return new SParameterData(source, ports.ToArray(), freqs.Select(SParameterData.WavelengthUm).ToArray(), s);
    }

    /// <summary>"port 10" sorts after "port 9": digit runs are padded.</summary>
    private static string NaturalKey(string name) => Regex.Replace(name, @"\d+", m => m.Value.PadLeft(12, '0'));

    /// <summary>Splits "(a, "b, c", 3)" or "[...]" into items, keeping quoted strings whole.</summary>
    private static List<string> Items(string line, string source, int lineNo)
    {
        line = line.Trim();
        char close = line[0] == '(' ? ')' : line[0] == '[' ? ']' : '\0';
        if (close == '\0' || line[^1] != close) throw Fail(source, lineNo, $"expected '(...)' or '[...]', got '{Short(line)}'");
        var items = new List<string>();
        var cur = new System.Text.StringBuilder();
        char quote = '\0';
        foreach (char c in line[1..^1])
        {
            if (quote != '\0') { cur.Append(c); if (c == quote) quote = '\0'; continue; }
            if (c is '"' or '\'') { quote = c; cur.Append(c); continue; }
            if (c == ',') { items.Add(cur.ToString().Trim()); cur.Clear(); continue; }
            cur.Append(c);
        }
        if (cur.ToString().Trim().Length > 0 || items.Count > 0) items.Add(cur.ToString().Trim());
        return items;
    }

    private static bool IsQuoted(string s) => s.Length >= 2 && (s[0] == '"' || s[0] == '\'') && s[^1] == s[0];
    private static string Unquote(string s) => IsQuoted(s) ? s[1..^1] : s;

    private static int Int(string s, string source, int line) =>
        int.TryParse(s.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) ? v : throw Fail(source, line, $"'{s}' is not a whole number");

    private static double Num(string s, string source, int line) =>
        double.TryParse(s.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v) ? v : throw Fail(source, line, $"'{s}' is not a number");

    private static string Short(string s) => s.Length > 60 ? s[..60] + "..." : s;

    private static PhotonicException Fail(string source, int line, string message) => new($"{source}:{line}: {message}");
}
