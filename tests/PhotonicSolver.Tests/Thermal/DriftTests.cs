using PhotonicSolver.Backends;
using PhotonicSolver.Circuit;
using PhotonicSolver.Sweep;
using PhotonicSolver.Thermal;

namespace PhotonicSolver.Tests.Thermal;

/// <summary>
/// Drift analyses against closed forms. An add-drop ring of waveguides with linear dispersion resonates where
/// Σ neff_i(λ, T)·L_i = m·λ; with neff_i = ng_i − λ·(ng_i − neff0_i)/λ0 + dn_i·ΔT_i this gives exactly
/// λ_m = (Σ ng_i·L_i + Σ dn_i·ΔT_i·L_i)/(m + Σ L_i·(ng_i − neff0_i)/λ0): linear in every temperature.
/// The feature search is good to ~1e-4 of the resonance half width (≈ 50 pm here), i.e. ~5e-9 µm;
/// tolerances below allow 1e-8 µm on positions.
/// </summary>
public class DriftTests
{
    private const double L = 62.8, Neff = 2.4, Ng = 4.2, Dn = 1.86e-4, Wl0 = 1.55;

    private static FlatCircuit Ring() =>
        new TestCircuits.Builder()
            .Add("c1", "coupler", ("coupling", 0.1)).Add("c2", "coupler", ("coupling", 0.1))
            .Add("h1", "straight", ("length", L / 2), ("neff", Neff), ("ng", Ng), ("loss_dB_cm", 3))
            .Add("h2", "straight", ("length", L / 2), ("neff", Neff), ("ng", Ng), ("loss_dB_cm", 3))
            .Connect("c1,o3", "h1,o1").Connect("h1,o2", "c2,o2").Connect("c2,o3", "h2,o1").Connect("h2,o2", "c1,o2")
            .Port("in", "c1,o1").Port("through", "c1,o4").Port("drop", "c2,o4").Port("add", "c2,o1")
            .Build();

    /// <summary>Closed-form resonance (µm) of order m with ring-wide rise dT (from 25 °C) and heater rise dTh on h1.</summary>
    private static double Resonance(int m, double dT, double dTh = 0)
        => (Ng * L + Dn * dT * L + Dn * dTh * L / 2) / (m + L * (Ng - Neff) / Wl0);

    private static int OrderNear(double wl) => (int)Math.Round(Ng * L / wl - L * (Ng - Neff) / Wl0);

    private static (int, int) Pair(FlatCircuit c, string o, string i) =>
        (c.ExternalPorts.FindIndex(p => p.Name == o), c.ExternalPorts.FindIndex(p => p.Name == i));

    [Fact]
    public void RingShiftMatchesLambdaDnOverNg()
    {
        var c = Ring();
        double[] temps = [25, 35, 45, 55, 65, 75, 85];
        var r = DriftAnalysis.RingShift(c, Pair(c, "through", "in"), SweepAxis.Linear("wl", 1.54, 1.565, 2501), temps, dip: true,
                                        new CpuBackend(), nearUm: 1.55);
        int m = OrderNear(1.55);
        for (int i = 0; i < temps.Length; i++) Assert.Equal(Resonance(m, temps[i] - 25), r.ResonanceUm[i], 8);
        // Exact slope of the closed form, and Bogaerts' λ·(dneff/dT)/ng with λ at 25 °C, which is the same number.
        double exact = (Resonance(m, 1) - Resonance(m, 0)) * 1e6;
        Assert.Equal(Resonance(m, 0) * Dn / Ng * 1e6, exact, 9);
        // Positions good to 1e-8 µm over 60 K: slope good to ~2e-4 pm/K.
        Assert.Equal(exact, r.SlopePmPerK, 3);
        Assert.Equal(r.AnalyticPmPerK, r.SlopePmPerK, 3);
        Assert.Equal(Dn, r.DneffDT, 15);
        Assert.Equal(Ng, r.Ng, 14);
        // ≈ 68.6 pm/K for silicon at 1.55 µm with ng = 4.2.
        Assert.InRange(r.SlopePmPerK, 68, 69.2);
        // FSR = λ²/(ng·L) to first order (9.11 nm).
        Assert.Equal(1.55 * 1.55 / (Ng * L), r.FsrUm, 4);
    }

    [Fact]
    public void HeaterPowerToStayLockedOverAmbient()
    {
        // Heater on half the ring (h1, 1 K/mW); a fixed-wavelength external laser 0.5 nm red of the resonance at
        // 60 °C, so one resonance order serves 20..60 °C. Locked when λ_m(T, ΔT_h) = λ_laser:
        //   ΔT_h = (λ_L·(m + B) − ng·L − dn·ΔT·L)/(dn·L/2), P = ΔT_h/R_th.
        var c = Ring();
        int m = OrderNear(1.55);
        double laser = Resonance(m, 60 - 25) + 0.5e-3;
        var heaters = HeaterArray.FromDistances([new Heater("h", 0, RthKPerMw: 1.0)], [new HeatedSection("h1")], new double[,] { { 0 } },
                                                CrosstalkKernel.Exponential, 10);
        double[] ambient = [20, 30, 40, 50, 60];
        var r = DriftAnalysis.LockOverAmbient(c, heaters, 0, Pair(c, "drop", "in"), SweepAxis.Linear("wl", 1.54, 1.565, 2501), dip: false,
                                              ambient, new LaserDrift("els", laser, FixedC: 25), calibrationMw: 2, new CpuBackend());
        double b = L * (Ng - Neff) / Wl0;
        for (int i = 0; i < ambient.Length; i++)
        {
            double dTh = (laser * (m + b) - Ng * L - Dn * (ambient[i] - 25) * L) / (Dn * L / 2);
            // Positions to 1e-8 µm and a tuning of ~17 pm/mW: powers to ~1e-3 mW.
            Assert.Equal(dTh / 1.0, r.PowerMw[i], 2);
            Assert.True(Math.Abs(r.ResidualPm[i]) < 0.01, $"residual {r.ResidualPm[i]} pm");
            Assert.Equal(laser, r.LaserUm[i]);
        }
        Assert.Equal(0, r.Order);
        // Tuning efficiency: dλ/dP = λ25·dn·R·(L/2)/(ng·L) at this order.
        Assert.Equal((Resonance(m, 0, 1) - Resonance(m, 0)) * 1e6, r.TuningPmPerMw, 3);
        // Locked on the drop peak: the drop transmission is at its maximum, (κ²·a^½/(1 − r²a))² for this ring.
        double a = Math.Pow(10, -3 * L * 1e-4 / 20), rr = Math.Sqrt(0.9);
        double peak = 0.1 * 0.1 * a / Math.Pow(1 - rr * rr * a, 2);
        foreach (double t in r.Transmission) Assert.Equal(peak, t, 6);
        // Colder needs more power: an ELS does not follow the ring.
        Assert.True(r.PowerMw[0] > r.PowerMw[^1]);
    }

    [Fact]
    public void TransientDetuningFollowsTheRingNodeAndTheLaserNode()
    {
        // Ring node: RC with τ = 1 s, 10 K/W; 2 W step: T_ring = 25 + 20·(1 − e^(−t)). The ring follows it (drive '*').
        // The CPO laser sits on its own node (τ = 0.5 s, 5 K/W, 2 W: +10 K); the ELS laser is fixed.
        var net = new ThermalNetwork { AmbientC = 25 }
            .AddNode("ring", 0.1).AddLink("ring", "ambient", 10).AddSource("ring", 2.0)
            .AddNode("laser", 0.1).AddLink("laser", "ambient", 5).AddSource("laser", 2.0);
        var trace = ThermalSolver.Transient(net, 3, 0.25);
        var c = Ring();
        var drive = new ThermalDrive(c, new Dictionary<string, IReadOnlyList<string>> { ["ring"] = ["*"] });
        int m = OrderNear(1.55);
        double lam0 = Resonance(m, 0);
        var lasers = new[] { new LaserDrift("cpo", lam0, 25, 0.09, Node: "laser"), new LaserDrift("els", lam0, 25, 0.09, FixedC: 25) };
        var res = DriftAnalysis.Transient(drive, Pair(c, "drop", "in"), SweepAxis.Linear("wl", 1.54, 1.565, 2501), dip: false, trace, lasers,
                                          new CpuBackend(), nearUm: lam0);
        for (int k = 0; k < trace.TimesS.Length; k++)
        {
            double t = trace.TimesS[k];
            double tRing = 25 + 20 * (1 - Math.Exp(-t)), tLaser = 25 + 10 * (1 - Math.Exp(-t / 0.5));
            double feature = Resonance(m, tRing - 25);
            Assert.Equal(feature, res[0].FeatureUm[k], 8);
            Assert.Equal(lam0 + 0.09e-3 * (tLaser - 25), res[0].WavelengthUm[k], 12);
            Assert.Equal((lam0 + 0.09e-3 * (tLaser - 25) - feature) * 1e6, res[0].DetuningPm[k], 2);
            Assert.Equal((lam0 - feature) * 1e6, res[1].DetuningPm[k], 2);
            // Transmission at the laser: the same as a direct solve at that temperature and wavelength.
            var direct = ScenarioBatch.Copy(c);
            direct.Temperature = trace.Node("ring")[k];
            var s = SweepResult.Run(direct, new SweepSpec([SweepAxis.List("wl", [res[0].WavelengthUm[k]])]), new CpuBackend());
            Assert.Equal(s.Transmission("drop", "in")[0], res[0].Transmission[k], 14);
        }
        // ELS: detuning grows to −(68.6 pm/K·20 K·(1 − e^−3)); the CPO laser follows partly (0.09 nm/K·10 K).
        Assert.True(res[1].DetuningPm[^1] < -1200);
        Assert.True(res[0].DetuningPm[^1] > res[1].DetuningPm[^1]);
        Assert.All(res, r => Assert.All(r.RelockPowerMw, p => Assert.True(double.IsNaN(p))));
    }

    [Fact]
    public void TransientWithHeaterLocksAtStart()
    {
        var net = new ThermalNetwork { AmbientC = 25 }.AddNode("ring", 0.1).AddLink("ring", "ambient", 10).AddSource("ring", 1.0);
        var trace = ThermalSolver.Transient(net, 2, 0.5);
        var c = Ring();
        var heaters = HeaterArray.FromDistances([new Heater("h", 0, RthKPerMw: 1.0)], [new HeatedSection("h1")], new double[,] { { 0 } },
                                                CrosstalkKernel.Exponential, 10);
        var drive = new ThermalDrive(c, new Dictionary<string, IReadOnlyList<string>> { ["ring"] = ["*"] }, heaters);
        int m = OrderNear(1.55);
        double laser = Resonance(m, 0) + 0.3e-3;
        var res = DriftAnalysis.Transient(drive, Pair(c, "drop", "in"), SweepAxis.Linear("wl", 1.54, 1.565, 2501), dip: false, trace,
                                          [new LaserDrift("els", laser, FixedC: 25)], new CpuBackend(), heater: 0, calibrationMw: 2);
        var r = res[0];
        Assert.True(Math.Abs(r.DetuningPm[0]) < 0.01);
        // Locked at t = 0 (ring at 25 °C): ΔT_h = 0.3 nm / (λ·dn/ng·(1/2)) per K of heater.
        double dTh = (laser * (m + L * (Ng - Neff) / Wl0) - Ng * L) / (Dn * L / 2);
        Assert.Equal(dTh, r.LockPowerMw, 2);
        // A lock loop would lower the heater as the ring warms: P(t) = P0 + detuning/η.
        double tRing = trace.Node("ring")[^1];
        Assert.Equal(dTh - 2 * (tRing - 25), r.RelockPowerMw[^1], 2);
    }

    [Fact]
    public void ScenarioBatchStrategiesAgreeWithDirectSolves()
    {
        // 40 scenarios with two settings varying together (a neff/ng pair) and a temperature: too many for a
        // Cartesian grid (40³ ≫ 8·40), so grouped; and 3 scenarios of one setting: one Cartesian sweep.
        var c = Ring();
        var many = Enumerable.Range(0, 40).Select(i => (IReadOnlyDictionary<string, double>)new Dictionary<string, double>
        {
            ["h1.neff"] = Neff + 1e-4 * i, ["h1.ng"] = Ng + 1e-4 * i, ["temperature"] = 25 + (i % 7),
        }).ToList();
        var few = new[] { 20.0, 40, 60 }.Select(t => (IReadOnlyDictionary<string, double>)new Dictionary<string, double> { ["temperature"] = t }).ToList();
        var wl = SweepAxis.Linear("wl", 1.549, 1.551, 21);
        var be = new CpuBackend();
        foreach (var (scen, strategy) in new[] { (many, BatchStrategy.Grouped), (few, BatchStrategy.Cartesian) })
        {
            var r = ScenarioBatch.Run(c, scen, wl, be);
            Assert.Equal(strategy, r.Strategy);
            for (int s = 0; s < scen.Count; s++)
            {
                var d = ScenarioBatch.Copy(c);
                foreach (var (k, v) in scen[s]) d.SetSetting(k, v);
                var direct = SweepResult.Run(d, new SweepSpec([wl]), be);
                for (int w = 0; w < wl.Count; w++)
                    for (int k = 0; k < r.Outputs.Length; k++)
                    {
                        var a = r.S(s, w, k);
                        var e = direct.Outputs[w * r.Outputs.Length + k];
                        Assert.Equal(e.Re, a.Re, 15);
                        Assert.Equal(e.Im, a.Im, 15);
                    }
            }
        }
        Assert.Equal(Neff, c.Instances[2].Settings[1]); // the base circuit is untouched
    }
}
