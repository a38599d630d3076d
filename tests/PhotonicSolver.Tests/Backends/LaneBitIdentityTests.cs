using PhotonicSolver.Backends;
using PhotonicSolver.Circuit;
using PhotonicSolver.Kernels;
using PhotonicSolver.Models;
using PhotonicSolver.Numerics;
using PhotonicSolver.Sweep;
using PhotonicSolver.Tests.Models;

namespace PhotonicSolver.Tests.Backends;

/// <summary>
/// Models are written once over a lane type (<see cref="ILane{TL}"/>): the CPU backend evaluates them on SIMD lanes
/// (<see cref="V512"/> or <see cref="V256"/>), the ILGPU kernel and the host with one lane (<see cref="F64"/>). With the
/// same operations in the same order and no contraction, every backend gives the same bits. Here for every model:
/// a one-instance circuit swept over one of its settings, the temperature and the wavelength (a point count that is
/// not a multiple of the lane width, so the padded last group is exercised), on the CPU backend, on the ILGPU kernel
/// (ILGPU's CPU accelerator) and on the host (<see cref="ModelRegistry.Evaluate"/>, one point at a time): equal bits.
/// </summary>
[Collection(IlgpuCollection.Name)]
public sealed class LaneBitIdentityTests(IlgpuFixture fixture)
{
    /// <summary>
    /// The setting each model's sweep moves (values inside its valid range), so that wavelength-independent models
    /// are evaluated per point too, and models with derived parameters derive them per point.
    /// </summary>
    private static readonly Dictionary<string, (string Setting, double Low, double High)> Swept = new()
    {
        ["straight"] = ("length", 5, 500),
        ["bend"] = ("radius", 2, 50),
        ["coupler"] = ("coupling", 0, 1),
        ["directional_coupler"] = ("length", 0, 40),
        ["mmi1x2"] = ("imbalance_dB", -2, 2),
        ["mmi2x2"] = ("imbalance_dB", -2, 2),
        ["y_branch"] = ("imbalance_dB", -2, 2),
        ["crossing"] = ("loss_dB", 0.1, 2),
        ["phase_shifter"] = ("power_mW", 0, 50),
        ["attenuator"] = ("loss_dB", 0, 30),
        ["terminator"] = ("reflection", 0, 1),
        ["reflector"] = ("reflectivity", 0, 1),
        ["grating_coupler"] = ("fiber_angle_deg", 0, 20),
        ["edge_coupler"] = ("dx", -2, 2),
        ["bragg_grating"] = ("kappa", 0, 0.05),
    };

    public static TheoryData<string> AllModels => [.. ModelRegistry.All.Select(m => m.Name)];

    [Fact]
    public void EveryModelHasASweptSetting() =>
        Assert.Equal(ModelRegistry.All.Select(m => m.Name).Order(), Swept.Keys.Order());

    [Theory]
    [MemberData(nameof(AllModels))]
    public void CpuLanesIlgpuAndHostGiveTheSameBits(string name)
    {
        var info = ModelRegistry.Get(name);
        var rng = new Random(name.GetHashCode(StringComparison.Ordinal) & 0xffff);
        var settings = info.Defaults();
        var random = ModelTestHelpers.RandomSettings(info, rng);
        Array.Copy(random, settings, Math.Min(random.Length, settings.Length));
        if (name == "bragg_grating") settings[BraggGrating.Sections] = 7;
        if (name == "crossing") settings[Crossing.CrosstalkDb] = -30;
        var (setting, low, high) = Swept[name];
        int swept = info.SettingIndex(setting);
        Assert.True(swept >= 0, $"{name} has no setting {setting}");
        var values = Enumerable.Range(0, 7).Select(_ => low + (high - low) * rng.NextDouble()).ToArray();

        var circuit = new FlatCircuit
        {
            Instances = [new FlatInstance { Path = "u", Model = info, Settings = settings }],
            Connections = [],
            ExternalPorts = [.. info.Ports.Select((p, i) => ($"e{i}", new PortRef(0, i)))],
        };
        var sweep = new SweepSpec([
            SweepAxis.List($"u.{setting}", values),
            SweepAxis.Linear("temperature", 10, 70, 3),
            SweepAxis.Linear("wl", 1.52, 1.58, 13),
        ]);
        var plan = PlanCompiler.Compile(circuit, sweep);
        Assert.Equal(1, plan.DynamicInstances);
        int n = checked((int)plan.PointCount), k = plan.Layout.NumOutputs;
        Assert.NotEqual(0, n % 8);

        var cpu = Run(new CpuBackend(), plan);
        var ilgpu = Run(new IlgpuBackend(fixture.CpuAccelerator), plan);
        bool anyNonZero = false;
        for (int p = 0; p < n; p++)
        {
            var point = (double[])settings.Clone();
            point[swept] = values[sweep.AxisIndex(p, 0)];
            double temperature = sweep.Axes[1][sweep.AxisIndex(p, 1)], wl = sweep.Axes[2][sweep.AxisIndex(p, 2)];
            var host = ModelRegistry.DenseMatrix(info, point, wl, temperature);
            for (int j = 0; j < k; j++)
            {
                var (o, i) = plan.Outputs[j];
                Cx expected = host[o, i], a = cpu[p * k + j], b = ilgpu[p * k + j];
                anyNonZero |= expected != Cx.Zero;
                if (!SameBits(expected, a) || !SameBits(expected, b))
                    Assert.Fail($"{name}, point {p} ({setting} = {point[swept]:R}, T = {temperature}, wl = {wl:R}), S[{o},{i}]: " +
                                $"host {expected}, cpu {a}, ilgpu-cpu {b}");
            }
        }
        Assert.True(anyNonZero, "every output is zero: the comparison is vacuous");
    }

    private static bool SameBits(Cx a, Cx b) =>
        BitConverter.DoubleToInt64Bits(a.Re) == BitConverter.DoubleToInt64Bits(b.Re)
        && BitConverter.DoubleToInt64Bits(a.Im) == BitConverter.DoubleToInt64Bits(b.Im);

    private static Cx[] Run(ISweepBackend backend, EvaluationPlan plan)
    {
        using (backend)
        {
            using var prepared = backend.Prepare(plan);
            var outputs = new Cx[plan.PointCount * plan.Layout.NumOutputs];
            var status = new int[plan.PointCount];
            prepared.Evaluate(0, (int)plan.PointCount, outputs, status);
            Assert.All(status, s => Assert.Equal(0, s));
            return outputs;
        }
    }
}

/// <summary>FastMath's lane forms give the scalar bits on every lane type, including the special arguments.</summary>
public sealed class LaneFastMathTests
{
    private static IEnumerable<double> Arguments(int seed, double scale)
    {
        var rng = new Random(seed);
        for (int i = 0; i < 20_000; i++) yield return (2 * rng.NextDouble() - 1) * scale;
        foreach (double x in new[] { 0.0, -0.0, 1e-300, -1e-300, Math.PI / 4, -Math.PI / 2, 708.5, -707.9, -708.0, 709.0, 709.5, -708.5,
                                     1e6, -1e6, FastMath.SinCosFullAccuracyLimit, 1e12, -3e14, double.NaN,
                                     double.PositiveInfinity, double.NegativeInfinity, double.Epsilon })
            yield return x;
    }

    [Theory]
    [InlineData(1, 10.0)]
    [InlineData(2, 1e4)]
    [InlineData(3, 2e6)]
    [InlineData(4, 800.0)]
    public void SinCosAndExpOnLanesEqualTheScalarBits(int seed, double scale)
    {
        var xs = Arguments(seed, scale).ToArray();
        // Vector512/Vector256 run in software where the hardware lacks them: the same bits either way.
        Check<V512>(xs);
        Check<V256>(xs);
        Check<F64>(xs);
    }

    private static void Check<TL>(double[] xs) where TL : struct, ILane<TL>
    {
        int w = TL.Count;
        var lanes = new double[w];
        var sin = new double[w];
        var cos = new double[w];
        var exp = new double[w];
        for (int i = 0; i + w <= xs.Length; i += w)
        {
            Array.Copy(xs, i, lanes, 0, w);
            TL x = TL.Load(ref lanes[0]);
            FastMath.SinCos(x, out TL s, out TL c);
            TL.Store(s, ref sin[0]);
            TL.Store(c, ref cos[0]);
            TL.Store(FastMath.Exp(x), ref exp[0]);
            for (int j = 0; j < w; j++)
            {
                FastMath.SinCos(lanes[j], out double es, out double ec);
                double ee = FastMath.Exp(lanes[j]);
                Assert.True(Same(es, sin[j]) && Same(ec, cos[j]),
                    $"{typeof(TL).Name} sincos({lanes[j]:R}): lanes ({sin[j]:R}, {cos[j]:R}), scalar ({es:R}, {ec:R})");
                Assert.True(Same(ee, exp[j]), $"{typeof(TL).Name} exp({lanes[j]:R}): lanes {exp[j]:R}, scalar {ee:R}");
            }
        }
    }

    private static bool Same(double a, double b) =>
        BitConverter.DoubleToInt64Bits(a) == BitConverter.DoubleToInt64Bits(b) || (double.IsNaN(a) && double.IsNaN(b));
}
