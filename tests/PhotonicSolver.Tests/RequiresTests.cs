namespace PhotonicSolver.Tests;

/// <summary>The tool-skipping rule: skip with a reason naming the install command when a tool is missing, never in CI.</summary>
public class RequiresTests
{
    private static string? None(string _) => null;
    private static string? All(string t) => "/usr/bin/" + t;

    [Fact]
    public void AMissingToolSkipsWithTheInstallCommandOutsideCI()
    {
        string? reason = Requires.SkipReason([Requires.Clang15, Requires.ScikitRf], inCI: false, find: t => t == Requires.Clang15 ? null : All(t));
        Assert.NotNull(reason);
        Assert.Contains("clang-15", reason);
        Assert.Contains("apt-get install clang-15", reason);
        Assert.DoesNotContain("scikit-rf", reason);
        Assert.Contains("CI=true", reason);
    }

    [Fact]
    public void InCINothingIsSkipped() =>
        Assert.Null(Requires.SkipReason([Requires.Clang15, Requires.Slurm, Requires.DotnetInteractive], inCI: true, find: None));

    [Fact]
    public void NothingIsSkippedWhenEveryToolIsThere() =>
        Assert.Null(Requires.SkipReason([Requires.Numpy, Requires.Jupyter], inCI: false, find: All));

    [Fact]
    public void AnUnknownToolNameIsAnError() =>
        Assert.Contains("unknown tool 'clang'", Assert.Throws<ArgumentException>(() => Requires.SkipReason(["clang"], inCI: true, find: All)).Message);
}
