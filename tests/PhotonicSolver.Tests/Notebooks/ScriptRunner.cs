using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;

namespace PhotonicSolver.Tests.Notebooks;

/// <summary>Tests that change the process's working directory run alone, after the parallel ones.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class WorkingDirectoryCollection
{
    public const string Name = "working directory";
}

/// <summary>
/// Runs documentation snippets (docs/api.md) as one C# script session with Roslyn scripting, against the assemblies
/// the tests are built with and with the .NET Interactive kernel's default imports. (Notebooks run in the real kernel:
/// NotebookTests.) `#r` lines (NuGet packages and local DLLs, which a notebook needs and
/// this process already has) and `#!` magic lines are dropped.
/// </summary>
public static class ScriptRunner
{
    /// <summary>
    /// The namespaces the .NET Interactive C# kernel imports by default (no System.IO, no System.Text.RegularExpressions:
    /// a snippet that needs them says `using`), so that a snippet that runs here runs in a notebook too.
    /// </summary>
    public static readonly string[] KernelImports =
        ["System", "System.Text", "System.Collections", "System.Collections.Generic", "System.Linq", "System.Threading.Tasks"];

    private static readonly Lazy<ScriptOptions> Options = new(() =>
    {
        // Make sure the assemblies notebooks use are loaded, then reference everything loaded from a file.
        Assembly[] needed = [typeof(PhotonicSolver.Api.Circuit).Assembly, typeof(PhotonicSolver.Plotting.Figure).Assembly,
                             typeof(ScottPlot.Plot).Assembly, typeof(SkiaSharp.SKBitmap).Assembly];
        var refs = AppDomain.CurrentDomain.GetAssemblies().Concat(needed).Distinct()
            .Where(a => !a.IsDynamic && a.Location.Length > 0);
        return ScriptOptions.Default.WithReferences(refs)
            .WithImports(KernelImports)
            .WithLanguageVersion(Microsoft.CodeAnalysis.CSharp.LanguageVersion.Latest);
    });

    /// <summary>Drops `#r "..."` and `#!magic` lines.</summary>
    public static string Strip(string cell) =>
        string.Join("\n", cell.Split('\n').Where(l => !Regex.IsMatch(l, @"^\s*#(r\s|!)")));

    /// <summary>Runs the cells in order in one session inside <paramref name="workingDirectory"/>; returns the final state.</summary>
    public static ScriptState<object> Run(IReadOnlyList<(string Name, string Code)> cells, string workingDirectory)
    {
        string previous = Directory.GetCurrentDirectory();
        Directory.SetCurrentDirectory(workingDirectory);
        try
        {
            ScriptState<object>? state = null;
            foreach (var (name, code) in cells)
            {
                try
                {
                    string source = Strip(code);
                    state = state is null
                        ? CSharpScript.RunAsync(source, Options.Value).GetAwaiter().GetResult()
                        : state.ContinueWithAsync(source, Options.Value).GetAwaiter().GetResult();
                }
                catch (CompilationErrorException e)
                {
                    throw new Xunit.Sdk.XunitException($"{name} does not compile:\n{string.Join("\n", e.Diagnostics)}\n--- code ---\n{code}");
                }
                catch (Exception e) when (e is not Xunit.Sdk.XunitException)
                {
                    throw new Xunit.Sdk.XunitException($"{name} failed: {e}\n--- code ---\n{code}");
                }
            }
            return state ?? throw new InvalidOperationException("no code to run");
        }
        finally { Directory.SetCurrentDirectory(previous); }
    }

    /// <summary>The ```csharp blocks of a Markdown file.</summary>
    public static List<string> MarkdownCode(string md) =>
        Regex.Matches(File.ReadAllText(md), @"^```csharp\n(.*?)^```", RegexOptions.Singleline | RegexOptions.Multiline)
             .Select(m => m.Groups[1].Value).ToList();

    /// <summary>Figure files a piece of code writes: string literals ending .png or .svg.</summary>
    public static IEnumerable<string> FigureNames(string code) =>
        Regex.Matches(code, "\"([^\"\\n]+\\.(?:png|svg))\"").Select(m => m.Groups[1].Value);

    /// <summary>A scratch copy of the repository's examples/ (and, if given, another folder) to run code in.</summary>
    public static string Sandbox(params string[] folders)
    {
        string root = Path.Combine(Path.GetTempPath(), "photonic-tests", Guid.NewGuid().ToString("N"));
        foreach (var folder in folders.Prepend("examples"))
        {
            string src = Path.Combine(Cli.DocsTests.RepoRoot(), folder);
            foreach (var file in Directory.EnumerateFiles(src, "*", SearchOption.AllDirectories))
            {
                string dst = Path.Combine(root, folder, Path.GetRelativePath(src, file));
                Directory.CreateDirectory(Path.GetDirectoryName(dst)!);
                File.Copy(file, dst);
            }
        }
        return root;
    }
}
