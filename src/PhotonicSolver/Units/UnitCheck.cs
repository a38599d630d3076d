using System.Globalization;
using PhotonicSolver.Models;
using PhotonicSolver.Sweep;

namespace PhotonicSolver.Units;

/// <summary>
/// Unit sanity for every value a user gives (flags, netlists, sweep, stack, grating, fiber, laser, source, drift
/// and thermal files): one place that knows the project's units (µm, °C) and the likely mistakes (nm or m for
/// µm, kelvin for °C), so every command and reader refuses or warns with the same words.
/// <para>Errors throw <see cref="PhotonicException"/> naming <c>what</c> (a flag, or "file:line:col: key");
/// warnings go to the sink installed with <see cref="CollectWarnings"/> (the CLI prints them), else nowhere.</para>
/// </summary>
public static class UnitCheck
{
    /// <summary>Wavelengths the project's models mean: deep UV to far infrared, in µm.</summary>
    public const double MinWavelengthUm = 0.2, MaxWavelengthUm = 20;

    /// <summary>Absolute zero in °C: colder temperatures are errors.</summary>
    public const double AbsoluteZeroC = -273.15;

    /// <summary>Hotter temperatures (°C) draw a warning: they are usually kelvin given where °C is meant.</summary>
    public const double HotWarningC = 250;

    private static readonly AsyncLocal<Action<string>?> Sink = new();

    /// <summary>
    /// Sends the warnings raised on this logical call path to <paramref name="sink"/> (each distinct message once)
    /// until the returned scope is disposed.
    /// </summary>
    public static IDisposable CollectWarnings(Action<string> sink)
    {
        var previous = Sink.Value;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        Sink.Value = m => { if (seen.Add(m)) sink(m); };
        return new Scope(() => Sink.Value = previous);
    }

    private sealed class Scope(Action restore) : IDisposable
    {
        public void Dispose() => restore();
    }

    private static void Warn(string message) => Sink.Value?.Invoke(message);

    /// <summary>A wavelength in µm; outside 0.2–20 µm it is an error that suggests the unit the value looks like.</summary>
    public static double Wavelength(double um, string what)
    {
        if (!double.IsFinite(um)) throw new PhotonicException($"{what}: wavelength {N(um)} is not a finite number of µm");
        if (um >= MinWavelengthUm && um <= MaxWavelengthUm) return um;
        throw new PhotonicException($"{what}: wavelength {N(um)} µm is outside {N(MinWavelengthUm)}–{N(MaxWavelengthUm)} µm; {WavelengthHint(um)}");
    }

    /// <summary>"1550 looks like nm; the unit is µm: use 1.55", or the range when no unit fits.</summary>
    public static string WavelengthHint(double um)
    {
        static bool Fits(double v) => v >= MinWavelengthUm && v <= MaxWavelengthUm;
        if (Fits(um / 1e3)) return $"{N(um)} looks like nm; the unit is µm: use {N(um / 1e3)}";
        if (Fits(um * 1e6)) return $"{N(um)} looks like metres; the unit is µm: use {N(um * 1e6)}";
        if (Fits(um / 1e4)) return $"{N(um)} looks like Å; the unit is µm: use {N(um / 1e4)}";
        if (Fits(um * 1e3)) return $"{N(um)} looks like mm; the unit is µm: use {N(um * 1e3)}";
        return "wavelengths are in µm (e.g. 1.55)";
    }

    /// <summary>
    /// A temperature in °C: below −273.15 °C an error; above 250 °C a warning that it may be kelvin.
    /// </summary>
    public static double Temperature(double c, string what)
    {
        if (!double.IsFinite(c)) throw new PhotonicException($"{what}: temperature {N(c)} is not a finite number of °C");
        if (c < AbsoluteZeroC)
            throw new PhotonicException($"{what}: {N(c)} °C is below absolute zero ({N(AbsoluteZeroC)} °C); temperatures are in °C");
        if (c > HotWarningC)
            Warn(c <= 1000 + -AbsoluteZeroC
                ? $"{what}: °C expected; {N(c)} looks like kelvin ({N(c + AbsoluteZeroC)} °C). Using {N(c)} °C."
                : $"{what}: {N(c)} °C is far above any chip's operating range; temperatures are in °C");
        return c;
    }

    /// <summary>Every value of a wavelength axis (a linear axis by its two ends, which bound it).</summary>
    public static SweepAxis WavelengthAxis(SweepAxis axis, string what)
    {
        foreach (double v in Values(axis)) Wavelength(v, what);
        return axis;
    }

    /// <summary>Every value of a temperature axis (a linear axis by its two ends).</summary>
    public static SweepAxis TemperatureAxis(SweepAxis axis, string what)
    {
        double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
        foreach (double v in Values(axis)) { lo = Math.Min(lo, v); hi = Math.Max(hi, v); }
        Temperature(lo, what);
        Temperature(hi, what);
        return axis;
    }

    /// <summary>A setting against its model's documented range (<see cref="SettingInfo"/>), named by <paramref name="what"/>.</summary>
    public static double Setting(SettingInfo info, double value, string what, string model)
    {
        if (!info.InRange(value))
            throw new PhotonicException($"{what}: {N(value)}{(info.Unit is { Length: > 0 } u && u != "1" ? " " + u : "")} is out of range for {model}.{info.Name}: valid {info.RangeText}");
        return value;
    }

    /// <summary>Every value of an axis over a setting, against the setting's range.</summary>
    public static SweepAxis SettingAxis(SettingInfo info, SweepAxis axis, string what, string model)
    {
        foreach (double v in Values(axis)) Setting(info, v, what, model);
        return axis;
    }

    /// <summary>The values that bound an axis: a linear axis's two ends, or every value of a list.</summary>
    private static IEnumerable<double> Values(SweepAxis axis)
    {
        if (axis.IsLinear)
        {
            yield return axis.Start;
            if (axis.Count > 1) yield return axis[axis.Count - 1];
        }
        else
            foreach (double v in axis.Table) yield return v;
    }

    private static string N(double v) => v.ToString("G6", CultureInfo.InvariantCulture);
}
