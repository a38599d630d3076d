using PhotonicSolver.Backends;
using PhotonicSolver.Electrical;
using PhotonicSolver.Fiber;
using PhotonicSolver.Netlists;
using PhotonicSolver.Numerics;
using PhotonicSolver.Thermal;

namespace PhotonicSolver.Packaging;

/// <summary>Link flaps over the ASIC power trace, averaged over the Monte Carlo links.</summary>
/// <param name="TimeBelowZeroPct">Share of the trace time a link's margin is below 0 dB (%), mean over links.</param>
/// <param name="CrossingsPerLink">Crossings of the 0 dB threshold (either way) per link over the trace, mean over links.</param>
/// <param name="FlapsPerLink">Link drops per link, mean over links: down-crossings of 0 dB plus the lock loop's resonance hops.</param>
/// <param name="LinksDownPct">Share of the links whose margin is below 0 dB at some time (%).</param>
/// <param name="Relocks">Times the ring's lock loop had to hop to another resonance order (each drops the link once; counted in the flaps).</param>
public readonly record struct FlapStatistics(double TimeBelowZeroPct, double CrossingsPerLink, double FlapsPerLink, double LinksDownPct, int Relocks);

/// <summary>The optical side of one packaging over the trace: what the engine computed, and the margin statistics.</summary>
public sealed record OpticalBudget(
    double[] TimesS, double[] LaserTemperatureC, double[] LaserPowerDbm, double[] RingLossDb, double[] PicTemperatureC,
    double ElsLossDb, double LineLossDb, double ModulatorLossDb, double DspGainDb, double RxSensitivityDbm,
    double AttachLossMedianDb, double AttachLossP99Db, double HeaterMw,
    double MarginMedianWorstDb, double MarginP99WorstDb, double MarginMedianTypicalDb, FlapStatistics Flaps)
{
    public double LaserTMaxC => LaserTemperatureC.Max();
    /// <summary>The time index at which the median link's margin is worst.</summary>
    public int WorstIndex { get; init; }
}

/// <summary>One row of the comparison.</summary>
public sealed record PackagingRow(
    PackagingOption Option, double ElectricalLengthMm, double ElectricalLossDb, SerDesClass? SerDes, double SerDesPjPerBit,
    double DspPjPerBit, double OpticsPjPerBit, double LaserPjPerBit, OpticalBudget Optics, double BandwidthTbps)
{
    public string SerDesName => SerDes?.Name ?? "none";
    public double TotalPjPerBit => SerDesPjPerBit + DspPjPerBit + OpticsPjPerBit + LaserPjPerBit;
    /// <summary>Power of the switch's optical I/O (W): total pJ/bit × the switch bandwidth.</summary>
    public double SwitchOpticsW => TotalPjPerBit * BandwidthTbps;
}

/// <summary>Flaps of one packaging's optical path with its laser moved to another placement.</summary>
public sealed record PlacementRow(string Packaging, string PlacementName, Placement Placement, double LaserTMaxC, double MarginMedianWorstDb, FlapStatistics Flaps);

public sealed record PackagingResult(PackagingSystem System, ThermalTrace Trace, IReadOnlyList<PackagingRow> Rows, IReadOnlyList<PlacementRow> Placements);

/// <summary>
/// Puts the packagings side by side: electrical loss at Nyquist → SerDes class and energy, module DSP, optics and
/// laser energy, and an optical margin over the ASIC power trace computed by the engine:
/// <list type="bullet">
/// <item>node temperatures from the thermal network under the ASIC power trace (<see cref="ThermalSolver"/>);</item>
/// <item>laser output and wavelength at its temperature from the DFB model (<see cref="LaserDrift.FromDfb"/>);</item>
/// <item>the ring filter's loss at the laser wavelength from the drift engine (<see cref="DriftAnalysis.Transient"/>:
/// locked with its heater at t = 0, then held), which also gives the heater power;</item>
/// <item>fiber-attach loss from the Gaussian overlap (<see cref="FiberCouplingSetup"/>) with random placement
/// offsets per link (Philox normals, <see cref="Distributions"/>) and the attach's thermal drift at the PIC
/// temperature;</item>
/// <item>fixed losses: modulator, ELS fiber and connectors, line fiber and connectors; the receiver sensitivity; and
/// the DSP's sensitivity gain only where the module has a DSP.</item>
/// </list>
/// margin(t, link) = P_laser(t) − ELS − attach(t, link) − modulator − ring(t) − line + DSP gain − sensitivity.
/// </summary>
public static class PackagingAnalysis
{
    /// <summary>The ELS fiber assumed when the placement study moves an on-board laser to an ELS: two connectors at the default loss.</summary>
    public static readonly Links.FiberLink DefaultElsLink = new(0, Links.FiberLink.G652AttenuationDbPerKm,
                                                                 [PackagingSystem.DefaultConnectorLossDb, PackagingSystem.DefaultConnectorLossDb]);

    public static PackagingResult Run(PackagingSystem sys, ISweepBackend backend)
    {
        var net = sys.Network;
        var compiled = net.Compile();
        var initial = ThermalSolver.SteadyState(compiled, compiled.PowerAt(0));
        var trace = ThermalSolver.Transient(net, net.StopS!.Value, net.StepS!.Value, initial);
        var ctx = new Context(sys, trace, backend);
        var rows = sys.Packagings.Select(p => Row(ctx, p)).ToList();
        var placements = new List<PlacementRow>();
        foreach (var p in sys.Packagings)
            foreach (var (name, placement) in sys.Placements)
            {
                // Moving the laser off the package to an ELS adds the ELS fiber and a second fiber attach; the reverse removes them.
                bool toEls = placement.FixedC is not null;
                var moved = p with
                {
                    Laser = placement,
                    Els = toEls ? p.Els ?? DefaultElsLink : null,
                    FiberAttaches = p.FiberAttaches + (toEls && p.Els is null ? 1 : !toEls && p.Els is not null ? -1 : 0),
                };
                var b = Optics(ctx, moved);
                placements.Add(new PlacementRow(p.Name, name, placement, b.LaserTMaxC, b.MarginMedianWorstDb, b.Flaps));
            }
        return new PackagingResult(sys, trace, rows, placements);
    }

    private sealed class Context(PackagingSystem sys, ThermalTrace trace, ISweepBackend backend)
    {
        public PackagingSystem Sys = sys;
        public ThermalTrace Trace = trace;
        public ISweepBackend Backend = backend;
        public Circuit.FlatCircuit Circuit = Flattener.Flatten(sys.Drift.Netlist);
        public HeaterArray? Heaters = sys.Drift.BuildHeaters();
        public Dictionary<(string, Placement), (double[], double[], double[], double, int)> Cache = [];
        public Dictionary<(string, int), double[][]> AttachCache = [];
    }

    private static PackagingRow Row(Context ctx, PackagingOption p)
    {
        var sys = ctx.Sys;
        double loss = p.Channel.LossDb(sys.Generation.NyquistHz);
        var cls = sys.Generation.Select(loss);
        // Beyond the largest budget no class is specified; its energy is then that of the largest class (flagged by the class "none").
        double serdesPj = (cls ?? sys.Generation.Classes.MaxBy(c => c.BudgetDb)!).PjPerBit;
        var optics = Optics(ctx, p);
        double lane = sys.LaneGbps;
        // mW per Gb/s = pJ/bit.
        double laserPj = LaserElectricalMw(sys) / lane;
        double opticsPj = sys.OpticsPjPerBit + optics.HeaterMw / lane;
        return new PackagingRow(p, p.Channel.LengthMm, loss, cls, serdesPj, p.Dsp ? sys.DspPjPerBit : 0, opticsPj, laserPj, optics, sys.BandwidthTbps);
    }

    /// <summary>Electrical power of one laser (mW): I·V with V = V0 + R_s·I from the DFB file (I alone at 1 V if V0 is not given).</summary>
    public static double LaserElectricalMw(PackagingSystem sys)
    {
        double i = sys.LaserCurrentMa * 1e-3;
        double v = sys.Laser.V0V > 0 ? sys.Laser.V0V + sys.Laser.RsOhm * i : 1.0;
        return i * v * 1e3;
    }

    private static OpticalBudget Optics(Context ctx, PackagingOption p)
    {
        var sys = ctx.Sys;
        var trace = ctx.Trace;
        var s = sys.Drift;
        int nt = trace.TimesS.Length;
        int o = ctx.Circuit.ExternalPorts.FindIndex(x => x.Name == s.OutPort), i = ctx.Circuit.ExternalPorts.FindIndex(x => x.Name == s.InPort);
        if (o < 0 || i < 0) throw new PhotonicException($"{s.SourcePath}: pair: no port '{(o < 0 ? s.OutPort : s.InPort)}' in the netlist");
        var (laserT, pDbm, ring, heaterMw, relocks) = Thermo(ctx, p, (o, i));
        var picT = trace.Node(p.PicNode);
        double els = p.Els?.LossDb ?? 0;
        double line = sys.LineLink.LossDb;
        double gain = p.Dsp ? sys.DspGainDb : 0;

        // margin(t, link) = fixed(t) − attach(t, link)
        var fixedPart = new double[nt];
        for (int k = 0; k < nt; k++)
            fixedPart[k] = pDbm[k] - els - sys.ModulatorLossDb - ring[k] - line + gain - sys.RxSensitivityDbm;

        int n = sys.Samples;
        var worst = new double[n];
        var typical = new double[n];
        var margins = new double[nt];
        var atT0 = new double[n];
        double below = 0, crossings = 0, flaps = 0, down = 0, total = trace.TimesS[^1] - trace.TimesS[0];
        var attach = AttachLoss(ctx, p.PicNode, p.FiberAttaches);
        for (int sIdx = 0; sIdx < n; sIdx++)
        {
            atT0[sIdx] = attach[sIdx][0];
            for (int k = 0; k < nt; k++) margins[k] = fixedPart[k] - attach[sIdx][k];
            var f = Flaps(trace.TimesS, margins);
            below += f.Below; crossings += f.Crossings; flaps += f.Down + relocks; if (f.Below > 0) down++;
            worst[sIdx] = margins.Min();
            typical[sIdx] = Percentile((double[])margins.Clone(), 0.5);
        }
        int worstK = Array.IndexOf(fixedPart, fixedPart.Min());
        double tot = total > 0 ? total : 1;
        var flapStats = new FlapStatistics(100 * below / (n * tot), crossings / n, flaps / n, 100 * down / n, relocks);
        return new OpticalBudget(trace.TimesS, laserT, pDbm, ring, picT, els, line, sys.ModulatorLossDb, gain, sys.RxSensitivityDbm,
                                 Percentile((double[])atT0.Clone(), 0.5), Percentile((double[])atT0.Clone(), 0.99), heaterMw,
                                 Percentile(worst, 0.5), Percentile((double[])worst.Clone(), 0.01), Percentile(typical, 0.5), flapStats)
        { WorstIndex = worstK };
    }

    /// <summary>
    /// Fiber-attach loss (dB) of every Monte Carlo link at every time, summed over the path's attaches: each attach
    /// has its own normal placement offsets (σ per axis; Philox streams 2j and 2j + 1 of the link), fixed over the
    /// trace, plus the attach's thermal drift at the PIC temperature. Cached per (PIC node, number of attaches).
    /// </summary>
    private static double[][] AttachLoss(Context ctx, string picNode, int attaches)
    {
        if (ctx.AttachCache.TryGetValue((picNode, attaches), out var hit)) return hit;
        var sys = ctx.Sys;
        var picT = ctx.Trace.Node(picNode);
        var eta = sys.Attach;
        var loss = new double[sys.Samples][];
        for (int sIdx = 0; sIdx < loss.Length; sIdx++)
        {
            var row = loss[sIdx] = new double[picT.Length];
            for (int j = 0; j < attaches; j++)
            {
                double dx = sys.AttachSigmaUm * Distributions.StandardNormal(sys.Seed, sIdx, 2 * j);
                double dy = sys.AttachSigmaUm * Distributions.StandardNormal(sys.Seed, sIdx, 2 * j + 1);
                for (int k = 0; k < picT.Length; k++)
                    row[k] += GaussianOverlap.LossDb(eta.Efficiency(dx, dy, 0, 0, eta.WavelengthUm, picT[k] - sys.AlignC));
            }
        }
        ctx.AttachCache[(picNode, attaches)] = loss;
        return loss;
    }

    /// <summary>
    /// The engine's thermal-optical part for a PIC node and a laser placement (cached: the placement study asks for
    /// the same pairs again): laser temperature, laser power (dBm), ring loss (dB) over the trace, mean heater power
    /// (mW) and lock-loop hops.
    /// </summary>
    private static (double[] LaserT, double[] PDbm, double[] Ring, double HeaterMw, int Relocks) Thermo(Context ctx, PackagingOption p, (int Out, int In) pair)
    {
        var key = (p.PicNode, p.Laser);
        if (ctx.Cache.TryGetValue(key, out var hit)) return hit;
        var sys = ctx.Sys;
        var s = sys.Drift;
        var trace = ctx.Trace;
        int nt = trace.TimesS.Length;
        var (o, i) = pair;
        var drive = new ThermalDrive(ctx.Circuit, new Dictionary<string, IReadOnlyList<string>> { [p.PicNode] = [ThermalDrive.WholeCircuit] }, ctx.Heaters);
        var laser = LaserDrift.FromDfb(p.Name, sys.Laser, sys.LaserCurrentMa, p.Laser.Node, p.Laser.FixedC);
        var timeline = DriftAnalysis.Transient(drive, (o, i), s.Window, s.Dip, trace, [laser], ctx.Backend, s.LockHeaterIndex)[0];

        var laserT = p.Laser.FixedC is { } fc ? Enumerable.Repeat(fc, nt).ToArray() : trace.Node(p.Laser.Node!);
        var pDbm = timeline.LaserPowerMw.Select(mw => mw > 0 ? 10 * Math.Log10(mw) : double.NegativeInfinity).ToArray();
        var ring = timeline.Transmission.Select(t => -10 * Math.Log10(Math.Max(t, 1e-30))).ToArray();
        double heaterMw = timeline.LockPowerMw;
        int relocks = 0;
        if (sys.TrackLock && s.LockHeaterIndex >= 0)
        {
            var track = Track(ctx, drive, (o, i), laser, laserT[0], timeline);
            for (int k = 0; k < nt; k++) ring[k] = ring[0];   // on the laser at every time: the locked loss
            heaterMw = track.MeanMw;
            relocks = track.Relocks;
        }
        var r = (laserT, pDbm, ring, heaterMw, relocks);
        ctx.Cache[key] = r;
        return r;
    }

    /// <summary>
    /// A lock loop that keeps the ring on the laser: from the t = 0 lock (power p0, tuning η in pm/mW, free spectral
    /// range FSR) the heater power needed at time t is p0 + Δ(t)/η, Δ the laser-to-resonance detuning with the heater
    /// held (from the drift engine). Heating cannot cool, and the heater has a limit (default: one FSR of tuning,
    /// FSR/η): outside [0, max] the loop hops to the neighbouring resonance order (±FSR/η), which re-locks the link
    /// once. Returns the mean heater power and the number of hops.
    /// </summary>
    private static (double MeanMw, int Relocks) Track(Context ctx, ThermalDrive drive, (int Out, int In) pair, LaserDrift laser, double laserT0,
                                                      LaserTimeline held)
    {
        var s = ctx.Sys.Drift;
        var trace = ctx.Trace;
        var state0 = new Dictionary<string, double>(StringComparer.Ordinal) { [ThermalNetwork.Ambient] = trace.AmbientC };
        for (int n = 0; n < trace.NodeNames.Count; n++) state0[trace.NodeNames[n]] = trace.TemperaturesC[n][0];
        var lk = DriftAnalysis.Lock(drive, pair, s.Window, s.Dip, s.LockHeaterIndex, 1.0, [state0], [laser.WavelengthAt(laserT0)], ctx.Backend);
        double eta = lk.TuningPmPerMw, fsrMw = lk.FsrUm * 1e6 / eta, max = ctx.Sys.HeaterMaxMw ?? fsrMw;
        int order = 0, hops = 0;
        double sum = 0;
        foreach (double d in held.DetuningPm)
        {
            double need = held.LockPowerMw + d / eta + order * fsrMw;
            int before = order;
            while (need < 0) { need += fsrMw; order++; }
            while (need > max && need - fsrMw >= 0) { need -= fsrMw; order--; }
            if (order != before) hops++;
            sum += Math.Min(need, max);
        }
        return (sum / held.DetuningPm.Length, hops);
    }

    /// <summary>
    /// Time with margin below 0 (the margin held from each sample to the next), and threshold crossings between
    /// consecutive samples: all of them, and the downward ones (a link going down).
    /// </summary>
    public static (double Below, int Crossings, int Down) Flaps(double[] timesS, double[] marginDb)
    {
        double below = 0;
        int cross = 0, down = 0;
        for (int k = 0; k < marginDb.Length; k++)
        {
            if (k + 1 < marginDb.Length && marginDb[k] < 0) below += timesS[k + 1] - timesS[k];
            if (k > 0 && (marginDb[k] < 0) != (marginDb[k - 1] < 0))
            {
                cross++;
                if (marginDb[k] < 0) down++;
            }
        }
        return (below, cross, down);
    }

    /// <summary>The q-quantile (0..1) by linear interpolation between order statistics; sorts the array in place.</summary>
    public static double Percentile(double[] values, double q)
    {
        Array.Sort(values);
        double pos = q * (values.Length - 1);
        int lo = (int)Math.Floor(pos), hi = Math.Min(lo + 1, values.Length - 1);
        return values[lo] + (pos - lo) * (values[hi] - values[lo]);
    }
}
