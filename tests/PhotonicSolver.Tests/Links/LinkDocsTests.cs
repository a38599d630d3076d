using PhotonicSolver.Links;
using PhotonicSolver.Tests.Cli;
using PhotonicSolver.Tests.Notebooks;

namespace PhotonicSolver.Tests.Links;

/// <summary>The library example in docs/fiber-and-lasers.md runs as written, from a copy of examples/.</summary>
[Collection(WorkingDirectoryCollection.Name)]
public class LinkDocsTests
{
    [Fact]
    public void LinkExampleInTheFiberAndLasersDocsRuns()
    {
        var blocks = ScriptRunner.MarkdownCode(Path.Combine(DocsTests.RepoRoot(), "docs", "fiber-and-lasers.md"));
        var code = Assert.Single(blocks, b => b.Contains("OpticalLink"));
        var state = ScriptRunner.Run([("docs/fiber-and-lasers.md link example", code)], ScriptRunner.Sandbox());
        var co = (LinkResult)state.GetVariable("coPackaged").Value;
        var els = (LinkResult)state.GetVariable("els").Value;
        Assert.Equal(9, co.Count);
        // At 25 °C both are aligned and the laser gives 15 mW; the ELS pays its 1.7 dB of fiber and connectors.
        Assert.Equal(co.ReceivedPowerDbm[0] - 1.7, els.ReceivedPowerDbm[0], 1e-12);
        Assert.Equal(1.7, els.FiberLossDb, 1e-12);
    }
}
