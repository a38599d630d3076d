using System.CommandLine;
using System.Globalization;
using System.Text;
using PhotonicSolver.Fiber;
using PhotonicSolver.Sweep;

namespace PhotonicSolver.Cli.Commands;

/// <summary>
/// `photonic coupling FIBER.yaml [--dx A:B:N] [--dy A:B:N] [--tilt-deg A:B:N] [--gap-um A:B:N] [--wl A:B:N]
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
        var tilt = Axis("--tilt-deg", "Fiber tilt in the horizontal plane, degrees");
        var gap = Axis("--gap-um", "Facet gap in µm");
        var wl = new Option<string?>("--wl") { Description = "Wavelength in µm: START:STOP:N or v1,v2,... (default: the file's wavelength_um)." };
        var dT = new Option<string?>("--delta-t") { Description = "Temperature change from alignment in K (needs an 'attach' section); adds a delta_T_K column." };
        var output = new Option<string>("--out") { Description = "Output CSV file, or - for stdout.", Required = true };
        var cmd = new Command("coupling", "Fiber-to-chip Gaussian coupling over misalignment grids, with 0.5 dB / 1 dB alignment tolerances.")
        {
            file, dx, dy, tilt, gap, wl, dT, output,
        };
        cmd.SetAction(r => io.Guard(() =>
        {
            var setup = FiberCouplingSetup.Load(r.GetValue(file)!);
            SweepAxis Parse(Option<string?> o, string name, double dflt)
                => r.GetValue(o) is { } text ? SweepAxis.Parse(name, text) : SweepAxis.List(name, [dflt]);
            SweepAxis? deltaT = null;
            if (r.GetValue(dT) is { } dtText)
            {
                if (setup.Attach is null)
                    throw new PhotonicException($"--delta-t needs an 'attach' section in {r.GetValue(file)} (cte_mismatch_per_K, lever_um, ...)");
                deltaT = SweepAxis.Parse(CouplingGrid.DeltaT, dtText);
            }
            var grid = new CouplingGrid(deltaT, Parse(dx, CouplingGrid.Dx, 0), Parse(dy, CouplingGrid.Dy, 0), Parse(tilt, CouplingGrid.TiltDeg, 0),
                                        Parse(gap, CouplingGrid.Gap, 0), Parse(wl, CouplingGrid.Wl, setup.WavelengthUm));
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
        if (n > 2_000_000_000L)
            throw new PhotonicException($"coupling grid of {n:N0} points is too large for CSV output; coarsen the axes");
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
                    if (hasDt) sb.Append(R(p.DeltaT)).Append(',');
                    sb.Append(R(p.Dx)).Append(',').Append(R(p.Dy)).Append(',').Append(R(p.TiltDeg)).Append(',')
                      .Append(R(p.Gap)).Append(',').Append(R(p.Wl)).Append(',').Append(R(eta[i])).Append(',')
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
