using System.CommandLine;
using System.Globalization;
using System.Text;
using PhotonicSolver.Fiber;
using PhotonicSolver.IO;
using PhotonicSolver.Sweep;

namespace PhotonicSolver.Cli.Commands;

/// <summary>
/// `photonic coupling FIBER.yaml [--dx A:B:N] [--dy A:B:N] [--tilt A:B:N] [--gap A:B:N] [--wl A:B:N]
/// [--delta-t A:B:N] --out FILE.csv|-`: Gaussian fiber-to-chip coupling over a grid of misalignments, with a
/// printed tolerance summary.
/// </summary>
public static class CouplingCommand
{
    /// <summary>Points computed per streamed chunk.</summary>
    private const int Chunk = 1 << 18;

    public static Command Create(CliIO io)
    {
        var file = new Argument<string>("fiber") { Description = "Fiber coupling file (YAML): fiber and chip mode sizes, medium index, wavelength, optional attach drift." };
        Option<string?> Axis(string name, string what) => new(name) { Description = $"{what}: START:STOP:N or v1,v2,... (default 0)." };
        var dx = Axis("--dx", "Horizontal fiber offset in µm");
        var dy = Axis("--dy", "Vertical fiber offset in µm");
        var tilt = Axis("--tilt", "Fiber tilt in the horizontal plane in degrees, |tilt| < 90");
        var gap = Axis("--gap", "Facet gap in µm, at least 0");
        var oldTilt = CommonOptions.OldSpelling("--tilt-deg", tilt);
        var oldGap = CommonOptions.OldSpelling("--gap-um", gap);
        var wl = CommonOptions.Wl("Wavelength in µm: START:STOP:N or v1,v2,... (default: the file's wavelength_um).");
        var dT = new Option<string?>("--delta-t")
        {
            Description = "Temperature change since alignment in K (a difference, not a temperature; needs an 'attach' section): START:STOP:N or v1,v2; adds a delta_T_K column.",
        };
        var output = CommonOptions.Out("Output CSV file, or - for stdout.");
        var cmd = new Command("coupling", "Fiber-to-chip Gaussian coupling over misalignment grids, with 0.5 dB / 1 dB alignment tolerances.")
        {
            file, dx, dy, tilt, gap, oldTilt, oldGap, wl, dT, output,
        };
        cmd.SetAction(r => io.Guard(() =>
        {
            var setup = FiberCouplingSetup.Load(r.GetValue(file)!);
            PhotonicSolver.IO.ResultStream.Preflight(r.GetValue(output), "coupling CSV");
            SweepAxis Parse(Option<string?> o, string name, double dflt, Option<string?>? old = null)
                => (old is null ? r.GetValue(o) : CommonOptions.Value(r, io, o, old)) is { } text ? SweepAxis.Parse(name, text) : SweepAxis.List(name, [dflt]);
            var gapAxis = Parse(gap, CouplingGrid.Gap, 0, oldGap);
            var tiltAxis = Parse(tilt, CouplingGrid.TiltDeg, 0, oldTilt);
            CommonOptions.CheckAxis(gapAxis, v => v >= 0, v => $"--gap {v}: the facet gap (µm) cannot be negative");
            CommonOptions.CheckAxis(tiltAxis, v => Math.Abs(v) < 90, v => $"--tilt {v}: the fiber tilt is in degrees and must lie strictly between -90 and 90");
            var wlAxis = r.GetValue(wl) is { } wlText ? CommonOptions.WavelengthAxis("--wl", wlText, CouplingGrid.Wl) : SweepAxis.List(CouplingGrid.Wl, [setup.WavelengthUm]);
            SweepAxis? deltaT = null;
            if (r.GetValue(dT) is { } dtText)
            {
                if (setup.Attach is null)
                    throw new PhotonicException($"--delta-t needs an 'attach' section in {r.GetValue(file)} (cte_mismatch_per_K, lever_um, ...)");
                deltaT = SweepAxis.Parse(CouplingGrid.DeltaT, dtText);
            }
            var grid = new CouplingGrid(deltaT, Parse(dx, CouplingGrid.Dx, 0), Parse(dy, CouplingGrid.Dy, 0), tiltAxis, gapAxis, wlAxis);
            string outPath = r.GetValue(output)!;
            var (best, bestEta) = WriteCsv(setup, grid, outPath, io.Out);
            var summary = outPath == "-" ? io.Err : io.Out;
            summary.Write(CouplingReport.Build(setup, grid, best, bestEta));
            if (outPath != "-") io.Err.WriteLine($"{grid.PointCount} points -> {outPath}");
            return 0;
        }));
        return cmd;
    }

    private static (long Best, double BestEta) WriteCsv(FiberCouplingSetup setup, CouplingGrid grid, string path, TextWriter stdout)
    {
        long n = grid.PointCount;
        PhotonicSolver.IO.ResourceGuard.CsvDisk("coupling grid", path, n, grid.Axes.Count + 2);
        using var file = PhotonicSolver.IO.ResultStream.Create(path, "coupling CSV", stdout);
        var w = file.Text;
        {
            w.Write(string.Join(",", grid.Axes.Select(a => a.Name)) + ",efficiency,loss_dB\n");
            var eta = new double[Chunk];
            var sb = new StringBuilder(1 << 16);
            long best = 0;
            double bestEta = -1;
            bool hasDt = grid.Axes.Count == 6;
            for (long start = 0; start < n; start += Chunk)
            {
                int count = (int)Math.Min(Chunk, n - start);
                grid.Compute(setup, start, eta, count);
                for (int i = 0; i < count; i++)
                {
                    var p = grid.At(start + i);
                    if (!double.IsFinite(eta[i]))
                        throw new PhotonicException($"the coupling setup gives a non-finite efficiency at dx {p.Dx} µm, dy {p.Dy} µm, tilt {p.TiltDeg}°, " +
                                                    $"gap {p.Gap} µm, {p.Wl} µm: check the mode sizes, medium_index and attach settings");
                    if (hasDt) sb.AppendAxis(p.DeltaT).Append(',');
                    sb.AppendAxis(p.Dx).Append(',').AppendAxis(p.Dy).Append(',').AppendAxis(p.TiltDeg).Append(',')
                      .AppendAxis(p.Gap).Append(',').AppendAxis(p.Wl).Append(',').Append(R(eta[i])).Append(',')
                      .Append(R(GaussianOverlap.LossDb(eta[i]))).Append('\n');
                    if (eta[i] > bestEta) { bestEta = eta[i]; best = start + i; }
                    if (sb.Length > 60_000) { w.Write(sb); sb.Clear(); }
                }
            }
            w.Write(sb);
            file.Commit();
            return (best, bestEta);
        }
    }

    private static string R(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
