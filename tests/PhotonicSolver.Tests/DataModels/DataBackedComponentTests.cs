using PhotonicSolver.Backends;
using PhotonicSolver.DataModels;
using PhotonicSolver.IO;
using PhotonicSolver.Netlists;
using PhotonicSolver.Numerics;
using PhotonicSolver.Sweep;
using PhotonicSolver.Tests.Cli;

namespace PhotonicSolver.Tests.DataModels;

/// <summary>Components backed by S-parameter files inside netlists: compiled into the plan as tables.</summary>
public class DataBackedComponentTests
{
    private static string WriteTouchstone(string dir, string name, SParameterData d, PhaseConvention c = PhaseConvention.Engineering)
    {
        string path = Path.Combine(dir, name);
        using var w = new StreamWriter(path);
        Touchstone.Write(w, d.PortNames, d.WavelengthsUm, d.S, "Hz", c);
        return path;
    }

    private static string Dir() => Path.GetDirectoryName(CliRunner.TempFile("x"))!;

    [Fact]
    public void ACircuitExportedAndReusedAsAComponentGivesTheSameSMatrix()
    {
        // The add-drop ring, exported on a 0.1 nm grid, then used as one data-backed 4-port.
        var ring = TestCircuits.AddDropRing(0.1, 0.1, 62.83, lossDbCm: 3);
        var wl = SweepAxis.Linear("wl", 1.545, 1.555, 101);
        var data = CircuitSParameters.Compute(ring, wl, new CpuBackend(1));
        string dir = Dir();
        WriteTouchstone(dir, "ring.s4p", data);
        string netlist = Path.Combine(dir, "wrap.yaml");
        File.WriteAllText(netlist, """
            instances:
              r: {component: ring.s4p}
            ports:
              in: r,o1
              through: r,o2
              drop: r,o3
              add: r,o4
            """);
        var wrapped = Flattener.Flatten(NetlistLoader.LoadFile(netlist));
        var at = TestCircuits.Solve(wrapped, new SweepSpec([wl]));
        for (int p = 0; p < 101; p++)
            for (int o = 0; o < 4; o++)
                for (int i = 0; i < 4; i++)
                    // Read back at the sample wavelengths. The λ→f→λ round trip moves a table wavelength by ≤ 2 ulp
                    // (4.4e-16 µm), an interpolation weight ≤ 4.4e-12 of a 0.1 nm step, times |ΔS| ≤ 2: below 1e-11.
                    Assert.True((at[p][o, i] - data.S[p][o, i]).Abs < 1e-11, $"S[{o},{i}] at point {p}: {at[p][o, i]} vs {data.S[p][o, i]}");

        // Between samples: linear interpolation of Re and Im, the same on the host and in the plan.
        var midAxis = SweepAxis.Linear("wl", 1.54505, 1.55495, 100);
        var mid = TestCircuits.Solve(wrapped, new SweepSpec([midAxis]));
        var table = wrapped.Instances[0].Model.Data!;
        for (int p = 0; p < 100; p++)
            Assert.Equal(table.At(1, 0, midAxis[p]), mid[p][1, 0]); // the same arithmetic in the same order
    }

    [Fact]
    public void ADataBackedWaveguideInsideARingMatchesTheBuiltInRing()
    {
        // The ring's straight replaced by its own Touchstone export: same spectrum at the sample wavelengths.
        var reference = TestCircuits.AllPassRing(coupling: 0.2, length: 40, lossDbCm: 5);
        var straight = new TestCircuits.Builder()
            .Add("wg", "straight", ("length", 40), ("loss_dB_cm", 5), ("dneff_dT", 0))
            .Port("a", "wg,o1").Port("b", "wg,o2").Build();
        var wl = SweepAxis.Linear("wl", 1.54, 1.56, 201);
        string dir = Dir();
        WriteTouchstone(dir, "wg.s2p", CircuitSParameters.Compute(straight, wl, new CpuBackend(1)));
        string netlist = Path.Combine(dir, "ring.yaml");
        File.WriteAllText(netlist, """
            instances:
              dc: {component: coupler, settings: {coupling: 0.2}}
              ring: {component: wg.s2p}
            connections:
              dc,o3: ring,o1
              ring,o2: dc,o2
            ports:
              in: dc,o1
              through: dc,o4
            """);
        var hybrid = Flattener.Flatten(NetlistLoader.LoadFile(netlist));
        var a = TestCircuits.Solve(reference, new SweepSpec([wl]));
        var b = TestCircuits.Solve(hybrid, new SweepSpec([wl]));
        // The table's wavelengths sit ≤ 2 ulp off the sweep's (λ→f→λ), so the straight's S is off by ≤ 4.4e-12 of its
        // 0.036 rad step, ~2e-13; the ring (κ² = 0.2) enhances the field by < 20: 1e-11 is ample.
        for (int p = 0; p < 201; p++) Assert.True((a[p][1, 0] - b[p][1, 0]).Abs < 1e-11, $"point {p}: {a[p][1, 0]} vs {b[p][1, 0]}");
        // A reflection-free straight has structural zeros on S11/S22: only the two transmissions are tabulated.
        Assert.Equal(2, hybrid.Instances.First(i => i.Path == "ring").Model.SlotCount);
    }

    [Fact]
    public void ALumericalFileLoadsAsAComponent()
    {
        string dir = Dir();
        File.WriteAllText(Path.Combine(dir, "att.sparam"), """
            ("port 2","TE",1,"port 1",1,"transmission")
            (2,3)
            1.90e14 0.5 0.0
            1.96e14 0.5 0.0
            ("port 1","TE",1,"port 2",1,"transmission")
            (2,3)
            1.90e14 0.5 0.0
            1.96e14 0.5 0.0
            """);
        string netlist = Path.Combine(dir, "n.yaml");
        File.WriteAllText(netlist, "instances:\n  a: {component: att.sparam}\nports:\n  in: a,o1\n  out: a,o2\n");
        var c = Flattener.Flatten(NetlistLoader.LoadFile(netlist));
        var s = TestCircuits.Solve(c, TestCircuits.Wavelengths(1.53, 1.57, 5));
        Assert.All(s, m => Assert.Equal(0.25, m[1, 0].Abs2, 1e-15));
    }

    [Fact]
    public void WavelengthsOutsideTheDataAreRefused()
    {
        string dir = Dir();
        var d = new SParameterData("d", ["a", "b"], [1.54, 1.56], [new Cx[2, 2] { { Cx.Zero, Cx.One }, { Cx.One, Cx.Zero } }, new Cx[2, 2] { { Cx.Zero, Cx.One }, { Cx.One, Cx.Zero } }]);
        WriteTouchstone(dir, "t.s2p", d);
        string netlist = Path.Combine(dir, "n.yaml");
        File.WriteAllText(netlist, "instances:\n  t: {component: t.s2p}\nports:\n  in: t,o1\n  out: t,o2\n");
        var c = Flattener.Flatten(NetlistLoader.LoadFile(netlist));
        var e = Assert.Throws<PhotonicException>(() => TestCircuits.Solve(c, TestCircuits.Wavelengths(1.5, 1.55, 3)));
        Assert.Contains("n.yaml:2:", e.Message);
        Assert.Contains("instance 't' (t.s2p): wavelengths 1.5–1.55 µm leave the data's range 1.54–1.56 µm", e.Message);
    }

    [Fact]
    public void MissingFilesAndSettingsOnDataComponentsAreNamed()
    {
        string dir = Dir();
        string netlist = Path.Combine(dir, "n.yaml");
        File.WriteAllText(netlist, "instances:\n  t: {component: nope.s2p}\nports:\n  in: t,o1\n  out: t,o2\n");
        var e = Assert.Throws<PhotonicException>(() => Flattener.Flatten(NetlistLoader.LoadFile(netlist)));
        Assert.Contains("n.yaml:2:", e.Message);
        Assert.Contains("instance 't': S-parameter file not found", e.Message);

        var d = new SParameterData("d", ["a", "b"], [1.54, 1.56], [new Cx[2, 2], new Cx[2, 2]]);
        WriteTouchstone(dir, "t.s2p", d);
        File.WriteAllText(netlist, "instances:\n  t: {component: t.s2p, settings: {length: 3}}\nports:\n  in: t,o1\n  out: t,o2\n");
        e = Assert.Throws<PhotonicException>(() => Flattener.Flatten(NetlistLoader.LoadFile(netlist), null, new NetlistOptions(StrictSettings: true)));
        Assert.Contains("unknown setting 'length' for model 't.s2p'", e.Message);
        // Without strict settings the setting is ignored, with one warning naming it.
        var c = Flattener.Flatten(NetlistLoader.LoadFile(netlist));
        Assert.Contains(c.Warnings, w => w.Contains("cell settings no model uses were ignored: t.s2p (t): length"));
    }
}

/// <summary>The example in examples/data_backed: an MZI of two Lumerical Y-branches and two straights.</summary>
public class DataBackedExampleTests
{
    [Fact]
    public void MziOfDataBackedYBranchesHasTheAnalyticFsrAndPeak()
    {
        var mzi = PhotonicSolver.Api.Circuit.Load(CliRunner.Example("data_backed/mzi_y_branch.yaml"));
        var d = mzi.Sweep(wl: (1.53, 1.57, 40001)).Run();
        double[] wl = d.Wavelengths, t = d.T("out", "in");
        // Two Y-branches with 0.1 dB excess loss each: T = 10^(−0.02)·cos²(Δφ/2), peak −0.2 dB.
        Assert.Equal(Math.Pow(10, -0.02), t.Max(), 1e-6);
        var peaks = PhotonicSolver.Analysis.SpectrumAnalysis.FindResonances(wl, t, dips: false);
        int k = peaks.FindIndex(p => p.Wavelength > 1.55);
        // With linear dispersion, neighbouring peaks satisfy λ1·λ2/(ng·ΔL) exactly; 1 pm sampling refined by parabolas.
        Assert.Equal(peaks[k].Wavelength * peaks[k - 1].Wavelength / (4.2 * 40), peaks[k].Wavelength - peaks[k - 1].Wavelength, 1e-5);
    }
}
