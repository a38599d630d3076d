using System.CommandLine;
using System.Globalization;
using PhotonicSolver.IO;
using PhotonicSolver.Sweep;
using PhotonicSolver.MonteCarlo;

namespace PhotonicSolver.Cli.Commands;

/// <summary>
/// `photonic merge shard*.json -o summary.json`: Monte Carlo shard summaries into the exact unsharded summary;
/// `photonic merge shard*.csv -o grid.csv`: sweep shards (--shard I/N) concatenated into the unsharded CSV.
/// </summary>
public static class MergeCommand
{
    public static Command Create(CliIO io)
    {
        var files = new Argument<string[]>("shards") { Description = "Shard outputs: Monte Carlo summaries (.json) or sweep CSVs (.csv, each saying which slice it holds).", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string>("--out", "-o") { Description = "Merged file (- for stdout).", Required = true };
        var cmd = new Command("merge", "Combine the shards of a Monte Carlo run or a sweep into exactly the result of an unsharded run.")
        {
            files, output,
        };
        cmd.SetAction(r => io.Guard(() =>
        {
            var paths = r.GetValue(files)!;
            string outPath = r.GetValue(output)!;
            if (paths.All(p => p.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))) return MergeCsv(io, paths, outPath);
            var merged = MonteCarloSummary.Merge(paths.Select(p => (p, MonteCarloSummary.Read(p))).ToList());
            merged.Write(outPath, io.Out);
            var st = merged.Statistics;
            var (lo, hi) = st.YieldInterval;
            io.Err.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"merged {paths.Length} summaries: {st.Samples} samples, yield {st.Yield:F6} [{lo:F6}, {hi:F6}], {st.NanSamples} NaN samples{(outPath == "-" ? "" : " -> " + outPath)}"));
            return 0;
        }));
        return cmd;
    }

    /// <summary>
    /// Concatenates sweep CSV shards under one header into exactly the unsharded CSV. Every shard's first line
    /// (<see cref="ShardHeader"/>) says which slice of which sweep it holds: a missing, duplicated, foreign (another
    /// netlist, --set or grid), overlapping or cut shard is refused by name, and nothing is written.
    /// </summary>
    private static int MergeCsv(CliIO io, string[] paths, string outPath)
    {
        var shards = new List<(string Path, ShardHeader Header)>();
        foreach (var p in paths)
        {
            using var reader = new StreamReader(InputFile.OpenRead(p, "shard"));
            string? first = reader.ReadLine();
            if (first is null) throw new PhotonicException($"merge: {p} is empty");
            var header = ShardHeader.TryParse(first)
                ?? throw new PhotonicException($"merge: {p} is not a sweep shard (its first line is not '{ShardHeader.Prefix}...'); write shards with 'photonic sweep --shard I/N'");
            shards.Add((p, header));
        }
        var reference = shards[0];
        foreach (var (p, h) in shards)
        {
            if (h.Fingerprint != reference.Header.Fingerprint || h.Count != reference.Header.Count || h.Points != reference.Header.Points)
                throw new PhotonicException($"merge: {p} is from a different sweep than {reference.Path} (fingerprint {h.Fingerprint} vs {reference.Header.Fingerprint}: " +
                                            "netlist, sweep file, --set, grid, pairs or precision differ); merge only the shards of one run");
        }
        int count = reference.Header.Count;
        var byIndex = new Dictionary<int, string>();
        foreach (var (p, h) in shards)
        {
            if (byIndex.TryGetValue(h.Index, out var other))
                throw new PhotonicException($"merge: shard {h.Index}/{count} is given twice: {other} and {p}");
            var (f, e) = SweepShard.Range(h.Points, h.Index, h.Count);
            if (h.First != f || h.End != e)
                throw new PhotonicException($"merge: {p} claims points [{h.First}, {h.End}) for shard {h.Index}/{count}, which holds [{f}, {e})");
            byIndex[h.Index] = p;
        }
        var missing = Enumerable.Range(0, count).Where(i => !byIndex.ContainsKey(i)).ToList();
        if (missing.Count > 0)
            throw new PhotonicException($"merge: missing shard{(missing.Count > 1 ? "s" : "")} {string.Join(", ", missing.Select(i => $"{i}/{count}"))} " +
                                        $"of {count} (given: {string.Join(", ", byIndex.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key}/{count} {kv.Value}"))}); rerun the missing tasks");

        string? columns = null;
        long rows = 0;
        using var output = ResultStream.Create(outPath, "merged CSV", io.Out);
        var w = output.Text;
        foreach (var (p, h) in shards.OrderBy(s => s.Header.Index))
        {
            using var reader = new StreamReader(InputFile.OpenRead(p, "shard"));
            reader.ReadLine(); // the shard line
            string? header = reader.ReadLine();
            if (header is null) throw new PhotonicException($"merge: {p} is cut: it has no column header; rerun shard {h.Index}/{count}");
            if (columns is null) { columns = header; w.Write(header); w.Write('\n'); }
            else if (header != columns) throw new PhotonicException($"merge: {p} has different columns than {shards[0].Path}");
            long expected = h.End - h.First, got = 0;
            var buffer = new char[1 << 16];
            string? line;
            while ((line = reader.ReadLine()) is not null)
            {
                if (line.StartsWith("# TRUNCATED", StringComparison.Ordinal))
                    throw new PhotonicException($"merge: {p} is truncated ({line[2..]}); rerun shard {h.Index}/{count}");
                if (line.StartsWith('#')) continue;
                w.Write(line);
                w.Write('\n');
                got++;
            }
            if (got != expected)
                throw new PhotonicException($"merge: {p} is cut: {got} of its {expected} rows; rerun shard {h.Index}/{count}");
            if (!EndsWithNewline(p))
                throw new PhotonicException($"merge: {p} is cut: its last row has no line end; rerun shard {h.Index}/{count}");
            rows += got;
        }
        output.Commit();
        io.Err.WriteLine($"merged {paths.Length} CSV shards: {rows} rows{(outPath == "-" ? "" : " -> " + outPath)}");
        return 0;
    }

    private static bool EndsWithNewline(string path)
    {
        using var f = InputFile.OpenRead(path, "shard");
        if (f.Length == 0) return false;
        f.Seek(-1, SeekOrigin.End);
        return f.ReadByte() == '\n';
    }
}
