using System.Globalization;
using PhotonicSolver.Electrical;
using PhotonicSolver.Fiber;
using PhotonicSolver.IO;
using PhotonicSolver.Lasers;
using PhotonicSolver.Links;
using PhotonicSolver.Thermal;

namespace PhotonicSolver.Packaging;

/// <summary>Where a laser sits thermally: on a node of the thermal network, or held at a fixed temperature (an ELS).</summary>
public sealed record Placement(string? Node, double? FixedC)
{
    public override string ToString() => Node is not null ? $"node {Node}" : FormattableString.Invariant($"held at {FixedC} °C");
}

/// <summary>One packaging of the switch optics: its copper, whether the module has a DSP, and where its laser and PIC sit.</summary>
/// <param name="Channel">The electrical channel from the ASIC SerDes to the optics (or to the module DSP).</param>
/// <param name="Dsp">A DSP/retimer in the module (pluggable); false for linear drive (LPO, and the co-packaged engines).</param>
/// <param name="Laser">The laser's thermal placement.</param>
/// <param name="PicNode">The thermal node the PIC (its ring filter and fiber attach) follows.</param>
/// <param name="FiberAttaches">Fiber-to-PIC attaches on the optical path (2 with an ELS: light in and light out).</param>
/// <param name="Els">The external light source's fiber and connectors, or null for a laser beside the PIC.</param>
public sealed record PackagingOption(string Name, ElectricalChannel Channel, bool Dsp, Placement Laser, string PicNode, int FiberAttaches, FiberLink? Els);

/// <summary>
/// A switch and the packagings of its optics to compare (`photonic packaging SYSTEM.yaml`). See docs/packaging.md
/// for every key, default and source. Paths are relative to the file.
/// </summary>
public sealed class PackagingSystem
{
    public required string SourcePath { get; init; }
    public required double BandwidthTbps { get; init; }
    public required int Ports { get; init; }
    public required SerDesGeneration Generation { get; init; }
    public required double DspPjPerBit { get; init; }
    public required double DspGainDb { get; init; }
    public required DriftScenario Drift { get; init; }
    public required ThermalNetwork Network { get; init; }
    public required DfbLaser Laser { get; init; }
    public required double LaserCurrentMa { get; init; }
    public required double OpticsPjPerBit { get; init; }
    public required double ModulatorLossDb { get; init; }
    public required double RxSensitivityDbm { get; init; }
    public required FiberLink LineLink { get; init; }
    public required FiberCouplingSetup Attach { get; init; }
    public required double AttachSigmaUm { get; init; }
    public required double AlignC { get; init; }
    public required int Samples { get; init; }
    public required ulong Seed { get; init; }
    public required IReadOnlyList<PackagingOption> Packagings { get; init; }
    /// <summary>Candidate laser placements for the sensitivity study (may be empty).</summary>
    public required IReadOnlyList<(string Name, Placement Placement)> Placements { get; init; }
    /// <summary>Whether the ring's lock loop follows the laser (track, default) or the heater is held at its t = 0 power (hold).</summary>
    public bool TrackLock { get; init; } = true;
    /// <summary>Largest heater power (mW) the lock loop may apply; null: one free spectral range of tuning.</summary>
    public double? HeaterMaxMw { get; init; }

    /// <summary>Payload bit rate of one port's lane (Gb/s): the switch bandwidth over its ports.</summary>
    public double LaneGbps => BandwidthTbps * 1e3 / Ports;

    public const double DefaultDspPjPerBit = 7.0, DefaultDspGainDb = 2.0, DefaultOpticsPjPerBit = 2.0;
    public const double DefaultModulatorLossDb = 3.0, DefaultRxSensitivityDbm = -8.0, DefaultConnectorLossDb = 0.5;

    public static PackagingSystem Load(string path) => Read(YamlSection.LoadFile(path, "packaging system"));

    public static PackagingSystem Parse(string text, string source) => Read(YamlSection.Parse(text, source, "packaging system"));

    private static string Inv(double v) => v.ToString(CultureInfo.InvariantCulture);

    private static PackagingSystem Read(YamlSection root)
    {
        root.AllowOnly("switch", "serdes", "dsp", "thermal", "laser", "optics", "fiber_attach", "materials", "packagings", "placements");
        string dir = Path.GetDirectoryName(root.Source) ?? "";
        string Rel(string p) => Path.IsPathRooted(p) ? p : Path.Combine(dir, p);

        var sw = root.RequiredSection("switch");
        sw.AllowOnly("bandwidth_Tbps", "ports");
        double bw = sw.Positive("bandwidth_Tbps");
        double ports = sw.Positive("ports");
        if (ports != Math.Floor(ports) || ports > 1e6) throw sw.Error("ports", $"{Inv(ports)}: a whole number of ports (at most 10⁶)");

        var gen = ReadSerDes(root.RequiredSection("serdes"));
        var dsp = root.Section("dsp");
        dsp?.AllowOnly("pJ_per_bit", "gain_dB");
        double dspPj = dsp?.Checked("pJ_per_bit", DefaultDspPjPerBit, 0, 1000, "an energy per bit in pJ, ≥ 0") ?? DefaultDspPjPerBit;
        double dspGain = dsp?.Checked("gain_dB", DefaultDspGainDb, 0, 30, "the DSP's receiver sensitivity gain in dB, ≥ 0") ?? DefaultDspGainDb;

        var th = root.RequiredSection("thermal");
        th.AllowOnly("drift", "network", "lock", "heater_max_mW");
        string lockMode = th.Text("lock") ?? "track";
        if (lockMode is not ("track" or "hold")) throw th.Error("lock", $"'{lockMode}': track (a lock loop follows the laser) or hold (heater held at its t = 0 power)");
        double? heaterMax = th.Has("heater_max_mW") ? th.Positive("heater_max_mW", what: "a heater power limit in mW must be positive") : null;
        var driftPath = th.Text("drift") ?? throw th.Error("missing 'thermal.drift' (a drift scenario: the ring filter, its drive and lock heater, e.g. ../thermal/cpo_vs_els.yaml)");
        var drift = DriftScenario.Load(Rel(driftPath));
        var network = th.Text("network") is { } np ? ThermalNetworkFile.Load(Rel(np)) : drift.Network;
        if (network.StopS is null || network.StepS is null)
            throw th.Error($"the thermal network {network.SourcePath} has no 'time: {{stop_s, step_s}}' for the ASIC power trace");
        var nodes = network.Nodes.Select(n => n.Name).ToHashSet();

        var ls = root.RequiredSection("laser");
        ls.AllowOnly("model", "current_mA");
        var model = ls.Text("model") ?? throw ls.Error("missing 'laser.model' (a DFB laser file, e.g. ../lasers/dfb_quarter_wave.yaml)");
        var dfb = DfbLaser.Load(Rel(model));
        double current = ls.Number("current_mA") ?? dfb.IOpMa ?? throw ls.Error("give laser.current_mA (the model has no I_op_mA)");
        if (!(current > 0)) throw ls.Error("current_mA", $"{Inv(current)}: a drive current in mA must be positive");

        var op = root.RequiredSection("optics");
        op.AllowOnly("pJ_per_bit", "modulator_loss_dB", "rx_sensitivity_dBm", "link");
        double opticsPj = op.Checked("pJ_per_bit", DefaultOpticsPjPerBit, 0, 1000, "an energy per bit in pJ, ≥ 0");
        double modLoss = op.Checked("modulator_loss_dB", DefaultModulatorLossDb, 0, 100, "a loss in dB, ≥ 0");
        double rx = op.Checked("rx_sensitivity_dBm", DefaultRxSensitivityDbm, -60, 30, "a receiver sensitivity in dBm, e.g. -8");
        var link = ReadFiberLink(op.Section("link"), "optics.link");

        var fa = root.RequiredSection("fiber_attach");
        fa.AllowOnly("file", "sigma_um", "align_C", "samples", "seed");
        var attachFile = fa.Text("file") ?? throw fa.Error("missing 'fiber_attach.file' (a fiber coupling file, e.g. ../fiber/smf_to_ssc.yaml)");
        var attach = FiberCouplingSetup.Load(Rel(attachFile));
        double sigma = fa.Checked("sigma_um", 0.3, 0, 100, "a placement spread (1σ per axis) in µm, ≥ 0");
        double align = fa.Checked("align_C", 25, -273.15, 500, "the temperature (°C) at which the fiber was aligned");
        double samples = fa.Checked("samples", 1000, 1, 1_000_000, "a number of Monte Carlo links, 1 to 10⁶");
        if (samples != Math.Floor(samples)) throw fa.Error("samples", $"{Inv(samples)}: a whole number");
        double seed = fa.Checked("seed", 1, 0, 9.007199254740992e15, "a seed ≥ 0");

        var materials = Dielectric.Presets.ToDictionary(m => m.Name, StringComparer.Ordinal);
        if (root.Section("materials") is { } mats)
            foreach (var name in mats.Keys)
            {
                var m = mats.RequiredSection(name);
                m.AllowOnly("eps_r", "tan_delta", "source");
                materials[name] = new Dielectric(name, m.Checked("eps_r", 1, 1, 100, "a relative permittivity ≥ 1"),
                                                 m.Checked("tan_delta", 0, 0, 1, "a loss tangent in [0, 1]"), m.Text("source") ?? "user value");
            }

        var pk = root.RequiredSection("packagings");
        var options = new List<PackagingOption>();
        foreach (var name in pk.Keys)
            options.Add(ReadOption(pk.RequiredSection(name), name, materials, nodes));
        if (options.Count == 0) throw pk.Error("list at least one packaging");

        var placements = new List<(string, Placement)>();
        if (root.Section("placements") is { } pl)
            foreach (var name in pl.Keys) placements.Add((name, ReadPlacement(pl.RequiredSection(name), nodes)));

        return new PackagingSystem
        {
            SourcePath = root.Source, BandwidthTbps = bw, Ports = (int)ports, Generation = gen, DspPjPerBit = dspPj, DspGainDb = dspGain,
            Drift = drift, Network = network, Laser = dfb, LaserCurrentMa = current, OpticsPjPerBit = opticsPj, ModulatorLossDb = modLoss,
            RxSensitivityDbm = rx, LineLink = link, Attach = attach, AttachSigmaUm = sigma, AlignC = align, Samples = (int)samples,
            Seed = (ulong)seed, Packagings = options, Placements = placements, TrackLock = lockMode == "track", HeaterMaxMw = heaterMax,
        };
    }

    private static SerDesGeneration ReadSerDes(YamlSection s)
    {
        s.AllowOnly("generation", "classes");
        string g = s.Text("generation") ?? throw s.Error($"missing 'serdes.generation' ({string.Join(" or ", SerDesGeneration.Presets.Select(p => p.Name))})");
        var gen = SerDesGeneration.Preset(g) ?? throw s.Error("generation", $"'{g}' is not one of {string.Join(", ", SerDesGeneration.Presets.Select(p => p.Name))}");
        if (s.Section("classes") is not { } cls) return gen;
        var list = gen.Classes.ToList();
        foreach (var name in cls.Keys)
        {
            var c = cls.RequiredSection(name);
            c.AllowOnly("budget_dB", "pJ_per_bit");
            int i = list.FindIndex(x => x.Name == name);
            var old = i >= 0 ? list[i] : null;
            if (old is null && !(c.Has("budget_dB") && c.Has("pJ_per_bit")))
                throw c.Error($"a new class '{name}' needs both budget_dB and pJ_per_bit (known: {string.Join(", ", list.Select(x => x.Name))})");
            var nc = new SerDesClass(name, c.Checked("budget_dB", old?.BudgetDb ?? 0, 0, 100, "a loss budget in dB at Nyquist"),
                                     c.Checked("pJ_per_bit", old?.PjPerBit ?? 0, 0, 1000, "an energy per bit in pJ, ≥ 0"), "user value in " + c.Source);
            if (i >= 0) list[i] = nc; else list.Add(nc);
        }
        return gen with { Classes = list };
    }

    private static FiberLink ReadFiberLink(YamlSection? s, string what)
    {
        if (s is null) return new FiberLink(0, FiberLink.G652AttenuationDbPerKm, [DefaultConnectorLossDb, DefaultConnectorLossDb]);
        s.AllowOnly("fiber_km", "attenuation_dB_per_km", "connectors", "connector_loss_dB");
        double km = s.Checked("fiber_km", 0, 0, 1e5, "a fiber length in km, ≥ 0");
        double att = s.Checked("attenuation_dB_per_km", FiberLink.G652AttenuationDbPerKm, 0, 100, "a fiber loss in dB/km, ≥ 0");
        double n = s.Checked("connectors", 2, 0, 100, "a number of connectors");
        if (n != Math.Floor(n)) throw s.Error("connectors", $"{Inv(n)}: a whole number");
        double c = s.Checked("connector_loss_dB", DefaultConnectorLossDb, 0, 20, "a loss per connector in dB, ≥ 0");
        return new FiberLink(km, att, Enumerable.Repeat(c, (int)n).ToList());
    }

    private static Placement ReadPlacement(YamlSection s, HashSet<string> nodes)
    {
        s.AllowOnly("node", "fixed_C");
        if (s.Has("node") == s.Has("fixed_C")) throw s.Error("give either node (the laser follows a thermal node) or fixed_C (a held external source)");
        if (s.Text("node") is { } n)
        {
            if (!nodes.Contains(n)) throw s.Error("node", $"'{n}' is not a node of the thermal network; nodes: {string.Join(", ", nodes)}");
            return new Placement(n, null);
        }
        return new Placement(null, s.Checked("fixed_C", 25, -273.15, 500, "a temperature in °C above absolute zero"));
    }

    private static PackagingOption ReadOption(YamlSection s, string name, Dictionary<string, Dielectric> materials, HashSet<string> nodes)
    {
        s.AllowOnly("channel", "dsp", "laser", "pic", "fiber_attaches", "els");
        var ch = s.RequiredSection("channel");
        var segs = new List<ChannelSegment>();
        foreach (var seg in ch.Keys) segs.Add(ReadSegment(ch.RequiredSection(seg), seg, materials));
        string dspText = s.Text("dsp") ?? "false";
        bool dsp = dspText switch { "true" => true, "false" => false, _ => throw s.Error("dsp", $"'{dspText}': true (a module DSP/retimer) or false (linear drive)") };
        var laser = ReadPlacement(s.RequiredSection("laser"), nodes);
        string pic = s.Text("pic") ?? throw s.Error("missing 'pic' (the thermal node the PIC follows)");
        if (!nodes.Contains(pic)) throw s.Error("pic", $"'{pic}' is not a node of the thermal network; nodes: {string.Join(", ", nodes)}");
        double attaches = s.Checked("fiber_attaches", 1, 0, 10, "a number of fiber attaches, 0 to 10");
        if (attaches != Math.Floor(attaches)) throw s.Error("fiber_attaches", $"{Inv(attaches)}: a whole number");
        FiberLink? els = s.Section("els") is { } e ? ReadFiberLink(e, "els") : null;
        if (els is not null && laser.FixedC is null)
            throw s.Error("els", "an external light source is held at a fixed temperature: give laser: {fixed_C: ...}");
        return new PackagingOption(name, new ElectricalChannel(segs), dsp, laser, pic, (int)attaches, els);
    }

    private static ChannelSegment ReadSegment(YamlSection s, string name, Dictionary<string, Dielectric> materials)
    {
        if (s.Has("loss_dB"))
        {
            s.AllowOnly("loss_dB");
            return ChannelSegment.Lumped(name, s.Checked("loss_dB", 0, 0, 100, "a loss at Nyquist in dB, ≥ 0"));
        }
        s.AllowOnly("line", "material", "length_mm", "width_um", "h_um", "b_um", "t_um", "roughness");
        string kind = s.Text("line") ?? throw s.Error("a channel segment is a trace {line: microstrip|stripline, material, length_mm, width_um, h_um|b_um, t_um} or a lumped {loss_dB}");
        var lk = kind switch
        {
            "microstrip" => LineKind.Microstrip, "stripline" => LineKind.Stripline,
            _ => throw s.Error("line", $"'{kind}' is not microstrip or stripline"),
        };
        string mat = s.Text("material") ?? throw s.Error("missing 'material'");
        var d = materials.TryGetValue(mat, out var dd) ? dd : throw s.Error("material", $"'{mat}' is not a known material; known: {string.Join(", ", materials.Keys)}");
        string hKey = lk == LineKind.Microstrip ? "h_um" : "b_um";
        string other = lk == LineKind.Microstrip ? "b_um" : "h_um";
        if (s.Has(other)) throw s.Error(other, $"a {kind} takes {hKey} ({(lk == LineKind.Microstrip ? "dielectric height over the plane" : "spacing of the two planes")})");
        var rough = Roughness.Smooth;
        if (s.Section("roughness") is { } r)
        {
            r.AllowOnly("model", "rms_um", "radius_um", "surface_ratio");
            rough = (r.Text("model") ?? "") switch
            {
                "hammerstad" => new Roughness(RoughnessModel.Hammerstad, RmsUm: r.Checked("rms_um", 0, 0, 100, "an rms roughness in µm, ≥ 0")),
                "huray" => new Roughness(RoughnessModel.Huray, SphereRadiusUm: r.Positive("radius_um", what: "a sphere radius in µm must be positive"),
                                         SurfaceRatio: r.Checked("surface_ratio", 0, 0, 100, "Huray's N·4πa²/A_flat, ≥ 0")),
                "smooth" => Roughness.Smooth,
                var m => throw r.Error("model", $"'{m}' is not hammerstad, huray or smooth"),
            };
        }
        var line = new TraceLine(lk, d, s.Positive("width_um"), s.Positive(hKey), s.Checked("t_um", 18, 0, 1000, "a conductor thickness in µm"), rough);
        try { line.Validate($"segment '{name}'"); }
        catch (PhotonicException e) { throw s.Error(e.Message); }
        return ChannelSegment.Trace(name, line, s.Checked("length_mm", 0, 0, 1e5, "a trace length in mm, ≥ 0"));
    }
}
