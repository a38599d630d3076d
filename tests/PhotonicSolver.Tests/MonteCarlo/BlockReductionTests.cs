using PhotonicSolver.MonteCarlo;
using PhotonicSolver.Numerics;

namespace PhotonicSolver.Tests.MonteCarlo;

/// <summary>
/// The device-side reduction (per-block tables folded on the host, values histogrammed per chunk) must reach
/// exactly the state of adding the samples one by one: the same counts, extremes and indices, the same dyadic
/// nodes (bits), the same worst samples and the same sketch buckets, for unaligned chunks and any block size.
/// </summary>
public class BlockReductionTests
{
    private sealed class Store(double[] metrics, int[] flags, SpecCode[] specs, BlockLayout lay, int blocks)
    {
        public readonly long[] Longs = new long[blocks * lay.LongsPerBlock];
        public readonly double[] Doubles = new double[blocks * lay.DoublesPerBlock];
        public ArrayBlockStore AsView() => new(metrics, Array.ConvertAll(flags, f => (byte)f), specs, Longs, Doubles);
    }

    /// <summary>Two specs (one with limits, one report-only) over random values with NaNs, ties and infinities.</summary>
    private static (double[] Metrics, int[] Flags, SpecCode[] Specs) Samples(long first, int n)
    {
        var specs = new[]
        {
            new SpecCode { HasMin = 1, Min = -1.0, HasMax = 1, Max = 1.5 },
            new SpecCode(),
        };
        var m = new double[2 * n];
        var f = new int[n];
        for (int s = 0; s < n; s++)
        {
            double z = Distributions.StandardNormal(7, first + s, 0);
            m[2 * s] = s % 97 == 5 ? double.NaN : Math.Clamp(Math.Round(z, 2), -1.2, 1.9);   // many ties, also at both extremes
            m[2 * s + 1] = s % 211 == 3 ? double.PositiveInfinity : Math.Exp(z);
            bool nan = double.IsNaN(m[2 * s]);
            bool pass = !nan && SampleMeasure.Passes(specs[0], m[2 * s]);
            f[s] = (pass ? SampleMeasure.PassedFlag : 0) | (nan ? SampleMeasure.NanFlag : 0);
        }
        return (m, f, specs);
    }

    [Theory]
    [InlineData(1003L, 5000, 3, 3)]
    [InlineData(0L, 4096, 8, 2)]
    [InlineData(77L, 1, 8, 1)]
    [InlineData(12_345_678_901L, 3001, 5, 4)]
    public void BlockTablesFoldIntoTheSampleBySampleState(long first, int n, int log2Block, int chunks)
    {
        const int capacity = 512;   // small: the chunk sketches must re-bucket when merged
        var (metrics, flags, specs) = Samples(first, n);
        var reference = new MonteCarloStatistics(first, specs.Length, capacity);
        for (int s = 0; s < n; s++)
        {
            for (int j = 0; j < specs.Length; j++)
            {
                double v = metrics[2 * s + j];
                double margin = specs[j].HasLimits ? SampleMeasure.Margin(specs[j], v) : double.PositiveInfinity;
                reference.Metrics[j].Add(first + s, v, SampleMeasure.Passes(specs[j], v), margin);
            }
            reference.AddSample(first + s, (flags[s] & 1) != 0, (flags[s] & 2) != 0);
        }

        var stats = new MonteCarloStatistics(first, specs.Length, capacity);
        var lay = BlockLayout.Create(specs.Length, log2Block);
        int chunk = (n + chunks - 1) / chunks;
        for (int c0 = 0; c0 < n; c0 += chunk)
        {
            int count = Math.Min(chunk, n - c0);
            long s0 = first + c0;
            var cm = metrics.AsSpan(2 * c0, 2 * count).ToArray();
            var cf = flags.AsSpan(c0, count).ToArray();
            int blocks = lay.BlocksOf(s0, count);
            var store = new Store(cm, cf, specs, lay, blocks);
            for (int b = 0; b < blocks; b++) BlockReduction.ReduceBlock(store.AsView(), lay, b, s0, count);
            for (int b = 0; b < blocks; b++)
            {
                long start = ((s0 >> log2Block) + b) << log2Block;
                stats.AppendBlock(lay, store.Longs, store.Doubles, b, Math.Max(s0, start), Math.Min(s0 + count, start + lay.BlockSize));
            }
            for (int j = 0; j < specs.Length; j++)
            {
                var finite = Enumerable.Range(0, count).Select(s => cm[2 * s + j]).Where(double.IsFinite).ToArray();
                if (finite.Length == 0) continue;
                double lo = finite.Min(), hi = finite.Max();
                int level = QuantileSketch.LevelFor(lo, hi, capacity);
                long key0 = BlockReduction.Bucket(lo, level);
                var dense = new long[capacity];
                foreach (var v in finite) dense[BlockReduction.Bucket(v, level) - key0]++;
                stats.Metrics[j].Sketch.MergeDense(level, key0, dense, lo, hi);
            }
        }

        Assert.Equal(reference.EndSample, stats.EndSample);
        Assert.Equal(reference.Passed, stats.Passed);
        Assert.Equal(reference.NanSamples, stats.NanSamples);
        Assert.Equal(reference.FailingSamples, stats.FailingSamples);
        for (int j = 0; j < specs.Length; j++)
        {
            MetricStatistics a = reference.Metrics[j], b = stats.Metrics[j];
            Assert.Equal((a.Count, a.NanCount, a.Passed, a.ArgMin, a.ArgMax), (b.Count, b.NanCount, b.Passed, b.ArgMin, b.ArgMax));
            Assert.Equal(BitConverter.DoubleToInt64Bits(a.Min), BitConverter.DoubleToInt64Bits(b.Min));
            Assert.Equal(BitConverter.DoubleToInt64Bits(a.Max), BitConverter.DoubleToInt64Bits(b.Max));
            Assert.Equal(a.Moments.Nodes.ToList(), b.Moments.Nodes.ToList());   // record equality: lo, hi, count and the bits of mean, M2
            Assert.Equal(a.Worst.Items, b.Worst.Items);
            Assert.Equal((a.Sketch.Level, a.Sketch.Total), (b.Sketch.Level, b.Sketch.Total));
            Assert.Equal(a.Sketch.Buckets().ToList(), b.Sketch.Buckets().ToList());
        }
        Assert.NotEmpty(reference.Metrics[0].Worst.Items);
        Assert.True(reference.Metrics[1].NanCount > 0 || n < 4);
    }

    /// <summary>The kernel-safe ScaleB gives Math.ScaleB's bits, through overflow, subnormal results and huge exponents.</summary>
    [Fact]
    public void ScaleBMatchesTheRuntime()
    {
        var xs = new[] { 1.0, -1.5, 3.141592653589793, 1e-310, -4.9e-324, 1.7976931348623157e308, 0.0, -0.0, 2.2250738585072014e-308, 0.75 };
        int checkedValues = 0;
        foreach (var x in xs)
            for (int n = -2200; n <= 2200; n += 7)
            {
                Assert.Equal(BitConverter.DoubleToInt64Bits(Math.ScaleB(x, n)), BitConverter.DoubleToInt64Bits(FastMath.ScaleB(x, n)));
                checkedValues++;
            }
        for (int i = 0; i < 20000; i++)
        {
            double x = Distributions.StandardNormal(1, i, 0) * Math.Pow(10, (i % 600) - 300);
            int n = (i * 37 % 2400) - 1200;
            Assert.Equal(BitConverter.DoubleToInt64Bits(Math.ScaleB(x, n)), BitConverter.DoubleToInt64Bits(FastMath.ScaleB(x, n)));
        }
        Assert.True(checkedValues > 6000);
    }
}
