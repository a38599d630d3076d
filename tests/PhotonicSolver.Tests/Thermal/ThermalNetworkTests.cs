using PhotonicSolver.Thermal;

namespace PhotonicSolver.Tests.Thermal;

/// <summary>
/// The compact thermal network against closed-form solutions. The transient is the exact modal solution
/// (no time-discretisation error), so the tolerances below are rounding only: 1e-12 relative to the
/// temperature rise, which leaves ~1e3 ulp for the eigen-decomposition and the accumulation over steps.
/// </summary>
public class ThermalNetworkTests
{
    private const double Tol = 1e-12;

    private static void Close(double expected, double actual, double scale, string what)
        => Assert.True(Math.Abs(expected - actual) <= Tol * scale, $"{what}: expected {expected:R}, got {actual:R}");

    [Fact]
    public void FirstOrderRcStepResponseHasTauRcAnd63PercentAtTau()
    {
        // One node, C = 2 J/K, R = 0.5 K/W to ambient: τ = RC = 1 s; a 10 W step gives ΔT∞ = P·R = 5 K.
        var net = new ThermalNetwork { AmbientC = 20 }.AddNode("chip", 2.0).AddLink("chip", "ambient", 0.5).AddSource("chip", 10.0);
        Assert.Equal(1.0, ThermalSolver.TimeConstants(net).Single(), 14);
        var trace = ThermalSolver.Transient(net, 5.0, 0.01);
        var t = trace.Node("chip");
        for (int k = 0; k < trace.TimesS.Length; k++)
            Close(20 + 5 * (1 - Math.Exp(-trace.TimesS[k])), t[k], 5, $"T({trace.TimesS[k]})");
        // At t = τ the rise is 1 − 1/e = 63.2 % of the final one.
        int tau = Array.FindIndex(trace.TimesS, x => Math.Abs(x - 1.0) < 1e-9);
        Assert.Equal(0.632120558828558, (t[tau] - 20) / 5, 12);
        Assert.Equal(20 + 5, ThermalSolver.SteadyState(net).TemperaturesC[0][0], 12);
    }

    [Fact]
    public void TwoNodeNetworkSolvedByHandSymmetricCase()
    {
        // C1 = C2 = 1 J/K; R1 = R12 = R2 = 1 K/W: G = [[2, -1], [-1, 2]], eigenvalues 1 and 3 (vectors (1,1), (1,-1)).
        // P = (1 W, 0): x∞ = G⁻¹P = (2/3, 1/3); from x(0) = 0:
        //   x1 = 2/3 − e^(−t)/2 − e^(−3t)/6,  x2 = 1/3 − e^(−t)/2 + e^(−3t)/6.
        var net = new ThermalNetwork { AmbientC = 0 }
            .AddNode("a", 1).AddNode("b", 1)
            .AddLink("a", "ambient", 1).AddLink("a", "b", 1).AddLink("b", "ambient", 1)
            .AddSource("a", 1.0);
        var taus = ThermalSolver.TimeConstants(net);
        Assert.Equal(1.0, taus[0], 13);
        Assert.Equal(1.0 / 3, taus[1], 13);
        var steady = ThermalSolver.SteadyState(net.Compile(), [1.0, 0.0]);
        Assert.Equal(2.0 / 3, steady[0], 14);
        Assert.Equal(1.0 / 3, steady[1], 14);
        var tr = ThermalSolver.Transient(net, 4, 0.05);
        for (int k = 0; k < tr.TimesS.Length; k++)
        {
            double t = tr.TimesS[k];
            Close(2.0 / 3 - Math.Exp(-t) / 2 - Math.Exp(-3 * t) / 6, tr.Node("a")[k], 1, $"x1({t})");
            Close(1.0 / 3 - Math.Exp(-t) / 2 + Math.Exp(-3 * t) / 6, tr.Node("b")[k], 1, $"x2({t})");
        }
    }

    [Fact]
    public void TwoNodeNetworkSolvedByHandUnequalCapacities()
    {
        // C = diag(1, 4) J/K, links a-amb 2 K/W (g 0.5), a-b 0.5 K/W (g 2), b-amb 1 K/W (g 1), P = (0, 3 W) on b.
        // G = [[2.5, -2], [-2, 3]]; A = C⁻¹G = [[2.5, -2], [-0.5, 0.75]]: tr 3.25, det 0.875,
        // λ± = (tr ± √(tr² − 4·det))/2. x∞ = G⁻¹P = (2·3, 2.5·3)/det(G), det(G) = 3.5.
        // x(t) = x∞ − Σ c± v± e^(−λ± t), v± = (2, 2.5 − λ±) (first row of (A − λI)v = 0), c from x(0) = 0.
        double tr = 3.25, det = 0.875, disc = Math.Sqrt(tr * tr - 4 * det);
        double lp = (tr + disc) / 2, lm = (tr - disc) / 2;
        double x1 = 6 / 3.5, x2 = 7.5 / 3.5;
        double vp1 = 2, vp2 = 2.5 - lp, vm1 = 2, vm2 = 2.5 - lm;
        // c+·v+ + c−·v− = x∞ (Cramer)
        double d = vp1 * vm2 - vm1 * vp2;
        double cp = (x1 * vm2 - vm1 * x2) / d, cm = (vp1 * x2 - x1 * vp2) / d;

        var net = new ThermalNetwork { AmbientC = 25 }
            .AddNode("a", 1).AddNode("b", 4)
            .AddLink("a", "ambient", 2).AddLink("a", "b", 0.5).AddLink("b", "ambient", 1)
            .AddSource("b", 3.0);
        var taus = ThermalSolver.TimeConstants(net);
        Assert.Equal(1 / lm, taus[0], 12);
        Assert.Equal(1 / lp, taus[1], 12);
        var s = ThermalSolver.SteadyState(net);
        Assert.Equal(25 + x1, s.TemperaturesC[0][0], 12);
        Assert.Equal(25 + x2, s.TemperaturesC[1][0], 12);
        var trc = ThermalSolver.Transient(net, 10, 0.1);
        for (int k = 0; k < trc.TimesS.Length; k++)
        {
            double t = trc.TimesS[k];
            Close(25 + x1 - cp * vp1 * Math.Exp(-lp * t) - cm * vm1 * Math.Exp(-lm * t), trc.Node("a")[k], x2, $"Ta({t})");
            Close(25 + x2 - cp * vp2 * Math.Exp(-lp * t) - cm * vm2 * Math.Exp(-lm * t), trc.Node("b")[k], x2, $"Tb({t})");
        }
    }

    [Fact]
    public void SuperpositionOfSources()
    {
        // The network is linear in the rise above ambient: rise(P1 + P2) = rise(P1) + rise(P2), for traces
        // whose breakpoints fall between output steps, step and linear.
        var p1 = PowerTrace.FromSamples([0, 0.33, 1.27], [5, 12, 1], TraceInterpolation.Step);
        var p2 = PowerTrace.FromSamples([0, 0.5, 0.91, 2.0], [0, 8, 3, 6], TraceInterpolation.Linear);
        ThermalNetwork Net() => new ThermalNetwork { AmbientC = 30 }
            .AddNode("asic", 5).AddNode("laser", 0.05).AddNode("ring", 0.001)
            .AddLink("asic", "ambient", 0.2).AddLink("asic", "laser", 2).AddLink("laser", "ambient", 50)
            .AddLink("asic", "ring", 10).AddLink("ring", "ambient", 100);
        var both = ThermalSolver.Transient(Net().AddSource("asic", p1).AddSource("laser", p2), 3, 0.1);
        var only1 = ThermalSolver.Transient(Net().AddSource("asic", p1), 3, 0.1);
        var only2 = ThermalSolver.Transient(Net().AddSource("laser", p2), 3, 0.1);
        for (int i = 0; i < 3; i++)
            for (int k = 0; k < both.TimesS.Length; k++)
            {
                double sum = only1.TemperaturesC[i][k] - 30 + only2.TemperaturesC[i][k] - 30;
                Close(sum, both.TemperaturesC[i][k] - 30, 10, $"node {i} t {both.TimesS[k]}");
            }
    }

    [Fact]
    public void LinearRampIsIntegratedExactly()
    {
        // RC node, C = 1, R = 2 (τ = 2 s), power ramp P = 3·t W (linear trace): x(t) = 3R·(t − τ(1 − e^(−t/τ))).
        var ramp = PowerTrace.FromSamples([0, 10], [0, 30], TraceInterpolation.Linear);
        var net = new ThermalNetwork { AmbientC = 0 }.AddNode("n", 1).AddLink("n", "ambient", 2).AddSource("n", ramp);
        var tr = ThermalSolver.Transient(net, 10, 0.7); // output steps that do not divide the span
        for (int k = 0; k < tr.TimesS.Length; k++)
        {
            double t = tr.TimesS[k];
            Close(6 * (t - 2 * (1 - Math.Exp(-t / 2))), tr.Node("n")[k], 60, $"x({t})");
        }
        Assert.Equal(10.0, tr.TimesS[^1]);
    }

    [Fact]
    public void StepChangeBetweenOutputTimesIsExact()
    {
        // P = 4 W until 0.355 s, then 1 W; outputs every 0.1 s. RC = 0.25·1 s.
        var p = PowerTrace.FromSamples([0, 0.355], [4, 1]);
        var net = new ThermalNetwork { AmbientC = 0 }.AddNode("n", 0.25).AddLink("n", "ambient", 1).AddSource("n", p);
        var tr = ThermalSolver.Transient(net, 1, 0.1);
        for (int k = 0; k < tr.TimesS.Length; k++)
        {
            double t = tr.TimesS[k], tau = 0.25;
            double x = t <= 0.355 ? 4 * (1 - Math.Exp(-t / tau))
                                  : 1 + (4 * (1 - Math.Exp(-0.355 / tau)) - 1) * Math.Exp(-(t - 0.355) / tau);
            Close(x, tr.Node("n")[k], 4, $"x({t})");
        }
    }

    [Fact]
    public void MasslessNodeFollowsAtOnce()
    {
        // A (C = 3) –R1 = 1– B (C = 0) –R2 = 2– ambient; P = 1 W on A: one mode τ = C(R1 + R2) = 9 s,
        // x_A = P(R1 + R2)(1 − e^(−t/τ)), and B divides it: x_B = x_A·R2/(R1 + R2).
        var net = new ThermalNetwork { AmbientC = 0 }.AddNode("a", 3).AddNode("b", 0)
            .AddLink("a", "b", 1).AddLink("b", "ambient", 2).AddSource("a", 1.0);
        Assert.Equal(9.0, ThermalSolver.TimeConstants(net).Single(), 12);
        var tr = ThermalSolver.Transient(net, 20, 0.5);
        for (int k = 0; k < tr.TimesS.Length; k++)
        {
            double xa = 3 * (1 - Math.Exp(-tr.TimesS[k] / 9));
            Close(xa, tr.Node("a")[k], 3, "x_A");
            Close(xa * 2 / 3, tr.Node("b")[k], 3, "x_B");
        }
    }

    [Fact]
    public void StiffNetworkWithLongStepsStaysExact()
    {
        // τ from 1 µs to 10³ s and a 1 s output step (λh up to 10⁶): the modal solution neither blows up nor
        // loses the slow mode, and reaches the steady state.
        var net = new ThermalNetwork { AmbientC = 25 }
            .AddNode("fast", 1e-6).AddNode("slow", 1000)
            .AddLink("fast", "slow", 1).AddLink("slow", "ambient", 1).AddSource("fast", 2.0);
        var tr = ThermalSolver.Transient(net, 40000, 1); // 40 τ: the remainder 2·e^(−40) K is far below 1e-9
        var ss = ThermalSolver.SteadyState(net).TemperaturesC;
        Assert.Equal(ss[0][0], tr.Node("fast")[^1], 9);
        Assert.Equal(ss[1][0], tr.Node("slow")[^1], 9);
        // After one second the slow node has risen by ≈ P·R·(1 − e^(−1/τslow)) = 2·(1 − e^(−1/τslow)), τslow ≈ 1000 s
        // (the fast node is quasi-static; that approximation errs by ~τfast/τslow = 1e-9).
        double tauSlow = ThermalSolver.TimeConstants(net)[0];
        Assert.Equal(2 * (1 - Math.Exp(-1 / tauSlow)), tr.Node("slow")[1] - 25, 6);
    }
}
