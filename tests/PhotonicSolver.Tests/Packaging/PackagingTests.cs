using PhotonicSolver.Backends;
using PhotonicSolver.Packaging;
using PhotonicSolver.Tests.Cli;

namespace PhotonicSolver.Tests.Packaging;

/// <summary>
/// The packaging comparison: orderings physics demands (an on-package laser runs hotter than an ELS; removing the
/// DSP lowers power and margin), link-flap counting, and the command end to end.
/// </summary>
public class PackagingTests
{
    private static string Ex(string rel) => Path.GetFullPath(CliRunner.Example(rel)).Replace('\\', '/');

    /// <summary>
    /// A small system in a temporary folder: the example's network at a 1 s step (61 states), 60 Monte Carlo links,
    /// two pluggables that differ only in the module DSP, and the two CPO variants.
    /// </summary>
    public static string SmallSystem(string lockMode = "track", string extra = "")
    {
        string net = File.ReadAllText(Ex("packaging/switch_network.yaml"))
            .Replace("../thermal/asic_power.csv", Ex("thermal/asic_power.csv"))
            .Replace("step_s: 0.25", "step_s: 1.0");
        string netPath = CliRunner.TempFile("network.yaml", net);
        string dir = Path.GetDirectoryName(netPath)!;
        string text = $$"""
            switch: {bandwidth_Tbps: 102.4, ports: 512}
            serdes: {generation: cei_224g}
            dsp: {pJ_per_bit: 7.0, gain_dB: 2.0}
            thermal: {drift: {{Ex("thermal/cpo_vs_els.yaml")}}, network: {{netPath.Replace('\\', '/')}}, lock: {{lockMode}}}
            laser: {model: {{Ex("lasers/dfb_quarter_wave.yaml")}}, current_mA: 60}
            optics: {pJ_per_bit: 2.0, modulator_loss_dB: 6.0, rx_sensitivity_dBm: -3.0}
            fiber_attach: {file: {{Ex("fiber/smf_to_ssc.yaml")}}, sigma_um: 0.8, samples: 60, seed: 3}
            packagings:
              with_dsp:
                channel:
                  pcb: {line: stripline, material: megtron7, length_mm: 300, width_um: 127, b_um: 254, t_um: 18}
                  connector: {loss_dB: 1.0}
                dsp: true
                laser: {node: module}
                pic: module
                fiber_attaches: 2
              no_dsp:
                channel:
                  pcb: {line: stripline, material: megtron7, length_mm: 300, width_um: 127, b_um: 254, t_um: 18}
                  connector: {loss_dB: 1.0}
                dsp: false
                laser: {node: module}
                pic: module
                fiber_attaches: 2
              cpo_laser:
                channel:
                  package: {line: microstrip, material: abf_gx, length_mm: 10, width_um: 35, h_um: 16, t_um: 15}
                laser: {node: laser}
                pic: pic
                fiber_attaches: 2
              cpo_els:
                channel:
                  package: {line: microstrip, material: abf_gx, length_mm: 10, width_um: 35, h_um: 16, t_um: 15}
                laser: {fixed_C: 25}
                els: {connectors: 2, connector_loss_dB: 0.5}
                pic: pic
                fiber_attaches: 3
            {{extra}}
            """;
        string path = Path.Combine(dir, "system.yaml");
        File.WriteAllText(path, text);
        return path;
    }

    private static PackagingResult Run(string path) => PackagingAnalysis.Run(PackagingSystem.Load(path), new CpuBackend());

    // One run per lock mode, shared by the tests (each run solves the ring over the trace for every packaging and placement).
    private static readonly Lazy<PackagingResult> Tracked = new(() => Run(SmallSystem(extra: "placements: {hot: {node: laser}, els: {fixed_C: 25}}")));
    private static readonly Lazy<PackagingResult> Held = new(() => Run(SmallSystem("hold")));

    [Fact]
    public void OrderingsPhysicsDemands()
    {
        var r = Tracked.Value;
        PackagingRow Row(string n) => r.Rows.Single(x => x.Option.Name == n);
        var dsp = Row("with_dsp"); var lin = Row("no_dsp"); var cpo = Row("cpo_laser"); var els = Row("cpo_els");
        // An on-package laser runs hotter than an ELS held at 25 °C, and hotter than the ambient.
        Assert.True(cpo.Optics.LaserTMaxC > els.Optics.LaserTMaxC + 10, $"{cpo.Optics.LaserTMaxC} vs {els.Optics.LaserTMaxC}");
        Assert.Equal(25, els.Optics.LaserTMaxC, 12);
        // The hotter DFB emits less (its threshold rises and slope falls with T).
        Assert.True(cpo.Optics.LaserPowerDbm.Min() < els.Optics.LaserPowerDbm.Min());
        // Removing the DSP lowers the power by the DSP's energy and the margin by its sensitivity gain (same copper, same node).
        Assert.Equal(7.0, dsp.TotalPjPerBit - lin.TotalPjPerBit, 9);
        Assert.Equal(2.0, dsp.Optics.MarginMedianWorstDb - lin.Optics.MarginMedianWorstDb, 9);
        // Short package copper needs a lower SerDes class than 200 mm of board.
        Assert.True(cpo.ElectricalLossDb < dsp.ElectricalLossDb);
        Assert.True(cpo.SerDesPjPerBit < dsp.SerDesPjPerBit);
        // The p99 link is worse than the median link, and the switch power is pJ/bit × bandwidth.
        foreach (var x in r.Rows)
        {
            Assert.True(x.Optics.MarginP99WorstDb < x.Optics.MarginMedianWorstDb);
            Assert.True(x.Optics.AttachLossP99Db > x.Optics.AttachLossMedianDb);
            Assert.Equal(x.TotalPjPerBit * 102.4, x.SwitchOpticsW, 9);
        }
    }

    [Fact]
    public void HeldHeaterLosesTheRingThatALockLoopKeeps()
    {
        // With the heater held at its t = 0 power the ring drifts off an ELS laser as the PIC heats (the CPO-vs-ELS
        // example's point); a lock loop keeps the locked loss at every time.
        var held = Held.Value.Rows.Single(x => x.Option.Name == "cpo_els");
        var track = Tracked.Value.Rows.Single(x => x.Option.Name == "cpo_els");
        Assert.True(held.Optics.RingLossDb.Max() > track.Optics.RingLossDb.Max() + 3, $"{held.Optics.RingLossDb.Max()} vs {track.Optics.RingLossDb.Max()}");
        Assert.Equal(track.Optics.RingLossDb.Min(), track.Optics.RingLossDb.Max(), 12);
        Assert.True(held.Optics.Flaps.TimeBelowZeroPct > track.Optics.Flaps.TimeBelowZeroPct);
    }

    [Fact]
    public void FlapCounting()
    {
        double[] t = [0, 1, 2, 3, 4, 5];
        double[] m = [1, -1, -2, 3, -1, 2];
        var (below, cross, down) = PackagingAnalysis.Flaps(t, m);
        Assert.Equal(3.0, below, 12);   // [1,2), [2,3), [4,5)
        Assert.Equal(4, cross);
        Assert.Equal(2, down);
        Assert.Equal((0.0, 0, 0), PackagingAnalysis.Flaps(t, [1, 1, 1, 1, 1, 1]));
    }

    [Fact]
    public void PercentileInterpolatesOrderStatistics()
    {
        Assert.Equal(2.5, PackagingAnalysis.Percentile([4, 1, 3, 2], 0.5), 12);
        Assert.Equal(1.03, PackagingAnalysis.Percentile([4, 1, 3, 2], 0.01), 12);
    }

    [Fact]
    public void PlacementSensitivityMovesTheLaser()
    {
        var r = Tracked.Value;
        var hot = r.Placements.Single(p => p.Packaging == "with_dsp" && p.PlacementName == "hot");
        var cold = r.Placements.Single(p => p.Packaging == "with_dsp" && p.PlacementName == "els");
        Assert.True(hot.LaserTMaxC > cold.LaserTMaxC);
        Assert.Equal(r.Rows.Count * 2, r.Placements.Count);
    }
}
