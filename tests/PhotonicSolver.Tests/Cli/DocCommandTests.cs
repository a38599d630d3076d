using System.Text.RegularExpressions;

namespace PhotonicSolver.Tests.Cli;

/// <summary>
/// Every `photonic …` / `dotnet run … --` command in the ```bash blocks of the README, docs/ and the examples'
/// READMEs runs, in order per document (a plot reads the CSV a sweep above it wrote), in-process through
/// <see cref="CliRunner"/>, in a temporary folder holding a copy of examples/. So the documented commands cannot
/// drift from the CLI. Left out, and why: `bench` (a benchmark of minutes), lines with shell variables
/// ($SLURM_…: job-array templates) and lines that are not photonic commands (sbatch).
/// </summary>
public class DocCommandTests
{
    public static IEnumerable<object[]> Documents() =>
        new[] { "README.md" }
            .Concat(Directory.GetFiles(Path.Combine(DocsTests.RepoRoot(), "docs"), "*.md").Select(p => Path.Combine("docs", Path.GetFileName(p))))
            .Concat(Directory.GetDirectories(Path.Combine(DocsTests.RepoRoot(), "examples"))
                             .Where(d => File.Exists(Path.Combine(d, "README.md")))
                             .Select(d => Path.Combine("examples", Path.GetFileName(d), "README.md")))
            .Where(p => Commands(File.ReadAllText(Path.Combine(DocsTests.RepoRoot(), p))).Any())
            .Select(p => new object[] { p });

    /// <summary>Flags whose value is a file (mapped into the temporary folder).</summary>
    private static readonly HashSet<string> PathFlags = ["--out", "-o", "--plot", "--summary", "--sweep-file", "--source", "--json"];

    private static readonly string[] FileExtensions = [".yaml", ".yml", ".json", ".csv", ".parquet", ".png", ".svg", ".sparam"];

    /// <summary>The photonic commands of a Markdown text's bash blocks, continuation lines joined, comments dropped, as argument lists.</summary>
    public static IEnumerable<string[]> Commands(string markdown) => CommandsWithOutput(markdown).Select(c => c.Args);

    /// <summary>
    /// The commands with the "# …" comment line that follows one in its block (the output the document shows), or null.
    /// </summary>
    public static IEnumerable<(string[] Args, string? Shown)> CommandsWithOutput(string markdown)
    {
        foreach (Match block in Regex.Matches(markdown, @"```(?:bash|sh|shell)\n(.*?)```", RegexOptions.Singleline))
        {
            string text = Regex.Replace(block.Groups[1].Value, @"\\\n\s*", " ");
            var lines = text.Split('\n');
            for (int k = 0; k < lines.Length; k++)
            {
                string line = Regex.Replace(lines[k], @"\s+#.*$", "").Trim();
                var m = Regex.Match(line, @"^(?:photonic|dotnet run(?: -c \w+)? --project src/PhotonicSolver\.Cli --)\s+(.*)$");
                if (!m.Success || line.Contains('$')) continue;
                var args = m.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (args[0] == "bench") continue;
                if (string.Join(' ', args).Contains("--backend cuda", StringComparison.Ordinal)) continue; // needs a GPU node (docs/cluster.md)
                string? shown = k + 1 < lines.Length && lines[k + 1].TrimStart().StartsWith('#') ? lines[k + 1].Trim() : null;
                yield return (args, shown);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void DocumentedCommandsRun(string document)
    {
        string root = DocsTests.RepoRoot();
        string dir = Path.GetDirectoryName(CliRunner.TempFile("x"))!;
        CopyTree(Path.Combine(root, "examples"), Path.Combine(dir, "examples"));
        foreach (var (args, shown) in CommandsWithOutput(File.ReadAllText(Path.Combine(root, document))))
        {
            var mapped = Map(args, dir);
            if (args[0] == "demo" && !args.Contains("--out")) mapped = [.. mapped, "--out", Path.Combine(dir, "demo_ring.csv")];
            var r = CliRunner.Run(mapped);
            Assert.True(r.Code == 0, $"{document}: `photonic {string.Join(' ', args)}` exited {r.Code}:\n{r.Err}");
            Assert.DoesNotContain(" is now --", r.Err); // no old spelling of a flag in the docs
            // A yield the document shows is the yield the command prints (seeded, so exact).
            if (shown is not null && Regex.Match(shown, @"yield [\d.]+ \[[\d., ]+\]") is { Success: true } y)
                Assert.True(r.Err.Contains(y.Value), $"{document}: `photonic {string.Join(' ', args)}` prints\n{r.Err}\nbut the document shows '{y.Value}'");
        }
    }

    /// <summary>File arguments into the temporary folder: examples/… and outputs, by flag or by extension.</summary>
    private static string[] Map(string[] args, string dir)
    {
        var r = new string[args.Length];
        for (int i = 0; i < args.Length; i++)
        {
            string a = args[i];
            bool isFile = a.StartsWith("examples/", StringComparison.Ordinal)
                          || (i > 0 && PathFlags.Contains(args[i - 1]) && a != "-")
                          || (!a.StartsWith('-') && FileExtensions.Any(e => a.EndsWith(e, StringComparison.OrdinalIgnoreCase)) && !a.Contains('='));
            r[i] = isFile ? Path.Combine(dir, a) : a;
        }
        return r;
    }

    private static void CopyTree(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var f in Directory.GetFiles(from)) File.Copy(f, Path.Combine(to, Path.GetFileName(f)));
        foreach (var d in Directory.GetDirectories(from)) CopyTree(d, Path.Combine(to, Path.GetFileName(d)));
    }

    [Fact]
    public void TheCommandsAreFound()
    {
        var readme = Commands(File.ReadAllText(Path.Combine(DocsTests.RepoRoot(), "README.md"))).ToList();
        Assert.Contains(readme, a => a[0] == "sweep");
        Assert.Contains(readme, a => a[0] == "plot");
        Assert.Contains(Documents(), d => (string)d[0] == Path.Combine("docs", "tmm.md"));
    }
}
