using System.Security.Cryptography;
using System.Text.Json;
using Parquet;
using PhotonicSolver.Tests.Cli;

namespace PhotonicSolver.Tests.MonteCarlo;

/// <summary>`photonic montecarlo` and `photonic merge` end to end: summary keys, Parquet/CSV output and metadata, shards.</summary>
public class MonteCarloCliTests
{
    private const string McFile = """
        montecarlo:
          samples: 3000
          seed: 42
          parameters:
            - {name: ps.phase, dist: normal, mean: 0.0, std: 0.06}
            - {name: "dc*.coupling", dist: truncnormal, mean: 0.5, std: 0.01, low: 0.47, high: 0.53, scope: local}
        specs:
          - {name: isolation, metric: transmission_dB, pair: cross:in, at_wl: 1.55, max: -25}
          - {name: il, metric: insertion_loss_dB, pair: bar:in, band: [1.54, 1.56], max: 0.05}
        """;

    private static string Netlist => CliRunner.Example(Path.Combine("montecarlo", "mzi.yaml"));

    private static (string Dir, string Mc) Setup()
    {
        string mc = CliRunner.TempFile("mc.yaml", McFile);
        return (Path.GetDirectoryName(mc)!, mc);
    }

    private static void Ok((int Code, string Out, string Err) r) => Assert.True(r.Code == 0, r.Err);

    [Fact]
    public void SummaryHoldsYieldIntervalNanCountSeedAndMetricStatistics()
    {
        var (dir, mc) = Setup();
        string summary = Path.Combine(dir, "summary.json");
        var r = CliRunner.Run("montecarlo", Netlist, "--sweep-file", mc, "--wl", "1.54:1.56:5", "--summary", summary, "--backend", "cpu");
        Ok(r);
        Assert.Contains("3000 samples on cpu", r.Err);
        using var doc = JsonDocument.Parse(File.ReadAllText(summary));
        var root = doc.RootElement;
        Assert.Equal(3000, root.GetProperty("samples").GetInt64());
        long passed = root.GetProperty("passed").GetInt64();
        Assert.Equal((double)passed / 3000, root.GetProperty("yield").GetDouble());
        var ci = root.GetProperty("yield_ci");
        Assert.InRange(root.GetProperty("yield").GetDouble(), ci[0].GetDouble(), ci[1].GetDouble());
        Assert.Equal(0, root.GetProperty("nan_count").GetInt64());
        Assert.Equal(42UL, root.GetProperty("seed").GetUInt64());
        foreach (var metric in new[] { "isolation", "il" })
        {
            var m = root.GetProperty("metrics").GetProperty(metric);
            foreach (var key in new[] { "mean", "std", "min", "max", "p01", "p50", "p99" }) Assert.Equal(JsonValueKind.Number, m.GetProperty(key).ValueKind);
            Assert.True(m.GetProperty("min").GetDouble() <= m.GetProperty("p01").GetDouble());
            Assert.True(m.GetProperty("p99").GetDouble() <= m.GetProperty("max").GetDouble());
        }
        var meta = root.GetProperty("metadata");
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Netlist))), meta.GetProperty("netlist_sha256").GetString());
        Assert.Equal(McFile, meta.GetProperty("sweep_spec").GetString());
        Assert.Equal("fp64", meta.GetProperty("precision").GetString());
    }

    /// <summary>Parquet and CSV carry the same rows; Parquet's key-value metadata holds the provenance.</summary>
    [Fact]
    public void ParquetAndCsvHoldEverySampleWithMetadata()
    {
        var (dir, mc) = Setup();
        string pq = Path.Combine(dir, "s.parquet"), csv = Path.Combine(dir, "s.csv");
        Ok(CliRunner.Run("montecarlo", Netlist, "--sweep-file", mc, "--summary", Path.Combine(dir, "a.json"), "--out", pq, "--chunk-samples", "700", "--backend", "cpu"));
        Ok(CliRunner.Run("montecarlo", Netlist, "--sweep-file", mc, "--summary", Path.Combine(dir, "b.json"), "--out", csv));
        var table = ReadParquet(pq, out var metadata, out var columns);
        Assert.Equal(["sample", "ps.phase", "dc1.coupling", "dc2.coupling", "isolation", "il", "pass", "nan"], columns);
        foreach (var key in new[] { "netlist_sha256", "sweep_spec", "seed", "backend", "precision", "version", "run_id", "circuit_sha256" })
            Assert.True(metadata.ContainsKey(key), key);
        Assert.Equal("42", metadata["seed"]);
        Assert.Equal("cpu", metadata["backend"]);

        var lines = File.ReadAllLines(csv);
        Assert.StartsWith("# photonic montecarlo samples", lines[0]);
        var rows = lines.Where(l => !l.StartsWith('#')).Skip(1).ToList();
        Assert.Equal(string.Join(",", columns), lines.First(l => !l.StartsWith('#')));
        Assert.Equal(3000, rows.Count);
        Assert.Equal(3000, table.Count);
        for (int i = 0; i < rows.Count; i += 97)
        {
            var f = rows[i].Split(',');
            Assert.Equal(i, long.Parse(f[0]));
            for (int k = 1; k <= 5; k++) Assert.Equal(double.Parse(f[k], System.Globalization.CultureInfo.InvariantCulture), (double)table[i][k]);
            Assert.Equal(f[6] == "1", (bool)table[i][6]);
        }
    }

    /// <summary>Shards 0/3, 1/3, 2/3 merged with `photonic merge` give the unsharded summary byte for byte, and their sample files the same rows.</summary>
    [Fact]
    public void ShardsMergeIntoTheUnshardedSummary()
    {
        var (dir, mc) = Setup();
        string whole = Path.Combine(dir, "whole.json");
        Ok(CliRunner.Run("montecarlo", Netlist, "--sweep-file", mc, "--summary", whole, "--out", Path.Combine(dir, "whole.parquet")));
        var shards = new List<string>();
        for (int i = 0; i < 3; i++)
        {
            string s = Path.Combine(dir, $"shard{i}.json");
            var r = CliRunner.Run("montecarlo", Netlist, "--sweep-file", mc, "--summary", s, "--shard", $"{i}/3", "--out", Path.Combine(dir, $"shard{i}.parquet"));
            Ok(r);
            Assert.Contains($"shard {i}/3", r.Err);
            shards.Add(s);
        }
        string merged = Path.Combine(dir, "merged.json");
        Ok(CliRunner.Run(["merge", .. shards, "-o", merged]));
        Assert.Equal(File.ReadAllText(whole), File.ReadAllText(merged));

        var rows = ReadParquet(Path.Combine(dir, "whole.parquet"), out _, out _);
        var parts = Enumerable.Range(0, 3).SelectMany(i => ReadParquet(Path.Combine(dir, $"shard{i}.parquet"), out _, out _)).ToList();
        Assert.Equal(rows.Count, parts.Count);
        for (int i = 0; i < rows.Count; i++) Assert.Equal(rows[i], parts[i]);
    }

    [Fact]
    public void CornersRunOneSamplePerCorner()
    {
        string dir = Path.GetDirectoryName(CliRunner.TempFile("x"))!;
        string summary = Path.Combine(dir, "corners.json");
        var r = CliRunner.Run("montecarlo", Netlist, "--sweep-file", CliRunner.Example(Path.Combine("montecarlo", "corners.yaml")), "--summary", summary);
        Ok(r);
        using var doc = JsonDocument.Parse(File.ReadAllText(summary));
        Assert.Equal(9, doc.RootElement.GetProperty("samples").GetInt64());
        Assert.Equal(9, doc.RootElement.GetProperty("corners").GetArrayLength());
    }

    /// <summary>A grid sweep in 4 shards (uneven: 3·5·7 = 105 points), merged, is the unsharded CSV byte for byte.</summary>
    [Fact]
    public void SweepShardsConcatenateIntoTheUnshardedCsv()
    {
        string dir = Path.GetDirectoryName(CliRunner.TempFile("x"))!;
        string[] args = ["sweep", CliRunner.Example("ring_add_drop.yaml"), "--wl", "1.54:1.56:7", "--sweep", "c1.coupling=0.05:0.2:3", "--sweep", "temperature=25,35,45,55,65", "--chunk-points", "1024"];
        Ok(CliRunner.Run([.. args, "--out", Path.Combine(dir, "whole.csv")]));
        var shards = new List<string>();
        for (int i = 3; i >= 0; i--)
        {
            shards.Add(Path.Combine(dir, $"grid{i}.csv"));
            Ok(CliRunner.Run([.. args, "--shard", $"{i}/4", "--out", shards[^1]]));
        }
        Ok(CliRunner.Run(["merge", .. shards, "-o", Path.Combine(dir, "merged.csv")]));
        Assert.Equal(File.ReadAllText(Path.Combine(dir, "whole.csv")), File.ReadAllText(Path.Combine(dir, "merged.csv")));
        Assert.Equal(1 + 105, File.ReadAllLines(Path.Combine(dir, "merged.csv")).Length);
    }

    /// <summary>The documented example files run (with few samples).</summary>
    [Theory]
    [InlineData("montecarlo/mzi.yaml", "mzi_mc.yaml")]
    [InlineData("ring_add_drop.yaml", "ring_mc.yaml")]
    public void ExamplesRun(string netlist, string mc)
    {
        string dir = Path.GetDirectoryName(CliRunner.TempFile("x"))!;
        Ok(CliRunner.Run("montecarlo", CliRunner.Example(netlist), "--sweep-file", CliRunner.Example(Path.Combine("montecarlo", mc)),
                         "--samples", "200", "--summary", Path.Combine(dir, "s.json"), "--out", Path.Combine(dir, "s.parquet")));
    }

    /// <summary>Every sample row of a Parquet file as objects (sample, doubles..., pass, nan).</summary>
    private static List<object[]> ReadParquet(string path, out Dictionary<string, string> metadata, out List<string> columns)
    {
        var reader = ParquetReader.CreateAsync(path).GetAwaiter().GetResult();
        using var _ = new Disposer(reader);
        metadata = reader.CustomMetadata.ToDictionary(kv => kv.Key, kv => kv.Value);
        var fields = reader.Schema.GetDataFields();
        columns = fields.Select(f => f.Name).ToList();
        var rows = new List<object[]>();
        for (int g = 0; g < reader.RowGroupCount; g++)
        {
            var rg = reader.OpenRowGroupReader(g);
            int n = (int)rg.RowCount;
            var cols = new List<Array>();
            foreach (var f in fields)
            {
                if (f.ClrType == typeof(long)) { var a = new long[n]; rg.ReadAsync<long>(f, a).GetAwaiter().GetResult(); cols.Add(a); }
                else if (f.ClrType == typeof(double)) { var a = new double[n]; rg.ReadAsync<double>(f, a).GetAwaiter().GetResult(); cols.Add(a); }
                else { var a = new bool[n]; rg.ReadAsync<bool>(f, a).GetAwaiter().GetResult(); cols.Add(a); }
            }
            for (int i = 0; i < n; i++) rows.Add(cols.Select(c => c.GetValue(i)!).ToArray());
        }
        return rows;
    }

    private sealed class Disposer(IAsyncDisposable d) : IDisposable
    {
        public void Dispose() => d.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }
}

/// <summary>The Monte Carlo file shown in docs/montecarlo.md is the one that runs.</summary>
public class MonteCarloDocsTests
{
    [Fact]
    public void TheDocumentedFileRuns()
    {
        string doc = File.ReadAllText(Path.Combine(DocsTests.RepoRoot(), "docs", "montecarlo.md"));
        int start = doc.IndexOf("```yaml\nwl:", StringComparison.Ordinal) + "```yaml\n".Length;
        string yaml = doc[start..doc.IndexOf("```", start, StringComparison.Ordinal)];
        var file = PhotonicSolver.MonteCarlo.MonteCarloFile.Parse(yaml, "docs/montecarlo.md");
        Assert.Equal(1_000_000, file.Variation.Samples);
        Assert.Equal(3, file.Specs.Count);
        string mc = CliRunner.TempFile("doc.yaml", yaml);
        var r = CliRunner.Run("montecarlo", CliRunner.Example(Path.Combine("montecarlo", "mzi.yaml")), "--sweep-file", mc, "--samples", "500",
                              "--summary", Path.Combine(Path.GetDirectoryName(mc)!, "s.json"));
        Assert.True(r.Code == 0, r.Err);
        Assert.Contains("500 samples", r.Err);
    }
}
