using System.CommandLine;
using System.Globalization;
using PhotonicSolver.Plotting;

namespace PhotonicSolver.Cli.Commands;

/// <summary>
/// `photonic plot RESULT.csv --kind spectrum|heatmap|tolerance|histogram|trace [--x COL] [--y COL[,COL]] [--z COL]
/// [--db] [--spec MIN:MAX] [--bins N] [--levels -0.5,-1] [--where COL=V ...] [--group COL[,COL]] [--title T] --out fig.png|fig.svg`
/// </summary>
public static class PlotCommand
{
    public static Command Create(CliIO io)
    {
        var input = new Argument<string>("result") { Description = "Result CSV or Parquet written by photonic (sweep, tmm, grating, coupling, laser, link, thermal, drift, Monte Carlo samples)." };
        var kind = new Option<string>("--kind") { Description = "spectrum | heatmap | tolerance | histogram | trace", DefaultValueFactory = _ => "spectrum" };
        var x = new Option<string?>("--x") { Description = "Column on the x axis (default by the kind of result: wl_um for spectra, time_s for traces, ...; histogram: the column to count)." };
        var y = new Option<string?>("--y") { Description = "Column(s) on the y axis, comma-separated, in at most two units (default by the kind of result: every T.* column of a sweep, R and T of tmm, ...; heatmap/tolerance: the second axis)." };
        var z = new Option<string?>("--z") { Description = "Value column of a heatmap or tolerance map (default: the only T.* column, or efficiency)." };
        var db = new Option<bool>("--db") { Description = "Show linear power columns (T.*, R, T, A, efficiency, trans) in dB; columns already in dB stay as they are." };
        var spec = new Option<string?>("--spec") { Description = "Histogram specification window MIN:MAX (either side may be empty); the yield is shown." };
        var bins = new Option<int>("--bins") { Description = "Histogram bins (default √n, 5 to 100)." };
        var levels = new Option<string?>("--levels") { Description = "Tolerance contour levels in dB (default -0.5,-1)." };
        var where = new Option<string[]>("--where")
        {
            Description = "Keep only rows with COLUMN=VALUE (repeatable), e.g. --where temperature=25 to map a sweep with a third axis.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var group = new Option<string?>("--group") { Description = "One curve per value of these columns (comma-separated), e.g. --group temperature_C for L-I curves; sweep CSVs group by their swept settings already." };
        var title = new Option<string?>("--title") { Description = "Figure title (default: what is plotted, e.g. 'Transmission vs wavelength, for each c1.coupling')." };
        var output = CommonOptions.Out("Figure file: .png or .svg.");
        var cmd = new Command("plot", "Plot a result CSV: spectra, heatmaps, tolerance maps, histograms with yield, time traces (PNG or SVG).")
        {
            input, kind, x, y, z, db, spec, bins, levels, where, group, title, output,
        };
        cmd.SetAction(r => io.Guard(() =>
        {
            var table = ResultTable.Load(r.GetValue(input)!);
            PhotonicSolver.IO.ResultStream.Preflight(r.GetValue(output), "figure");
            if (table.Truncated is { } marker)
                io.Err.WriteLine($"warning: {table.Source} is marked truncated ({marker}): the run was interrupted; plotting the {table.Rows} rows it holds");
            foreach (var item in r.GetValue(where) ?? [])
            {
                int eq = item.IndexOf('=');
                if (eq <= 0 || item[(eq + 1)..].Trim().Length == 0) throw new PhotonicException($"--where '{item}': expected COLUMN=VALUE");
                table = table.Where(item[..eq].Trim(), item[(eq + 1)..]);
            }
            if (r.GetValue(bins) is var nb && (nb < 0 || nb > MaxBins))
                throw new PhotonicException($"--bins {nb}: a histogram takes 1 to {MaxBins:N0} bins (more than a figure can show); 0 or none for √n");
            var (lo, hi) = ParseSpec(r.GetValue(spec));
            var ys = (r.GetValue(y) ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            var fig = ResultPlots.Make(table, ResultPlots.ParseKind(r.GetValue(kind)!), r.GetValue(x), ys, r.GetValue(z), r.GetValue(db),
                                       lo, hi, r.GetValue(bins), ParseLevels(r.GetValue(levels)), r.GetValue(title),
                                       (r.GetValue(group) ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
            bool map = r.GetValue(kind)!.ToLowerInvariant() is "heatmap" or "tolerance";
            if (r.GetValue(db))
                foreach (var c in (map ? [r.GetValue(z) ?? ""] : ys).Where(c => c.Length > 0 && !AxisLabel.IsLinearPower(c)))
                    io.Err.WriteLine($"warning: --db converts linear power columns; '{c}' is {(AxisLabel.IsDb(c) ? "already in dB" : "not a power")} and is shown as it is");
            foreach (var note in fig.Notes) io.Out.WriteLine(note);
            string path = fig.Save(r.GetValue(output)!);
            io.Err.WriteLine($"figure -> {path}");
            return 0;
        }));
        return cmd;
    }

    /// <summary>Most histogram bins --bins may ask for.</summary>
    public const int MaxBins = 100_000;

    /// <summary>"MIN:MAX", "MIN:" or ":MAX".</summary>
    public static (double? Min, double? Max) ParseSpec(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return (null, null);
        var parts = text.Split(':');
        if (parts.Length != 2) throw new PhotonicException($"--spec '{text}': expected MIN:MAX (either side may be empty)");
        return (Num(parts[0], "--spec"), Num(parts[1], "--spec"));
    }

    private static double[]? ParseLevels(string? text) =>
        string.IsNullOrWhiteSpace(text) ? null
            : text.Split(',', StringSplitOptions.TrimEntries).Select(v => Num(v, "--levels") ?? throw new PhotonicException("--levels: empty level")).ToArray();

    private static double? Num(string s, string option)
    {
        if (s.Trim().Length == 0) return null;
        return PhotonicSolver.IO.NumberText.Parse(s, option);
    }

    /// <summary>The figure `sweep --plot` draws from the CSV it wrote (<see cref="ResultPlots.Auto"/>).</summary>
    public static Figure ForSweep(ResultTable t) => ResultPlots.Auto(t);
}
