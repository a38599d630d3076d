using System.Globalization;
using System.Text;
using PhotonicSolver.Circuit;
using PhotonicSolver.Numerics;
using PhotonicSolver.Sweep;

namespace PhotonicSolver.IO;

/// <summary>
/// Writes a sweep as CSV: one row per point. Columns: wl_um, then every other swept parameter by its dotted
/// name (outermost first), then for each (out, in) pair T.out.in (|S|², linear), re.out.in and im.out.in.
/// An interrupted run ends with a line "# TRUNCATED: ..." so the file says it is incomplete. A file opened with
/// <see cref="Create"/> becomes visible at <see cref="End"/> (atomic rename); disposed before that, it is dropped.
/// </summary>
public sealed class CsvSweepWriter : ISweepSink, IDisposable
{
    private readonly TextWriter _writer;
    private readonly bool _ownsWriter;
    private readonly ResultStream? _file;
    private EvaluationPlan _plan = null!;
    private int[] _axisOrder = [];
    private readonly StringBuilder _sb = new(1 << 16);

    public CsvSweepWriter(TextWriter writer, bool ownsWriter = true) { _writer = writer; _ownsWriter = ownsWriter; }

    private CsvSweepWriter(ResultStream file) { _file = file; _writer = file.Text; _ownsWriter = false; }

    /// <summary>Opens a CSV file through the shared <see cref="ResultStream"/>, or <paramref name="stdout"/> for "-".</summary>
    public static CsvSweepWriter Create(string path, TextWriter? stdout = null)
        => new(ResultStream.Create(path, "sweep CSV", stdout));

    /// <summary>An optional first line, '#'-prefixed (a shard's fingerprint), written before the header.</summary>
    public string? Preamble { get; set; }

    /// <summary>Column name of an axis: wl → wl_um, others by dotted name.</summary>
    public static string AxisColumn(string axis) => axis == FlatCircuit.WavelengthKey ? "wl_um" : axis;

    public void Begin(EvaluationPlan plan)
    {
        _plan = plan;
        var axes = plan.Sweep.Axes;
        // wl first, then the other axes in order.
        _axisOrder = Enumerable.Range(0, axes.Count).OrderBy(a => axes[a].Name == FlatCircuit.WavelengthKey ? 0 : 1).ThenBy(a => a).ToArray();
        if (Preamble is not null) { _writer.Write(Preamble); _writer.Write('\n'); }
        var cols = new List<string>();
        if (!axes.Any(a => a.Name == FlatCircuit.WavelengthKey)) cols.Add("wl_um");
        cols.AddRange(_axisOrder.Select(a => AxisColumn(axes[a].Name)));
        for (int k = 0; k < plan.Outputs.Length; k++)
        {
            string l = plan.OutputLabel(k);
            cols.Add("T." + l); cols.Add("re." + l); cols.Add("im." + l);
        }
        _writer.Write(string.Join(",", cols));
        _writer.Write('\n');
    }

    public void Write(long start, int count, Cx[] outputs, int[] status)
    {
        var axes = _plan.Sweep.Axes;
        int nOut = _plan.Layout.NumOutputs;
        bool wlSwept = axes.Any(a => a.Name == FlatCircuit.WavelengthKey);
        Span<char> buf = stackalloc char[32];
        for (int p = 0; p < count; p++)
        {
            long point = start + p;
            if (!wlSwept) Append(buf, _plan.Layout.Wavelength).Append(',');
            foreach (int a in _axisOrder)
            {
                long idx = point / _plan.AxisStrides[a] % axes[a].Count;
                Append(buf, axes[a][idx]).Append(',');
            }
            for (int k = 0; k < nOut; k++)
            {
                Cx v = outputs[(long)p * nOut + k];
                Append(buf, v.Abs2).Append(',');
                Append(buf, v.Re).Append(',');
                Append(buf, v.Im);
                _sb.Append(k == nOut - 1 ? '\n' : ',');
            }
            if (_sb.Length > (1 << 16) - 2048) Flush();
        }
        Flush();
    }

    private StringBuilder Append(Span<char> buf, double v)
    {
        v.TryFormat(buf, out int n, "R", CultureInfo.InvariantCulture);
        return _sb.Append(buf[..n]);
    }

    private void Flush()
    {
        foreach (var chunk in _sb.GetChunks()) _writer.Write(chunk.Span);
        _sb.Clear();
    }

    public void End(bool truncated, long written)
    {
        if (truncated)
            _writer.Write(ResultStream.TruncatedLine(written, _plan.PointCount, "points"));
        _writer.Flush();
        _file?.Commit();
    }

    public void Dispose()
    {
        if (_file is not null) _file.Dispose();
        else if (_ownsWriter) _writer.Dispose();
        else _writer.Flush();
    }
}
