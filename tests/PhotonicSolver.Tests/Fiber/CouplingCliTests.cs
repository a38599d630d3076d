using System.Globalization;
using System.Text.RegularExpressions;
using PhotonicSolver.Fiber;
using PhotonicSolver.Tests.Cli;

namespace PhotonicSolver.Tests.Fiber;

/// <summary>`photonic coupling`: CSV layout and values, tolerance extraction, attach drift, input errors.</summary>
public class CouplingCliTests
{
    private const string Simple = """
        fiber: {mfd_um: 10.4}
        chip:  {mfd_um: 3.0}
        medium_index: 1.0
        wavelength_um: 1.55
        """;

    private static double[][] ReadCsv(string text, out string[] header)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        header = lines[0].Split(',');
        return lines.Skip(1).Select(l => l.Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray()).ToArray();
    }

    [Fact]
    public void CsvHasTheIssueColumnsWithOmittedAxesZeroAndTheFilesWavelength()
    {
        string f = CliRunner.TempFile("fiber.yaml", Simple);
        string csv = CliRunner.TempFile("out.csv");
        var r = CliRunner.Run("coupling", f, "--dx", "-1:1:3", "--gap", "0,10", "--out", csv);
        Assert.Equal(0, r.Code);
        var rows = ReadCsv(File.ReadAllText(csv), out var header);
        Assert.Equal(["dx_um", "dy_um", "tilt_deg", "gap_um", "wl_um", "efficiency", "loss_dB"], header);
        Assert.Equal(6, rows.Length);
        // dx outermost, gap faster; dy and tilt 0; wl from the file.
        Assert.Equal([-1, -1, 0, 0, 1, 1], rows.Select(x => x[0]));
        Assert.Equal([0, 10, 0, 10, 0, 10], rows.Select(x => x[3]));
        Assert.All(rows, x => { Assert.Equal(0, x[1]); Assert.Equal(0, x[2]); Assert.Equal(1.55, x[4]); });
        foreach (var x in rows)
        {
            // Exactly the library's value (CSV round-trips doubles with "R"), and loss_dB = −10·log10(η).
            Assert.Equal(GaussianOverlap.Efficiency(5.2, 1.5, x[0], 0, 0, x[3], 1.0, 1.55), x[5]);
            Assert.Equal(-10 * Math.Log10(x[5]), x[6], 1e-12);
        }
        Assert.Contains("alignment tolerance", r.Out);
    }

    [Fact]
    public void WavelengthAndTiltAxesAreSweptWithWavelengthInnermost()
    {
        string f = CliRunner.TempFile("fiber.yaml", Simple);
        var r = CliRunner.Run("coupling", f, "--tilt", "0:2:3", "--wl", "1.3,1.55", "--gap", "5", "--out", "-");
        Assert.Equal(0, r.Code);
        var rows = ReadCsv(r.Out, out _);
        Assert.Equal([1.3, 1.55, 1.3, 1.55, 1.3, 1.55], rows.Select(x => x[4]));
        foreach (var x in rows)
            Assert.Equal(GaussianOverlap.Efficiency(5.2, 1.5, 0, 0, x[2] * Math.PI / 180, 5, 1.0, x[4]), x[5], 1e-15);
        // With --out -, the summary goes to stderr so stdout stays a clean CSV.
        Assert.Contains("alignment tolerance", r.Err);
    }

    /// <summary>The printed tolerances are the closed-form ones (Marcuse offset and tilt, Joyce–DeLoach gap), to print precision.</summary>
    [Fact]
    public void PrintedTolerancesMatchTheClosedForms()
    {
        string f = CliRunner.TempFile("fiber.yaml", Simple);
        var r = CliRunner.Run("coupling", f, "--out", CliRunner.TempFile("o.csv"));
        Assert.Equal(0, r.Code);
        double w1 = 5.2, w2 = 1.5, s = w1 * w1 + w2 * w2;
        foreach (var (db, col) in new[] { (0.5, 1), (1.0, 2) })
        {
            double dx = AlignmentTolerance.MarcuseOffset(w1, w2, db);
            double e = db * Math.Log(10) / 10;
            double tilt = Math.Asin(1.55 / Math.PI * Math.Sqrt(e * s / (2 * w1 * w1 * w2 * w2))) * 180 / Math.PI;
            double gap = Math.PI * s * Math.Sqrt(Math.Pow(10, db / 10) - 1) / 1.55;
            Assert.Equal(dx, Cell(r.Out, "dx (µm)", col), 5e-4); // printed with 3 decimals
            Assert.Equal(dx, Cell(r.Out, "dy (µm)", col), 5e-4);
            Assert.Equal(tilt, Cell(r.Out, "tilt (deg)", col), 5e-4);
            Assert.Equal(gap, Cell(r.Out, "gap (µm)", col), 5e-4);
        }
    }

    private static double Cell(string text, string row, int col)
    {
        var line = text.Split('\n').First(l => l.TrimStart().StartsWith(row, StringComparison.Ordinal));
        var nums = Regex.Matches(line[(line.IndexOf(row, StringComparison.Ordinal) + row.Length)..], @"[-+]?\d+\.\d+");
        return double.Parse(nums[col - 1].Value, CultureInfo.InvariantCulture);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(1.0)]
    [InlineData(3.0)]
    public void BisectionFindsMarcusesOffsetTolerance(double db)
    {
        double d = AlignmentTolerance.Find(u => GaussianOverlap.Efficiency(5.2, 2.0, u, 0, 0, 0, 1, 1.55), db, 0.05, 100);
        // Bisection stops at 1e-12 relative.
        Assert.Equal(AlignmentTolerance.MarcuseOffset(5.2, 2.0, db), d, 1e-10);
    }

    [Fact]
    public void ToleranceFromAGridMatchesTheClosedFormToInterpolationError()
    {
        var xs = Enumerable.Range(0, 161).Select(i => -4 + i * 0.05).ToArray();
        var eta = xs.Select(x => GaussianOverlap.Efficiency(5.2, 2.0, x, 0, 0, 0, 1, 1.55)).ToArray();
        var (best, left, right) = AlignmentTolerance.FromSamples(xs, eta, 0.5);
        double d = AlignmentTolerance.MarcuseOffset(5.2, 2.0, 0.5);
        Assert.Equal(0, best, 1e-12);
        // Loss in dB is exactly quadratic in x (Marcuse); linear interpolation of x² between samples h apart
        // errs by at most h²/(8·2d) in x ≈ 1.3e-4 µm for h = 0.05, d ≈ 1.2.
        Assert.Equal(d, right, 2e-4);
        Assert.Equal(-d, left, 2e-4);
        var (_, _, none) = AlignmentTolerance.FromSamples(xs.Take(90).ToArray(), eta.Take(90).ToArray(), 5);
        Assert.True(double.IsNaN(none));
    }

    [Fact]
    public void MapSummaryReportsGridTolerancesThroughTheBestPoint()
    {
        string f = CliRunner.TempFile("fiber.yaml", Simple);
        var r = CliRunner.Run("coupling", f, "--dx", "-3:3:121", "--dy", "-3:3:121", "--out", CliRunner.TempFile("map.csv"));
        Assert.Equal(0, r.Code);
        Assert.Contains("14,641 points", r.Out);
        Assert.Contains("from the grid", r.Out);
        double d = AlignmentTolerance.MarcuseOffset(5.2, 1.5, 0.5);
        var line = r.Out.Split('\n').Last(l => l.TrimStart().StartsWith("dx (µm)", StringComparison.Ordinal));
        var nums = Regex.Matches(line, @"[-+]\d+\.\d+").Select(m => double.Parse(m.Value, CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(-d, nums[0], 2e-3); // printed to 3 decimals, interpolation error ≈ 1e-4
        Assert.Equal(d, nums[1], 2e-3);
    }

    private const string WithAttach = """
        fiber: {mfd_um: 10.4}
        chip:  {mfd_x_um: 8.0, mfd_y_um: 6.0}
        medium_index: 1.45
        wavelength_um: 1.55
        attach: {cte_mismatch_per_K: 2.0e-5, lever_um: 500, drift_axis: y, epoxy_shrink_um: 0.2, shrink_axis: x}
        """;

    [Fact]
    public void DeltaTColumnAddsCteDriftAndEpoxyShrinkToTheOffsets()
    {
        string f = CliRunner.TempFile("fiber.yaml", WithAttach);
        var r = CliRunner.Run("coupling", f, "--delta-t", "-40:80:4", "--dy", "0,0.5", "--out", "-");
        Assert.Equal(0, r.Code);
        var rows = ReadCsv(r.Out, out var header);
        Assert.Equal("delta_T_K", header[0]);
        Assert.Equal(8, rows.Length);
        foreach (var x in rows)
        {
            // Δy = Δα·L·ΔT = 2e-5 · 500 · ΔT = 0.01 µm/K · ΔT; Δx = 0.2 µm of shrink.
            double eta = GaussianOverlap.Efficiency(5.2, 5.2, 4.0, 3.0, 0.2, x[2] + 0.01 * x[0], 0, 0, 0, 1.45, 1.55);
            Assert.Equal(eta, x[6], 1e-15);
        }
        Assert.Contains("drift 10 nm/K along y", r.Err);
        Assert.Contains("temperature change for +0.5 dB", r.Err);
    }

    [Fact]
    public void AttachDriftIsDeltaAlphaTimesLeverTimesDeltaT()
    {
        var d = new AttachDrift(3e-6, 2000, 'x', 0.1, 'y');
        Assert.Equal((3e-6 * 2000 * 50, 0.1), d.Shift(50));
        Assert.Equal(0.006, d.DriftPerK, 1e-15);
    }

    private static void AssertInputError((int Code, string Out, string Err) r, params string[] mustContain)
        => CliRunner.AssertInputError(r, mustContain);

    [Fact]
    public void NegativeMfdIsAnErrorWithFileLineAndKey()
    {
        string f = CliRunner.TempFile("neg.yaml", Simple.Replace("mfd_um: 3.0", "mfd_um: -3.0"));
        AssertInputError(CliRunner.Run("coupling", f, "--out", "-"), "neg.yaml:2", "chip.mfd_um", "must be positive");
    }

    [Fact]
    public void ReflectivityAboveOneIsAnError()
    {
        string f = CliRunner.TempFile("r.yaml", Simple + "\nfacet_reflection: 1.2\n");
        AssertInputError(CliRunner.Run("coupling", f, "--out", "-"), "r.yaml:5", "facet_reflection", "[0, 1)");
    }

    [Fact]
    public void OtherBadInputsAreClearErrors()
    {
        string f = CliRunner.TempFile("fiber.yaml", Simple);
        AssertInputError(CliRunner.Run("coupling", f, "--gap", "-5:5:3", "--out", "-"), "--gap", "negative");
        AssertInputError(CliRunner.Run("coupling", f, "--delta-t", "0:50:3", "--out", "-"), "--delta-t", "attach");
        AssertInputError(CliRunner.Run("coupling", f, "--dx", "1:2:0", "--out", "-"), "dx_um", "empty range");
        AssertInputError(CliRunner.Run("coupling", "/nonexistent/f.yaml", "--out", "-"), "not found");
        string typo = CliRunner.TempFile("typo.yaml", Simple.Replace("medium_index", "medium_idx"));
        AssertInputError(CliRunner.Run("coupling", typo, "--out", "-"), "typo.yaml:3", "unknown key 'medium_idx'");
        string both = CliRunner.TempFile("both.yaml", Simple.Replace("{mfd_um: 3.0}", "{mfd_um: 3.0, w_um: 1.5}"));
        AssertInputError(CliRunner.Run("coupling", both, "--out", "-"), "both.yaml:2", "mfd_um, w_um");
        string noChip = CliRunner.TempFile("nochip.yaml", "fiber: {mfd_um: 10.4}\n");
        AssertInputError(CliRunner.Run("coupling", noChip, "--out", "-"), "missing section 'chip'");
    }

    [Fact]
    public void ExamplesRun()
    {
        var r = CliRunner.Run("coupling", CliRunner.Example("fiber/smf_to_ssc.yaml"), "--dx", "-2:2:5", "--dy", "-2:2:5", "--delta-t", "0,50", "--out", CliRunner.TempFile("m.csv"));
        Assert.Equal(0, r.Code);
        r = CliRunner.Run("coupling", CliRunner.Example("fiber/lensed_fiber.yaml"), "--gap", "0:20:5", "--out", CliRunner.TempFile("g.csv"));
        Assert.Equal(0, r.Code);
        r = CliRunner.Run("sweep", CliRunner.Example("fiber/gc_loopback.yaml"), "--wl", "1.50:1.60:101", "--pair", "fiber_out:fiber_in", "--out", "-");
        Assert.Equal(0, r.Code);
        var rows = ReadCsv(r.Out, out _);
        // Loopback peak at the gratings' centre, 1.55 µm: 2·3.5 dB + 0.4 dB of waveguide, ± a small Fabry–Perot ripple.
        var best = rows.MaxBy(x => x[1])!;
        Assert.Equal(1.55, best[0], 0.002);
        Assert.InRange(-10 * Math.Log10(best[1]), 7.4 - 0.2, 7.4 + 0.2);
        r = CliRunner.Run("sweep", CliRunner.Example("fiber/edge_coupled_link.yaml"), "--wl", "1.55", "--out", "-");
        Assert.Equal(0, r.Code);
    }
}
