using PhotonicSolver.Backends;
using PhotonicSolver.Circuit;
using PhotonicSolver.IO;
using PhotonicSolver.Sweep;

namespace PhotonicSolver.Cli.Commands;

/// <summary>Streaming a compiled sweep to CSV with progress, Ctrl-C handling and a singular-point report.</summary>
public static class SweepOutput
{
    /// <summary>Rough CSV bytes per value ("-0.12345678901234567," is about 22 characters).</summary>
    private const double BytesPerValue = 22;

    /// <summary>Refuses a CSV that cannot fit on the target disk, before any work is done.</summary>
    public static void CheckCsvSize(EvaluationPlan plan, string outPath)
    {
        double columns = 1 + plan.Sweep.Axes.Count + 3.0 * plan.Outputs.Length;
        double bytes = plan.PointCount * columns * BytesPerValue;
        if (outPath == "-") return;
        try
        {
            var dir = Path.GetDirectoryName(Path.GetFullPath(outPath)) ?? ".";
            while (!Directory.Exists(dir)) dir = Path.GetDirectoryName(dir) ?? "/";
            long free = new DriveInfo(dir).AvailableFreeSpace;
            if (bytes > free)
                throw new PhotonicException(
                    $"sweep grid too large for CSV output: {plan.PointCount:N0} points × {columns:N0} columns ≈ {bytes / 1e9:F1} GB, " +
                    $"more than the {free / 1e9:F1} GB free under {dir}. Restrict --pairs, coarsen the grid, or reduce on the fly.");
        }
        catch (IOException) { /* unknown free space: let the write itself fail with its message */ }
    }

    public static int RunToCsv(CliIO io, ISweepBackend backend, EvaluationPlan plan, string outPath, int chunkPoints = 0,
                               (int Index, int Count) shard = default, string? fingerprint = null)
    {
        using var streaming = Interrupts.Streaming();
        using var prepared = backend.Prepare(plan);
        using var writer = CsvSweepWriter.Create(outPath, io.Out);
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
