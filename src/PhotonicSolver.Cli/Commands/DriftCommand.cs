using System.CommandLine;
using System.Globalization;
using System.Text;
using PhotonicSolver.Circuit;
using PhotonicSolver.Sweep;
using PhotonicSolver.Thermal;

namespace PhotonicSolver.Cli.Commands;

/// <summary>
/// `photonic drift shift|lock|transient`: thermal drift analyses that solve the circuit with the engine.
/// <list type="bullet">
/// <item>shift NETLIST --pair OUT:IN --wl A:B:N --temperatures A:B:N: resonance shift in pm/K against λ·(dneff/dT)/ng.</item>
/// <item>lock NETLIST --pair OUT:IN --wl ... --ambient A:B:N --laser-wl λ --heater-on INST --r-th K/mW | --p-pi mW:
/// heater power to keep the feature on the laser over an ambient range.</item>
/// <item>transient SCENARIO.yaml --out F.csv: laser-to-feature detuning and link transmission over a thermal transient.</item>
/// </list>
/// </summary>
public static class DriftCommand
{
    public static Command Create(CliIO io) => new("drift", "Thermal drift: ring shift vs temperature, heater lock power, link over a thermal transient.")
    {
        Shift(io), Lock(io), Transient(io),
    };

    private static Option<string> PairOption() => new("--pair") { Description = "Port pair OUT:IN whose feature is tracked.", Required = true };
    private static Option<string> WlOption() => new("--wl") { Description = "Feature search window in µm, START:STOP:N (at least one FSR wide for lock).", Required = true };
    private static Option<bool> PeakOption() => new("--peak") { Description = "Track a transmission peak (drop port) instead of a dip (through port)." };

    private static Command Shift(CliIO io)
    {
        var netlist = new Argument<string>("netlist") { Description = "Netlist file." };
        var pair = PairOption(); var wl = WlOption(); var peak = PeakOption();
        var temps = new Option<string>("--temperatures") { Description = "Chip temperatures (°C): START:STOP:N or a list.", DefaultValueFactory = _ => "25:85:7" };
        var near = new Option<double?>("--near") { Description = "Start from the feature nearest this wavelength (µm); default: the window's centre." };
        var wgs = new Option<string?>("--waveguides") { Description = "Instances to average dneff/dT and ng over for the analytic value (default: all waveguides)." };
        var set = CommonOptions.Set();
        var output = new Option<string?>("--out") { Description = "Optional CSV: temperature_C, resonance_um." };
        var backend = CommonOptions.Backend();
        var cmd = new Command("shift", "Resonance shift vs temperature (pm/K), measured on solved spectra and from λ·(dneff/dT)/ng.")
        {
            netlist, pair, wl, peak, temps, near, wgs, set, output, backend,
        };
        cmd.SetAction(r => io.Guard(() =>
        {
            var circuit = CommonOptions.LoadCircuit(r.GetValue(netlist)!, CommonOptions.ParseOverrides(r.GetValue(set)));
            var p = Pair(r.GetValue(pair)!, circuit);
            var axis = SweepAxis.Parse("temperature", r.GetValue(temps)!);
            var t = Enumerable.Range(0, axis.Count).Select(i => axis[i]).ToArray();
            using var be = BackendChoice.Create(r.GetValue(backend)!, io);
            var res = DriftAnalysis.RingShift(circuit, p, SweepAxis.Parse("wl", r.GetValue(wl)!), t, !r.GetValue(peak), be, r.GetValue(near),
                                              r.GetValue(wgs)?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
            var w = io.Out;
            w.WriteLine($"resonance shift of {r.GetValue(pair)} ({(r.GetValue(peak) ? "peak" : "dip")}) from {t[0]} to {t[^1]} °C:");
            for (int i = 0; i < t.Length; i++) w.WriteLine($"  {t[i],7:F2} °C  {res.ResonanceUm[i],12:F7} µm");
            w.WriteLine($"  measured slope     {res.SlopePmPerK,9:F4} pm/K");
            w.WriteLine($"  λ·(dneff/dT)/ng    {res.AnalyticPmPerK,9:F4} pm/K   (λ = {res.ResonanceAtTrefUm:F6} µm at 25 °C, dneff/dT = {res.DneffDT:G4}/K, ng = {res.Ng:G5})");
            if (double.IsFinite(res.FsrUm)) w.WriteLine($"  FSR                {res.FsrUm * 1e3,9:F4} nm   (a shift of one FSR every {res.FsrUm * 1e6 / res.SlopePmPerK:F1} K)");
            if (r.GetValue(output) is { } path)
                Write(path, io, sb =>
                {
                    sb.Append("temperature_C,resonance_um\n");
                    for (int i = 0; i < t.Length; i++) sb.Append(F(t[i])).Append(',').Append(F(res.ResonanceUm[i])).Append('\n');
                });
            return 0;
        }));
        return cmd;
    }

    private static Command Lock(CliIO io)
    {
        var netlist = new Argument<string>("netlist") { Description = "Netlist file." };
        var pair = PairOption(); var wl = WlOption(); var peak = PeakOption();
        var ambient = new Option<string>("--ambient") { Description = "Ambient temperatures (°C): START:STOP:N or a list.", DefaultValueFactory = _ => "0:80:9" };
        var laserWl = new Option<double>("--laser-wl") { Description = "Laser wavelength (µm) at --laser-ref-C.", Required = true };
        var laserRef = new Option<double>("--laser-ref-C") { Description = "Laser reference temperature (°C).", DefaultValueFactory = _ => 25 };
        var laserDrift = new Option<double>("--laser-dwl-dT") { Description = "Laser dλ/dT (nm/K); 0.09 for a DFB.", DefaultValueFactory = _ => LaserDrift.DefaultDfbNmPerK };
        var laserFixed = new Option<double?>("--laser-fixed-C") { Description = "Laser held at this temperature (cooled or external source); default: it follows the ambient." };
        var heaterOn = new Option<string>("--heater-on") { Description = "Instance the heater heats (a waveguide, or a phase_shifter with --heated-length).", Required = true };
        var rth = new Option<double?>("--r-th") { Description = "Heater thermal resistance to its section (K/mW)." };
        var ppi = new Option<double?>("--p-pi") { Description = "Heater power for π (mW), instead of --r-th." };
        var heated = new Option<double?>("--heated-length") { Description = "Heated length (µm); default: the waveguide's length." };
        var cal = new Option<double>("--calibration") { Description = "Heater power (mW) used to measure the tuning efficiency.", DefaultValueFactory = _ => 1.0 };
        var set = CommonOptions.Set();
        var output = new Option<string?>("--out") { Description = "Optional CSV: ambient_C, laser_um, feature_um, power_mW, relock_power_mW, residual_pm, trans." };
        var backend = CommonOptions.Backend();
        var cmd = new Command("lock", "Heater power that keeps a ring or MZI feature locked to a laser over an ambient range.")
        {
            netlist, pair, wl, peak, ambient, laserWl, laserRef, laserDrift, laserFixed, heaterOn, rth, ppi, heated, cal, set, output, backend,
        };
        cmd.SetAction(r => io.Guard(() =>
        {
            var circuit = CommonOptions.LoadCircuit(r.GetValue(netlist)!, CommonOptions.ParseOverrides(r.GetValue(set)));
            var p = Pair(r.GetValue(pair)!, circuit);
            if ((r.GetValue(rth) is null) == (r.GetValue(ppi) is null)) throw new PhotonicException("lock: give either --r-th (K/mW) or --p-pi (mW)");
            var heater = new Heater("heater", 0, r.GetValue(ppi) ?? double.NaN, r.GetValue(rth) ?? double.NaN);
            var heaters = HeaterArray.WithoutCrosstalk([heater], [new HeatedSection(r.GetValue(heaterOn)!, r.GetValue(heated) ?? double.NaN)]);
            var axis = SweepAxis.Parse("ambient", r.GetValue(ambient)!);
            var amb = Enumerable.Range(0, axis.Count).Select(i => axis[i]).ToArray();
            var laser = new LaserDrift("laser", r.GetValue(laserWl), r.GetValue(laserRef), r.GetValue(laserDrift), FixedC: r.GetValue(laserFixed));
            using var be = BackendChoice.Create(r.GetValue(backend)!, io);
            var res = DriftAnalysis.LockOverAmbient(circuit, heaters, 0, p, SweepAxis.Parse("wl", r.GetValue(wl)!), !r.GetValue(peak), amb, laser,
                                                    r.GetValue(cal), be);
            var w = io.Out;
            w.WriteLine($"heater lock of {r.GetValue(pair)} to a laser {(laser.FixedC is { } fc ? $"held at {fc} °C" : $"following the ambient ({laser.DwlDTNmPerK} nm/K)")}:");
            w.WriteLine($"  tuning {res.TuningPmPerMw:F3} pm/mW, FSR {res.FsrUm * 1e3:F4} nm, one feature over the range (order offset {res.Order})");
            w.WriteLine("  ambient °C   laser µm      feature µm    power mW  relock mW  residual pm  |S|²");
            for (int i = 0; i < amb.Length; i++)
                w.WriteLine($"  {amb[i],8:F2}  {res.LaserUm[i],11:F6}  {res.FeatureUm[i],11:F6}  {res.PowerMw[i],9:F3}  {res.RelockPowerMw[i],9:F3}  {res.ResidualPm[i],11:F4}  {res.Transmission[i]:F4}");
            w.WriteLine($"  worst case: {res.PowerMw.Max():F3} mW on one feature, {res.RelockPowerMw.Max():F3} mW if the lock may hop to the next feature");
            if (r.GetValue(output) is { } path)
                Write(path, io, sb =>
                {
                    sb.Append("ambient_C,laser_um,feature_um,power_mW,relock_power_mW,residual_pm,trans\n");
                    for (int i = 0; i < amb.Length; i++)
                        sb.Append(string.Join(",", new[] { amb[i], res.LaserUm[i], res.FeatureUm[i], res.PowerMw[i], res.RelockPowerMw[i], res.ResidualPm[i], res.Transmission[i] }.Select(F))).Append('\n');
                });
            return 0;
        }));
        return cmd;
    }

    private static Command Transient(CliIO io)
    {
        var scenario = new Argument<string>("scenario") { Description = "Drift scenario file (YAML: netlist, network, drive, lasers, ...)." };
        var output = new Option<string>("--out") { Description = "Output CSV (time_s, T.<node>, and per laser wl_um, feature_um, detuning_pm, trans, loss_dB, relock_mW).", Required = true };
        var backend = CommonOptions.Backend();
        var cmd = new Command("transient", "Laser-to-feature detuning and link transmission while a thermal network's temperatures change.")
        {
            scenario, output, backend,
        };
        cmd.SetAction(r => io.Guard(() =>
        {
            var s = DriftScenario.Load(r.GetValue(scenario)!);
            using var be = BackendChoice.Create(r.GetValue(backend)!, io);
            var run = DriftRun.Solve(s, be);
            string path = r.GetValue(output)!;
            Write(path, io, null, run.WriteCsv);
            if (path != "-") Summary(io.Out, run, path);
            return 0;
        }));
        return cmd;
    }

    /// <summary>The printed comparison of a drift run: one block per laser.</summary>
    public static void Summary(TextWriter w, DriftRun run, string path)
    {
        var tr = run.Trace;
        w.WriteLine($"thermal transient 0 to {tr.TimesS[^1]} s ({tr.TimesS.Length} steps) -> {path}");
        for (int i = 0; i < tr.NodeNames.Count; i++)
            w.WriteLine($"  node {tr.NodeNames[i],-12} {tr.TemperaturesC[i][0],8:F2} °C -> {tr.TemperaturesC[i][^1],8:F2} °C (max {tr.TemperaturesC[i].Max():F2})");
        foreach (var l in run.Lasers)
        {
            var d = l.DetuningPm;
            double loss0 = -10 * Math.Log10(l.Transmission[0]);
            var loss = l.Transmission.Select(t => -10 * Math.Log10(t)).ToArray();
            int worst = Array.IndexOf(loss, loss.Max());
            string where = l.Laser.FixedC is { } f ? $"held at {f} °C" : $"on node '{l.Laser.Node}'";
            w.WriteLine(l.Laser.Dfb is null ? $"laser '{l.Laser.Name}' ({where}, {l.Laser.DwlDTNmPerK} nm/K):"
                                            : $"laser '{l.Laser.Name}' ({where}, DFB model at {l.Laser.CurrentMa} mA):");
            if (l.Laser.Dfb is not null)
                w.WriteLine($"  laser output {l.LaserPowerMw[0]:F2} mW at start, {l.LaserPowerMw[^1]:F2} mW at end (min {l.LaserPowerMw.Min():F2}); " +
                            $"wavelength {l.WavelengthUm[0]:F6} -> {l.WavelengthUm[^1]:F6} µm");
            if (l.LockPowerMw > 0 || !double.IsNaN(l.RelockPowerMw[0]))
                w.WriteLine($"  locked at t = 0 with {l.LockPowerMw:F3} mW of heater, then held");
            w.WriteLine($"  detuning laser - feature: {d[0],9:F2} pm at start, {d[^1],9:F2} pm at end, worst {d.MaxBy(Math.Abs),9:F2} pm");
            w.WriteLine($"  link loss: {loss0:F3} dB at start, {loss[^1]:F3} dB at end, worst {loss[worst]:F3} dB at t = {tr.TimesS[worst]:G6} s");
            int first1 = Array.FindIndex(loss, x => x > loss0 + 1);
            if (first1 >= 0) w.WriteLine($"  1 dB penalty first reached at t = {tr.TimesS[first1]:G6} s");
            if (!double.IsNaN(l.RelockPowerMw[0]))
            {
                double min = l.RelockPowerMw.Min(), max = l.RelockPowerMw.Max();
                w.WriteLine($"  a lock loop would need {min:F3} .. {max:F3} mW{(min < 0 ? " (negative: heating alone cannot hold the lock; relock on the next resonance or add heater bias)" : "")}");
            }
        }
    }

    private static (int Out, int In) Pair(string text, FlatCircuit circuit)
    {
        var pairs = CommonOptions.ParsePairs(text, circuit);
        if (pairs is not { Count: 1 }) throw new PhotonicException($"--pair '{text}': expected one OUT:IN pair");
        return pairs[0];
    }

    private static string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    private static void Write(string path, CliIO io, Action<StringBuilder>? build, Action<TextWriter>? stream = null)
        => PhotonicSolver.IO.ResultStream.WriteAll(path, "drift CSV", io.Out, w =>
        {
            if (build is not null)
            {
                var sb = new StringBuilder();
                build(sb);
                w.Write(sb.ToString());
            }
            stream?.Invoke(w);
        });
}
