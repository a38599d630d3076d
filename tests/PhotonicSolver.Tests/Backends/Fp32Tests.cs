using PhotonicSolver.Backends;
using PhotonicSolver.Circuit;
using PhotonicSolver.Kernels;
using PhotonicSolver.Numerics;
using PhotonicSolver.Sweep;

namespace PhotonicSolver.Tests.Backends;

/// <summary>
/// fp32 registers: models still compute phases in fp64; the tape runs on fp32 values. The error against fp64 is
/// bounded by fp32 rounding (6e-8) per tape operation, amplified by the loop pivots' 1/|1 − t·a·e^{iφ}|, which is
/// ≤ 1/(1 − 0.9·0.99) ≈ 9 for the add-drop ring below and ≤ 1.1e1 for the all-pass ring: over ~20 operations
/// 20·6e-8·11 ≈ 1.3e-5 is the worst case, measured values are ~1e-6 (docs/precision.md).
/// </summary>
[Collection(IlgpuCollection.Name)]
public sealed class Fp32Tests(IlgpuFixture fixture)
{
    private const double Tol = 2e-5;

    private static Cx[] Run(ISweepBackend backend, FlatCircuit c, SweepSpec sweep, Precision precision, out EvaluationPlan plan)
    {
        plan = PlanCompiler.Compile(c, sweep, null, precision);
        using var prepared = backend.Prepare(plan);
        int n = (int)plan.PointCount;
        var outputs = new Cx[n * plan.Layout.NumOutputs];
        prepared.Evaluate(0, n, outputs, new int[n]);
        return outputs;
    }

    public static TheoryData<string> Circuits() => ["allpass", "adddrop", "mzi"];

    private static FlatCircuit Circuit(string name) => name switch
    {
        "allpass" => TestCircuits.AllPassRing(0.1, 62.83, 3.0),
        "adddrop" => TestCircuits.AddDropRing(0.1, 0.15, 80, 5.0),
        _ => TestCircuits.Mzi(100, 150, 0.4, 0.6, 2.0),
    };

    [Theory]
    [MemberData(nameof(Circuits))]
    public void CpuFp32StaysWithinFp32RoundingOfFp64(string name)
    {
        var sweep = TestCircuits.Wavelengths(1.54, 1.56, 2001);
        using var cpu = new CpuBackend();
        var f64 = Run(cpu, Circuit(name), sweep, Precision.Fp64, out _);
        var f32 = Run(cpu, Circuit(name), sweep, Precision.Fp32, out var plan);
        Assert.Equal(Precision.Fp32, plan.Precision);
        double max = 0;
        for (int i = 0; i < f64.Length; i++) max = Math.Max(max, (f64[i] - f32[i]).Abs);
        Assert.True(max < Tol, $"{name}: max |S32 − S64| = {max:E2}");
        Assert.True(max > 1e-10, $"{name}: fp32 results are suspiciously exact ({max:E2}): is the fp32 path really used?");
    }

    [Theory]
    [MemberData(nameof(Circuits))]
    public void IlgpuFp32KernelAgreesWithCpuFp32(string name)
    {
        var sweep = TestCircuits.Wavelengths(1.545, 1.555, 101);
        using var cpu = new CpuBackend();
        var reference = Run(cpu, Circuit(name), sweep, Precision.Fp64, out _);
        var ilgpu = Run(new IlgpuBackend(fixture.CpuAccelerator), Circuit(name), sweep, Precision.Fp32, out _);
        double max = 0;
        for (int i = 0; i < reference.Length; i++) max = Math.Max(max, (reference[i] - ilgpu[i]).Abs);
        Assert.True(max < Tol, $"{name}: ilgpu-cpu fp32 vs cpu fp64: {max:E2}");
        Assert.True(max > 1e-10, $"{name}: fp32 kernel results are suspiciously exact ({max:E2})");
    }
}
