using System.Reflection;
using ILGPU;
using ILGPU.Backends.EntryPoints;
using ILGPU.Backends.OpenCL;
using ILGPU.Backends.PTX;
using ILGPU.Runtime;
using ILGPU.Runtime.Cuda;
using ILGPU.Runtime.OpenCL;

namespace PhotonicSolver.Kernels;

/// <summary>
/// Compiles the solver's kernels to PTX or OpenCL C without a device, through ILGPU's backends constructed
/// directly. CI has no GPU; this is how it proves that every kernel compiles for CUDA and OpenCL.
/// </summary>
public static class OfflineCompiler
{
    /// <summary>Every kernel entry point of this assembly (a static method taking an ILGPU index first).</summary>
    public static IReadOnlyList<MethodInfo> Kernels { get; } =
    [
        typeof(PlanKernel).GetMethod(nameof(PlanKernel.Execute), BindingFlags.Public | BindingFlags.Static)!,
        typeof(PlanKernel).GetMethod(nameof(PlanKernel.ExecuteFp32), BindingFlags.Public | BindingFlags.Static)!,
        typeof(TmmKernel).GetMethod(nameof(TmmKernel.Execute), BindingFlags.Public | BindingFlags.Static)!,
        typeof(MonteCarloKernels).GetMethod(nameof(MonteCarloKernels.Measure), BindingFlags.Public | BindingFlags.Static)!,
        typeof(MonteCarloKernels).GetMethod(nameof(MonteCarloKernels.ReduceBlocks), BindingFlags.Public | BindingFlags.Static)!,
        typeof(MonteCarloKernels).GetMethod(nameof(MonteCarloKernels.Histogram), BindingFlags.Public | BindingFlags.Static)!,
    ];

    /// <summary>
    /// PTX assembly of an implicitly grouped kernel for one architecture. <paramref name="instructionSet"/>
    /// defaults to the lowest PTX ISA that supports the architecture among those ILGPU knows
    /// (7.0 for sm_70–sm_86, 7.8 for sm_89/sm_90).
    /// </summary>
    public static string ToPtx(Context context, MethodInfo kernel, CudaArchitecture architecture, CudaInstructionSet? instructionSet = null) =>
        CompilePtx(context, kernel, architecture, instructionSet).PTXAssembly;

    /// <summary>The compiled kernel behind <see cref="ToPtx"/>: its PTX plus the entry point and kernel info ILGPU loads it with.</summary>
    public static PTXCompiledKernel CompilePtx(Context context, MethodInfo kernel, CudaArchitecture architecture, CudaInstructionSet? instructionSet = null)
    {
        var isa = instructionSet ?? DefaultIsa(architecture);
        using var backend = new PTXBackend(context, new CudaCapabilityContext(architecture), architecture, isa, null!);
        return (PTXCompiledKernel)backend.Compile(EntryPointDescription.FromImplicitlyGroupedKernel(kernel), KernelSpecialization.Empty);
    }

    /// <summary>
    /// OpenCL C source of an implicitly grouped kernel, as ILGPU would hand it to a device with OpenCL C 2.0,
    /// fp64 and the generic address space.
    /// </summary>
    public static string ToOpenCL(Context context, MethodInfo kernel)
    {
        var capabilities = new CLCapabilityContext(float16: false, float64: true, genericAddressSpace: true, int64_Atomics: true, subGroups: false);
        using var backend = new CLBackend(context, capabilities, CLDeviceVendor.Other, new CLCVersion(2, 0));
        var compiled = (CLCompiledKernel)backend.Compile(EntryPointDescription.FromImplicitlyGroupedKernel(kernel), KernelSpecialization.Empty);
        return compiled.Source;
    }

    private static CudaInstructionSet DefaultIsa(CudaArchitecture arch) =>
        arch.Major >= 9 || (arch.Major == 8 && arch.Minor >= 9) ? CudaInstructionSet.ISA_78 : CudaInstructionSet.ISA_70;
}
