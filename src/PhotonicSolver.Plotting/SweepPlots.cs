using PhotonicSolver.Api;

namespace PhotonicSolver.Plotting;

/// <summary>Figures straight from a solved sweep (the library API's <c>.Plot()</c>).</summary>
public static class SweepPlots
{
    /// <summary>The figure the sweep calls for (see <see cref="ResultPlots.Auto"/>): spectra, or a heatmap for many values.</summary>
    public static Figure Plot(this SweepData data, string? title = null)
        => ResultPlots.Auto(ResultTable.FromSweep(data.Result), title);

    /// <summary>Spectra of the given port pairs ("out:in"; default every pair kept by the sweep), one curve per value of the other axes.</summary>
    public static Figure PlotSpectrum(this SweepData data, string[]? pairs = null, bool db = true, string? title = null)
        => ResultPlots.Spectrum(ResultTable.FromSweep(data.Result), "wl_um", Columns(pairs ?? []), db, title ?? "Spectrum");

    /// <summary>Heatmap of |S[out,in]|² over wavelength × the swept setting.</summary>
    public static Figure PlotHeatmap(this SweepData data, string pair, bool db = true, string? title = null)
    {
        var setting = data.Axes.Where(a => a != "wl").ToArray();
        if (setting.Length != 1) throw new PhotonicException($"a heatmap needs the wavelength and exactly one other swept setting; axes: {string.Join(", ", data.Axes)}");
        return ResultPlots.Heatmap(ResultTable.FromSweep(data.Result), "wl_um", setting[0], Columns([pair])[0], db, title ?? pair);
    }

    private static string[] Columns(string[] pairs) => pairs.Select(p =>
    {
        var parts = p.Split(':');
        return parts.Length == 2 ? $"T.{parts[0]}.{parts[1]}" : throw new PhotonicException($"port pair '{p}': expected OUT:IN");
    }).ToArray();
}
