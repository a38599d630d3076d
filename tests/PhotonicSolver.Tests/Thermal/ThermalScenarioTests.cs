using PhotonicSolver.Backends;
using PhotonicSolver.Sweep;
using PhotonicSolver.Thermal;

namespace PhotonicSolver.Tests.Thermal;

/// <summary>Ambient × power profile × heater setting scenarios, × wavelengths, batched into one engine sweep.</summary>
public class ThermalScenarioTests
{
    [Fact]
    public void AmbientTimesProfileTimesHeaterIsOneSweepAndMatchesClosedForm()
    {
        // Unbalanced MZI (arms 100 and 60 µm, silicon dneff/dT) with a phase-shifter heater (Pπ = 20 mW) on arm 1,
        // on a PIC node: |out1←in1|² = sin²((φ1 − φ2)/2), φ_k = 2π·neff(λ, T)·L_k/λ (+ π·P/Pπ on arm 1).
        var c = new TestCircuits.Builder()
            .Add("dc1", "coupler", ("coupling", 0.5))
            .Add("arm1", "straight", ("length", 100.0)).Add("ps1", "phase_shifter")
            .Add("arm2", "straight", ("length", 60.0))
            .Add("dc2", "coupler", ("coupling", 0.5))
            .Connect("dc1,o4", "arm1,o1").Connect("arm1,o2", "ps1,o1").Connect("ps1,o2", "dc2,o1")
            .Connect("dc1,o3", "arm2,o1").Connect("arm2,o2", "dc2,o2")
            .Port("in1", "dc1,o1").Port("out1", "dc2,o4")
            .Build();
        var heaters = HeaterArray.WithoutCrosstalk([new Heater("h1", 0, PPiMw: 20)], [new HeatedSection("ps1", 100)]);
        var drive = new ThermalDrive(c, new Dictionary<string, IReadOnlyList<string>> { ["pic"] = ["*"] }, heaters);
        // Network: G = [[10 + 2/3, −2/3], [−2/3, 2/3 + 1/8]], det G = 8, so the PIC rises by (2/3)·P/8 = P/12 K.
        var net = new ThermalNetwork().AddNode("asic", 10).AddNode("pic", 1)
            .AddLink("asic", "ambient", 0.1).AddLink("asic", "pic", 1.5).AddLink("pic", "ambient", 8);
        double[] ambient = [0, 25, 50];
        PowerProfile[] profiles = [new("idle", new Dictionary<string, double> { ["asic"] = 150 }), new("busy", new Dictionary<string, double> { ["asic"] = 360 })];
        HeaterSetting[] settings = [new("off", new Dictionary<string, double>()), new("3mW", new Dictionary<string, double> { ["h1"] = 3 }),
                                    new("10mW", new Dictionary<string, double> { ["h1"] = 10 })];
        var wl = SweepAxis.Linear("wl", 1.54, 1.56, 101);
        var r = ThermalScenarios.Run(net, drive, ambient, profiles, settings, wl, new CpuBackend(), [(1, 0)]);

        Assert.Equal(18, r.Scenarios.Count);
        Assert.Equal(1, r.Optics.Sweeps);
        Assert.Equal(BatchStrategy.Cartesian, r.Optics.Strategy);
        Assert.Equal(18L * 101, r.Optics.PointsEvaluated);
        for (int s = 0; s < r.Scenarios.Count; s++)
        {
            var sc = r.Scenarios[s];
            double tPic = sc.AmbientC + sc.Profile.NodePowerW["asic"] / 12;
            Assert.Equal(tPic, sc.NodeTemperaturesC["pic"], 11);
            double p = sc.Heaters.PowerMw.GetValueOrDefault("h1");
            for (int w = 0; w < wl.Count; w++)
            {
                double lam = wl[w];
                double neff = 2.34 - (lam - 1.55) * (3.4 - 2.34) / 1.55 + 1.86e-4 * (tPic - 25);
                double dphi = 2 * Math.PI * neff * (100 - 60) / lam + Math.PI * p / 20;
                // Phases of ~400 rad in fp64: ~1e-13 absolute; 1e-11 on |S|² leaves margin.
                double expected = Math.Pow(Math.Sin(dphi / 2), 2), actual = r.Optics.S(s, w, 0).Abs2;
                Assert.True(Math.Abs(expected - actual) < 1e-11, $"scenario {s}, λ {lam}: {expected} vs {actual}");
            }
        }
    }

    [Fact]
    public void WaveguideHeatersBeyondTheSlackRunAsOneSweepPerSetting()
    {
        // A heater on a waveguide moves neff and ng together: 12 heater settings × 4 ambients exceed the Cartesian
        // slack (4·12²·1001 points ≫ 8·48·1001), so the ambient becomes the sweep axis and each heater setting one sweep.
        var c = TestCircuits.AllPassRing(0.1, 60, 2);
        c.Instances[1].Settings[5] = 1.86e-4;
        var heaters = HeaterArray.WithoutCrosstalk([new Heater("h", 0, RthKPerMw: 2)], [new HeatedSection("ring")]);
        var drive = new ThermalDrive(c, new Dictionary<string, IReadOnlyList<string>> { ["chip"] = ["*"] }, heaters);
        var net = new ThermalNetwork().AddNode("chip", 1).AddLink("chip", "ambient", 1);
        var settings = Enumerable.Range(0, 12).Select(i => new HeaterSetting($"p{i}", new Dictionary<string, double> { ["h"] = i })).ToArray();
        var r = ThermalScenarios.Run(net, drive, [10, 20, 30, 40], [new PowerProfile("none", new Dictionary<string, double>())], settings,
                                     SweepAxis.Linear("wl", 1.549, 1.551, 1001), new CpuBackend(), [(1, 0)]);
        Assert.Equal(BatchStrategy.Grouped, r.Optics.Strategy);
        Assert.Equal(12, r.Optics.Sweeps);
        // Heater and ambient are both temperature rises of the ring: 2 K/mW·P at ambient T equals P = 0 at T + 2P.
        int At(double amb, int p) => Array.FindIndex(r.Scenarios.ToArray(), s => s.AmbientC == amb && s.Heaters.Name == $"p{p}");
        for (int w = 0; w < 1001; w += 50)
        {
            var a = r.Optics.S(At(10, 5), w, 0); var b = r.Optics.S(At(20, 0), w, 0);
            Assert.True((a - b).Abs < 1e-12, $"{a.Re},{a.Im} vs {b.Re},{b.Im}");
        }
    }
}
