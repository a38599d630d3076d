using System.Diagnostics;

namespace PhotonicSolver.Tests.Cli;

/// <summary>Runs the `photonic` CLI in-process (fast) or as a real process (exit code, stderr, no stack trace).</summary>
public static class CliRunner
{
    public static (int Code, string Out, string Err) Run(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        int code = PhotonicSolver.Cli.Program.Run(args, o, e);
        return (code, o.ToString(), e.ToString());
    }

    public static (int Code, string Out, string Err) RunProcess(params string[] args)
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "photonic.dll");
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(dll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment.Remove("PHOTONIC_DEBUG");
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(120_000)) { p.Kill(true); throw new TimeoutException("photonic did not finish in 120 s"); }
        return (p.ExitCode, stdout.Result, stderr.Result);
    }

    public static string Example(string name) => Path.Combine(AppContext.BaseDirectory, "examples", name);

    public static string TempFile(string name, string? content = null)
    {
        string dir = Path.Combine(Path.GetTempPath(), "photonic-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        string path = Path.Combine(dir, name);
        if (content is not null) File.WriteAllText(path, content);
        return path;
    }

    /// <summary>
    /// A user input error as the CLI must report it: exit code 2, "error: ..." naming every given fragment (file,
    /// line, instance, setting), and no stack trace.
    /// </summary>
    public static void AssertInputError((int Code, string Out, string Err) r, params string[] mustContain)
    {
        Assert.True(r.Code == 2, $"exit {r.Code}: {r.Err}");
        Assert.StartsWith("error: ", r.Err);
        foreach (var s in mustContain) Assert.Contains(s, r.Err);
        Assert.False(HasStackTrace(r.Err), r.Err);
    }

    /// <summary>True when the text contains a .NET stack trace frame.</summary>
    public static bool HasStackTrace(string text) => text.Contains("   at ") || text.Contains("Exception:") && text.Contains(" at ");
}
