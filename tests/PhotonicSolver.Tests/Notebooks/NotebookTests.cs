using Microsoft.CodeAnalysis.Scripting;
using PhotonicSolver.Tests.Cli;
using PhotonicSolver.Tests.Plotting;

namespace PhotonicSolver.Tests.Notebooks;

/// <summary>
/// Every code cell of every notebook in notebooks/ runs (Roslyn scripting, one session per notebook, from a copy
/// of notebooks/ beside a copy of examples/), writes the figures it names, and computes what its text claims.
/// </summary>
[Collection(WorkingDirectoryCollection.Name)]
public class NotebookTests
{
    public static TheoryData<string> Notebooks()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.EnumerateFiles(Path.Combine(DocsTests.RepoRoot(), "notebooks"), "*.ipynb").Order())
            data.Add(Path.GetFileName(f));
        return data;
    }

    /// <summary>What each notebook computes, checked against its formula; a notebook without checks fails.</summary>
    private static readonly Dictionary<string, Action<ScriptState<object>>> Checks = new()
    {
        ["01_quick_start_ring.ipynb"] = s =>
        {
            // With linear dispersion FSR = λ1·λ2/(ng·L) exactly; measured between 2 pm samples refined by parabolas: 0.5 %.
            double fsr = Var<double>(s, "fsr"), analytic = Var<double>(s, "fsrAnalytic");
            Assert.Equal(analytic, fsr, analytic * 5e-3);
        },
        ["02_sweep_heatmap.ipynb"] = s =>
        {
            // The deepest dip sits at the grid's nearest coupling to the analytic critical coupling (step 0.01).
            double[] couplings = Var<double[]>(s, "couplings");
            double critical = Var<double>(s, "criticalCoupling");
            Assert.Equal(critical, couplings[Var<int>(s, "best")], 0.0051);
        },
        ["03_thermal_drift.ipynb"] = s =>
        {
            // dλ/dT = λ·(dneff/dT)/ng for linear dispersion is exact up to the 1 pm grid: 2 pm over 40 K is 0.05 pm/K.
            Assert.Equal(Var<double>(s, "analytic"), Var<double>(s, "slope"), 0.05e-6);
        },
        ["04_touchstone_exchange.ipynb"] = s =>
        {
            var back = Var<PhotonicSolver.DataModels.SParameterData>(s, "back");
            Assert.Equal(4, back.PortCount);
            Assert.Equal(2001, back.WavelengthsUm.Length);
        },
    };

    private static T Var<T>(ScriptState<object> s, string name) =>
        s.GetVariable(name) is { } v ? (T)v.Value : throw new Xunit.Sdk.XunitException($"the notebook has no variable '{name}'");

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void EveryCodeCellRunsAndWritesItsFigures(string notebook)
    {
        string dir = ScriptRunner.Sandbox("notebooks");
        string path = Path.Combine(dir, "notebooks", notebook);
        var cells = ScriptRunner.CodeCells(path);
        Assert.NotEmpty(cells);
        var state = ScriptRunner.Run(cells.Select((c, i) => ($"{notebook} code cell {i + 1}", c)).ToList(), Path.Combine(dir, "notebooks"));

        var figures = cells.SelectMany(ScriptRunner.FigureNames).ToList();
        Assert.NotEmpty(figures);
        foreach (var name in figures)
        {
            string fig = Path.Combine(dir, "notebooks", name);
            Assert.True(File.Exists(fig), $"{notebook} should write {name}");
            if (name.EndsWith(".png")) FigureAssert.HasAxisLabelPixels(FigureAssert.Png(fig)); else FigureAssert.SvgTexts(fig);
        }
        Assert.True(Checks.TryGetValue(notebook, out var check), $"add the checks of {notebook} to NotebookTests.Checks");
        check(state);
    }

    [Fact]
    public void NotebooksAreCSharpPolyglotNotebooksThatLoadTheBuiltAssemblies()
    {
        foreach (var f in Directory.EnumerateFiles(Path.Combine(DocsTests.RepoRoot(), "notebooks"), "*.ipynb"))
        {
            string text = File.ReadAllText(f);
            Assert.Contains("\"name\": \".net-csharp\"", text);
            var first = ScriptRunner.CodeCells(f)[0];
            Assert.Contains("#r \"../src/PhotonicSolver.Plotting/bin/Debug/net10.0/PhotonicSolver.Plotting.dll\"", first);
            Assert.Contains("#r \"nuget: ScottPlot, 5.1.59\"", first);
        }
    }
}
