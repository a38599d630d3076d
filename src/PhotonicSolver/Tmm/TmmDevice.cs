namespace PhotonicSolver.Tmm;

/// <summary>
/// A device that evaluates thin-film sweeps (the ILGPU backends implement it in kernels/; the CPU path is
/// <see cref="TmmSweep"/> itself). Created and disposed by the caller; nothing is selected process-wide.
/// </summary>
public interface ITmmDevice : IDisposable
{
    /// <summary>cpu, ilgpu-cpu, cuda, opencl.</summary>
    string Name { get; }
    /// <summary>Uploads the sweep's tables once, for many chunks.</summary>
    ITmmPreparedSweep Prepare(TmmSweepSpec spec);
}

/// <summary>A thin-film sweep resident on a device.</summary>
public interface ITmmPreparedSweep : IDisposable
{
    /// <summary>Most points one <see cref="Evaluate"/> call takes.</summary>
    int MaxChunkPoints { get; }
    /// <summary>Evaluates points [start, start + count) into results[0..count).</summary>
    void Evaluate(long start, int count, TmmPoint[] results);
}

/// <summary>
/// A sweep flattened for a kernel: stack tables (rows × (n, k, d)), one per combination of the swept layer
/// parameters (times one per wavelength when a material disperses), the wavelengths, sin θ₀ of each angle and the
/// polarisation codes. A point p decodes as wl = p mod nWl, angle = (p / nWl) mod nAngle, pol = … mod nPol,
/// outer = the rest; its table is outer·nWl + wl (dispersive) or outer.
/// </summary>
public sealed class TmmDeviceData
{
    public required double[] Tables { get; init; }
    public required int Rows { get; init; }
    public required bool Dispersive { get; init; }
    public required double[] Wavelengths { get; init; }
    public required double[] SinTheta { get; init; }
    public required int[] Polarizations { get; init; }

    /// <summary>Builds the tables; an error when they would exceed <paramref name="maxDoubles"/>.</summary>
    public static TmmDeviceData Build(TmmSweepSpec spec, long maxDoubles = 32L << 20)
    {
        var stack = spec.Stack;
        if (stack.HasIncoherentLayers)
            throw new PhotonicException("stacks with incoherent layers run on the cpu backend only (--backend cpu)");
        int rows = stack.Rows, width = rows * ThinFilm.Stride, nWl = spec.Wavelength.Count;
        bool dispersive = !stack.IsDispersionless;
        long outer = 1;
        foreach (var (_, a) in spec.Parameters) outer *= a.Count;
        long tables = outer * (dispersive ? nWl : 1);
        if (tables * width + nWl > maxDoubles)
            throw new PhotonicException($"the sweep needs {tables} stack tables of {rows} layers ({(tables * width + nWl) * 8.0 / (1 << 20):F0} MiB) on the device; " +
                                        "use --backend cpu, or sweep fewer layer parameters");
        var data = new double[tables * width];
        var t = new double[width];
        Span<int> idx = stackalloc int[Math.Max(1, spec.Parameters.Count)];
        for (long o = 0; o < outer; o++)
        {
            long rest = o;
            for (int k = spec.Parameters.Count - 1; k >= 0; k--) { idx[k] = (int)(rest % spec.Parameters[k].Axis.Count); rest /= spec.Parameters[k].Axis.Count; }
            for (int w = 0; w < (dispersive ? nWl : 1); w++)
            {
                stack.FillTable(spec.Wavelength[w], t);
                for (int k = 0; k < spec.Parameters.Count; k++)
                {
                    var (prm, axis) = spec.Parameters[k];
                    t[prm.Layer * 3 + (prm.Field == 'n' ? 0 : prm.Field == 'k' ? 1 : 2)] = axis[idx[k]];
                }
                Array.Copy(t, 0, data, (o * (dispersive ? nWl : 1) + w) * width, width);
            }
        }
        var wl = new double[nWl];
        for (int w = 0; w < nWl; w++) wl[w] = spec.Wavelength[w];
        var sin = new double[spec.AngleDeg.Count];
        for (int a = 0; a < sin.Length; a++) sin[a] = Math.Sin(spec.AngleDeg[a] * Math.PI / 180);
        return new TmmDeviceData { Tables = data, Rows = rows, Dispersive = dispersive, Wavelengths = wl, SinTheta = sin, Polarizations = spec.Polarizations };
    }
}
