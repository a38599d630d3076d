using PhotonicSolver.Sweep;

namespace PhotonicSolver.Fiber;

/// <summary>
/// A Cartesian grid of alignment states: [ΔT,] dx, dy, tilt, gap, wavelength (outermost first; the last varies
/// fastest). Axes not swept hold one value. Efficiencies are computed in parallel chunks.
/// </summary>
public sealed class CouplingGrid
{
    public const string DeltaT = "delta_T_K", Dx = "dx_um", Dy = "dy_um", TiltDeg = "tilt_deg", Gap = "gap_um", Wl = "wl_um";

    /// <summary>The axes in output order; ΔT only when swept.</summary>
    public IReadOnlyList<SweepAxis> Axes { get; }
    private readonly SweepSpec _spec;
    private readonly bool _hasDeltaT;

    public CouplingGrid(SweepAxis? deltaT, SweepAxis dx, SweepAxis dy, SweepAxis tiltDeg, SweepAxis gap, SweepAxis wl)
    {
        Check(tiltDeg, v => Math.Abs(v) < 90, "a tilt must lie strictly between -90 and 90 degrees");
        Check(gap, v => v >= 0, "a gap cannot be negative");
        Check(wl, v => v > 0, "a wavelength must be positive");
        _hasDeltaT = deltaT is not null;
        Axes = deltaT is null ? [dx, dy, tiltDeg, gap, wl] : [deltaT, dx, dy, tiltDeg, gap, wl];
        _spec = new SweepSpec(Axes);
    }

    private static void Check(SweepAxis a, Func<double, bool> ok, string why)
    {
        // Linear axes are monotone, so their end points bound every value.
        IEnumerable<double> values = a.IsLinear ? [a[0], a[a.Count - 1]] : a.Table;
        foreach (double v in values)
            if (!ok(v)) throw new PhotonicException($"--{a.Name.Replace("_um", "").Replace("_deg", "-deg")} value {v}: {why}");
    }

    public long PointCount => _spec.PointCount;

    /// <summary>Values of every axis at a point: (ΔT, dx, dy, tilt°, gap, wl).</summary>
    public (double DeltaT, double Dx, double Dy, double TiltDeg, double Gap, double Wl) At(long point)
    {
        int o = _hasDeltaT ? 1 : 0;
        double V(int k) => Axes[k][_spec.AxisIndex(point, k)];
        return (_hasDeltaT ? V(0) : 0.0, V(o), V(o + 1), V(o + 2), V(o + 3), V(o + 4));
    }

    /// <summary>Efficiencies of points [start, start + dest.Length), computed with Parallel.For.</summary>
    public void Compute(FiberCouplingSetup setup, long start, double[] dest, int count)
    {
        Parallel.For(0, (count + 1023) / 1024, block =>
        {
            int end = Math.Min(count, (block + 1) * 1024);
            for (int i = block * 1024; i < end; i++)
            {
                var p = At(start + i);
                dest[i] = setup.Efficiency(p.Dx, p.Dy, p.TiltDeg * (Math.PI / 180), p.Gap, p.Wl, p.DeltaT);
            }
        });
    }

    /// <summary>All efficiencies (for grids that fit in memory).</summary>
    public double[] ComputeAll(FiberCouplingSetup setup)
    {
        long n = PointCount;
        if (n > int.MaxValue) throw new PhotonicException($"coupling grid of {n:N0} points is too large to hold in memory (at most {int.MaxValue:N0})");
        IO.ResourceGuard.Memory($"a coupling grid of {n:N0} points in memory", 8.0 * n);
        var result = new double[n];
        Compute(setup, 0, result, (int)n);
        return result;
    }
}
