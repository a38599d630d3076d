using PhotonicSolver.Circuit;
using PhotonicSolver.Sweep;

namespace PhotonicSolver.MonteCarlo;

/// <summary>A figure of merit measured on each sample's spectrum of one port pair.</summary>
public enum Metric
{
    /// <summary>10·log10 |S|² at λ (dB), linear interpolation of |S|² between grid wavelengths.</summary>
    TransmissionDb,
    /// <summary>−transmission at λ (dB); over a band, the worst (largest) loss.</summary>
    InsertionLossDb,
    /// <summary>Smallest transmission over the band (dB).</summary>
    MinTransmissionDb,
    /// <summary>Largest transmission over the band (dB).</summary>
    MaxTransmissionDb,
    /// <summary>max/min of |S|² over the band (dB).</summary>
    ExtinctionDb,
    /// <summary>Width of the contiguous passband around the band's peak where |S|² stays within 1 dB of the peak (µm).</summary>
    Bandwidth1Db,
    /// <summary>Same within 3 dB (µm).</summary>
    Bandwidth3Db,
    /// <summary>Wavelength of the deepest dip in the band, refined by a parabola through three samples (µm).</summary>
    ResonanceWl,
    /// <summary>Wavelength of the highest peak in the band, refined likewise (µm).</summary>
    PeakWl,
    /// <summary>Mean spacing of the dips in the band deeper than half its span (µm).</summary>
    Fsr,
    /// <summary>Loss at the band's best wavelength, −10·log10 max |S|² (dB): the coupling loss of a fiber/grating coupler.</summary>
    CouplingLossDb,
}

/// <summary>One spec line of a Monte Carlo file: a metric on a port pair, where it is measured, and its limits.</summary>
public sealed class SpecDefinition
{
    public required string Name { get; init; }
    public required Metric Metric { get; init; }
    /// <summary>External port names, S[Out, In].</summary>
    public required string OutPort { get; init; }
    public required string InPort { get; init; }
    public double? AtWl { get; init; }
    public (double Low, double High)? Band { get; init; }
    public double? Min { get; init; }
    public double? Max { get; init; }
    public string Where { get; init; } = "";

    public bool HasLimits => Min.HasValue || Max.HasValue;

    /// <summary>Metric names as written in files.</summary>
    public static readonly IReadOnlyDictionary<string, Metric> MetricNames = new Dictionary<string, Metric>(StringComparer.Ordinal)
    {
        ["transmission_dB"] = Metric.TransmissionDb,
        ["insertion_loss_dB"] = Metric.InsertionLossDb,
        ["min_transmission_dB"] = Metric.MinTransmissionDb,
        ["max_transmission_dB"] = Metric.MaxTransmissionDb,
        ["extinction_dB"] = Metric.ExtinctionDb,
        ["bandwidth_1dB"] = Metric.Bandwidth1Db,
        ["bandwidth_3dB"] = Metric.Bandwidth3Db,
        ["resonance_wl"] = Metric.ResonanceWl,
        ["peak_wl"] = Metric.PeakWl,
        ["fsr"] = Metric.Fsr,
        ["coupling_loss_dB"] = Metric.CouplingLossDb,
    };

    public string MetricName => MetricNames.First(kv => kv.Value == Metric).Key;

    public string Unit => UnitOf(Metric);

    /// <summary>The unit a metric is measured in: "um" (wavelengths and widths) or "dB".</summary>
    public static string UnitOf(Metric metric) => metric is Metric.Bandwidth1Db or Metric.Bandwidth3Db or Metric.ResonanceWl or Metric.PeakWl or Metric.Fsr ? "um" : "dB";

    /// <summary>Checks what does not need the circuit: where the metric is measured and the limits.</summary>
    public void Validate()
    {
        string at = $"{Where}: spec '{Name}'";
        if (string.IsNullOrWhiteSpace(Name)) throw new PhotonicException($"{Where}: a spec needs a name");
        bool pointMetric = Metric == Metric.TransmissionDb;
        bool either = Metric == Metric.InsertionLossDb;
        if (pointMetric && AtWl is null) throw new PhotonicException($"{at}: {MetricName} needs at_wl (µm)");
        if (!pointMetric && !either && AtWl is not null) throw new PhotonicException($"{at}: {MetricName} is measured over a band: use band: [low, high] instead of at_wl");
        if (AtWl is not null && Band is not null) throw new PhotonicException($"{at}: give at_wl or band, not both");
        if (AtWl is { } w && !(w > 0 && double.IsFinite(w))) throw new PhotonicException($"{at}: at_wl must be a positive wavelength in µm");
        if (Band is { } b && !(b.Low < b.High && b.Low > 0 && double.IsFinite(b.High)))
            throw new PhotonicException($"{at}: band must be [low, high] with 0 < low < high (µm)");
        if (Min is { } lo && Max is { } hi && !(lo <= hi)) throw new PhotonicException($"{at}: min ({lo}) must be <= max ({hi})");
    }
}

/// <summary>A spec bound to a compiled plan: the output it reads and the wavelength samples it uses.</summary>
public sealed class CompiledSpec
{
    public required SpecDefinition Definition { get; init; }
    /// <summary>Index among the distinct port pairs the run computes.</summary>
    public required int Pair { get; init; }
    /// <summary>Band: wavelength indices [First, Last]; at_wl: the bracketing indices and the interpolation weight.</summary>
    public int First { get; init; }
    public int Last { get; init; }
    public double Fraction { get; init; }

    /// <summary>Binds specs to port pairs and to the wavelength grid (increasing, one wavelength per sample point).</summary>
    public static (List<CompiledSpec> Specs, List<(int Out, int In)> Pairs) Compile(IReadOnlyList<SpecDefinition> specs, FlatCircuit circuit, double[] wl)
    {
        for (int i = 1; i < wl.Length; i++)
            if (!(wl[i] > wl[i - 1])) throw new PhotonicException($"Monte Carlo metrics need increasing wavelengths (wl[{i - 1}] = {wl[i - 1]}, wl[{i}] = {wl[i]})");
        var ports = circuit.ExternalPorts.Select(p => p.Name).ToList();
        var pairs = new List<(int Out, int In)>();
        var result = new List<CompiledSpec>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        const double tol = 1e-9; // µm: wavelengths written in a file to 9 decimals still match the grid
        foreach (var s in specs)
        {
            s.Validate();
            string at = $"{s.Where}: spec '{s.Name}'";
            if (!names.Add(s.Name)) throw new PhotonicException($"{at}: the name is used twice");
            int o = ports.IndexOf(s.OutPort), i = ports.IndexOf(s.InPort);
            if (o < 0 || i < 0)
                throw new PhotonicException($"{at}: no external port '{(o < 0 ? s.OutPort : s.InPort)}'; ports: {string.Join(", ", ports)}");
            int pair = pairs.IndexOf((o, i));
            if (pair < 0) { pair = pairs.Count; pairs.Add((o, i)); }
            string grid = wl.Length == 1 ? $"the single wavelength {wl[0]} µm" : $"the wavelength grid {wl[0]}..{wl[^1]} µm ({wl.Length} points)";
            if (s.AtWl is { } x)
            {
                if (x < wl[0] - tol || x > wl[^1] + tol) throw new PhotonicException($"{at}: at_wl {x} µm is outside {grid}; set wl in the file or --wl");
                int k = 0;
                while (k < wl.Length - 1 && wl[k + 1] <= x) k++;
                int k1 = Math.Min(k + 1, wl.Length - 1);
                double frac = k1 == k ? 0.0 : Math.Clamp((x - wl[k]) / (wl[k1] - wl[k]), 0.0, 1.0);
                if (frac < 1e-12) { k1 = k; frac = 0.0; }
                result.Add(new CompiledSpec { Definition = s, Pair = pair, First = k, Last = k1, Fraction = frac });
            }
            else
            {
                var (lo, hi) = s.Band ?? (wl[0], wl[^1]);
                int first = Array.FindIndex(wl, w => w >= lo - tol), last = Array.FindLastIndex(wl, w => w <= hi + tol);
                if (first < 0 || last < first) throw new PhotonicException($"{at}: band [{lo}, {hi}] µm contains no wavelength of {grid}");
                bool needsShape = s.Metric is Metric.Bandwidth1Db or Metric.Bandwidth3Db or Metric.ResonanceWl or Metric.PeakWl or Metric.Fsr;
                if (needsShape && last - first < 2)
                    throw new PhotonicException($"{at}: {s.MetricName} needs at least 3 wavelengths in its band; got {last - first + 1}");
                result.Add(new CompiledSpec { Definition = s, Pair = pair, First = first, Last = last });
            }
        }
        return (result, pairs);
    }

    /// <summary>This spec as the device reads it.</summary>
    public SpecCode Code => new()
    {
        Metric = (int)Definition.Metric, Pair = Pair, First = First, Last = Last, Fraction = Fraction,
        AtWl = Definition.AtWl is null ? 0 : 1,
        HasMin = Definition.Min is null ? 0 : 1, Min = Definition.Min ?? 0.0,
        HasMax = Definition.Max is null ? 0 : 1, Max = Definition.Max ?? 0.0,
    };

    /// <summary>Whether a value meets the limits (NaN never does).</summary>
    public bool Passes(double v) => SampleMeasure.Passes(Code, v);

    /// <summary>Distance inside the limits (negative outside): the smaller of v − min and max − v; +∞ without limits.</summary>
    public double Margin(double v) => Definition.HasLimits ? SampleMeasure.Margin(Code, v) : double.PositiveInfinity;
}
