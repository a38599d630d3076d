using PhotonicSolver.Backends;
using PhotonicSolver.Circuit;
using PhotonicSolver.Kernels;
using PhotonicSolver.Models;
using PhotonicSolver.Sweep;
using PhotonicSolver.Tests.Backends;

namespace PhotonicSolver.Tests.Circuit;

/// <summary>
/// Derived parameters (e.g. a waveguide's loss amplitude) are computed once per plan, or per point when a setting
/// of their instance is swept. Both paths must give the numbers of a plan compiled with the values fixed.
/// </summary>
[Collection(IlgpuCollection.Name)]
public sealed class DerivedParameterTests(IlgpuFixture fixture)
{
    [Fact]
    public void DerivedSlotsFollowTheSettingsAndDt()
    {
        Assert.Equal(Straight.Amplitude, Straight.Info.DerivedOffset);
        Assert.Equal(Bend.Amplitude, Bend.Info.DerivedOffset);
        Assert.Equal(DirectionalCoupler.Amplitude, DirectionalCoupler.Info.DerivedOffset);
        foreach (var m in ModelRegistry.All) Assert.Equal(m.Settings.Length + m.DerivedCount, m.ParamCount);
    }

    [Theory]
    [InlineData("ring.loss_dB_cm", 0.0, 7.5)]
    [InlineData("ring.length", 40.0, 90.0)]
    public void SweepingASettingThatFeedsADerivedParameterMatchesFixedPlans(string setting, double a, double b)
    {
        var wl = SweepAxis.Linear("wl", 1.545, 1.555, 101);
        var swept = PlanCompiler.Compile(TestCircuits.AllPassRing(0.1, 62.83, 3.0), new SweepSpec([SweepAxis.List(setting, [a, b]), wl]));
        foreach (var backend in new ISweepBackend[] { new CpuBackend(), new IlgpuBackend(fixture.CpuAccelerator) })
        {
            using (backend)
            {
                var got = Evaluate(backend, swept);
                for (int k = 0; k < 2; k++)
                {
                    var fixedCircuit = TestCircuits.AllPassRing(0.1, 62.83, 3.0);
                    fixedCircuit.SetSetting(setting, k == 0 ? a : b);
                    var expected = Evaluate(new CpuBackend(), PlanCompiler.Compile(fixedCircuit, new SweepSpec([wl])));
                    for (int p = 0; p < 101; p++)
                    {
                        var e = expected[p * 4 + 2]; // outputs in (out, in) order: (0,0),(0,1),(1,0),(1,1); through←in is k=2
                        var g = got[(k * 101 + p) * 4 + 2];
                        // Same model arithmetic, once per point vs once per plan; agreement to fp64 rounding.
                        Assert.True((e - g).Abs <= 1e-13, $"{backend.Name} {setting}={(k == 0 ? a : b)} point {p}: {e} vs {g}");
                    }
                }
            }
        }
    }

    private static PhotonicSolver.Numerics.Cx[] Evaluate(ISweepBackend backend, EvaluationPlan plan)
    {
        using var prepared = backend.Prepare(plan);
        int n = (int)plan.PointCount;
        var o = new PhotonicSolver.Numerics.Cx[n * plan.Layout.NumOutputs];
        prepared.Evaluate(0, n, o, new int[n]);
        return o;
    }
}
