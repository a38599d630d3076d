using PhotonicSolver.Backends;
using PhotonicSolver.Sweep;

namespace PhotonicSolver.Thermal;

/// <summary>A named set of constant heat-source powers (W per node) for a steady-state scenario.</summary>
public sealed record PowerProfile(string Name, IReadOnlyDictionary<string, double> NodePowerW);

/// <summary>A named set of heater powers (mW, by heater name; missing heaters are off).</summary>
public sealed record HeaterSetting(string Name, IReadOnlyDictionary<string, double> PowerMw);

/// <summary>One scenario of a <see cref="ThermalScenarios"/> grid: its coordinates and its node temperatures.</summary>
public sealed record ThermalScenario(double AmbientC, PowerProfile Profile, HeaterSetting Heaters, IReadOnlyDictionary<string, double> NodeTemperaturesC);

/// <summary>Spectra of every thermal scenario, and which scenario is which.</summary>
public sealed record ThermalScenarioResult(IReadOnlyList<ThermalScenario> Scenarios, ScenarioResult Optics, SweepAxis? Wavelengths);

/// <summary>
/// Many steady thermal scenarios — ambient temperatures × power profiles × heater settings — solved optically
/// over a wavelength axis in as few batched sweeps as possible.
/// </summary>
/// <remarks>
/// <para>The thermal network is linear, so its steady state is T = T_amb + G⁻¹·P: one Cholesky solve per power
/// profile serves every ambient. The node temperatures drive the circuit through a <see cref="ThermalDrive"/>
/// (whole circuit or listed instances) together with the heater powers, and every (ambient, profile, heater)
/// scenario becomes one set of overrides.</para>
/// <para>The scenarios then go to <see cref="ScenarioBatch"/>: when the circuit follows one node as a whole and
/// the heaters act on phase shifters (one setting each), the grid is exactly Cartesian in the engine's
/// settings, and all scenarios × wavelengths are one sweep on the backend. Heaters on waveguides change two
/// settings together (neff, ng); with up to <see cref="ScenarioBatch.CartesianSlack"/> heater settings that
/// is still one sweep, beyond it one sweep per heater setting.</para>
/// </remarks>
public static class ThermalScenarios
{
    /// <param name="network">The thermal network; its own sources are ignored, the profiles give the powers.</param>
    /// <param name="drive">How node temperatures (and heaters) act on the circuit.</param>
    public static ThermalScenarioResult Run(ThermalNetwork network, ThermalDrive drive, IReadOnlyList<double> ambientC,
                                            IReadOnlyList<PowerProfile> profiles, IReadOnlyList<HeaterSetting> heaterSettings,
                                            SweepAxis? wavelengths, ISweepBackend backend, IReadOnlyList<(int Out, int In)>? outputs = null)
    {
        if (ambientC.Count == 0 || profiles.Count == 0 || heaterSettings.Count == 0)
            throw new PhotonicException("thermal scenarios: give at least one ambient, one power profile and one heater setting");
        var net = network.Compile();
        int n = net.NodeCount;
        // Rise above ambient per profile (independent of the ambient, by linearity).
        var rises = new List<double[]>();
        foreach (var profile in profiles)
        {
            var p = new double[n];
            foreach (var (node, w) in profile.NodePowerW)
            {
                if (node == ThermalNetwork.Ambient) throw new PhotonicException($"power profile '{profile.Name}': the ambient cannot be heated");
                if (!double.IsFinite(w)) throw new PhotonicException($"power profile '{profile.Name}': power of '{node}' must be finite");
                p[net.NodeIndex(node)] += w;
            }
            double amb = network.AmbientC;
            rises.Add(ThermalSolver.SteadyState(net, p).Select(t => t - amb).ToArray());
        }
        var scenarios = new List<ThermalScenario>();
        var overrides = new List<IReadOnlyDictionary<string, double>>();
        foreach (double amb in ambientC)
        {
            if (!double.IsFinite(amb) || amb < -273.15) throw new PhotonicException($"thermal scenarios: ambient {amb} °C is not valid");
            for (int pr = 0; pr < profiles.Count; pr++)
            {
                var temps = new Dictionary<string, double>(StringComparer.Ordinal) { [ThermalNetwork.Ambient] = amb };
                for (int i = 0; i < n; i++) temps[net.NodeNames[i]] = amb + rises[pr][i];
                foreach (var hs in heaterSettings)
                {
                    double[]? powers = drive.Heaters?.Powers(hs.PowerMw);
                    if (drive.Heaters is null && hs.PowerMw.Count > 0)
                        throw new PhotonicException($"heater setting '{hs.Name}': the drive has no heaters");
                    scenarios.Add(new ThermalScenario(amb, profiles[pr], hs, temps));
                    overrides.Add(drive.Overrides(temps, powers));
                }
            }
        }
        var optics = ScenarioBatch.Run(drive.Circuit, overrides, wavelengths, backend, outputs);
        return new ThermalScenarioResult(scenarios, optics, wavelengths);
    }
}
