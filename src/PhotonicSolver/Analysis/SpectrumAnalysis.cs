namespace PhotonicSolver.Analysis;

/// <summary>A resonance found in a sampled spectrum.</summary>
public sealed record Resonance(double Wavelength, double Extremum, double FwhmUm, double Q, double ExtinctionDb);

/// <summary>
/// Figures of merit measured from a sampled spectrum (linear power vs wavelength), as an engineer reads them
/// off a measurement: resonance positions (parabolic sub-sample refinement), FSR, FWHM by linear
/// interpolation at half depth, Q = λ/FWHM, extinction = max/min in dB.
/// </summary>
public static class SpectrumAnalysis
{
    /// <summary>
    /// Resonances: dips (through port) or peaks (drop port) whose depth is at least half the spectrum's span,
    /// so ripples are not counted.
    /// </summary>
    public static List<Resonance> FindResonances(double[] wl, double[] power, bool dips)
    {
        if (wl.Length != power.Length) throw new ArgumentException("wavelength and power lengths differ");
        var res = new List<Resonance>();
        if (wl.Length < 3) return res;
        double max = power.Max(), min = power.Min();
        double threshold = dips ? min + 0.5 * (max - min) : max - 0.5 * (max - min);
        for (int i = 1; i < wl.Length - 1; i++)
        {
            double a = power[i - 1], b = power[i], c = power[i + 1];
            bool extremum = dips ? (b <= a && b < c && b < threshold) : (b >= a && b > c && b > threshold);
            if (!extremum) continue;
            double h = wl[i + 1] - wl[i];
            double denom = a - 2 * b + c;
            double shift = denom != 0 ? 0.5 * (a - c) / denom : 0.0;
            double x = wl[i] + shift * h;
            double fwhm = Fwhm(wl, power, i, dips, max, min);
            double ext = dips ? 10 * Math.Log10(max / Math.Max(b, 1e-300)) : 10 * Math.Log10(b / Math.Max(min, 1e-300));
            res.Add(new Resonance(x, b, fwhm, fwhm > 0 ? x / fwhm : double.NaN, ext));
        }
        return res;
    }

    /// <summary>Full width at half depth around sample i (µm); NaN when a side leaves the spectrum.</summary>
    public static double Fwhm(double[] wl, double[] power, int i, bool dips, double max, double min)
    {
        double level = 0.5 * (dips ? max + power[i] : power[i] + min);
        double Cross(int step)
        {
            for (int j = i; j + step >= 0 && j + step < wl.Length; j += step)
            {
                double p0 = power[j], p1 = power[j + step];
                bool crossed = dips ? p1 >= level : p1 <= level;
                if (crossed) return wl[j] + (level - p0) / (p1 - p0) * (wl[j + step] - wl[j]);
            }
            return double.NaN;
        }
        return Cross(+1) - Cross(-1);
    }

    /// <summary>Mean spacing of adjacent resonances (µm); NaN with fewer than two.</summary>
    public static double FreeSpectralRange(IReadOnlyList<Resonance> resonances)
    {
        if (resonances.Count < 2) return double.NaN;
        return (resonances[^1].Wavelength - resonances[0].Wavelength) / (resonances.Count - 1);
    }
}
