using System.Runtime.InteropServices;
using System.Runtime.Loader;
using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;
using ILGPU.Runtime.OpenCL;
using PhotonicSolver.Backends;

namespace PhotonicSolver.Kernels;

/// <summary>
/// Explicit backend selection for the command line (<c>--backend auto|cpu|cuda|opencl|ilgpu-cpu</c>) and the
/// device listing of <c>photonic devices</c>. Each call creates a new backend that the caller owns and disposes;
/// nothing is selected process-wide.
/// </summary>
public static class BackendFactory
{
    /// <summary>The names <see cref="Create(string)"/> accepts.</summary>
    public static IReadOnlyList<string> Names { get; } = ["auto", "cpu", "cuda", "opencl", "ilgpu-cpu"];

    /// <summary>
    /// Creates the named backend. 'auto' picks CUDA, then OpenCL, then cpu; the chosen one is the returned
    /// backend's <see cref="ISweepBackend.Name"/>. A backend that is not available throws a
    /// <see cref="PhotonicException"/> naming the cause and the backends that are available.
    /// </summary>
    public static ISweepBackend Create(string name) => Create(name, null);

    /// <param name="name">auto, cpu, cuda, opencl or ilgpu-cpu (case-insensitive).</param>
    /// <param name="diagnostics">With 'auto', receives one line per backend that was passed over, and why.</param>
    public static ISweepBackend Create(string name, Action<string>? diagnostics)
    {
        ArgumentNullException.ThrowIfNull(name);
        switch (name.Trim().ToLowerInvariant())
        {
            case "cpu": return new CpuBackend();
            case "ilgpu-cpu": return CreateIlgpuCpu();
            case "cuda":
                return TryCreateCuda(out var cuda, out string cudaWhy) ? cuda
                    : throw new PhotonicException($"backend 'cuda': no CUDA device or driver was found ({cudaWhy}); available backends: {string.Join(", ", AvailableNames())}");
            case "opencl":
                return TryCreateOpenCL(out var cl, out string clWhy) ? cl
                    : throw new PhotonicException($"backend 'opencl': no OpenCL device that can run ILGPU kernels was found ({clWhy}); available backends: {string.Join(", ", AvailableNames())}");
            case "auto":
                if (TryCreateCuda(out var autoCuda, out string why1)) return autoCuda;
                diagnostics?.Invoke($"auto: cuda passed over ({why1})");
                if (TryCreateOpenCL(out var autoCl, out string why2)) return autoCl;
                diagnostics?.Invoke($"auto: opencl passed over ({why2})");
                return new CpuBackend();
            default:
                throw new PhotonicException($"unknown backend '{name}'; expected one of: {string.Join(", ", Names)}");
        }
    }

    /// <summary>The backends that can be created here: cpu and ilgpu-cpu always, then cuda and opencl when a usable device exists.</summary>
    public static IReadOnlyList<string> AvailableNames()
    {
        var names = new List<string> { "cpu", "ilgpu-cpu" };
        if (ProbeCuda().Usable.Count > 0) names.Add("cuda");
        if (ProbeOpenCL().Usable.Count > 0) names.Add("opencl");
        return names;
    }

    /// <summary>
    /// One line per backend and device for <c>photonic devices</c>: the CPU backends always, then each CUDA and
    /// OpenCL device, or the reason there is none (missing driver, no device, a device ILGPU cannot use).
    /// </summary>
    public static IReadOnlyList<string> Describe()
    {
        var lines = new List<string>();
        using (var cpu = new CpuBackend()) lines.Add(cpu.Description);
        lines.Add("ilgpu-cpu: ILGPU's CPU accelerator (runs the GPU kernel on the host, about 100x slower than cpu; for testing)");
        var cuda = ProbeCuda();
        lines.AddRange(cuda.Lines);
        var cl = ProbeOpenCL();
        lines.AddRange(cl.Lines);
        return lines;
    }

    // ---------------------------------------------------------------- creation

    private static IlgpuBackend CreateIlgpuCpu()
    {
        var context = Context.Create(b => b.CPU().EnableAlgorithms());
        try
        {
            var accelerator = context.CreateCPUAccelerator(0);
            return new IlgpuBackend(accelerator, context, ownsAccelerator: true);
        }
        catch
        {
            context.Dispose();
            throw;
        }
    }

    private static bool TryCreateCuda(out ISweepBackend backend, out string why)
    {
        backend = null!;
        if (!NativeLibraryPresent(CudaDriverLibraries, out why)) return false;
        Context? context = null;
        try
        {
            context = Context.Create(b => b.Cuda().EnableAlgorithms());
            CudaDevice? device = null;
            foreach (var d in context.GetCudaDevices())
                if (d.Architecture is not null) { device = d; break; }
            if (device is null)
            {
                why = "the CUDA driver is installed but reports no device that ILGPU can use";
                context.Dispose();
                return false;
            }
            var accelerator = device.CreateCudaAccelerator(context);
            backend = new IlgpuBackend(accelerator, context, ownsAccelerator: true);
            return true;
        }
        catch (Exception e) when (IsDriverFailure(e))
        {
            context?.Dispose();
            why = $"the CUDA driver failed: {e.GetType().Name}: {e.Message}";
            return false;
        }
    }

    private static bool TryCreateOpenCL(out ISweepBackend backend, out string why)
    {
        backend = null!;
        if (!NativeLibraryPresent(OpenCLLibraries, out why)) return false;
        Context? context = null;
        try
        {
            // Register every device, then pick one ILGPU can run: OpenCL C 2.0 and the generic address space.
            context = Context.Create(b => b.OpenCL(_ => true).EnableAlgorithms());
            var reasons = new List<string>();
            foreach (var device in context.GetCLDevices())
            {
                string? unusable = Unusable(device);
                if (unusable is not null) { reasons.Add($"'{device.Name}': {unusable}"); continue; }
                try
                {
                    var accelerator = device.CreateCLAccelerator(context);
                    backend = new IlgpuBackend(accelerator, context, ownsAccelerator: true);
                    return true;
                }
                catch (Exception e) when (IsDriverFailure(e))
                {
                    reasons.Add($"'{device.Name}': creating the ILGPU accelerator failed: {e.Message}");
                }
            }
            context.Dispose();
            why = reasons.Count == 0 ? "the OpenCL loader is installed but reports no device (no ICD?)" : string.Join("; ", reasons);
            return false;
        }
        catch (Exception e) when (IsDriverFailure(e))
        {
            context?.Dispose();
            why = $"the OpenCL runtime failed: {e.GetType().Name}: {e.Message}";
            return false;
        }
    }

    // ---------------------------------------------------------------- probing

    private sealed record Probe(List<string> Lines, List<string> Usable);

    private static Probe ProbeCuda()
    {
        var probe = new Probe([], []);
        if (!NativeLibraryPresent(CudaDriverLibraries, out string why))
        {
            probe.Lines.Add($"cuda: not available ({why})");
            return probe;
        }
        try
        {
            using var context = Context.Create(b => b.Cuda());
            var devices = context.GetCudaDevices();
            if (devices.Count == 0) probe.Lines.Add("cuda: not available (the CUDA driver is installed but reports no usable device)");
            for (int i = 0; i < devices.Count; i++)
            {
                var d = devices[i];
                string head = $"cuda: [{i}] {d.Name}";
                if (d.Architecture is not { } arch)
                {
                    probe.Lines.Add($"{head}: cannot run ILGPU kernels: its compute capability is newer than ILGPU {typeof(Context).Assembly.GetName().Version} knows");
                    continue;
                }
                probe.Lines.Add($"{head} (sm_{arch.Major}{arch.Minor}, {d.MemorySize / (double)(1L << 30):F1} GiB, {d.NumMultiprocessors} SMs, driver {d.DriverVersion}, strict IEEE fp: {(StrictPtx.UnavailableReason is { } off ? $"off ({off})" : "on")})");
                probe.Usable.Add(d.Name);
            }
        }
        catch (Exception e) when (IsDriverFailure(e))
        {
            probe.Lines.Add($"cuda: not available (the CUDA driver failed: {e.GetType().Name}: {e.Message})");
        }
        return probe;
    }

    private static Probe ProbeOpenCL()
    {
        var probe = new Probe([], []);
        if (!NativeLibraryPresent(OpenCLLibraries, out string why))
        {
            probe.Lines.Add($"opencl: not available ({why})");
            return probe;
        }
        try
        {
            using var context = Context.Create(b => b.OpenCL(_ => true));
            var devices = context.GetCLDevices();
            if (devices.Count == 0) probe.Lines.Add("opencl: not available (the OpenCL loader is installed but reports no device; is an ICD installed?)");
            for (int i = 0; i < devices.Count; i++)
            {
                var d = devices[i];
                string head = $"opencl: [{i}] {d.Name} ({d.DeviceType}, {d.PlatformName}, {d.VendorName}, {d.CLStdVersion})";
                string? unusable = Unusable(d);
                if (unusable is null) { probe.Lines.Add(head); probe.Usable.Add(d.Name); }
                else probe.Lines.Add($"{head}: cannot run ILGPU kernels: {unusable}");
            }
        }
        catch (Exception e) when (IsDriverFailure(e))
        {
            probe.Lines.Add($"opencl: not available (the OpenCL runtime failed: {e.GetType().Name}: {e.Message})");
        }
        return probe;
    }

    /// <summary>Null when ILGPU's OpenCL backend can run on the device, otherwise why not.</summary>
    internal static string? Unusable(CLDevice d)
    {
        if (d.CLStdVersion < MinimumCLVersion)
            return $"it supports OpenCL C {d.CLStdVersion}; ILGPU needs {MinimumCLVersion} or later";
        if (!d.Capabilities.GenericAddressSpace)
            return "it lacks the generic address space ILGPU's OpenCL backend needs (e.g. Debian's PoCL build)";
        if (!d.Capabilities.Float64)
            return "it lacks fp64 (cl_khr_fp64), which the solver needs";
        return null;
    }

    private static readonly ILGPU.Backends.OpenCL.CLCVersion MinimumCLVersion = new(2, 0);

    private static readonly string[] CudaDriverLibraries =
        OperatingSystem.IsWindows() ? ["nvcuda.dll"] : ["libcuda.so.1", "libcuda.so"];

    private static readonly string[] OpenCLLibraries =
        OperatingSystem.IsWindows() ? ["OpenCL.dll"]
        : OperatingSystem.IsMacOS() ? ["/System/Library/Frameworks/OpenCL.framework/OpenCL"]
        : ["libOpenCL.so.1", "libOpenCL.so"];

    /// <summary>Whether a driver library loads, before ILGPU is asked (its failures are then less cryptic).</summary>
    private static bool NativeLibraryPresent(string[] candidates, out string why)
    {
        foreach (var lib in candidates)
        {
            if (NativeLibrary.TryLoad(lib, out var handle))
            {
                NativeLibrary.Free(handle);
                InstallVersionedDriverFallback();
                why = "";
                return true;
            }
        }
        string kind = ReferenceEquals(candidates, CudaDriverLibraries) ? "CUDA driver" : "OpenCL ICD loader";
        why = $"no {kind} {candidates[0]} found";
        return false;
    }

    private static int _fallbackInstalled;

    /// <summary>
    /// ILGPU binds the drivers by their unversioned names (libcuda.so, libOpenCL.so). A driver installation often
    /// has only the versioned runtime names (libcuda.so.1; libOpenCL.so.1 from Debian's ocl-icd-libopencl1, the
    /// unversioned link being in the -dev package). When the loader's own probing of ILGPU's imports fails, this
    /// hook loads the versioned name instead. It answers only for those two libraries and only for ILGPU's
    /// assembly, and is installed once per process.
    /// </summary>
    private static void InstallVersionedDriverFallback()
    {
        if (!OperatingSystem.IsLinux() || Interlocked.Exchange(ref _fallbackInstalled, 1) != 0) return;
        var ilgpu = typeof(Context).Assembly;
        var alc = AssemblyLoadContext.GetLoadContext(ilgpu) ?? AssemblyLoadContext.Default;
        alc.ResolvingUnmanagedDll += (assembly, name) =>
        {
            if (assembly != ilgpu) return IntPtr.Zero;
            string stem = name.ToLowerInvariant();
            if (stem.StartsWith("lib", StringComparison.Ordinal)) stem = stem[3..];
            if (stem.EndsWith(".so", StringComparison.Ordinal)) stem = stem[..^3];
            string? versioned = stem switch { "cuda" => "libcuda.so.1", "opencl" => "libOpenCL.so.1", _ => null };
            return versioned is not null && NativeLibrary.TryLoad(versioned, out var handle) ? handle : IntPtr.Zero;
        };
    }

    /// <summary>The exceptions a missing or broken driver raises inside ILGPU; programming errors still propagate.</summary>
    private static bool IsDriverFailure(Exception e) =>
        e is DllNotFoundException or EntryPointNotFoundException or TypeInitializationException
          or CudaException or CLException or NotSupportedException or InvalidOperationException
          or AcceleratorException;
}
