using ScottPlot;

namespace PhotonicSolver.Plotting;

/// <summary>
/// A finished figure: a ScottPlot <see cref="ScottPlot.Plot"/> plus its pixel size. <see cref="Save"/> writes PNG
/// or SVG by the file's extension. The underlying plot stays reachable for further styling in notebooks.
/// </summary>
public sealed class Figure
{
    public Plot Plot { get; }
    public int Width { get; set; }
    public int Height { get; set; }

    public Figure(Plot plot, int width = 800, int height = 500)
    {
        Plot = plot;
        Width = width;
        Height = height;
    }

    /// <summary>The figure's file formats, by extension.</summary>
    public static readonly string[] Extensions = [".png", ".svg"];

    /// <summary>Writes the figure as PNG or SVG (chosen by extension) and returns the full path written.</summary>
    public string Save(string path)
    {
        string ext = Path.GetExtension(path).ToLowerInvariant();
        if (ext is not (".png" or ".svg"))
            throw new PhotonicException($"cannot write figure '{path}': use a .png or .svg file name");
        byte[] bytes = ext == ".png" ? ToPng() : new System.Text.UTF8Encoding(false).GetBytes(ToSvg());
        PhotonicSolver.IO.ResultStream.WriteAll(path, "figure", bytes);
        return Path.GetFullPath(path);
    }

    /// <summary>The figure as PNG bytes.</summary>
    public byte[] ToPng() => Plot.GetImageBytes(Width, Height, ImageFormat.Png);

    /// <summary>The figure as an SVG document (text stays text, so labels are searchable).</summary>
    public string ToSvg() => Plot.GetSvgXml(Width, Height);
}
