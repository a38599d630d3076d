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
        var input = new Argument<string>("result") { Description = "Result CSV written by photonic (sweep CSV: wl_um, swept settings, T/re/im per port pair)." };
        var kind = new Option<string>("--kind") { Description = "spectrum | heatmap | tolerance | histogram | trace", DefaultValueFactory = _ => "spectrum" };
        var x = new Option<string?>("--x") { Description = "Column on the x axis (spectrum default: wl_um; trace: time_s; histogram: the column to count)." };
        var y = new Option<string?>("--y") { Description = "Column(s) on the y axis, comma-separated (spectrum default: every T.* column; heatmap/tolerance: the second axis)." };
        var z = new Option<string?>("--z") { Description = "Value column of a heatmap or tolerance map (default: the only T.* column)." };
        var db = new Option<bool>("--db") { Description = "Show power columns (T.*) in dB." };
        var spec = new Option<string?>("--spec") { Description = "Histogram specification window MIN:MAX (either side may be empty); the yield is shown." };
        var bins = new Option<int>("--bins") { Description = "Histogram bins (default √n, 5 to 100)." };
        var levels = new Option<string?>("--levels") { Description = "Tolerance contour levels in dB (default -0.5,-1)." };
        var where = new Option<string[]>("--where")
        {
            Description = "Keep only rows with COLUMN=VALUE (repeatable), e.g. --where temperature=25 to map a sweep with a third axis.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var group = new Option<string?>("--group") { Description = "One curve per value of these columns (comma-separated), e.g. --group temperature_C for L-I curves; sweep CSVs group by their swept settings already." };
        var title = new Option<string?>("--title") { Description = "Figure title (default: the file name)." };
        var output = new Option<string>("--out") { Description = "Figure file: .png or .svg.", Required = true };
        var cmd = new Command("plot", "Plot a result CSV: spectra, heatmaps, tolerance maps, histograms with yield, time traces (PNG or SVG).")
        {
            input, kind, x, y, z, db, spec, bins, levels, where, group, title, output,
        };
        cmd.SetAction(r => io.Guard(() =>
        {
            var table = ResultTable.Load(r.GetValue(input)!);
            PhotonicSolver.IO.ResultStream.Preflight(r.GetValue(output), "figure");
            foreach (var item in r.GetValue(where) ?? [])
            {
                int eq = item.IndexOf('=');
                if (eq <= 0) throw new PhotonicException($"--where '{item}': expected COLUMN=VALUE");
                table = table.Where(item[..eq].Trim(), Num(item[(eq + 1)..], "--where") ?? throw new PhotonicException($"--where '{item}': missing value"));
            }
            var (lo, hi) = ParseSpec(r.GetValue(spec));
            var ys = (r.GetValue(y) ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            var fig = ResultPlots.Make(table, ResultPlots.ParseKind(r.GetValue(kind)!), r.GetValue(x), ys, r.GetValue(z), r.GetValue(db),
                                       lo, hi, r.GetValue(bins), ParseLevels(r.GetValue(levels)), r.GetValue(title),
                                       (r.GetValue(group) ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
            string path = fig.Save(r.GetValue(output)!);
            io.Err.WriteLine($"figure -> {path}");
            return 0;
        }));
        return cmd;
    }

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
