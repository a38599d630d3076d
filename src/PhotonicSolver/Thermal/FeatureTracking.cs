using PhotonicSolver.Analysis;
using PhotonicSolver.Backends;
using PhotonicSolver.Circuit;
using PhotonicSolver.Sweep;

namespace PhotonicSolver.Thermal;

/// <summary>
/// Finds a spectral feature — a resonance dip or a transmission peak of one port pair — in every scenario,
/// following it from scenario to scenario, and refines its position with a second, fine sweep.
/// </summary>
/// <remarks>
/// <para>Coarse pass: all scenarios on the common wavelength grid, in one batched run; in each spectrum the
/// extrema at least half the spectrum's depth deep (<see cref="SpectrumAnalysis.FindResonances"/>) are
/// candidates, and the one nearest the previous scenario's position (the first: nearest the start guess)
/// is taken. So consecutive scenarios must move the feature by less than half a free spectral range.</para>
/// <para>Fine pass: <see cref="FinePoints"/> wavelengths spanning ±1.5 coarse steps around each coarse
/// position, batched again; the extreme sample and its two neighbours give a parabolic vertex. For a
/// Lorentzian of half width Γ sampled at δ the vertex errs by about δ³/Γ², so with δ = 3·step/60 and a coarse
/// step below Γ the position is good to ~1e-4·Γ or better.</para>
/// </remarks>
public static class FeatureTracking
{
    public const int FinePoints = 61;

    /// <summary>Feature positions (µm) of every scenario; NaN where none was found.</summary>
    public static double[] Locate(FlatCircuit circuit, IReadOnlyList<IReadOnlyDictionary<string, double>> scenarios, (int Out, int In) pair,
                                  SweepAxis wavelengths, bool dip, double startUm, ISweepBackend backend)
    {
        if (wavelengths.Count < 5) throw new PhotonicException("feature search: the wavelength grid needs at least 5 points");
        var wl = Enumerable.Range(0, wavelengths.Count).Select(i => wavelengths[i]).ToArray();
        var coarse = ScenarioBatch.Run(circuit, scenarios, wavelengths, backend, [pair]);
        var pos = new double[scenarios.Count];
        double guess = startUm;
        for (int s = 0; s < scenarios.Count; s++)
        {
            var found = SpectrumAnalysis.FindResonances(wl, coarse.Transmission(s, 0), dip);
            var best = found.Count == 0 ? null : found.MinBy(r => Math.Abs(r.Wavelength - guess));
            pos[s] = best?.Wavelength ?? double.NaN;
            if (best is not null) guess = best.Wavelength;
        }
        double step = Math.Abs(wl[^1] - wl[0]) / (wl.Length - 1);
        return Refine(circuit, scenarios, pair, pos, step, dip, backend);
    }

    /// <summary>Refines approximate positions (µm) with a fine sweep of ±1.5·<paramref name="coarseStepUm"/> each.</summary>
    public static double[] Refine(FlatCircuit circuit, IReadOnlyList<IReadOnlyDictionary<string, double>> scenarios, (int Out, int In) pair,
                                  double[] approxUm, double coarseStepUm, bool dip, ISweepBackend backend)
    {
        var valid = Enumerable.Range(0, scenarios.Count).Where(s => double.IsFinite(approxUm[s])).ToList();
        var result = approxUm.ToArray();
        if (valid.Count == 0) return result;
        double delta = 3 * coarseStepUm / (FinePoints - 1);
        var expanded = new List<IReadOnlyDictionary<string, double>>(valid.Count * FinePoints);
        foreach (int s in valid)
            for (int k = 0; k < FinePoints; k++)
            {
                var d = new Dictionary<string, double>(scenarios[s], StringComparer.Ordinal)
                {
                    [FlatCircuit.WavelengthKey] = approxUm[s] + (k - (FinePoints - 1) / 2) * delta,
                };
                expanded.Add(d);
            }
        var fine = ScenarioBatch.Run(circuit, expanded, null, backend, [pair]);
        for (int v = 0; v < valid.Count; v++)
        {
            var t = new double[FinePoints];
            for (int k = 0; k < FinePoints; k++) t[k] = fine.S(v * FinePoints + k, 0, 0).Abs2;
            int e = 0;
            for (int k = 1; k < FinePoints; k++) if (dip ? t[k] < t[e] : t[k] > t[e]) e = k;
            if (e == 0 || e == FinePoints - 1) continue; // the extremum left the window: keep the coarse value
            double a = t[e - 1], b = t[e], c = t[e + 1], den = a - 2 * b + c;
            double shift = den != 0 ? 0.5 * (a - c) / den : 0;
            result[valid[v]] = approxUm[valid[v]] + ((e - (FinePoints - 1) / 2) + shift) * delta;
        }
        return result;
    }

    /// <summary>
    /// Refuses a wavelength (a laser to lock to, a tracked feature) outside the searched window: a result there
    /// was never looked at. <paramref name="what"/> names it; the message gives the window and the flag.
    /// </summary>
    public static void CheckInWindow(double um, SweepAxis window, string what)
    {
        double a = window[0], b = window[window.Count - 1];
        double lo = Math.Min(a, b), hi = Math.Max(a, b);
        if (um >= lo && um <= hi) return;
        var c = System.Globalization.CultureInfo.InvariantCulture;
        throw new PhotonicException($"{what.TrimEnd()} lies outside the searched window {lo.ToString("G9", c)}–{hi.ToString("G9", c)} µm (--wl), " +
                                    "so the result there cannot be checked; widen --wl to include it");
    }

    /// <summary>Spacing (µm) from the feature nearest <paramref name="nearUm"/> to its nearest neighbour in one spectrum; NaN without one.</summary>
    public static double FreeSpectralRange(double[] wl, double[] power, bool dip, double nearUm)
    {
        var found = SpectrumAnalysis.FindResonances(wl, power, dip);
        if (found.Count < 2) return double.NaN;
        var f = found.MinBy(r => Math.Abs(r.Wavelength - nearUm))!;
        return found.Where(r => r != f).Min(r => Math.Abs(r.Wavelength - f.Wavelength));
    }
}
