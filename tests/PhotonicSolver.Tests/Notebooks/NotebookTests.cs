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
        ["05_fiber_attach_tolerance.ipynb"] = s =>
        {
            // The chip mode is separable, so an x offset costs Marcuse's exp(−2d²/(w1² + w2x²)). Linear interpolation
            // in dB of that parabola on a 0.1 µm grid errs by < h²/(8d) ≈ 6e-4 µm.
            Assert.Equal(Var<double>(s, "closedForm"), Var<double>(s, "contourX"), 1e-3);
            // Yield of normal placement errors (σ = 0.5 µm): the loss is a·u² + b·v² dB with u, v standard normal and
            // a = 10·log10(e)·2σ²/(w1² + w2x²) (b likewise), so P(loss ≤ 0.5 dB) = ∫ φ(u)·(2Φ(√((0.5 − a·u²)/b)) − 1) du
            // (Simpson, 4000 steps). 2000 samples scatter by √(p(1−p)/2000) ≈ 0.002; 4σ is 0.008.
            var setup = Var<PhotonicSolver.Fiber.FiberCouplingSetup>(s, "setup");
            double k = 10 * Math.Log10(Math.E) * 2 * 0.25, w1 = setup.Fiber.Wx;
            double a = k / (w1 * w1 + setup.Chip.Wx * setup.Chip.Wx), b = k / (w1 * w1 + setup.Chip.Wy * setup.Chip.Wy);
            double umax = Math.Sqrt(0.5 / a), h = 2 * umax / 4000, p = 0;
            for (int i = 0; i <= 4000; i++)
            {
                double u = -umax + i * h, vmax = Math.Sqrt(Math.Max(0, (0.5 - a * u * u) / b));
                double f = MathNet.Numerics.Distributions.Normal.PDF(0, 1, u) * (2 * MathNet.Numerics.Distributions.Normal.CDF(0, 1, vmax) - 1);
                p += f * (i == 0 || i == 4000 ? 1 : i % 2 == 1 ? 4 : 2);
            }
            p *= h / 3;
            var yield = Var<PhotonicSolver.Plotting.YieldResult>(s, "yield");
            Assert.Equal(2000, yield.Total);
            Assert.Equal(p, yield.Fraction, 0.008);
        },
        ["06_dfb_laser_vs_temperature.ipynb"] = s =>
        {
            // The λ/4-shifted mode sits at the Bragg wavelength, which moves linearly: the slope is the formula's.
            Assert.Equal(Var<double>(s, "analytic"), Var<double>(s, "slope"), 1e-9 * Var<double>(s, "analytic") + 1e-12);
            // At 85 °C, I_th = 10 mA·exp(60/60) = 27.18 mA: dark at 27 mA, lasing at 28 mA.
            var curves = Var<List<(string, double[], double[])>>(s, "curves");
            Assert.Equal(0.0, curves[2].Item3[27]);
            Assert.True(curves[2].Item3[28] > 0);
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
