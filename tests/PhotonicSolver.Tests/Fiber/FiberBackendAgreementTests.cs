using PhotonicSolver.Backends;
using PhotonicSolver.Circuit;
using PhotonicSolver.Kernels;
using PhotonicSolver.Netlists;
using PhotonicSolver.Numerics;
using PhotonicSolver.Sweep;
using PhotonicSolver.Tests.Backends;

namespace PhotonicSolver.Tests.Fiber;

/// <summary>
/// The fiber-attach models run in the ILGPU kernel (here on ILGPU's CPU accelerator) exactly as on the CPU
/// reference backend. Tolerance 1e-12 of the point's largest |S| (CONVENTIONS: fp64 agreement between backends);
/// the same model code runs on both, so only FMA contraction can differ.
/// </summary>
[Collection(IlgpuCollection.Name)]
public sealed class FiberBackendAgreementTests(IlgpuFixture fixture)
{
    private const string Link = """
        instances:
          gc:  {component: grating_coupler, settings: {wl0: 1.55, bandwidth_3dB: 0.04, loss_dB: 4, reflection: 0.03}}
          wg:  {component: straight, settings: {length: 300, neff: 2.4, ng: 4.2, loss_dB_cm: 3}}
          ec:  {component: edge_coupler, settings: {chip_mfd_x: 3, chip_mfd_y: 2.5, fiber_mfd: 10.4, dx: 0.7, tilt_deg: 1.5, reflection: 0.05}}
        connections:
          gc,o1: wg,o1
          wg,o2: ec,o1
        ports:
          fiber_in: gc,o2
          fiber_out: ec,o2
        """;

    [Fact]
    public void GratingAndEdgeCouplerLinkAgreesWithTheCpuReference()
    {
        var circuit = Flattener.Flatten(NetlistLoader.Parse(Link, "link.yaml"));
        var sweep = new SweepSpec([
            SweepAxis.List("ec.gap", [0, 5, 20]),
            SweepAxis.Linear("temperature", 20, 80, 3),
            SweepAxis.Linear("wl", 1.50, 1.60, 41),
        ]);
        var plan = PlanCompiler.Compile(circuit, sweep);
        int n = checked((int)plan.PointCount), k = plan.Layout.NumOutputs;
        var expected = Run(new CpuBackend(), plan, n);
        var actual = Run(new IlgpuBackend(fixture.CpuAccelerator), plan, n);
        double largest = 0;
        for (int p = 0; p < n; p++)
        {
            double scale = 0;
            for (int j = 0; j < k; j++) scale = Math.Max(scale, expected[p * k + j].Abs);
            largest = Math.Max(largest, scale);
            for (int j = 0; j < k; j++)
                Assert.True((actual[p * k + j] - expected[p * k + j]).Abs <= 1e-12 * scale,
                            $"point {p}, {plan.OutputLabel(j)}: {actual[p * k + j]} vs {expected[p * k + j]}");
        }
        Assert.True(largest > 1e-2);
    }

    private static Cx[] Run(ISweepBackend backend, EvaluationPlan plan, int n)
    {
        using (backend)
        {
            using var prepared = backend.Prepare(plan);
            var outputs = new Cx[n * plan.Layout.NumOutputs];
            var status = new int[n];
            prepared.Evaluate(0, n, outputs, status);
            Assert.All(status, s => Assert.Equal(0, s));
            return outputs;
        }
    }
}
