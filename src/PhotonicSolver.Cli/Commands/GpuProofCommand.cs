using System.CommandLine;
using PhotonicSolver.Benchmarks;

namespace PhotonicSolver.Cli.Commands;

/// <summary>
/// `photonic gpu-proof [--backend cuda] [--small] [--out FILE.md]`: every kernel against the cpu backend (bit identity
/// or the documented tolerance), fp64 and fp32 timings for ring, mesh, chain, TMM and Monte Carlo, and whether strict
/// IEEE PTX was loaded, as a Markdown block for benchmarks/RESULTS.md (benchmarks/gpu-proof.sh runs it from the packed
/// build). Exit code 1 when a kernel disagrees with the cpu.
/// </summary>
public static class GpuProofCommand
{
    public static Command Create(CliIO io)
    {
        var backend = new Option<string>("--backend") { Description = "The backend to prove: auto (default: CUDA, then OpenCL), cuda, opencl, or ilgpu-cpu (CI).", DefaultValueFactory = _ => "auto" };
        var small = new Option<bool>("--small") { Description = "CI sizes: a few thousand points per case; proves the kernels and the report, not the speed." };
        var output = new Option<string?>("--out", "-o") { Description = "Write the Markdown block to this file (default: stdout)." };
        var cmd = new Command("gpu-proof", "Check every kernel against the cpu backend and time fp64/fp32; prints a Markdown block for RESULTS.md.") { backend, small, output };
        cmd.SetAction(r => io.Guard(() =>
        {
            string name = r.GetValue(backend)!;
            if (name == "cpu") throw new PhotonicException("--backend cpu: gpu-proof compares a device backend against the cpu; give cuda, opencl or ilgpu-cpu");
            using var be = BackendChoice.Create(name, io);
            var ilgpu = be as Kernels.IlgpuBackend;
            using var tmm = ilgpu is null ? null : new Kernels.IlgpuTmmDevice(ilgpu.Accelerator);
            var report = GpuProof.Run(be, tmm, r.GetValue(small),
                () => ilgpu is null ? "not an ILGPU backend"
                    : ilgpu.Accelerator.AcceleratorType != ILGPU.Runtime.AcceleratorType.Cuda
                        ? $"not applicable ({be.Name} is not CUDA; StrictPtx hooks {(Kernels.StrictPtx.UnavailableReason is { } why ? "missing: " + why : "present in this ILGPU")})"
                        : be.Description.Contains("strict IEEE fp: on", StringComparison.Ordinal) ? "loaded (strict IEEE fp: on)" : be.Description,
                io.Err);
            string machine = $"{Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, load {LoadAverage()}";
            string md = GpuProof.Markdown(report, machine, Environment.GetEnvironmentVariable("PHOTONIC_COMMIT") ?? "unknown");
            IO.ResultStream.WriteAll(r.GetValue(output) ?? "-", "gpu-proof report", io.Out, w => w.Write(md));
            return report.Pass ? 0 : 1;
        }));
        return cmd;
    }

    private static string LoadAverage()
    {
        try { return File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown"; }
        catch (IOException) { return "unknown"; }
    }
}
