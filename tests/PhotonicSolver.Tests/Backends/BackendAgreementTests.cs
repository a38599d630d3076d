using PhotonicSolver.Backends;
using PhotonicSolver.Circuit;
using PhotonicSolver.Kernels;
using PhotonicSolver.Numerics;
using PhotonicSolver.Sweep;

namespace PhotonicSolver.Tests.Backends;

/// <summary>
/// Backend agreement, written once and bound to each backend by a subclass (ILGPU's test pattern): every result
/// is checked against <see cref="CpuBackend"/>, the reference. Adding a backend means adding one subclass; a device
/// binding carries <see cref="RequiresDeviceAttribute"/> and its tests are skipped, with the reason, where the device
/// is absent (cuda and opencl in CI).
/// </summary>
/// <remarks>
/// Tolerance: 1e-12 relative to the largest |S| of the point (CONVENTIONS: fp64 agreement between backends). All
/// backends run the same <see cref="PlanExecutor"/> code; they may differ only by FMA contraction (a GPU fuses
/// a·b + c), i.e. one rounding (1.1e-16) per tape operation. Across a tape of at most a few hundred operations,
/// amplified by the pivots' 1/|D| (≤ 1e2 here: every ring and random circuit loses ≥ 0.1 dB per round trip), that is
/// ≤ 1e-12 of the S-matrix's scale. Element-wise relative error is not used: an output near a transmission zero is
/// the difference of O(1) terms and carries O(1e-16) absolute error, which is unbounded relative to itself.
/// </remarks>
public abstract class BackendAgreementTests
{
    private const double Tol = 1e-12;

    /// <summary>A new instance of the backend under test; the test disposes it.</summary>
    protected abstract ISweepBackend CreateBackend();

    [BackendFact]
    public void AllPassRing() =>
        AssertAgrees(TestCircuits.AllPassRing(0.1, 62.83, 3.0), TestCircuits.Wavelengths(1.54, 1.56, 301));

    [BackendFact]
    public void AddDropRing() =>
        AssertAgrees(TestCircuits.AddDropRing(0.1, 0.15, 80, 5.0), TestCircuits.Wavelengths(1.545, 1.555, 301));

    [BackendFact]
    public void Mzi() =>
        AssertAgrees(TestCircuits.Mzi(100, 150, 0.4, 0.6, 2.0), TestCircuits.Wavelengths(1.5, 1.6, 301));

    [BackendFact]
    public void SweptCouplingListTimesWavelength() =>
        AssertAgrees(TestCircuits.AllPassRing(0.1, 100, 4.0),
            new SweepSpec([SweepAxis.List("dc.coupling", [0.02, 0.1, 0.3, 0.5]), SweepAxis.Linear("wl", 1.545, 1.555, 101)]));

    [BackendFact]
    public void SweptTemperatureTimesWavelength()
    {
        // A ring whose straight keeps silicon's default dneff_dT, so temperature moves the resonances.
        var ring = new TestCircuits.Builder()
            .Add("dc", "coupler", ("coupling", 0.1))
            .Add("ring", "straight", ("length", 80), ("loss_dB_cm", 3))
            .Connect("dc,o3", "ring,o1").Connect("ring,o2", "dc,o2")
            .Port("in", "dc,o1").Port("through", "dc,o4")
            .Build();
        AssertAgrees(ring, new SweepSpec([SweepAxis.Linear("temperature", 20, 80, 4), SweepAxis.Linear("wl", 1.545, 1.555, 101)]));
    }

    [BackendTheory]
    [InlineData(1, 6, 2)]
    [InlineData(2, 7, 3)]
    [InlineData(3, 8, 4)]
    [InlineData(4, 9, 2)]
    [InlineData(5, 10, 4)]
    public void RandomLossyCircuit(int seed, int instances, int externalPorts) =>
        AssertAgrees(RandomCircuits.Build(seed, instances, externalPorts),
            new SweepSpec([
                SweepAxis.List("dc0.coupling", [0.2, 0.7]),
                SweepAxis.Linear("temperature", 25, 65, 3),
                SweepAxis.Linear("wl", 1.53, 1.57, 51),
            ]));

    [BackendFact]
    public void DataBackedComponentInARing()
    {
        // A Touchstone-style table (a lossy straight tabulated every 0.5 nm, so most sweep points interpolate) closed
        // into a ring by a coupler: the table lookup runs inside the executor on every backend.
        var straight = TestCircuits.AllPassRing(0.5, 40, 4.0).Instances[1];
        var wls = Enumerable.Range(0, 41).Select(i => 1.54 + 5e-4 * i).ToArray();
        var s = wls.Select(w =>
        {
            var t = PhotonicSolver.Models.ModelRegistry.Evaluate(straight.Model, straight.Settings, w, 25).S0;
            return new Cx[2, 2] { { Cx.Zero, t }, { t, Cx.Zero } };
        }).ToArray();
        var table = PhotonicSolver.DataModels.TableModel.CreateModel(new PhotonicSolver.DataModels.SParameterData("wg.s2p", ["o1", "o2"], wls, s), "wg.s2p");
        var ring = new TestCircuits.Builder().Add("dc", "coupler", ("coupling", 0.2)).Build();
        ring.Instances.Add(new FlatInstance { Path = "wg", Model = table, Settings = [] });
        ring.Connections.Add((new PortRef(0, 2), new PortRef(1, 0)));
        ring.Connections.Add((new PortRef(1, 1), new PortRef(0, 1)));
        ring.ExternalPorts.Add(("in", new PortRef(0, 0)));
        ring.ExternalPorts.Add(("through", new PortRef(0, 3)));
        AssertAgrees(ring, TestCircuits.Wavelengths(1.541, 1.559, 301));
    }

    [BackendFact]
    public void ChunkStartingInsideTheSweep() =>
        AssertAgrees(TestCircuits.AllPassRing(0.2, 50, 2.0), TestCircuits.Wavelengths(1.5, 1.6, 1001), start: 123, count: 200);

    [BackendFact]
    public void LosslessCavityOnResonanceIsReportedAsSingular()
    {
        // A zero-length lossless loop: its round trip is exactly 1. With the coupling swept (so the coupler is
        // evaluated per point and the outputs depend on the loop's pivot), coupling 0 closes the loop with no way
        // out and the pivot 1 − t·1 is exactly 0: the point must be reported, with NaN outputs, on every backend.
        // Coupling 0.5 at the same wavelengths is an ordinary point.
        var c = new TestCircuits.Builder()
            .Add("dc", "coupler", ("coupling", 0.5))
            .Add("loop", "straight", ("length", 0.0), ("loss_dB_cm", 0.0))
            .Connect("dc,o3", "loop,o1").Connect("loop,o2", "dc,o2")
            .Port("in", "dc,o1").Port("through", "dc,o4")
            .Build();
        var plan = PlanCompiler.Compile(c, new SweepSpec([SweepAxis.List("dc.coupling", [0.0, 0.5]), SweepAxis.Linear("wl", 1.5, 1.6, 5)]));
        var (expected, expectedStatus) = Run(new CpuBackend(), plan, 0, 10, dispose: true);
        var (actual, actualStatus) = Run(CreateBackend(), plan, 0, 10, dispose: true);
        Assert.All(expectedStatus[..5], s => Assert.NotEqual(0, s));
        Assert.All(expectedStatus[5..], s => Assert.Equal(0, s));
        Assert.Equal(expectedStatus, actualStatus);
        int k = plan.Layout.NumOutputs;
        for (int i = 0; i < 5 * k; i++)
            Assert.True(double.IsNaN(actual[i].Re) && double.IsNaN(actual[i].Im), $"output {i} of a singular point is {actual[i]}, not NaN");
        for (int i = 5 * k; i < 10 * k; i++)
            Assert.True((actual[i] - expected[i]).Abs <= Tol, $"output {i}: expected {expected[i]}, got {actual[i]}");
    }

    protected void AssertAgrees(FlatCircuit circuit, SweepSpec sweep, long start = 0, int? count = null)
    {
        var plan = PlanCompiler.Compile(circuit, sweep);
        int n = count ?? checked((int)(plan.PointCount - start));
        var (expected, expectedStatus) = Run(new CpuBackend(), plan, start, n, dispose: true);
        var (actual, actualStatus) = Run(CreateBackend(), plan, start, n, dispose: true);
        Assert.All(expectedStatus, s => Assert.Equal(0, s));
        Assert.Equal(expectedStatus, actualStatus);

        int k = plan.Layout.NumOutputs;
        double largest = 0;
        for (int p = 0; p < n; p++)
        {
            double scale = 0;
            for (int j = 0; j < k; j++) scale = Math.Max(scale, expected[p * k + j].Abs);
            largest = Math.Max(largest, scale);
            for (int j = 0; j < k; j++)
            {
                Cx e = expected[p * k + j], a = actual[p * k + j];
                double err = (a - e).Abs;
                if (!(err <= Tol * scale))
                    Assert.Fail($"point {start + p}, output {plan.OutputLabel(j)}: expected {e}, got {a}; |diff| = {err:E3} > {Tol:E0}·{scale:G4}");
            }
        }
        Assert.True(largest > 1e-3, "the circuit transmits nothing: the comparison would be vacuous");
    }

    private static (Cx[] Outputs, int[] Status) Run(ISweepBackend backend, EvaluationPlan plan, long start, int count, bool dispose)
    {
        try
        {
            using var prepared = backend.Prepare(plan);
            var outputs = new Cx[count * plan.Layout.NumOutputs];
            var status = new int[count];
            prepared.Evaluate(start, count, outputs, status);
            return (outputs, status);
        }
        finally { if (dispose) backend.Dispose(); }
    }
}

/// <summary>The reference against itself on one thread: results must not depend on how points are split.</summary>
public sealed class CpuSingleThreadAgreementTests : BackendAgreementTests
{
    protected override ISweepBackend CreateBackend() => new CpuBackend(threads: 1);
}

/// <summary>The ILGPU kernel on ILGPU's CPU accelerator (the shared collection context).</summary>
[Collection(IlgpuCollection.Name)]
public sealed class IlgpuCpuAgreementTests(IlgpuFixture fixture) : BackendAgreementTests
{
    protected override ISweepBackend CreateBackend() => new IlgpuBackend(fixture.CpuAccelerator);
}

/// <summary>
/// The ILGPU kernel with tiny chunks and few threads, so that one Evaluate launches several chunks and each thread
/// walks several points (grid stride) reusing its registers.
/// </summary>
[Collection(IlgpuCollection.Name)]
public sealed class IlgpuCpuSmallChunkAgreementTests(IlgpuFixture fixture) : BackendAgreementTests
{
    protected override ISweepBackend CreateBackend() =>
        new IlgpuBackend(fixture.CpuAccelerator) { ChunkPointsLimit = 97, ThreadsLimit = 13 };
}

/// <summary>The ILGPU kernel on a CUDA GPU; skipped with the reason where there is none.</summary>
[RequiresDevice("cuda")]
public sealed class CudaAgreementTests : BackendAgreementTests
{
    protected override ISweepBackend CreateBackend() => BackendFactory.Create("cuda");
}

/// <summary>The ILGPU kernel on an OpenCL device; skipped with the reason where there is none.</summary>
[RequiresDevice("opencl")]
public sealed class OpenClAgreementTests : BackendAgreementTests
{
    protected override ISweepBackend CreateBackend() => BackendFactory.Create("opencl");
}
