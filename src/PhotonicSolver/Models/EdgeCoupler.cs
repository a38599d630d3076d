using System.Runtime.CompilerServices;
using PhotonicSolver.Fiber;
using PhotonicSolver.Numerics;

namespace PhotonicSolver.Models;

/// <summary>
/// Edge coupler / spot-size converter to a fiber, by Gaussian mode overlap (<see cref="GaussianOverlap"/>).
/// <code>
///   o1 ────══▷ ┆ gap ┆ ═══ o2 (fiber)
/// </code>
/// η = Gaussian overlap of the fiber mode (fiber_mfd) with the chip mode (chip_mfd_x, chip_mfd_y) at the chip facet,
/// for offsets dx, dy, tilt (x–z plane) and a gap of index medium_index (Marcuse 1977; Joyce &amp; DeLoach 1984).
/// S21 = S12 = i·√((1 − R)·η·10^(−excess_loss_dB/10)), S11 = S22 = √R with R the facet reflection: passive for
/// every setting. Mode-field diameters are taken as wavelength-independent; η depends on λ through the gap's
/// diffraction and the tilt.
/// </summary>
public static class EdgeCoupler
{
    public const int ChipMfdX = 0, ChipMfdY = 1, FiberMfd = 2, Dx = 3, Dy = 4, TiltDeg = 5, Gap = 6, MediumIndex = 7,
                     Reflection = 8, ExcessLossDb = 9;

    public static readonly ModelInfo Info = new()
    {
        Id = ModelIds.EdgeCoupler,
        Name = "edge_coupler",
        Summary = "Edge coupler / spot-size converter: Gaussian overlap with a fiber mode (MFD mismatch, offsets, tilt, gap), facet reflection, excess loss.",
        Ports = ["o1", "o2"],
        Diagram = "o1 ───══▷ ┆gap┆ ═══ o2\n(waveguide)        (fiber)",
        Settings =
        [
            new("chip_mfd_x", "µm", 8.0, 1e-6, double.PositiveInfinity, "chip mode-field diameter (1/e² intensity), horizontal"),
            new("chip_mfd_y", "µm", 8.0, 1e-6, double.PositiveInfinity, "chip mode-field diameter, vertical"),
            new("fiber_mfd", "µm", 10.4, 1e-6, double.PositiveInfinity, "fiber mode-field diameter (SMF-28 at 1550 nm: 10.4)"),
            new("dx", "µm", 0.0, double.NegativeInfinity, double.PositiveInfinity, "horizontal offset of the fiber axis at the chip facet"),
            new("dy", "µm", 0.0, double.NegativeInfinity, double.PositiveInfinity, "vertical offset of the fiber axis at the chip facet"),
            new("tilt_deg", "deg", 0.0, -45, 45, "angle between fiber and chip axes, in the horizontal plane"),
            new("gap", "µm", 0.0, 0, double.PositiveInfinity, "facet-to-facet distance"),
            new("medium_index", "", 1.0, 1e-3, 10, "refractive index of the gap (1 air, ≈ 1.45 index-matching gel or epoxy)"),
            new("reflection", "", 0.0, 0, 1, "facet power reflectivity, seen from both sides"),
            new("excess_loss_dB", "dB", 0.0, 0, double.PositiveInfinity, "loss of the on-chip taper, added to the overlap loss"),
        ],
        Pattern = ModelInfo.Reciprocal((1, 0, 0), (0, 0, 1), (1, 1, 1)),
        Reference = "Gaussian mode overlap: Marcuse, BSTJ 56, 703 (1977); Joyce & DeLoach, Appl. Opt. 23, 4187 (1984).",
        DependsOnWavelength = true,
    };

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Evaluate<TP>(ref TP p, int o, double wl, double temperatureC, ref Slots s) where TP : struct, IParamSource
    {
        double wf = 0.5 * p.Get(o + FiberMfd);
        double eta = GaussianOverlap.Efficiency(wf, wf, 0.5 * p.Get(o + ChipMfdX), 0.5 * p.Get(o + ChipMfdY),
                                                p.Get(o + Dx), p.Get(o + Dy), p.Get(o + TiltDeg) * (Math.PI / 180.0), 0.0,
                                                p.Get(o + Gap), p.Get(o + MediumIndex), wl);
        double r = p.Get(o + Reflection);
        double t = (1.0 - r) * eta * FastMath.DbToPower(-p.Get(o + ExcessLossDb));
        s.S0 = new Cx(0.0, Math.Sqrt(t));
        s.S1 = new Cx(Math.Sqrt(r), 0.0);
    }
}
