namespace PhotonicSolver.Tests.Cli;

/// <summary>Documentation that is generated from code must match the code.</summary>
public class DocsTests
{
    public static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "PhotonicSolver.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("repository root not found above " + AppContext.BaseDirectory);
    }

    [Fact]
    public void ModelReferenceMatchesTheModelsMetadata()
    {
        string expected = PhotonicSolver.Cli.Commands.ModelsCommand.Markdown(PhotonicSolver.Models.ModelRegistry.All);
        string actual = File.ReadAllText(Path.Combine(RepoRoot(), "docs", "models.md"));
        Assert.True(expected == actual, "docs/models.md is out of date: regenerate it with `photonic models --markdown > docs/models.md`");
    }

    [Fact]
    public void ReadmeHoldsTheTwoFreshMachineCommands()
    {
        string readme = File.ReadAllText(Path.Combine(RepoRoot(), "README.md"));
        Assert.Contains("dotnet run --project src/PhotonicSolver.Cli -- demo", readme);
        Assert.Contains("dotnet test", readme);
    }
}
