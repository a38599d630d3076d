using System.Globalization;
using PhotonicSolver.Tests.Cli;

namespace PhotonicSolver.Tests.Thermal;

/// <summary>`photonic drift`: the CPO-vs-ELS example end to end, the shift and lock commands, and input errors.</summary>
public class DriftCliTests
{
    private static string Ex(string name) => CliRunner.Example(Path.Combine("thermal", name));

    private static double[] Column(string[] lines, string name)
    {
        int c = Array.IndexOf(lines[0].Split(','), name);
        Assert.True(c >= 0, $"no column {name} in {lines[0]}");
        return lines.Skip(1).Select(l => double.Parse(l.Split(',')[c], CultureInfo.InvariantCulture)).ToArray();
    }

    [Fact]
    public void CpoVsElsExampleRunsFromOneCommand()
    {
        string csv = CliRunner.TempFile("cpo_vs_els.csv");
        var r = CliRunner.Run("drift", "transient", Ex("cpo_vs_els.yaml"), "--out", csv, "--backend", "cpu");
        Assert.True(r.Code == 0, r.Err);
        Assert.Contains("laser 'cpo' (on node 'laser'", r.Out);
        Assert.Contains("laser 'els' (held at 25 °C", r.Out);
        var lines = File.ReadAllLines(csv);
        string Cols(string l) => $"wl_um.{l},feature_um.{l},detuning_pm.{l},trans.{l},loss_dB.{l},relock_mW.{l},laser_mW.{l}";
        Assert.Equal($"time_s,T.asic,T.pic,T.laser,{Cols("cpo")},{Cols("els")},{Cols("cpo_dfb")}", lines[0]);
        Assert.Equal(601 + 1, lines.Length);

        var pic = Column(lines, "T.pic");
        var laserT = Column(lines, "T.laser");
        // The lasers: λ = λ_ref + 0.09 nm/K·(T − T_ref); the ELS is fixed.
        var wlCpo = Column(lines, "wl_um.cpo");
        var wlEls = Column(lines, "wl_um.els");
        for (int k = 0; k < pic.Length; k++)
        {
            Assert.Equal(1.5540 + 0.09e-3 * (laserT[k] - 45), wlCpo[k], 12);
            Assert.Equal(1.5540, wlEls[k], 12);
        }
        // The DFB model laser: its lasing mode and L-I curve at the laser node's temperature.
        var dfb = PhotonicSolver.Lasers.DfbLaser.Load(Ex("../lasers/dfb_quarter_wave.yaml"));
        var modes = dfb.Modes(4);
        var wlDfb = Column(lines, "wl_um.cpo_dfb");
        var pDfb = Column(lines, "laser_mW.cpo_dfb");
        for (int k = 0; k < pic.Length; k += 60)
        {
            Assert.Equal(dfb.Operate(modes, laserT[k], 60).WavelengthUm, wlDfb[k], 12);
            Assert.Equal(dfb.PowerMw(60, laserT[k]), pDfb[k], 12);
        }
        Assert.Contains("DFB model at 60 mA", r.Out);
        // Locked at t = 0 (the idle steady state holds until the step at 5 s).
        Assert.True(Math.Abs(Column(lines, "detuning_pm.els")[0]) < 0.01);
        Assert.True(Math.Abs(Column(lines, "detuning_pm.cpo")[0]) < 0.01);
        // With the heater held, the resonance moves exactly linearly with the PIC temperature, by
        // λ·(dneff/dT)/ng per kelvin (λ at 25 °C of the heated ring); positions are good to ~0.01 pm.
        var f = Column(lines, "feature_um.els");
        double slope = (f[^1] - f[0]) / (pic[^1] - pic[0]);
        for (int k = 0; k < pic.Length; k += 50) Assert.Equal(f[0] + slope * (pic[k] - pic[0]), f[k], 7);
        // λ·(dneff/dT)/ng with the group index of the heated ring: the heater (5 K/mW on half the ring, P0 mW)
        // raises ng of that half by dneff/dT·ΔT, as a temperature rise does in the model.
        double lambda25 = f[0] - slope * (pic[0] - 25);
        string lockLine = r.Out.Split('\n').SkipWhile(l => !l.StartsWith("laser 'els'")).First(l => l.Contains("locked at t = 0"));
        double p0 = double.Parse(lockLine.Split("with ")[1].Split(' ')[0], CultureInfo.InvariantCulture);
        double ng = 4.2 + 1.86e-4 * 5 * p0 / 2;
        // p0 is printed to 1e-3 mW: ng to 5e-7, the slope to ~1e-7 relative (7e-12 µm/K).
        Assert.Equal(lambda25 * 1.86e-4 / ng, slope, 11);
        // The ELS link degrades more than the CPO one: the CPO laser partly follows the ring.
        Assert.True(Column(lines, "loss_dB.els").Max() > Column(lines, "loss_dB.cpo").Max());
        Assert.True(Column(lines, "relock_mW.els").Min() < 0);
    }

    [Fact]
    public void ShiftCommandMatchesTheAnalyticSlope()
    {
        var r = CliRunner.Run("drift", "shift", Ex("ring_filter.yaml"), "--pair", "drop:in", "--peak", "--wl", "1.535:1.575:4001",
                              "--temperature", "25,55,85", "--near", "1.554", "--backend", "cpu");
        Assert.True(r.Code == 0, r.Err);
        double Value(string label) => double.Parse(r.Out.Split('\n').First(l => l.Contains(label)).Split(label)[1].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        double measured = Value("measured slope"), analytic = Value("λ·(dneff/dT)/ng");
        Assert.Equal(analytic, measured, 3);
        Assert.InRange(measured, 68.5, 69);
    }

    [Fact]
    public void LockCommandPrintsPowers()
    {
        string csv = CliRunner.TempFile("lock.csv");
        var r = CliRunner.Run("drift", "lock", Ex("ring_filter.yaml"), "--pair", "drop:in", "--peak", "--wl", "1.535:1.575:4001",
                              "--temperature", "20,40,60", "--laser-wl", "1.5545", "--laser-fixed", "25", "--heater-on", "h1", "--r-th", "5",
                              "--backend", "cpu", "--out", csv);
        Assert.True(r.Code == 0, r.Err);
        Assert.Contains("worst case", r.Out);
        var lines = File.ReadAllLines(csv);
        var p = Column(lines, "power_mW");
        // A fixed laser and a warming ring: less heater at higher ambient, by 68.8 pm/K·20 K / tuning per step.
        Assert.True(p[0] > p[1] && p[1] > p[2]);
        Assert.All(Column(lines, "residual_pm"), x => Assert.True(Math.Abs(x) < 0.01));
    }

    private static void AssertInputError((int Code, string Out, string Err) r, params string[] mustContain)
        => CliRunner.AssertInputError(r, mustContain);

    private static string Scenario(string replace, string with)
    {
        string text = File.ReadAllText(Ex("cpo_vs_els.yaml")).Replace(replace, with);
        string path = CliRunner.TempFile("scenario.yaml", text);
        foreach (var f in new[] { "ring_filter.yaml", "cpo_network.yaml", "asic_power.csv" })
            File.Copy(Ex(f), Path.Combine(Path.GetDirectoryName(path)!, f));
        File.WriteAllText(path, File.ReadAllText(path).Replace("../lasers/", Path.GetFullPath(Ex("../lasers")) + "/"));
        return path;
    }

    [Fact]
    public void ScenarioErrors()
    {
        AssertInputError(CliRunner.Run("drift", "transient", Scenario("pic: ['*']", "pcb: ['*']"), "--out", "-", "--backend", "cpu"), "thermal node 'pcb'", "pic");
        AssertInputError(CliRunner.Run("drift", "transient", Scenario("pic: ['*']", "pic: [ring]"), "--out", "-", "--backend", "cpu"), "no instance 'ring'");
        AssertInputError(CliRunner.Run("drift", "transient", Scenario("lock_heater: ring_heater", "lock_heater: nope"), "--out", "-", "--backend", "cpu"),
                         "scenario.yaml:", "no heater 'nope'");
        AssertInputError(CliRunner.Run("drift", "transient", Scenario("fixed_C: 25}", "fixed_C: 25, node: laser}"), "--out", "-", "--backend", "cpu"),
                         "laser 'els'", "either node");
        AssertInputError(CliRunner.Run("drift", "transient", Scenario("{out: drop, in: in}", "{out: drop2, in: in}"), "--out", "-", "--backend", "cpu"),
                         "no external port 'drop2'");
        AssertInputError(CliRunner.Run("drift", "transient", Scenario("current_mA: 60,", "current_mA: 60, wavelength_um: 1.55,"), "--out", "-", "--backend", "cpu"),
                         "laser 'cpo_dfb'", "come from the model");
        AssertInputError(CliRunner.Run("drift", "shift", Ex("ring_filter.yaml"), "--pair", "drop:in", "--peak", "--wl", "1.5539:1.5541:11",
                                       "--backend", "cpu"), "no peak found");
    }
}
