using System.Text;
using System.Text.Json;

namespace PhotonicSolver.MonteCarlo;

/// <summary>How a varied parameter is described in a summary: its declaration and its output columns.</summary>
public sealed record ParameterInfo(string Name, string Distribution, double? Mean, double Std, double Low, double High, string Scope, IReadOnlyList<string> Columns);

/// <summary>
/// The JSON summary of a Monte Carlo (or corner) run or of one shard of it: yield with its Wilson interval, NaN
/// samples, per-metric statistics and percentiles, worst samples, metadata, and the exact reduction state from
/// which <see cref="Merge"/> rebuilds the unsharded result bit for bit. Writing is deterministic (no times, fixed
/// key order, shortest round-trip doubles), so merged shards and an unsharded run give identical files.
/// </summary>
public sealed class MonteCarloSummary
{
    public const int FormatVersion = 1;

    public required ulong Seed { get; init; }
    public required long TotalSamples { get; init; }
    /// <summary>(index, count) of a shard; null for a whole run.</summary>
    public (int Index, int Count)? Shard { get; init; }
    /// <summary>Hash of everything that determines the samples (circuit, wavelengths, variation, specs): shards merge only with equal ids.</summary>
    public required string RunId { get; init; }
    /// <summary>True when the run was interrupted: the statistics cover only [FirstSample, EndSample) of its range.</summary>
    public bool Truncated { get; init; }
    public required IReadOnlyList<SpecDefinition> Specs { get; init; }
    public required IReadOnlyList<ParameterInfo> Parameters { get; init; }
    public required MonteCarloStatistics Statistics { get; init; }
    public IReadOnlyList<string>? CornerLabels { get; init; }
    public IReadOnlyList<string> Warnings { get; init; } = [];
    /// <summary>Provenance: netlist and sweep file hashes, backend, precision, version.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Metadata { get; init; } = [];

    public static readonly double[] Percentiles = [0.01, 0.50, 0.99];

    // -------------------------------------------------------------------------------------------------------------
    // Writing

    /// <summary>Writes the summary through the shared result stream ("-": <paramref name="stdout"/>).</summary>
    public void Write(string path, TextWriter? stdout = null)
    {
        using var file = IO.ResultStream.Create(path, "summary JSON", stdout);
        file.Text.Write(ToJson());
        file.Commit();
    }

    public string ToJson()
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Indented = true }))
        {
            WriteTo(w);
        }
        return Encoding.UTF8.GetString(ms.ToArray()) + "\n";
    }

    private void WriteTo(Utf8JsonWriter w)
    {
        var st = Statistics;
        w.WriteStartObject();
        w.WriteNumber("samples", st.Samples);
        w.WriteNumber("passed", st.Passed);
        Num(w, "yield", st.Yield);
        var (lo, hi) = st.YieldInterval;
        w.WriteStartArray("yield_ci"); Num(w, lo); Num(w, hi); w.WriteEndArray();
        w.WriteNumber("nan_count", st.NanSamples);
        w.WriteNumber("seed", Seed);
        w.WriteStartObject("metrics");
        for (int i = 0; i < Specs.Count; i++) WriteMetric(w, Specs[i], st.Metrics[i]);
        w.WriteEndObject();
        w.WriteStartArray("failing_samples");
        foreach (var s in st.FailingSamples) w.WriteNumberValue(s);
        w.WriteEndArray();
        if (CornerLabels is not null)
        {
            w.WriteStartArray("corners");
            foreach (var c in CornerLabels) w.WriteStringValue(c);
            w.WriteEndArray();
        }
        w.WriteStartArray("parameters");
        foreach (var p in Parameters)
        {
            w.WriteStartObject();
            w.WriteString("name", p.Name);
            w.WriteString("dist", p.Distribution);
            if (p.Mean is { } m) Num(w, "mean", m); else w.WriteNull("mean");
            Num(w, "std", p.Std); Num(w, "low", p.Low); Num(w, "high", p.High);
            w.WriteString("scope", p.Scope);
            w.WriteStartArray("columns");
            foreach (var c in p.Columns) w.WriteStringValue(c);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("warnings");
        foreach (var s in Warnings) w.WriteStringValue(s);
        w.WriteEndArray();
        w.WriteNumber("total_samples", TotalSamples);
        if (Shard is { } sh)
        {
            w.WriteStartObject("shard");
            w.WriteNumber("index", sh.Index); w.WriteNumber("count", sh.Count);
            w.WriteNumber("first_sample", st.FirstSample); w.WriteNumber("end_sample", st.EndSample);
            w.WriteEndObject();
        }
        w.WriteString("run_id", RunId);
        if (Truncated) w.WriteBoolean("truncated", true);
        w.WriteStartObject("metadata");
        foreach (var (k, v) in Metadata) w.WriteString(k, v);
        w.WriteEndObject();
        WriteState(w);
        w.WriteEndObject();
    }

    private static void WriteMetric(Utf8JsonWriter w, SpecDefinition spec, MetricStatistics m)
    {
        var total = m.Moments.Total();
        w.WriteStartObject(spec.Name);
        Num(w, "mean", total.Count > 0 ? total.Mean : double.NaN);
        Num(w, "std", total.Std);
        Num(w, "min", m.Count > 0 ? m.Min : double.NaN);
        Num(w, "max", m.Count > 0 ? m.Max : double.NaN);
        foreach (var q in Percentiles)
            Num(w, $"p{(int)Math.Round(q * 100):00}", m.Count > 0 ? m.Sketch.Quantile(q) : double.NaN);
        w.WriteNumber("count", m.Count);
        w.WriteNumber("nan_count", m.NanCount);
        w.WriteNumber("passed", m.Passed);
        w.WriteNumber("argmin", m.ArgMin);
        w.WriteNumber("argmax", m.ArgMax);
        w.WriteString("metric", spec.MetricName);
        w.WriteString("unit", spec.Unit);
        w.WriteString("pair", $"{spec.OutPort}:{spec.InPort}");
        if (spec.AtWl is { } at) Num(w, "at_wl", at);
        if (spec.Band is { } b) { w.WriteStartArray("band"); Num(w, b.Low); Num(w, b.High); w.WriteEndArray(); }
        if (spec.Min is { } mn) Num(w, "min_limit", mn); else w.WriteNull("min_limit");
        if (spec.Max is { } mx) Num(w, "max_limit", mx); else w.WriteNull("max_limit");
        Num(w, "percentile_resolution", m.Sketch.Resolution);
        var (first, width, counts) = m.Sketch.Histogram();
        w.WriteStartObject("histogram");
        Num(w, "first_edge", first); Num(w, "bin_width", width);
        w.WriteStartArray("counts");
        foreach (var c in counts) w.WriteNumberValue(c);
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteStartArray("worst");
        foreach (var (margin, sample, value) in m.Worst.Items)
        {
            w.WriteStartObject();
            w.WriteNumber("sample", sample); Num(w, "value", value); Num(w, "margin", margin);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>The exact reduction state: what <see cref="Read"/> and <see cref="Merge"/> rebuild the statistics from.</summary>
    private void WriteState(Utf8JsonWriter w)
    {
        var st = Statistics;
        w.WriteStartObject("state");
        w.WriteNumber("format", FormatVersion);
        w.WriteNumber("first_sample", st.FirstSample);
        w.WriteNumber("end_sample", st.EndSample);
        w.WriteNumber("passed", st.Passed);
        w.WriteNumber("nan_samples", st.NanSamples);
        w.WriteStartArray("failing_samples");
        foreach (var s in st.FailingSamples) w.WriteNumberValue(s);
        w.WriteEndArray();
        w.WriteStartArray("metrics");
        for (int i = 0; i < Specs.Count; i++)
        {
            var m = st.Metrics[i];
            var sp = Specs[i];
            w.WriteStartObject();
            w.WriteString("name", sp.Name);
            w.WriteString("metric", sp.MetricName);
            w.WriteString("out", sp.OutPort); w.WriteString("in", sp.InPort);
            if (sp.AtWl is { } at) Num(w, "at_wl", at); else w.WriteNull("at_wl");
            if (sp.Band is { } b) { w.WriteStartArray("band"); Num(w, b.Low); Num(w, b.High); w.WriteEndArray(); } else w.WriteNull("band");
            if (sp.Min is { } mn) Num(w, "min", mn); else w.WriteNull("min");
            if (sp.Max is { } mx) Num(w, "max", mx); else w.WriteNull("max");
            w.WriteNumber("count", m.Count); w.WriteNumber("nan_count", m.NanCount); w.WriteNumber("passed", m.Passed);
            Num(w, "value_min", m.Min); Num(w, "value_max", m.Max);
            w.WriteNumber("argmin", m.ArgMin); w.WriteNumber("argmax", m.ArgMax);
            w.WriteStartArray("moment_nodes");
            foreach (var (a, z, mo) in m.Moments.Nodes)
            {
                w.WriteStartArray();
                w.WriteNumberValue(a); w.WriteNumberValue(z); w.WriteNumberValue(mo.Count); Num(w, mo.Mean); Num(w, mo.M2);
                w.WriteEndArray();
            }
            w.WriteEndArray();
            w.WriteStartObject("sketch");
            w.WriteNumber("capacity", m.Sketch.Capacity);
            w.WriteNumber("level", m.Sketch.Level);
            w.WriteString("buckets", EncodeBuckets(m.Sketch.Buckets()));
            w.WriteEndObject();
            w.WriteStartArray("worst");
            foreach (var (margin, sample, value) in m.Worst.Items)
            {
                w.WriteStartArray(); Num(w, margin); w.WriteNumberValue(sample); Num(w, value); w.WriteEndArray();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>Doubles as shortest round-trip numbers; NaN and ±∞ (not JSON) as null.</summary>
    private static void Num(Utf8JsonWriter w, string name, double v)
    {
        if (double.IsFinite(v)) w.WriteNumber(name, v); else w.WriteNull(name);
    }

    private static void Num(Utf8JsonWriter w, double v)
    {
        if (double.IsFinite(v)) w.WriteNumberValue(v); else w.WriteNullValue();
    }

    // -------------------------------------------------------------------------------------------------------------
    // Reading and merging

    public static MonteCarloSummary Read(string path)
    {
        var bytes = IO.InputFile.ReadAllBytes(path, "summary");
        try
        {
            using var doc = JsonDocument.Parse(bytes);
            return FromJson(doc.RootElement);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new PhotonicException($"{path}: not a Monte Carlo summary written by 'photonic montecarlo' ({e.Message})");
        }
    }

    private static MonteCarloSummary FromJson(JsonElement root)
    {
        var state = root.GetProperty("state");
        if (state.GetProperty("format").GetInt32() != FormatVersion) throw new FormatException($"state format {state.GetProperty("format")} (expected {FormatVersion})");
        var specs = new List<SpecDefinition>();
        var metricStates = state.GetProperty("metrics").EnumerateArray().ToList();
        int capacity = metricStates.Count > 0 ? metricStates[0].GetProperty("sketch").GetProperty("capacity").GetInt32() : QuantileSketch.DefaultCapacity;
        var st = new MonteCarloStatistics(0, metricStates.Count, capacity);
        for (int i = 0; i < metricStates.Count; i++)
        {
            var e = metricStates[i];
            specs.Add(new SpecDefinition
            {
                Name = e.GetProperty("name").GetString()!,
                Metric = SpecDefinition.MetricNames[e.GetProperty("metric").GetString()!],
                OutPort = e.GetProperty("out").GetString()!,
                InPort = e.GetProperty("in").GetString()!,
                AtWl = OptNum(e.GetProperty("at_wl")),
                Band = e.GetProperty("band").ValueKind == JsonValueKind.Null ? null : (e.GetProperty("band")[0].GetDouble(), e.GetProperty("band")[1].GetDouble()),
                Min = OptNum(e.GetProperty("min")),
                Max = OptNum(e.GetProperty("max")),
            });
            var sk = e.GetProperty("sketch");
            double vmin = OptNum(e.GetProperty("value_min")) ?? double.PositiveInfinity, vmax = OptNum(e.GetProperty("value_max")) ?? double.NegativeInfinity;
            var sketch = QuantileSketch.FromState(sk.GetProperty("capacity").GetInt32(), sk.GetProperty("level").GetInt32(), vmin, vmax,
                                                  DecodeBuckets(sk.GetProperty("buckets").GetString()!));
            st.Metrics[i].Restore(
                e.GetProperty("count").GetInt64(), e.GetProperty("nan_count").GetInt64(), e.GetProperty("passed").GetInt64(),
                vmin, vmax,
                e.GetProperty("argmin").GetInt64(), e.GetProperty("argmax").GetInt64(),
                e.GetProperty("moment_nodes").EnumerateArray().Select(n => (n[0].GetInt64(), n[1].GetInt64(),
                    new Moments(n[2].GetInt64(), OptNum(n[3]) ?? double.NaN, OptNum(n[4]) ?? double.NaN))).ToList(),
                sketch,
                e.GetProperty("worst").EnumerateArray().Select(x => (OptNum(x[0]) ?? double.NegativeInfinity, x[1].GetInt64(), OptNum(x[2]) ?? double.NaN)).ToList());
        }
        st.Restore(state.GetProperty("first_sample").GetInt64(), state.GetProperty("end_sample").GetInt64(),
                   state.GetProperty("passed").GetInt64(), state.GetProperty("nan_samples").GetInt64(),
                   state.GetProperty("failing_samples").EnumerateArray().Select(x => x.GetInt64()));
        (int, int)? shard = root.TryGetProperty("shard", out var sh) ? (sh.GetProperty("index").GetInt32(), sh.GetProperty("count").GetInt32()) : null;
        return new MonteCarloSummary
        {
            Seed = root.GetProperty("seed").GetUInt64(),
            TotalSamples = root.GetProperty("total_samples").GetInt64(),
            Shard = shard,
            RunId = root.GetProperty("run_id").GetString()!,
            Truncated = root.TryGetProperty("truncated", out var tr) && tr.ValueKind == JsonValueKind.True,
            Specs = specs,
            Parameters = root.GetProperty("parameters").EnumerateArray().Select(p => new ParameterInfo(
                p.GetProperty("name").GetString()!, p.GetProperty("dist").GetString()!, OptNum(p.GetProperty("mean")),
                OptNum(p.GetProperty("std")) ?? double.NaN, OptNum(p.GetProperty("low")) ?? double.NegativeInfinity,
                OptNum(p.GetProperty("high")) ?? double.PositiveInfinity, p.GetProperty("scope").GetString()!,
                p.GetProperty("columns").EnumerateArray().Select(c => c.GetString()!).ToList())).ToList(),
            Statistics = st,
            CornerLabels = root.TryGetProperty("corners", out var co) ? co.EnumerateArray().Select(c => c.GetString()!).ToList() : null,
            Warnings = root.GetProperty("warnings").EnumerateArray().Select(x => x.GetString()!).ToList(),
            Metadata = root.GetProperty("metadata").EnumerateObject().Select(p => new KeyValuePair<string, string>(p.Name, p.Value.GetString()!)).ToList(),
        };
    }

    /// <summary>
    /// Sketch buckets, sorted by key, as base64 of LEB128 varints: the first key zigzag-encoded, then for each
    /// bucket the key's increase over the previous one and its count. Exact and about 4 bytes per bucket.
    /// </summary>
    internal static string EncodeBuckets(IEnumerable<(long Key, long Count)> buckets)
    {
        var bytes = new List<byte>();
        void Put(ulong v) { while (v >= 0x80) { bytes.Add((byte)(v | 0x80)); v >>= 7; } bytes.Add((byte)v); }
        long prev = 0;
        bool first = true;
        foreach (var (k, c) in buckets)
        {
            Put(first ? (ulong)((k << 1) ^ (k >> 63)) : (ulong)(k - prev));
            Put((ulong)c);
            prev = k; first = false;
        }
        return Convert.ToBase64String(bytes.ToArray());
    }

    internal static IEnumerable<(long Key, long Count)> DecodeBuckets(string text)
    {
        var bytes = Convert.FromBase64String(text);
        int i = 0;
        ulong Get()
        {
            ulong v = 0;
            for (int shift = 0; ; shift += 7)
            {
                byte b = bytes[i++];
                v |= (ulong)(b & 0x7f) << shift;
                if (b < 0x80) return v;
            }
        }
        var list = new List<(long, long)>();
        long key = 0;
        while (i < bytes.Length)
        {
            ulong d = Get();
            key = list.Count == 0 ? (long)(d >> 1) ^ -(long)(d & 1) : key + (long)d;
            list.Add((key, (long)Get()));
        }
        return list;
    }

    private static double? OptNum(JsonElement e) => e.ValueKind == JsonValueKind.Null ? null : e.GetDouble();

    /// <summary>
    /// Combines the summaries of the shards of one run (any order) into the summary of the whole run: they must
    /// share the run id and together cover every sample exactly once. Metadata values that differ between shards
    /// (e.g. the backend) are joined with '+'.
    /// </summary>
    public static MonteCarloSummary Merge(IReadOnlyList<(string Path, MonteCarloSummary Summary)> shards)
    {
        if (shards.Count == 0) throw new PhotonicException("merge: no summaries given");
        var first = shards[0];
        foreach (var (path, s) in shards)
            if (s.Truncated)
                throw new PhotonicException($"merge: {path} is truncated (the run was interrupted after samples [{s.Statistics.FirstSample}, {s.Statistics.EndSample})); rerun {(s.Shard is { } sh ? $"shard {sh.Index}/{sh.Count}" : "it")}");
        foreach (var (path, s) in shards)
            if (s.RunId != first.Summary.RunId)
                throw new PhotonicException($"merge: {path} is from a different run than {first.Path} (run_id {s.RunId} vs {first.Summary.RunId}: netlist, wavelengths, variation, seed or specs differ)");
        var ordered = shards.OrderBy(s => s.Summary.Statistics.FirstSample).ToList();
        long expect = 0;
        foreach (var (path, s) in ordered)
        {
            var st = s.Statistics;
            if (st.FirstSample > expect)
                throw new PhotonicException($"merge: samples [{expect}, {st.FirstSample}) are missing (no shard covers them); have: {Coverage(ordered)}");
            if (st.FirstSample < expect)
                throw new PhotonicException($"merge: {path} overlaps another shard at samples [{st.FirstSample}, {Math.Min(expect, st.EndSample)}); have: {Coverage(ordered)}");
            expect = st.EndSample;
        }
        if (expect != first.Summary.TotalSamples)
            throw new PhotonicException($"merge: samples [{expect}, {first.Summary.TotalSamples}) are missing (no shard covers them); have: {Coverage(ordered)}");

        var head = ordered[0].Summary;
        var total = new MonteCarloStatistics(0, head.Specs.Count, head.Statistics.Metrics.FirstOrDefault()?.Sketch.Capacity ?? QuantileSketch.DefaultCapacity);
        foreach (var (_, s) in ordered) total.Append(s.Statistics);
        var metadata = head.Metadata.Select(kv => new KeyValuePair<string, string>(kv.Key,
            string.Join("+", ordered.Select(o => o.Summary.Metadata.FirstOrDefault(x => x.Key == kv.Key).Value ?? "").Distinct()))).ToList();
        return new MonteCarloSummary
        {
            Seed = head.Seed, TotalSamples = head.TotalSamples, Shard = null, RunId = head.RunId, Specs = head.Specs,
            Parameters = head.Parameters, Statistics = total, CornerLabels = head.CornerLabels, Warnings = head.Warnings, Metadata = metadata,
        };
    }

    private static string Coverage(IEnumerable<(string Path, MonteCarloSummary Summary)> shards)
        => string.Join(", ", shards.Select(s => $"{Path.GetFileName(s.Path)} [{s.Summary.Statistics.FirstSample}, {s.Summary.Statistics.EndSample})"));
}
