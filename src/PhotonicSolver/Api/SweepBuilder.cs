using PhotonicSolver.Backends;
using PhotonicSolver.Circuit;
using PhotonicSolver.Sweep;

namespace PhotonicSolver.Api;

/// <summary>
/// A sweep being set up: wavelength (innermost), further axes (outermost first), the port pairs to keep and the
/// backend. <see cref="Run"/> compiles the circuit once and solves every point in memory.
/// </summary>
public sealed class SweepBuilder
{
    private readonly Circuit _circuit;
    private readonly SweepAxis? _wl;
    private readonly List<SweepAxis> _outer = [];
    private List<(int Out, int In)>? _pairs;
    private ISweepBackend? _backend;

    internal SweepBuilder(Circuit circuit, SweepAxis? wl) { _circuit = circuit; _wl = wl; }

    /// <summary>Adds an outer axis: N evenly spaced values of "inst.setting" or temperature.</summary>
    public SweepBuilder Over(string setting, double start, double stop, int points)
    {
        _outer.Add(SweepAxis.Linear(Check(setting), start, stop, points));
        return this;
    }

    /// <summary>Adds an outer axis with listed values.</summary>
    public SweepBuilder Over(string setting, params double[] values)
    {
        _outer.Add(SweepAxis.List(Check(setting), values));
        return this;
    }

    private static string Check(string setting) => setting == FlatCircuit.WavelengthKey
        ? throw new PhotonicException("sweep the wavelength with Sweep(wl: ...), not Over(\"wl\", ...)")
        : setting;

    /// <summary>Keeps only these (out, in) port pairs, written "out:in" (default: every pair).</summary>
    public SweepBuilder Pairs(params string[] pairs)
    {
        var names = _circuit.Ports.ToList();
        _pairs = pairs.Select(p =>
        {
            var parts = p.Split(':');
            int o = parts.Length == 2 ? names.IndexOf(parts[0]) : -1, i = parts.Length == 2 ? names.IndexOf(parts[1]) : -1;
            if (o < 0 || i < 0) throw new PhotonicException($"port pair '{p}': expected OUT:IN with ports among {string.Join(", ", names)}");
            return (o, i);
        }).ToList();
        return this;
    }

    /// <summary>The backend to run on (default: the CPU backend on every core). The caller keeps ownership.</summary>
    public SweepBuilder On(ISweepBackend backend)
    {
        _backend = backend;
        return this;
    }

    /// <summary>The sweep grid: outer axes in the order given, wavelength last (contiguous spectra).</summary>
    public SweepSpec Spec => new(_wl is null ? _outer : [.. _outer, _wl]);

    /// <summary>Compiles and solves every point; results stay in memory.</summary>
    public SweepData Run()
    {
        var backend = _backend ?? new CpuBackend();
        try { return new SweepData(SweepResult.Run(_circuit.Flat, Spec, backend, _pairs)); }
        finally { if (_backend is null) backend.Dispose(); }
    }
}
