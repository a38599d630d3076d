using PhotonicSolver.Netlists;

namespace PhotonicSolver.Tests.Netlists;

/// <summary>A temporary folder for netlist files, deleted afterwards.</summary>
internal sealed class TempDir : IDisposable
{
    public string Root { get; } = Directory.CreateTempSubdirectory("photonic-netlists-").FullName;

    /// <summary>Writes a file (creating folders) and returns its full path.</summary>
    public string Write(string relative, string text)
    {
        string path = Path.Combine(Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); }
        catch (IOException) { /* a leftover temp folder is harmless */ }
    }
}

/// <summary>
/// Every user error gives a <see cref="PhotonicException"/> that names the file and line and the instance,
/// port or setting at fault. Each test asserts the concrete text, line numbers included.
/// </summary>
public class NetlistErrorTests
{
    /// <summary>The error of a netlist read strictly (--strict-ports, --strict-settings): these tests are about refusals.</summary>
    private static string Fails(string yaml, string file = "net.yaml", IReadOnlyDictionary<string, double>? overrides = null) =>
        Assert.Throws<PhotonicException>(() => Flattener.Flatten(NetlistLoader.Parse(yaml, file), overrides, Strict)).Message;

    internal static readonly NetlistOptions Strict = new(StrictPorts: true, StrictSettings: true);

    // ---------------------------------------------------------------- components and settings

    [Fact]
    public void UnknownComponent_NamesInstanceComponentLineAndTheChoices()
    {
        string m = Fails("""
            instances:
              wg: straight
              x: {component: foo}
            """);

        Assert.StartsWith("net.yaml:3:3: instance 'x': unknown component 'foo'; built-in models: straight, bend, coupler", m);
        Assert.Contains("or map it in 'models:'", m);
    }

    [Fact]
    public void UnknownSetting_NamesInstanceSettingModelValidSettingsAndLine()
    {
        string m = Fails("""
            instances:
              wg:
                component: straight
                settings:
                  length: 10
                  width: 0.5
            ports: {a: "wg,o1", b: "wg,o2"}
            """);

        Assert.StartsWith("net.yaml:6:7: instance 'wg': unknown setting 'width' for model 'straight'; " +
                          "valid settings: length, neff, ng, wl0, loss_dB_cm, dneff_dT", m);
        Assert.Contains("'ignore:'", m);
    }

    [Fact]
    public void UnknownSetting_OfAMappedComponent_SaysWhichModelItMapsTo()
    {
        string m = Fails("""
            instances:
              r: {component: coupler_ring, settings: {gap: 0.2, radius: 10}}
            models:
              coupler_ring: {model: coupler, ignore: [gap]}
            """);

        Assert.StartsWith("net.yaml:2:53: instance 'r': unknown setting 'radius' for model 'coupler' " +
                          "(component 'coupler_ring' is mapped to 'coupler'); valid settings: coupling", m);
        Assert.Contains("add it to 'ignore:' of 'coupler_ring' in 'models:'", m);
    }

    [Fact]
    public void TextValueForANumericSetting_IsExpectedANumber()
    {
        string m = Fails("""
            instances:
              wg: {component: straight, settings: {length: ten}}
            """);

        Assert.Equal("net.yaml:2:40: instance 'wg': setting 'length' expected a number (physical length, µm), got 'ten'", m);
    }

    [Fact]
    public void NegativeLength_IsOutOfRange()
    {
        string m = Fails("""
            instances:
              wg: {component: straight, settings: {length: -5}}
            ports: {a: "wg,o1", b: "wg,o2"}
            """);

        Assert.Equal("net.yaml:2:40: instance 'wg': setting 'length' = -5 is out of range for straight: valid [0, inf] µm", m);
    }

    [Fact]
    public void CouplingAboveOne_IsOutOfRange()
    {
        string m = Fails("""
            instances:
              wg: straight
              dc:
                component: coupler
                settings: {coupling: 1.5}
            """);

        Assert.Equal("net.yaml:5:16: instance 'dc': setting 'coupling' = 1.5 is out of range for coupler: valid [0, 1]", m);
    }

    [Fact]
    public void OutOfRangeSettingInModels_NamesTheMapping()
    {
        string m = Fails("""
            instances:
              dc: pdk_dc
            models:
              pdk_dc: {model: coupler, settings: {coupling: 2}}
            """);

        Assert.Equal("net.yaml:4:3: models: 'pdk_dc': setting 'coupling' = 2 is out of range for coupler: valid [0, 1]", m);
    }

    [Fact]
    public void ModelsEntryForAnUnknownModel_IsAnError()
    {
        string m = Fails("""
            instances:
              dc: pdk_dc
            models:
              pdk_dc: ring_resonator
            """);

        Assert.StartsWith("net.yaml:4:3: models: 'pdk_dc' maps to unknown model 'ring_resonator'; built-in models: straight", m);
    }

    [Fact]
    public void ModelValidate_FailureNamesTheInstance()
    {
        string m = Fails("""
            instances:
              x: {component: crossing, settings: {loss_dB: 0, crosstalk_dB: 0}}
            ports: {a: "x,o1", b: "x,o2", c: "x,o3", d: "x,o4"}
            """);

        Assert.StartsWith("net.yaml:2:3: instance 'x' (crossing): loss_dB = 0 with crosstalk_dB = 0 puts out more power than goes in", m);
    }

    [Fact]
    public void BadOverride_NamesTheSetting()
    {
        var overrides = new Dictionary<string, double> { ["dc.coupling"] = 1.2 };
        string m = Fails("""
            instances:
              dc: coupler
            ports: {a: "dc,o1", b: "dc,o2", c: "dc,o3", d: "dc,o4"}
            """, overrides: overrides);

        Assert.StartsWith("'dc.coupling' = 1.2 is out of range for coupler.coupling: valid [0, 1]", m);
    }

    [Fact]
    public void SubcircuitSettingThatIsNotDotted_IsAnError()
    {
        string m = Fails("""
            instances:
              m: {component: cell, settings: {length: 3}}
            ports: {a: "m,a", b: "m,b"}
            netlists:
              cell:
                instances: {s: straight}
                ports: {a: "s,o1", b: "s,o2"}
            """);

        Assert.Equal("net.yaml:2:35: instance 'm' is subcircuit 'cell': setting 'length' does not name an inner instance's setting; " +
                     "a subcircuit's settings are written INSTANCE.SETTING; inner instances: s", m);
    }

    // ---------------------------------------------------------------- ports and connections

    [Fact]
    public void PortTheComponentDoesNotHave_ListsItsPorts()
    {
        string m = Fails("""
            instances:
              a: straight
              b: straight
            connections:
              a,o2: b,o1
              b,o3: a,o1
            """);

        Assert.Equal("net.yaml:6:3: connection 'b,o3' -> 'a,o1': instance 'b' (straight) has no port 'o3'; its ports: o1, o2", m);
    }

    [Fact]
    public void PortOfASubcircuitThatItDoesNotExpose_ListsTheSubcircuitPorts()
    {
        string m = Fails("""
            instances:
              m: cell
            ports:
              in: m,o1
            netlists:
              cell:
                instances: {s: straight}
                ports: {a: "s,o1", b: "s,o2"}
            """);

        Assert.Equal("net.yaml:4:3: external port 'in' -> 'm,o1': instance 'm' (subcircuit 'cell') has no port 'o1'; its ports: a, b", m);
    }

    [Fact]
    public void ConnectionToAnUnknownInstance_ListsTheInstances()
    {
        string m = Fails("""
            instances:
              a: straight
              b: straight
            connections:
              a,o2: c,o1
            """);

        Assert.Equal("net.yaml:5:3: connection 'a,o2' -> 'c,o1': no instance 'c' in netlist 'net'; instances: a, b", m);
    }

    [Fact]
    public void PortConnectedTwice_NamesThePortAndBothLines()
    {
        string m = Fails("""
            instances:
              a: straight
              b: straight
              c: straight
            connections:
              a,o2: b,o1
              c,o1: b,o1
            """);

        Assert.Equal("net.yaml:7:3: port 'b,o1' is connected twice (lines 6 and 7)", m);
    }

    [Fact]
    public void PortConnectedTwiceAsAKey_NamesThePortAndBothLines()
    {
        string m = Fails("""
            instances:
              a: straight
              b: straight
              c: straight
            connections:
              a,o2: b,o1
              a,o2: c,o1
            """);

        Assert.Equal("net.yaml:7:3: port 'a,o2' is connected twice (lines 6 and 7)", m);
    }

    [Fact]
    public void PortUsedByTwoGdsfactoryNets_IsConnectedTwice()
    {
        string m = Fails("""
            instances:
              a: straight
              b: straight
            nets:
            - p1: a,o2
              p2: b,o1
            - p1: b,o2
              p2: a,o2
            """);

        Assert.Equal("net.yaml:7:3: port 'a,o2' is connected twice (lines 5 and 7)", m);
    }

    [Fact]
    public void ExternalPortNameUsedTwice_InANamedNetlist()
    {
        var e = Assert.Throws<PhotonicException>(() => NetlistLoader.Parse("""
            instances: {m: cell}
            netlists:
              cell:
                instances: {s: straight}
                ports:
                  a: s,o1
                  a: s,o2
            """, "n.yaml"));

        Assert.Equal("n.yaml:7:7: external port 'a' is defined twice (lines 6 and 7)", e.Message);
    }

    [Fact]
    public void PortConnectedToItself_IsAnError()
    {
        string m = Fails("""
            instances:
              a: straight
            connections:
              a,o2: a,o2
            """);

        Assert.Equal("net.yaml:4:3: port 'a,o2' is connected to itself", m);
    }

    [Fact]
    public void ExternalPortNameUsedTwice_NamesItAndBothLines()
    {
        string m = Fails("""
            instances:
              a: straight
            ports:
              in: a,o1
              out: a,o2
              in: a,o2
            """);

        Assert.Equal("net.yaml:6:3: external port 'in' is defined twice (lines 4 and 6)", m);
    }

    [Fact]
    public void ExternalPortNameUsedTwice_InANetlistBuiltInCode()
    {
        var n = new Netlist
        {
            SourcePath = "code.yaml",
            Instances = [new InstanceSpec { Name = "s", Component = "straight" }],
            Ports = [new ExternalPort("p", new InstancePort("s", "o1"), new SourceLocation("code.yaml", 3, 3)),
                     new ExternalPort("p", new InstancePort("s", "o2"), new SourceLocation("code.yaml", 4, 3))],
        };

        var m = Assert.Throws<PhotonicException>(() => Flattener.Flatten(n)).Message;

        Assert.Equal("code.yaml:4:3: external port 'p' is defined twice (lines 3 and 4)", m);
    }

    [Fact]
    public void InstancePortBoundToTwoExternalPorts_IsAnError()
    {
        string m = Fails("""
            instances:
              a: straight
            ports:
              in: a,o1
              in2: a,o1
              out: a,o2
            """);

        Assert.Equal("net.yaml:5:3: port 'a,o1' is bound to two external ports, 'in' (line 4) and 'in2' (line 5)", m);
    }

    [Fact]
    public void PortBothConnectedAndExternal_IsAnError()
    {
        string m = Fails("""
            instances:
              a: straight
              b: straight
            connections:
              a,o2: b,o1
            ports:
              in: a,o1
              mid: b,o1
            """);

        Assert.Equal("net.yaml:8:3: port 'b,o1' is both connected (line 5) and external port 'mid' (line 8); " +
                     "a port is either connected or external", m);
    }

    [Fact]
    public void ExternalPortToAnUnknownInstance_IsAnError()
    {
        string m = Fails("""
            instances:
              a: straight
            ports:
              in: a,o1
              out: z,o2
            """);

        Assert.Equal("net.yaml:5:3: external port 'out' -> 'z,o2': no instance 'z' in netlist 'net'; instances: a", m);
    }

    [Fact]
    public void UnconnectedPorts_AreAllListedByName()
    {
        string m = Fails("""
            instances:
              ring: straight
              m: cell
              dc: coupler
            connections:
              dc,o3: ring,o2
            ports:
              in: dc,o1
            netlists:
              cell:
                instances:
                  dc1: coupler
                connections:
                  dc1,o3: dc1,o4
                ports:
                  a: dc1,o1
            """);

        Assert.Equal("net.yaml: unconnected ports: " +
                     "ring,o1 [net.yaml:2:3], " +
                     "m.dc1,o1 (= m,a) [net.yaml:12:7], " +
                     "m.dc1,o2 [net.yaml:12:7], " +
                     "dc,o2 [net.yaml:4:3], " +
                     "dc,o4 [net.yaml:4:3]; " +
                     "every instance port must be connected (connections:/nets:) or exposed (ports:) (strict ports are on)", m);
    }

    [Fact]
    public void ReferenceInsideAFlowMapping_HintsAtQuoting()
    {
        string m = Fails("""
            instances:
              a: straight
            ports: {in: a,o1, out: a,o2}
            """);

        Assert.StartsWith("net.yaml:3:13: external port 'in': 'a' is not an 'instance,port' reference; inside {...} a ','", m);
    }

    [Fact]
    public void EndpointWithoutComma_IsAnError()
    {
        string m = Fails("""
            instances:
              a: straight
            connections:
              a,o2: a
            """);

        Assert.Equal("net.yaml:4:9: connection: 'a' is not an 'instance,port' reference", m);
    }

    // ---------------------------------------------------------------- hierarchy

    [Fact]
    public void RecursiveNamedNetlists_NameTheCycle()
    {
        string m = Fails("""
            instances:
              x: a
            netlists:
              a:
                instances: {y: b}
              b:
                instances:
                  z: a
            """, "top.yaml");

        Assert.Equal("top.yaml:8:7: instance 'x.y.z': recursive subcircuit: a -> b -> a", m);
    }

    [Fact]
    public void NetlistInstantiatingItself_IsRecursive()
    {
        string m = Fails("""
            instances:
              x: a
            netlists:
              a:
                instances:
                  s: straight
                  again: a
            """, "top.yaml");

        Assert.Equal("top.yaml:7:7: instance 'x.again': recursive subcircuit: a -> a", m);
    }

    [Fact]
    public void RecursiveFiles_NameTheCycle()
    {
        using var dir = new TempDir();
        string top = dir.Write("top.yaml", """
            instances:
              m: mzi.yaml
            ports: {a: "m,a"}
            """);
        string mzi = dir.Write("mzi.yaml", """
            instances:
              s: straight
              back: top.yaml
            ports: {a: "s,o1"}
            """);

        var m = Assert.Throws<PhotonicException>(() => Flattener.Flatten(NetlistLoader.LoadFile(top))).Message;

        Assert.Equal($"{mzi}:3:3: instance 'm.back': recursive subcircuit: top -> mzi -> top", m);
    }

    [Fact]
    public void MissingSubcircuitFile_NamesTheInstanceAndPath()
    {
        using var dir = new TempDir();
        string top = dir.Write("top.yaml", "instances:\n  m: lib/nothere.yaml\n");

        var m = Assert.Throws<PhotonicException>(() => Flattener.Flatten(NetlistLoader.LoadFile(top))).Message;

        Assert.Equal($"{top}:2:3: instance 'm': subcircuit file not found: {Path.Combine(dir.Root, "lib", "nothere.yaml")}", m);
    }

    // ---------------------------------------------------------------- reading

    [Fact]
    public void MalformedYaml_BadIndentation_GivesFileAndLine()
    {
        var e = Assert.Throws<PhotonicException>(() => NetlistLoader.Parse("""
            instances:
              a: straight
               b: straight
            ports:
              in: a,o1
            """, "bad.yaml"));

        Assert.StartsWith("bad.yaml:3:", e.Message);
        Assert.Contains(": invalid YAML: ", e.Message);
    }

    [Fact]
    public void MalformedYaml_UnclosedBrace_PointsAtTheBrace()
    {
        var e = Assert.Throws<PhotonicException>(() => NetlistLoader.Parse("""
            instances:
              a: straight
              b: {component: straight
            ports:
              in: a,o1
            """, "bad.yaml"));

        Assert.Equal("bad.yaml:3:6: invalid YAML: the '{' opened here is not closed with '}'", e.Message);
    }

    [Fact]
    public void MalformedJson_MissingColon_GivesFileAndLine()
    {
        var e = Assert.Throws<PhotonicException>(() => NetlistLoader.Parse("""
            {
              "instances": {
                "a": {"component": "straight"},
                "b" {"component": "straight"}
              }
            }
            """, "bad.json"));

        Assert.Equal("bad.json:4:9: invalid JSON: While parsing a flow mapping, did not find expected ',' or '}'.", e.Message);
    }

    [Fact]
    public void MalformedJson_UnterminatedString_GivesTheLineWhereItStarts()
    {
        var e = Assert.Throws<PhotonicException>(() => NetlistLoader.Parse("""
            {
              "instances": {
                "a": {"component": "straight}
              }
            }
            """, "bad.json"));

        Assert.StartsWith("bad.json:3:24: invalid JSON: ", e.Message);
        Assert.Contains("quoted scalar", e.Message);
    }

    [Fact]
    public void MissingFile_SaysNotFoundWithThePath()
    {
        string path = Path.Combine(Path.GetTempPath(), "photonic-no-such-dir", "ring.yaml");

        var e = Assert.Throws<PhotonicException>(() => NetlistLoader.LoadFile(path));

        Assert.Equal($"netlist file not found: {path}", e.Message);
    }

    [Fact]
    public void UnknownTopLevelKey_NamesKeyAndLine()
    {
        var e = Assert.Throws<PhotonicException>(() => NetlistLoader.Parse("instances:\n  a: straight\nconections:\n  a,o1: a,o2\n", "k.yaml"));

        Assert.StartsWith("k.yaml:3:1: unknown top-level key 'conections'; expected instances, connections, nets, ports, models, settings, netlists", e.Message);
    }

    [Fact]
    public void Routes_AreRejectedWithAHint()
    {
        var e = Assert.Throws<PhotonicException>(() => Flattener.Flatten(NetlistLoader.Parse(
            "instances:\n  a: straight\n  b: straight\nroutes:\n  r1: {links: {'a,o2': 'b,o1'}}\nports: {i: 'a,o1', o: 'b,o2'}\n", "r.yaml")));

        Assert.StartsWith("r.yaml:4:1: 'routes' (r1) are layout instructions", e.Message);
        Assert.Contains("--routes-as-connections", e.Message);
        Assert.Contains("get_netlist()", e.Message);
    }

    [Fact]
    public void UnknownInstanceKey_NamesInstanceKeyAndLine()
    {
        var e = Assert.Throws<PhotonicException>(() => NetlistLoader.Parse("""
            instances:
              a:
                component: straight
                setings: {length: 3}
            """, "i.yaml"));

        Assert.StartsWith("i.yaml:4:5: instance 'a': unknown key 'setings'; expected component, settings", e.Message);
    }

    [Fact]
    public void InstanceWithoutComponent_IsAnError()
    {
        var e = Assert.Throws<PhotonicException>(() => NetlistLoader.Parse("instances:\n  a:\n    settings: {length: 3}\n", "i.yaml"));

        Assert.Equal("i.yaml:2:3: instance 'a' has no 'component'", e.Message);
    }

    [Theory]
    [InlineData("a.b", "'.' separates hierarchy levels")]
    [InlineData("a:b", "':' is not allowed")]
    [InlineData("'a b'", "whitespace")]
    [InlineData("'a,b'", "',' separates instance and port")]
    public void InvalidInstanceName_SaysWhy(string name, string why)
    {
        var e = Assert.Throws<PhotonicException>(() => NetlistLoader.Parse($"instances:\n  {name}: straight\n", "i.yaml"));

        Assert.StartsWith($"i.yaml:2:3: invalid instance name '{name.Trim('\'')}': ", e.Message);
        Assert.Contains(why, e.Message);
    }

    [Fact]
    public void ArrayInstance_IsRejected()
    {
        var e = Assert.Throws<PhotonicException>(() => NetlistLoader.Parse("""
            instances:
              a:
                component: straight
                array: {columns: 3, rows: 1, column_pitch: 10, row_pitch: 0}
            """, "a.yaml"));

        Assert.StartsWith("a.yaml:4:13: instance 'a' is an array (columns: 3); arrays are not supported", e.Message);
    }

    [Fact]
    public void UnknownGlobalSetting_NamesItAndTheLine()
    {
        var e = Assert.Throws<PhotonicException>(() => NetlistLoader.Parse("instances:\n  a: straight\nsettings:\n  wl: 1.3\n  length: 4\n", "g.yaml"));

        Assert.StartsWith("g.yaml:5:3: settings: unknown global setting 'length'; the global settings are wl (µm) and temperature (°C)", e.Message);
    }

    [Fact]
    public void DuplicateInstance_NamesItAndBothLines()
    {
        var e = Assert.Throws<PhotonicException>(() => NetlistLoader.Parse("instances:\n  a: straight\n  b: straight\n  a: coupler\n", "d.yaml"));

        Assert.Equal("d.yaml:4:3: instance 'a' is defined twice (lines 2 and 4)", e.Message);
    }
}
