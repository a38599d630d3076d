using System.Globalization;
using System.Text.RegularExpressions;
using PhotonicSolver.DataModels;
using PhotonicSolver.Numerics;

namespace PhotonicSolver.IO;

/// <summary>
/// Reads Lumerical INTERCONNECT "Optical N Port S-Parameter" files (.sparam, .dat):
/// <code>
/// ["port 1","LEFT"]                                  optional port definitions (their order is the port order)
/// ["port 2","RIGHT"]
/// ("port 2","TE",1,"port 1",1,"transmission")        (output port, mode label, mode id, input port, mode id, type[, group delay s])
/// (51,3)                                             points, columns
/// 1.8737e+14 0.98 -1.2345                            frequency (Hz), |S|, angle (rad)
/// ...
/// </code>
/// The type is a label: transmission, ReturnLoss, Through, CrossFwd, CrossBack and reflection are all S entries.
/// Without port definitions, ports are ordered by name ("port 1", "port 2", … with numbers compared as numbers).
/// With a group delay τ in the header, the phase column excludes 2π·τ·(f − fc) with fc the middle of the band;
/// it is added back. Values are taken as S = |S|·exp(i·angle), the exp(−iωt) convention Lumerical and the project
/// share. Lines starting with # or % are comments.
/// <para><b>Modes.</b> A file may hold several modes (SiEPIC's Y-branch: TE as mode 1, TM as mode 2). One mode is
/// read: the one asked for by label ("TE") or id ("1"), else TE (the label containing "TE", else the lowest id),
/// with a note. Blocks between different modes (TE→TM conversion) are left out with a note.</para>
/// <para><b>2-port table</b> (SiEPIC's taper files): no headers, one line per frequency with nine columns
/// f, |S11|, ∠S11, |S21|, ∠S21, |S12|, ∠S12, |S22|, ∠S22 (Touchstone's 2-port order, angles in rad).</para>
/// </summary>
public static class LumericalSParameters
{
    public static SParameterData Read(string path, string? mode = null)
    {
        return Parse(IO.InputFile.ReadAllText(path, "S-parameter"), path, mode);
    }

    private sealed record Block(string Out, string OutLabel, int OutMode, string In, int InMode, double GroupDelay, double[] F, double[] Mag, double[] Phase, int Line);

    private static readonly string[] EntryTypes = ["transmission", "reflection", "returnloss", "through", "crossfwd", "crossback"];

    public static SParameterData Parse(string text, string source, string? mode = null)
    {
        var lines = text.Split('\n').Select(l => l.Trim()).ToArray();
        SParameterFiles.RefuseTruncated(lines, source);
        int first = Array.FindIndex(lines, l => l.Length > 0 && l[0] is not ('#' or '%'));
        if (first >= 0 && (char.IsAsciiDigit(lines[first][0]) || lines[first][0] is '+' or '-' or '.'))
            return ParseTable(lines, source);
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
            if (Array.IndexOf(EntryTypes, type.ToLowerInvariant()) < 0)
                throw Fail(source, i + 1, $"S-parameter type '{type}' is not supported (expected transmission, reflection, ReturnLoss, Through, CrossFwd or CrossBack)");
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
            blocks.Add(new Block(Unquote(h[0]), Unquote(h[1]), outMode, Unquote(h[3]), inMode, tau, f, mag, ph, headerLine - 1));
        }
        if (blocks.Count == 0) throw new PhotonicException($"{source}: no S-parameter blocks");

        var notes = new List<string>();
        blocks = SelectMode(blocks, source, mode, notes);

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
        var data = new SParameterData(source, ports.ToArray(), freqs.Select(SParameterData.WavelengthUm).ToArray(), s);
        data.Notes.AddRange(notes);
        return data;
    }

    /// <summary>The blocks of one mode: the one asked for (label or id), else TE, with notes on what was left out.</summary>
    private static List<Block> SelectMode(List<Block> blocks, string source, string? mode, List<string> notes)
    {
        // Mode id → label, from the output side of each block ("TE" for 1, "TM" for 2 in SiEPIC's files).
        var labels = new SortedDictionary<int, string>();
        foreach (var b in blocks) labels.TryAdd(b.OutMode, b.OutLabel);
        string Describe() => string.Join(", ", labels.Select(kv => $"{kv.Value} (id {kv.Key})"));
        int chosen;
        if (mode is not null)
        {
            if (int.TryParse(mode, NumberStyles.Integer, CultureInfo.InvariantCulture, out int id))
            {
                if (!labels.ContainsKey(id)) throw new PhotonicException($"{source}: mode {id} is not in the file; its modes: {Describe()}");
                chosen = id;
            }
            else
            {
                var match = labels.Where(kv => kv.Value.Equals(mode, StringComparison.OrdinalIgnoreCase)).ToList();
                if (match.Count == 0) throw new PhotonicException($"{source}: mode '{mode}' is not in the file; its modes: {Describe()}");
                chosen = match[0].Key;
            }
        }
        else if (labels.Count == 1) chosen = labels.Keys.First();
        else
        {
            var te = labels.Where(kv => kv.Value.Contains("TE", StringComparison.OrdinalIgnoreCase)).ToList();
            chosen = te.Count > 0 ? te[0].Key : labels.Keys.First();
            notes.Add($"{Path.GetFileName(source)} holds several modes ({Describe()}); using {labels[chosen]} (id {chosen}), the default; " +
                      "choose with the instance setting mode: TE|TM|ID");
        }
        var kept = blocks.Where(b => b.OutMode == chosen && b.InMode == chosen).ToList();
        int converting = blocks.Count(b => b.OutMode != b.InMode && (b.OutMode == chosen || b.InMode == chosen));
        if (converting > 0)
            notes.Add($"{Path.GetFileName(source)}: {converting} mode-conversion block(s) between {labels[chosen]} and other modes left out");
        if (kept.Count == 0) throw new PhotonicException($"{source}: no blocks from mode {chosen} to mode {chosen}");
        return kept;
    }

    /// <summary>The 2-port table: f |S11| ∠S11 |S21| ∠S21 |S12| ∠S12 |S22| ∠S22 per line.</summary>
    private static SParameterData ParseTable(string[] lines, string source)
    {
        var f = new List<double>();
        var s = new List<Cx[,]>();
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i];
            if (line.Length == 0 || line[0] is '#' or '%') continue;
            var v = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (v.Length != 9)
                throw Fail(source, i + 1, $"a 2-port table line has 9 numbers (f, |S11|, ∠S11, |S21|, ∠S21, |S12|, ∠S12, |S22|, ∠S22), got {v.Length}");
            var x = v.Select(t => Num(t, source, i + 1)).ToArray();
            if (!(x[0] > 0)) throw Fail(source, i + 1, $"frequency {x[0]} is not positive (wavelength = c/f)");
            static Cx P(double m, double a) => new(m * Math.Cos(a), m * Math.Sin(a));
            var m = new Cx[2, 2];
            m[0, 0] = P(x[1], x[2]); m[1, 0] = P(x[3], x[4]); m[0, 1] = P(x[5], x[6]); m[1, 1] = P(x[7], x[8]);
            f.Add(x[0]);
            s.Add(m);
        }
        if (f.Count == 0) throw new PhotonicException($"{source}: no data lines");
        return new SParameterData(source, ["port 1", "port 2"], f.Select(SParameterData.WavelengthUm).ToArray(), s.ToArray());
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
        double.TryParse(s.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v) ? v
        : throw Fail(source, line, double.IsNaN(v) || double.IsInfinity(v) ? $"'{s.Trim()}': S-parameter data must be finite numbers (NaN or infinity found)" : $"'{s}' is not a number");

    private static string Short(string s) => s.Length > 60 ? s[..60] + "..." : s;

    private static PhotonicException Fail(string source, int line, string message) => new($"{source}:{line}: {message}");
}
