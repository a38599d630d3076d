using PhotonicSolver.IO;

namespace PhotonicSolver.Fiber;

/// <summary>A Gaussian mode by its mode-field radii (1/e² intensity, µm) along x and y; MFD = 2w.</summary>
public readonly record struct GaussianMode(double Wx, double Wy)
{
    public static GaussianMode Circular(double w) => new(w, w);
    public static GaussianMode FromMfd(double mfdX, double mfdY) => new(0.5 * mfdX, 0.5 * mfdY);
    public double MfdX => 2 * Wx;
    public double MfdY => 2 * Wy;
}

/// <summary>
/// How the fiber moves after it is aligned and fixed: a thermal drift from the expansion mismatch between the
/// fiber holder and the chip carrier, Δ = Δα·L·ΔT along one axis (L: the length over which the mismatch acts,
/// e.g. from the bond point to the fiber), and a fixed shift from epoxy cure shrinkage along one axis.
/// </summary>
public sealed record AttachDrift(double CteMismatchPerK, double LeverUm, char DriftAxis, double EpoxyShrinkUm, char ShrinkAxis)
{
    /// <summary>Lateral drift per kelvin, Δα·L (µm/K).</summary>
    public double DriftPerK => CteMismatchPerK * LeverUm;

    /// <summary>The fiber's shift (µm) at a temperature change ΔT (K) from alignment, epoxy shrink included.</summary>
    public (double Dx, double Dy) Shift(double deltaTK)
    {
        double d = DriftPerK * deltaTK;
        double x = (DriftAxis == 'x' ? d : 0) + (ShrinkAxis == 'x' ? EpoxyShrinkUm : 0);
        double y = (DriftAxis == 'y' ? d : 0) + (ShrinkAxis == 'y' ? EpoxyShrinkUm : 0);
        return (x, y);
    }
}

/// <summary>
/// A fiber-to-chip coupling problem, as read from a fiber file:
/// <code>
/// fiber: {mfd_um: 10.4}            # mode-field diameter, or w_um for the radius; mfd_x_um/mfd_y_um (w_x_um/w_y_um) if elliptic
/// chip:  {mfd_um: 3.0}
/// medium_index: 1.0                # index of the gap (1 air, 1.45 index-matching gel)
/// wavelength_um: 1.55
/// facet_reflection: 0.0            # optional: power reflectivity of the facet; the efficiency is scaled by (1 − R)
/// attach:                          # optional: drift of the attached fiber
///   cte_mismatch_per_K: 2.0e-6     # Δα
///   lever_um: 1000                 # L; drift Δ = Δα·L·ΔT
///   drift_axis: x                  # x or y
///   epoxy_shrink_um: 0.1           # cure shrinkage shift
///   shrink_axis: y
/// </code>
/// Offsets are those of the fiber axis on the chip facet; the tilt is in the x–z plane (see <see cref="GaussianOverlap"/>).
/// </summary>
public sealed class FiberCouplingSetup
{
    public required GaussianMode Fiber { get; init; }
    public required GaussianMode Chip { get; init; }
    public double MediumIndex { get; init; } = 1.0;
    public double WavelengthUm { get; init; } = 1.55;
    public double FacetReflection { get; init; }
    public AttachDrift? Attach { get; init; }

    /// <summary>
    /// Coupling efficiency with the fiber set at (dx, dy) µm, tilt (rad), gap (µm), at wavelength wl (µm), after a
    /// temperature change ΔT (K) from alignment: the attach drift and epoxy shrink (if any) add to the offsets.
    /// </summary>
    public double Efficiency(double dx, double dy, double tiltRad, double gapUm, double wl, double deltaTK = 0)
    {
        if (Attach is { } a)
        {
            var (sx, sy) = a.Shift(deltaTK);
            dx += sx; dy += sy;
        }
        return (1 - FacetReflection) * GaussianOverlap.Efficiency(Fiber.Wx, Fiber.Wy, Chip.Wx, Chip.Wy, dx, dy, tiltRad, 0.0,
                                                                  gapUm, MediumIndex, wl);
    }

    /// <summary>The efficiency of the perfectly aligned pair (no offset, tilt, gap, drift) at the file's wavelength.</summary>
    public double AlignedEfficiency => (1 - FacetReflection) * GaussianOverlap.Efficiency(Fiber.Wx, Fiber.Wy, Chip.Wx, Chip.Wy,
                                                                                          0, 0, 0, 0, 0, MediumIndex, WavelengthUm);

    public static FiberCouplingSetup Load(string path) => Read(YamlSection.LoadFile(path, "fiber coupling"));

    public static FiberCouplingSetup Parse(string text, string source) => Read(YamlSection.Parse(text, source, "fiber coupling"));

    private static FiberCouplingSetup Read(YamlSection root)
    {
        root.AllowOnly("fiber", "chip", "medium_index", "wavelength_um", "facet_reflection", "attach");
        var attach = root.Section("attach");
        AttachDrift? drift = null;
        if (attach is not null)
        {
            attach.AllowOnly("cte_mismatch_per_K", "lever_um", "drift_axis", "epoxy_shrink_um", "shrink_axis");
            double lever = attach.Number("lever_um", 0);
            if (lever < 0) throw attach.Error("lever_um", $"{lever}: a length cannot be negative");
            drift = new AttachDrift(attach.Number("cte_mismatch_per_K", 0), lever, Axis(attach, "drift_axis"),
                                    attach.Number("epoxy_shrink_um", 0), Axis(attach, "shrink_axis"));
        }
        return new FiberCouplingSetup
        {
            Fiber = Mode(root.RequiredSection("fiber")),
            Chip = Mode(root.RequiredSection("chip")),
            MediumIndex = root.Checked("medium_index", 1.0, 1e-3, 10, "the gap's refractive index must be positive (1 for air)"),
            WavelengthUm = root.Wavelength("wavelength_um", 1.55),
            FacetReflection = root.Checked("facet_reflection", 0, 0, 1 - 1e-12, "a power reflectivity lies in [0, 1)"),
            Attach = drift,
        };
    }

    private static char Axis(YamlSection s, string key)
    {
        string v = s.Text(key) ?? (key == "shrink_axis" ? "y" : "x");
        return v switch { "x" => 'x', "y" => 'y', _ => throw s.Error(key, $"'{v}': expected x or y") };
    }

    private static GaussianMode Mode(YamlSection s)
    {
        s.AllowOnly("mfd_um", "w_um", "mfd_x_um", "mfd_y_um", "w_x_um", "w_y_um");
        const string why = "a mode-field diameter or radius must be positive, in µm from 0.001 to 100000 (outside that the overlap integrals are not finite in fp64)";
        double P(string key) => s.Checked(key, double.NaN, 1e-3, 1e5, why);
        string[] given = new[] { "mfd_um", "w_um", "mfd_x_um", "mfd_y_um", "w_x_um", "w_y_um" }.Where(s.Has).ToArray();
        bool ok = given.Length == 1 && given[0] is "mfd_um" or "w_um"
               || given.Length == 2 && (given.Contains("mfd_x_um") && given.Contains("mfd_y_um") || given.Contains("w_x_um") && given.Contains("w_y_um"));
        if (!ok)
            throw s.Error($"give the mode size as one of: mfd_um, w_um, mfd_x_um + mfd_y_um, or w_x_um + w_y_um (got: {(given.Length == 0 ? "none" : string.Join(", ", given))})");
        return given[0] switch
        {
            "mfd_um" => GaussianMode.FromMfd(P("mfd_um"), P("mfd_um")),
            "w_um" => GaussianMode.Circular(P("w_um")),
            _ when given.Contains("mfd_x_um") => GaussianMode.FromMfd(P("mfd_x_um"), P("mfd_y_um")),
            _ => new GaussianMode(P("w_x_um"), P("w_y_um")),
        };
    }
}
