using System.Diagnostics;
using System.Text.Json;

namespace PhotonicSolver.Tests.Cli;

/// <summary>
/// SIGINT (Ctrl-C) and SIGTERM (kill, scancel) on real `photonic` processes: a valid file that says it is truncated,
/// exit 130 or 143; never a cut row, a Parquet without its footer or a summary that hides it.
/// </summary>
public class InterruptTests
{
    /// <summary>Starts photonic, waits until its (hidden, temporary) output holds <paramref name="bytes"/>, sends the signal, waits for the exit.</summary>
    private static async Task<(int Code, string Err)> Interrupt(string signal, string outPath, long bytes, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "photonic.dll"));
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEndAsync();
        string dir = Path.GetDirectoryName(outPath)!, name = Path.GetFileName(outPath);
        long Written() => Directory.EnumerateFiles(dir)
            .Where(f => Path.GetFileName(f).StartsWith($".{name}.", StringComparison.Ordinal) && f.EndsWith(".tmp", StringComparison.Ordinal))
            .Select(f => new FileInfo(f).Length).DefaultIfEmpty(0).Max();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(90) && Written() < bytes && !p.HasExited) await Task.Delay(50);
        Assert.False(p.HasExited, $"photonic finished before it could be interrupted: {await stderr}");
        using (var kill = Process.Start("kill", [signal, p.Id.ToString()])) await kill.WaitForExitAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await p.WaitForExitAsync(timeout.Token);
        await stdout;
        return (p.ExitCode, await stderr);
    }

    [Theory]
    [InlineData("-INT", 130, ".csv")]
    public async Task AnInterruptedMonteCarloMarksItsSamplesAndSummaryTruncatedAndMergeRefusesThem(string signal, int exitCode, string ext)
    {
        if (!OperatingSystem.IsLinux()) return;
        string samples = CliRunner.TempFile("samples" + ext);
        string summary = Path.Combine(Path.GetDirectoryName(samples)!, "summary.json");
        var (code, err) = await Interrupt(signal, samples, 300_000, "montecarlo", CliRunner.Example("montecarlo/mzi.yaml"),
            "--sweep-file", CliRunner.Example("montecarlo/mzi_mc.yaml"), "--samples", "20000000", "--chunk-samples", "4096",
            "--backend", "cpu", "--summary", summary, "--out", samples);
        Assert.True(code == exitCode, err);
        Assert.Contains("truncated", err);

        using var doc = JsonDocument.Parse(File.ReadAllBytes(summary));
        Assert.True(doc.RootElement.GetProperty("truncated").GetBoolean());
        long covered = doc.RootElement.GetProperty("samples").GetInt64();
        Assert.InRange(covered, 1, 20_000_000 - 1);

        if (ext == ".csv")
        {
            var lines = File.ReadAllLines(samples);
            Assert.Equal($"# TRUNCATED: run interrupted after {covered} of 20000000 samples", lines[^1]);
            Assert.Equal(covered, lines.Count(l => l.Length > 0 && char.IsAsciiDigit(l[0])));
        }
        else
        {
            // A complete Parquet file (footer written) whose metadata says it is truncated, with exactly the covered rows.
            using var stream = File.OpenRead(samples);
            await using var reader = await Parquet.ParquetReader.CreateAsync(stream);
            Assert.StartsWith("true: run interrupted after", reader.CustomMetadata["truncated"]);
            long rows = 0;
            for (int g = 0; g < reader.RowGroupCount; g++) rows += reader.OpenRowGroupReader(g).RowCount;
            Assert.Equal(covered, rows);
        }
        var merged = Path.Combine(Path.GetDirectoryName(samples)!, "merged.json");
        CliRunner.AssertInputError(CliRunner.Run("merge", summary, "-o", merged), "is truncated", "summary.json");
        Assert.False(File.Exists(merged));
    }
}
