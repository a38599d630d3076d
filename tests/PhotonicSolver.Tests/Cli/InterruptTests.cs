using System.Diagnostics;

namespace PhotonicSolver.Tests.Cli;

/// <summary>Ctrl-C (SIGINT) on a real `photonic sweep` process: a valid CSV that says it is truncated, exit 130.</summary>
public class InterruptTests
{
    [Fact]
    public async Task SigintLeavesAValidTruncatedFileAndExitCode130()
    {
        if (!OperatingSystem.IsLinux()) return; // SIGINT delivery below uses kill(1)
        string outPath = CliRunner.TempFile("interrupted.csv");
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "photonic.dll"), "sweep", CliRunner.Example("ring_all_pass.yaml"),
                                  "--wl", "1.5:1.6:300000000", "--pair", "through:in", "--backend", "cpu", "--chunk-points", "200000", "--out", outPath })
            psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        // Wait until rows are being written, then interrupt.
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(60) && (!File.Exists(outPath) || new FileInfo(outPath).Length < 2_000_000)) await Task.Delay(100);
        using (var kill = Process.Start("kill", ["-INT", p.Id.ToString()])) await kill.WaitForExitAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await p.WaitForExitAsync(timeout.Token);
        Assert.Equal(130, p.ExitCode);
        Assert.Contains("interrupted: wrote", await stderr);
        var lines = File.ReadAllLines(outPath);
        Assert.Equal("wl_um,T.through.in,re.through.in,im.through.in", lines[0]);
        Assert.StartsWith("# TRUNCATED: run interrupted after ", lines[^1]);
        // Every data row is complete (4 columns), and their count is the number the trailer states.
        Assert.All(lines[1..^1], l => Assert.Equal(4, l.Split(',').Length));
        long stated = long.Parse(lines[^1].Split(' ')[5]);
        Assert.Equal(stated, lines.Length - 2);
        Assert.True(stated < 300_000_000);
    }
}
