using PhotonicSolver.Circuit;
using PhotonicSolver.Netlists;
using PhotonicSolver.Sweep;
using YamlDotNet.RepresentationModel;

namespace PhotonicSolver.Thermal;

/// <summary>
/// A drift scenario (YAML): an optical netlist, a thermal network whose node temperatures drive it, lasers,
/// and optionally heaters. Paths are relative to the scenario file.
/// <code>
/// netlist: ring_filter.yaml          # the optical circuit
/// network: cpo_network.yaml          # the thermal network (its sources, time: stop_s/step_s)
/// initial: steady                    # start from the steady state of the first powers (default: ambient)
/// pair: {out: drop, in: in}          # the link's port pair
/// feature: peak                      # peak (drop port) or dip (through port): the feature locked to the laser
/// wl: 1.54:1.565:2501                # feature search window (µm), at least one FSR wide
/// drive:                             # thermal node → instances: '*' (whole circuit), paths or subcircuit prefixes
///   ring: ['*']
/// heaters:                           # optional
///   h_ring: {section: h1, r_th_K_per_mW: 1.0}      # or p_pi_mW; heated_length_um, dneff_dT, wl_um optional
/// crosstalk: {kernel: exponential, d0_um: 20, positions_um: {h_ring: [0, 0]}}   # optional, default none
/// lock_heater: h_ring                # optional: lock each laser at t = 0 with this heater, then hold it
/// lasers:                            # dwl_dT_nm_per_K default 0.09 (DFB); node: follows a thermal node,
///   cpo: {wavelength_um: 1.5505, reference_C: 25, node: laser}   #   or fixed_C: a stabilised source
///   els: {wavelength_um: 1.5505, reference_C: 25, fixed_C: 25}
///   dfb: {model: ../lasers/dfb_quarter_wave.yaml, current_mA: 60, node: laser}   # the DFB laser model instead
/// </code>
/// </summary>
public sealed class DriftScenario
{
    public required string SourcePath { get; init; }
    public required Netlist Netlist { get; init; }
    public required ThermalNetwork Network { get; init; }
    public bool InitialSteady { get; init; }
    public required string OutPort { get; init; }
    public required string InPort { get; init; }
    public bool Dip { get; init; }
    public required SweepAxis Window { get; init; }
    public required Dictionary<string, IReadOnlyList<string>> Drive { get; init; }
    public required List<(Heater Heater, HeatedSection Section)> Heaters { get; init; }
    public CrosstalkKernel Kernel { get; init; }
    public double D0Um { get; init; }
    public Dictionary<string, (double X, double Y)>? PositionsUm { get; init; }
    public Dictionary<string, Dictionary<string, double>>? MatrixKPerMw { get; init; }
    public string? LockHeater { get; init; }
    public required List<LaserDrift> Lasers { get; init; }

    /// <summary>The heater array over the circuit, or null without heaters.</summary>
    public HeaterArray? BuildHeaters()
    {
        if (Heaters.Count == 0) return null;
        var heaters = Heaters.Select(h => h.Heater).ToList();
        var sections = Heaters.Select(h => h.Section).ToList();
        if (MatrixKPerMw is { } m)
        {
            var r = new double[sections.Count, heaters.Count];
            for (int j = 0; j < sections.Count; j++)
                for (int i = 0; i < heaters.Count; i++)
                    r[j, i] = m.TryGetValue(sections[j].Instance, out var row) && row.TryGetValue(heaters[i].Name, out double v) ? v : 0;
            return HeaterArray.FromMatrix(heaters, sections, r);
        }
        if (PositionsUm is { } pos)
        {
            var xy = heaters.Select(h => pos.TryGetValue(h.Name, out var p) ? p
                                         : throw new PhotonicException($"{SourcePath}: crosstalk: no position for heater '{h.Name}'")).ToList();
            return HeaterArray.FromPositions(heaters, sections, xy, xy, Kernel, D0Um);
        }
        return HeaterArray.WithoutCrosstalk(heaters, sections);
    }

    public int LockHeaterIndex => LockHeater is null ? -1 : Heaters.FindIndex(h => h.Heater.Name == LockHeater);

    public static DriftScenario Load(string path)
    {
        return Parse(IO.InputFile.ReadAllText(path, "drift scenario"), path);
    }

    public static DriftScenario Parse(string text, string source)
    {
        var y = new YamlDoc(source);
        var root = y.LoadMapping(text, "a drift scenario is a mapping with netlist, network, pair, wl, drive, lasers");
        string dir = Path.GetDirectoryName(source) ?? "";
        string Rel(string p) => Path.IsPathRooted(p) ? p : Path.Combine(dir, p);
        Netlist? netlist = null; ThermalNetwork? network = null;
        bool steady = false, dip = false;
        string? outPort = null, inPort = null, lockHeater = null;
        SweepAxis? window = null;
        var drive = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var heaters = new List<(Heater, HeatedSection)>();
        var lasers = new List<LaserDrift>();
        var kernel = CrosstalkKernel.Exponential;
        double d0 = double.NaN;
        Dictionary<string, (double, double)>? positions = null;
        Dictionary<string, Dictionary<string, double>>? matrix = null;
        YamlNode? lockNode = null;
        foreach (var (keyNode, key, value) in y.Entries(root))
        {
            switch (key)
            {
                case "netlist": netlist = y.Referenced(value, "netlist", Rel(y.Text(value, "netlist")), NetlistLoader.LoadFile); break;
                case "network": network = y.Referenced(value, "thermal network", Rel(y.Text(value, "network")), ThermalNetworkFile.Load); break;
                case "initial":
                    steady = y.Text(value, "initial") switch
                    {
                        "steady" => true, "ambient" => false,
                        var s => throw y.Fail(value, $"initial: '{s}' is not steady or ambient"),
                    };
                    break;
                case "pair":
                    foreach (var (fk, f, fv) in y.Entries(y.Mapping(value, "pair: {out: PORT, in: PORT}")))
                    {
                        if (f == "out") outPort = y.Text(fv, "pair.out");
                        else if (f == "in") inPort = y.Text(fv, "pair.in");
                        else throw y.Fail(fk, $"pair: unknown key '{f}'; expected out, in");
                    }
                    break;
                case "feature":
                    dip = y.Text(value, "feature") switch
                    {
                        "dip" => true, "peak" => false,
                        var s => throw y.Fail(value, $"feature: '{s}' is not dip or peak"),
                    };
                    break;
                case "wl":
                    try { window = SweepAxis.Parse(FlatCircuit.WavelengthKey, y.Text(value, "wl")); }
                    catch (PhotonicException e) { throw y.Fail(value, e.Message); }
                    break;
                case "drive":
                    foreach (var (fk, node, fv) in y.Entries(y.Mapping(value, "drive: maps thermal nodes to instance lists")))
                    {
                        var list = fv is YamlSequenceNode seq ? seq.Children.Select(c => y.Text(c, $"drive.{node}")).ToList()
                                 : [y.Text(fv, $"drive.{node}")];
                        drive[node] = list;
                    }
                    break;
                case "heaters":
                    foreach (var (fk, name, fv) in y.Entries(y.Mapping(value, "heaters: maps heater names to {section, r_th_K_per_mW | p_pi_mW}")))
                        heaters.Add(ReadHeater(y, name, fv, heaters.Count));
                    break;
                case "crosstalk":
                    foreach (var (fk, f, fv) in y.Entries(y.Mapping(value, "crosstalk: {kernel, d0_um, positions_um} or {matrix_K_per_mW}")))
                    {
                        switch (f)
                        {
                            case "kernel":
                                kernel = y.Text(fv, "kernel") switch
                                {
                                    "exponential" => CrosstalkKernel.Exponential, "lorentzian" => CrosstalkKernel.Lorentzian,
                                    var s => throw y.Fail(fv, $"crosstalk: kernel '{s}' is not exponential or lorentzian"),
                                };
                                break;
                            case "d0_um": d0 = y.Number(fv, "crosstalk.d0_um"); break;
                            case "positions_um":
                                positions = [];
                                foreach (var (pk, h, pv) in y.Entries(y.Mapping(fv, "positions_um: heater → [x, y]")))
                                {
                                    if (pv is not YamlSequenceNode { Children.Count: 2 } xy) throw y.Fail(pv, $"positions_um.{h}: expected [x, y] in µm");
                                    positions[h] = (y.Number(xy.Children[0], "x"), y.Number(xy.Children[1], "y"));
                                }
                                break;
                            case "matrix_K_per_mW":
                                matrix = [];
                                foreach (var (rk, sec, rv) in y.Entries(y.Mapping(fv, "matrix_K_per_mW: section instance → {heater: K/mW}")))
                                    matrix[sec] = y.Entries(y.Mapping(rv, "a row maps heater names to K/mW"))
                                                   .ToDictionary(e => e.Key, e => y.Number(e.Value, $"matrix_K_per_mW.{sec}.{e.Key}"));
                                break;
                            default: throw y.Fail(fk, $"crosstalk: unknown key '{f}'; expected kernel, d0_um, positions_um, matrix_K_per_mW");
                        }
                    }
                    if (positions is not null && double.IsNaN(d0)) throw y.Fail(value, "crosstalk: positions_um needs d0_um");
                    if (positions is not null && matrix is not null) throw y.Fail(value, "crosstalk: give positions_um or matrix_K_per_mW, not both");
                    break;
                case "lock_heater": lockHeater = y.Text(value, "lock_heater"); lockNode = value; break;
                case "lasers":
                    foreach (var (fk, name, fv) in y.Entries(y.Mapping(value, "lasers: maps names to {wavelength_um, reference_C, dwl_dT_nm_per_K | model, current_mA; node | fixed_C}")))
                        lasers.Add(ReadLaser(y, name, fv, Rel));
                    break;
                default:
                    throw y.Fail(keyNode, $"unknown key '{key}'; expected netlist, network, initial, pair, feature, wl, drive, heaters, crosstalk, lock_heater, lasers");
            }
        }
        string Missing(string k) => $"{source}: missing '{k}'";
        if (netlist is null) throw new PhotonicException(Missing("netlist"));
        if (network is null) throw new PhotonicException(Missing("network"));
        if (outPort is null || inPort is null) throw new PhotonicException(Missing("pair: {out, in}"));
        if (window is null) throw new PhotonicException(Missing("wl (feature search window)"));
        if (drive.Count == 0) throw new PhotonicException(Missing("drive (which instances follow which thermal node)"));
        if (lasers.Count == 0) throw new PhotonicException(Missing("lasers"));
        if (lockHeater is not null && heaters.All(h => h.Item1.Name != lockHeater))
            throw y.Fail(lockNode!, $"lock_heater: no heater '{lockHeater}'; heaters: {string.Join(", ", heaters.Select(h => h.Item1.Name))}");
        var nodes = network.Nodes.Select(n => n.Name).Append(ThermalNetwork.Ambient).ToHashSet();
        foreach (var node in drive.Keys.Concat(lasers.Select(l => l.Node).OfType<string>()))
            if (!nodes.Contains(node))
                throw new PhotonicException($"{source}: thermal node '{node}' is not in {network.SourcePath}; nodes: {string.Join(", ", nodes)}");
        return new DriftScenario
        {
            SourcePath = source, Netlist = netlist, Network = network, InitialSteady = steady, OutPort = outPort, InPort = inPort, Dip = dip,
            Window = window, Drive = drive, Heaters = heaters, Kernel = kernel, D0Um = d0, PositionsUm = positions, MatrixKPerMw = matrix,
            LockHeater = lockHeater, Lasers = lasers,
        };
    }

    private static (Heater, HeatedSection) ReadHeater(YamlDoc y, string name, YamlNode node, int index)
    {
        string? section = null;
        double pPi = double.NaN, rth = double.NaN, length = double.NaN, dn = double.NaN, wl = 1.55;
        foreach (var (fk, f, fv) in y.Entries(y.Mapping(node, $"heater '{name}': expected {{section, r_th_K_per_mW | p_pi_mW}}")))
        {
            switch (f)
            {
                case "section": section = y.Text(fv, "section"); break;
                case "p_pi_mW": pPi = y.Number(fv, "p_pi_mW"); break;
                case "r_th_K_per_mW": rth = y.Number(fv, "r_th_K_per_mW"); break;
                case "heated_length_um": length = y.Number(fv, "heated_length_um"); break;
                case "dneff_dT": dn = y.Number(fv, "dneff_dT"); break;
                case "wl_um": wl = y.Number(fv, "wl_um"); break;
                default: throw y.Fail(fk, $"heater '{name}': unknown key '{f}'; expected section, p_pi_mW, r_th_K_per_mW, heated_length_um, dneff_dT, wl_um");
            }
        }
        if (section is null) throw y.Fail(node, $"heater '{name}': missing section (the instance it heats)");
        if (double.IsNaN(pPi) == double.IsNaN(rth)) throw y.Fail(node, $"heater '{name}': give either p_pi_mW or r_th_K_per_mW");
        return (new Heater(name, index, pPi, rth), new HeatedSection(section, length, dn, wl));
    }

    private static LaserDrift ReadLaser(YamlDoc y, string name, YamlNode node, Func<string, string> rel)
    {
        double? wl = null, fixedC = null, current = null;
        double reference = 25, drift = LaserDrift.DefaultDfbNmPerK;
        string? thermalNode = null, model = null;
        bool linearKeys = false;
        foreach (var (fk, f, fv) in y.Entries(y.Mapping(node, $"laser '{name}': expected {{wavelength_um, reference_C, dwl_dT_nm_per_K | model, current_mA; node | fixed_C}}")))
        {
            switch (f)
            {
                case "wavelength_um": wl = y.Number(fv, "wavelength_um"); linearKeys = true; break;
                case "reference_C": reference = y.Number(fv, "reference_C"); linearKeys = true; break;
                case "dwl_dT_nm_per_K": drift = y.Number(fv, "dwl_dT_nm_per_K"); linearKeys = true; break;
                case "model": model = y.Text(fv, "model"); break;
                case "current_mA": current = y.Number(fv, "current_mA"); break;
                case "node": thermalNode = y.Text(fv, "node"); break;
                case "fixed_C": fixedC = y.Number(fv, "fixed_C"); break;
                default: throw y.Fail(fk, $"laser '{name}': unknown key '{f}'; expected wavelength_um, reference_C, dwl_dT_nm_per_K, model, current_mA, node, fixed_C");
            }
        }
        if ((thermalNode is null) == (fixedC is null)) throw y.Fail(node, $"laser '{name}': give either node (it follows a thermal node) or fixed_C (stabilised)");
        LaserDrift laser;
        if (model is not null)
        {
            if (linearKeys) throw y.Fail(node, $"laser '{name}': with a model, the wavelength and its drift come from the model; drop wavelength_um, reference_C, dwl_dT_nm_per_K");
            var dfb = y.Referenced(node, $"laser '{name}': model", rel(model), PhotonicSolver.Lasers.DfbLaser.Load);
            double i = current ?? dfb.IOpMa ?? throw y.Fail(node, $"laser '{name}': give current_mA (the model has no I_op_mA)");
            laser = LaserDrift.FromDfb(name, dfb, i, thermalNode, fixedC);
        }
        else
        {
            if (current is not null) throw y.Fail(node, $"laser '{name}': current_mA needs a model");
            if (wl is null) throw y.Fail(node, $"laser '{name}': missing wavelength_um (or a DFB model file: model)");
            laser = new LaserDrift(name, wl.Value, reference, drift, thermalNode, fixedC);
        }
        try { laser.Validate(); }
        catch (PhotonicException e) { throw y.Fail(node, e.Message); }
        return laser;
    }

}

/// <summary>The result of a <see cref="DriftScenario"/>: node temperatures and each laser's link over time.</summary>
public sealed record DriftRun(DriftScenario Scenario, ThermalTrace Trace, IReadOnlyList<LaserTimeline> Lasers)
{
    /// <summary>Solves the scenario: thermal transient, then the optical circuit at every time step on the backend.</summary>
    public static DriftRun Solve(DriftScenario s, PhotonicSolver.Backends.ISweepBackend backend, double calibrationMw = 1.0)
    {
        var circuit = Flattener.Flatten(s.Netlist);
        int o = circuit.ExternalPorts.FindIndex(p => p.Name == s.OutPort), i = circuit.ExternalPorts.FindIndex(p => p.Name == s.InPort);
        if (o < 0 || i < 0)
            throw new PhotonicException($"{s.SourcePath}: pair: no external port '{(o < 0 ? s.OutPort : s.InPort)}' in the netlist; ports: " +
                                        string.Join(", ", circuit.ExternalPorts.Select(p => p.Name)));
        var drive = new ThermalDrive(circuit, s.Drive, s.BuildHeaters());
        var net = s.Network.Compile();
        if (s.Network.StopS is not { } stop || s.Network.StepS is not { } step)
            throw new PhotonicException($"{s.Network.SourcePath}: no 'time: {{stop_s, step_s}}' for the transient");
        double[]? initial = s.InitialSteady ? ThermalSolver.SteadyState(net, net.PowerAt(0)) : null;
        var trace = ThermalSolver.Transient(s.Network, stop, step, initial);
        var lasers = DriftAnalysis.Transient(drive, (o, i), s.Window, s.Dip, trace, s.Lasers, backend, s.LockHeaterIndex, calibrationMw);
        return new DriftRun(s, trace, lasers);
    }

    /// <summary>
    /// CSV: time_s, T.&lt;node&gt; (°C), then per laser: wl_um.&lt;laser&gt;, feature_um.&lt;laser&gt;,
    /// detuning_pm.&lt;laser&gt; (laser − feature), trans.&lt;laser&gt; (|S|², linear), loss_dB.&lt;laser&gt;
    /// (−10·log10 trans), relock_mW.&lt;laser&gt; (heater power a lock loop would need; empty without a heater),
    /// laser_mW.&lt;laser&gt; (laser output from the DFB model; empty for a linear-drift laser).
    /// </summary>
    public void WriteCsv(TextWriter w)
    {
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        var cols = new List<string> { "time_s" };
        cols.AddRange(Trace.NodeNames.Select(n => "T." + n));
        foreach (var l in Lasers)
        {
            string n = l.Laser.Name;
            cols.AddRange([$"wl_um.{n}", $"feature_um.{n}", $"detuning_pm.{n}", $"trans.{n}", $"loss_dB.{n}", $"relock_mW.{n}", $"laser_mW.{n}"]);
        }
        w.Write(string.Join(",", cols) + "\n");
        var sb = new System.Text.StringBuilder();
        for (int k = 0; k < Trace.TimesS.Length; k++)
        {
            sb.Clear();
            sb.Append(Trace.TimesS[k].ToString("R", inv));
            for (int j = 0; j < Trace.NodeNames.Count; j++) sb.Append(',').Append(Trace.TemperaturesC[j][k].ToString("R", inv));
            foreach (var l in Lasers)
            {
                sb.Append(',').Append(l.WavelengthUm[k].ToString("R", inv));
                sb.Append(',').Append(l.FeatureUm[k].ToString("R", inv));
                sb.Append(',').Append(l.DetuningPm[k].ToString("R", inv));
                sb.Append(',').Append(l.Transmission[k].ToString("R", inv));
                sb.Append(',').Append((-10 * Math.Log10(l.Transmission[k])).ToString("R", inv));
                sb.Append(',').Append(double.IsNaN(l.RelockPowerMw[k]) ? "" : l.RelockPowerMw[k].ToString("R", inv));
                sb.Append(',').Append(double.IsNaN(l.LaserPowerMw[k]) ? "" : l.LaserPowerMw[k].ToString("R", inv));
            }
            sb.Append('\n');
            w.Write(sb.ToString());
        }
        w.Flush();
    }
}
