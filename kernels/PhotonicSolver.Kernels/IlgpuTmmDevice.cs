using System.Runtime.CompilerServices;
using ILGPU;
using ILGPU.Runtime;
using PhotonicSolver.Numerics;
using PhotonicSolver.Tmm;

namespace PhotonicSolver.Kernels;

internal delegate void TmmKernelLauncher(AcceleratorStream stream, Index1D extent, TmmKernelLayout layout, ArrayView<double> tables,
    ArrayView<double> wavelengths, ArrayView<double> sinTheta, ArrayView<int> polarizations, ArrayView<double> outputs,
    long start, int count, int threads);

/// <summary>
/// Thin-film sweeps on an ILGPU accelerator (CUDA, OpenCL or ILGPU's CPU emulator): the stack tables are uploaded
/// once per sweep (<see cref="TmmDeviceData"/>), then <see cref="TmmKernel"/> runs chunk by chunk. Coherent stacks
/// only; the kernel is compiled once per accelerator.
/// </summary>
public sealed class IlgpuTmmDevice(Accelerator accelerator) : ITmmDevice
{
    public const int MaxChunk = 1 << 20;

    public Accelerator Accelerator { get; } = accelerator;

    public string Name => IlgpuBackend.NameOf(Accelerator);

    public ITmmPreparedSweep Prepare(TmmSweepSpec spec) => new Prepared(this, TmmDeviceData.Build(spec));

    /// <summary>The accelerator belongs to whoever created it (e.g. an <see cref="IlgpuBackend"/>).</summary>
    public void Dispose() { }

    private static readonly ConditionalWeakTable<Accelerator, TmmKernelLauncher> Launchers = new();

    private static TmmKernelLauncher Launcher(Accelerator a) => Launchers.GetValue(a, static acc =>
        KernelLoader.LoadAutoGrouped<TmmKernelLauncher>(acc, typeof(TmmKernel).GetMethod(nameof(TmmKernel.Execute))!));

    private sealed class Prepared : ITmmPreparedSweep
    {
        private readonly IlgpuTmmDevice _device;
        private readonly TmmKernelLauncher _launch;
        private readonly TmmKernelLayout _layout;
        private readonly MemoryBuffer1D<double, Stride1D.Dense> _tables, _wl, _sin;
        private readonly MemoryBuffer1D<int, Stride1D.Dense> _pols;
        private MemoryBuffer1D<double, Stride1D.Dense>? _outputs;
        private double[] _host = [];

        public Prepared(IlgpuTmmDevice device, TmmDeviceData data)
        {
            _device = device;
            var a = device.Accelerator;
            _launch = Launcher(a);
            _layout = new TmmKernelLayout(data.Rows, data.Wavelengths.Length, data.SinTheta.Length, data.Polarizations.Length, data.Dispersive);
            _tables = a.Allocate1D(data.Tables);
            _wl = a.Allocate1D(data.Wavelengths);
            _sin = a.Allocate1D(data.SinTheta);
            _pols = a.Allocate1D(data.Polarizations);
        }

        public int MaxChunkPoints => MaxChunk;

        public void Evaluate(long start, int count, TmmPoint[] results)
        {
            if (count == 0) return;
            var a = _device.Accelerator;
            long need = (long)count * TmmKernel.OutputsPerPoint;
            if (_outputs is null || _outputs.Length < need)
            {
                _outputs?.Dispose();
                _outputs = a.Allocate1D<double>(need);
                _host = new double[need];
            }
            int threads = (int)Math.Clamp(a.MaxNumThreads, 1, count);
            _launch(a.DefaultStream, threads, _layout, _tables.View, _wl.View, _sin.View, _pols.View, _outputs.View, start, count, threads);
            ArrayView<double> outView = _outputs.View;
            outView.SubView(0, need).CopyToCPU(a.DefaultStream, _host.AsSpan(0, (int)need));
            a.DefaultStream.Synchronize();
            for (int i = 0; i < count; i++)
            {
                int o = i * TmmKernel.OutputsPerPoint;
                results[i] = new TmmPoint
                {
                    Reflection = new Cx(_host[o], _host[o + 1]), Transmission = new Cx(_host[o + 2], _host[o + 3]),
                    Reflectance = _host[o + 4], Transmittance = _host[o + 5], Absorptance = _host[o + 6],
                };
            }
        }

        public void Dispose()
        {
            _tables.Dispose(); _wl.Dispose(); _sin.Dispose(); _pols.Dispose(); _outputs?.Dispose();
        }
    }
}
