using System.Runtime.CompilerServices;

namespace PhotonicSolver.MonteCarlo;

/// <summary>
/// A compiled spec as plain numbers, the form in which the device reads it: metric, port pair, wavelength
/// indices, interpolation weight and limits (HasMin/HasMax are 0 or 1).
/// </summary>
public struct SpecCode
{
    public int Metric, Pair, First, Last, AtWl, HasMin, HasMax;
    public double Fraction, Min, Max;

    public readonly bool HasLimits => (HasMin | HasMax) != 0;
}

/// <summary>One sample's spectra and metric slots, as <see cref="SampleMeasure"/> reads and writes them on the host or a device.</summary>
public interface ISampleView
{
    int Wavelengths { get; }
    int Pairs { get; }
    int Specs { get; }
    /// <summary>|S|² of port pair <paramref name="pair"/> at wavelength index i.</summary>
    double Power(int pair, int i);
    /// <summary>Whether the point at wavelength index i failed (a singular connection).</summary>
    bool Failed(int i);
    double Wavelength(int i);
    SpecCode Spec(int j);
    void SetMetric(int j, double value);
}

/// <summary>The spectrum of one port pair of a sample, for <see cref="FiguresOfMerit"/>.</summary>
public readonly struct PairSpectrum<TV>(TV view, int pair) : ISpectrum where TV : struct, ISampleView
{
    private readonly TV _view = view;
    private readonly int _pair = pair;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public double T(int i) => _view.Power(_pair, i);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public double Wl(int i) => _view.Wavelength(i);
}

/// <summary>
/// Measures one Monte Carlo sample: every spec's figure of merit on the sample's spectra, whether it passes and
/// whether it is a NaN sample. Kernel-safe; the CPU backend and the ILGPU measuring kernel both call
/// <see cref="MeasureSample{TV}"/>, so a sample's metrics have the same bits on every backend.
/// </summary>
public static class SampleMeasure
{
    /// <summary>Flag bits returned by <see cref="MeasureSample{TV}"/>.</summary>
    public const int PassedFlag = 1, NanFlag = 2;

    /// <summary>
    /// Writes every spec's metric and returns <see cref="PassedFlag"/> | <see cref="NanFlag"/>. A sample is NaN when
    /// its physics failed (a singular point, a non-finite output: then every metric is NaN) or a spec with limits
    /// could not be measured; a report-only metric that cannot be measured only counts in its own nan_count.
    /// A sample passes when it is not NaN and every spec with limits is met.
    /// </summary>
    public static int MeasureSample<TV>(TV v) where TV : struct, ISampleView
    {
        bool bad = false;
        int w = v.Wavelengths, pairs = v.Pairs, specs = v.Specs;
        for (int i = 0; i < w; i++)
        {
            if (v.Failed(i)) bad = true;
            for (int k = 0; k < pairs; k++)
                if (!FiguresOfMerit.IsFinite(v.Power(k, i))) bad = true;
        }
        bool nan = bad, pass = true;
        for (int j = 0; j < specs; j++)
        {
            var spec = v.Spec(j);
            double x = bad ? double.NaN : Measure(new PairSpectrum<TV>(v, spec.Pair), spec);
            v.SetMetric(j, x);
            if (!spec.HasLimits) continue;
            if (!FiguresOfMerit.IsFinite(x)) nan = true;
            if (!Passes(spec, x)) pass = false;
        }
        return (pass && !nan ? PassedFlag : 0) | (nan ? NanFlag : 0);
    }

    /// <summary>One spec's metric on its pair's spectrum (see <see cref="Metric"/> for the definitions).</summary>
    public static double Measure<TS>(TS t, SpecCode s) where TS : struct, ISpectrum
    {
        switch ((Metric)s.Metric)
        {
            case Metric.TransmissionDb:
                return FiguresOfMerit.Db(FiguresOfMerit.Interpolate(t, s.First, s.Last, s.Fraction));
            case Metric.InsertionLossDb:
                return s.AtWl != 0
                    ? -FiguresOfMerit.Db(FiguresOfMerit.Interpolate(t, s.First, s.Last, s.Fraction))
                    : -FiguresOfMerit.Db(FiguresOfMerit.Min(t, s.First, s.Last));
            case Metric.MinTransmissionDb:
                return FiguresOfMerit.Db(FiguresOfMerit.Min(t, s.First, s.Last));
            case Metric.MaxTransmissionDb:
                return FiguresOfMerit.Db(FiguresOfMerit.Max(t, s.First, s.Last));
            case Metric.ExtinctionDb:
                return FiguresOfMerit.Db(FiguresOfMerit.Max(t, s.First, s.Last)) - FiguresOfMerit.Db(FiguresOfMerit.Min(t, s.First, s.Last));
            case Metric.Bandwidth1Db:
                return FiguresOfMerit.Bandwidth(t, s.First, s.Last, 1.0);
            case Metric.Bandwidth3Db:
                return FiguresOfMerit.Bandwidth(t, s.First, s.Last, 3.0);
            case Metric.ResonanceWl:
                return FiguresOfMerit.Extremum(t, s.First, s.Last, dip: true);
            case Metric.PeakWl:
                return FiguresOfMerit.Extremum(t, s.First, s.Last, dip: false);
            case Metric.Fsr:
                return FiguresOfMerit.FreeSpectralRange(t, s.First, s.Last);
            default: // CouplingLossDb
                return -FiguresOfMerit.Db(FiguresOfMerit.Max(t, s.First, s.Last));
        }
    }

    /// <summary>Whether a value meets the limits (NaN never does).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Passes(SpecCode s, double v)
        => FiguresOfMerit.IsFinite(v) && !(s.HasMin != 0 && v < s.Min) && !(s.HasMax != 0 && v > s.Max);

    /// <summary>Distance inside the limits (negative outside): the smaller of v − min and max − v; −∞ for NaN, +∞ without limits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Margin(SpecCode s, double v)
    {
        if (!FiguresOfMerit.IsFinite(v)) return double.NegativeInfinity;
        double m = double.PositiveInfinity;
        if (s.HasMin != 0) m = Math.Min(m, v - s.Min);
        if (s.HasMax != 0) m = Math.Min(m, s.Max - v);
        return m;
    }
}
