using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using PhotonicSolver.DataModels;
using PhotonicSolver.Numerics;

namespace PhotonicSolver.IO;

/// <summary>Which time convention the complex numbers of a Touchstone file follow.</summary>
public enum PhaseConvention
{
    /// <summary>exp(+jωt), as RF tools and scikit-rf read Touchstone: a delay is a negative phase. The file holds conj(S).</summary>
    Engineering,
    /// <summary>exp(−iωt), the project's own (SAX, Lumerical): a delay is a positive phase. The file holds S as computed.</summary>
    Physics,
}

/// <summary>
/// Touchstone S-parameter files: writer (1.x) and reader (1.x and 2.0).
/// <list type="bullet">
/// <item>Frequency f = c/λ (c = 299 792 458 m/s); records are sorted by increasing frequency, i.e. decreasing
/// wavelength, as Touchstone requires.</item>
/// <item>Port order is the netlist's external port order; the header comments name each port.</item>
/// <item>Phase: Touchstone is read by RF tools in the exp(+jωt) convention, where the project's propagation
/// exp(+i·2π·neff·L/λ) is a delay exp(−jβL). By default the writer therefore stores conj(S), so that
/// scikit-rf sees a positive group delay ng·L/c for a waveguide; <see cref="PhaseConvention.Physics"/> stores S
/// as computed. The writer records its choice in a comment line that the reader honours
/// ("! PhotonicSolver phase convention: ..."); files without it are read as engineering (conjugated on read).</item>
/// <item>2-port data are in Touchstone's S11 S21 S12 S22 order; 3 and more ports row by row, at most four
/// pairs per line, each row on a new line.</item>
/// </list>
/// </summary>
public static class Touchstone
{
    public const string ConventionMarker = "! PhotonicSolver phase convention:";

    /// <summary>N for a ".sNp" file name, else 0.</summary>
    public static int PortsFromExtension(string path)
    {
        var m = Regex.Match(Path.GetExtension(path), @"^\.[sS](\d+)[pP]$");
        return m.Success && int.TryParse(m.Groups[1].Value, out int n) && n > 0 ? n : 0;
    }

    /// <summary>
    /// Writes Touchstone 1.1: "# Hz S RI R 50" (or GHz). <paramref name="s"/>[point][out, in] at
    /// <paramref name="wavelengthsUm"/>, in the project's convention.
    /// </summary>
    public static void Write(TextWriter w, IReadOnlyList<string> portNames, double[] wavelengthsUm, Cx[][,] s,
                             string frequencyUnit = "Hz", PhaseConvention convention = PhaseConvention.Engineering,
                             IEnumerable<string>? comments = null)
    {
        double scale = frequencyUnit.ToUpperInvariant() switch
        {
            "HZ" => 1, "KHZ" => 1e3, "MHZ" => 1e6, "GHZ" => 1e9,
            _ => throw new PhotonicException($"Touchstone frequency unit '{frequencyUnit}': use Hz, kHz, MHz or GHz"),
        };
        int n = portNames.Count;
        var order = Enumerable.Range(0, wavelengthsUm.Length).OrderByDescending(i => wavelengthsUm[i]).ToArray();
        for (int k = 1; k < order.Length; k++)
            if (wavelengthsUm[order[k]] == wavelengthsUm[order[k - 1]])
                throw new PhotonicException($"Touchstone: wavelength {wavelengthsUm[order[k]]} µm appears twice; frequencies must be strictly increasing");
        foreach (var c in comments ?? []) w.WriteLine($"! {c}");
        w.WriteLine($"! frequency f = c/lambda with c = 299792458 m/s; records in increasing frequency (decreasing wavelength)");
        w.WriteLine($"{ConventionMarker} {(convention == PhaseConvention.Engineering ? "engineering exp(+jwt): the values are conj(S) of PhotonicSolver's exp(-iwt) S-matrix" : "physics exp(-iwt): the values are PhotonicSolver's S-matrix as computed")}");
        w.WriteLine($"! S[out,in]: b_out = sum S[out,in] a_in; {(n == 2 ? "2-port order per record: S11 S21 S12 S22" : "row by row: S11 S12 ... S1N, then S21 ...")}");
        for (int p = 0; p < n; p++) w.WriteLine($"! Port[{p + 1}] = {portNames[p]}");
        string unit = frequencyUnit.ToUpperInvariant() switch { "HZ" => "Hz", "KHZ" => "kHz", "MHZ" => "MHz", _ => "GHz" };
        w.WriteLine($"# {unit} S RI R 50");
        var sb = new StringBuilder();
        foreach (int i in order)
        {
            sb.Clear();
            sb.Append(F(SParameterData.FrequencyHz(wavelengthsUm[i]) / scale));
            Cx V(int o, int inp) => convention == PhaseConvention.Engineering ? s[i][o, inp].Conj : s[i][o, inp];
            if (n <= 2)
            {
                // 1-port: S11; 2-port: S11 S21 S12 S22 (column-major, Touchstone's 2-port exception).
                for (int inp = 0; inp < n; inp++)
                    for (int o = 0; o < n; o++) sb.Append(' ').Append(F(V(o, inp).Re)).Append(' ').Append(F(V(o, inp).Im));
                w.WriteLine(sb.ToString());
                continue;
            }
            for (int o = 0; o < n; o++)
            {
                for (int inp = 0; inp < n; inp++)
                {
                    if (inp > 0 && inp % 4 == 0) { w.WriteLine(sb.ToString()); sb.Clear(); }
                    sb.Append(' ').Append(F(V(o, inp).Re)).Append(' ').Append(F(V(o, inp).Im));
                }
                w.WriteLine(sb.ToString());
                sb.Clear();
            }
        }
    }

    private static string F(double v) => v == 0 ? "0" : v.ToString("R", CultureInfo.InvariantCulture);

    public static SParameterData Read(string path)
    {
        return Parse(IO.InputFile.ReadAllText(path, "Touchstone"), path);
    }

    /// <summary>
    /// Reads Touchstone 1.x (ports from the .sNp extension) or 2.0 ([Version] 2.0, [Number of Ports],
    /// [Two-Port Data Order], [Matrix Format] Full/Lower/Upper, [Reference] on any number of lines). S parameters
    /// only, in RI, MA or DB format (angles in degrees); the reference impedance is ignored (optical S-parameters
    /// are normalised to the modes). Ports are named o1..oN. Noise data (2.0's [Noise Data], or 1.x's noise block
    /// after the network data of a 2-port) and records at f = 0 (no wavelength) are skipped with a note in
    /// <see cref="SParameterData.Notes"/>. Z/Y/H/G and mixed-mode files are refused. Every error names the line.
    /// </summary>
    public static SParameterData Parse(string text, string source)
    {
        var allLines = text.Split('\n');
        SParameterFiles.RefuseTruncated(allLines, source);
        var notes = new List<string>();
        var numberLines = new List<int>();
        int referencesLeft = 0;
        bool inInformation = false;
        int ports = PortsFromExtension(source);
        string unit = "GHZ", format = "MA", parameter = "S";
        bool optionSeen = false, v2 = false, networkData = false, twoPort21First = true;
        string matrixFormat = "FULL";
        var convention = PhaseConvention.Engineering;
        var numbers = new List<double>();
        int lineNo = 0;
        foreach (var raw in allLines)
        {
            lineNo++;
            string line = raw.TrimEnd('\r');
            if (line.StartsWith(ConventionMarker, StringComparison.Ordinal) && line.Contains("physics", StringComparison.Ordinal))
                convention = PhaseConvention.Physics;
            int bang = line.IndexOf('!');
            if (bang >= 0) line = line[..bang];
            line = line.Trim();
            if (line.Length == 0) continue;
            if (inInformation)
            {
                if (line.StartsWith("[END INFORMATION]", StringComparison.OrdinalIgnoreCase)) inInformation = false;
                continue;
            }
            if (referencesLeft > 0 && line[0] != '[')
            {
                // [Reference] continued on this line (Touchstone 2.0 allows any number of lines).
                referencesLeft -= line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;
                continue;
            }
            if (line[0] == '[')
            {
                int close = line.IndexOf(']');
                if (close < 0) throw Fail(source, lineNo, $"keyword without ']': {line}");
                string key = line[1..close].Trim().ToUpperInvariant(), value = line[(close + 1)..].Trim();
                switch (key)
                {
                    case "VERSION":
                        if (!value.StartsWith("2.", StringComparison.Ordinal)) throw Fail(source, lineNo, $"Touchstone version '{value}' is not supported (1.x or 2.0)");
                        v2 = true; break;
                    case "NUMBER OF PORTS":
                        if (!int.TryParse(value, out ports) || ports < 1) throw Fail(source, lineNo, $"[Number of Ports] '{value}' is not a positive whole number");
                        break;
                    case "TWO-PORT DATA ORDER":
                        twoPort21First = value switch
                        {
                            "21_12" => true, "12_21" => false,
                            _ => throw Fail(source, lineNo, $"[Two-Port Data Order] '{value}': expected 12_21 or 21_12"),
                        };
                        break;
                    case "MATRIX FORMAT":
                        matrixFormat = value.ToUpperInvariant();
                        if (matrixFormat is not ("FULL" or "LOWER" or "UPPER")) throw Fail(source, lineNo, $"[Matrix Format] '{value}': expected Full, Lower or Upper");
                        break;
                    case "NETWORK DATA": networkData = true; break;
                    case "REFERENCE":
                        if (ports == 0) throw Fail(source, lineNo, "[Reference] before [Number of Ports]");
                        referencesLeft = ports - value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;
                        break;
                    case "NUMBER OF FREQUENCIES" or "END" or "NETWORK DATA END": break;
                    case "BEGIN INFORMATION": inInformation = true; break;
                    case "NUMBER OF NOISE FREQUENCIES": break;
                    case "NOISE DATA":
                        notes.Add($"{Path.GetFileName(source)}:{lineNo}: noise data ignored (only S-parameters are used)");
                        goto done;
                    case "MIXED-MODE ORDER":
                        throw Fail(source, lineNo, "mixed-mode (differential/common-mode) S-parameters cannot be read: convert them to single-ended S-parameters first");
                    default: throw Fail(source, lineNo, $"Touchstone keyword [{line[1..close]}] is not supported");
                }
                continue;
            }
            if (line[0] == '#')
            {
                if (optionSeen) continue; // only the first option line counts
                optionSeen = true;
                var tok = line[1..].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
                for (int k = 0; k < tok.Length; k++)
                {
                    string t = tok[k].ToUpperInvariant();
                    if (t is "HZ" or "KHZ" or "MHZ" or "GHZ" or "THZ") unit = t;
                    else if (t is "S" or "Y" or "Z" or "H" or "G") parameter = t;
                    else if (t is "RI" or "MA" or "DB") format = t;
                    else if (t == "R") k++;
                    else throw Fail(source, lineNo, $"option line: unknown token '{tok[k]}'");
                }
                if (parameter != "S") throw Fail(source, lineNo, $"only S-parameters can be read (the file holds {parameter}-parameters; convert them to S-parameters first)");
                continue;
            }
            if (v2 && !networkData) throw Fail(source, lineNo, "data before [Network Data]");
            var toks = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (!v2 && ports == 2 && numbers.Count > 0 && numbers.Count % 9 == 0 && toks.Length == 5
                && double.TryParse(toks[0], NumberStyles.Float, CultureInfo.InvariantCulture, out double fNext) && fNext <= numbers[^9])
            {
                // Touchstone 1.x: a 2-port's noise parameters (f, NFmin, |Γopt|, ∠Γopt, Rn) follow its network
                // data, starting at a frequency not above the last one.
                notes.Add($"{Path.GetFileName(source)}:{lineNo}: noise data ignored (only S-parameters are used)");
                break;
            }
            foreach (var tok in toks)
            {
                if (!double.TryParse(tok, NumberStyles.Float, CultureInfo.InvariantCulture, out double v))
                    throw Fail(source, lineNo, $"'{tok}' is not a number");
                if (!double.IsFinite(v))
                    throw Fail(source, lineNo, $"'{tok}': S-parameter data must be finite numbers (NaN or infinity found)");
                numbers.Add(v);
                numberLines.Add(lineNo);
            }
        }
    done:
        if (ports == 0)
            throw new PhotonicException($"{source}: cannot tell the number of ports: name the file .sNp (e.g. .s4p) or use Touchstone 2.0's [Number of Ports]");
        int entries = matrixFormat == "FULL" ? ports * ports : ports * (ports + 1) / 2;
        int perRecord = 1 + 2 * entries;
        if (numbers.Count == 0)
            throw new PhotonicException($"{source}: no data records");
        if (numbers.Count % perRecord != 0)
            throw Fail(source, numberLines[numbers.Count / perRecord * perRecord],
                       $"this record is incomplete: {numbers.Count % perRecord} of {perRecord} numbers " +
                       $"(frequency + {entries} complex values for {ports} ports) before the end of the data");
        double scale = unit switch { "HZ" => 1, "KHZ" => 1e3, "MHZ" => 1e6, "GHZ" => 1e9, _ => 1e12 };
        if (!v2) twoPort21First = true; // Touchstone 1.x: S11 S21 S12 S22
        int records = numbers.Count / perRecord;
        var wl = new List<double>(records);
        var s = new List<Cx[,]>(records);
        double lastF = double.NegativeInfinity;
        for (int r = 0; r < records; r++)
        {
            int b = r * perRecord;
            double f = numbers[b] * scale;
            if (f == 0 && r == 0)
            {
                notes.Add($"{Path.GetFileName(source)}:{numberLines[b]}: the record at f = 0 (DC) is skipped: it has no optical wavelength");
                lastF = 0;
                continue;
            }
            if (!(f > 0)) throw Fail(source, numberLines[b], $"frequency {numbers[b]} is not positive (wavelength = c/f)");
            if (f <= lastF) throw Fail(source, numberLines[b], $"frequencies must increase ({numbers[b]} after {lastF / scale})");
            lastF = f;
            wl.Add(SParameterData.WavelengthUm(f));
            var m = new Cx[ports, ports];
            int k = 0;
            Cx Next() { var c = Complex(numbers[b + 1 + 2 * k], numbers[b + 2 + 2 * k], format); k++; return convention == PhaseConvention.Engineering ? c.Conj : c; }
            if (ports == 2 && matrixFormat == "FULL")
            {
                m[0, 0] = Next();
                if (twoPort21First) { m[1, 0] = Next(); m[0, 1] = Next(); } else { m[0, 1] = Next(); m[1, 0] = Next(); }
                m[1, 1] = Next();
            }
            else
            {
                for (int o = 0; o < ports; o++)
                    for (int i = 0; i < ports; i++)
                    {
                        if (matrixFormat == "LOWER" && i > o) continue;
                        if (matrixFormat == "UPPER" && i < o) continue;
                        m[o, i] = Next();
                        if (matrixFormat != "FULL") m[i, o] = m[o, i];
                    }
            }
            s.Add(m);
        }
        if (wl.Count == 0) throw new PhotonicException($"{source}: no data records at a positive frequency");
        var data = new SParameterData(source, Enumerable.Range(1, ports).Select(p => $"o{p}").ToArray(), wl.ToArray(), s.ToArray());
        data.Notes.AddRange(notes);
        return data;
    }

    private static Cx Complex(double a, double b, string format) => format switch
    {
        "RI" => new Cx(a, b),
        "MA" => new Cx(a * Math.Cos(b * Math.PI / 180), a * Math.Sin(b * Math.PI / 180)),
        _ => new Cx(Math.Pow(10, a / 20) * Math.Cos(b * Math.PI / 180), Math.Pow(10, a / 20) * Math.Sin(b * Math.PI / 180)),
    };

    private static PhotonicException Fail(string source, int line, string message) => new($"{source}:{line}: {message}");
}
