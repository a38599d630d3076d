using System.Diagnostics;
using PhotonicSolver.IO;
using PhotonicSolver.Tests.Cli;

namespace PhotonicSolver.Tests.IO;

/// <summary>
/// The shared result stream, through the real CLI: no output over an input, an existing output untouched when a run
/// fails, one writer at a time, a full disk, and no temporary or lock files left behind.
/// </summary>
public class ResultStreamTests
{
    private static string CopyExample(string example, string dir)
    {
        string to = Path.Combine(dir, Path.GetFileName(example));
        File.Copy(CliRunner.Example(example), to, overwrite: true);
        return to;
    }

    private static void AssertNoLeftovers(string dir)
        => Assert.DoesNotContain(Directory.GetFiles(dir, ".*"), f => f.EndsWith(".tmp") || f.EndsWith(".lock"));

    public static TheoryData<string> InputKinds() =>
        ["netlist", "sweep file", "stack", "thermal network", "power trace", "laser", "Monte Carlo file", "data file", "merge shard", "link"];

    [Theory]
    [MemberData(nameof(InputKinds))]
    public void AnOutputThatNamesAnInputIsRefusedAndTheInputKept(string kind)
    {
        string dir = Path.GetDirectoryName(CliRunner.TempFile("x"))!;
        string target;
        string[] args;
        switch (kind)
        {
            case "netlist":
                target = CopyExample("ring_all_pass.yaml", dir);
                args = ["sweep", target, "--wl", "1.55", "--out", target];
                break;
            case "sweep file":
                target = Path.Combine(dir, "sw.yaml");
                File.WriteAllText(target, "wl: [1.55, 1.56]\n");
                args = ["sweep", CliRunner.Example("ring_all_pass.yaml"), "--sweep-file", target, "--out", target];
                break;
            case "stack":
                target = CopyExample("tmm/ar_coating.yaml", dir);
                args = ["tmm", target, "--wl", "1.5:1.6:3", "--out", target];
                break;
            case "thermal network":
                CopyExample("thermal/asic_power.csv", dir);
                target = CopyExample("thermal/cpo_network.yaml", dir);
                args = ["thermal", target, "--steady", "--out", target];
                break;
            case "power trace":
                string net = CopyExample("thermal/cpo_network.yaml", dir);
                target = CopyExample("thermal/asic_power.csv", dir);
                args = ["thermal", net, "--out", target];
                break;
            case "laser":
                target = CopyExample("lasers/dfb_quarter_wave.yaml", dir);
                args = ["laser", target, "--modes", "2", "--out", target];
                break;
            case "Monte Carlo file":
                target = CopyExample("montecarlo/mzi_mc.yaml", dir);
                args = ["montecarlo", CliRunner.Example("montecarlo/mzi.yaml"), "--sweep-file", target, "--samples", "100", "--summary", target];
                break;
            case "data file":
                string mzi = CopyExample("data_backed/mzi_y_branch.yaml", dir);
                target = CopyExample("data_backed/y_branch.sparam", dir);
                args = ["sweep", mzi, "--wl", "1.55", "--out", target];
                break;
            case "merge shard":
                string s0 = Path.Combine(dir, "s0.csv"), s1 = Path.Combine(dir, "s1.csv");
                foreach (var (s, i) in new[] { (s0, 0), (s1, 1) })
                    Assert.Equal(0, CliRunner.Run("sweep", CliRunner.Example("ring_all_pass.yaml"), "--wl", "1.5:1.6:10", "--shard", $"{i}/2", "--out", s).Code);
                target = s0;
                args = ["merge", s0, s1, "-o", s0];
                break;
            default: // an output reached through a symbolic link to the input
                target = CopyExample("ring_all_pass.yaml", dir);
                string link = Path.Combine(dir, "result.csv");
                File.CreateSymbolicLink(link, target);
                args = ["sweep", target, "--wl", "1.55", "--out", link];
                break;
        }
        byte[] before = File.ReadAllBytes(target);
        var r = CliRunner.Run(args);
        CliRunner.AssertInputError(r, "refusing to write", "it is one of this run's inputs", Path.GetFileName(target));
        Assert.Equal(before, File.ReadAllBytes(target));
        AssertNoLeftovers(dir);
    }

    [Theory]
    [InlineData("sweep")]
    [InlineData("montecarlo")]
    [InlineData("merge")]
    public void AFailingRunLeavesAnExistingOutputUntouched(string command)
    {
        // Each run fails after its output would have been opened by the old writers (which truncated it at once).
        string dir = Path.GetDirectoryName(CliRunner.TempFile("x"))!;
        string output = Path.Combine(dir, "precious.csv");
        File.WriteAllText(output, "yesterday's results\n");
        string notAShard = CliRunner.TempFile("notes.csv", "a,b\n1,2\n");
        string[] args = command switch
        {
            "sweep" => ["sweep", CliRunner.Example("ring_all_pass.yaml"), "--wl", "1.55", "--pairs", "nowhere:in", "--out", output],
            "montecarlo" => ["montecarlo", CliRunner.Example("montecarlo/mzi.yaml"), "--sweep-file", CliRunner.Example("montecarlo/mzi_mc.yaml"),
                             "--samples", "100", "--summary", "-", "--out", output, "--backend", "no-such-backend"],
            _ => ["merge", notAShard, notAShard, "-o", output],
        };
        var r = CliRunner.Run(args);
        Assert.NotEqual(0, r.Code);
        Assert.False(CliRunner.HasStackTrace(r.Err), r.Err);
        Assert.Equal("yesterday's results\n", File.ReadAllText(output));
        AssertNoLeftovers(dir);
    }

    [Fact]
    public void ASecondWriterOfTheSameFileIsRefusedWhileTheFirstWrites()
    {
        string dir = Path.GetDirectoryName(CliRunner.TempFile("x"))!;
        string output = Path.Combine(dir, "shared.csv");
        using (var first = ResultStream.Create(output, "sweep CSV"))
        {
            first.Text.Write("first run, still writing");
            var r = CliRunner.Run("sweep", CliRunner.Example("ring_all_pass.yaml"), "--wl", "1.55", "--out", output);
            CliRunner.AssertInputError(r, "another run is writing it right now", "shared.csv");
            first.Commit();
        }
        Assert.Equal("first run, still writing", File.ReadAllText(output));
        // Once the first writer is done, the next run writes normally.
        Assert.Equal(0, CliRunner.Run("sweep", CliRunner.Example("ring_all_pass.yaml"), "--wl", "1.55", "--out", output).Code);
        Assert.StartsWith("wl_um,", File.ReadAllText(output));
        AssertNoLeftovers(dir);
    }

    [Fact]
    public void AResultIsInvisibleUntilCommittedAndDroppedWithoutACommit()
    {
        string dir = Path.GetDirectoryName(CliRunner.TempFile("x"))!;
        string output = Path.Combine(dir, "r.json");
        File.WriteAllText(output, "old");
        using (var s = ResultStream.Create(output, "summary JSON"))
        {
            s.Text.Write("{\"new\": true}");
            s.Text.Flush();
            Assert.Equal("old", File.ReadAllText(output));
        }
        Assert.Equal("old", File.ReadAllText(output));
        AssertNoLeftovers(dir);
    }

    [Fact]
    public void AFullDiskIsAClearErrorAndLeavesNoPartialFile()
    {
        // Two shards of ≈ 3 MB merged onto a 1 MiB tmpfs (mounting needs root; CI runs as root). merge makes no
        // free-space estimate, so the write itself meets the full disk.
        string mount = Path.Combine(Path.GetTempPath(), "photonic-full-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(mount);
        if (!Run("mount", $"-t tmpfs -o size=1m tmpfs {mount}"))
        {
            Assert.False(Environment.GetEnvironmentVariable("CI") == "true", "CI must be able to mount a small tmpfs (run as root)");
            return; // not root here: the behaviour is covered in CI
        }
        try
        {
            string dir = Path.GetDirectoryName(CliRunner.TempFile("x"))!;
            var shards = new[] { Path.Combine(dir, "s0.csv"), Path.Combine(dir, "s1.csv") };
            for (int i = 0; i < 2; i++)
                Assert.Equal(0, CliRunner.Run("sweep", CliRunner.Example("ring_all_pass.yaml"), "--wl", "1.5:1.6:60000", "--pairs", "through:in",
                                              "--shard", $"{i}/2", "--backend", "cpu", "--out", shards[i]).Code);
            string output = Path.Combine(mount, "merged.csv");
            File.WriteAllText(output, "kept\n");
            var r = CliRunner.RunProcess("merge", shards[0], shards[1], "-o", output);
            CliRunner.AssertInputError(r, "disk full while writing merged CSV", "merged.csv", "the partial file was removed");
            Assert.Equal("kept\n", File.ReadAllText(output));
            AssertNoLeftovers(mount);
        }
        finally
        {
            Run("umount", mount);
            Directory.Delete(mount, recursive: true);
        }
    }

    private static bool Run(string file, string args)
    {
        try
        {
            using var p = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardError = true, RedirectStandardOutput = true })!;
            p.WaitForExit(20_000);
            return p.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception) { return false; }
    }
}
