using System.Diagnostics;
using PhotonicSolver.Backends;
using PhotonicSolver.Circuit;
using PhotonicSolver.Numerics;

namespace PhotonicSolver.Sweep;

/// <summary>Receives a sweep's results chunk by chunk, in point order.</summary>
public interface ISweepSink
{
    void Begin(EvaluationPlan plan);
    /// <summary>Points [start, start + count): outputs[p·NumOutputs + k], status[p] (0 = ok).</summary>
    void Write(long start, int count, Cx[] outputs, int[] status);
    /// <summary>Called once at the end; truncated when the run was cancelled after <paramref name="written"/> points.</summary>
    void End(bool truncated, long written);
}

/// <summary>What a finished (or interrupted) sweep reports.</summary>
public sealed record SweepSummary(long Points, long Written, bool Truncated, long SingularPoints, string? FirstSingular, TimeSpan Elapsed);

/// <summary>Progress of a running sweep, for progress bars.</summary>
public readonly record struct SweepProgress(long Done, long Total, TimeSpan Elapsed);

/// <summary>
/// Streams a sweep through a backend in bounded chunks: memory is O(chunk), whatever the grid size. The next
/// chunk is computed while the sink writes the previous one. Cancellation stops after the chunk in flight,
/// and the sink is told the output is truncated.
/// </summary>
public static class SweepRunner
{
    /// <summary>Default chunk bound: 32 MiB of complex outputs.</summary>
    public const long DefaultChunkBytes = 32L << 20;

    public static int ChunkPoints(EvaluationPlan plan, long chunkBytes = DefaultChunkBytes)
    {
        long perPoint = 16L * Math.Max(1, plan.Layout.NumOutputs) + 4;
        long n = Math.Clamp(chunkBytes / perPoint, 1024, 1 << 24);
        return (int)Math.Min(n, Math.Max(1, plan.PointCount));
    }

    public static SweepSummary Run(IPreparedPlan prepared, ISweepSink sink, int chunkPoints = 0,
                                   IProgress<SweepProgress>? progress = null, CancellationToken cancel = default)
    {
        var plan = prepared.Plan;
        if (chunkPoints <= 0) chunkPoints = ChunkPoints(plan);
        long total = plan.PointCount;
        int nOut = plan.Layout.NumOutputs;
        var clock = Stopwatch.StartNew();
        sink.Begin(plan);

        // Two buffers: one being computed, one being written.
        var outA = new Cx[(long)chunkPoints * nOut]; var stA = new int[chunkPoints];
        var outB = new Cx[(long)chunkPoints * nOut]; var stB = new int[chunkPoints];
        long written = 0, singular = 0;
        string? firstSingular = null;
        Task? writing = null;
        bool truncated = false;
        for (long start = 0; start < total; start += chunkPoints)
        {
            if (cancel.IsCancellationRequested) { truncated = true; break; }
            int count = (int)Math.Min(chunkPoints, total - start);
            prepared.Evaluate(start, count, outA, stA);
            for (int p = 0; p < count; p++)
            {
                if (stA[p] == 0) continue;
                singular++;
                firstSingular ??= plan.PivotDescriptions[stA[p] - 1];
            }
            writing?.Wait();
            long s0 = start; var o = outA; var st = stA; int c = count;
            writing = Task.Run(() => sink.Write(s0, c, o, st));
            written = start + count;
            (outA, outB) = (outB, outA);
            (stA, stB) = (stB, stA);
            progress?.Report(new SweepProgress(written, total, clock.Elapsed));
        }
        writing?.Wait();
        if (cancel.IsCancellationRequested && written < total) truncated = true;
        sink.End(truncated, written);
        return new SweepSummary(total, written, truncated, singular, firstSingular, clock.Elapsed);
    }
}
