using PhotonicSolver.Backends;
using PhotonicSolver.Circuit;
using PhotonicSolver.IO;
using PhotonicSolver.Sweep;

namespace PhotonicSolver.Cli.Commands;

/// <summary>Streaming a compiled sweep to CSV with progress, Ctrl-C handling and a singular-point report.</summary>
public static class SweepOutput
{
    /// <summary>Refuses a CSV that cannot fit on the target disk, before any work is done (<see cref="ResourceGuard.Disk"/>).</summary>
    public static void CheckCsvSize(EvaluationPlan plan, string outPath)
        => ResourceGuard.CsvDisk("sweep grid too large for CSV output", outPath, plan.PointCount, 1 + plan.Sweep.Axes.Count + 3 * plan.Outputs.Length);

    public static int RunToCsv(CliIO io, ISweepBackend backend, EvaluationPlan plan, string outPath, int chunkPoints = 0,
                               (int Index, int Count) shard = default, string? fingerprint = null, CsvFormat format = CsvFormat.RoundTrip)
    {
        using var streaming = Interrupts.Streaming();
        using var prepared = backend.Prepare(plan);
        using var writer = CsvSweepWriter.Create(outPath, io.Out, format);
        if (shard.Count > 1)
        {
            var (first, end) = SweepShard.Range(plan.PointCount, shard.Index, shard.Count);
            writer.Preamble = new ShardHeader(shard.Index, shard.Count, first, end, plan.PointCount, fingerprint ?? "").ToString();
        }
        var progress = ProgressBar.ForStderr(io);
        var summary = shard.Count > 1
            ? SweepShard.Run(prepared, writer, shard.Index, shard.Count, chunkPoints, progress, Interrupts.Token)
            : SweepRunner.Run(prepared, writer, chunkPoints, progress, Interrupts.Token);
        progress?.Finish();
        if (summary.SingularPoints > 0)
            io.Err.WriteLine($"warning: {summary.SingularPoints} of {summary.Points} points hit a lossless closed cavity on resonance " +
                             $"(singular loop at {summary.FirstSingular}); their outputs are NaN. Add a little loss or move off resonance.");
        if (summary.Truncated)
        {
            io.Err.WriteLine($"interrupted: wrote {summary.Written} of {summary.Points} points to {outPath}; the file ends with a '# TRUNCATED' line");
            return CliIO.Interrupted;
        }
        if (outPath != "-")
            io.Err.WriteLine($"{summary.Points} points, {plan.Outputs.Length} port pairs on {backend.Name} in {summary.Elapsed.TotalSeconds:F2} s " +
                             $"(peak RSS {Environment.WorkingSet / 1048576.0:F0} MiB now, {System.Diagnostics.Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:F0} MiB peak) -> {outPath}");
        return 0;
    }
}
