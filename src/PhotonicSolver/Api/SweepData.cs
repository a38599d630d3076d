using PhotonicSolver.Circuit;
using PhotonicSolver.IO;
using PhotonicSolver.Numerics;
using PhotonicSolver.Sweep;

namespace PhotonicSolver.Api;

/// <summary>
/// A solved sweep as arrays. Points are in grid order: the first axis outermost, the wavelength fastest.
/// </summary>
public sealed class SweepData(SweepResult result)
{
    public SweepResult Result { get; } = result;

    /// <summary>Number of points in the grid.</summary>
    public long Count => Result.Count;

    /// <summary>Swept axis names, outermost first (wl last when swept).</summary>
    public IReadOnlyList<string> Axes => Result.Plan.Sweep.Axes.Select(a => a.Name).ToArray();

    /// <summary>The values of one axis (each value once, in sweep order).</summary>
    public double[] Values(string axis)
    {
        var a = Result.Plan.Sweep.Axes.Find(x => x.Name == axis)
            ?? throw new PhotonicException($"'{axis}' is not swept; axes: {string.Join(", ", Axes)}");
        return Enumerable.Range(0, a.Count).Select(i => a[i]).ToArray();
    }

    /// <summary>The wavelengths of the sweep (µm), each once.</summary>
    public double[] Wavelengths => Axes.Contains(FlatCircuit.WavelengthKey) ? Values(FlatCircuit.WavelengthKey) : [Result.Plan.Layout.Wavelength];

    /// <summary>The value of an axis at every point (same length as <see cref="T"/>).</summary>
    public double[] PointValues(string axis) => Result.Axis(axis);

    /// <summary>S[out, in] at every point.</summary>
    public Cx[] S(string outPort, string inPort) => Result.S(outPort, inPort);

    /// <summary>|S[out, in]|² (linear) at every point.</summary>
    public double[] T(string outPort, string inPort) => Result.Transmission(outPort, inPort);

    /// <summary>|S[out, in]|² in dB at every point.</summary>
    public double[] TdB(string outPort, string inPort) => T(outPort, inPort).Select(v => 10 * Math.Log10(v)).ToArray();

    /// <summary>
    /// |S[out, in]|² of a two-axis sweep as a map [i, j] = (value i of the outer axis, wavelength j): the layout of
    /// a heatmap with the outer setting on the vertical axis.
    /// </summary>
    public double[,] Map(string outPort, string inPort)
    {
        var axes = Result.Plan.Sweep.Axes;
        if (axes.Count != 2) throw new PhotonicException($"Map needs a sweep over exactly two axes (wavelength and one setting); this one has {axes.Count}: {string.Join(", ", Axes)}");
        var t = T(outPort, inPort);
        int rows = axes[0].Count, cols = axes[1].Count;
        var m = new double[rows, cols];
        for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) m[i, j] = t[(long)i * cols + j];
        return m;
    }

    /// <summary>Writes the sweep as the CLI's CSV (wl_um, swept settings, T/re/im per port pair); returns the path.</summary>
    public string SaveCsv(string path)
    {
        using (var csv = CsvSweepWriter.Create(path))
        {
            csv.Begin(Result.Plan);
            csv.Write(0, checked((int)Result.Count), Result.Outputs, Result.Status);
            csv.End(false, Result.Count);
        }
        return Path.GetFullPath(path);
    }

    /// <summary>Points whose loop was singular (a lossless cavity on resonance); their outputs are NaN.</summary>
    public int SingularPoints => Result.Status.Count(s => s != 0);
}
