using System.Globalization;
using ApiCircuit = PhotonicSolver.Api.Circuit;
using PhotonicSolver.Backends;
using PhotonicSolver.Lasers;
using PhotonicSolver.Links;

namespace PhotonicSolver.Tests.Links;

/// <summary>
/// End-to-end links: received power = P_laser · fiber loss · |S[out, in]|²(λ(T_laser), T_chip), against closed forms
/// computed here independently of the engine; the laser's drift and L-I; the ELS fiber arithmetic; the batching.
/// </summary>
public class LinkEvaluationTests
{
    // Grating coupler + straight: |S21|² = 10^(−GC loss/10)·exp(−4ln2·(λ − λc(T))²/BW²) · 10^(−α·L/10),
    // λc(T) = wl0 + dwl_dT·(T − T_ref) (fiber at the reference angle). The straight's loss does not depend on λ or T.
    private const double Wl0 = 1.55, Bw = 0.04, GcLossDb = 3.2, DwlDT = 8e-5, TRef = 20, LengthUm = 5000, LossDbCm = 2.0;

    private static readonly string GcStraight = string.Create(CultureInfo.InvariantCulture, $$$"""
        instances:
          gc: {component: grating_coupler, settings: {wl0: {{{Wl0}}}, bandwidth_3dB: {{{Bw}}}, loss_dB: {{{GcLossDb}}}, fiber_angle_deg: 8, angle_ref_deg: 8, dwl_dT: {{{DwlDT}}}, T_ref_C: {{{TRef}}}}}
          wg: {component: straight, settings: {length: {{{LengthUm}}}, neff: 2.4, ng: 4.2, wl0: 1.55, loss_dB_cm: {{{LossDbCm}}}}}
        connections:
          gc,o1: wg,o1
        ports:
          fiber: gc,o2
          out: wg,o2
        settings: {wl: 1.55, temperature: 25}
        """);

    private static double ClosedFormT(double wl, double chipT)
    {
        double centre = Wl0 + DwlDT * (chipT - TRef);
        double x = (wl - centre) / Bw;
        return Math.Pow(10, -GcLossDb / 10) * Math.Exp(-4 * Math.Log(2) * x * x) * Math.Pow(10, -LossDbCm * LengthUm * 1e-4 / 10);
    }

    private const string DfbFile = """
        grating: {kappa_per_um: 0.005, length_um: 400, shift: quarter_wave, neff: 3.2, ng: 3.6, bragg_wl_um: 1.55}
        thermal: {dn_dT: 2.0e-4, expansion_per_K: 4.6e-6, T_ref_C: 25}
        electrical: {I_th_ref_mA: 10, T0_K: 60, slope_W_per_A: 0.3, T1_K: 100, I_op_mA: 60}
        """;

    [Fact]
    public void ReceivedPowerIsSourcePowerTimesFiberLossTimesClosedFormTransmission()
    {
        // A fixed source drifting 0.1 nm/K from 1.545 µm at 25 °C, through 3 km of fiber and two connectors.
        var source = new FixedSource(powerMw: 8, wavelengthUm: 1.545, dwlDTUmPerK: 1e-4, tRefC: 25);
        var fiber = new FiberLink(3, 0.35, [0.5, 0.25]);
        var link = new OpticalLink(ApiCircuit.FromYaml(GcStraight, "gc_straight.yaml"), source, "fiber", "out", fiber);
        var scenarios = LinkScenario.Grid([0, 25, 50, 75], [-10, 25, 60, 110], [0]);
        var r = link.Evaluate(scenarios);
        Assert.Equal(16, r.Count);
        double fiberT = Math.Pow(10, -(3 * 0.35 + 0.75) / 10);
        for (int k = 0; k < r.Count; k++)
        {
            var s = scenarios[k];
            double wl = 1.545 + 1e-4 * (s.LaserTemperatureC - 25);
            double t = ClosedFormT(wl, s.ChipTemperatureC);
            Assert.Equal(wl, r.WavelengthUm[k], 1e-15);
            // The engine's Gaussian uses the project's range-reduced exp (≤ 2 ulp) and √T squared again: 1e-13
            // relative covers that rounding with a wide margin; a wrong λ or T would be off by far more (dT = 1 K
            // moves λc by 0.08 nm, changing T by ~1e-3 relative on the flank).
            Assert.Equal(t, r.ChipTransmission[k], t * 1e-13);
            Assert.Equal(8 * fiberT * t, r.ReceivedPowerMw[k], 8 * fiberT * t * 1e-13);
            Assert.Equal(10 * Math.Log10(8 * fiberT * t), r.ReceivedPowerDbm[k], 1e-12);
            Assert.Equal(1.8 - 10 * Math.Log10(t), r.LinkLossDb[k], 1e-12);
        }
        // Four laser temperatures give four wavelengths: the grid is exactly the 4 × 4 scenarios.
        Assert.Equal(4, r.Wavelengths);
        Assert.Equal(4, r.ChipTemperatures);
        Assert.Equal(16, r.GridPoints);
    }

    [Fact]
    public void DfbSourceDriftsAndLosesPowerAsTheLaserModelSays()
    {
        var laser = DfbLaser.Parse(DfbFile, "dfb.yaml");
        var link = new OpticalLink(ApiCircuit.FromYaml(GcStraight, "gc_straight.yaml"), new DfbSource(laser), "fiber", "out");
        double[] temps = [0, 25, 45, 85];
        var scenarios = LinkScenario.CoPackaged(temps, [20, 60]);
        var r = link.Evaluate(scenarios);
        var modes = laser.Modes(DfbSource.ModesSolved);
        for (int k = 0; k < r.Count; k++)
        {
            var s = scenarios[k];
            Assert.Equal(s.LaserTemperatureC, s.ChipTemperatureC);
            // The existing laser model, exactly: the source does not re-derive any physics.
            var op = laser.Operate(modes, s.LaserTemperatureC, s.CurrentMa);
            Assert.Equal(op.WavelengthUm, r.WavelengthUm[k]);
            Assert.Equal(op.PowerMw, r.LaserPowerMw[k]);
            // And that model is the CONVENTIONS one: a λ/4-shifted DFB lases at λB(T) = λB0 + (λB0/ng)(dn/dT + neff·α)(T − Tref)
            // (the mode's δL = 0 to the root finder's 1e-12, i.e. < 1e-15 µm), and P = η0·e^(−ΔT/T1)·(I − I_th0·e^(ΔT/T0)).
            double dT = s.LaserTemperatureC - 25;
            double wl = 1.55 + 1.55 / 3.6 * (2.0e-4 + 3.2 * 4.6e-6) * dT;
            Assert.Equal(wl, r.WavelengthUm[k], 1e-12);
            double p = Math.Max(0, 0.3 * Math.Exp(-dT / 100) * (s.CurrentMa - 10 * Math.Exp(dT / 60)));
            Assert.Equal(p, r.LaserPowerMw[k], 1e-12);
            // Co-packaged: the chip sees the laser's wavelength at its own (equal) temperature; no fiber.
            double t = ClosedFormT(wl, s.ChipTemperatureC);
            Assert.Equal(p * t, r.ReceivedPowerMw[k], Math.Max(p * t, 1e-300) * 1e-11);
        }
        // At 85 °C, I_th = 10·e = 27.2 mA > 20 mA: below threshold, no light, −∞ dBm.
        int below = scenarios.FindIndex(s => s.LaserTemperatureC == 85 && s.CurrentMa == 20);
        Assert.Equal(0.0, r.ReceivedPowerMw[below]);
        Assert.Equal(double.NegativeInfinity, r.ReceivedPowerDbm[below]);
        // Four temperatures tied to four wavelengths: the zipped plan evaluated the 4 (T, λ) pairs, not a 4 × 4 grid;
        // the currents change only the power and add no wavelengths.
        Assert.Equal(4, r.Wavelengths);
        Assert.Equal(4, r.GridPoints);
    }

    [Fact]
    public void ExternalSourceAtFixedTemperatureNeedsOneWavelengthAndLinkResultsAgreeWithAPlainSweep()
    {
        var laser = DfbLaser.Parse(DfbFile, "dfb.yaml");
        var circuit = ApiCircuit.FromYaml(GcStraight, "gc_straight.yaml");
        var link = new OpticalLink(circuit, new DfbSource(laser), "fiber", "out", new FiberLink(10));
        double[] chip = Enumerable.Range(0, 41).Select(i => -20 + 3.0 * i).ToArray();
        using var cpu = new CpuBackend();
        var r = link.Evaluate(LinkScenario.Grid([25], chip, [60]), cpu);
        Assert.Equal(1, r.Wavelengths);
        Assert.Equal(41, r.GridPoints);
        Assert.Equal("cpu", r.Backend);
        // The same numbers from an ordinary sweep of the same circuit (temperature outer, the laser's λ inner).
        double wl = r.WavelengthUm[0];
        var sweep = circuit.Sweep([wl]).Over("temperature", chip).Pairs("out:fiber").On(cpu).Run();
        Assert.Equal(sweep.T("out", "fiber"), r.ChipTransmission);
        // 10 km at the default 0.35 dB/km (ITU-T G.652 at 1550 nm) = 3.5 dB, no connectors.
        Assert.Equal(3.5, r.FiberLossDb, 1e-12);
        for (int k = 0; k < r.Count; k++)
            Assert.Equal(15 * Math.Pow(10, -0.35) * r.ChipTransmission[k], r.ReceivedPowerMw[k], 1e-14);
    }

    [Fact]
    public void DetuningPenaltyIsChipLossAboveTheBestScenario()
    {
        var link = new OpticalLink(ApiCircuit.FromYaml(GcStraight, "gc_straight.yaml"), new FixedSource(1, Wl0), "fiber", "out");
        // The source sits at wl0; the coupler's centre is at wl0 at T_ref = 20 °C and drifts 0.08 nm/K.
        var r = link.Evaluate(LinkScenario.Grid([25], [20, 70, 120], [0]));
        Assert.Equal(0.0, r.DetuningPenaltyDb[0]);
        for (int k = 0; k < 3; k++)
        {
            // Gaussian in dB: 10·log10(e)·4ln2·(Δλ/BW)², Δλ = 8e-5·ΔT.
            double x = DwlDT * (r.Scenarios[k].ChipTemperatureC - TRef) / Bw;
            Assert.Equal(10 / Math.Log(10) * 4 * Math.Log(2) * x * x, r.DetuningPenaltyDb[k], 1e-10);
        }
        Assert.Equal(2, r.WorstDetuningScenario);
        Assert.Equal(0, r.StrongestScenario);
        Assert.Equal(2, r.WeakestScenario);
    }

    [Fact]
    public void FiberLossIsLengthTimesAttenuationPlusConnectors()
    {
        var f = new FiberLink(2.5, 0.4, [0.3, 0.2, 0.15]);
        Assert.Equal(1.0, f.FiberLossDb, 1e-15);
        Assert.Equal(0.65, f.ConnectorLossDb, 1e-15);
        Assert.Equal(1.65, f.LossDb, 1e-15);
        Assert.Equal(Math.Pow(10, -0.165), f.Transmission, 1e-15);
        Assert.Equal(0.35, new FiberLink(1).AttenuationDbPerKm);
        Assert.Equal(0.0, new FiberLink(0).LossDb);
        Assert.Contains("negative", Assert.Throws<PhotonicException>(() => new FiberLink(-1)).Message);
        Assert.Contains("attenuation", Assert.Throws<PhotonicException>(() => new FiberLink(1, -0.2)).Message);
        Assert.Contains("connector", Assert.Throws<PhotonicException>(() => new FiberLink(1, 0.35, [0.5, -0.1])).Message);
    }

    [Fact]
    public void SourceFilesAreAFixedSourceOrADfbLaser()
    {
        var f = Assert.IsType<FixedSource>(LaserSource.Parse("source: {power_dBm: 13, wavelength_um: 1.31, dwl_dT_um_per_K: 9.0e-5, T_ref_C: 30}", "s.yaml"));
        Assert.Equal(Math.Pow(10, 1.3), f.PowerMw, 1e-12);
        Assert.False(f.HasCurrent);
        Assert.Equal(30, f.ReferenceTemperatureC);
        Assert.Equal(new LaserOutput(1.31 + 9e-5 * 10, Math.Pow(10, 1.3)), f.Output(40, 0));
        Assert.Equal(12.5, Assert.IsType<FixedSource>(LaserSource.Parse("source: {power_mW: 12.5, wavelength_um: 1.55}", "s.yaml")).PowerMw);
        var d = Assert.IsType<DfbSource>(LaserSource.Parse(DfbFile, "dfb.yaml"));
        Assert.Equal(60, d.DefaultCurrentMa);
        Assert.True(d.HasCurrent);

        static string Error(string text) => Assert.Throws<PhotonicException>(() => LaserSource.Parse(text, "src.yaml")).Message;
        Assert.Contains("src.yaml:1: ", Error("source: {power_mW: 1, power_dBm: 0, wavelength_um: 1.55}"));
        Assert.Contains("exactly one of power_mW or power_dBm", Error("source: {wavelength_um: 1.55}"));
        Assert.Contains("src.yaml:2: ", Error("# a comment\nsource: {power_mW: 1}"));
        Assert.Contains("wavelength_um", Error("source: {power_mW: 1}"));
        Assert.Contains("unknown key 'source.power_W'", Error("source: {power_W: 1, wavelength_um: 1.55}"));
        Assert.Contains("out of range", Error("source: {power_mW: -3, wavelength_um: 1.55}"));
        Assert.Contains("either a 'source:' section", Error("laser: {power_mW: 3}"));
        Assert.Contains("length_um", Error(DfbFile.Replace("length_um: 400", "length_um: -400")));
    }

    [Fact]
    public void UnknownPortsAndBadScenariosAreClearErrors()
    {
        var circuit = ApiCircuit.FromYaml(GcStraight, "gc_straight.yaml");
        var src = new FixedSource(1, 1.55);
        var e = Assert.Throws<PhotonicException>(() => new OpticalLink(circuit, src, "fibre", "out"));
        Assert.Contains("'fibre'", e.Message);
        Assert.Contains("fiber, out", e.Message);
        Assert.Contains("output port 'drop'", Assert.Throws<PhotonicException>(() => new OpticalLink(circuit, src, "fiber", "drop")).Message);
        var link = new OpticalLink(circuit, src, "fiber", "out");
        Assert.Contains("at least one scenario", Assert.Throws<PhotonicException>(() => link.Evaluate([])).Message);
        Assert.Contains("absolute zero", Assert.Throws<PhotonicException>(() => link.Evaluate([new LinkScenario(25, -300, 0)])).Message);
        var drifting = new OpticalLink(circuit, new FixedSource(1, 1.55, dwlDTUmPerK: 0.01), "fiber", "out");
        Assert.Contains("not a positive wavelength", Assert.Throws<PhotonicException>(() => drifting.Evaluate([new LinkScenario(-200, 25, 0)])).Message);
        var dfb = new OpticalLink(circuit, new DfbSource(DfbLaser.Parse(DfbFile, "dfb.yaml")), "fiber", "out");
        Assert.Contains("current", Assert.Throws<PhotonicException>(() => dfb.Evaluate([new LinkScenario(25, 25, -5)])).Message);
    }

    [Fact]
    public void ScenariosAreReadAcrossStreamedChunkBoundaries()
    {
        var laser = DfbLaser.Parse(DfbFile, "dfb.yaml");
        var circuit = ApiCircuit.FromYaml(GcStraight, "gc_straight.yaml");
        var scenarios = LinkScenario.CoPackaged(Enumerable.Range(0, 30).Select(i => 3.0 * i), [50, 70]);
        var whole = new OpticalLink(circuit, new DfbSource(laser), "fiber", "out").Evaluate(scenarios);
        // 30 zipped (T, λ) points in chunks of 7: the scenarios' points fall at every offset within a chunk.
        var chunked = new OpticalLink(circuit, new DfbSource(laser), "fiber", "out") { ChunkPoints = 7 }.Evaluate(scenarios);
        Assert.Equal(30, chunked.GridPoints);
        Assert.Equal(whole.ChipTransmission, chunked.ChipTransmission);
        for (int k = 0; k < scenarios.Count; k++)
            Assert.Equal(ClosedFormT(whole.WavelengthUm[k], scenarios[k].ChipTemperatureC), chunked.ChipTransmission[k], 1e-13);
    }
}
