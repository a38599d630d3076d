using System.Globalization;
using System.Text;
using Parquet;
using Parquet.Schema;
using PhotonicSolver.MonteCarlo;

namespace PhotonicSolver.IO;

/// <summary>Opens the per-sample writer for a path by its extension (.parquet or .csv).</summary>
public static class SampleWriters
{
    /// <summary>Opens the sample file through the shared <see cref="ResultStream"/>; <see cref="ISampleSink.End"/> commits it.</summary>
    public static ISampleSink Create(string path)
    {
        string ext = Path.GetExtension(path).ToLowerInvariant();
        if (ext is not (".parquet" or ".csv")) throw new PhotonicException($"--out '{path}': per-sample output is .parquet or .csv");
        var file = ResultStream.Create(path, ext == ".parquet" ? "sample Parquet" : "sample CSV");
        return ext == ".parquet" ? new ParquetSampleWriter(file.Stream, file) : new CsvSampleWriter(file.Text, file);
    }

    /// <summary>Column names: sample, the parameter columns, the spec names, pass, nan; an error if two coincide.</summary>
    internal static List<string> Columns(IReadOnlyList<string> parameters, IReadOnlyList<string> metrics)
    {
        var all = new List<string> { "sample" };
        all.AddRange(parameters);
        all.AddRange(metrics);
        all.Add("pass");
        all.Add("nan");
        var dup = all.GroupBy(x => x).FirstOrDefault(g => g.Count() > 1);
        if (dup is not null) throw new PhotonicException($"per-sample output: column '{dup.Key}' would appear twice; rename the spec");
        return all;
    }
}

/// <summary>
/// Per-sample results as Apache Parquet (Parquet.Net): one row group per chunk, columns sample (int64), every
/// varied parameter and every metric (double, NaN kept), pass and nan (bool). The file's key-value metadata holds
/// the provenance (netlist hash, sweep spec, seed, backend, precision, version, run id).
/// </summary>
public sealed class ParquetSampleWriter(Stream stream, ResultStream? file = null) : ISampleSink
{
    /// <summary>The metadata key an interrupted run adds: "true: N of M samples".</summary>
    public const string TruncatedKey = "truncated";

    private ParquetWriter? _writer;
    private DataField<long> _sample = null!;
    private DataField<double>[] _parameters = [], _metrics = [];
    private DataField<bool> _pass = null!, _nan = null!;
    private long[] _sampleColumn = [];
    private double[] _column = [];

    public void Begin(IReadOnlyList<string> parameterColumns, IReadOnlyList<string> metricColumns, IReadOnlyList<KeyValuePair<string, string>> metadata)
    {
        SampleWriters.Columns(parameterColumns, metricColumns);
        _sample = new DataField<long>("sample");
        _parameters = parameterColumns.Select(c => new DataField<double>(c)).ToArray();
        _metrics = metricColumns.Select(c => new DataField<double>(c)).ToArray();
        _pass = new DataField<bool>("pass");
        _nan = new DataField<bool>("nan");
        var schema = new ParquetSchema([_sample, .. _parameters, .. _metrics, _pass, _nan]);
        _writer = ParquetWriter.CreateAsync(schema, stream).GetAwaiter().GetResult();
        _writer.CustomMetadata = metadata.ToDictionary(kv => kv.Key, kv => kv.Value);
    }

    public void Write(long firstSample, int count, double[] parameters, double[] metrics, bool[] passed, bool[] nan)
    {
        if (_sampleColumn.Length < count) { _sampleColumn = new long[count]; _column = new double[count]; }
        for (int s = 0; s < count; s++) _sampleColumn[s] = firstSample + s;
        using var rg = _writer!.CreateRowGroup();
        rg.WriteAsync<long>(_sample, _sampleColumn.AsMemory(0, count)).GetAwaiter().GetResult();
        WriteColumns(rg, _parameters, parameters, count);
        WriteColumns(rg, _metrics, metrics, count);
        rg.WriteAsync<bool>(_pass, passed.AsMemory(0, count)).GetAwaiter().GetResult();
        rg.WriteAsync<bool>(_nan, nan.AsMemory(0, count)).GetAwaiter().GetResult();
    }

    private void WriteColumns(ParquetRowGroupWriter rg, DataField<double>[] fields, double[] rows, int count)
    {
        int n = fields.Length;
        for (int k = 0; k < n; k++)
        {
            for (int s = 0; s < count; s++) _column[s] = rows[s * n + k];
            rg.WriteAsync<double>(fields[k], _column.AsMemory(0, count)).GetAwaiter().GetResult();
        }
    }

    public void End(bool truncated = false, long written = 0, long total = 0)
    {
        if (_writer is null) return;
        if (truncated)
            _writer.CustomMetadata = new Dictionary<string, string>(_writer.CustomMetadata)
            {
                [TruncatedKey] = string.Create(CultureInfo.InvariantCulture, $"true: run interrupted after {written} of {total} samples"),
            };
        _writer.DisposeAsync().AsTask().GetAwaiter().GetResult(); // writes the footer
        _writer = null;
        stream.Flush();
        file?.Commit();
    }

    /// <summary>Without <see cref="End"/> (an error), the file is dropped and any earlier one kept.</summary>
    public void Dispose()
    {
        if (file is null) { End(); stream.Dispose(); }
        else file.Dispose();
    }
}

/// <summary>
/// Per-sample results as CSV: '#'-prefixed metadata lines first (read with pandas' comment='#'), then a header
/// sample, parameters..., metrics..., pass, nan and one row per sample (shortest round-trip numbers, 1/0 flags).
/// </summary>
public sealed class CsvSampleWriter(TextWriter writer, ResultStream? file = null) : ISampleSink
{
    private int _parameters, _metrics;
    private readonly StringBuilder _sb = new(1 << 16);

    public void Begin(IReadOnlyList<string> parameterColumns, IReadOnlyList<string> metricColumns, IReadOnlyList<KeyValuePair<string, string>> metadata)
    {
        var columns = SampleWriters.Columns(parameterColumns, metricColumns);
        _parameters = parameterColumns.Count;
        _metrics = metricColumns.Count;
        writer.Write("# photonic montecarlo samples\n");
        foreach (var (k, v) in metadata)
        {
            var lines = v.Replace("\r", "").TrimEnd('\n').Split('\n');
            writer.Write($"# {k}: {(lines.Length == 1 ? lines[0] : "")}\n");
            if (lines.Length > 1) foreach (var l in lines) writer.Write($"#   {l}\n");
        }
        writer.Write(string.Join(",", columns));
        writer.Write('\n');
    }

    public void Write(long firstSample, int count, double[] parameters, double[] metrics, bool[] passed, bool[] nan)
    {
        for (int s = 0; s < count; s++)
        {
            _sb.Append(firstSample + s);
            for (int k = 0; k < _parameters; k++) _sb.Append(',').Append(parameters[s * _parameters + k].ToString("R", CultureInfo.InvariantCulture));
            for (int k = 0; k < _metrics; k++) _sb.Append(',').Append(metrics[s * _metrics + k].ToString("R", CultureInfo.InvariantCulture));
            _sb.Append(passed[s] ? ",1" : ",0").Append(nan[s] ? ",1\n" : ",0\n");
            if (_sb.Length > 1 << 16) Flush();
        }
        Flush();
    }

    private void Flush()
    {
        foreach (var chunk in _sb.GetChunks()) writer.Write(chunk.Span);
        _sb.Clear();
    }

    public void End(bool truncated = false, long written = 0, long total = 0)
    {
        if (truncated) writer.Write(ResultStream.TruncatedLine(written, total, "samples"));
        writer.Flush();
        file?.Commit();
    }

    public void Dispose()
    {
        if (file is null) writer.Dispose();
        else file.Dispose();
    }
}
