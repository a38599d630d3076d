using ILGPU;
using ILGPU.Backends.EntryPoints;
using ILGPU.Backends.PTX;
using ILGPU.Runtime;
using ILGPU.Runtime.Cuda;
using PhotonicSolver.Backends;
using PhotonicSolver.Circuit;
using PhotonicSolver.Models;
using PhotonicSolver.MonteCarlo;
using PhotonicSolver.Numerics;
using PhotonicSolver.Sweep;
using PhotonicSolver.Tests.Backends;

namespace PhotonicSolver.Tests.MonteCarlo;

/// <summary>
/// Monte Carlo sampling runs inside the shared executor, so it must compile for GPUs and give the CPU's bits.
/// This test harness (not the project's GPU backend, which lives in kernels/) runs
/// <see cref="PlanExecutor.ExecutePoint{TM}"/> one point per thread over ArrayViews: on ILGPU's CPU accelerator
/// (bit-compared with the CPU backend and the host's sample values) and through ILGPU's PTX code generator for
/// sm_70 without a GPU (a compile-only check that the random path is kernel-safe).
/// </summary>
[Collection(IlgpuCollection.Name)]
public class KernelSamplingTests(IlgpuFixture fixture)
{
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
        var (p, o) = ExecutorKernelHarness.Run(fixture.CpuAccelerator, plan, n);

        // The parameters each thread drew are the host's sample values, bit for bit, at every wavelength of the sample.
        ExecutorKernelHarness.AssertHostSampleBits(plan, p, n, pointsPerSample: 3);

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
    /// <see cref="PlanExecutor.ExecutePoint{TM}"/> on ILGPU's CPU accelerator, one sample per thread, with a group of
    /// correlated local parameters (three members, one a truncated normal from a covariance) and a global one:
    /// every drawn setting is the host's, bit for bit.
    /// </summary>
    [Fact]
    public void IlgpuCpuAcceleratorDrawsTheHostBitsForCorrelatedLocals()
    {
        var v = new VariationSpec
        {
            Seed = 21,
            Covariance = new[,] { { 0.04, 0.01, 0, 0.002 }, { 0.01, 0.01, 0.006, -0.001 }, { 0, 0.006, 1, 0.01 }, { 0.002, -0.001, 0.01, 0.0025 } },
        };
        v.Parameters.Add(McHelpers.Normal("dc*.coupling", 0.5, double.NaN));
        v.Parameters.Add(McHelpers.Normal("ps*.phase", 0, double.NaN, VariationScope.Local));
        v.Parameters.Add(McHelpers.Normal("ps*.dT", 0, double.NaN, VariationScope.Local));
        v.Parameters.Add(new VariationParameter { Name = "ps*.loss_dB", Code = DistributionCode.TruncatedNormal, Mean = 0.1, Std = double.NaN, Low = 0, High = 0.3, Scope = VariationScope.Local });
        const int n = 200;
        var plan = CovarianceTests.Plan(v, CovarianceTests.TwoArmMzi(), n);
        var L = plan.Layout;
        Assert.Equal(6, L.NumLocalCorrelated);
        var (p, _) = ExecutorKernelHarness.Run(fixture.CpuAccelerator, plan, n);
        ExecutorKernelHarness.AssertHostSampleBits(plan, p, n, pointsPerSample: 1);
    }

    /// <summary>
    /// ILGPU's PTX generator accepts the executor with its random path (Philox, Box–Muller, Φ, Φ⁻¹, Cholesky mixing):
    /// no unsupported construct (arrays, exceptions, managed calls), and no approximate hardware transcendentals.
    /// Compile-only: no GPU is needed. (ILGPU emits mul.f64/add.f64 without .rn; the project's CUDA loader adds it,
    /// see StrictPtxTests, so that ptxas cannot contract them into FMAs.)
    /// </summary>
    [Fact]
    public void TheRandomPathCompilesToPtx()
    {
        var backend = new PTXBackend(fixture.Context, CudaArchitecture.SM_70, CudaInstructionSet.ISA_70, null!);
        var entry = EntryPointDescription.FromImplicitlyGroupedKernel(typeof(ExecutorKernelHarness).GetMethod(nameof(ExecutorKernelHarness.Kernel))!);
        var compiled = (PTXCompiledKernel)backend.Compile(entry, default);
        string ptx = compiled.PTXAssembly;
        Assert.Contains(".entry", ptx);
        // The math is our own fp64 arithmetic, not the hardware's approximate transcendental instructions.
        foreach (var approx in new[] { "lg2.approx", "ex2.approx", "sin.approx", "cos.approx", "rsqrt.approx" })
            Assert.DoesNotContain(approx, ptx);
    }
}
