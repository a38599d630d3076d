using PhotonicSolver.Circuit;
using PhotonicSolver.Models;
using PhotonicSolver.Netlists;
using PhotonicSolver.Numerics;
using PhotonicSolver.Tests.Cli;

namespace PhotonicSolver.Tests.Netlists;

/// <summary>
/// gdsfactory, gplugins and SAX netlists load as those tools write them (issue 13). The small netlists below
/// reproduce features of public files, named in each test; circuit numbers are checked against closed forms.
/// </summary>
public class GdsfactoryCompatTests
{
    private static FlatCircuit Load(string yaml, NetlistOptions? options = null, string file = "gf.yaml") =>
        Flattener.Flatten(NetlistLoader.Parse(yaml, file), null, options);

    private static Cx[][,] Solve(FlatCircuit c, double a, double b, int n) => TestCircuits.Solve(c, TestCircuits.Wavelengths(a, b, n));

    // ------------------------------------------------------------------ open ports

    [Fact]
    public void OpenPorts_BecomeMatchedTerminations_WithOneWarningListingThem()
    {
        // gdsfactory leaves unused ports open and lists them under warnings: (e.g. test_netlists_add_termination_.yml).
        var c = Load("""
            instances:
              dc: {component: coupler, settings: {coupling: 0.3}}
            ports:
              in: dc,o1
              bar: dc,o4
            warnings:
              optical:
                unconnected_ports: [{ports: ['dc,o2', 'dc,o3'], message: 2 unconnected optical ports}]
            """);
        var w = Assert.Single(c.Warnings);
        Assert.Contains("open ports terminated", w);
        Assert.Contains("dc,o2", w);
        Assert.Contains("dc,o3", w);
        // A matched termination: nothing comes back in, so the bar port carries exactly 1 − κ of the power.
        var s = Solve(c, 1.55, 1.55, 1);
        Assert.Equal(0.7, s[0][1, 0].Abs2, 1e-15);
        Assert.Equal(0.0, s[0][0, 0].Abs2, 1e-30);
    }

    [Fact]
    public void OpenPorts_AreAnError_UnderStrictPorts_FromTheFileOrTheFlag()
    {
        const string net = """
            instances:
              dc: coupler
            ports: {in: 'dc,o1'}
            """;
        var e = Assert.Throws<PhotonicException>(() => Load(net + "\noptions: {strict_ports: true}\n"));
        Assert.Contains("unconnected ports: dc,o2", e.Message);
        e = Assert.Throws<PhotonicException>(() => Load(net, new NetlistOptions(StrictPorts: true)));
        Assert.Contains("unconnected ports: dc,o2", e.Message);
    }

    // ------------------------------------------------------------------ layout keys, nets, routes

    [Fact]
    public void LayoutOnlyKeys_AreIgnored_AndNamedInOneNote()
    {
        // gplugins' notebooks/test.schem.yml: schematic_placements, list-form nets, schema/schema_version; gdsfactory 9
        // adds virtual instances, default_settings and an empty routes: {}.
        var c = Load("""
            schema: null
            instances:
              mmi1: {component: mmi1x2, settings: {gap_mmi: 1.0}}
              s1: {component: straight, settings: {length: 20, npoints: 2, cross_section: strip}, virtual: false}
              s2: {component: straight, settings: {length: 40, npoints: 2, cross_section: strip}}
              mmi2: {component: mmi2x2, settings: {gap_mmi: 0.7}}
            schematic_placements:
              mmi1: {x: null, y: null, port: null, rotation: 0.0, dx: -22.8, dy: -0.9, mirror: null}
            placements: {}
            routes: {}
            virtual: {}
            default_settings: {length_x: 10}
            info: {wavelength: 1.55}
            nets:
            - ['mmi1,o2', 's1,o1']
            - ['mmi2,o2', 's1,o2']
            - ['mmi1,o3', 's2,o1']
            - ['mmi2,o1', 's2,o2']
            ports: {o1: 'mmi1,o1', o2: 'mmi2,o3', o3: 'mmi2,o4'}
            schema_version: 1
            """);
        Assert.Equal(4, c.Connections.Count);
        Assert.Contains(c.Notes, n => n.Contains("layout-only keys ignored: schematic_placements, default_settings, info"));
        // gap_mmi, npoints and cross_section are reported once, per cell.
        var w = Assert.Single(c.Warnings);
        Assert.Contains("mmi1x2 (mmi1): gap_mmi", w);
        Assert.Contains("straight (2 instances): cross_section, npoints", w);
    }

    [Fact]
    public void ListFormNets_NeedTwoReferences()
    {
        var e = Assert.Throws<PhotonicException>(() => Load("instances: {a: straight}\nnets:\n- ['a,o1']\n"));
        Assert.StartsWith("gf.yaml:3:3: a net written as a list needs exactly two 'inst,port' references, got 1", e.Message);
    }

    /// <summary>gplugins' notebooks/sdl_demo.pic.yml: routes with route_bundle links between instance ports.</summary>
    private const string Routed = """
        instances:
          s1: {component: straight, settings: {length: 20}}
          s2: {component: straight, settings: {length: 40}}
        routes:
          r0:
            routing_strategy: route_bundle
            settings: {cross_section: strip, separation: 5.0}
            links: {'s1,o2': 's2,o1'}
        ports: {o1: 's1,o1', o2: 's2,o2'}
        """;

    [Fact]
    public void Routes_AreRefusedWithTheExportHint_OrConnectedOnRequestWithAWarning()
    {
        var e = Assert.Throws<PhotonicException>(() => Load(Routed));
        Assert.StartsWith("gf.yaml:4:1: 'routes' (r0) are layout instructions", e.Message);
        Assert.Contains("get_netlist()", e.Message);

        var c = Load(Routed, new NetlistOptions(RoutesAsConnections: true));
        Assert.Contains(c.Warnings, w => w.Contains("routes treated as ideal lossless connections") && w.Contains("r0"));
        // The route is an ideal connection: the phase is that of 60 µm of straight.
        var s = Solve(c, 1.55, 1.55, 1);
        var wg = ModelRegistry.Evaluate(Straight.Info, [60.0], 1.55, 25).S0;
        Assert.Equal(wg.Re, s[0][1, 0].Re, 1e-12);
        Assert.Equal(wg.Im, s[0][1, 0].Im, 1e-12);
    }

    [Fact]
    public void Routes_ThroughTheCli_NeedTheFlag()
    {
        string net = CliRunner.TempFile("routed.yaml", Routed);
        CliRunner.AssertInputError(CliRunner.Run("sweep", net, "--wl", "1.55", "--out", "-"), "routed.yaml:4:1", "get_netlist()", "--routes-as-connections");
        var r = CliRunner.Run("sweep", net, "--wl", "1.55", "--out", "-", "--routes-as-connections");
        Assert.True(r.Code == 0, r.Err);
        Assert.Contains("warning: ", r.Err);
        Assert.Contains("r0", r.Err);
    }

    // ------------------------------------------------------------------ electrical ports and settings

    [Fact]
    public void ElectricalPorts_AreDroppedWithANote()
    {
        // gdsfactory heater cells expose l_e1..r_e4 and e1/e2 (test_netlists_straight_heater_metal_.yml); netlists that
        // route them to pads or expose them keep the references.
        var c = Load("""
            instances:
              h: {component: straight_heater_metal, settings: {length: 100, heater_width: 2.5}}
              h2: {component: straight_heater_metal, settings: {length: 100}}
            connections:
              h,o2: h2,o1
              h,r_e2: h2,l_e2
            ports:
              o1: h,o1
              o2: h2,o2
              e1: h,l_e1
              e2: h2,e2
            """);
        Assert.Equal(["o1", "o2"], c.ExternalPorts.Select(p => p.Name));
        Assert.Contains(c.Notes, n => n.Contains("electrical ports dropped") && n.Contains("h,r_e2 -> h2,l_e2") && n.Contains("external port e1"));
        Assert.Equal(100.0, c.Instances[0].Settings[Straight.Length]);
        // A port that is not electrical and not on the instance stays an error.
        var e = Assert.Throws<PhotonicException>(() => Load("instances: {a: straight}\nports: {x: 'a,o3'}\n"));
        Assert.Contains("has no port 'o3'", e.Message);
    }

    [Fact]
    public void UnusedSettings_AreOneWarning_OrErrorsUnderStrictSettingsThroughTheCli()
    {
        string net = CliRunner.TempFile("s.yaml", """
            instances:
              a: {component: straight, settings: {length: 5, width: 0.5, cross_section: strip}}
              b: {component: straight, settings: {length: 5, width: 0.45}}
            connections: {'a,o2': 'b,o1'}
            ports: {i: 'a,o1', o: 'b,o2'}
            """);
        var r = CliRunner.Run("sweep", net, "--wl", "1.55", "--out", "-");
        Assert.True(r.Code == 0, r.Err);
        Assert.Single(r.Err.Split('\n'), l => l.StartsWith("warning: ") && l.Contains("straight (2 instances): cross_section, width"));
        CliRunner.AssertInputError(CliRunner.Run("sweep", net, "--wl", "1.55", "--out", "-", "--strict-settings"),
                                   "s.yaml:2:", "unknown setting 'width' for model 'straight'");
    }

    [Fact]
    public void SubcircuitInstanceWithItsCellsLayoutSettings_IsReadWithTheSettingIgnored()
    {
        // gdsfactory's mzi netlists give the subcircuit instance the cell's own settings (add_optical_ports_arms).
        var c = Load("""
            instances:
              m: {component: arm, settings: {add_optical_ports_arms: false, wg.length: 30}}
            ports: {a: 'm,a', b: 'm,b'}
            netlists:
              arm:
                instances: {wg: straight}
                ports: {a: 'wg,o1', b: 'wg,o2'}
            """);
        Assert.Equal(30.0, c.Instances[0].Settings[Straight.Length]);
        Assert.Contains(c.Warnings, w => w.Contains("arm (m): add_optical_ports_arms"));
    }

    [Fact]
    public void NullSettings_MeanTheDefault()
    {
        var c = Load("instances:\n  b: {component: bend, settings: {radius: null, width: null}}\nports: {a: 'b,o1', z: 'b,o2'}\n");
        Assert.Equal(Bend.Info.Settings[Bend.Radius].Default, c.Instances[0].Settings[Bend.Radius]);
        Assert.Empty(c.Warnings); // a null layout setting carries nothing to ignore
    }

    // ------------------------------------------------------------------ lengths

    [Theory]
    // Reference values: gdsfactory's gf.path.euler evaluated with scipy.integrate.quad (Fresnel integrals) in
    // Python, independently of this code; agreement to 1e-9 relative is the quadrature's, not the formula's, limit.
    [InlineData(10, 90, 0.5, true, 16.636853484140836)]
    [InlineData(10, 180, 0.5, true, 42.81760078952241)]
    [InlineData(5, 90, 0.5, true, 8.318426742070418)]
    [InlineData(10, 90, 1.0, true, 16.79909967836012)]
    public void EulerBendLength_MatchesGdsfactory(double radius, double angle, double p, bool arc, double expected)
        => Assert.Equal(expected, GdsfactoryCells.EulerLength(radius, angle, p, arc), expected * 1e-9);

    [Fact]
    public void BezierSBendLength_IsBetweenTheChordAndThePolyline()
    {
        // Chord √(11² + 1.8²) = 11.146 < L < the control polygon 5.5 + 1.8 + 5.5 = 12.8; and a flat S is its width.
        double l = GdsfactoryCells.BezierSBendLength(11, 1.8);
        Assert.InRange(l, Math.Sqrt(11 * 11 + 1.8 * 1.8), 12.8);
        Assert.Equal(11.0, GdsfactoryCells.BezierSBendLength(11, 0), 1e-12);
    }

    [Fact]
    public void BendLength_ComesFromInfoLength_ElseFromGdsfactorysEulerGeometry_WithANote()
    {
        var c = Load("""
            instances:
              b1: {component: bend_euler, info: {length: 16.637, radius: 10}, settings: {angle: 90, p: 0.5, radius: null}}
              b2: {component: bend_euler, settings: {radius: 10}}
              b3: {component: bend_circular, settings: {radius: 10, angle: 90}}
            connections: {'b1,o2': 'b2,o1', 'b2,o2': 'b3,o1'}
            ports: {a: 'b1,o1', z: 'b3,o2'}
            """);
        Assert.Equal(16.637, c.Instances[0].Settings[Straight.Length]);
        Assert.Equal(16.636853484140836, c.Instances[1].Settings[Straight.Length], 1e-9);
        Assert.Contains(c.Notes, n => n.Contains("'b2'") && n.Contains("16.6369"));
        // A circular bend keeps the arc: length 0 means R·θ in the bend model.
        Assert.Equal(0.0, c.Instances[2].Settings[Straight.Length]);
    }

    [Fact]
    public void AUserMappingToBend_TakesTheStoredPathLength()
    {
        // The old hand-written mapping (bend_euler -> bend) no longer drops the Euler length.
        var c = Load("""
            instances:
              b: {component: bend_euler, info: {length: 16.637}, settings: {radius: 10, p: 0.5}}
            ports: {a: 'b,o1', z: 'b,o2'}
            models:
              bend_euler: {model: bend, ignore: [p]}
            """);
        Assert.Equal(16.637, c.Instances[0].Settings[Straight.Length]);
    }

    // ------------------------------------------------------------------ composite cells

    [Fact]
    public void RingSingleCell_IsABuiltInSubcircuit_WithGdsfactorysCircumference()
    {
        // gdsfactory's ring_single: coupler_ring (2 Euler bends + length_x), 2 × length_y, 2 Euler bends, length_x.
        var c = Load("""
            instances:
              r: {component: ring_single, settings: {gap: 0.2, radius: 10, length_x: 4, length_y: 0.6, cross_section: strip}}
            ports: {o1: 'r,o1', o2: 'r,o2'}
            """);
        double euler = GdsfactoryCells.EulerLength(10, 90, 0.5);
        double ringLength = c.Instances.Where(i => i.Model.Name is "straight" or "bend").Sum(i => i.Settings[Straight.Length]);
        Assert.Equal(4 * euler + 2 * 4 + 2 * 0.6, ringLength, 1e-12);
        Assert.Contains(c.Warnings, w => w.Contains("ring_single (r): cross_section, gap"));
    }

    [Fact]
    public void RingSingleCell_TransmissionMatchesTheAllPassClosedForm()
    {
        // Bogaerts et al. (2012) eq. 2 with the ring's round trip through every section; κ set through models:.
        var c = Load("""
            instances:
              r: {component: ring_single, settings: {radius: 10, length_x: 4, length_y: 0.6}}
            ports: {o1: 'r,o1', o2: 'r,o2'}
            models:
              coupler_ring_coupler: {model: coupler, settings: {coupling: 0.1}}
              straight: {model: straight, settings: {neff: 2.4, ng: 4.2, loss_dB_cm: 20, dneff_dT: 0}}
              bend_euler: {model: bend, settings: {neff: 2.4, ng: 4.2, loss_dB_cm: 20, dneff_dT: 0}}
            """);
        double L = 4 * GdsfactoryCells.EulerLength(10, 90, 0.5) + 2 * 4 + 2 * 0.6;
        var s = Solve(c, 1.545, 1.555, 201);
        var wg = Straight.Info.Defaults();
        wg[Straight.Length] = L; wg[Straight.Neff] = 2.4; wg[Straight.Ng] = 4.2; wg[Straight.LossDbPerCm] = 20; wg[Straight.DneffDT] = 0;
        double t = Math.Sqrt(0.9);
        for (int p = 0; p < 201; p++)
        {
            double wl = 1.545 + 0.01 * p / 200;
            Cx ae = ModelRegistry.Evaluate(Straight.Info, wg, wl, 25).S0;
            Cx expected = (new Cx(t, 0) - ae) / (Cx.One - t * ae);
            // |T| only: the built-in coupler_ring puts no bus length on o1/o4, so phases share a reference; the
            // round trip is one product of section phases, equal to the closed form's to rounding (1e-12).
            Assert.Equal(expected.Abs2, s[p][1, 0].Abs2, 1e-12);
        }
    }

    [Fact]
    public void MziCell_ArmsDifferByDeltaLength()
    {
        var c = Load("""
            instances:
              m: {component: mzi, settings: {delta_length: 10, length_y: 2, length_x: 0.1}}
            ports: {o1: 'm,o1', o2: 'm,o2'}
            """);
        double Arm(string arm) => c.Instances.Where(i => i.Path.StartsWith($"m.{arm}_")).Sum(i => i.Settings[Straight.Length]);
        Assert.Equal(10.0, Arm("bot") - Arm("top"), 1e-12);
        Assert.Equal(4 * GdsfactoryCells.EulerLength(10, 90, 0.5) + 4.1, Arm("top"), 1e-12);
        Assert.Equal(["mmi1x2", "mmi1x2"], c.Instances.Where(i => i.Model.Name == "mmi1x2").Select(i => i.Model.Name));
    }

    [Fact]
    public void CompositeCell_DefinedInTheFile_UsesItsOwnHierarchy()
    {
        var c = Load("""
            instances:
              r: coupler_ring
            ports: {a: 'r,o1', b: 'r,o2', c: 'r,o3', d: 'r,o4'}
            netlists:
              coupler_ring:
                instances: {dc: {component: coupler, settings: {coupling: 0.2}}}
                ports: {o1: 'dc,o1', o2: 'dc,o2', o3: 'dc,o3', o4: 'dc,o4'}
            """);
        Assert.Equal("coupler", Assert.Single(c.Instances).Model.Name);
    }

    [Fact]
    public void SuffixedCellNames_MapLikeTheCell_WithANote()
    {
        var c = Load("instances: {cp: mmi2x2_WNone}\nports: {a: 'cp,o1', b: 'cp,o2', c: 'cp,o3', d: 'cp,o4'}\n");
        Assert.Equal("mmi2x2", Assert.Single(c.Instances).Model.Name);
        Assert.Contains(c.Notes, n => n.Contains("'mmi2x2_WNone' is mapped like gdsfactory's 'mmi2x2'"));
        // 'bend_euler_s' is its own cell, not bend_euler with a suffix.
        Assert.Equal("bend_euler_s", GdsfactoryCells.Catalog.Single(x => x.Cell == "bend_euler_s").Cell);
    }

    [Fact]
    public void ModelsCommand_ListsTheGdsfactoryCells()
    {
        var r = CliRunner.Run("models");
        Assert.Equal(0, r.Code);
        foreach (var cell in new[] { "straight", "bend_euler", "bend_circular", "bend_s", "taper", "coupler", "coupler_ring", "ring_single",
                                     "ring_double", "mmi1x2", "mmi2x2", "mzi", "grating_coupler", "crossing" })
            Assert.Contains($"  {cell} ", r.Out);
    }

    // ------------------------------------------------------------------ the example

    [Fact]
    public void RingSingleGf7Example_FsrMatchesTheClosedFormWithTheFilesLengths()
    {
        // The FSR of the measured spectrum against λ²/(ng·L), L from the file: 2 bend_euler (info.length 16.637),
        // straights 0.6, 0.6, 4, and the coupler_ring's own path (2 Euler bends of radius 10, length_x 4).
        var c = Flattener.Flatten(NetlistLoader.LoadFile(CliRunner.Example("gdsfactory/ring_single_gf7_pdk.yaml")));
        double L = 2 * 16.637 + 0.6 + 0.6 + 4 + 2 * GdsfactoryCells.EulerLength(10, 90, 0.5) + 4;
        const double ng = 4.2, neff = 2.4;
        var s = Solve(c, 1.54, 1.56, 20001);
        var minima = new List<double>();
        for (int p = 1; p < 20000; p++)
        {
            double a = s[p - 1][1, 0].Abs2, b = s[p][1, 0].Abs2, d = s[p + 1][1, 0].Abs2;
            if (b < a && b < d && b < 0.9) minima.Add(1.54 + 0.02 * p / 20000);
        }
        Assert.True(minima.Count >= 2, $"{minima.Count} resonances found");
        // Resonances sit where neff(λ)·L = m·λ; two neighbours differ by the FSR λ²/(ng·L) to second order in FSR/λ
        // (5e-3 relative here); the grid step 1 pm adds 1e-3 of the 7.5 nm FSR. Tolerance 1 %.
        double wl = (minima[0] + minima[1]) / 2;
        double fsr = minima[1] - minima[0];
        Assert.Equal(wl * wl / (ng * L), fsr, 0.01 * fsr);
        // The resonance itself is where neff(λ)·L is a whole number of wavelengths (the grid's 1 pm resolution).
        double m = Math.Round(Straight.EffectiveIndex(neff, ng, 1.55, 0, minima[0], 25) * L / minima[0]);
        Assert.Equal(0.0, Straight.EffectiveIndex(neff, ng, 1.55, 0, minima[0], 25) * L / minima[0] - m, 0.01);
    }
}
