namespace PhotonicSolver.Thermal;

/// <summary>
/// A sparse symmetric matrix: its diagonal and its off-diagonal entries in compressed rows (both triangles), as a
/// thermal conductance Laplacian is. Nodes of a compact thermal model touch a few neighbours each, so storage and
/// products are O(nodes + links).
/// </summary>
public sealed class SparseSymmetric
{
    public int Size { get; }
    /// <summary>A[i, i].</summary>
    public double[] Diagonal { get; }
    internal readonly int[] RowStart, Column;
    internal readonly double[] Value;

    private SparseSymmetric(int n, double[] diagonal, int[] rowStart, int[] column, double[] value)
    {
        Size = n; Diagonal = diagonal; RowStart = rowStart; Column = column; Value = value;
    }

    /// <summary>Builds A from its diagonal and off-diagonal entries (i ≠ j, each unordered pair given once; repeats add up).</summary>
    public static SparseSymmetric Build(int n, double[] diagonal, IReadOnlyList<(int I, int J, double V)> offDiagonal)
    {
        var sum = new Dictionary<(int, int), double>();
        foreach (var (i, j, v) in offDiagonal)
        {
            if (i == j) throw new ArgumentException("off-diagonal entries need i != j");
            var key = i < j ? (i, j) : (j, i);
            sum[key] = sum.GetValueOrDefault(key) + v;
        }
        var count = new int[n + 1];
        foreach (var ((i, j), _) in sum) { count[i + 1]++; count[j + 1]++; }
        for (int i = 0; i < n; i++) count[i + 1] += count[i];
        var col = new int[count[n]];
        var val = new double[count[n]];
        var fill = (int[])count.Clone();
        foreach (var ((i, j), v) in sum.OrderBy(e => e.Key.Item1).ThenBy(e => e.Key.Item2))
        {
            col[fill[i]] = j; val[fill[i]++] = v;
            col[fill[j]] = i; val[fill[j]++] = v;
        }
        for (int i = 0; i < n; i++) Array.Sort(col, val, count[i], count[i + 1] - count[i]);
        return new SparseSymmetric(n, (double[])diagonal.Clone(), count, col, val);
    }

    /// <summary>y = A·x.</summary>
    public void Multiply(ReadOnlySpan<double> x, Span<double> y)
    {
        for (int i = 0; i < Size; i++)
        {
            double acc = Diagonal[i] * x[i];
            for (int k = RowStart[i]; k < RowStart[i + 1]; k++) acc += Value[k] * x[Column[k]];
            y[i] = acc;
        }
    }

    /// <summary>A[i, j] (0 where not stored).</summary>
    public double this[int i, int j]
    {
        get
        {
            if (i == j) return Diagonal[i];
            int k = Array.BinarySearch(Column, RowStart[i], RowStart[i + 1] - RowStart[i], j);
            return k >= 0 ? Value[k] : 0.0;
        }
    }

    /// <summary>The rows and columns <paramref name="keep"/> of A (in that order).</summary>
    public SparseSymmetric Sub(int[] keep)
    {
        var map = new int[Size];
        Array.Fill(map, -1);
        for (int k = 0; k < keep.Length; k++) map[keep[k]] = k;
        var off = new List<(int, int, double)>();
        for (int a = 0; a < keep.Length; a++)
        {
            int i = keep[a];
            for (int k = RowStart[i]; k < RowStart[i + 1]; k++)
                if (map[Column[k]] is int b && b > a) off.Add((a, b, Value[k]));
        }
        return Build(keep.Length, keep.Select(i => Diagonal[i]).ToArray(), off);
    }

    /// <summary>The dense form (small matrices only).</summary>
    public double[,] ToDense()
    {
        var d = new double[Size, Size];
        for (int i = 0; i < Size; i++)
        {
            d[i, i] = Diagonal[i];
            for (int k = RowStart[i]; k < RowStart[i + 1]; k++) d[i, Column[k]] = Value[k];
        }
        return d;
    }

    /// <summary>
    /// A fill-reducing order: reverse Cuthill–McKee (breadth first from a low-degree node of each connected part,
    /// neighbours by increasing degree, then reversed), which keeps the envelope of a chain, ladder or grid narrow.
    /// </summary>
    public int[] ReverseCuthillMcKee()
    {
        int n = Size;
        var order = new List<int>(n);
        var seen = new bool[n];
        int Degree(int i) => RowStart[i + 1] - RowStart[i];
        var starts = Enumerable.Range(0, n).OrderBy(Degree).ToArray();
        var queue = new Queue<int>();
        var nb = new List<int>();
        foreach (int s in starts)
        {
            if (seen[s]) continue;
            seen[s] = true;
            queue.Enqueue(s);
            while (queue.Count > 0)
            {
                int i = queue.Dequeue();
                order.Add(i);
                nb.Clear();
                for (int k = RowStart[i]; k < RowStart[i + 1]; k++) if (!seen[Column[k]]) { seen[Column[k]] = true; nb.Add(Column[k]); }
                nb.Sort((a, b) => Degree(a).CompareTo(Degree(b)));
                foreach (int j in nb) queue.Enqueue(j);
            }
        }
        order.Reverse();
        return order.ToArray();
    }
}

/// <summary>
/// Envelope (profile, skyline) Cholesky factorisation A = L·Lᵀ of a sparse symmetric positive definite matrix in a
/// fill-reducing order (<see cref="SparseSymmetric.ReverseCuthillMcKee"/>). Row i of L is stored from its first
/// non-zero column to the diagonal, so a chain (bandwidth 1) costs O(n) to factor and to solve, a banded matrix
/// O(n·b²), and a dense one O(n³/3) like a dense Cholesky. The factor of α·A + diag(d) reuses the order and the
/// envelope of A (<see cref="Refactor"/>), as the transient solver's step matrices C + c·G do.
/// </summary>
public sealed class EnvelopeCholesky
{
    private readonly SparseSymmetric _a;
    private readonly int[] _perm, _inv;   // _perm[new] = old; _inv[old] = new
    private readonly int[] _first;        // first column of row i (new order)
    private readonly long[] _offset;      // start of row i in _l; row i holds columns _first[i]..i
    private readonly double[] _l;
    private readonly double[] _work;

    /// <summary>Entries of L (the memory it takes, in doubles).</summary>
    public long Entries => _l.LongLength;

    /// <summary>Largest envelope that is factored without asking (8 GiB of doubles).</summary>
    public const long MaxEntries = 1L << 30;

    /// <summary>Orders and factors <paramref name="a"/>; <paramref name="what"/> names the matrix in errors.</summary>
    public EnvelopeCholesky(SparseSymmetric a, string what = "matrix")
    {
        _a = a;
        int n = a.Size;
        _perm = a.ReverseCuthillMcKee();
        _inv = new int[n];
        for (int k = 0; k < n; k++) _inv[_perm[k]] = k;
        _first = new int[n];
        _offset = new long[n + 1];
        for (int i = 0; i < n; i++)
        {
            int old = _perm[i], f = i;
            for (int k = a.RowStart[old]; k < a.RowStart[old + 1]; k++) f = Math.Min(f, _inv[a.Column[k]]);
            _first[i] = f;
            _offset[i + 1] = _offset[i] + (i - f + 1);
        }
        if (_offset[n] > MaxEntries)
            throw new PhotonicException($"{what}: the factor of {n} nodes needs {_offset[n]:N0} entries ({_offset[n] * 8 / 1e9:F1} GB), more than " +
                                        $"{MaxEntries:N0}; the network is too densely connected for the envelope solver");
        _l = new double[_offset[n]];
        _work = new double[n];
        Refactor(1.0, null, what);
    }

    /// <summary>Factors α·A + diag(<paramref name="addDiagonal"/>) (in the original order) into this object.</summary>
    public void Refactor(double alpha, double[]? addDiagonal, string what = "matrix")
    {
        int n = _a.Size;
        Array.Clear(_l);
        for (int i = 0; i < n; i++)
        {
            int old = _perm[i];
            long o = _offset[i] - _first[i];
            _l[o + i] = alpha * _a.Diagonal[old] + (addDiagonal?[old] ?? 0.0);
            for (int k = _a.RowStart[old]; k < _a.RowStart[old + 1]; k++)
            {
                int j = _inv[_a.Column[k]];
                if (j < i) _l[o + j] = alpha * _a.Value[k];
            }
        }
        for (int i = 0; i < n; i++)
        {
            long oi = _offset[i] - _first[i];
            int fi = _first[i];
            for (int j = fi; j < i; j++)
            {
                long oj = _offset[j] - _first[j];
                int k0 = Math.Max(fi, _first[j]);
                double s = _l[oi + j];
                for (int k = k0; k < j; k++) s -= _l[oi + k] * _l[oj + k];
                _l[oi + j] = s / _l[oj + j];
            }
            double d = _l[oi + i];
            for (int k = fi; k < i; k++) d -= _l[oi + k] * _l[oi + k];
            if (!(d > 0))
                throw new PhotonicException($"{what} is not positive definite (pivot {d:G3} at row {_perm[i]}); every node needs a path to ambient");
            _l[oi + i] = Math.Sqrt(d);
        }
    }

    /// <summary>Solves A·x = b (original order) into <paramref name="x"/>; b and x may be the same array.</summary>
    public void Solve(ReadOnlySpan<double> b, Span<double> x)
    {
        int n = _a.Size;
        var y = _work;
        for (int i = 0; i < n; i++) y[i] = b[_perm[i]];
        for (int i = 0; i < n; i++)
        {
            long oi = _offset[i] - _first[i];
            double s = y[i];
            for (int k = _first[i]; k < i; k++) s -= _l[oi + k] * y[k];
            y[i] = s / _l[oi + i];
        }
        for (int i = n - 1; i >= 0; i--)
        {
            long oi = _offset[i] - _first[i];
            double yi = y[i] / _l[oi + i];
            y[i] = yi;
            for (int k = _first[i]; k < i; k++) y[k] -= _l[oi + k] * yi;
        }
        for (int i = 0; i < n; i++) x[_perm[i]] = y[i];
    }

    public double[] Solve(double[] b)
    {
        var x = new double[b.Length];
        Solve(b, x);
        return x;
    }
}
