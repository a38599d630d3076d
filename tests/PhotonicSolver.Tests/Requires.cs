using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace PhotonicSolver.Tests;

/// <summary>
/// Tools beyond the .NET SDK that some tests need, by the name of the Debian package (or .NET tool) that
/// provides them. A test that needs one carries <see cref="ToolFactAttribute"/> or <see cref="ToolTheoryAttribute"/>:
/// on a machine without the tool it is SKIPPED with a reason saying what to install; with the environment variable
/// CI=true it is never skipped, so a CI machine that lacks the tool FAILS the test (.ci/run installs them all).
/// Inside the test, <see cref="Tool"/> returns the tool's path or fails with the same install hint.
/// </summary>
public static class Requires
{
    public const string Clang15 = "clang-15";
    public const string Numpy = "python3-numpy";
    public const string ScikitRf = "python3-scikit-rf";
    public const string Jupyter = "jupyter";
    public const string DotnetInteractive = "dotnet-interactive";
    public const string Slurm = "slurm";

    /// <summary>Debian's Python, the one the apt packages install into.</summary>
    public const string Python = "/usr/bin/python3";

    /// <summary>True when the environment variable CI is "true" (or "1"): every tool is required.</summary>
    public static bool InCI =>
        Environment.GetEnvironmentVariable("CI") is { } ci && (ci.Equals("true", StringComparison.OrdinalIgnoreCase) || ci == "1");

    private sealed record Probe(Func<string?> Find, string Install);

    private static readonly Dictionary<string, Probe> Probes = new()
    {
        [Clang15] = new(() => OnPath("clang-15"), "apt-get install clang-15"),
        [Numpy] = new(() => PythonImports("numpy"), "apt-get install python3-numpy"),
        [ScikitRf] = new(() => PythonImports("skrf"), "apt-get install python3-scikit-rf"),
        [Jupyter] = new(() => OnPath("jupyter-nbconvert") is not null && PythonImports("nbclient") is not null ? OnPath("jupyter") : null,
                        "apt-get install jupyter-nbconvert python3-nbclient python3-ipykernel"),
        [DotnetInteractive] = new(FindDotnetInteractiveKernel,
                        "dotnet tool install -g Microsoft.dotnet-interactive --version 1.0.712001 && dotnet interactive jupyter install"),
        [Slurm] = new(() => new[] { "sbatch", "slurmctld", "slurmd", "munged" }.All(t => OnPath(t) is not null) ? OnPath("sbatch") : null,
                        "apt-get install slurm-wlm munge"),
    };

    private static readonly ConcurrentDictionary<string, Lazy<string?>> Found = new();

    private static Probe Lookup(string tool) =>
        Probes.TryGetValue(tool, out var p) ? p
            : throw new ArgumentException($"unknown tool '{tool}': known are {string.Join(", ", Probes.Keys)}", nameof(tool));

    /// <summary>The tool's path (or the interpreter that has the module), null when it is missing. Probed once per run.</summary>
    public static string? Find(string tool)
    {
        var probe = Lookup(tool);
        return Found.GetOrAdd(tool, _ => new Lazy<string?>(probe.Find)).Value;
    }

    /// <summary>Why a test needing <paramref name="tools"/> cannot run here, or null when all are present.</summary>
    public static string? Missing(params string[] tools) => Missing(tools, Find);

    internal static string? Missing(string[] tools, Func<string, string?> find)
    {
        var missing = tools.Where(t => find(t) is null).ToList();
        if (missing.Count == 0) return null;
        return $"needs {string.Join(", ", missing)}, not found on this machine (install: {string.Join("; ", missing.Select(t => Lookup(t).Install))}). " +
               "Skipped here; with CI=true it fails instead.";
    }

    /// <summary>The tool's path; fails the test with what to install when it is missing.</summary>
    public static string Tool(string tool) =>
        Find(tool) ?? throw new Xunit.Sdk.XunitException(
            $"{tool} is required but missing{(InCI ? " (CI=true: tools are not skipped in CI)" : "")}: {Lookup(tool).Install}");

    /// <summary>The skip reason for a test attribute: null in CI (never skip) or when everything is there.</summary>
    internal static string? SkipReason(string[] tools) => SkipReason(tools, InCI, Find);

    internal static string? SkipReason(string[] tools, bool inCI, Func<string, string?> find)
    {
        foreach (var t in tools) Lookup(t);   // an unknown name is a mistake in the test, CI or not
        return inCI ? null : Missing(tools, find);
    }

    /// <summary>The full path of an executable on PATH (or in /usr/sbin and /sbin, where Debian puts daemons).</summary>
    public static string? OnPath(string exe)
    {
        var dirs = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/sbin", "/sbin", "/usr/local/sbin"]);
        foreach (var dir in dirs)
        {
            string candidate = Path.Combine(dir, exe);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

    /// <summary>Runs a program to completion (60 s at most); exit code and both streams.</summary>
    public static (int Code, string Out, string Err) Run(string file, IEnumerable<string> args, int timeoutMs = 60_000)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["MPLBACKEND"] = "Agg";
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(timeoutMs))
        {
            p.Kill(entireProcessTree: true);
            return (-1, stdout.Result, stderr.Result + $"\n{file} did not finish in {timeoutMs / 1000} s");
        }
        return (p.ExitCode, stdout.Result, stderr.Result);
    }

    private static string? PythonImports(string module) =>
        File.Exists(Python) && Run(Python, ["-c", $"import {module}"]).Code == 0 ? Python : null;

    /// <summary>The .NET Interactive kernel registered with Jupyter (kernel '.net-csharp'): its kernel.json.</summary>
    private static string? FindDotnetInteractiveKernel()
    {
        string home = Environment.GetEnvironmentVariable("HOME") ?? "";
        var roots = new List<string>();
        if (Environment.GetEnvironmentVariable("JUPYTER_PATH") is { } jp)
            roots.AddRange(jp.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries));
        roots.AddRange([Path.Combine(home, ".local/share/jupyter"), "/usr/local/share/jupyter", "/usr/share/jupyter"]);
        return roots.Select(r => Path.Combine(r, "kernels", ".net-csharp", "kernel.json")).FirstOrDefault(File.Exists);
    }
}

/// <summary>A [Fact] that needs tools beyond the .NET SDK (names from <see cref="Requires"/>): skipped with the reason when
/// one is missing, except with CI=true.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ToolFactAttribute : FactAttribute
{
    public ToolFactAttribute(string tool, [CallerMemberName] string test = "") : this([tool], test) { }

    public ToolFactAttribute(string tool1, string tool2, [CallerMemberName] string test = "") : this([tool1, tool2], test) { }

    private ToolFactAttribute(string[] tools, string test)
    {
        Tools = tools;
        if (Requires.SkipReason(tools) is not { } reason) return;
        Skip = reason;
        // The console logger prints skip reasons only at normal verbosity: the name carries the reason too.
        DisplayName = $"{test} [{reason}]";
    }

    public string[] Tools { get; }
}

/// <summary>A [Theory] that needs tools beyond the .NET SDK: see <see cref="ToolFactAttribute"/>.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ToolTheoryAttribute : TheoryAttribute
{
    public ToolTheoryAttribute(string tool, [CallerMemberName] string test = "") : this([tool], test) { }

    public ToolTheoryAttribute(string tool1, string tool2, [CallerMemberName] string test = "") : this([tool1, tool2], test) { }

    private ToolTheoryAttribute(string[] tools, string test)
    {
        Tools = tools;
        if (Requires.SkipReason(tools) is not { } reason) return;
        Skip = reason;
        // The console logger prints skip reasons only at normal verbosity: the name carries the reason too.
        DisplayName = $"{test} [{reason}]";
    }

    public string[] Tools { get; }
}
