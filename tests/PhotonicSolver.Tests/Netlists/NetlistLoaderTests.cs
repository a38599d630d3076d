using PhotonicSolver.Netlists;

namespace PhotonicSolver.Tests.Netlists;

/// <summary>Reading YAML and JSON netlists into the object model: what lands where, with which source lines.</summary>
public class NetlistLoaderTests
{
    /// <summary>The ring example of CONVENTIONS.md, verbatim.</summary>
    internal const string RingYaml = """
        instances:
          bus:  {component: straight, settings: {length: 20, neff: 2.34, ng: 3.4, wl0: 1.55, loss_dB_cm: 2}}
          dc:   {component: coupler, settings: {coupling: 0.1}}
          ring: {component: straight, settings: {length: 62.83}}
        connections:
          bus,o2: dc,o1
          dc,o3: ring,o1
          ring,o2: dc,o2
        ports:
          in: bus,o1
          through: dc,o4
        settings: {wl: 1.55, temperature: 25}   # global defaults, overridable by a sweep
        """;

    /// <summary>The same document as JSON, as json.dumps(indent=2) writes it.</summary>
    internal const string RingJson = """
        {
          "instances": {
            "bus": {"component": "straight", "settings": {"length": 20, "neff": 2.34, "ng": 3.4, "wl0": 1.55, "loss_dB_cm": 2}},
            "dc": {"component": "coupler", "settings": {"coupling": 0.1}},
            "ring": {"component": "straight", "settings": {"length": 62.83}}
          },
          "connections": {
            "bus,o2": "dc,o1",
            "dc,o3": "ring,o1",
            "ring,o2": "dc,o2"
          },
          "ports": {
            "in": "bus,o1",
            "through": "dc,o4"
          },
          "settings": {"wl": 1.55, "temperature": 25}
        }
        """;

    [Fact]
    public void RingYaml_ReadsInstancesInFileOrderWithSettingsAndLines()
    {
        var n = NetlistLoader.Parse(RingYaml, "ring.yaml");

        Assert.Equal("ring", n.Name);
        Assert.Equal("ring.yaml", n.SourcePath);
        Assert.Equal(["bus", "dc", "ring"], n.Instances.Select(i => i.Name));
        Assert.Equal(["straight", "coupler", "straight"], n.Instances.Select(i => i.Component));
        var bus = n.Instances[0];
        Assert.Equal(new Dictionary<string, double> { ["length"] = 20, ["neff"] = 2.34, ["ng"] = 3.4, ["wl0"] = 1.55, ["loss_dB_cm"] = 2 },
                     bus.Settings);
        Assert.Empty(bus.TextSettings);
        Assert.Equal(new SourceLocation("ring.yaml", 2, 3), bus.Location);
        Assert.Equal(2, bus.SettingLocations["neff"].Line);
        Assert.Equal(0.1, n.Instances[1].Settings["coupling"]);
        Assert.Equal(4, n.Instances[2].Location.Line);
    }

    [Fact]
    public void RingYaml_ReadsConnectionsPortsAndGlobalSettings()
    {
        var n = NetlistLoader.Parse(RingYaml, "ring.yaml");

        Assert.Equal([(new InstancePort("bus", "o2"), new InstancePort("dc", "o1"), 6),
                      (new InstancePort("dc", "o3"), new InstancePort("ring", "o1"), 7),
                      (new InstancePort("ring", "o2"), new InstancePort("dc", "o2"), 8)],
                     n.Connections.Select(c => (c.A, c.B, c.Location.Line)));
        Assert.Equal([("in", new InstancePort("bus", "o1"), 10), ("through", new InstancePort("dc", "o4"), 11)],
                     n.Ports.Select(p => (p.Name, p.Target, p.Location.Line)));
        Assert.Equal(1.55, n.Settings["wl"]);
        Assert.Equal(25, n.Settings["temperature"]);
    }

    [Fact]
    public void RingJson_ReadsTheSameDocumentWithJsonLines()
    {
        var y = NetlistLoader.Parse(RingYaml, "ring.yaml");
        var j = NetlistLoader.Parse(RingJson, "ring.json");

        Assert.Equal(y.Instances.Select(i => (i.Name, i.Component)), j.Instances.Select(i => (i.Name, i.Component)));
        for (int i = 0; i < y.Instances.Count; i++) Assert.Equal(y.Instances[i].Settings, j.Instances[i].Settings);
        Assert.Equal(y.Connections.Select(c => (c.A, c.B)), j.Connections.Select(c => (c.A, c.B)));
        Assert.Equal(y.Ports.Select(p => (p.Name, p.Target)), j.Ports.Select(p => (p.Name, p.Target)));
        Assert.Equal(y.Settings, j.Settings);
        // Lines are the JSON file's own.
        Assert.Equal(new SourceLocation("ring.json", 3, 5), j.Instances[0].Location);
        Assert.Equal(13, j.Ports[0].Location.Line);
    }

    [Fact]
    public void MinifiedAndTabIndentedJson_AreRead()
    {
        const string minified = """{"instances":{"wg":{"component":"straight","settings":{"length":5}}},"ports":{"a":"wg,o1","b":"wg,o2"}}""";
        var m = NetlistLoader.Parse(minified, "min.json");
        Assert.Equal(5, m.Instances.Single().Settings["length"]);
        Assert.Equal(["a", "b"], m.Ports.Select(p => p.Name));

        string tabs = "{\n\t\"instances\": {\n\t\t\"wg\": {\"component\": \"straight\"}\n\t},\n\t\"ports\": {\"a\": \"wg,o1\", \"b\": \"wg,o2\"}\n}\n";
        var t = NetlistLoader.Parse(tabs, "tabs.json");
        Assert.Equal("straight", t.Instances.Single().Component);
        Assert.Equal(3, t.Instances[0].Location.Line);
    }

    [Fact]
    public void InstanceWrittenAsComponentName_IsAccepted()
    {
        var n = NetlistLoader.Parse("instances:\n  wg: straight\n  t: {component: terminator}\n", "x.yaml");

        Assert.Equal([("wg", "straight"), ("t", "terminator")], n.Instances.Select(i => (i.Name, i.Component)));
        Assert.Empty(n.Instances[0].Settings);
    }

    [Fact]
    public void NonNumericSettings_GoToTextSettingsAsText()
    {
        const string yaml = """
            instances:
              c:
                component: coupler_ring
                settings:
                  gap: 0.2
                  cross_section: xs_sc
                  bend: null
                  with_arc_floorplan: true
                  quoted: "20"
                  layer: [1, 0]
                  spec: {a: 1, b: x}
                  big: 1e3
            """;
        var c = NetlistLoader.Parse(yaml, "x.yaml").Instances.Single();

        Assert.Equal(new Dictionary<string, double> { ["gap"] = 0.2, ["big"] = 1000 }, c.Settings);
        Assert.Equal(new Dictionary<string, string>
        {
            ["cross_section"] = "xs_sc", ["bend"] = "null", ["with_arc_floorplan"] = "true", ["quoted"] = "20",
            ["layer"] = "[1, 0]", ["spec"] = "{a: 1, b: x}",
        }, c.TextSettings);
        Assert.Equal(6, c.SettingLocations["cross_section"].Line);
        Assert.Equal(12, c.SettingLocations["big"].Line);
    }

    [Fact]
    public void GdsfactoryNets_BecomeConnectionsWithTheirLines()
    {
        const string yaml = """
            instances:
              a: straight
              b: straight
            nets:
            - p1: a,o2
              p2: b,o1
            - {p1: "b,o2", p2: "a,o1", name: route_1, settings: {cross_section: strip}}
            """;
        var n = NetlistLoader.Parse(yaml, "x.yaml");

        Assert.Equal([(new InstancePort("a", "o2"), new InstancePort("b", "o1"), 5),
                      (new InstancePort("b", "o2"), new InstancePort("a", "o1"), 7)],
                     n.Connections.Select(c => (c.A, c.B, c.Location.Line)));
    }

    [Fact]
    public void Models_AcceptNameAndFullForm()
    {
        const string yaml = """
            instances:
              a: straight
            models:
              wg_pdk: straight
              coupler_ring:
                model: coupler
                settings: {coupling: 0.05}
                ignore: [gap, radius]
              bend_pdk: {model: bend, ignore: angle}
            """;
        var m = NetlistLoader.Parse(yaml, "x.yaml").Models;

        Assert.Equal("straight", m["wg_pdk"].Model);
        Assert.Empty(m["wg_pdk"].Settings);
        Assert.Equal("coupler", m["coupler_ring"].Model);
        Assert.Equal(0.05, m["coupler_ring"].Settings["coupling"]);
        Assert.Equal(["gap", "radius"], m["coupler_ring"].Ignore.Order());
        Assert.Equal(5, m["coupler_ring"].Location.Line);
        Assert.Equal(["angle"], m["bend_pdk"].Ignore);
    }

    [Fact]
    public void GdsfactoryLayoutKeys_AreAcceptedAndIgnored()
    {
        const string yaml = """
            name: ring_single
            schema: null
            schema_version: 1
            pdk: generic
            info: {wavelength: 1.55}
            warnings: {optical: {unconnected_ports: []}}
            placements:
              a: {x: 0, y: 0, rotation: 90, mirror: false}
            instances:
              a: {component: straight, info: {length: 10}, settings: {length: 10}, na: 1, nb: 1, dax: 0, dby: 0}
              b: {component: straight, array: {columns: 1, rows: 1, column_pitch: 0, row_pitch: 0}}
            """;
        var n = NetlistLoader.Parse(yaml, "x.yaml");

        Assert.Equal(["a", "b"], n.Instances.Select(i => i.Name));
        Assert.Equal(new Dictionary<string, double> { ["length"] = 10 }, n.Instances[0].Settings);
        Assert.Equal("x", n.Name); // the file's name, not gdsfactory's cell name
    }

    [Fact]
    public void NamedNetlists_AreReadAsSubNetlists()
    {
        const string yaml = """
            instances:
              m: mzi
            ports: {in: "m,o1"}
            netlists:
              mzi:
                instances: {s1: straight}
                ports: {o1: "s1,o1", o2: "s1,o2"}
                netlists:
                  inner: {instances: {t: terminator}}
            """;
        var n = NetlistLoader.Parse(yaml, "dir/top.yaml");

        var mzi = n.SubNetlists["mzi"];
        Assert.Equal("mzi", mzi.Name);
        Assert.Equal("dir/top.yaml", mzi.SourcePath);
        Assert.Equal(["o1", "o2"], mzi.Ports.Select(p => p.Name));
        Assert.Equal(7, mzi.Ports[0].Location.Line);
        Assert.Equal("terminator", mzi.SubNetlists["inner"].Instances.Single().Component);
    }

    [Fact]
    public void LoadFile_ReadsFromDiskAndKeepsThePathForMessages()
    {
        using var dir = new TempDir();
        string path = dir.Write("sub/ring.yaml", RingYaml);

        var n = NetlistLoader.LoadFile(path);

        Assert.Equal(path, n.SourcePath);
        Assert.Equal("ring", n.Name);
        Assert.Equal(new SourceLocation(path, 3, 3), n.Instances[1].Location);
    }
}
