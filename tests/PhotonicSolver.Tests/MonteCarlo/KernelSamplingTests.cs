using ILGPU;
using ILGPU.Backends.EntryPoints;
using ILGPU.Backends.PTX;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;
using PhotonicSolver.Backends;
using PhotonicSolver.Circuit;
using PhotonicSolver.Models;
using PhotonicSolver.MonteCarlo;
using PhotonicSolver.Numerics;
using PhotonicSolver.Sweep;

namespace PhotonicSolver.Tests.MonteCarlo;

/// <summary>
/// Monte Carlo sampling runs inside the shared executor, so it must compile for GPUs and give the CPU's bits.
/// This test harness (not the project's GPU backend, which lives in kernels/) runs
/// <see cref="PlanExecutor.ExecutePoint{TM}"/> one point per thread over ArrayViews: on ILGPU's CPU accelerator
/// (bit-compared with the CPU backend and the host's sample values) and through ILGPU's PTX code generator for
/// sm_70 without a GPU (a compile-only check that the random path is kernel-safe).
/// </summary>
public class KernelSamplingTests
{
    /// <summary>Point memory over device views: thread i owns a slice of the parameter, register and output buffers.</summary>
    private struct ViewMemory : IPointMemory
    {
        public ArrayView<int> Ints;
        public ArrayView<double> Doubles, Params, Regs, Out;
        public readonly int Int(int index) => Ints[index];
        public readonly double Double(int index) => Doubles[index];
        public readonly double Get(int index) => Params[index];
        public readonly void SetParam(int index, double value) => Params[index] = value;
        public readonly Cx GetRegister(int r) => new(Regs[2 * r], Regs[2 * r + 1]);
        public readonly void SetRegister(int r, Cx value) { Regs[2 * r] = value.Re; Regs[2 * r + 1] = value.Im; }
        public readonly void SetOutput(int k, Cx value) { Out[2 * k] = value.Re; Out[2 * k + 1] = value.Im; }
    }

    private static void Kernel(Index1D i, PlanLayout L, ArrayView<int> ints, ArrayView<double> doubles,
                               ArrayView<double> pars, ArrayView<double> regs, ArrayView<double> outs)
    {
        int np = L.NumPointParams, nr = 2 * L.NumRegisters, no = 2 * L.NumOutputs;
        var m = new ViewMemory
        {
            Ints = ints, Doubles = doubles,
            Params = pars.SubView(i * np, np), Regs = regs.SubView(i * nr, nr), Out = outs.SubView(i * no, no),
        };
        PlanExecutor.Initialize(ref m, in L);
        PlanExecutor.ExecutePoint(ref m, in L, i);
    }

    /// <summary>The MZI with every distribution, a correlated pair and a local parameter, at 3 wavelengths per sample.</summary>
    private static EvaluationPlan Plan(int samples)
    {
        var v = new VariationSpec { Samples = samples, Seed = 99, Correlation = new double[,] { { 1, 0.4, 0 }, { 0.4, 1, 0 }, { 0, 0, 1 } } };
        v.Parameters.Add(McHelpers.Normal("ps.phase", 0.1, 0.2));
        v.Parameters.Add(new VariationParameter { Name = "ps.loss_dB", Code = DistributionCode.LogNormal, Mean = 0.2, Std = 0.05 });
        v.Parameters.Add(new VariationParameter { Name = "ps.power_mW", Code = DistributionCode.Uniform, Low = 0, High = 2 });
        v.Parameters.Add(new VariationParameter { Name = "dc*.coupling", Code = DistributionCode.TruncatedNormal, Mean = 0.5, Std = 0.03, Low = 0.45, High = 0.6, Scope = VariationScope.Local });
        v.Correlation = new double[,] { { 1, 0.4, 0, 0 }, { 0.4, 1, -0.3, 0 }, { 0, -0.3, 1, 0 }, { 0, 0, 0, 1 } };
        var sweep = new SweepSpec([SweepAxis.Linear("sample", 0, samples - 1, samples), SweepAxis.Linear("wl", 1.54, 1.56, 3)]);
        return PlanCompiler.Compile(McHelpers.Mzi(), sweep, null, variation: v);
    }

    [Fact]
    public void IlgpuCpuAcceleratorDrawsTheSameBitsAsTheCpuBackend()
    {
        const int samples = 300;
        var plan = Plan(samples);
        var L = plan.Layout;
        int n = (int)plan.PointCount;
        using var context = Context.Create(b => b.CPU());
        using var acc = context.CreateCPUAccelerator(0);
        var kernel = acc.LoadAutoGroupedStreamKernel<Index1D, PlanLayout, ArrayView<int>, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>>(Kernel);
        using var ints = acc.Allocate1D(plan.Ints);
        using var dbls = acc.Allocate1D(plan.Doubles);
        using var pars = acc.Allocate1D<double>((long)n * L.NumPointParams);
        using var regs = acc.Allocate1D<double>((long)n * 2 * L.NumRegisters);
        using var outs = acc.Allocate1D<double>((long)n * 2 * L.NumOutputs);
        kernel(n, L, ints.View, dbls.View, pars.View, regs.View, outs.View);
        acc.Synchronize();
        var p = pars.GetAsArray1D();
        var o = outs.GetAsArray1D();

        // The parameters each thread drew are the host's sample values, bit for bit, at every wavelength of the sample.
        var v = plan.Variation!;
        var scratch = CompiledVariation.NewScratch(plan);
        var values = new double[v.Variables.Count];
        for (int point = 0; point < n; point++)
        {
            v.SampleValues(plan, point / 3, scratch, values);
            for (int c = 0; c < values.Length; c++)
                Assert.Equal(BitConverter.DoubleToInt64Bits(values[c]), BitConverter.DoubleToInt64Bits(p[(long)point * L.NumPointParams + v.ColumnParams[c]]));
        }

        // Outputs against the CPU backend: the same model code and tape arithmetic (scalar here, Vector256 there).
        using var cpu = new CpuBackend();
        using var prepared = cpu.Prepare(plan);
        var expected = new Cx[n * L.NumOutputs];
        prepared.Evaluate(0, n, expected, new int[n]);
        for (int k = 0; k < expected.Length; k++)
        {
            Assert.Equal(BitConverter.DoubleToInt64Bits(expected[k].Re), BitConverter.DoubleToInt64Bits(o[2 * k]));
            Assert.Equal(BitConverter.DoubleToInt64Bits(expected[k].Im), BitConverter.DoubleToInt64Bits(o[2 * k + 1]));
        }
    }

    /// <summary>
    /// ILGPU's PTX generator accepts the executor with its random path (Philox, Box–Muller, Φ, Φ⁻¹, Cholesky mixing):
    /// no unsupported construct (arrays, exceptions, managed calls), and no approximate hardware transcendentals.
    /// Compile-only: no GPU is needed. (ILGPU emits mul.f64/add.f64 without .rn, which ptxas may contract into
    /// FMAs on the device; bit-identity on CUDA therefore needs contraction disabled by the backend that loads it.)
    /// </summary>
    [Fact]
    public void TheRandomPathCompilesToPtx()
    {
        using var context = Context.Create(b => b.Default());
        var backend = new PTXBackend(context, CudaArchitecture.SM_70, CudaInstructionSet.ISA_70, null!);
        var entry = EntryPointDescription.FromImplicitlyGroupedKernel(typeof(KernelSamplingTests).GetMethod(nameof(Kernel), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!);
        var compiled = (PTXCompiledKernel)backend.Compile(entry, default);
        string ptx = compiled.PTXAssembly;
        Assert.Contains(".entry", ptx);
        // The math is our own fp64 arithmetic, not the hardware's approximate transcendental instructions.
        foreach (var approx in new[] { "lg2.approx", "ex2.approx", "sin.approx", "cos.approx", "rsqrt.approx" })
            Assert.DoesNotContain(approx, ptx);
    }
}
