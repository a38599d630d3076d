using System.Text.RegularExpressions;
using SkiaSharp;

namespace PhotonicSolver.Tests.Plotting;

/// <summary>Checks on written figures: a real PNG/SVG of some substance, with its axis labels present.</summary>
public static class FigureAssert
{
    private static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>A decodable PNG of the expected size and more than <paramref name="minBytes"/> bytes (a blank plot is ~10 kB).</summary>
    public static SKBitmap Png(string path, int width = 0, int height = 0, int minBytes = 15_000)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.True(bytes.AsSpan(0, 8).SequenceEqual(PngSignature), $"{path} is not a PNG");
        Assert.True(bytes.Length > minBytes, $"{path} is only {bytes.Length} bytes");
        var bmp = SKBitmap.Decode(bytes);
        Assert.NotNull(bmp);
        if (width > 0) Assert.Equal(width, bmp.Width);
        if (height > 0) Assert.Equal(height, bmp.Height);
        return bmp;
    }

    /// <summary>The text of every &lt;text&gt; element of an SVG written by ScottPlot (text stays text).</summary>
    public static List<string> SvgTexts(string path)
    {
        string svg = File.ReadAllText(path);
        Assert.StartsWith("<?xml", svg);
        Assert.Contains("<svg", svg);
        Assert.True(svg.Length > 5_000, $"{path} is only {svg.Length} characters");
        return Regex.Matches(svg, @"<text[^>]*>(.*?)</text>", RegexOptions.Singleline)
                    .Select(m => System.Net.WebUtility.HtmlDecode(m.Groups[1].Value.Trim())).ToList();
    }

    /// <summary>Both axis labels are drawn: dark pixels in the left band (rotated y label) and the bottom band (x label).</summary>
    public static void HasAxisLabelPixels(SKBitmap bmp)
    {
        int Dark(int x0, int x1, int y0, int y1)
        {
            int n = 0;
            for (int y = y0; y < y1; y++)
                for (int x = x0; x < x1; x++)
                {
                    var c = bmp.GetPixel(x, y);
                    if (c.Red + c.Green + c.Blue < 200) n++;
                }
            return n;
        }
        // The outer 22 pixels hold only the axis labels (tick labels sit further in).
        Assert.True(Dark(0, 22, bmp.Height / 4, 3 * bmp.Height / 4) > 50, "no y-axis label pixels in the left margin");
        Assert.True(Dark(bmp.Width / 4, 3 * bmp.Width / 4, bmp.Height - 22, bmp.Height) > 50, "no x-axis label pixels in the bottom margin");
    }

    /// <summary>Pixels close to a colour (sum of channel differences below tol).</summary>
    public static int CountNear(SKBitmap bmp, SKColor target, int tol = 30)
    {
        int n = 0;
        for (int y = 0; y < bmp.Height; y++)
            for (int x = 0; x < bmp.Width; x++)
            {
                var c = bmp.GetPixel(x, y);
                if (Math.Abs(c.Red - target.Red) + Math.Abs(c.Green - target.Green) + Math.Abs(c.Blue - target.Blue) < tol) n++;
            }
        return n;
    }
}
