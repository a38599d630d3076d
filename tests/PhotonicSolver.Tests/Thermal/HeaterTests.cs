using PhotonicSolver.Circuit;
using PhotonicSolver.Numerics;
using PhotonicSolver.Sweep;
using PhotonicSolver.Thermal;

namespace PhotonicSolver.Tests.Thermal;

/// <summary>Thermo-optic heaters and their crosstalk, through the overrides they produce and the solved optics.</summary>
public class HeaterTests
{
    /// <summary>MZI with ideal 50/50 couplers and a phase shifter in each arm: |out1←in1|² = sin²((φ1 − φ2)/2).</summary>
    private static FlatCircuit Mzi() =>
        new TestCircuits.Builder()
            .Add("dc1", "coupler", ("coupling", 0.5))
            .Add("ps1", "phase_shifter")
            .Add("ps2", "phase_shifter")
            .Add("dc2", "coupler", ("coupling", 0.5))
            .Connect("dc1,o4", "ps1,o1").Connect("ps1,o2", "dc2,o1")
            .Connect("dc1,o3", "ps2,o1").Connect("ps2,o2", "dc2,o2")
            .Port("in1", "dc1,o1").Port("in2", "dc1,o2").Port("out1", "dc2,o4").Port("out2", "dc2,o3")
            .Build();

    private static Cx Solve(FlatCircuit c, IReadOnlyDictionary<string, double> overrides, string outPort, string inPort, double wl = 1.55)
    {
        foreach (var (k, v) in overrides) c.SetSetting(k, v);
        var r = SweepResult.Run(c, new SweepSpec([SweepAxis.List("wl", [wl])]), new PhotonicSolver.Backends.CpuBackend());
        return r.S(outPort, inPort)[0];
    }

    [Fact]
    public void HeaterGivesPiAtPPi()
    {
        // Δφ = π·P/Pπ: at P = Pπ the phase shifter's transmission turns from +1 to −1.
        var c = new TestCircuits.Builder().Add("ps", "phase_shifter").Port("a", "ps,o1").Port("b", "ps,o2").Build();
        var heaters = HeaterArray.FromMatrix([new Heater("h", 0, PPiMw: 25)], [new HeatedSection("ps", HeatedLengthUm: 200)],
                                             new double[,] { { Math.PI / (HeatedSection.PhasePerKelvin(1.86e-4, 200, 1.55) * 25) } });
        var bound = heaters.Bind(c);
        Assert.Equal(Math.PI, bound.Phases([25.0])[0], 14);
        Assert.Equal(Math.PI / 2, bound.Phases([12.5])[0], 14);
        var s = Solve(c, bound.Overrides([25.0]), "b", "a");
        Assert.Equal(-1.0, s.Re, 14);
        Assert.Equal(0.0, s.Im, 14);
        // The same heater through its temperature: ΔT_π = λ/(2·dneff/dT·L) = 1.55/(2·1.86e-4·200) K.
        Assert.Equal(1.55 / (2 * 1.86e-4 * 200), bound.TemperatureRise([25.0])[0], 12);
    }

    [Fact]
    public void HeaterByThermalResistanceFollowsWavelengthOnAWaveguide()
    {
        // Heater over a 100 µm silicon straight, R_th = 2 K/mW: at 5 mW, ΔT = 10 K and
        // Δφ(λ) = 2π·dneff/dT·ΔT·L/λ, exactly at every λ (the neff/ng shift keeps the dispersion slope).
        FlatCircuit Wg() => new TestCircuits.Builder().Add("wg", "straight", ("length", 100.0)).Port("a", "wg,o1").Port("b", "wg,o2").Build();
        var heaters = HeaterArray.FromDistances([new Heater("h", 0, RthKPerMw: 2)], [new HeatedSection("wg")],
                                                new double[,] { { 0 } }, CrosstalkKernel.Exponential, 10);
        foreach (double wl in new[] { 1.50, 1.55, 1.60 })
        {
            var cold = Solve(Wg(), new Dictionary<string, double>(), "b", "a", wl);
            var hot = Solve(Wg(), heaters.Bind(Wg()).Overrides([5.0]), "b", "a", wl);
            double dphi = Math.Atan2((hot * cold.Conj).Im, (hot * cold.Conj).Re);
            double expected = 2 * Math.PI * 1.86e-4 * 10 * 100 / wl; // ≈ 0.075 rad, no 2π ambiguity
            // Phases of ~950 rad are range-reduced in fp64: ~1e-13 rad; 1e-11 leaves margin.
            Assert.Equal(expected, dphi, 11);
            Assert.Equal(1.0, hot.Abs2, 13);
        }
    }

    [Fact]
    public void CrosstalkSuperposes()
    {
        // 3 heaters, 4 sections (three phase shifters and a straight), Lorentzian kernel: the response is linear,
        // so the rise (and every override's change) for P1 + P2 is the sum of those for P1 and P2.
        var c = new TestCircuits.Builder()
            .Add("ps1", "phase_shifter", ("phase", 0.3)).Add("ps2", "phase_shifter").Add("ps3", "phase_shifter").Add("wg", "straight", ("length", 50.0))
            .Connect("ps1,o2", "ps2,o1").Connect("ps2,o2", "ps3,o1").Connect("ps3,o2", "wg,o1")
            .Port("a", "ps1,o1").Port("b", "wg,o2").Build();
        HeatedSection[] sections = [new("ps1", 100), new("ps2", 100), new("ps3", 150, 2.45e-5), new("wg")];
        Heater[] heaters = [new("h1", 0, PPiMw: 20), new("h2", 1, RthKPerMw: 1.5), new("h3", 2, PPiMw: 35)];
        var arr = HeaterArray.FromPositions(heaters, sections, [(0, 0), (25, 0), (50, 0)], [(0, 0), (25, 0), (50, 0), (25, 40)],
                                            CrosstalkKernel.Lorentzian, 15);
        var b = arr.Bind(c);
        double[] p1 = [3, 0, 7], p2 = [1, 11, 2], sum = [4, 11, 9];
        var r1 = b.TemperatureRise(p1); var r2 = b.TemperatureRise(p2); var rs = b.TemperatureRise(sum);
        for (int j = 0; j < 4; j++) Assert.Equal(r1[j] + r2[j], rs[j], 12);
        var o0 = b.Overrides([0, 0, 0]); var o1 = b.Overrides(p1); var o2 = b.Overrides(p2); var os = b.Overrides(sum);
        Assert.Equal(["ps1.phase", "ps2.phase", "ps3.phase", "wg.neff", "wg.ng"], os.Keys.Order());
        Assert.Equal(0.3, o0["ps1.phase"]);
        foreach (var k in os.Keys) Assert.Equal(o1[k] - o0[k] + (o2[k] - o0[k]), os[k] - o0[k], 12);
        // The kernel: h2 is 25 µm from ps1: R[ps1, h2] = 1.5·1/(1 + (25/15)²).
        Assert.Equal(1.5 / (1 + 25.0 / 15 * (25.0 / 15)), b.KPerMw[0, 1], 14);
        // The far straight sees h1 at √(25² + 40²) µm.
        Assert.Equal(Math.PI / (HeatedSection.PhasePerKelvin(1.86e-4, 100, 1.55) * 20) / (1 + (25.0 * 25 + 40 * 40) / 225), b.KPerMw[3, 0], 14);
        // And the optics: all four sections in series add their phases, so the field superposes too.
        Cx S(double[] p) => Solve(c, b.Overrides(p), "b", "a");
        var s0 = S([0, 0, 0]); var s1 = S(p1); var s2 = S(p2); var ss = S(sum);
        var lhs = ss * s0.Conj; var rhs = s1 * s0.Conj * (s2 * s0.Conj);
        Assert.Equal(rhs.Re, lhs.Re, 10);
        Assert.Equal(rhs.Im, lhs.Im, 10);
    }

    [Fact]
    public void MziOutputChangesUnderANeighbourHeater()
    {
        // Heaters on both arms (Pπ = 20 mW, 100 µm sections), arms 30 µm apart, exponential kernel d0 = 20 µm:
        // h2 alone at P shifts arm 2 by πP/Pπ and arm 1 by k·πP/Pπ, k = e^(−1.5), so the MZI sees
        // Δ = (1 − k)·πP/Pπ and |out1←in1|² = sin²(Δ/2) instead of sin²(πP/(2Pπ)) without crosstalk.
        double k = Math.Exp(-1.5);
        var arr = HeaterArray.FromDistances([new Heater("h1", 0, PPiMw: 20), new Heater("h2", 1, PPiMw: 20)],
                                            [new HeatedSection("ps1", 100), new HeatedSection("ps2", 100)],
                                            new double[,] { { 0, 30 }, { 30, 0 } }, CrosstalkKernel.Exponential, 20);
        foreach (double p in new[] { 0.0, 5, 20, 33 })
        {
            var c = Mzi();
            var t = Solve(c, arr.Bind(c).Overrides([0, p]), "out1", "in1").Abs2;
            double delta = (1 - k) * Math.PI * p / 20;
            Assert.Equal(Math.Pow(Math.Sin(delta / 2), 2), t, 13);
        }
        // The neighbour heater alone, h1 off and h2 at Pπ: without crosstalk out1 would be fully on (1).
        var c2 = Mzi();
        double withXt = Solve(c2, arr.Bind(c2).Overrides([0, 20]), "out1", "in1").Abs2;
        Assert.True(withXt < 0.9, $"crosstalk should reduce the switched power, got {withXt}");
    }

    [Fact]
    public void HeaterErrors()
    {
        var c = Mzi();
        Assert.Contains("no such instance", Assert.Throws<PhotonicException>(() =>
            HeaterArray.FromDistances([new Heater("h", 0, PPiMw: 20)], [new HeatedSection("ps9", 100)], new double[,] { { 0 } }, CrosstalkKernel.Exponential, 5).Bind(c)).Message);
        Assert.Contains("heated length", Assert.Throws<PhotonicException>(() =>
            HeaterArray.FromDistances([new Heater("h", 0, PPiMw: 20)], [new HeatedSection("ps1")], new double[,] { { 0 } }, CrosstalkKernel.Exponential, 5).Bind(c)).Message);
        Assert.Contains("coupler", Assert.Throws<PhotonicException>(() =>
            HeaterArray.FromDistances([new Heater("h", 0, PPiMw: 20)], [new HeatedSection("dc1")], new double[,] { { 0 } }, CrosstalkKernel.Exponential, 5).Bind(c)).Message);
        Assert.Contains("not both", Assert.Throws<PhotonicException>(() =>
            HeaterArray.FromDistances([new Heater("h", 0, PPiMw: 20, RthKPerMw: 1)], [new HeatedSection("ps1", 100)], new double[,] { { 0 } }, CrosstalkKernel.Exponential, 5)).Message);
        Assert.Contains("2 × 1", Assert.Throws<PhotonicException>(() =>
            HeaterArray.FromMatrix([new Heater("h", 0, RthKPerMw: 1)], [new HeatedSection("ps1", 100), new HeatedSection("ps2", 100)], new double[,] { { 1, 0 } })).Message);
        Assert.Contains("own section", Assert.Throws<PhotonicException>(() =>
            HeaterArray.FromMatrix([new Heater("h", 0, RthKPerMw: 1)], [new HeatedSection("ps1", 100)], new double[,] { { 2 } }).Bind(c)).Message);
        Assert.Contains("≥ 0", Assert.Throws<PhotonicException>(() =>
            HeaterArray.FromMatrix([new Heater("h", 0, RthKPerMw: 1)], [new HeatedSection("ps1", 100)], new double[,] { { 1 } }).Bind(c).Overrides([-1.0])).Message);
    }
}
