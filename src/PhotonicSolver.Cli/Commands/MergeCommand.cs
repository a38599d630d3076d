using System.CommandLine;
using System.Globalization;
using PhotonicSolver.MonteCarlo;

namespace PhotonicSolver.Cli.Commands;

/// <summary>`photonic merge shard*.json -o summary.json`: the shards of a Monte Carlo run into its exact unsharded summary.</summary>
public static class MergeCommand
{
    public static Command Create(CliIO io)
    {
        var files = new Argument<string[]>("summaries") { Description = "Shard summaries written by 'photonic montecarlo --shard I/N --summary ...'.", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string>("--out", "-o") { Description = "Merged summary (JSON; - for stdout).", Required = true };
        var cmd = new Command("merge", "Combine Monte Carlo shard summaries into the summary of the whole run (identical to an unsharded run).")
        {
            files, output,
        };
        cmd.SetAction(r => io.Guard(() =>
        {
            var paths = r.GetValue(files)!;
            var merged = MonteCarloSummary.Merge(paths.Select(p => (p, MonteCarloSummary.Read(p))).ToList());
            string outPath = r.GetValue(output)!;
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
}
