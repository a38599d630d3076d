namespace PhotonicSolver.MonteCarlo;

/// <summary>
/// Everything a Monte Carlo run keeps about its samples [FirstSample, EndSample): yield counts, NaN samples, the
/// first failing samples and one <see cref="MetricStatistics"/> per spec. Memory is bounded whatever the sample
/// count; statistics of consecutive ranges <see cref="Append"/> into exactly those of the whole range.
/// </summary>
public sealed class MonteCarloStatistics
{
    public const int FailingSamplesKept = 10;

    public long FirstSample { get; private set; }
    public long EndSample { get; private set; }
    public long Samples => EndSample - FirstSample;
    public long Passed { get; private set; }
    /// <summary>Samples with a singular point, a non-finite output or a metric that could not be measured.</summary>
    public long NanSamples { get; private set; }
    public List<long> FailingSamples { get; } = [];
    public MetricStatistics[] Metrics { get; }

    public MonteCarloStatistics(long firstSample, int metrics, int sketchCapacity = QuantileSketch.DefaultCapacity)
    {
        FirstSample = EndSample = firstSample;
        Metrics = Enumerable.Range(0, metrics).Select(_ => new MetricStatistics(sketchCapacity)).ToArray();
    }

    /// <summary>Records the next sample's outcome (its metrics are added to <see cref="Metrics"/> by the caller).</summary>
    public void AddSample(long sample, bool passed, bool nan)
    {
        if (sample != EndSample) throw new InvalidOperationException($"sample {sample} out of order (expected {EndSample})");
        EndSample++;
        if (passed) Passed++;
        else if (FailingSamples.Count < FailingSamplesKept) FailingSamples.Add(sample);
        if (nan) NanSamples++;
    }

    /// <summary>
    /// Appends one block of samples [lo, hi) reduced by <see cref="BlockReduction"/>: the sample counts and failing
    /// samples here, each metric's partial statistics through <see cref="MetricStatistics.AppendBlock"/>.
    /// </summary>
    public void AppendBlock(BlockLayout lay, long[] longs, double[] doubles, int block, long lo, long hi)
    {
        if (lo != EndSample) throw new InvalidOperationException($"block [{lo}, {hi}) out of order (expected {EndSample})");
        int b = block * lay.LongsPerBlock;
        EndSample = hi;
        Passed += longs[b];
        NanSamples += longs[b + 1];
        for (int i = 0; i < longs[b + 2] && FailingSamples.Count < FailingSamplesKept; i++) FailingSamples.Add(longs[b + 3 + i]);
        for (int j = 0; j < Metrics.Length; j++) Metrics[j].AppendBlock(lay, longs, doubles, block, j);
    }

    /// <summary>Appends the statistics of the samples right after these.</summary>
    public void Append(MonteCarloStatistics next)
    {
        if (next.FirstSample != EndSample)
            throw new PhotonicException($"samples [{next.FirstSample}, {next.EndSample}) do not follow [{FirstSample}, {EndSample})");
        if (next.Metrics.Length != Metrics.Length) throw new PhotonicException("the runs have different specs");
        EndSample = next.EndSample;
        Passed += next.Passed;
        NanSamples += next.NanSamples;
        foreach (var s in next.FailingSamples)
            if (FailingSamples.Count < FailingSamplesKept) FailingSamples.Add(s);
        for (int i = 0; i < Metrics.Length; i++) Metrics[i].Append(next.Metrics[i]);
    }

    internal void Restore(long first, long end, long passed, long nan, IEnumerable<long> failing)
    {
        FirstSample = first; EndSample = end; Passed = passed; NanSamples = nan;
        FailingSamples.AddRange(failing);
    }

    public double Yield => Samples == 0 ? double.NaN : (double)Passed / Samples;

    public (double Low, double High) YieldInterval => Wilson(Passed, Samples);

    /// <summary>
    /// Wilson score interval at 95 % (z = 1.959963984540054): center (p̂ + z²/2n)/(1 + z²/n), half-width
    /// z/(1 + z²/n)·√(p̂(1 − p̂)/n + z²/4n²). Unlike p̂ ± z·σ it stays inside [0, 1] and is sensible at 0 % and 100 %.
    /// </summary>
    public static (double Low, double High) Wilson(long passed, long n, double z = 1.959963984540054)
    {
        if (n == 0) return (double.NaN, double.NaN);
        double p = (double)passed / n, z2 = z * z;
        double den = 1 + z2 / n;
        double center = (p + z2 / (2.0 * n)) / den;
        double half = z / den * Math.Sqrt(p * (1 - p) / n + z2 / (4.0 * n * n));
        // At 0 % and 100 % the bound is exactly 0 or 1 (the formula gives it up to rounding).
        return (passed == 0 ? 0.0 : Math.Max(0.0, center - half), passed == n ? 1.0 : Math.Min(1.0, center + half));
    }
}
