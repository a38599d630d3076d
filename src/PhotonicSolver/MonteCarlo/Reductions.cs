using System.Runtime.InteropServices;

namespace PhotonicSolver.MonteCarlo;

/// <summary>Count, mean and sum of squared deviations of a set of values (Welford's state).</summary>
public readonly record struct Moments(long Count, double Mean, double M2)
{
    /// <summary>Chan, Golub and LeVeque's pairwise update: exact in arithmetic, stable in floating point.</summary>
    public static Moments Merge(Moments a, Moments b)
    {
        if (a.Count == 0) return b;
        if (b.Count == 0) return a;
        long n = a.Count + b.Count;
        double d = b.Mean - a.Mean;
        return new Moments(n, a.Mean + d * ((double)b.Count / n), a.M2 + b.M2 + d * d * ((double)a.Count * b.Count / n));
    }

    /// <summary>Sample standard deviation (n − 1); NaN below two values.</summary>
    public double Std => Count < 2 ? double.NaN : Math.Sqrt(M2 / (Count - 1));
}

/// <summary>
/// Mean and variance over samples 0, 1, 2, … reduced along a fixed binary tree over the sample index: the value of
/// every node [k·2^j, (k+1)·2^j) is the <see cref="Moments.Merge"/> of its two halves, whatever order or process
/// computed them. A run keeps the O(log n) completed nodes on a stack; shards of any contiguous ranges are
/// concatenated and their sibling nodes merged, which reproduces exactly the nodes (and so the bits) of one
/// unsharded run. Pairwise summation is also more accurate than a running sum.
/// </summary>
public sealed class DyadicMoments
{
    private long[] _lo = new long[64], _hi = new long[64];
    private Moments[] _m = new Moments[64];
    private int _n;

    public IEnumerable<(long Lo, long Hi, Moments M)> Nodes
    {
        get { for (int i = 0; i < _n; i++) yield return (_lo[i], _hi[i], _m[i]); }
    }

    /// <summary>Adds the value of the next sample; non-finite values are empty leaves (counted elsewhere).</summary>
    public void Add(long sample, double value)
        => Push((sample, sample + 1, double.IsFinite(value) ? new Moments(1, value, 0.0) : default));

    /// <summary>Pushes a completed node and merges it with its left siblings while there are any.</summary>
    public void Push((long Lo, long Hi, Moments M) node)
    {
        if (_n > 0 && _hi[_n - 1] != node.Lo)
            throw new InvalidOperationException($"samples [{node.Lo}, {node.Hi}) do not follow [{_lo[_n - 1]}, {_hi[_n - 1]})");
        if (_n == _lo.Length)
        {
            Array.Resize(ref _lo, 2 * _n); Array.Resize(ref _hi, 2 * _n); Array.Resize(ref _m, 2 * _n);
        }
        long lo = node.Lo, hi = node.Hi;
        var m = node.M;
        while (_n > 0)
        {
            long size = hi - lo, l = _lo[_n - 1];
            if (_hi[_n - 1] - l != size || l % (2 * size) != 0) break;
            _n--;
            m = Moments.Merge(_m[_n], m);
            lo = l;
        }
        _lo[_n] = lo; _hi[_n] = hi; _m[_n] = m;
        _n++;
    }

    /// <summary>The moments of everything added: the remaining nodes merged from left to right.</summary>
    public Moments Total()
    {
        var acc = default(Moments);
        for (int i = 0; i < _n; i++) acc = Moments.Merge(acc, _m[i]);
        return acc;
    }

    /// <summary>Appends a following run's nodes (its samples must start where these end).</summary>
    public void Append(DyadicMoments next)
    {
        foreach (var n in next.Nodes.ToList()) Push(n);
    }
}

/// <summary>
/// A bounded, exactly mergeable histogram for percentiles. Values fall into buckets of width w = 2^level aligned
/// at zero (bucket k holds [k·w, (k+1)·w)), counted exactly. The level is the smallest with
/// w ≥ (max − min)/(<see cref="Capacity"/> − 2) (and keys within 62 bits), a function of the exact minimum and
/// maximum only: never of the order of the values or of how they were split into chunks or shards, so merged
/// shards give the bits of one run. When the range grows the buckets merge by powers of two.
/// <para>Accuracy: each order statistic is located in its exact bucket and placed by its rank inside it, so a
/// percentile is within one bucket width of the exact (linearly interpolated) sample percentile;
/// <see cref="Resolution"/> reports it: w &lt; 2·(max − min)/(Capacity − 2), 3e-5 of the range at the default
/// capacity (one far outlier widens it). At most Capacity buckets are occupied: about 40 bytes each.</para>
/// </summary>
public sealed class QuantileSketch
{
    public const int DefaultCapacity = 1 << 16;
    public const int FinestLevel = -1074;

    private readonly Dictionary<long, long> _counts;
    private (long Key, long Count)[] _scratch = [];
    public int Capacity { get; }
    public int Level { get; private set; } = FinestLevel;
    public double Min { get; private set; } = double.PositiveInfinity;
    public double Max { get; private set; } = double.NegativeInfinity;
    public long Total { get; private set; }
    public int BucketCount => _counts.Count;

    public QuantileSketch(int capacity = DefaultCapacity)
    {
        if (capacity < 4) throw new ArgumentOutOfRangeException(nameof(capacity));
        Capacity = capacity;
        _counts = new Dictionary<long, long>();
    }

    /// <summary>Bucket width: the bound on a percentile's error.</summary>
    public double Resolution => Math.ScaleB(1.0, Level);

    /// <summary>Adds a finite value.</summary>
    public void Add(double x)
    {
        if (x < Min || x > Max)
        {
            Min = Math.Min(Min, x); Max = Math.Max(Max, x);
            int need = LevelFor(Min, Max, Capacity);
            if (need > Level) Rebucket(need - Level);
        }
        ref long c = ref CollectionsMarshal.GetValueRefOrAddDefault(_counts, BlockReduction.Bucket(x, Level), out _);
        c++;
        Total++;
    }

    /// <summary>
    /// The level for a range: the smallest with 2^level ≥ (max − min)/(capacity − 2), so at most capacity buckets
    /// are occupied, and with |x|/2^level &lt; 2^62 so keys fit a long.
    /// </summary>
    public static int LevelFor(double min, double max, int capacity)
    {
        int level = FinestLevel;
        double r = (max - min) / (capacity - 2);
        if (r > 0)
        {
            int e = Math.ILogB(r);
            level = Math.Max(level, Math.ScaleB(1.0, e) == r ? e : e + 1);
        }
        double maxAbs = Math.Max(Math.Abs(min), Math.Abs(max));
        if (maxAbs > 0) level = Math.Max(level, Math.ILogB(maxAbs) - 61);
        return level;
    }

    /// <summary>Merges buckets by 2^shift (an arithmetic shift floors the key, negative keys included).</summary>
    private void Rebucket(int shift)
    {
        int n = Fill();
        _counts.Clear();
        for (int i = 0; i < n; i++)
        {
            ref long c = ref CollectionsMarshal.GetValueRefOrAddDefault(_counts, shift >= 64 ? (_scratch[i].Key < 0 ? -1 : 0) : _scratch[i].Key >> shift, out _);
            c += _scratch[i].Count;
        }
        Level += shift;
    }

    private int Fill()
    {
        if (_scratch.Length < _counts.Count) _scratch = new (long, long)[Math.Max(_counts.Count, 2 * _scratch.Length)];
        int n = 0;
        foreach (var kv in _counts) _scratch[n++] = (kv.Key, kv.Value);
        return n;
    }

    /// <summary>Copies the buckets into the scratch array sorted by key; returns their number.</summary>
    private int Sorted()
    {
        int n = Fill();
        Array.Sort(_scratch, 0, n, KeyComparer.Instance);
        return n;
    }

    /// <summary>Adds another sketch's values (any order: the result is the sketch of the union).</summary>
    public void Merge(QuantileSketch other)
    {
        if (other.Capacity != Capacity) throw new InvalidOperationException("sketches of different capacities");
        if (other.Total == 0) return;
        int shift = Widen(other.Level, other.Min, other.Max);
        foreach (var kv in other._counts) AddBucket(kv.Key, kv.Value, shift);
    }

    /// <summary>Takes in the range of values counted at <paramref name="level"/>; returns the key shift from that level to this one.</summary>
    private int Widen(int level, double min, double max)
    {
        Min = Math.Min(Min, min); Max = Math.Max(Max, max);
        int target = Math.Max(Math.Max(Level, level), LevelFor(Min, Max, Capacity));
        if (target > Level) Rebucket(target - Level);
        return Level - level;
    }

    private void AddBucket(long key, long count, int shift)
    {
        ref long c = ref CollectionsMarshal.GetValueRefOrAddDefault(_counts, shift >= 64 ? (key < 0 ? -1 : 0) : key >> shift, out _);
        c += count;
        Total += count;
    }

    /// <summary>
    /// Adds the values of a dense histogram counted on a device: counts[i] values in bucket firstKey + i at
    /// <paramref name="level"/> (see <see cref="BlockReduction.Bucket"/>), with exact extremes min and max. The
    /// result is the sketch of the union, as if the values had been added one by one.
    /// </summary>
    public void MergeDense(int level, long firstKey, ReadOnlySpan<long> counts, double min, double max)
    {
        int shift = Widen(level, min, max);
        for (int i = 0; i < counts.Length; i++)
            if (counts[i] != 0) AddBucket(firstKey + i, counts[i], shift);
    }

    /// <summary>
    /// The q-quantile (0 ≤ q ≤ 1) with numpy's default (linear) definition: h = q·(n − 1), x_⌊h⌋ + (h − ⌊h⌋)(x_⌈h⌉ − x_⌊h⌋),
    /// each order statistic placed by rank inside its bucket, clamped to the exact [min, max].
    /// </summary>
    public double Quantile(double q)
    {
        if (Total == 0) return double.NaN;
        int n = Sorted();
        double h = q * (Total - 1);
        long lo = (long)Math.Floor(h);
        double frac = h - lo;
        double a = OrderStatistic(lo, n);
        return frac == 0 ? a : a + frac * (OrderStatistic(Math.Min(lo + 1, Total - 1), n) - a);
    }

    private double OrderStatistic(long rank, int n)
    {
        if (rank == 0) return Min;
        if (rank == Total - 1) return Max;
        long before = 0;
        double w = Resolution;
        for (int i = 0; i < n; i++)
        {
            long c = _scratch[i].Count;
            if (rank < before + c) return Math.Clamp((_scratch[i].Key + (rank - before + 0.5) / c) * w, Min, Max);
            before += c;
        }
        return Max;
    }

    /// <summary>
    /// A histogram of at most <paramref name="maxBins"/> equal bins whose edges are multiples of a power-of-two
    /// multiple of the bucket width, so every count is exact.
    /// </summary>
    public (double First, double Width, long[] Counts) Histogram(int maxBins = 64)
    {
        int n = Sorted();
        if (n == 0) return (0, 0, []);
        long k0 = _scratch[0].Key, k1 = _scratch[n - 1].Key;
        int shift = 0;
        while ((k1 >> shift) - (k0 >> shift) + 1 > maxBins) shift++;
        long first = k0 >> shift;
        var counts = new long[(k1 >> shift) - first + 1];
        for (int i = 0; i < n; i++) counts[(_scratch[i].Key >> shift) - first] += _scratch[i].Count;
        double width = Math.ScaleB(1.0, Level + shift);
        return (first * width, width, counts);
    }

    /// <summary>The buckets (key, count) sorted by key: the sketch's exact state, for summaries and merging.</summary>
    public IEnumerable<(long Key, long Count)> Buckets()
    {
        int n = Sorted();
        for (int i = 0; i < n; i++) yield return _scratch[i];
    }

    /// <summary>Rebuilds a sketch from its saved state.</summary>
    public static QuantileSketch FromState(int capacity, int level, double min, double max, IEnumerable<(long Key, long Count)> buckets)
    {
        var s = new QuantileSketch(capacity) { Level = level, Min = min, Max = max };
        foreach (var (k, c) in buckets) { s._counts[k] = c; s.Total += c; }
        return s;
    }

    private sealed class KeyComparer : IComparer<(long Key, long Count)>
    {
        public static readonly KeyComparer Instance = new();
        public int Compare((long Key, long Count) x, (long Key, long Count) y) => x.Key.CompareTo(y.Key);
    }
}

/// <summary>The K samples with the smallest margins (ties: the lower sample index), exactly mergeable.</summary>
public sealed class WorstSamples(int capacity = WorstSamples.DefaultCapacity)
{
    public const int DefaultCapacity = 10;
    private readonly List<(double Margin, long Sample, double Value)> _items = [];
    public int Capacity { get; } = capacity;
    public IReadOnlyList<(double Margin, long Sample, double Value)> Items => _items;

    public void Add(double margin, long sample, double value)
    {
        if (_items.Count == Capacity && !Before((margin, sample), (_items[^1].Margin, _items[^1].Sample))) return;
        int i = _items.Count;
        while (i > 0 && Before((margin, sample), (_items[i - 1].Margin, _items[i - 1].Sample))) i--;
        _items.Insert(i, (margin, sample, value));
        if (_items.Count > Capacity) _items.RemoveAt(_items.Count - 1);
    }

    private static bool Before((double M, long S) a, (double M, long S) b) => a.M < b.M || (a.M == b.M && a.S < b.S);

    public void Merge(WorstSamples other)
    {
        foreach (var (m, s, v) in other._items) Add(m, s, v);
    }
}

/// <summary>Streaming statistics of one metric over samples added in order: exactly mergeable across chunks and shards.</summary>
public sealed class MetricStatistics(int sketchCapacity = QuantileSketch.DefaultCapacity)
{
    public long Count { get; private set; }
    public long NanCount { get; private set; }
    public long Passed { get; private set; }
    public double Min { get; private set; } = double.PositiveInfinity;
    public double Max { get; private set; } = double.NegativeInfinity;
    public long ArgMin { get; private set; } = -1;
    public long ArgMax { get; private set; } = -1;
    public DyadicMoments Moments { get; } = new();
    public QuantileSketch Sketch { get; private set; } = new(sketchCapacity);
    public WorstSamples Worst { get; } = new();

    /// <summary>
    /// Adds a sample's value; non-finite values are counted in <see cref="NanCount"/> and kept out of every statistic.
    /// <paramref name="margin"/> (see <see cref="CompiledSpec.Margin"/>) ranks the worst samples; +∞ (no limits) keeps none.
    /// </summary>
    public void Add(long sample, double value, bool passed, double margin)
    {
        Moments.Add(sample, value);
        if (passed) Passed++;
        if (margin != double.PositiveInfinity) Worst.Add(margin, sample, value);   // specs with limits only
        if (!double.IsFinite(value)) { NanCount++; return; }
        Count++;
        if (value < Min) { Min = value; ArgMin = sample; }
        if (value > Max) { Max = value; ArgMax = sample; }
        Sketch.Add(value);
    }

    /// <summary>Appends the statistics of the samples that follow these.</summary>
    public void Append(MetricStatistics next)
    {
        Moments.Append(next.Moments);
        Count += next.Count; NanCount += next.NanCount; Passed += next.Passed;
        if (next.Min < Min) { Min = next.Min; ArgMin = next.ArgMin; }
        if (next.Max > Max) { Max = next.Max; ArgMax = next.ArgMax; }
        Sketch.Merge(next.Sketch);
        Worst.Merge(next.Worst);
    }

    /// <summary>
    /// Appends the partial statistics of one block of the samples that follow these (see <see cref="BlockReduction"/>);
    /// the block's values enter the percentile sketch separately, through <see cref="QuantileSketch.MergeDense"/>.
    /// </summary>
    public void AppendBlock(BlockLayout lay, long[] longs, double[] doubles, int block, int spec)
    {
        int L = lay.SpecLongs(block, spec), D = lay.SpecDoubles(block, spec), N = lay.MaxNodes;
        Count += longs[L]; NanCount += longs[L + 1]; Passed += longs[L + 2];
        double min = doubles[D], max = doubles[D + 1];
        if (min < Min) { Min = min; ArgMin = longs[L + 3]; }
        if (max > Max) { Max = max; ArgMax = longs[L + 4]; }
        int worstL = L + 6, worstD = D + 2;
        for (int i = 0; i < longs[L + 5]; i++) Worst.Add(doubles[worstD + i], longs[worstL + i], doubles[worstD + BlockLayout.Worst + i]);
        int nodesL = L + 6 + BlockLayout.Worst, nodesD = D + 2 + 2 * BlockLayout.Worst;
        long nodes = longs[nodesL];
        if (nodes > N) throw new InvalidOperationException($"block {block} reports {nodes} dyadic nodes (at most {N})");
        for (int i = 0; i < nodes; i++)
            Moments.Push((longs[nodesL + 1 + i], longs[nodesL + 1 + N + i],
                          new Moments(longs[nodesL + 1 + 2 * N + i], doubles[nodesD + i], doubles[nodesD + N + i])));
    }

    internal void Restore(long count, long nan, long passed, double min, double max, long argMin, long argMax,
                          IEnumerable<(long, long, Moments)> nodes, QuantileSketch sketch, IEnumerable<(double, long, double)> worst)
    {
        Count = count; NanCount = nan; Passed = passed; Min = min; Max = max; ArgMin = argMin; ArgMax = argMax;
        foreach (var n in nodes) Moments.Push(n);
        Sketch = sketch;
        foreach (var (m, s, v) in worst) Worst.Add(m, s, v);
    }
}
