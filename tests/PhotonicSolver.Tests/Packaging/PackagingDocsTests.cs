using System.Text.RegularExpressions;
using PhotonicSolver.Electrical;
using PhotonicSolver.Tests.Cli;

namespace PhotonicSolver.Tests.Packaging;

/// <summary>docs/packaging.md documents every key the system file accepts, every material preset and every column.</summary>
public class PackagingDocsTests
{
    [Fact]
    public void EveryKeyPresetAndColumnIsDocumented()
    {
        string root = DocsTests.RepoRoot();
        string docs = File.ReadAllText(Path.Combine(root, "docs", "packaging.md"));
        string reader = File.ReadAllText(Path.Combine(root, "src", "PhotonicSolver", "Packaging", "PackagingSystem.cs"));
        var keys = Regex.Matches(reader, @"AllowOnly\(([^)]*)\)").SelectMany(m => Regex.Matches(m.Groups[1].Value, "\"([^\"]+)\"").Select(k => k.Groups[1].Value)).Distinct().ToList();
        Assert.True(keys.Count > 30, $"found only {keys.Count} keys: the scan is broken");
        var missing = keys.Where(k => !docs.Contains(k + ":") && !docs.Contains("`" + k + "`") && !docs.Contains("." + k)).ToList();
        Assert.True(missing.Count == 0, "docs/packaging.md does not mention: " + string.Join(", ", missing));
        foreach (var m in Dielectric.Presets) Assert.Contains($"`{m.Name}`", docs);
        foreach (var c in new[] { "optical_margin_dB", "margin_p99_dB", "time_below_0_pct", "flaps_per_link", "crossings_per_link", "links_down_pct" })
            Assert.Contains(c, docs);
    }
}
