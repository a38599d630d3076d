using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using PhotonicSolver.Tests.Cli;
using PhotonicSolver.Tests.Plotting;
using SkiaSharp;

namespace PhotonicSolver.Tests.Notebooks;

/// <summary>
/// Every notebook in notebooks/ runs, every cell, in the real .NET Interactive Jupyter kernel, headless
/// (`jupyter nbconvert --to notebook --execute`, as a user would), against PhotonicSolver packed to a local feed
/// (notebooks/NuGet.config). Its figures show inline as PNGs, its tables as HTML, and what it computes is checked
/// against its formula. Skipped without Jupyter or the kernel, except with CI=true (.ci/run installs both).
/// </summary>
public class NotebookTests(NotebookKernelRun run) : IClassFixture<NotebookKernelRun>
{
    public static TheoryData<string> Notebooks()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.EnumerateFiles(Path.Combine(DocsTests.RepoRoot(), "notebooks"), "*.ipynb").Order())
            data.Add(Path.GetFileName(f));
        return data;
    }

    /// <summary>
    /// What each notebook computes: a C# expression the test appends as a last cell (its JSON is printed), and the
    /// check of those values against the formula. A notebook without checks fails.
    /// </summary>
    internal static string ProbeOf(string notebook) => Checks.TryGetValue(notebook, out var c) ? c.Probe : "new { }";

    private static readonly Dictionary<string, (string Probe, int Figures, bool Table, Action<JsonElement> Check)> Checks = new()
    {
        ["01_quick_start_ring.ipynb"] = ("new { fsr, fsrAnalytic }", 1, true, v =>
        {
            // With linear dispersion FSR = λ1·λ2/(ng·L) exactly; measured between 2 pm samples refined by parabolas: 0.5 %.
            double fsr = D(v, "fsr"), analytic = D(v, "fsrAnalytic");
            Assert.Equal(analytic, fsr, analytic * 5e-3);
        }),
        ["02_sweep_heatmap.ipynb"] = ("new { bestCoupling = couplings[best], criticalCoupling }", 2, false, v =>
            // The deepest dip sits at the grid's nearest coupling to the analytic critical coupling (step 0.01).
            Assert.Equal(D(v, "criticalCoupling"), D(v, "bestCoupling"), 0.0051)),
        ["03_thermal_drift.ipynb"] = ("new { slope, analytic }", 2, true, v =>
            // dλ/dT = λ·(dneff/dT)/ng for linear dispersion is exact up to the 1 pm grid: 2 pm over 40 K is 0.05 pm/K.
            Assert.Equal(D(v, "analytic"), D(v, "slope"), 0.05e-6)),
        ["04_touchstone_exchange.ipynb"] = ("new { ports = back.PortCount, points = back.WavelengthsUm.Length, file }", 1, false, v =>
        {
            Assert.Equal(4, v.GetProperty("ports").GetInt32());
            Assert.Equal(2001, v.GetProperty("points").GetInt32());
            // Written to the notebook's temporary folder, not beside the notebook.
            Assert.StartsWith(Path.GetTempPath(), v.GetProperty("file").GetString());
        }),
        ["05_fiber_attach_tolerance.ipynb"] = ("new { contourX, closedForm, fiberW = setup.Fiber.Wx, chipWx = setup.Chip.Wx, chipWy = setup.Chip.Wy, total = yield.Total, fraction = yield.Fraction }", 2, false, v =>
        {
            // The chip mode is separable, so an x offset costs Marcuse's exp(−2d²/(w1² + w2x²)). Linear interpolation
            // in dB of that parabola on a 0.1 µm grid errs by < h²/(8d) ≈ 6e-4 µm.
            Assert.Equal(D(v, "closedForm"), D(v, "contourX"), 1e-3);
            // Yield of normal placement errors (σ = 0.5 µm): the loss is a·u² + b·v² dB with u, v standard normal and
            // a = 10·log10(e)·2σ²/(w1² + w2x²) (b likewise), so P(loss ≤ 0.5 dB) = ∫ φ(u)·(2Φ(√((0.5 − a·u²)/b)) − 1) du
            // (Simpson, 4000 steps). 2000 samples scatter by √(p(1−p)/2000) ≈ 0.002; 4σ is 0.008.
            double k = 10 * Math.Log10(Math.E) * 2 * 0.25, w1 = D(v, "fiberW"), wx = D(v, "chipWx"), wy = D(v, "chipWy");
            double a = k / (w1 * w1 + wx * wx), b = k / (w1 * w1 + wy * wy);
            double umax = Math.Sqrt(0.5 / a), h = 2 * umax / 4000, p = 0;
            for (int i = 0; i <= 4000; i++)
            {
                double u = -umax + i * h, vmax = Math.Sqrt(Math.Max(0, (0.5 - a * u * u) / b));
                double f = MathNet.Numerics.Distributions.Normal.PDF(0, 1, u) * (2 * MathNet.Numerics.Distributions.Normal.CDF(0, 1, vmax) - 1);
                p += f * (i == 0 || i == 4000 ? 1 : i % 2 == 1 ? 4 : 2);
            }
            p *= h / 3;
            Assert.Equal(2000, v.GetProperty("total").GetInt32());
            Assert.Equal(p, D(v, "fraction"), 0.008);
        }),
        ["06_dfb_laser_vs_temperature.ipynb"] = ("new { slope, analytic, at27 = curves[2].Item3[27], at28 = curves[2].Item3[28] }", 2, true, v =>
        {
            // The λ/4-shifted mode sits at the Bragg wavelength, which moves linearly: the slope is the formula's.
            Assert.Equal(D(v, "analytic"), D(v, "slope"), 1e-9 * D(v, "analytic") + 1e-12);
            // At 85 °C, I_th = 10 mA·exp(60/60) = 27.18 mA: dark at 27 mA, lasing at 28 mA.
            Assert.Equal(0.0, D(v, "at27"));
            Assert.True(D(v, "at28") > 0);
        }),
    };

    private static double D(JsonElement v, string name) => v.GetProperty(name).GetDouble();

    /// <summary>A multiline nbformat string: a string or a list of lines.</summary>
    private static string Text(JsonNode? node) => node switch
    {
        null => "",
        JsonArray lines => string.Concat(lines.Select(l => (string?)l)),
        _ => (string?)node ?? "",
    };

    [ToolTheory(Requires.Jupyter, Requires.DotnetInteractive)]
    [MemberData(nameof(Notebooks))]
    public async Task EveryCellRunsInTheKernelWithFiguresInlineAndChecks(string notebook)
    {
        // The attribute skips when the kernel is missing; this guards a kernel unregistered after discovery (never in CI).
        if (Requires.SkipReason([Requires.Jupyter, Requires.DotnetInteractive]) is not null) return;
        Assert.True(Checks.TryGetValue(notebook, out var check), $"add the checks of {notebook} to NotebookTests.Checks");
        var result = await run.Result(notebook);
        Assert.True(result.ExitCode == 0, $"{notebook} failed in the kernel (jupyter nbconvert exit {result.ExitCode}):\n{result.Log}");
        var cells = result.Executed["cells"]!.AsArray();

        var outputs = cells.Where(c => (string?)c!["cell_type"] == "code").SelectMany(c => c!["outputs"]!.AsArray()).ToList();
        var errors = outputs.Where(o => (string?)o!["output_type"] == "error" || Text(o!["text"]).Contains("error CS")).ToList();
        Assert.True(errors.Count == 0, $"{notebook}: {string.Join("\n", errors)}");

        // Figures inline: PNGs (from the Figure formatter the first cell registers) with both axis labels drawn.
        var pngs = outputs.Select(o => o!["data"]?["image/png"]).Where(p => p is not null).ToList();
        Assert.True(pngs.Count >= check.Figures, $"{notebook} shows {pngs.Count} inline figures, expected {check.Figures}");
        foreach (var png in pngs)
        {
            byte[] bytes = Convert.FromBase64String(Text(png).Trim());
            using var bmp = SKBitmap.Decode(bytes);
            Assert.NotNull(bmp);
            FigureAssert.HasAxisLabelPixels(bmp);
        }
        // Tables as HTML tables (the kernel's formatter for a list of records), with a header per property.
        if (check.Table)
            Assert.Contains(outputs, o => Text(o!["data"]?["text/html"]) is var html && html.Contains("<table") && html.Contains("<th>"));

        // The values the notebook computed, printed by the appended probe cell.
        string probe = cells.Last()!["outputs"]!.AsArray().Select(o => Text(o!["text"])).FirstOrDefault(t => t.StartsWith("PROBE"))
            ?? throw new Xunit.Sdk.XunitException($"{notebook}: the probe cell printed nothing:\n{cells.Last()}");
        using var values = JsonDocument.Parse(probe["PROBE".Length..]);
        check.Check(values.RootElement);

        // Nothing written beside the notebook.
        Assert.Empty(result.NewFilesBesideNotebooks);
    }

    [Fact]
    public void NotebooksAreNbformat45CSharpNotebooksOnTheLocalFeed()
    {
        string root = DocsTests.RepoRoot();
        string version = XDocument.Load(Path.Combine(root, "Directory.Build.props")).Descendants("Version").Single().Value;
        foreach (var f in Directory.EnumerateFiles(Path.Combine(root, "notebooks"), "*.ipynb"))
        {
            var nb = JsonNode.Parse(File.ReadAllText(f))!;
            string name = Path.GetFileName(f);
            Assert.Equal(4, (int)nb["nbformat"]!);
            Assert.True((int)nb["nbformat_minor"]! >= 5, $"{name}: nbformat 4.5 or later (cell ids)");
            Assert.Equal(".net-csharp", (string?)nb["metadata"]!["kernelspec"]!["name"]);
            var cells = nb["cells"]!.AsArray();
            var ids = cells.Select(c => (string?)c!["id"]).ToList();
            Assert.All(ids, id => Assert.False(string.IsNullOrEmpty(id), $"{name}: a cell without an id"));
            Assert.Equal(ids.Count, ids.Distinct().Count());
            string first = string.Concat(cells.First(c => (string?)c!["cell_type"] == "code")!["source"]!.AsArray().Select(l => (string?)l));
            Assert.Contains($"#r \"nuget: PhotonicSolver, {version}\"", first);
            Assert.Contains($"#r \"nuget: PhotonicSolver.Plotting, {version}\"", first);
            Assert.Contains("Formatter.Register<Figure>", first);
            string all = File.ReadAllText(f);
            Assert.DoesNotContain("bin/Debug", all);
            Assert.DoesNotContain(".Save(\"", all);   // files go to the temporary outDir
        }
        // The feed the notebooks restore from is the one the README's pack command writes.
        var config = XDocument.Load(Path.Combine(root, "notebooks", "NuGet.config"));
        Assert.Contains(config.Descendants("add"), a => (string?)a.Attribute("value") == "../artifacts/packages");
        Assert.Contains("dotnet pack -c Release -o artifacts/packages", File.ReadAllText(Path.Combine(root, "README.md")));
    }
}

/// <summary>
/// Runs all notebooks at once (each in its own kernel) on first use: packs PhotonicSolver and PhotonicSolver.Plotting
/// (as built for this test run) to the feed artifacts/packages of a scratch copy of notebooks/ and examples/, drops the
/// NuGet cache's copy of those two packages (so the kernel takes the fresh ones), appends each notebook's probe cell
/// and executes it with `jupyter nbconvert --to notebook --execute`.
/// </summary>
public sealed class NotebookKernelRun : IDisposable
{
    public sealed record Execution(int ExitCode, string Log, JsonNode Executed, List<string> NewFilesBesideNotebooks);

    private readonly Lazy<Task<Dictionary<string, Task<Execution>>>> _runs;
    private string? _sandbox;

    public NotebookKernelRun() => _runs = new(() => Task.Run(StartAll));

    public async Task<Execution> Result(string notebook) => await (await _runs.Value)[notebook];

    private async Task<Dictionary<string, Task<Execution>>> StartAll()
    {
        string repo = DocsTests.RepoRoot();
        string jupyter = Requires.Tool(Requires.Jupyter);
        string kernelJson = Requires.Tool(Requires.DotnetInteractive);
        _sandbox = Path.Combine(Path.GetTempPath(), "photonic-notebooks", Guid.NewGuid().ToString("N"));
        string feed = Path.Combine(_sandbox, "artifacts", "packages");
        CopyTree(Path.Combine(repo, "notebooks"), Path.Combine(_sandbox, "notebooks"));
        CopyTree(Path.Combine(repo, "examples"), Path.Combine(_sandbox, "examples"));

        // The configuration this test assembly was built in (bin/Debug or bin/Release) is the one to pack.
        string config = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";
        foreach (var project in new[] { "src/PhotonicSolver/PhotonicSolver.csproj", "src/PhotonicSolver.Plotting/PhotonicSolver.Plotting.csproj" })
        {
            var (code, stdout, stderr) = Requires.Run("dotnet", ["pack", Path.Combine(repo, project), "--no-build", "-c", config, "-o", feed], 300_000);
            if (code != 0) throw new Xunit.Sdk.XunitException($"dotnet pack {project} failed:\n{stdout}{stderr}");
        }
        string nugetCache = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
                            ?? Path.Combine(Environment.GetEnvironmentVariable("HOME") ?? "", ".nuget", "packages");
        string version = Directory.GetFiles(feed, "PhotonicSolver.Plotting.*.nupkg").Select(Path.GetFileNameWithoutExtension).Single()!["PhotonicSolver.Plotting.".Length..];
        foreach (var id in new[] { "photonicsolver", "photonicsolver.plotting" })
        {
            string cached = Path.Combine(nugetCache, id, version);
            if (Directory.Exists(cached)) Directory.Delete(cached, recursive: true);
        }

        // One kernelspec per notebook with its own HTTP port range: kernels started together otherwise race for 2048.
        var spec = JsonNode.Parse(await File.ReadAllTextAsync(kernelJson))!;
        string home = Environment.GetEnvironmentVariable("HOME") ?? "";
        string path = $"{Path.Combine(home, ".dotnet", "tools")}{Path.PathSeparator}{Environment.GetEnvironmentVariable("PATH")}";
        var before = Directory.GetFiles(Path.Combine(_sandbox, "notebooks")).ToHashSet();
        var runs = new Dictionary<string, Task<Execution>>();
        int k = 0;
        foreach (var nbPath in Directory.GetFiles(Path.Combine(_sandbox, "notebooks"), "*.ipynb").Order())
        {
            string name = Path.GetFileName(nbPath);
            int lo = 3100 + 40 * k + Random.Shared.Next(0, 20) * 400;
            var mine = JsonNode.Parse(spec.ToJsonString())!;
            var argv = mine["argv"]!.AsArray();
            for (int i = 0; i < argv.Count; i++)
                if ((string?)argv[i] == "--http-port-range" && i + 1 < argv.Count) argv[i + 1] = $"{lo}-{lo + 39}";
            string jupyterPath = Path.Combine(_sandbox, $"jupyter-{k}");
            Directory.CreateDirectory(Path.Combine(jupyterPath, "kernels", ".net-csharp"));
            await File.WriteAllTextAsync(Path.Combine(jupyterPath, "kernels", ".net-csharp", "kernel.json"), mine.ToJsonString());
            AppendProbe(nbPath, name);
            string outDir = Path.Combine(_sandbox, "executed");
            runs[name] = Task.Run(() =>
            {
                var psi = new System.Diagnostics.ProcessStartInfo(jupyter) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
                                                                             WorkingDirectory = Path.GetDirectoryName(nbPath)! };
                foreach (var a in new[] { "nbconvert", "--to", "notebook", "--execute", nbPath, "--output-dir", outDir, "--ExecutePreprocessor.timeout=600" })
                    psi.ArgumentList.Add(a);
                psi.Environment["JUPYTER_PATH"] = jupyterPath;
                psi.Environment["PATH"] = path;
                psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
                psi.Environment["DOTNET_INTERACTIVE_CLI_TELEMETRY_OPTOUT"] = "1";
                using var p = System.Diagnostics.Process.Start(psi)!;
                var so = p.StandardOutput.ReadToEndAsync();
                var se = p.StandardError.ReadToEndAsync();
                if (!p.WaitForExit(600_000)) p.Kill(entireProcessTree: true);
                p.WaitForExit();
                string executed = Path.Combine(outDir, name);
                var node = File.Exists(executed) ? JsonNode.Parse(File.ReadAllText(executed))! : JsonNode.Parse("""{"cells": []}""")!;
                return new Execution(p.HasExited ? p.ExitCode : -1, Tail(so.Result + se.Result), node, []);
            });
            k++;
        }
        await Task.WhenAll(runs.Values);
        var added = Directory.GetFiles(Path.Combine(_sandbox, "notebooks")).Where(f => !before.Contains(f)).ToList();
        return runs.ToDictionary(r => r.Key, r => Task.FromResult(r.Value.Result with { NewFilesBesideNotebooks = added }));
    }

    /// <summary>A last cell that prints the notebook's checked values as JSON after the word PROBE.</summary>
    private static void AppendProbe(string nbPath, string name)
    {
        var nb = JsonNode.Parse(File.ReadAllText(nbPath))!;
        string expr = NotebookTests.ProbeOf(name);
        nb["cells"]!.AsArray().Add(new JsonObject
        {
            ["cell_type"] = "code", ["id"] = "test-probe", ["metadata"] = new JsonObject(), ["execution_count"] = null,
            ["outputs"] = new JsonArray(),
            ["source"] = $"Console.WriteLine(\"PROBE\" + System.Text.Json.JsonSerializer.Serialize({expr}));",
        });
        File.WriteAllText(nbPath, nb.ToJsonString());
    }

    private static string Tail(string s) => s.Length > 6000 ? s[^6000..] : s;

    private static void CopyTree(string src, string dst)
    {
        foreach (var file in Directory.EnumerateFiles(src, "*", SearchOption.AllDirectories))
        {
            string to = Path.Combine(dst, Path.GetRelativePath(src, file));
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(file, to);
        }
    }

    public void Dispose()
    {
        if (_sandbox is not null && Directory.Exists(_sandbox))
            try { Directory.Delete(_sandbox, recursive: true); } catch (IOException) { }
    }
}
