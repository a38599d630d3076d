using System.Globalization;
using System.Text;

namespace PhotonicSolver.Fiber;

/// <summary>
/// The printed summary of a coupling analysis: aligned efficiency, 0.5 dB and 1 dB alignment tolerances (closed
/// form plus bisection), the same read from the swept grid through its best point, and the attach drift.
/// </summary>
public static class CouplingReport
{
    public static readonly double[] LossLevelsDb = [0.5, 1.0];

    /// <summary>Tolerances of the aligned pair: (dx, dy, tilt°, gap) for each loss level, all µm except the tilt.</summary>
    public static (double Dx, double Dy, double TiltDeg, double Gap)[] Tolerances(FiberCouplingSetup s)
    {
        double wl = s.WavelengthUm;
        double scale = Math.Max(Math.Max(s.Fiber.Wx, s.Fiber.Wy), Math.Max(s.Chip.Wx, s.Chip.Wy));
        return LossLevelsDb.Select(db => (
            AlignmentTolerance.Find(u => Aligned(s, u, 0, 0, 0, wl), db, 0.01 * scale, 1e4),
            AlignmentTolerance.Find(u => Aligned(s, 0, u, 0, 0, wl), db, 0.01 * scale, 1e4),
            AlignmentTolerance.Find(u => Aligned(s, 0, 0, u * Math.PI / 180, 0, wl), db, 0.01, 89.9),
            AlignmentTolerance.Find(u => Aligned(s, 0, 0, 0, u, wl), db, 0.1 * scale, 1e7))).ToArray();
    }

    /// <summary>The overlap alone (no attach drift, no facet reflection: they do not change relative losses).</summary>
    private static double Aligned(FiberCouplingSetup s, double dx, double dy, double tilt, double gap, double wl)
        => GaussianOverlap.Efficiency(s.Fiber.Wx, s.Fiber.Wy, s.Chip.Wx, s.Chip.Wy, dx, dy, tilt, 0, gap, s.MediumIndex, wl);

    /// <summary>The summary text. <paramref name="bestPoint"/> is the grid point with the highest efficiency.</summary>
    public static string Build(FiberCouplingSetup s, CouplingGrid grid, long bestPoint, double bestEfficiency)
    {
        var w = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        w.WriteLine($"fiber MFD {F(s.Fiber.MfdX)} x {F(s.Fiber.MfdY)} µm -> chip MFD {F(s.Chip.MfdX)} x {F(s.Chip.MfdY)} µm, gap index {F(s.MediumIndex)}, wavelength {F(s.WavelengthUm)} µm");
        double aligned = s.AlignedEfficiency;
        w.WriteLine($"aligned efficiency {aligned:F4} ({GaussianOverlap.LossDb(aligned):F3} dB){(s.FacetReflection > 0 ? $", facet reflection {F(s.FacetReflection)} included" : "")}");
        w.WriteLine("alignment tolerance (extra loss from the aligned position, at the file's wavelength):");
        var tol = Tolerances(s);
        w.WriteLine($"  {"",-12}{"0.5 dB",12}{"1 dB",12}");
        w.WriteLine($"  {"dx (µm)",-12}{Pm(tol[0].Dx),12}{Pm(tol[1].Dx),12}");
        w.WriteLine($"  {"dy (µm)",-12}{Pm(tol[0].Dy),12}{Pm(tol[1].Dy),12}");
        w.WriteLine($"  {"tilt (deg)",-12}{Pm(tol[0].TiltDeg),12}{Pm(tol[1].TiltDeg),12}");
        w.WriteLine($"  {"gap (µm)",-12}{Up(tol[0].Gap),12}{Up(tol[1].Gap),12}");

        var b = grid.At(bestPoint);
        w.WriteLine($"swept grid: {grid.PointCount:N0} points; best efficiency {bestEfficiency:F4} ({GaussianOverlap.LossDb(bestEfficiency):F3} dB) at " +
                    $"dx {F(b.Dx)} µm, dy {F(b.Dy)} µm, tilt {F(b.TiltDeg)} deg, gap {F(b.Gap)} µm, wl {F(b.Wl)} µm" +
                    (grid.Axes.Count == 6 ? $", delta_T {F(b.DeltaT)} K" : ""));
        var lines = new List<string>();
        int o = grid.Axes.Count - 5;
        string[] labels = ["dx (µm)", "dy (µm)", "tilt (deg)", "gap (µm)"];
        for (int k = 0; k < 4; k++)
        {
            var axis = grid.Axes[o + k];
            if (axis.Count < 3) continue;
            var xs = Enumerable.Range(0, axis.Count).Select(i => axis[i]).ToArray();
            var etas = xs.Select(x => k switch
            {
                0 => s.Efficiency(x, b.Dy, b.TiltDeg * Math.PI / 180, b.Gap, b.Wl, b.DeltaT),
                1 => s.Efficiency(b.Dx, x, b.TiltDeg * Math.PI / 180, b.Gap, b.Wl, b.DeltaT),
                2 => s.Efficiency(b.Dx, b.Dy, x * Math.PI / 180, b.Gap, b.Wl, b.DeltaT),
                _ => s.Efficiency(b.Dx, b.Dy, b.TiltDeg * Math.PI / 180, x, b.Wl, b.DeltaT),
            }).ToArray();
            var cells = LossLevelsDb.Select(db =>
            {
                var (best, left, right) = AlignmentTolerance.FromSamples(xs, etas, db);
                return $"{Side(left - best)} / {Side(right - best)}";
            }).ToArray();
            lines.Add($"  {labels[k],-12}{cells[0],24}{cells[1],24}");
        }
        if (lines.Count > 0)
        {
            w.WriteLine("  from the grid, through the best point (− side / + side; '>' = not reached in the sweep):");
            w.WriteLine($"  {"",-12}{"0.5 dB",24}{"1 dB",24}");
            foreach (var l in lines) w.WriteLine(l);
        }

        if (s.Attach is { } a)
        {
            var (sx, sy) = a.Shift(0);
            double shrunk = s.Efficiency(0, 0, 0, 0, s.WavelengthUm, 0);
            w.WriteLine($"attach: drift {a.DriftPerK * 1e3:G4} nm/K along {a.DriftAxis} (Δα {a.CteMismatchPerK:G3}/K x L {F(a.LeverUm)} µm), " +
                        $"epoxy shrink {F(a.EpoxyShrinkUm)} µm along {a.ShrinkAxis}");
            w.WriteLine($"  after shrink (shift {F(sx)}, {F(sy)} µm): efficiency {shrunk:F4}, +{10 * Math.Log10(aligned / shrunk):F3} dB");
            foreach (double db in LossLevelsDb)
            {
                double plus = AlignmentTolerance.Find(t => s.Efficiency(0, 0, 0, 0, s.WavelengthUm, t), db, 1, 1e6, aligned);
                double minus = AlignmentTolerance.Find(t => s.Efficiency(0, 0, 0, 0, s.WavelengthUm, -t), db, 1, 1e6, aligned);
                w.WriteLine($"  temperature change for +{db} dB: {(double.IsInfinity(minus) ? "none" : "-" + F(minus))} K / {(double.IsInfinity(plus) ? "none" : "+" + F(plus))} K");
            }
        }
        return w.ToString();
    }

    private static string F(double v) => v.ToString("G4", CultureInfo.InvariantCulture);
    private static string Pm(double v) => double.IsInfinity(v) ? "none" : "±" + v.ToString("F3", CultureInfo.InvariantCulture);
    private static string Up(double v) => double.IsInfinity(v) ? "none" : v.ToString("F3", CultureInfo.InvariantCulture);
    private static string Side(double v) => double.IsNaN(v) ? ">" : v.ToString("+0.000;-0.000;0.000", CultureInfo.InvariantCulture);
}
