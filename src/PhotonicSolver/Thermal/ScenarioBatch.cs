using PhotonicSolver.Backends;
using PhotonicSolver.Circuit;
using PhotonicSolver.Numerics;
using PhotonicSolver.Sweep;

namespace PhotonicSolver.Thermal;

/// <summary>How <see cref="ScenarioBatch"/> mapped scenarios onto the engine's Cartesian sweeps.</summary>
public enum BatchStrategy
{
    /// <summary>One sweep: the Cartesian grid of every varying setting's distinct values (× wavelengths), scenarios picked from it.</summary>
    Cartesian,
    /// <summary>One sweep per group of scenarios that share all varying settings but one, which becomes a list axis.</summary>
    Grouped,
}

/// <summary>The S-parameters of every scenario at every wavelength.</summary>
public sealed class ScenarioResult
{
    public required int Scenarios { get; init; }
    /// <summary>Wavelengths (µm) of the common wavelength axis; one entry (the circuit's or the scenario's) without one.</summary>
    public required int WavelengthCount { get; init; }
    public required (int Out, int In)[] Outputs { get; init; }
    public required string[] PortNames { get; init; }
    /// <summary>Values[(s·WavelengthCount + w)·Outputs + k].</summary>
    public required Cx[] Values { get; init; }
    public required BatchStrategy Strategy { get; init; }
    /// <summary>Number of plans compiled and sweeps run.</summary>
    public required int Sweeps { get; init; }
    /// <summary>Points the engine evaluated (≥ Scenarios × WavelengthCount; more for a Cartesian grid).</summary>
    public required long PointsEvaluated { get; init; }

    public int OutputIndex(string outPort, string inPort)
    {
        int o = Array.IndexOf(PortNames, outPort), i = Array.IndexOf(PortNames, inPort);
        int k = Array.FindIndex(Outputs, x => x.Out == o && x.In == i);
        if (k < 0) throw new PhotonicException($"no output {outPort}<-{inPort}; ports: {string.Join(", ", PortNames)}");
        return k;
    }

    public Cx S(int scenario, int wavelength, int output) => Values[((long)scenario * WavelengthCount + wavelength) * Outputs.Length + output];

    /// <summary>|S|² of one output for one scenario over the wavelengths.</summary>
    public double[] Transmission(int scenario, int output)
    {
        var r = new double[WavelengthCount];
        for (int w = 0; w < WavelengthCount; w++) r[w] = S(scenario, w, output).Abs2;
        return r;
    }
}

/// <summary>
/// Solves many scenarios — each a set of dotted setting overrides (inst.setting, temperature, wl) — over a
/// common wavelength axis, in as few engine sweeps as possible. The engine sweeps Cartesian grids; scenarios
/// are arbitrary points, so:
/// <list type="bullet">
/// <item>Settings equal in every scenario are applied to the circuit once.</item>
/// <item>When the Cartesian grid of the varying settings' distinct values is small (at most
/// <see cref="CartesianSlack"/> × the scenarios, or <see cref="CartesianFreePoints"/> points), it is run as one
/// sweep (list axes, wavelength innermost) and each scenario is read from its grid point. One varying setting
/// (for example an ambient-temperature list) is always a single sweep with no waste.</item>
/// <item>Otherwise one varying setting becomes a list axis and the scenarios are grouped by the values of the
/// others, one sweep per group; the axis is the setting that leaves the fewest groups.</item>
/// </list>
/// Every sweep runs on the given backend, so scenarios × wavelengths are batched on it.
/// </summary>
public static class ScenarioBatch
{
    public const int CartesianSlack = 8;
    public const long CartesianFreePoints = 1 << 16;
    /// <summary>Largest Cartesian grid run as one sweep.</summary>
    public const long CartesianMaxPoints = 1 << 23;

    /// <param name="circuit">The base circuit; not modified.</param>
    /// <param name="scenarios">Overrides per scenario; a setting missing from a scenario keeps the base value.</param>
    /// <param name="wavelengths">Common innermost wavelength axis, or null (then 'wl' may vary per scenario).</param>
    /// <param name="outputs">(out, in) external port pairs; null for all.</param>
    public static ScenarioResult Run(FlatCircuit circuit, IReadOnlyList<IReadOnlyDictionary<string, double>> scenarios,
                                     SweepAxis? wavelengths, ISweepBackend backend, IReadOnlyList<(int Out, int In)>? outputs = null)
    {
        int ns = scenarios.Count;
        if (ns == 0) throw new PhotonicException("no scenarios to solve");
        var keys = scenarios.SelectMany(s => s.Keys).Distinct(StringComparer.Ordinal).ToList();
        if (wavelengths is not null && keys.Contains(FlatCircuit.WavelengthKey))
            throw new PhotonicException("scenarios set 'wl' and a wavelength axis is given too; use one or the other");
        var baseValue = keys.ToDictionary(k => k, k => BaseValue(circuit, k), StringComparer.Ordinal);
        var values = keys.Select(k => scenarios.Select(s => s.TryGetValue(k, out double v) ? v : baseValue[k]).ToArray()).ToList();
        var fixedSettings = new Dictionary<string, double>(StringComparer.Ordinal);
        var varying = new List<int>();
        for (int k = 0; k < keys.Count; k++)
        {
            if (values[k].All(v => v.Equals(values[k][0]))) fixedSettings[keys[k]] = values[k][0];
            else varying.Add(k);
        }
        var work = Copy(circuit);
        foreach (var (k, v) in fixedSettings) work.SetSetting(k, v);

        int nWl = wavelengths?.Count ?? 1;
        var plan0 = PlanCompiler.Compile(work, new SweepSpec(), outputs);
        int nOut = plan0.Outputs.Length;
        var result = new Cx[(long)ns * nWl * nOut];
        var uniques = varying.Select(k => values[k].Distinct().Order().ToArray()).ToList();

        long cart = (long)nWl;
        foreach (var u in uniques) cart = cart > CartesianMaxPoints ? cart : cart * u.Length;
        bool cartesian = cart <= CartesianMaxPoints && (cart <= CartesianFreePoints || cart <= (long)CartesianSlack * ns * nWl);
        int sweeps = 0;
        long points = 0;
        if (cartesian)
        {
            var axes = varying.Select((k, j) => SweepAxis.List(keys[k], uniques[j])).ToList();
            if (wavelengths is not null) axes.Add(wavelengths);
            var r = SweepResult.Run(work, new SweepSpec(axes), backend, outputs);
            sweeps = 1; points = r.Count;
            for (int s = 0; s < ns; s++)
            {
                long point = 0;
                for (int j = 0; j < varying.Count; j++)
                    point = point * uniques[j].Length + Array.BinarySearch(uniques[j], values[varying[j]][s]);
                Array.Copy(r.Outputs, point * nWl * nOut, result, (long)s * nWl * nOut, (long)nWl * nOut);
            }
        }
        else
        {
            // The list axis is the setting that leaves the fewest groups: settings that vary together (a heated
            // waveguide's neff and ng) stay in the group key, and an independent one (the ambient) is swept.
            string GroupKey(int s, int axis) => string.Join("|", varying.Where(k => k != axis).Select(k => values[k][s].ToString("R")));
            int axisKey = varying.MinBy(a => Enumerable.Range(0, ns).Select(s => GroupKey(s, a)).Distinct().Count());
            var others = varying.Where(k => k != axisKey).ToList();
            var groups = Enumerable.Range(0, ns).GroupBy(s => GroupKey(s, axisKey));
            foreach (var g in groups)
            {
                var members = g.ToList();
                var c = Copy(work);
                foreach (int k in others) c.SetSetting(keys[k], values[k][members[0]]);
                var axisValues = members.Select(s => values[axisKey][s]).Distinct().Order().ToArray();
                var axes = new List<SweepAxis> { SweepAxis.List(keys[axisKey], axisValues) };
                if (wavelengths is not null) axes.Add(wavelengths);
                var r = SweepResult.Run(c, new SweepSpec(axes), backend, outputs);
                sweeps++; points += r.Count;
                foreach (int s in members)
                {
                    long point = Array.BinarySearch(axisValues, values[axisKey][s]);
                    Array.Copy(r.Outputs, point * nWl * nOut, result, (long)s * nWl * nOut, (long)nWl * nOut);
                }
            }
        }
        return new ScenarioResult
        {
            Scenarios = ns, WavelengthCount = nWl, Outputs = plan0.Outputs, PortNames = plan0.PortNames, Values = result,
            Strategy = cartesian ? BatchStrategy.Cartesian : BatchStrategy.Grouped, Sweeps = sweeps, PointsEvaluated = points,
        };
    }

    /// <summary>The circuit's present value of a dotted setting, 'wl' or 'temperature'.</summary>
    public static double BaseValue(FlatCircuit circuit, string key)
    {
        if (key == FlatCircuit.WavelengthKey) return circuit.Wavelength;
        if (key == FlatCircuit.TemperatureKey) return circuit.Temperature;
        var (i, s) = circuit.ResolveSetting(key);
        return circuit.Instances[i].Settings[s];
    }

    /// <summary>A copy whose settings can be changed without touching the original.</summary>
    public static FlatCircuit Copy(FlatCircuit c) => new()
    {
        Instances = c.Instances.Select(i => new FlatInstance { Path = i.Path, Model = i.Model, Settings = (double[])i.Settings.Clone(), Location = i.Location }).ToList(),
        Connections = c.Connections,
        ExternalPorts = c.ExternalPorts,
        Wavelength = c.Wavelength,
        Temperature = c.Temperature,
    };
}
