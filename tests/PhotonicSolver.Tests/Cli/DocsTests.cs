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
    public void CliReferenceMatchesTheCommandDefinitions()
    {
        var io = new PhotonicSolver.Cli.CliIO(TextWriter.Null, TextWriter.Null);
        string expected = PhotonicSolver.Cli.Commands.CliReference.Markdown(PhotonicSolver.Cli.Program.Root(io));
        string actual = File.ReadAllText(Path.Combine(RepoRoot(), "docs", "cli.md"));
        Assert.True(expected == actual, "docs/cli.md is out of date: regenerate it with `photonic cli-reference > docs/cli.md`");
        // The vocabulary the reference promises: every command that writes a file takes -o, none defaults --backend to anything but auto.
        Assert.DoesNotContain("--temperatures", actual);
        Assert.DoesNotContain("--pairs", actual);
        Assert.DoesNotContain("-um`", actual);
        Assert.DoesNotContain("-deg`", actual);
    }

    [Fact]
    public void EveryCommandSpeaksOneVocabulary()
    {
        var root = PhotonicSolver.Cli.Program.Root(new PhotonicSolver.Cli.CliIO(TextWriter.Null, TextWriter.Null));
        IEnumerable<System.CommandLine.Command> All(System.CommandLine.Command c) => c.Subcommands.SelectMany(All).Prepend(c);
        foreach (var c in All(root))
            foreach (var o in c.Options.Where(o => !o.Hidden))
            {
                if (o.Name == "--out") Assert.Contains("-o", o.Aliases);
                if (o.Name == "--backend" && c.Name != "bench") Assert.Equal("auto", o.GetDefaultValue());
                Assert.DoesNotMatch(@"-(um|deg|C|dB|km|dT)$", o.Name);
                Assert.NotEqual("--temp", o.Name);
                Assert.NotEqual("--ambient", o.Name);
            }
    }

    [Fact]
    public void ReadmeHoldsTheTwoFreshMachineCommands()
    {
        string readme = File.ReadAllText(Path.Combine(RepoRoot(), "README.md"));
        Assert.Contains("dotnet run --project src/PhotonicSolver.Cli -- demo", readme);
        Assert.Contains("dotnet test", readme);
    }
}
