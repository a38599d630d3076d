namespace PhotonicSolver.Tests.Cli;

/// <summary>The Slurm scripts that tests/slurm/e2e.sh runs on a real Slurm are the ones the docs show, verbatim.</summary>
public class ClusterDocsTests
{
    [Theory]
    [InlineData("mc.sbatch", "montecarlo.md")]
    [InlineData("mc-submit.sh", "montecarlo.md")]
    [InlineData("sweep.sbatch", "cluster.md")]
    [InlineData("sweep-submit.sh", "cluster.md")]
    public void TheDocShowsTheTestedScript(string script, string doc)
    {
        string root = DocsTests.RepoRoot();
        string text = File.ReadAllText(Path.Combine(root, "examples", "slurm", script)).TrimEnd();
        string md = File.ReadAllText(Path.Combine(root, "docs", doc));
        Assert.True(md.Contains("```bash\n" + text + "\n```"),
            $"docs/{doc} must show examples/slurm/{script} verbatim in a ```bash block (the script is what CI runs on Slurm)");
    }

    [Theory]
    [InlineData("mc-submit.sh")]
    [InlineData("sweep-submit.sh")]
    public void TheSubmitScriptCreatesItsLogFolderAndPassesNToEveryTask(string script)
    {
        string text = File.ReadAllText(Path.Combine(DocsTests.RepoRoot(), "examples", "slurm", script));
        Assert.Contains("mkdir -p logs out", text);
        Assert.Contains("--export=ALL,N=\"$N\"", text);
        Assert.Contains("--kill-on-invalid-dep=yes", text);
    }
}
