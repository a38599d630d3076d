using System.Reflection;
using System.Runtime.CompilerServices;
using ILGPU.Backends.EntryPoints;
using ILGPU.Backends.PTX;
using ILGPU.Runtime;
using ILGPU.Runtime.Cuda;

namespace PhotonicSolver.Kernels;

/// <summary>
/// Loads an implicitly grouped kernel and returns its launcher delegate; on a CUDA accelerator through
/// <see cref="StrictPtx"/> (no fp contraction, the CPU's bits), elsewhere through ILGPU's ordinary loader.
/// </summary>
/// <remarks>
/// <para>
/// Usage, for any kernel of this assembly (<c>static void K(Index1D index, ...)</c>): declare a launcher delegate
/// whose parameters are the accelerator stream, the launch extent, then the kernel's parameters after its index —
/// <code>
/// internal delegate void MyKernelLauncher(AcceleratorStream stream, Index1D extent, ArrayView&lt;double&gt; data, int n);
/// ...
/// var launch = KernelLoader.LoadAutoGrouped&lt;MyKernelLauncher&gt;(accelerator,
///     typeof(MyKernel).GetMethod(nameof(MyKernel.Execute))!);
/// launch(accelerator.DefaultStream, threads, view, n);
/// </code>
/// Cache the delegate per accelerator (a <c>ConditionalWeakTable&lt;Accelerator, TDelegate&gt;</c>, as
/// <c>PlanKernelCache</c> does): every call compiles and loads the kernel anew. Also add the kernel to
/// <see cref="OfflineCompiler.Kernels"/>, so that CI compiles it to PTX and OpenCL and checks the strict rewrite.
/// </para>
/// <para>
/// On CUDA the kernel is compiled by the accelerator's own PTX backend (its architecture, PTX ISA and libdevice),
/// rewritten by <see cref="StrictPtx.Rewrite"/>, wrapped in a new <see cref="PTXCompiledKernel"/> and loaded with
/// <see cref="Accelerator.LoadAutoGroupedKernel(ILGPU.Backends.CompiledKernel)"/>. If any step throws (ILGPU's
/// internals changed, the driver rejects the PTX), the kernel is loaded the ordinary way instead and the reason is
/// recorded: <see cref="StrictStatus"/> (shown in <see cref="IlgpuBackend.Description"/>) then says
/// "strict IEEE fp: off (reason)". Never silently.
/// </para>
/// </remarks>
internal static class KernelLoader
{
    /// <summary>Per CUDA accelerator: the first fallback's reason, null while every load was strict.</summary>
    private static readonly ConditionalWeakTable<Accelerator, StrongBox<string?>> OffReasons = new();

    /// <summary>
    /// The auto-grouped launcher of <paramref name="kernel"/> on <paramref name="accelerator"/>: strict PTX on CUDA
    /// (falling back, recorded, when that fails), ILGPU's own loader elsewhere.
    /// </summary>
    /// <typeparam name="TDelegate">
    /// (AcceleratorStream, Index1D extent, kernel parameters after the index...) — the shape of ILGPU's
    /// <c>LoadAutoGroupedKernel&lt;Index1D, ...&gt;</c> launchers.
    /// </typeparam>
    internal static TDelegate LoadAutoGrouped<TDelegate>(Accelerator accelerator, MethodInfo kernel) where TDelegate : Delegate
    {
        ArgumentNullException.ThrowIfNull(accelerator);
        ArgumentNullException.ThrowIfNull(kernel);
        if (accelerator is CudaAccelerator cuda)
        {
            try
            {
                return LoadStrict<TDelegate>(cuda, kernel);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // Recorded, then the ordinary loader below: if the kernel itself is at fault, that throws the real error.
                string reason = $"{kernel.DeclaringType?.Name}.{kernel.Name}: {e.GetType().Name}: {e.Message}";
                Interlocked.CompareExchange(ref OffReasons.GetOrCreateValue(cuda).Value, reason, null);
            }
        }
        return accelerator.LoadAutoGroupedKernel(kernel).CreateLauncherDelegate<TDelegate>();
    }

    /// <summary>
    /// The strict path by itself, on any accelerator whose backend produces PTX (in practice a CUDA accelerator);
    /// throws where <see cref="LoadAutoGrouped{TDelegate}"/> would fall back.
    /// </summary>
    internal static TDelegate LoadStrict<TDelegate>(Accelerator accelerator, MethodInfo kernel) where TDelegate : Delegate
    {
        var entry = EntryPointDescription.FromImplicitlyGroupedKernel(kernel);
        var compiled = accelerator.CompileKernel(entry) as PTXCompiledKernel
            ?? throw new InvalidOperationException($"the {accelerator.AcceleratorType} accelerator's backend does not produce PTX");
        var strict = StrictPtx.WithAssembly(compiled, StrictPtx.Rewrite(compiled.PTXAssembly));
        return accelerator.LoadAutoGroupedKernel(strict).CreateLauncherDelegate<TDelegate>();
    }

    /// <summary>
    /// "strict IEEE fp: on" or "strict IEEE fp: off (reason)" for a CUDA accelerator, null for the others: ILGPU's
    /// CPU accelerator runs .NET code, which is never contracted; OpenCL C is left to the driver's compiler (whether
    /// it contracts is its <c>FP_CONTRACT</c> default), which this loader does not change.
    /// </summary>
    /// <remarks>
    /// Before any kernel is loaded, "on" means that ILGPU has what the strict loader needs; a load that falls back
    /// turns it to "off" with that load's reason, for the accelerator's lifetime.
    /// </remarks>
    internal static string? StrictStatus(Accelerator accelerator)
    {
        if (accelerator is not CudaAccelerator) return null;
        if (OffReasons.TryGetValue(accelerator, out var box) && box.Value is { } reason)
            return $"strict IEEE fp: off ({reason})";
        return StrictPtx.UnavailableReason is { } missing ? $"strict IEEE fp: off ({missing})" : "strict IEEE fp: on";
    }
}
