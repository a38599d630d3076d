using PhotonicSolver.Tests.Cli;
using PhotonicSolver.Tests.Plotting;

namespace PhotonicSolver.Tests.Notebooks;

/// <summary>docs/api.md: every ```csharp block runs, in order, and writes the figures it names.</summary>
[Collection(WorkingDirectoryCollection.Name)]
public class ApiDocsTests
{
    [Fact]
    public void EveryExampleInTheApiDocsRunsAndWritesItsFigures()
    {
        string md = Path.Combine(DocsTests.RepoRoot(), "docs", "api.md");
        var blocks = ScriptRunner.MarkdownCode(md);
        Assert.True(blocks.Count >= 5, $"docs/api.md has {blocks.Count} csharp blocks");
        string dir = ScriptRunner.Sandbox();
        var state = ScriptRunner.Run(blocks.Select((b, i) => ($"docs/api.md block {i + 1}", b)).ToList(), dir);

        foreach (var name in blocks.SelectMany(ScriptRunner.FigureNames))
        {
            string path = Path.Combine(dir, name);
            Assert.True(File.Exists(path), $"docs/api.md should write {name}");
            if (name.EndsWith(".png")) FigureAssert.Png(path); else FigureAssert.SvgTexts(path);
        }
        // The values the page talks about: the ring's spectrum, the lossless MZI, the data-backed cascade.
        double[] through = (double[])state.GetVariable("through").Value;
        Assert.Equal(2001, through.Length);
        // Minimum of the all-pass ring (Bogaerts 2012): ((r − a)/(1 − r·a))² with r = √(1 − κ²), a the round-trip
        // amplitude, times the 20 µm bus's power loss. The 10 pm grid samples the 0.19 nm-wide dip within 5 pm
        // of its centre, which raises the minimum by < 0.3 % of its 0.1 depth: 1e-3.
        double r = Math.Sqrt(0.9), a = Math.Pow(10, -2 * 62.83e-4 / 20), bus = Math.Pow(10, -2 * 20e-4 / 10);
        Assert.Equal(bus * Math.Pow((r - a) / (1 - r * a), 2), through.Min(), 1e-3);
        double[] bar = (double[])state.GetVariable("bar").Value, cross = (double[])state.GetVariable("cross").Value;
        // Ideal couplers and lossless arms: |bar|² + |cross|² = 1 to rounding.
        Assert.All(bar.Zip(cross), p => Assert.Equal(1.0, p.First + p.Second, 1e-12));
        // Two identical all-pass rings in series: the through power is the square of one ring's, at the same
        // wavelengths (1.545..1.555 µm lie on the exported grid's samples up to λ→f→λ rounding).
        double[] cascade = (double[])state.GetVariable("cascade").Value;
        var single = PhotonicSolver.Api.Circuit.Load(CliRunner.Example("ring_all_pass.yaml")).Sweep(wl: (1.545, 1.555, 201)).Run().T("through", "in");
        for (int i = 0; i < 201; i++) Assert.Equal(single[i] * single[i], cascade[i], 1e-9);
        Assert.True(File.Exists(Path.Combine(dir, "coupling_map.csv")));
    }
}
