using PhotonicSolver.Circuit;
using PhotonicSolver.Models;
using PhotonicSolver.Netlists;

namespace PhotonicSolver.Tests.Netlists;

/// <summary>Flattening: component resolution, settings precedence, hierarchy and port binding.</summary>
public class FlattenerTests
{
    private static string Example(params string[] parts) =>
        Path.Combine([AppContext.BaseDirectory, "examples", .. parts]);

    private static FlatInstance Inst(FlatCircuit c, string path) => c.Instances.Single(i => i.Path == path);

    private static double Get(FlatCircuit c, string path, string setting)
    {
        var i = Inst(c, path);
        return i.Settings[i.Model.SettingIndex(setting)];
    }

    /// <summary>Connections as unordered pairs of "inst,port" names, to compare circuits built in different orders.</summary>
    private static HashSet<string> Links(FlatCircuit c) =>
        c.Connections.Select(x => string.Join(" ", new[] { Name(c, x.A), Name(c, x.B) }.Order(StringComparer.Ordinal))).ToHashSet();

    private static string Name(FlatCircuit c, PortRef p) => c.Instances[p.Instance].PortName(p.Port);

    [Fact]
    public void RingYaml_FlattensToModelsWithDefaultsFilledIn()
    {
        var c = Flattener.Flatten(NetlistLoader.Parse(NetlistLoaderTests.RingYaml, "ring.yaml"));

        Assert.Equal(["bus", "dc", "ring"], c.Instances.Select(i => i.Path));
        Assert.Equal(["straight", "coupler", "straight"], c.Instances.Select(i => i.Model.Name));
        Assert.Equal([20, 2.34, 3.4, 1.55, 2, Straight.SiliconDnDT, 0 /* expansion_per_K */, 0 /* dT */], Inst(c, "bus").Settings);
        // ring sets only its length; the rest are the straight's defaults.
        Assert.Equal([62.83, 2.34, 3.4, 1.55, 0, Straight.SiliconDnDT, 0 /* expansion_per_K */, 0 /* dT */], Inst(c, "ring").Settings);
        Assert.Equal([0.1, 0 /* dT */], Inst(c, "dc").Settings);
        Assert.Equal([(new PortRef(0, 1), new PortRef(1, 0)), (new PortRef(1, 2), new PortRef(2, 0)), (new PortRef(2, 1), new PortRef(1, 1))],
                     c.Connections);
        Assert.Equal([("in", new PortRef(0, 0)), ("through", new PortRef(1, 3))], c.ExternalPorts);
        Assert.Equal(1.55, c.Wavelength);
        Assert.Equal(25, c.Temperature);
        Assert.Equal(new SourceLocation("ring.yaml", 4, 3), Inst(c, "ring").Location);
    }

    [Fact]
    public void RingYamlAndJson_GiveTheSameFlatCircuit()
    {
        var y = Flattener.Flatten(NetlistLoader.Parse(NetlistLoaderTests.RingYaml, "ring.yaml"));
        var j = Flattener.Flatten(NetlistLoader.Parse(NetlistLoaderTests.RingJson, "ring.json"));

        Assert.Equal(y.Instances.Select(i => (i.Path, i.Model.Name)), j.Instances.Select(i => (i.Path, i.Model.Name)));
        for (int i = 0; i < y.Instances.Count; i++) Assert.Equal(y.Instances[i].Settings, j.Instances[i].Settings);
        Assert.Equal(y.Connections, j.Connections);
        Assert.Equal(y.ExternalPorts, j.ExternalPorts);
        Assert.Equal((y.Wavelength, y.Temperature), (j.Wavelength, j.Temperature));
    }

    [Fact]
    public void Gdsfactory7RingExport_LoadsUnchanged_ThroughTheBuiltInCellMapping()
    {
        string path = Example("gdsfactory", "ring_single_gf7.yaml");
        var c = Flattener.Flatten(NetlistLoader.LoadFile(path));

        Assert.Equal(["bend_euler_1", "bend_euler_2", "coupler_ring_1.coupler", "coupler_ring_1.s2", "coupler_ring_1.b2",
                      "coupler_ring_1.s3", "coupler_ring_1.b3", "straight_1", "straight_2", "straight_3"],
                     c.Instances.Select(i => i.Path));
        Assert.Equal(16.637, Get(c, "bend_euler_1", "length"));              // info.length, not the arc 15.708
        Assert.Equal(10.0, Get(c, "bend_euler_2", "radius"));
        Assert.Equal(4.0, Get(c, "straight_3", "length"));
        Assert.Equal(2.0, Get(c, "coupler_ring_1.s2", "length"));            // length_x / 2
        Assert.Equal(6, c.Connections.Count - 4);                            // the file's six, plus four inside coupler_ring
        Assert.Contains("coupler_ring_1.b2,o2 straight_1,o1", Links(c));     // the file's coupler_ring,o2
        Assert.Equal([("o1", "coupler_ring_1.coupler,o1"), ("o2", "coupler_ring_1.coupler,o4")],
                     c.ExternalPorts.Select(p => (p.Name, Name(c, p.Port))));
        Assert.Equal((1.55, 25.0), (c.Wavelength, c.Temperature));
    }

    [Fact]
    public void Gdsfactory7RingWrapper_AddsOpticalSettingsWithoutEditingTheExport()
    {
        var c = Flattener.Flatten(NetlistLoader.LoadFile(Example("gdsfactory", "ring_single_gf7_pdk.yaml")));
        Assert.Equal(0.05, Get(c, "ring.coupler_ring_1.coupler", "coupling"));
        Assert.Equal(2.4, Get(c, "ring.straight_2", "neff"));
        Assert.Equal(3.0, Get(c, "ring.bend_euler_1", "loss_dB_cm"));
        Assert.Equal(16.637, Get(c, "ring.bend_euler_1", "length"));         // the mapping adds settings; info.length stays
        Assert.Equal(0.01, Get(c, "ring.bend_euler_1", "bend_loss_dB_90"));
    }

    [Fact]
    public void Gdsfactory9MziExport_LoadsNetsAndPdkCellNamesUnchanged()
    {
        string path = Example("gdsfactory", "mzi_heater_gf9_pdk.yaml");
        var c = Flattener.Flatten(NetlistLoader.LoadFile(path), new Dictionary<string, double> { ["mzi.sxt.neff"] = 2.45, ["wl"] = 1.31 });

        Assert.Equal(["mzi.b1", "mzi.b2", "mzi.b3", "mzi.b4", "mzi.cp1", "mzi.cp2", "mzi.sxb", "mzi.sxt"], c.Instances.Select(i => i.Path));
        Assert.Equal(["bend", "bend", "bend", "bend", "mmi2x2", "mmi2x2", "straight", "straight"], c.Instances.Select(i => i.Model.Name));
        Assert.Equal(0.3, Get(c, "mzi.cp2", "excess_loss_dB"));
        Assert.Equal(320.0, Get(c, "mzi.sxt", "length"));   // the heater cell keeps its waveguide length
        Assert.Equal(2.5, Get(c, "mzi.sxt", "loss_dB_cm"));
        Assert.Equal(2.45, Get(c, "mzi.sxt", "neff"));      // override
        Assert.Equal(2.44, Get(c, "mzi.sxb", "neff"));
        Assert.Equal(16.637, Get(c, "mzi.b3", "length"));   // info.length
        Assert.Equal(1.31, c.Wavelength);
        Assert.Equal(8, c.Connections.Count);
        Assert.Contains("mzi.b1,o1 mzi.cp1,o3", Links(c));
        Assert.Equal([("o1", "mzi.cp1,o1"), ("o2", "mzi.cp1,o2"), ("o3", "mzi.cp2,o3"), ("o4", "mzi.cp2,o4")],
                     c.ExternalPorts.Select(p => (p.Name, Name(c, p.Port))));
    }

    /// <summary>Two copies of a named MZI netlist in series; the second one's arm is lengthened from outside.</summary>
    private const string TwoMzis = """
        instances:
          mzi1: mzi
          mzi2:
            component: mzi
            settings: {top.length: 150, dc2.coupling: 0.3}
        connections:
          mzi1,out1: mzi2,in1
          mzi1,out2: mzi2,in2
        ports:
          in1: mzi1,in1
          in2: mzi1,in2
          out1: mzi2,out1
          out2: mzi2,out2
        settings: {wl: 1.3}
        netlists:
          mzi:
            instances:
              dc1: coupler
              top: {component: straight, settings: {length: 100}}
              bot: {component: straight, settings: {length: 100}}
              dc2: coupler
            connections:
              dc1,o3: top,o1
              dc1,o4: bot,o1
              top,o2: dc2,o2
              bot,o2: dc2,o1
            ports:
              in1: dc1,o1
              in2: dc1,o2
              out1: dc2,o4
              out2: dc2,o3
            settings: {wl: 9.9}
        """;

    [Fact]
    public void NamedSubNetlist_FlattensWithDottedPathsAndBindsItsPorts()
    {
        var c = Flattener.Flatten(NetlistLoader.Parse(TwoMzis, "two.yaml"));

        Assert.Equal(["mzi1.dc1", "mzi1.top", "mzi1.bot", "mzi1.dc2", "mzi2.dc1", "mzi2.top", "mzi2.bot", "mzi2.dc2"],
                     c.Instances.Select(i => i.Path));
        Assert.Equal(new HashSet<string>
        {
            "mzi1.dc1,o3 mzi1.top,o1", "mzi1.bot,o1 mzi1.dc1,o4", "mzi1.dc2,o2 mzi1.top,o2", "mzi1.bot,o2 mzi1.dc2,o1",
            "mzi2.dc1,o3 mzi2.top,o1", "mzi2.bot,o1 mzi2.dc1,o4", "mzi2.dc2,o2 mzi2.top,o2", "mzi2.bot,o2 mzi2.dc2,o1",
            // mzi1,out1 = mzi1.dc2,o4 goes to mzi2,in1 = mzi2.dc1,o1; out2 = dc2,o3 to in2 = dc1,o2.
            "mzi1.dc2,o4 mzi2.dc1,o1", "mzi1.dc2,o3 mzi2.dc1,o2",
        }, Links(c));
        Assert.Equal([("in1", "mzi1.dc1,o1"), ("in2", "mzi1.dc1,o2"), ("out1", "mzi2.dc2,o4"), ("out2", "mzi2.dc2,o3")],
                     c.ExternalPorts.Select(p => (p.Name, Name(c, p.Port))));
        Assert.Equal(100, Get(c, "mzi1.top", "length"));
        Assert.Equal(150, Get(c, "mzi2.top", "length"));   // the subcircuit instance's dotted setting wins
        Assert.Equal(0.3, Get(c, "mzi2.dc2", "coupling"));
        Assert.Equal(0.5, Get(c, "mzi1.dc2", "coupling"));
        Assert.Equal(1.3, c.Wavelength);                   // global settings come from the top netlist only
        Assert.Equal(new SourceLocation("two.yaml", 19, 7), Inst(c, "mzi2.top").Location);
    }

    [Fact]
    public void SubNetlistFiles_ResolveRelativeToTheFileThatNamesThem()
    {
        using var dir = new TempDir();
        // top.yaml -> lib/arm.yaml -> lib/parts/wg.yaml ("parts/wg.yaml" is relative to lib/, not to top.yaml).
        dir.Write("lib/parts/wg.yaml", """
            instances:
              s: {component: straight, settings: {length: 7}}
            ports: {a: "s,o1", b: "s,o2"}
            """);
        dir.Write("lib/arm.yaml", """
            instances:
              w1: parts/wg.yaml
              w2: {component: parts/wg.yaml, settings: {s.length: 9}}
            connections:
              w1,b: w2,a
            ports: {in: "w1,a", out: "w2,b"}
            """);
        string top = dir.Write("top.yaml", """
            instances:
              arm: lib/arm.yaml
              t: terminator
            connections:
              arm,out: t,o1
            ports:
              in: arm,in
            """);

        var c = Flattener.Flatten(NetlistLoader.LoadFile(top));

        Assert.Equal(["arm.w1.s", "arm.w2.s", "t"], c.Instances.Select(i => i.Path));
        Assert.Equal(7, Get(c, "arm.w1.s", "length"));
        Assert.Equal(9, Get(c, "arm.w2.s", "length"));
        Assert.Equal(new HashSet<string> { "arm.w1.s,o2 arm.w2.s,o1", "arm.w2.s,o2 t,o1" }, Links(c));
        Assert.Equal([("in", "arm.w1.s,o1")], c.ExternalPorts.Select(p => (p.Name, Name(c, p.Port))));
        Assert.EndsWith(Path.Combine("lib", "parts", "wg.yaml"), Inst(c, "arm.w2.s").Location.File);
        Assert.Equal(2, Inst(c, "arm.w2.s").Location.Line);
    }

    [Fact]
    public void ModelsOfAnInstantiatingNetlist_ApplyInsideSubcircuits()
    {
        using var dir = new TempDir();
        dir.Write("cell.yaml", """
            instances:
              wg: {component: pdk_wg, settings: {length: 3, cross_section: xs_sc}}
            ports: {a: "wg,o1", b: "wg,o2"}
            """);
        string top = dir.Write("top.yaml", """
            instances:
              c: cell.yaml
            ports: {a: "c,a", b: "c,b"}
            models:
              pdk_wg: {model: straight, settings: {neff: 2.2}, ignore: [cross_section]}
            """);

        var c = Flattener.Flatten(NetlistLoader.LoadFile(top));

        Assert.Equal("straight", Inst(c, "c.wg").Model.Name);
        Assert.Equal(3, Get(c, "c.wg", "length"));
        Assert.Equal(2.2, Get(c, "c.wg", "neff"));
    }

    [Fact]
    public void NamedNetlists_SeeNetlistsOfTheirEnclosingDocument()
    {
        const string yaml = """
            instances:
              outer: a
            ports: {x: "outer,x", y: "outer,y"}
            netlists:
              a:
                instances: {inner: b}
                ports: {x: "inner,p", y: "inner,q"}
              b:
                instances: {s: straight}
                ports: {p: "s,o1", q: "s,o2"}
            """;
        var c = Flattener.Flatten(NetlistLoader.Parse(yaml, "n.yaml"));

        Assert.Equal(["outer.inner.s"], c.Instances.Select(i => i.Path));
        Assert.Equal([("x", new PortRef(0, 0)), ("y", new PortRef(0, 1))], c.ExternalPorts);
    }

    [Fact]
    public void Settings_DefaultsThenModelsThenInstance()
    {
        const string yaml = """
            instances:
              a: {component: wg, settings: {length: 7}}
              b: {component: wg}
            connections: {"a,o2": "b,o1"}
            ports: {in: "a,o1", out: "b,o2"}
            models:
              wg: {model: straight, settings: {length: 5, neff: 2.0}}
            """;
        var c = Flattener.Flatten(NetlistLoader.Parse(yaml, "s.yaml"));

        Assert.Equal([7, 2.0, 3.4, 1.55, 0, Straight.SiliconDnDT, 0 /* expansion_per_K */, 0 /* dT */], Inst(c, "a").Settings);
        Assert.Equal([5, 2.0, 3.4, 1.55, 0, Straight.SiliconDnDT, 0 /* expansion_per_K */, 0 /* dT */], Inst(c, "b").Settings);
    }

    [Fact]
    public void ModelsEntry_TakesPrecedenceOverTheBuiltInOfTheSameName()
    {
        const string yaml = """
            instances:
              s: {component: straight, settings: {length: 4, width: 0.5}}
            ports: {a: "s,o1", b: "s,o2"}
            models:
              straight: {model: straight, settings: {neff: 2.5}, ignore: [width]}
            """;
        var c = Flattener.Flatten(NetlistLoader.Parse(yaml, "s.yaml"));

        Assert.Equal(2.5, Get(c, "s", "neff"));
        Assert.Equal(4, Get(c, "s", "length"));
    }

    [Fact]
    public void Overrides_SetDottedSettingsAndGlobals()
    {
        var overrides = new Dictionary<string, double>
        {
            ["mzi2.top.length"] = 200, ["mzi1.dc1.coupling"] = 0.25, ["temperature"] = 40, ["wl"] = 1.5,
        };
        var c = Flattener.Flatten(NetlistLoader.Parse(TwoMzis, "two.yaml"), overrides);

        Assert.Equal(200, Get(c, "mzi2.top", "length"));
        Assert.Equal(0.25, Get(c, "mzi1.dc1", "coupling"));
        Assert.Equal(40, c.Temperature);
        Assert.Equal(1.5, c.Wavelength);
    }

    [Fact]
    public void DefaultGlobals_AreWl155AndTemperature25()
    {
        var c = Flattener.Flatten(NetlistLoader.Parse("instances: {s: straight}\nports: {a: \"s,o1\", b: \"s,o2\"}\n", "d.yaml"));

        Assert.Equal(1.55, c.Wavelength);
        Assert.Equal(25, c.Temperature);
    }

    [Fact]
    public void NetlistBuiltInCode_Flattens()
    {
        var n = new Netlist
        {
            Instances = [new InstanceSpec { Name = "s", Component = "straight", Settings = { ["length"] = 3 } }],
            Ports = [new ExternalPort("a", new InstancePort("s", "o1"), SourceLocation.None),
                     new ExternalPort("b", new InstancePort("s", "o2"), SourceLocation.None)],
        };

        var c = Flattener.Flatten(n);

        Assert.Equal(3, Get(c, "s", "length"));
        Assert.Equal([("a", new PortRef(0, 0)), ("b", new PortRef(0, 1))], c.ExternalPorts);
    }
}
