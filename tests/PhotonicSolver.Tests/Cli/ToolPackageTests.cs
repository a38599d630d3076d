using System.Xml.Linq;

namespace PhotonicSolver.Tests.Cli;

/// <summary>`photonic` is a .NET tool (README: "Install the photonic command"); .ci/run packs, installs and runs it.</summary>
public class ToolPackageTests
{
    [Fact]
    public void VersionPrintsThePackageVersion()
    {
        var props = XDocument.Load(Path.Combine(DocsTests.RepoRoot(), "Directory.Build.props"));
        string version = props.Descendants("Version").Single().Value;
        // Out of process: in-process, System.CommandLine reports the version of the entry assembly (the test host).
        var (code, output, err) = CliRunner.RunProcess("--version");
        Assert.True(code == 0, err);
        Assert.StartsWith(version, output.Trim());
    }

    [Fact]
    public void TheCliPacksAsTheToolPhotonic()
    {
        var csproj = XDocument.Load(Path.Combine(DocsTests.RepoRoot(), "src", "PhotonicSolver.Cli", "PhotonicSolver.Cli.csproj"));
        string? Prop(string name) => csproj.Descendants(name).SingleOrDefault()?.Value;
        Assert.Equal("true", Prop("PackAsTool"));
        Assert.Equal("photonic", Prop("ToolCommandName"));
        // The README's install line names the package.
        string readme = File.ReadAllText(Path.Combine(DocsTests.RepoRoot(), "README.md"));
        Assert.Contains($"dotnet tool install -g {Prop("PackageId")} --add-source artifacts/packages", readme);
    }
}
