using System.Runtime.CompilerServices;
using ILGPU;
using PhotonicSolver.Models;
using PhotonicSolver.Tmm;

namespace PhotonicSolver.Kernels;

/// <summary>Sizes a thin-film kernel launch needs (see <see cref="TmmDeviceData"/> for the point decoding).</summary>
public readonly struct TmmKernelLayout
{
    public readonly int Rows, Wavelengths, Angles, Polarizations, Dispersive;

    public TmmKernelLayout(int rows, int wavelengths, int angles, int polarizations, bool dispersive)
    {
        Rows = rows; Wavelengths = wavelengths; Angles = angles; Polarizations = polarizations; Dispersive = dispersive ? 1 : 0;
    }
}

/// <summary>One stack table inside the device's table view, read as a parameter source by <see cref="ThinFilm"/>.</summary>
internal readonly struct TableView(ArrayView<double> tables, long offset) : IParamSource
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Get(int index) => tables[offset + index];
}

/// <summary>
/// The thin-film kernel: one thread per point (grid stride), each running <see cref="ThinFilm.SolveBeta{TP}"/> —
/// the same function the CPU's scalar path runs — on its stack table. Outputs are 7 doubles per point:
/// r.re, r.im, t.re, t.im, R, T, A.
/// </summary>
public static class TmmKernel
{
    public const int OutputsPerPoint = 7;

    public static void Execute(
        Index1D index,
        TmmKernelLayout layout,
        ArrayView<double> tables,
        ArrayView<double> wavelengths,
        ArrayView<double> sinTheta,
        ArrayView<int> polarizations,
        ArrayView<double> outputs,
        long start,
        int count,
        int threads)
    {
        long width = layout.Rows * ThinFilm.Stride;
        for (int p = index.X; p < count; p += threads)
        {
            long point = start + p;
            int wi = (int)(point % layout.Wavelengths);
            long rest = point / layout.Wavelengths;
            int ai = (int)(rest % layout.Angles);
            rest /= layout.Angles;
            int pi = (int)(rest % layout.Polarizations);
            long outer = rest / layout.Polarizations;
            long table = layout.Dispersive != 0 ? outer * layout.Wavelengths + wi : outer;
            var view = new TableView(tables, table * width);
            double beta = view.Get(0) * sinTheta[ai];
            var r = ThinFilm.SolveBeta(ref view, 0, layout.Rows, wavelengths[wi], beta, polarizations[pi], true);
            long o = (long)p * OutputsPerPoint;
            outputs[o] = r.Reflection.Re;
            outputs[o + 1] = r.Reflection.Im;
            outputs[o + 2] = r.Transmission.Re;
            outputs[o + 3] = r.Transmission.Im;
            outputs[o + 4] = r.Reflectance;
            outputs[o + 5] = r.Transmittance;
            outputs[o + 6] = r.Absorptance;
        }
    }
}
