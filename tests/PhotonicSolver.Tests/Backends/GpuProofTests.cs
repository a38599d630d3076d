using PhotonicSolver.Tests.Cli;

namespace PhotonicSolver.Tests.Backends;

/// <summary>
/// `photonic gpu-proof` (what benchmarks/gpu-proof.sh runs on a GPU machine) on ILGPU's CPU accelerator at CI sizes:
/// every kernel is checked against the cpu backend, every workload is timed in fp64 and fp32 (or says it has no fp32
/// kernel), the strict-PTX line says why it does not apply, and the Markdown block is complete.
/// </summary>
public class GpuProofTests
{
    [Fact]
    public void TheGpuProofRunsOnTheIlgpuCpuAcceleratorAndWritesTheResultsBlock()
    {
        string md = CliRunner.TempFile("proof.md");
        var r = CliRunner.Run("gpu-proof", "--backend", "ilgpu-cpu", "--small", "--out", md);
        Assert.True(r.Code == 0, r.Err + File.ReadAllText(md));
        string text = File.ReadAllText(md);
        Assert.Contains("### GPU proof: `ilgpu-cpu`", text);
        Assert.Contains("every kernel agrees with the cpu backend", text);
        Assert.Contains("strict IEEE PTX: not applicable (ilgpu-cpu is not CUDA", text);
        foreach (var kernel in new[] { "| plan | all-pass ring | fp64", "| plan | 8-mode Clements mesh, all pairs | fp32", "| plan | add-drop ring, zipped",
                                       "| thin film |", "| Monte Carlo |" })
            Assert.Contains(kernel, text);
        Assert.DoesNotContain("**FAIL**", text);
        // fp64 plan kernels run the same PlanExecutor operations: every value is bit-identical on ILGPU's CPU accelerator.
        foreach (var line in text.Split('\n').Where(l => l.StartsWith("| plan |") && l.Contains("| fp64 |")))
        {
            var cells = line.Split('|', StringSplitOptions.TrimEntries);
            Assert.Equal(cells[4], cells[5]);
        }
        foreach (var work in new[] { "all-pass ring", "4×4 MZI mesh", "chain of 100 straights", "16-mode Clements mesh", "thin film, 50 layers", "MZI Monte Carlo" })
            foreach (var prec in new[] { "fp64", "fp32" })
                Assert.Contains($"| {work}", text.Split('\n').Where(l => l.Contains($"| {prec} |")).Aggregate("", (a, b) => a + b + "\n"));
    }

    [Fact]
    public void TheCpuIsNotADeviceToProve()
        => CliRunner.AssertInputError(CliRunner.Run("gpu-proof", "--backend", "cpu"), "--backend cpu");
}
