using System.Globalization;

namespace PhotonicSolver.Plotting;

/// <summary>
/// A table read from a CSV with a header row, or a Parquet file, as the CLI writes them: sweep CSVs (wl_um,
/// swept dotted names, T/re/im per port pair) and every other result (tmm, grating, coupling, laser modes and
/// operating points, link, thermal and drift traces, Monte Carlo samples).
/// <list type="bullet">
/// <item>Numbers are parsed with the invariant culture; NaN is allowed; an empty cell is a gap (NaN).</item>
/// <item>A column holding text (tmm's <c>pol</c>: s, p) is a category column: its rows hold the index of their
/// label in <see cref="Categories"/>, and figures group by it.</item>
/// <item>Comment lines ('#') before the header carry metadata ("# key: value"); a '# TRUNCATED' line marks an
/// interrupted run (<see cref="Truncated"/>): the rows before it are kept and the caller says so.</item>
/// </list>
/// </summary>
public sealed class ResultTable
{
    public string Source { get; }
    public string[] Columns { get; }
    private readonly List<double>[] _data;
    private readonly List<string>?[] _categories;

    public int Rows => _data.Length == 0 ? 0 : _data[0].Count;

    /// <summary>The '# TRUNCATED: …' marker of an interrupted run (Parquet: its 'truncated' metadata), or null.</summary>
    public string? Truncated { get; private set; }

    /// <summary>Metadata: "# key: value" comment lines of a CSV, or a Parquet file's key-value metadata.</summary>
    public IReadOnlyDictionary<string, string> Metadata => _metadata;
    private readonly Dictionary<string, string> _metadata = new(StringComparer.Ordinal);

    private ResultTable(string source, string[] columns)
    {
        Source = source;
        Columns = columns;
        _data = columns.Select(_ => new List<double>()).ToArray();
        _categories = new List<string>?[columns.Length];
    }

    /// <summary>The labels of a text column (its rows hold indices into them), or null for a numeric column.</summary>
    public IReadOnlyList<string>? Categories(string column)
    {
        int c = Array.IndexOf(Columns, column);
        return c < 0 ? null : _categories[c];
    }

    /// <summary>A cell as text: a category label, or the number to 6 significant digits.</summary>
    public string Label(string column, double value)
    {
        var cat = Categories(column);
        if (cat is not null && value >= 0 && value < cat.Count && value == Math.Floor(value)) return cat[(int)value];
        return value.ToString("G6", CultureInfo.InvariantCulture);
    }

    /// <summary>Builds a table from columns (for notebooks and tests).</summary>
    public static ResultTable FromColumns(string source, IReadOnlyList<(string Name, double[] Values)> columns)
    {
        var t = new ResultTable(source, columns.Select(c => c.Name).ToArray());
        for (int c = 0; c < columns.Count; c++)
        {
            if (columns[c].Values.Length != columns[0].Values.Length)
                throw new PhotonicException($"{source}: column '{columns[c].Name}' has {columns[c].Values.Length} values, not {columns[0].Values.Length}");
            t._data[c].AddRange(columns[c].Values);
        }
        return t;
    }

    /// <summary>
    /// A solved sweep as the table its CSV would hold: wl_um, the other swept settings, T.out.in per port pair
    /// (re/im left out: figures plot power).
    /// </summary>
    public static ResultTable FromSweep(PhotonicSolver.Sweep.SweepResult result, string source = "sweep")
    {
        var plan = result.Plan;
        var cols = new List<(string, double[])>();
        bool wlSwept = plan.Sweep.Axes.Any(a => a.Name == "wl");
        cols.Add(("wl_um", wlSwept ? result.Axis("wl") : Enumerable.Repeat(plan.Layout.Wavelength, checked((int)result.Count)).ToArray()));
        foreach (var a in plan.Sweep.Axes.Where(a => a.Name != "wl")) cols.Add((a.Name, result.Axis(a.Name)));
        int n = plan.Layout.NumOutputs;
        for (int k = 0; k < n; k++)
        {
            var t = new double[result.Count];
            for (long p = 0; p < result.Count; p++) t[p] = result.Outputs[p * n + k].Abs2;
            cols.Add(("T." + plan.OutputLabel(k), t));
        }
        return FromColumns(source, cols);
    }

    public static ResultTable Load(string path)
    {
        PhotonicSolver.IO.InputFile.Require(path, "result");
        if (path.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase))
        {
            var (names, columns, metadata) = PhotonicSolver.IO.ParquetColumns.Read(path);
            var t = FromColumns(path, names.Zip(columns, (n, c) => (n, c)).ToList());
            foreach (var (k, v) in metadata) t._metadata[k] = v;
            if (metadata.TryGetValue("truncated", out var tr) && tr is not ("false" or "False" or "0" or "")) t.Truncated = $"TRUNCATED: {tr}";
            return t;
        }
        using var reader = new StreamReader(path);
        return Parse(reader, path);
    }

    public static ResultTable Parse(TextReader reader, string source)
    {
        string? line;
        int lineNo = 0;
        ResultTable? table = null;
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        string? truncated = null, lastKey = null;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNo++;
            if (line.Length == 0) continue;
            if (line[0] == '#')
            {
                string text = line.TrimStart('#');
                if (text.TrimStart().StartsWith("TRUNCATED", StringComparison.Ordinal)) truncated ??= text.Trim();
                else if (table is null && text.StartsWith("   ", StringComparison.Ordinal) && lastKey is not null)
                    metadata[lastKey] += (metadata[lastKey].Length > 0 ? "\n" : "") + text[3..];
                else if (table is null && text.IndexOf(':') is > 1 and var colon)
                    metadata[lastKey = text[..colon].Trim()] = text[(colon + 1)..].Trim();
                continue;
            }
            var cells = line.Split(',');
            if (table is null)
            {
                var names = cells.Select(c => c.Trim()).ToArray();
                if (names.Any(n => n.Length == 0)) throw new PhotonicException($"{source}:{lineNo}: the header has an empty column name");
                var dup = names.GroupBy(n => n).FirstOrDefault(g => g.Count() > 1);
                if (dup is not null) throw new PhotonicException($"{source}:{lineNo}: column '{dup.Key}' appears twice in the header");
                table = new ResultTable(source, names);
                foreach (var (k, v) in metadata) table._metadata[k] = v;
                continue;
            }
            if (cells.Length != table.Columns.Length)
                throw new PhotonicException($"{source}:{lineNo}: {cells.Length} values, but the header has {table.Columns.Length} columns");
            for (int c = 0; c < cells.Length; c++)
            {
                string cell = cells[c].Trim();
                double v;
                if (cell.Length == 0) v = double.NaN; // a gap (e.g. a laser that is dark at that time)
                else if (!double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out v))
                {
                    // Text: a category column (tmm's pol). A number where a column holds text is a label too.
                    if (table._categories[c] is null && table._data[c].Any(x => !double.IsNaN(x)))
                        throw new PhotonicException($"{source}:{lineNo}: column '{table.Columns[c]}': '{cells[c]}' is not a number (the rows above hold numbers)");
                    var cat = table._categories[c] ??= [];
                    int k = cat.IndexOf(cell);
                    if (k < 0) { k = cat.Count; cat.Add(cell); }
                    v = k;
                }
                else if (table._categories[c] is { } cat)
                {
                    int k = cat.IndexOf(cell);
                    if (k < 0) { k = cat.Count; cat.Add(cell); }
                    v = k;
                }
                table._data[c].Add(v);
            }
        }
        if (table is null) throw new PhotonicException($"{source}: empty file (no header row)");
        table.Truncated = truncated;
        return table;
    }

    /// <summary>The rows where <paramref name="column"/> equals <paramref name="value"/> (to 1e-9 relative, as printed values round).</summary>
    public ResultTable Where(string column, double value)
    {
        var c = Column(column);
        var rows = Enumerable.Range(0, Rows).Where(r => Math.Abs(c[r] - value) <= 1e-9 * Math.Max(1, Math.Abs(value))).ToArray();
        if (rows.Length == 0)
            throw new PhotonicException($"{Source}: no row has {column} = {value}; its values: {string.Join(", ", Distinct(column).Take(20))}");
        var t = new ResultTable(Source, Columns) { Truncated = Truncated };
        for (int k = 0; k < Columns.Length; k++) t._data[k].AddRange(rows.Select(r => _data[k][r]));
        Array.Copy(_categories, t._categories, _categories.Length);
        foreach (var (k, v) in _metadata) t._metadata[k] = v;
        return t;
    }

    /// <summary>
    /// The rows where <paramref name="column"/> is <paramref name="text"/>: a label of a text column, or a number.
    /// </summary>
    public ResultTable Where(string column, string text)
    {
        Column(column); // unknown column: error naming the columns
        if (Categories(column) is { } cat)
        {
            int k = cat.ToList().IndexOf(text.Trim());
            if (k < 0) throw new PhotonicException($"{Source}: no row has {column} = {text}; its values: {string.Join(", ", cat)}");
            return Where(column, (double)k);
        }
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v)) return Where(column, v);
        throw new PhotonicException($"--where {column}={text}: '{text}' is not a number");
    }

    public bool Has(string column) => Array.IndexOf(Columns, column) >= 0;

    public double[] Column(string name)
    {
        int c = Array.IndexOf(Columns, name);
        if (c < 0) throw new PhotonicException($"{Source}: no column '{name}'; columns: {string.Join(", ", Columns.Take(30))}{(Columns.Length > 30 ? ", ..." : "")}");
        return _data[c].ToArray();
    }

    public double Value(string column, int row) => _data[Array.IndexOf(Columns, column)][row];

    /// <summary>True for the S-parameter columns a sweep writes: T.out.in, re.out.in, im.out.in.</summary>
    public static bool IsOutputColumn(string name) =>
        (name.StartsWith("T.", StringComparison.Ordinal) || name.StartsWith("re.", StringComparison.Ordinal) || name.StartsWith("im.", StringComparison.Ordinal))
        && name.Count(c => c == '.') == 2;

    /// <summary>T.out.in: a power transmission (a thermal trace's T.node, with one dot, is a temperature).</summary>
    public static bool IsTransmissionColumn(string name) => name.StartsWith("T.", StringComparison.Ordinal) && name.Count(c => c == '.') == 2;

    /// <summary>
    /// The sweep's parameter columns: those before the first output column, when the table has output columns
    /// (a sweep CSV: wl_um and the swept settings). Empty for other tables.
    /// </summary>
    public string[] ParameterColumns()
    {
        int first = Array.FindIndex(Columns, IsOutputColumn);
        return first < 0 ? [] : Columns[..first];
    }

    /// <summary>The transmission columns T.out.in, in file order.</summary>
    public string[] TransmissionColumns() => Columns.Where(IsTransmissionColumn).ToArray();

    /// <summary>The T.* columns that are not zero throughout (structural zeros such as reflections of ideal parts would pin a dB axis at its floor).</summary>
    public string[] NonZeroTransmissionColumns()
    {
        var cols = TransmissionColumns().Where(c => _data[Array.IndexOf(Columns, c)].Any(v => v != 0)).ToArray();
        return cols.Length > 0 ? cols : TransmissionColumns();
    }

    /// <summary>Distinct values of a column, sorted.</summary>
    public double[] Distinct(string column) => Column(column).Where(v => !double.IsNaN(v)).Distinct().Order().ToArray();
}
