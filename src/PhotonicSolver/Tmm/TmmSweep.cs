using System.Diagnostics;
using System.Globalization;
using PhotonicSolver.Models;
using PhotonicSolver.Sweep;

namespace PhotonicSolver.Tmm;

/// <summary>A swept layer parameter: "layerN.d" (µm), "layerN.n" or "layerN.k", N counting layers from 1.</summary>
public readonly record struct LayerParameter(int Layer, char Field)
{
    public string Name => $"layer{Layer}.{Field}";

    public static LayerParameter Parse(string name, FilmStack stack)
    {
        var m = System.Text.RegularExpressions.Regex.Match(name, @"^layer(\d+)\.([dnk])$");
        if (!m.Success)
            throw new PhotonicException($"'{name}' is not a stack parameter; expected layerN.d, layerN.n or layerN.k (N = 1..{stack.Layers.Count})");
        int layer = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        if (layer < 1 || layer > stack.Layers.Count)
            throw new PhotonicException($"'{name}': the stack has layers 1..{stack.Layers.Count}");
        return new LayerParameter(layer, m.Groups[2].Value[0]);
    }

    public void Check(double value)
    {
        bool ok = Field switch { 'd' => value >= 0, 'n' => value > 0 && value <= ThinFilm.MaxIndex, _ => value >= 0 && value <= ThinFilm.MaxIndex };
        if (!ok || !double.IsFinite(value))
            throw new PhotonicException($"{Name} = {value.ToString(CultureInfo.InvariantCulture)} is out of range " +
                                        $"({(Field == 'n' ? $"0 < n ≤ {ThinFilm.MaxIndex:G3}" : Field == 'd' ? "d ≥ 0 µm" : $"0 ≤ k ≤ {ThinFilm.MaxIndex:G3}")})");
    }
}

/// <summary>
/// A Cartesian thin-film sweep: layer parameters (outermost first) × polarisation × angle (degrees) × wavelength
/// (µm, innermost, so spectra are contiguous).
/// </summary>
public sealed class TmmSweepSpec
{
    public TmmSweepSpec(FilmStack stack, SweepAxis wavelength, SweepAxis angleDeg, int[] polarizations,
                        IReadOnlyList<(LayerParameter Parameter, SweepAxis Axis)>? parameters = null)
    {
        Stack = stack; Wavelength = wavelength; AngleDeg = angleDeg; Polarizations = polarizations;
        Parameters = parameters ?? [];
        foreach (double w in Extremes(wavelength))
        {
            if (!(w > 0)) throw new PhotonicException($"wavelengths must be > 0 µm (got {w})");
            stack.Table(w); // a material's data range is an interval: its ends catch range errors up front
        }
        foreach (double a in Extremes(angleDeg))
            FilmStack.CheckAngle(a * Math.PI / 180);
        if (polarizations.Length == 0) throw new PhotonicException("no polarisation to solve");
        foreach (var (p, a) in Parameters)
            foreach (double v in Extremes(a)) p.Check(v);
    }

    /// <summary>The values that bound an axis: its two ends when linear, every value of a list.</summary>
    private static IEnumerable<double> Extremes(SweepAxis axis)
    {
        if (axis.IsLinear) return [axis[0], axis[axis.Count - 1]];
        return axis.Table;
    }

    public FilmStack Stack { get; }
    public SweepAxis Wavelength { get; }
    public SweepAxis AngleDeg { get; }
    public int[] Polarizations { get; }
    public IReadOnlyList<(LayerParameter Parameter, SweepAxis Axis)> Parameters { get; }

    /// <summary>Points in the grid; an error naming every axis when the count overflows (never an OverflowException).</summary>
    public long PointCount
    {
        get
        {
            long n = (long)Wavelength.Count * AngleDeg.Count; // < 2^62: no overflow
            bool ok = n <= long.MaxValue / Polarizations.Length;
            if (ok) n *= Polarizations.Length;
            foreach (var (_, a) in Parameters)
            {
                if (!ok || n > long.MaxValue / a.Count) { ok = false; break; }
                n *= a.Count;
            }
            return ok ? n : IO.ResourceGuard.Count("thin-film grid (parameters × polarisations × angles × wavelengths)",
                                                   [.. Parameters.Select(p => (long)p.Axis.Count), Polarizations.Length, AngleDeg.Count, Wavelength.Count]);
        }
    }

    /// <summary>Decodes a point index into (parameter indices, polarisation index, angle index, wavelength index).</summary>
    public void Decode(long point, Span<int> parameterIndex, out int pol, out int angle, out int wl)
    {
        wl = (int)(point % Wavelength.Count); point /= Wavelength.Count;
        angle = (int)(point % AngleDeg.Count); point /= AngleDeg.Count;
        pol = (int)(point % Polarizations.Length); point /= Polarizations.Length;
        for (int k = Parameters.Count - 1; k >= 0; k--)
        {
            parameterIndex[k] = (int)(point % Parameters[k].Axis.Count);
            point /= Parameters[k].Axis.Count;
        }
    }
}

/// <summary>
/// Runs thin-film sweeps on the CPU: Parallel.For over blocks of points, each worker with its own stack table,
/// streamed to a sink in bounded chunks (memory O(chunk) whatever the grid). Per point it calls the same
/// kernel-safe <see cref="ThinFilm"/> solver a GPU kernel would. Dispersive materials are evaluated once per
/// wavelength up front (when the n, k table fits in 128 MiB; otherwise per point).
/// </summary>
public static class TmmSweep
{
    /// <summary>Called in point order with results [start, start + count).</summary>
    public delegate void Sink(long start, int count, TmmPoint[] results);

    private const int Block = 64;

    /// <summary>
    /// Runs the sweep. <paramref name="allowSimd"/>: coherent, dispersionless stacks are solved eight wavelengths
    /// at a time by <see cref="ThinFilmSimd"/> where the hardware has 512-bit vectors (false forces the scalar,
    /// kernel-identical path).
    /// </summary>
    public static TimeSpan Run(TmmSweepSpec spec, Sink sink, int chunkPoints = 0, int threads = 0,
                               IProgress<SweepProgress>? progress = null, CancellationToken cancel = default, bool allowSimd = true)
        => Run(spec, sink, null, chunkPoints, threads, progress, cancel, allowSimd);

    /// <summary>
    /// Runs the sweep on <paramref name="device"/> (an ILGPU backend), or on the CPU when it is null. Either way
    /// the results stream to <paramref name="sink"/> in bounded chunks, in point order.
    /// </summary>
    public static TimeSpan Run(TmmSweepSpec spec, Sink sink, ITmmDevice? device, int chunkPoints = 0, int threads = 0,
                               IProgress<SweepProgress>? progress = null, CancellationToken cancel = default, bool allowSimd = true)
    {
        if (device is not null) return RunOnDevice(spec, sink, device, chunkPoints, progress, cancel);
        var stack = spec.Stack;
        int rows = stack.Rows, width = rows * ThinFilm.Stride;
        long total = spec.PointCount;
        if (chunkPoints <= 0) chunkPoints = (int)Math.Clamp(total, 1, 1 << 18);
        threads = threads > 0 ? threads : Environment.ProcessorCount;

        // Per-wavelength (n, k) of every row, when dispersive and small enough.
        var baseTable = stack.Table(spec.Wavelength[0]);
        bool dispersive = !stack.IsDispersionless;
        double[]? nkByWl = null;
        if (dispersive && (long)spec.Wavelength.Count * rows * 2 <= 16L << 20)
        {
            nkByWl = new double[spec.Wavelength.Count * rows * 2];
            var t = new double[width];
            for (int w = 0; w < spec.Wavelength.Count; w++)
            {
                stack.FillTable(spec.Wavelength[w], t);
                for (int r = 0; r < rows; r++) { nkByWl[(w * rows + r) * 2] = t[r * 3]; nkByWl[(w * rows + r) * 2 + 1] = t[r * 3 + 1]; }
            }
        }
        else if (dispersive)
        {
            stack.FillTable(spec.Wavelength[spec.Wavelength.Count - 1], new double[width]); // range errors up front
        }
        bool shared = !dispersive && spec.Parameters.Count == 0;
        var angles = new (double Sin, double Cos, double Rad)[spec.AngleDeg.Count];
        for (int a = 0; a < angles.Length; a++)
        {
            double rad = spec.AngleDeg[a] * Math.PI / 180;
            angles[a] = (Math.Sin(rad), Math.Cos(rad), rad);
        }

        var clock = Stopwatch.StartNew();
        var buffer = new TmmPoint[Math.Min(chunkPoints, total)];
        bool simd = allowSimd && ThinFilmSimd.IsSupported && !dispersive && !stack.HasIncoherentLayers && spec.Wavelength.Count >= ThinFilmSimd.Lanes;
        for (long start = 0; start < total; start += chunkPoints)
        {
            cancel.ThrowIfCancellationRequested();
            int count = (int)Math.Min(chunkPoints, total - start);
            if (simd)
            {
                RunSimdChunk(spec, baseTable, angles, start, count, buffer, threads, cancel);
                sink(start, count, buffer);
                progress?.Report(new SweepProgress(start + count, total, clock.Elapsed));
                continue;
            }
            int blocks = (count + Block - 1) / Block;
            Parallel.For(0, blocks, new ParallelOptions { MaxDegreeOfParallelism = threads, CancellationToken = cancel },
                () => shared ? baseTable : (double[])baseTable.Clone(),
                (b, _, table) =>
                {
                    Span<int> pIdx = stackalloc int[Math.Max(1, spec.Parameters.Count)];
                    int first = b * Block, n = Math.Min(Block, count - first);
                    for (int i = 0; i < n; i++)
                    {
                        long point = start + first + i;
                        spec.Decode(point, pIdx, out int pol, out int ai, out int wi);
                        double wl = spec.Wavelength[wi];
                        if (!shared)
                        {
                            if (nkByWl is not null)
                            {
                                int o = wi * rows * 2;
                                for (int r = 0; r < rows; r++) { table[r * 3] = nkByWl[o + 2 * r]; table[r * 3 + 1] = nkByWl[o + 2 * r + 1]; }
                            }
                            else if (dispersive) stack.FillTable(wl, table);
                            for (int k = 0; k < spec.Parameters.Count; k++)
                            {
                                var (prm, axis) = spec.Parameters[k];
                                int col = prm.Field == 'n' ? 0 : prm.Field == 'k' ? 1 : 2;
                                table[prm.Layer * 3 + col] = axis[pIdx[k]];
                            }
                        }
                        int polCode = spec.Polarizations[pol];
                        buffer[first + i] = stack.HasIncoherentLayers
                            ? stack.SolveTable(table, wl, angles[ai].Rad, polCode)
                            : SolveCoherent(table, rows, wl, angles[ai].Sin, polCode);
                    }
                    return table;
                },
                _ => { });
            sink(start, count, buffer);
            progress?.Report(new SweepProgress(start + count, total, clock.Elapsed));
        }
        return clock.Elapsed;
    }

    private static TimeSpan RunOnDevice(TmmSweepSpec spec, Sink sink, ITmmDevice device, int chunkPoints,
                                        IProgress<SweepProgress>? progress, CancellationToken cancel)
    {
        var clock = Stopwatch.StartNew();
        using var prepared = device.Prepare(spec);
        long total = spec.PointCount;
        int chunk = (int)Math.Clamp(chunkPoints > 0 ? chunkPoints : prepared.MaxChunkPoints, 1, Math.Min(prepared.MaxChunkPoints, total));
        var buffer = new TmmPoint[chunk];
        for (long start = 0; start < total; start += chunk)
        {
            cancel.ThrowIfCancellationRequested();
            int count = (int)Math.Min(chunk, total - start);
            prepared.Evaluate(start, count, buffer);
            sink(start, count, buffer);
            progress?.Report(new SweepProgress(start + count, total, clock.Elapsed));
        }
        return clock.Elapsed;
    }

    private const int SimdItem = 256;

    /// <summary>One chunk on the vector path: work items are runs of ≤ 256 wavelengths of one spectrum row.</summary>
    private static void RunSimdChunk(TmmSweepSpec spec, double[] baseTable, (double Sin, double Cos, double Rad)[] angles,
                                     long start, int count, TmmPoint[] buffer, int threads, CancellationToken cancel)
    {
        int nWl = spec.Wavelength.Count, rows = spec.Stack.Rows;
        var items = new List<(long Row, int Wl, int Len, int Offset)>();
        for (long p = start; p < start + count;)
        {
            long row = p / nWl;
            int wi = (int)(p % nWl);
            int len = (int)Math.Min(Math.Min(SimdItem, nWl - wi), start + count - p);
            items.Add((row, wi, len, (int)(p - start)));
            p += len;
        }
        Parallel.For(0, items.Count, new ParallelOptions { MaxDegreeOfParallelism = threads, CancellationToken = cancel },
            () => (Table: (double[])baseTable.Clone(), C: new ThinFilmSimd.Constants(), Row: -1L, Wl: new double[SimdItem]),
            (i, loop, st) =>
            {
                var (row, wi, len, offset) = items[i];
                if (row != st.Row)
                {
                    Span<int> pIdx = stackalloc int[Math.Max(1, spec.Parameters.Count)];
                    spec.Decode(row * nWl, pIdx, out int pol, out int ai, out int _);
                    for (int k = 0; k < spec.Parameters.Count; k++)
                    {
                        var (prm, axis) = spec.Parameters[k];
                        st.Table[prm.Layer * 3 + (prm.Field == 'n' ? 0 : prm.Field == 'k' ? 1 : 2)] = axis[pIdx[k]];
                    }
                    ThinFilmSimd.Prepare(st.Table, rows, st.Table[0] * angles[ai].Sin, spec.Polarizations[pol], st.C);
                    st.Row = row;
                }
                for (int w = 0; w < len; w++) st.Wl[w] = spec.Wavelength[wi + w];
                ThinFilmSimd.Solve(st.C, st.Wl.AsSpan(0, len), buffer.AsSpan(offset, len));
                return st;
            },
            _ => { });
    }

    private static TmmPoint SolveCoherent(double[] table, int rows, double wl, double sin0, int pol)
    {
        var p = new ArrayParams(table);
        return ThinFilm.SolveBeta(ref p, 0, rows, wl, table[0] * sin0, pol, transparentIncidence: true);
    }

    /// <summary>Runs a whole sweep into memory (tests, notebooks, small grids).</summary>
    public static TmmPoint[] RunToArray(TmmSweepSpec spec, int threads = 0, bool allowSimd = true)
    {
        if (spec.PointCount > 1 << 27) throw new PhotonicException($"a sweep of {spec.PointCount} points is too large to hold in memory (at most {1 << 27:N0}); stream it");
        IO.ResourceGuard.Memory($"a thin-film sweep of {spec.PointCount:N0} points in memory", spec.PointCount * 64.0);
        var all = new TmmPoint[spec.PointCount];
        Run(spec, (s, c, r) => Array.Copy(r, 0, all, s, c), threads: threads, allowSimd: allowSimd);
        return all;
    }
}
