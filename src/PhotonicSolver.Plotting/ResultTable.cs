using System.Globalization;

namespace PhotonicSolver.Plotting;

/// <summary>
/// A numeric table read from a CSV with a header row, as the CLI writes them: sweep CSVs (wl_um, swept dotted
/// names, T/re/im per port pair) and any other result CSV. Lines starting with '#' (such as the '# TRUNCATED'
/// marker of an interrupted sweep) are skipped. Values are parsed with the invariant culture; NaN is allowed.
/// </summary>
public sealed class ResultTable
{
    public string Source { get; }
    public string[] Columns { get; }
    private readonly List<double>[] _data;

    public int Rows => _data.Length == 0 ? 0 : _data[0].Count;

    private ResultTable(string source, string[] columns)
    {
        Source = source;
        Columns = columns;
        _data = columns.Select(_ => new List<double>()).ToArray();
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
            var (names, columns, _) = PhotonicSolver.IO.ParquetColumns.Read(path);
            return FromColumns(path, names.Zip(columns, (n, c) => (n, c)).ToList());
        }
        using var reader = new StreamReader(path);
        return Parse(reader, path);
    }

    public static ResultTable Parse(TextReader reader, string source)
    {
        string? line;
        int lineNo = 0;
        ResultTable? table = null;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNo++;
            if (line.Length == 0 || line[0] == '#') continue;
            var cells = line.Split(',');
            if (table is null)
            {
                var names = cells.Select(c => c.Trim()).ToArray();
                if (names.Any(n => n.Length == 0)) throw new PhotonicException($"{source}:{lineNo}: the header has an empty column name");
                var dup = names.GroupBy(n => n).FirstOrDefault(g => g.Count() > 1);
                if (dup is not null) throw new PhotonicException($"{source}:{lineNo}: column '{dup.Key}' appears twice in the header");
                table = new ResultTable(source, names);
                continue;
            }
            if (cells.Length != table.Columns.Length)
                throw new PhotonicException($"{source}:{lineNo}: {cells.Length} values, but the header has {table.Columns.Length} columns");
            for (int c = 0; c < cells.Length; c++)
            {
                if (!double.TryParse(cells[c], NumberStyles.Float, CultureInfo.InvariantCulture, out double v))
                    throw new PhotonicException($"{source}:{lineNo}: column '{table.Columns[c]}': '{cells[c]}' is not a number");
                table._data[c].Add(v);
            }
        }
        return table ?? throw new PhotonicException($"{source}: empty file (no header row)");
    }

    /// <summary>The rows where <paramref name="column"/> equals <paramref name="value"/> (to 1e-9 relative, as printed values round).</summary>
    public ResultTable Where(string column, double value)
    {
        var c = Column(column);
        var rows = Enumerable.Range(0, Rows).Where(r => Math.Abs(c[r] - value) <= 1e-9 * Math.Max(1, Math.Abs(value))).ToArray();
        if (rows.Length == 0)
            throw new PhotonicException($"{Source}: no row has {column} = {value}; its values: {string.Join(", ", Distinct(column).Take(20))}");
        var t = new ResultTable(Source, Columns);
        for (int k = 0; k < Columns.Length; k++) t._data[k].AddRange(rows.Select(r => _data[k][r]));
        return t;
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
