namespace PhotonicSolver.Models;

/// <summary>One setting of a model: its netlist name, unit, default and valid closed range.</summary>
public sealed record SettingInfo(string Name, string Unit, double Default, double Min, double Max, string Description)
{
    public bool InRange(double v) => !double.IsNaN(v) && v >= Min && v <= Max;

    public string RangeText => $"[{Fmt(Min)}, {Fmt(Max)}]";

    private static string Fmt(double v) => double.IsNegativeInfinity(v) ? "-inf"
        : double.IsPositiveInfinity(v) ? "inf" : v.ToString("G6", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>S[to, from] = slot value (0-based port indices; S[out,in] convention: b_out = Σ S[out,in]·a_in).</summary>
public readonly record struct PatternEntry(int To, int From, int Slot);

/// <summary>
/// Everything the host knows about a model: the schema (settings with units, defaults and ranges), the port
/// map, the structural non-zeros and the reference. The numbers themselves come from the model's static
/// Evaluate function, dispatched by <see cref="Id"/> in <see cref="ModelDispatch"/>.
/// </summary>
public sealed class ModelInfo
{
    public required int Id { get; init; }
    public required string Name { get; init; }
    public required string Summary { get; init; }
    public required string[] Ports { get; init; }
    /// <summary>
    /// The model's settings, in parameter-table order, followed by the universal <see cref="LocalDeltaT"/> ("dT")
    /// that every instance has: its temperature above the global one.
    /// </summary>
    public required SettingInfo[] Settings { get => _settings; init => _settings = [.. value, LocalDeltaT]; }
    private readonly SettingInfo[] _settings = [];

    /// <summary>Per-instance local temperature offset (K), added to the global/swept temperature for this instance.</summary>
    public static readonly SettingInfo LocalDeltaT = new("dT", "K", 0.0, -273.15, 1000.0, "local temperature offset above the global temperature");

    /// <summary>Index of "dT" in the settings (always the last).</summary>
    public int LocalDeltaTIndex => _settings.Length - 1;
    public required PatternEntry[] Pattern { get; init; }
    public required string Reference { get; init; }
    /// <summary>ASCII port diagram shown by `photonic models`.</summary>
    public string Diagram { get; init; } = "";
    /// <summary>True when the S-matrix depends on wavelength (so it is evaluated per point).</summary>
    public required bool DependsOnWavelength { get; init; }
    /// <summary>True when the S-matrix depends on temperature.</summary>
    public bool DependsOnTemperature { get; init; }
    /// <summary>Checks that involve several settings; returns an error message or null.</summary>
    public Func<double[], string?>? Validate { get; init; }
    /// <summary>For data-backed components (Id = <see cref="ModelIds.SParameterTable"/>): the tabulated S-parameters.</summary>
    public DataModels.SParameterData? Data { get; init; }

    /// <summary>
    /// Parameters the model derives from its settings alone (no wavelength, no temperature), stored after the
    /// settings at <see cref="DerivedOffset"/> by ModelDispatch.Derive: e.g. a waveguide's loss amplitude, whose
    /// exp() then runs once per plan instead of once per point, unless one of the instance's settings is swept.
    /// </summary>
    public int DerivedCount { get; init; }

    /// <summary>Index of the first derived parameter: right after the settings (and dT).</summary>
    public int DerivedOffset => _settings.Length;

    /// <summary>Size of the instance's parameter block: settings, dT, derived parameters.</summary>
    public int ParamCount => _settings.Length + DerivedCount;

    public int SlotCount => Pattern.Length == 0 ? 0 : Pattern.Max(p => p.Slot) + 1;

    public int PortIndex(string port) => Array.IndexOf(Ports, port);

    public int SettingIndex(string name) => Array.FindIndex(Settings, s => s.Name == name);

    public double[] Defaults() => Settings.Select(s => s.Default).ToArray();

    /// <summary>Builds a pattern from forward entries plus their reciprocal mirrors (S[j,i] = S[i,j]).</summary>
    public static PatternEntry[] Reciprocal(params (int To, int From, int Slot)[] forward)
    {
        var list = new List<PatternEntry>();
        foreach (var (to, from, slot) in forward)
        {
            list.Add(new PatternEntry(to, from, slot));
            if (to != from) list.Add(new PatternEntry(from, to, slot));
        }
        return list.ToArray();
    }
}
