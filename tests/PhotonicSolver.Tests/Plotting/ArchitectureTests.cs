namespace PhotonicSolver.Tests.Plotting;

/// <summary>Plotting stays out of the core: the engine library must not depend on ScottPlot or SkiaSharp.</summary>
public class ArchitectureTests
{
    [Fact]
    public void TheCoreLibraryDoesNotReferenceScottPlotOrSkia()
    {
        var refs = typeof(PhotonicSolver.Circuit.PlanCompiler).Assembly.GetReferencedAssemblies().Select(a => a.Name ?? "").ToList();
        Assert.DoesNotContain(refs, r => r.StartsWith("ScottPlot", StringComparison.Ordinal) || r.StartsWith("SkiaSharp", StringComparison.Ordinal));
        // ...while the plotting library does (so the check above looks at the right thing).
        Assert.Contains(typeof(PhotonicSolver.Plotting.Figure).Assembly.GetReferencedAssemblies(), a => a.Name == "ScottPlot");
    }
}
