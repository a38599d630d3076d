using PhotonicSolver.Backends;
using PhotonicSolver.Circuit;
using PhotonicSolver.Models;
using PhotonicSolver.Sweep;

namespace PhotonicSolver.Thermal;

/// <summary>Resonance shift against temperature, measured from solved spectra and from λ·(dneff/dT)/ng.</summary>
/// <param name="ResonanceUm">Tracked feature position (µm) at each temperature.</param>
/// <param name="SlopePmPerK">Least-squares slope of the positions (pm/K).</param>
/// <param name="ResonanceAtTrefUm">The fitted position at 25 °C (µm), the λ of the analytic formula.</param>
/// <param name="DneffDT">Length-weighted dneff/dT of the waveguides (1/K).</param>
/// <param name="Ng">Length-weighted group index of the waveguides.</param>
/// <param name="AnalyticPmPerK">λ(25 °C)·(dneff/dT)/ng (pm/K), Bogaerts et al. (2012).</param>
/// <param name="FsrUm">Free spectral range near the feature at the first temperature (µm).</param>
public sealed record RingShiftResult(double[] TemperaturesC, double[] ResonanceUm, double SlopePmPerK, double ResonanceAtTrefUm,
                                     double DneffDT, double Ng, double AnalyticPmPerK, double FsrUm);

/// <summary>Heater power that keeps a device's feature on a laser line, state by state.</summary>
/// <param name="LaserUm">Laser wavelength (µm) in each state.</param>
/// <param name="FeatureUm">The feature's position (µm) in each state with the heater off.</param>
/// <param name="TuningPmPerMw">Feature shift per heater mW (pm/mW), measured in the first state.</param>
/// <param name="Order">Resonance orders added to stay on one feature (continuous lock): Δ = λ_laser − λ_feature + Order·FSR.</param>
/// <param name="PowerMw">Heater power (mW) for a continuous lock on one feature over all states.</param>
/// <param name="RelockPowerMw">Heater power (mW) when the lock may hop to another feature: the least power that puts any feature on the laser.</param>
/// <param name="ResidualPm">Laser − feature (pm) after applying <paramref name="PowerMw"/> and solving again.</param>
/// <param name="Transmission">|S|² at the laser with <paramref name="PowerMw"/> applied.</param>
public sealed record LockResult(double[] LaserUm, double[] FeatureUm, double FsrUm, double TuningPmPerMw, int Order,
                                double[] PowerMw, double[] RelockPowerMw, double[] ResidualPm, double[] Transmission);

/// <summary>One laser's link over a thermal transient.</summary>
/// <param name="LockPowerMw">Heater power (mW) set at t = 0 to lock the feature to this laser (0 without a heater).</param>
/// <param name="WavelengthUm">Laser wavelength (µm) at each time.</param>
/// <param name="FeatureUm">Feature position (µm) at each time, heater held at <paramref name="LockPowerMw"/>.</param>
/// <param name="DetuningPm">Laser − feature (pm).</param>
/// <param name="Transmission">|S|² of the port pair at the laser wavelength (linear).</param>
/// <param name="RelockPowerMw">Heater power (mW) a lock loop would need at each time (negative: heating cannot reach it); NaN without a heater.</param>
/// <param name="LaserPowerMw">Laser output (mW) at each time from the DFB model; NaN for a linear-drift laser.</param>
public sealed record LaserTimeline(LaserDrift Laser, double LockPowerMw, double[] WavelengthUm, double[] FeatureUm, double[] DetuningPm,
                                   double[] Transmission, double[] RelockPowerMw, double[] LaserPowerMw);

/// <summary>
/// Thermal drift analyses that solve the optical circuit with the engine (every scenario batched through
/// <see cref="ScenarioBatch"/> on the given backend):
/// ring resonance shift against temperature, heater power to keep a ring or MZI locked to a laser, and
/// laser-to-feature detuning and link transmission over a thermal transient.
/// </summary>
public static class DriftAnalysis
{
    /// <summary>
    /// Shift of the feature (a dip: <paramref name="dip"/>; or a peak) of one port pair with the chip temperature
    /// (global 'temperature'), against λ·(dneff/dT)/ng.
    /// </summary>
    /// <remarks>With linear dispersion, the resonance of waveguides i obeys Σ neff_i(λ, T)·L_i = m·λ, whose
    /// solution is exactly linear in T with slope λ(25 °C)·Σ(dneff/dT)_i·L_i/Σ ng_i·L_i — the Bogaerts formula
    /// with length-weighted dneff/dT and ng, and λ at the reference temperature. So the measured slope and the
    /// analytic one agree to the precision of the feature search.</remarks>
    /// <param name="waveguides">Instances over which dneff/dT and ng are averaged; null: every waveguide.</param>
    public static RingShiftResult RingShift(FlatCircuit circuit, (int Out, int In) pair, SweepAxis wavelengths, IReadOnlyList<double> temperaturesC,
                                            bool dip, ISweepBackend backend, double? nearUm = null, IReadOnlyList<string>? waveguides = null)
    {
        if (temperaturesC.Count < 2) throw new PhotonicException("ring shift: give at least two temperatures");
        var scenarios = temperaturesC.Select(t => (IReadOnlyDictionary<string, double>)new Dictionary<string, double> { [FlatCircuit.TemperatureKey] = t }).ToList();
        double start = nearUm ?? 0.5 * (wavelengths[0] + wavelengths[wavelengths.Count - 1]);
        var pos = FeatureTracking.Locate(circuit, scenarios, pair, wavelengths, dip, start, backend);
        if (pos.Any(double.IsNaN))
            throw new PhotonicException($"ring shift: no {(dip ? "dip" : "peak")} found at {temperaturesC[Array.FindIndex(pos, double.IsNaN)]} °C; widen the wavelength range or refine it");
        var (slope, intercept) = Fit(temperaturesC, pos);
        double lambda25 = intercept + slope * Straight.ReferenceTemperatureC;

        var (dn, ng) = WeightedIndex(circuit, waveguides);
        double fsr = Fsr(circuit, scenarios[0], pair, wavelengths, dip, pos[0], backend);
        return new RingShiftResult(temperaturesC.ToArray(), pos, slope * 1e6, lambda25, dn, ng, lambda25 * dn / ng * 1e6, fsr);
    }

    /// <summary>Length-weighted dneff/dT and ng of waveguide instances (all waveguides when null).</summary>
    public static (double DneffDT, double Ng) WeightedIndex(FlatCircuit circuit, IReadOnlyList<string>? instances = null)
    {
        double sl = 0, sdn = 0, sng = 0;
        var chosen = instances is null ? circuit.Instances
            : instances.Select(p => circuit.Instances.FirstOrDefault(i => i.Path == p)
                                    ?? throw new PhotonicException($"no instance '{p}' in the circuit")).ToList();
        foreach (var inst in chosen)
        {
            int dn = inst.Model.SettingIndex("dneff_dT"), ng = inst.Model.SettingIndex("ng");
            if (dn < 0 || ng < 0)
            {
                if (instances is not null) throw new PhotonicException($"'{inst.Path}' ({inst.Model.Name}) is not a waveguide");
                continue;
            }
            double l = SectionTargets.WaveguideLength(inst);
            sl += l; sdn += l * inst.Settings[dn]; sng += l * inst.Settings[ng];
        }
        if (!(sl > 0)) throw new PhotonicException("no waveguide length in the circuit to compute λ·(dneff/dT)/ng from");
        return (sdn / sl, sng / sl);
    }

    /// <summary>
    /// Heater power that keeps the feature on the laser in each thermal state (node temperatures), with the
    /// heater <paramref name="heater"/> of the drive's heater array. The heater is calibrated in the first state
    /// (shift per mW at <paramref name="calibrationMw"/>); the power is then Δ/η, corrected by Newton steps
    /// (each a batched solve) until the feature is within 0.01 pm of the laser — for waveguide heaters the first
    /// step is already exact, as the feature moves linearly with the heated waveguide's temperature.
    /// </summary>
    /// <param name="stateNames">How errors name each state ("at 80 °C ambient"); default "in state k".</param>
    public static LockResult Lock(ThermalDrive drive, (int Out, int In) pair, SweepAxis wavelengths, bool dip, int heater, double calibrationMw,
                                  IReadOnlyList<IReadOnlyDictionary<string, double>> states, IReadOnlyList<double> laserUm, ISweepBackend backend,
                                  IReadOnlyList<string>? stateNames = null)
    {
        // A lock puts a feature on the laser; the features are searched only inside the window, so a laser outside
        // it would be "locked" to a feature nobody looked at (the FSR folding hides it). Refuse it.
        for (int i = 0; i < laserUm.Count; i++)
            FeatureTracking.CheckInWindow(laserUm[i], wavelengths, $"lock: the laser wavelength {laserUm[i].ToString("G9", System.Globalization.CultureInfo.InvariantCulture)} µm " +
                                                                   (stateNames is not null && i < stateNames.Count ? stateNames[i] : laserUm.Count > 1 ? $"in state {i + 1}" : ""));
        var heaters = drive.Heaters ?? throw new PhotonicException("lock: the drive has no heaters");
        int nh = heaters.Array.Heaters.Count;
        if (heater < 0 || heater >= nh) throw new PhotonicException($"lock: heater index {heater} is not one of the {nh} heaters");
        if (!(calibrationMw > 0)) throw new PhotonicException("lock: the calibration power must be positive");
        int n = states.Count;
        if (laserUm.Count != n) throw new PhotonicException("lock: one laser wavelength per state");
        var circuit = drive.Circuit;
        double[] Powers(double p) { var a = new double[nh]; a[heater] = p; return a; }
        List<IReadOnlyDictionary<string, double>> Scen(IReadOnlyList<double> p) =>
            Enumerable.Range(0, n).Select(i => (IReadOnlyDictionary<string, double>)drive.Overrides(states[i], Powers(p[i]))).ToList();

        var off = FeatureTracking.Locate(circuit, Scen(new double[n]), pair, wavelengths, dip, laserUm[0], backend);
        if (off.Any(double.IsNaN)) throw new PhotonicException($"lock: no {(dip ? "dip" : "peak")} found in the wavelength range in every state; widen it");
        double fsr = Fsr(circuit, Scen(new double[n])[0], pair, wavelengths, dip, off[0], backend);
        if (double.IsNaN(fsr)) throw new PhotonicException("lock: the wavelength range must hold two neighbouring features, to know the free spectral range");
        double cal = FeatureTracking.Locate(circuit, [drive.Overrides(states[0], Powers(calibrationMw))], pair, wavelengths, dip, off[0], backend)[0];
        double eta = (cal - off[0]) / calibrationMw; // µm/mW
        if (!(eta > 0))
            throw new PhotonicException($"lock: heating by {calibrationMw} mW moved the feature by {(cal - off[0]) * 1e6:G4} pm; " +
                                        "it must red-shift it (positive dneff/dT) by less than half a free spectral range — change the calibration power");

        var delta = Enumerable.Range(0, n).Select(i => laserUm[i] - off[i]).ToArray();
        int order = (int)Math.Ceiling(delta.Max(d => -d / fsr) - 1e-12);
        var power = delta.Select(d => (d + order * fsr) / eta).ToArray();
        var relock = delta.Select(d => ((d % fsr) + fsr) % fsr / eta).ToArray();
        // Newton steps on the solved feature positions: exact after one step for waveguide heaters; they also
        // absorb the small change of FSR and tuning from one resonance order to the next.
        double[] Correct(double[] p)
        {
            var residual = new double[n];
            for (int iter = 0; iter < 4; iter++)
            {
                var now = FeatureTracking.Locate(circuit, Scen(p), pair, wavelengths, dip, laserUm[0], backend);
                for (int i = 0; i < n; i++)
                {
                    // The locked feature sits at the laser; a neighbour order may be nearer in the window, so fold by FSR.
                    double r = laserUm[i] - now[i];
                    residual[i] = r - Math.Round(r / fsr) * fsr;
                }
                if (residual.All(r => Math.Abs(r) < 1e-8)) break; // 0.01 pm
                for (int i = 0; i < n; i++) p[i] = Math.Max(0, p[i] + residual[i] / eta);
            }
            return residual;
        }
        var residual = Correct(power);
        Correct(relock);
        var atLaser = Scen(power).Select((d, i) => (IReadOnlyDictionary<string, double>)new Dictionary<string, double>(d) { [FlatCircuit.WavelengthKey] = laserUm[i] }).ToList();
        var t = ScenarioBatch.Run(circuit, atLaser, null, backend, [pair]);
        var trans = Enumerable.Range(0, n).Select(i => t.S(i, 0, 0).Abs2).ToArray();
        return new LockResult(laserUm.ToArray(), off, fsr, eta * 1e6, order, power, relock, residual.Select(r => r * 1e6).ToArray(), trans);
    }

    /// <summary>
    /// Lock over an ambient range: the whole circuit follows the ambient ('*'), the laser follows the ambient
    /// (uncooled, co-packaged) or its fixed temperature (cooled or external source).
    /// </summary>
    public static LockResult LockOverAmbient(FlatCircuit circuit, HeaterArray heaters, int heater, (int Out, int In) pair, SweepAxis wavelengths,
                                             bool dip, IReadOnlyList<double> ambientC, LaserDrift laser, double calibrationMw, ISweepBackend backend)
    {
        laser.Validate();
        var drive = new ThermalDrive(circuit, new Dictionary<string, IReadOnlyList<string>> { [ThermalNetwork.Ambient] = [ThermalDrive.WholeCircuit] }, heaters);
        var states = ambientC.Select(t => (IReadOnlyDictionary<string, double>)new Dictionary<string, double> { [ThermalNetwork.Ambient] = t }).ToList();
        var lasers = ambientC.Select(t => laser.WavelengthAt(laser.FixedC ?? t)).ToList();
        var names = ambientC.Select(t => $"at {t.ToString(System.Globalization.CultureInfo.InvariantCulture)} °C ambient").ToList();
        return Lock(drive, pair, wavelengths, dip, heater, calibrationMw, states, lasers, backend, names);
    }

    /// <summary>
    /// Laser-to-feature detuning and link transmission over a thermal transient. Node temperatures drive the
    /// circuit (<paramref name="drive"/>) and the lasers; with a heater (index ≥ 0) the feature is first locked
    /// to each laser at t = 0 (as <see cref="Lock"/>) and the heater then held (open loop), and the power a lock
    /// loop would need is reported at every time.
    /// </summary>
    public static IReadOnlyList<LaserTimeline> Transient(ThermalDrive drive, (int Out, int In) pair, SweepAxis wavelengths, bool dip,
                                                         ThermalTrace trace, IReadOnlyList<LaserDrift> lasers, ISweepBackend backend,
                                                         int heater = -1, double calibrationMw = 1.0, double? nearUm = null)
    {
        int nt = trace.TimesS.Length;
        var states = new List<IReadOnlyDictionary<string, double>>(nt);
        for (int k = 0; k < nt; k++)
        {
            var d = new Dictionary<string, double>(StringComparer.Ordinal) { [ThermalNetwork.Ambient] = trace.AmbientC };
            for (int i = 0; i < trace.NodeNames.Count; i++) d[trace.NodeNames[i]] = trace.TemperaturesC[i][k];
            states.Add(d);
        }
        var circuit = drive.Circuit;
        int nh = drive.Heaters?.Array.Heaters.Count ?? 0;
        var result = new List<LaserTimeline>();
        foreach (var laser in lasers)
        {
            laser.Validate();
            var laserT = states.Select(s => laser.TemperatureC(s, trace.AmbientC)).ToArray();
            var wl = laserT.Select(laser.WavelengthAt).ToArray();
            double p0 = 0, eta = double.NaN;
            var powers = new double[nh];
            if (heater >= 0)
            {
                var lk = Lock(drive, pair, wavelengths, dip, heater, calibrationMw, [states[0]], [wl[0]], backend, [$"of laser '{laser.Name}' at t = 0"]);
                p0 = lk.PowerMw[0];
                eta = lk.TuningPmPerMw;
                powers[heater] = p0;
            }
            var scen = states.Select(s => (IReadOnlyDictionary<string, double>)drive.Overrides(s, powers)).ToList();
            var feature = FeatureTracking.Locate(circuit, scen, pair, wavelengths, dip, heater >= 0 ? wl[0] : nearUm ?? wl[0], backend);
            var atLaser = scen.Select((d, k) => (IReadOnlyDictionary<string, double>)new Dictionary<string, double>(d) { [FlatCircuit.WavelengthKey] = wl[k] }).ToList();
            var t = ScenarioBatch.Run(circuit, atLaser, null, backend, [pair]);
            var detuning = Enumerable.Range(0, nt).Select(k => (wl[k] - feature[k]) * 1e6).ToArray();
            result.Add(new LaserTimeline(laser, p0, wl, feature, detuning,
                                         Enumerable.Range(0, nt).Select(k => t.S(k, 0, 0).Abs2).ToArray(),
                                         detuning.Select(d => heater >= 0 ? p0 + d / eta : double.NaN).ToArray(),
                                         laserT.Select(laser.PowerMwAt).ToArray()));
        }
        return result;
    }

    private static double Fsr(FlatCircuit circuit, IReadOnlyDictionary<string, double> scenario, (int Out, int In) pair, SweepAxis wavelengths,
                              bool dip, double nearUm, ISweepBackend backend)
    {
        var r = ScenarioBatch.Run(circuit, [scenario], wavelengths, backend, [pair]);
        var wl = Enumerable.Range(0, wavelengths.Count).Select(i => wavelengths[i]).ToArray();
        return FeatureTracking.FreeSpectralRange(wl, r.Transmission(0, 0), dip, nearUm);
    }

    /// <summary>Least-squares line y = a + b·x; returns (b, a).</summary>
    internal static (double Slope, double Intercept) Fit(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        double mx = x.Average(), my = y.Average(), sxx = 0, sxy = 0;
        for (int i = 0; i < x.Count; i++) { sxx += (x[i] - mx) * (x[i] - mx); sxy += (x[i] - mx) * (y[i] - my); }
        double b = sxy / sxx;
        return (b, my - b * mx);
    }
}
