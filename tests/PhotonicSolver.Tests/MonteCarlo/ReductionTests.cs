using PhotonicSolver.MonteCarlo;
using PhotonicSolver.Numerics;

namespace PhotonicSolver.Tests.MonteCarlo;

/// <summary>Streaming reductions: percentile accuracy, exact mergeability, moments, Wilson interval.</summary>
public class ReductionTests
{
    /// <summary>numpy's default percentile: linear interpolation between order statistics at h = q(n − 1).</summary>
    private static double ExactPercentile(double[] sorted, double q)
    {
        double h = q * (sorted.Length - 1);
        int lo = (int)Math.Floor(h);
        return lo + 1 < sorted.Length ? sorted[lo] + (h - lo) * (sorted[lo + 1] - sorted[lo]) : sorted[lo];
    }

    private static double[] Data(string kind, int n)
    {
        var x = new double[n];
        for (int i = 0; i < n; i++)
        {
            double z = Distributions.StandardNormal(3, i, 0);
            x[i] = kind switch
            {
                "normal" => 1.55 + 1e-3 * z,                       // offset distribution: a resonance wavelength
                "lognormal" => Math.Exp(2 * z),                    // heavy right tail
                "db" => 10 * Math.Log10(Math.Pow(Math.Sin(0.03 * z), 2) + 1e-12), // long left tail in dB
                _ => i == 17 ? 1e6 : z,                            // one far outlier
            };
        }
        return x;
    }

    /// <summary>
    /// The sketch's p01/p50/p99 (and a few more) are within its reported resolution (one bucket width) of the exact
    /// sample percentiles, for offset, heavy-tailed, dB and outlier data; the resolution itself is below
    /// 2·range/(capacity − 2), as documented.
    /// </summary>
    [Theory]
    [InlineData("normal", 200_000)]
    [InlineData("lognormal", 200_000)]
    [InlineData("db", 200_000)]
    [InlineData("outlier", 50_000)]
    [InlineData("normal", 1000)]
    public void PercentilesAreWithinTheResolution(string kind, int n)
    {
        var x = Data(kind, n);
        var sketch = new QuantileSketch();
        foreach (var v in x) sketch.Add(v);
        var sorted = x.OrderBy(v => v).ToArray();
        foreach (var q in new[] { 0.0, 0.001, 0.01, 0.25, 0.5, 0.75, 0.99, 1.0 })
        {
            double exact = ExactPercentile(sorted, q), est = sketch.Quantile(q);
            Assert.True(Math.Abs(est - exact) <= sketch.Resolution, $"{kind} q={q}: sketch {est:R}, exact {exact:R}, resolution {sketch.Resolution:R}");
        }
        Assert.True(sketch.Resolution < 2 * (sorted[^1] - sorted[0]) / (QuantileSketch.DefaultCapacity - 2));
        Assert.True(sketch.BucketCount <= QuantileSketch.DefaultCapacity);
    }

    /// <summary>Any split into consecutive parts, merged, gives bit-identical moments, sketch and extremes.</summary>
    [Fact]
    public void StatisticsMergeExactlyAcrossArbitrarySplits()
    {
        var x = Data("db", 20_000);
        MetricStatistics Build(int from, int to)
        {
            var s = new MetricStatistics(4096);
            for (int i = from; i < to; i++) s.Add(i, i % 1000 == 7 ? double.NaN : x[i], x[i] < -40, -40 - x[i]);
            return s;
        }
        var whole = Build(0, x.Length);
        foreach (var cuts in new[] { new[] { 1 }, new[] { 3, 4, 9999 }, new[] { 4096, 8192 }, new[] { 777, 12345, 12346, 19999 } })
        {
            var bounds = cuts.Prepend(0).Append(x.Length).ToArray();
            var merged = Build(bounds[0], bounds[1]);
            for (int k = 1; k < bounds.Length - 1; k++) merged.Append(Build(bounds[k], bounds[k + 1]));
            Assert.Equal(whole.Moments.Total(), merged.Moments.Total());
            Assert.Equal(whole.Moments.Nodes, merged.Moments.Nodes);
            Assert.Equal(whole.Sketch.Level, merged.Sketch.Level);
            Assert.Equal(whole.Sketch.Buckets(), merged.Sketch.Buckets());
            Assert.Equal((whole.Min, whole.Max, whole.ArgMin, whole.ArgMax, whole.Count, whole.NanCount, whole.Passed),
                         (merged.Min, merged.Max, merged.ArgMin, merged.ArgMax, merged.Count, merged.NanCount, merged.Passed));
            Assert.Equal(whole.Worst.Items, merged.Worst.Items);
        }
    }

    /// <summary>The sketch of a union does not depend on the order the values arrive in.</summary>
    [Fact]
    public void SketchIsOrderIndependent()
    {
        var x = Data("lognormal", 30_000);
        var a = new QuantileSketch(1024);
        foreach (var v in x) a.Add(v);
        var shuffled = x.OrderBy(v => BitConverter.DoubleToInt64Bits(v) * 2654435761L).ToArray();
        var b = new QuantileSketch(1024);
        foreach (var v in shuffled) b.Add(v);
        Assert.Equal(a.Level, b.Level);
        Assert.Equal(a.Buckets(), b.Buckets());
    }

    /// <summary>Pairwise (tree) moments agree with a two-pass mean and variance to 1e-13 relative, NaNs left out.</summary>
    [Fact]
    public void DyadicMomentsMatchTwoPass()
    {
        var x = Data("normal", 100_003);
        var d = new DyadicMoments();
        for (int i = 0; i < x.Length; i++) d.Add(i, i == 5 ? double.NaN : x[i]);
        var kept = x.Where((_, i) => i != 5).ToArray();
        double mean = kept.Average(), variance = kept.Sum(v => (v - mean) * (v - mean)) / (kept.Length - 1);
        var t = d.Total();
        Assert.Equal(kept.Length, t.Count);
        Assert.Equal(mean, t.Mean, Math.Abs(mean) * 1e-13);
        Assert.Equal(Math.Sqrt(variance), t.Std, Math.Sqrt(variance) * 1e-10);
        Assert.True(d.Nodes.Count() <= 18, "the stack holds one node per set bit of the count");
    }

    /// <summary>Newcombe, Stat. Med. 17, 857 (1998), Table I: 81 of 263 gives the Wilson 95 % interval 0.2553–0.3662.</summary>
    [Fact]
    public void WilsonIntervalMatchesNewcombe()
    {
        var (lo, hi) = MonteCarloStatistics.Wilson(81, 263);
        Assert.Equal(0.2553, lo, 4);
        Assert.Equal(0.3662, hi, 4);
        // 0 of 10 and 10 of 10: the interval reaches 0 or 1 exactly, the other end 0.2775 / 0.7225 (Newcombe, Table I, 0/10).
        Assert.Equal((0.0, 0.2775), (MonteCarloStatistics.Wilson(0, 10).Low, Math.Round(MonteCarloStatistics.Wilson(0, 10).High, 4)));
        Assert.Equal((0.7225, 1.0), (Math.Round(MonteCarloStatistics.Wilson(10, 10).Low, 4), MonteCarloStatistics.Wilson(10, 10).High));
    }

    [Fact]
    public void WorstSamplesKeepTheSmallestMarginsThenTheEarliest()
    {
        var w = new WorstSamples(3);
        w.Add(1.0, 0, 0); w.Add(-2.0, 1, 0); w.Add(0.5, 2, 0); w.Add(0.5, 3, 0); w.Add(-2.0, 4, 0); w.Add(double.NegativeInfinity, 5, double.NaN);
        Assert.Equal([5L, 1L, 4L], w.Items.Select(i => i.Sample));
    }

    [Fact]
    public void HistogramCountsAreExact()
    {
        var x = Data("normal", 10_000);
        var s = new QuantileSketch();
        foreach (var v in x) s.Add(v);
        var (first, width, counts) = s.Histogram(32);
        Assert.True(counts.Length <= 32);
        Assert.Equal(x.Length, counts.Sum());
        for (int b = 0; b < counts.Length; b++)
        {
            double lo = first + b * width, hi = lo + width;
            Assert.Equal(x.Count(v => v >= lo && v < hi), counts[b]);
        }
    }

    [Fact]
    public void BucketEncodingRoundTrips()
    {
        var buckets = new List<(long, long)> { (-5_000_000_000L, 3), (-1, 1), (0, 7), (1L << 61, 1L << 40) };
        Assert.Equal(buckets, MonteCarloSummary.DecodeBuckets(MonteCarloSummary.EncodeBuckets(buckets)));
        Assert.Empty(MonteCarloSummary.DecodeBuckets(MonteCarloSummary.EncodeBuckets([])));
    }
}
