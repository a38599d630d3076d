using System.Diagnostics;
using System.Text.RegularExpressions;
using ILGPU.Runtime.Cuda;
using PhotonicSolver.Kernels;

namespace PhotonicSolver.Tests.Backends;

/// <summary>
/// Every kernel compiles for CUDA (PTX) and OpenCL without a device: CI has no GPU, so this is where the GPU code
/// paths are proven to build. The PTX is also checked for what must not be in it.
/// </summary>
[Collection(IlgpuCollection.Name)]
public sealed class KernelCompileTests(IlgpuFixture fixture)
{
    public static TheoryData<string, int> KernelsAndArchitectures()
    {
        var data = new TheoryData<string, int>();
        foreach (var k in OfflineCompiler.Kernels)
            foreach (int sm in new[] { 70, 90 })
                data.Add($"{k.DeclaringType!.Name}.{k.Name}", sm);
        return data;
    }

    [Theory]
    [MemberData(nameof(KernelsAndArchitectures))]
    public void CompilesToPtx(string kernel, int sm)
    {
        var method = OfflineCompiler.Kernels.Single(k => $"{k.DeclaringType!.Name}.{k.Name}" == kernel);
        var arch = sm switch { 70 => CudaArchitecture.SM_70, 90 => CudaArchitecture.SM_90, _ => throw new ArgumentOutOfRangeException(nameof(sm)) };
        string ptx = OfflineCompiler.ToPtx(fixture.Context, method, arch);

        // ILGPU 1.5.3 writes '.target sm_80' when asked for sm_86 and above (the newest PTX target its code
        // generator emits); the driver JIT-compiles sm_80 PTX for sm_90. So: a target in [sm_70, requested].
        var target = Regex.Match(ptx, @"^\.target sm_(\d+)", RegexOptions.Multiline);
        Assert.True(target.Success, "no .target line in the PTX");
        int emitted = int.Parse(target.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(emitted, Math.Min(sm, 70), sm);
        Assert.Matches(new Regex($@"\.visible \.entry \w*{method.Name}\("), ptx);
        // fp64 throughout: the phase goes through FastMath.SinCos (plain fp64 arithmetic), never the hardware's
        // fp32 approximations nor XMath's CORDIC routine.
        Assert.DoesNotContain("sin.approx", ptx);
        Assert.DoesNotContain("cos.approx", ptx);
        Assert.Contains(".f64", ptx);
        // The fp64 kernel demotes nothing to fp32 on the way; the fp32 kernel rounds only when it stores a register.
        if (method.Name == nameof(PhotonicSolver.Kernels.PlanKernel.ExecuteFp32))
            Assert.Contains("cvt.rn.f32.f64", ptx);
        else Assert.DoesNotContain("cvt.rn.f32.f64", ptx);
        // Math.Round compiles to ILGPU's branchy software rounding, recognisable by its division by 1.0; FastMath
        // rounds with plain arithmetic instead (x + 1.5·2^52 − 1.5·2^52), which must survive code generation.
        Assert.DoesNotMatch(new Regex(@"div\.rn\.f64\s+%fd\d+, %fd\d+, 0d3FF0000000000000;"), ptx);
        if (method.DeclaringType != typeof(MonteCarloKernels)) Assert.Contains("0d4338000000000000", ptx);
        // The Monte Carlo kernels: figures of merit in dB go through the project's logarithm (fdlibm's Lg1
        // coefficient 0.6666666666666735 = 0d3FE5555555555593), never a hardware lg2.approx; histograms count with
        // 64-bit integer atomics.
        if (method.Name == nameof(MonteCarloKernels.Measure)) { Assert.Contains("0d3FE5555555555593", ptx); Assert.DoesNotContain("lg2.approx", ptx); }
        if (method.Name == nameof(MonteCarloKernels.Histogram)) Assert.Matches(new Regex(@"\b(atom|red)(\.global)?\.add\.u64\b"), ptx);
    }

    /// <summary>Compiles the OpenCL C that ILGPU generates with clang-15 (skipped without it, except in CI).</summary>
    [ToolFact(Requires.Clang15)]
    public async Task CompilesToOpenCLAcceptedByClang()
    {
        string clang = Requires.Tool(Requires.Clang15);
        string dir = Directory.CreateTempSubdirectory("photonic-opencl-").FullName;
        foreach (var kernel in OfflineCompiler.Kernels)
        {
            string source = OfflineCompiler.ToOpenCL(fixture.Context, kernel);
            Assert.Contains("kernel", source);
            string cl = Path.Combine(dir, $"{kernel.DeclaringType!.Name}_{kernel.Name}.cl");
            await File.WriteAllTextAsync(cl, source);
            var psi = new ProcessStartInfo(clang) { RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (var a in new[] { "-x", "cl", "-cl-std=CL2.0", "-Xclang", "-finclude-default-header",
                                      "-target", "amdgcn-amd-amdhsa", "-mcpu=gfx90a", "-nogpulib",
                                      "-c", cl, "-o", Path.ChangeExtension(cl, ".o") })
                psi.ArgumentList.Add(a);
            using var process = Process.Start(psi)!;
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            await process.WaitForExitAsync(timeout.Token);
            // On failure the source stays in the temporary folder named in the message.
            Assert.True(process.ExitCode == 0,
                $"clang-15 rejected the OpenCL C of {kernel.Name} (exit {process.ExitCode}):\n{await stderr}{await stdout}\nsource kept in {cl}");
        }
        Directory.Delete(dir, recursive: true);
    }
}
