using System.Runtime.CompilerServices;
using PhotonicSolver.Numerics;

namespace PhotonicSolver.Fiber;

/// <summary>
/// Power coupling efficiency between two Gaussian modes (a fiber mode and a chip mode), in the paraxial
/// approximation, with mode-field mismatch, lateral offset, angular tilt, a longitudinal gap in a medium of index
/// n, and wavelength. Kernel-safe: value arithmetic, <see cref="Cx"/>, <see cref="FastMath"/> and Math.Sqrt only.
/// <para>
/// Geometry. Mode-field radii w are 1/e² intensity radii (MFD = 2w), taken at each mode's waist: the fiber mode's
/// waist is on the fiber facet, the chip mode's on the chip facet. The facets are a gap g apart, filled with index
/// n. The overlap is taken on the chip facet, where the fiber beam, propagated over g, has the complex beam
/// parameter q = g + i·z_R, z_R = π·n·w1²/λ, and the field exp(−a1·(x−dx)² + i·k·sinθ·x) with
/// a1 = −i·k/(2q*) = 1/(w1² + 2i·g/k), k = 2πn/λ: the project's exp(+i·k·z) sign, so a diverging wavefront
/// carries the phase +k·x²/(2R), and θ &gt; 0 means the fiber beam travels towards +x. The offsets dx, dy are those of the fiber beam's centre on the
/// chip facet, and the tilt θ (in the x–z plane; θy in the y–z plane) is the angle between the fiber axis and the
/// chip axis, pivoting there. The beam's path along its tilted axis is taken as g and its footprint ellipticity
/// (a cos θ effect) is neglected: both are second order in θ.
/// </para>
/// <para>
/// Per axis, with a2 = 1/w2² and A = a1 + a2, the normalised overlap of the two Gaussians is
/// η_x = 2·√(Re a1 · a2) / |A| · exp(2·Re[−a1·a2·d²/A + i·a1·d·t/A − t²/(4A)]), t = k·sin θ,
/// and η = η_x·η_y. It reduces to Marcuse, BSTJ 56, 703 (1977) for a pure offset or tilt, and to
/// Joyce &amp; DeLoach, Appl. Opt. 23, 4187 (1984) for a gap with or without offset (see the closed forms below).
/// </para>
/// </summary>
public static class GaussianOverlap
{
    /// <summary>
    /// Coupling efficiency (0..1) between a fiber mode of radii (w1x, w1y) and a chip mode of radii (w2x, w2y), all
    /// in µm, with the fiber beam's centre at (dx, dy) µm on the chip facet, tilts tiltX, tiltY (radians), a gap
    /// (µm) of index n, at wavelength wl (µm).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Efficiency(double w1x, double w1y, double w2x, double w2y, double dx, double dy,
                                    double tiltX, double tiltY, double gap, double n, double wl)
        => Axis(w1x, w2x, dx, tiltX, gap, n, wl) * Axis(w1y, w2y, dy, tiltY, gap, n, wl);

    /// <summary>Circular modes (w1, w2), offset d along x, tilt in the x–z plane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Efficiency(double w1, double w2, double dx, double dy, double tilt, double gap, double n, double wl)
        => Axis(w1, w2, dx, tilt, gap, n, wl) * Axis(w1, w2, dy, 0.0, gap, n, wl);

    /// <summary>
    /// The one-dimensional factor η_x of <see cref="Efficiency(double,double,double,double,double,double,double,double,double,double,double)"/>:
    /// fiber radius w1, chip radius w2, offset d, tilt (rad), gap and index n, wavelength wl (lengths in µm).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Axis(double w1, double w2, double d, double tilt, double gap, double n, double wl)
    {
        double k = 2.0 * Math.PI * n / wl;
        double w1s = w1 * w1;
        double a2 = 1.0 / (w2 * w2);
        double g2k = 2.0 * gap / k;
        // a1 = 1/(w1² + 2i·g/k); Re a1 = w1²/(w1⁴ + (2g/k)²)
        Cx a1 = new Cx(w1s, g2k).Reciprocal();
        double reA1 = w1s / (w1s * w1s + g2k * g2k);
        Cx a = new(a1.Re + a2, a1.Im);
        Cx invA = a.Reciprocal();
        FastMath.SinCos(tilt, out double sinT, out _);
        double t = k * sinT;
        // exponent = −a1·a2·d²/A + i·a1·d·t/A − t²/(4A)
        Cx e = (-(a2 * d * d)) * (a1 * invA) + (d * t) * (Cx.I * a1 * invA) - (0.25 * t * t) * invA;
        return 2.0 * Math.Sqrt(reA1 * a2) * Math.Sqrt(invA.Abs2) * FastMath.Exp(2.0 * e.Re);
    }

    /// <summary>Marcuse (1977), pure lateral offset d: η = (2w1w2/(w1²+w2²))²·exp(−2d²/(w1²+w2²)).</summary>
    public static double MarcuseOffset(double w1, double w2, double d)
    {
        double s = w1 * w1 + w2 * w2;
        double m = 2 * w1 * w2 / s;
        return m * m * Math.Exp(-2 * d * d / s);
    }

    /// <summary>Marcuse (1977), pure tilt θ (small angle, rad) in index n: η = (2w1w2/(w1²+w2²))²·exp(−2(πnθ)²w1²w2²/(λ²(w1²+w2²))).</summary>
    public static double MarcuseTilt(double w1, double w2, double theta, double n, double wl)
    {
        double s = w1 * w1 + w2 * w2;
        double m = 2 * w1 * w2 / s;
        double pnt = Math.PI * n * theta;
        return m * m * Math.Exp(-2 * pnt * pnt * w1 * w1 * w2 * w2 / (wl * wl * s));
    }

    /// <summary>
    /// Joyce &amp; DeLoach (1984), gap z in index n with offset d (circular modes):
    /// κ = 4w1²w2² / ((w1²+w2²)² + λ²z²/(π²n²)), η = κ·exp(−κ·d²·(w1²+w2²)/(2w1²w2²)).
    /// For d = 0 this is the familiar 4 / ((w1/w2 + w2/w1)² + (λz/(πn·w1w2))²).
    /// </summary>
    public static double JoyceDeLoach(double w1, double w2, double gap, double d, double n, double wl)
    {
        double s = w1 * w1 + w2 * w2, p = w1 * w1 * w2 * w2;
        double zz = wl * gap / (Math.PI * n);
        double kappa = 4 * p / (s * s + zz * zz);
        return kappa * Math.Exp(-kappa * d * d * s / (2 * p));
    }

    /// <summary>Loss in dB of an efficiency: −10·log10(η) (host side).</summary>
    public static double LossDb(double efficiency) => -10.0 * Math.Log10(efficiency);
}
