using PhotonicSolver.Backends;
using PhotonicSolver.Circuit;
using PhotonicSolver.Numerics;

namespace PhotonicSolver.Sweep;

/// <summary>
/// Shard I of N of a grid sweep: the contiguous points [⌊I·P/N⌋, ⌊(I+1)·P/N⌋) of the full grid, evaluated with their
/// global point indices (so every value is the unsharded run's) and handed to the sink under those indices. The
/// shards' CSV files, concatenated in order under one header, are the unsharded CSV.
/// </summary>
public static class SweepShard
{
    public static (long First, long End) Range(long points, int index, int count)
    {
        if (count < 1 || index < 0 || index >= count) throw new PhotonicException($"shard {index}/{count}: expected I/N with 0 <= I < N");
        return ((long)((Int128)points * index / count), (long)((Int128)points * (index + 1) / count));
    }

    /// <summary>Streams shard <paramref name="index"/> of <paramref name="count"/> of the plan's grid into the sink.</summary>
    public static SweepSummary Run(IPreparedPlan prepared, ISweepSink sink, int index, int count, int chunkPoints = 0,
                                   IProgress<SweepProgress>? progress = null, CancellationToken cancel = default)
    {
        var plan = prepared.Plan;
        var (first, end) = Range(plan.PointCount, index, count);
        if (end <= first) throw new PhotonicException($"shard {index}/{count} has no points ({plan.PointCount} points in {count} shards)");
        var slice = new EvaluationPlan
        {
            Layout = plan.Layout, Ints = plan.Ints, Doubles = plan.Doubles, PointCount = end - first, AxisStrides = plan.AxisStrides,
            Sweep = plan.Sweep, PortNames = plan.PortNames, Outputs = plan.Outputs, PivotDescriptions = plan.PivotDescriptions,
            DynamicInstances = plan.DynamicInstances, ConstantInstances = plan.ConstantInstances, Variation = plan.Variation,
        };
        return SweepRunner.Run(new Offset(prepared, slice, first), new OffsetSink(sink, first), chunkPoints, progress, cancel);
    }

    private sealed class Offset(IPreparedPlan inner, EvaluationPlan slice, long first) : IPreparedPlan
    {
        public EvaluationPlan Plan => slice;
        public void Evaluate(long start, int count, Cx[] outputs, int[] status) => inner.Evaluate(first + start, count, outputs, status);
        public void Dispose() { }
    }

    private sealed class OffsetSink(ISweepSink inner, long first) : ISweepSink
    {
        public void Begin(EvaluationPlan plan) => inner.Begin(plan);
        public void Write(long start, int count, Cx[] outputs, int[] status) => inner.Write(first + start, count, outputs, status);
        public void End(bool truncated, long written) => inner.End(truncated, written);
    }
}
