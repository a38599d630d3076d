using System.Runtime.CompilerServices;
using PhotonicSolver.Numerics;

namespace PhotonicSolver.MonteCarlo;

/// <summary>
/// Where the partial statistics of one block of samples live in two flat tables (longs and doubles). A block is an
/// aligned range of 2^Log2Block sample indices, [k·B, (k+1)·B), cut to the chunk at the chunk's two ends.
/// <para>Longs of a block: passed, nan, failing count, the first <see cref="Failing"/> failing samples, then per
/// spec: count, nan, passed, argmin, argmax, worst count, worst samples[K], node count, node lo[N], node hi[N],
/// node count[N]. Doubles per spec: min, max, worst margins[K], worst values[K], node means[N], node M2[N].</para>
/// </summary>
public struct BlockLayout
{
    public const int Failing = MonteCarloStatistics.FailingSamplesKept, Worst = WorstSamples.DefaultCapacity;

    public int Log2Block, Specs, MaxNodes, LongsPerSpec, DoublesPerSpec, LongsPerBlock, DoublesPerBlock;

    /// <summary>
    /// The layout for <paramref name="specs"/> specs. A range inside one aligned block of 2^k samples leaves at most
    /// 2k + 1 dyadic nodes on the stack (sizes rising to the block's middle alignment, then falling).
    /// </summary>
    public static BlockLayout Create(int specs, int log2Block = 8)
    {
        int nodes = 2 * log2Block + 2;
        int ls = 7 + Worst + 3 * nodes, ds = 2 + 2 * Worst + 2 * nodes;
        return new BlockLayout
        {
            Log2Block = log2Block, Specs = specs, MaxNodes = nodes, LongsPerSpec = ls, DoublesPerSpec = ds,
            LongsPerBlock = 3 + Failing + specs * ls, DoublesPerBlock = Math.Max(1, specs * ds),
        };
    }

    public readonly int BlockSize => 1 << Log2Block;

    /// <summary>Blocks that samples [first, first + count) touch.</summary>
    public readonly int BlocksOf(long first, int count) => (int)(((first + count - 1) >> Log2Block) - (first >> Log2Block) + 1);

    public readonly int SpecLongs(int block, int spec) => block * LongsPerBlock + 3 + Failing + spec * LongsPerSpec;
    public readonly int SpecDoubles(int block, int spec) => block * DoublesPerBlock + spec * DoublesPerSpec;
}

/// <summary>A chunk's per-sample results and its block tables, on the host or a device.</summary>
public interface IBlockStore
{
    /// <summary>Metric j of sample s of the chunk (s counted from the chunk's first sample).</summary>
    double Metric(int s, int j);
    /// <summary><see cref="SampleMeasure.PassedFlag"/> | <see cref="SampleMeasure.NanFlag"/> of sample s of the chunk.</summary>
    int Flags(int s);
    SpecCode Spec(int j);
    long GetLong(int i);
    void SetLong(int i, long value);
    double GetDouble(int i);
    void SetDouble(int i, double value);
}

/// <summary>
/// Reduces one block of measured samples to partial statistics that fold, block after block, into exactly the
/// state <see cref="MonteCarloStatistics"/> would reach by adding the samples one by one: counts, the first failing
/// samples, min/max with the lowest sample on ties, the worst samples (margin, then index), and the block's
/// dyadic mean/variance nodes, built by the same pushes as <see cref="DyadicMoments"/>. Kernel-safe: the CPU
/// backend runs it in a Parallel.For, the ILGPU backend one thread per block.
/// </summary>
public static class BlockReduction
{
    public static void ReduceBlock<TB>(TB b, BlockLayout lay, int block, long chunkFirst, int count) where TB : struct, IBlockStore
    {
        long blockStart = ((chunkFirst >> lay.Log2Block) + block) << lay.Log2Block;
        long lo = Math.Max(chunkFirst, blockStart), hi = Math.Min(chunkFirst + count, blockStart + lay.BlockSize);
        int s0 = (int)(lo - chunkFirst), s1 = (int)(hi - chunkFirst);
        int lb = block * lay.LongsPerBlock;

        long passed = 0, nan = 0, failing = 0;
        for (int s = s0; s < s1; s++)
        {
            int f = b.Flags(s);
            if ((f & SampleMeasure.PassedFlag) != 0) passed++;
            else if (failing < BlockLayout.Failing) { b.SetLong(lb + 3 + (int)failing, chunkFirst + s); failing++; }
            if ((f & SampleMeasure.NanFlag) != 0) nan++;
        }
        b.SetLong(lb, passed);
        b.SetLong(lb + 1, nan);
        b.SetLong(lb + 2, failing);

        for (int j = 0; j < lay.Specs; j++)
        {
            var spec = b.Spec(j);
            int L = lay.SpecLongs(block, j), D = lay.SpecDoubles(block, j);
            int worstL = L + 6, nodesL = L + 6 + BlockLayout.Worst;
            int worstD = D + 2, nodesD = D + 2 + 2 * BlockLayout.Worst;
            long n = 0, nNan = 0, nPassed = 0, argMin = -1, argMax = -1;
            double min = double.PositiveInfinity, max = double.NegativeInfinity;
            int worst = 0, nodes = 0;
            for (int s = s0; s < s1; s++)
            {
                long sample = chunkFirst + s;
                double v = b.Metric(s, j);
                bool finite = FiguresOfMerit.IsFinite(v);
                nodes = Push(b, lay, nodesL, nodesD, nodes, sample, sample + 1, finite ? 1 : 0, finite ? v : 0.0, 0.0);
                if (SampleMeasure.Passes(spec, v)) nPassed++;
                if (spec.HasLimits) worst = AddWorst(b, worstL, worstD, worst, SampleMeasure.Margin(spec, v), sample, v);
                if (!finite) { nNan++; continue; }
                n++;
                if (v < min) { min = v; argMin = sample; }
                if (v > max) { max = v; argMax = sample; }
            }
            b.SetLong(L, n); b.SetLong(L + 1, nNan); b.SetLong(L + 2, nPassed);
            b.SetLong(L + 3, argMin); b.SetLong(L + 4, argMax); b.SetLong(L + 5, worst);
            b.SetLong(nodesL, nodes);
            b.SetDouble(D, min); b.SetDouble(D + 1, max);
        }
    }

    /// <summary>
    /// <see cref="DyadicMoments.Push"/> on the block's node stack: merges the new node with its left sibling while
    /// there is one. Node i: lo, hi, count at longs nodesL + 1 + i, + 1 + N + i, + 1 + 2N + i; mean and M2 at
    /// doubles nodesD + i, + N + i.
    /// </summary>
    private static int Push<TB>(TB b, BlockLayout lay, int nodesL, int nodesD, int top, long lo, long hi, long count, double mean, double m2)
        where TB : struct, IBlockStore
    {
        int N = lay.MaxNodes;
        var m = new Moments(count, mean, m2);
        while (top > 0)
        {
            long size = hi - lo, l = b.GetLong(nodesL + 1 + top - 1), h = b.GetLong(nodesL + 1 + N + top - 1);   // node top − 1
            if (h - l != size || l % (2 * size) != 0) break;
            top--;
            m = Moments.Merge(new Moments(b.GetLong(nodesL + 1 + 2 * N + top), b.GetDouble(nodesD + top), b.GetDouble(nodesD + N + top)), m);
            lo = l;
        }
        b.SetLong(nodesL + 1 + top, lo);
        b.SetLong(nodesL + 1 + N + top, hi);
        b.SetLong(nodesL + 1 + 2 * N + top, m.Count);
        b.SetDouble(nodesD + top, m.Mean);
        b.SetDouble(nodesD + N + top, m.M2);
        return top + 1;
    }

    /// <summary><see cref="WorstSamples.Add"/> on the block's sorted list (margins at worstD, values at worstD + K).</summary>
    private static int AddWorst<TB>(TB b, int worstL, int worstD, int count, double margin, long sample, double value)
        where TB : struct, IBlockStore
    {
        const int K = BlockLayout.Worst;
        if (count == K && !Before(margin, sample, b.GetDouble(worstD + K - 1), b.GetLong(worstL + K - 1))) return count;
        int i = count < K ? count : K - 1;
        while (i > 0 && Before(margin, sample, b.GetDouble(worstD + i - 1), b.GetLong(worstL + i - 1)))
        {
            b.SetDouble(worstD + i, b.GetDouble(worstD + i - 1));
            b.SetDouble(worstD + K + i, b.GetDouble(worstD + K + i - 1));
            b.SetLong(worstL + i, b.GetLong(worstL + i - 1));
            i--;
        }
        b.SetDouble(worstD + i, margin);
        b.SetDouble(worstD + K + i, value);
        b.SetLong(worstL + i, sample);
        return count < K ? count + 1 : K;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Before(double m, long s, double m2, long s2) => m < m2 || (m == m2 && s < s2);

    /// <summary>
    /// The histogram bucket of a finite value at a level: ⌊x/2^level⌋, the key of <see cref="QuantileSketch"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long Bucket(double x, int level) => (long)Math.Floor(FastMath.ScaleB(x, -level));
}
