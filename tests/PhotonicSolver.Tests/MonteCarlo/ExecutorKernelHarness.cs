using ILGPU;
using ILGPU.Runtime;
using PhotonicSolver.Circuit;
using PhotonicSolver.MonteCarlo;
using PhotonicSolver.Numerics;

namespace PhotonicSolver.Tests.MonteCarlo;

/// <summary>
/// A test harness (not the project's GPU backend, which lives in kernels/) that runs
/// <see cref="PlanExecutor.ExecutePoint{TM}"/> one point per thread over ArrayViews, on ILGPU's CPU accelerator or
/// through ILGPU's PTX generator, to prove that the executor's random path is kernel code with the host's bits.
/// </summary>
internal static class ExecutorKernelHarness
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
        public readonly void KeepRegisters(int first, int count) { }   // one point per memory: never asked
    }

    /// <summary>The kernel: point i of the plan.</summary>
    public static void Kernel(Index1D i, PlanLayout L, ArrayView<int> ints, ArrayView<double> doubles,
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

    /// <summary>Points 0..n−1 on an accelerator (the collection's CPU accelerator): every point's parameter block and outputs (re, im).</summary>
    public static (double[] Parameters, double[] Outputs) Run(Accelerator acc, EvaluationPlan plan, int n)
    {
        var L = plan.Layout;
        var kernel = acc.LoadAutoGroupedStreamKernel<Index1D, PlanLayout, ArrayView<int>, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>>(Kernel);
        using var ints = acc.Allocate1D(plan.Ints);
        using var dbls = acc.Allocate1D(plan.Doubles);
        using var pars = acc.Allocate1D<double>((long)n * L.NumPointParams);
        using var regs = acc.Allocate1D<double>((long)n * 2 * Math.Max(1, L.NumRegisters));
        using var outs = acc.Allocate1D<double>((long)n * 2 * L.NumOutputs);
        kernel(n, L, ints.View, dbls.View, pars.View, regs.View, outs.View);
        acc.Synchronize();
        return (pars.GetAsArray1D(), outs.GetAsArray1D());
    }

    /// <summary>Every point's drawn settings equal the host's sample values bit for bit (point p is sample p / pointsPerSample).</summary>
    public static void AssertHostSampleBits(EvaluationPlan plan, double[] parameters, int points, int pointsPerSample)
    {
        var v = plan.Variation!;
        var scratch = CompiledVariation.NewScratch(plan);
        var values = new double[v.Variables.Count];
        for (int point = 0; point < points; point++)
        {
            v.SampleValues(plan, point / pointsPerSample, scratch, values);
            for (int c = 0; c < values.Length; c++)
                Assert.Equal(BitConverter.DoubleToInt64Bits(values[c]),
                             BitConverter.DoubleToInt64Bits(parameters[(long)point * plan.Layout.NumPointParams + v.ColumnParams[c]]));
        }
    }
}
