using System.CommandLine;
using System.Globalization;
using System.Text.RegularExpressions;
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
        var files = new Argument<string[]>("shards") { Description = "Shard outputs: Monte Carlo summaries (.json) or sweep CSVs (.csv, taken in natural name order: shard2 before shard10).", Arity = ArgumentArity.OneOrMore };
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
            if (outPath == "-") io.Out.Write(merged.ToJson());
            else merged.Write(outPath);
            var st = merged.Statistics;
            var (lo, hi) = st.YieldInterval;
            io.Err.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"merged {paths.Length} summaries: {st.Samples} samples, yield {st.Yield:F6} [{lo:F6}, {hi:F6}], {st.NanSamples} NaN samples{(outPath == "-" ? "" : " -> " + outPath)}"));
            return 0;
        }));
        return cmd;
    }

    private static StreamWriter Open(string path)
    {
        try
        {
            var dir = Path.GetDirectoryName(Path.GetFullPath(path));
            if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
            return new StreamWriter(File.Open(path, FileMode.Create), new System.Text.UTF8Encoding(false), 1 << 20);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PhotonicException($"cannot write '{path}': {e.Message}");
        }
    }

    /// <summary>Concatenates sweep CSV shards under the first one's header, refusing truncated shards or different headers.</summary>
    private static int MergeCsv(CliIO io, string[] paths, string outPath)
    {
        var ordered = paths.OrderBy(p => Regex.Replace(Path.GetFileName(p), @"\d+", m => m.Value.PadLeft(20, '0')), StringComparer.Ordinal).ToList();
        string? header = null;
        long rows = 0;
        using var file = outPath == "-" ? null : Open(outPath);
        var output = file ?? io.Out;
        foreach (var p in ordered)
        {
            if (!File.Exists(p)) throw new PhotonicException($"merge: file not found: {p}");
            using var reader = new StreamReader(p);
            string? first = reader.ReadLine();
            if (first is null) throw new PhotonicException($"merge: {p} is empty");
            if (header is null) { header = first; output.Write(first + "\n"); }
            else if (first != header) throw new PhotonicException($"merge: {p} has different columns than {ordered[0]} (not a shard of the same sweep)");
            string? line;
            while ((line = reader.ReadLine()) is not null)
            {
                if (line.StartsWith("# TRUNCATED", StringComparison.Ordinal)) throw new PhotonicException($"merge: {p} is truncated ({line[2..]}); rerun that shard");
                output.Write(line);
                output.Write('\n');
                rows++;
            }
        }
        output.Flush();
        io.Err.WriteLine($"merged {paths.Length} CSV shards: {rows} rows{(outPath == "-" ? "" : " -> " + outPath)}");
        return 0;
    }
}
