using PhotonicSolver.MonteCarlo;

namespace PhotonicSolver.Tests.MonteCarlo;

/// <summary>
/// Figures of merit measured per sample, checked on an add-drop ring against Bogaerts et al., Laser Photonics Rev.
/// 6, 47 (2012): resonance condition, FSR, through-port extinction, drop-port 3 dB width and peak transmission.
/// </summary>
public class FigureOfMeritTests
{
    private const double K1 = 0.1, K2 = 0.05, Length = 62.83, LossDbCm = 3.0, N0 = 2.34, Ng = 3.4, Wl0 = 1.55;
    private static readonly double R1 = Math.Sqrt(1 - K1), R2 = Math.Sqrt(1 - K2);
    private static readonly double A = Math.Pow(10, -LossDbCm * Length * 1e-4 / 20);   // single-pass amplitude

    /// <summary>Round-trip phase 2π·L·neff(λ)/λ with the straight's linear dispersion neff = n0 − (λ − λ0)(ng − n0)/λ0.</summary>
    private static double Phase(double wl) => 2 * Math.PI * Length * (N0 - (wl - Wl0) * (Ng - N0) / Wl0) / wl;

    /// <summary>The λ in [lo, hi] with Phase(λ) = 2πm, by bisection (Phase decreases with λ); NaN if there is none.</summary>
    private static double Resonance(double m, double lo, double hi)
    {
        if (Phase(lo) < 2 * Math.PI * m || Phase(hi) > 2 * Math.PI * m) return double.NaN;
        for (int i = 0; i < 200; i++) { double mid = 0.5 * (lo + hi); if (Phase(mid) > 2 * Math.PI * m) lo = mid; else hi = mid; }
        return 0.5 * (lo + hi);
    }

    /// <summary>The resonance nearest to λ.</summary>
    private static double Resonance(double near) => Resonance(Math.Round(Phase(near) / (2 * Math.PI)), near - 0.01, near + 0.01);

    /// <summary>One sample of the ring (a zero-width normal on a loss setting: the nominal circuit) measured over wl.</summary>
    private static double[] Measure(double a, double b, int n, params SpecDefinition[] specs)
    {
        var v = new VariationSpec { Samples = 1 };
        v.Parameters.Add(new VariationParameter { Name = "h1.loss_dB_cm", Code = DistributionCode.Normal, Std = 0 });
        var sink = new McHelpers.MemorySink();
        var c = TestCircuits.AddDropRing(K1, K2, Length, LossDbCm);
        McHelpers.Run(c, new MonteCarloSetup { Variation = v, Specs = specs, Wavelength = McHelpers.Wl(a, b, n) }, sink: sink);
        Assert.Equal(LossDbCm, sink.Rows[0].Parameters[0]);   // the mean defaults to the nominal setting
        return sink.Rows[0].Metrics;
    }

    /// <summary>
    /// The deepest dip's wavelength, refined by a parabola, is within h/20 of the exact resonance (h = grid step; the
    /// parabola's error on a Lorentzian sampled at h ≪ FWHM is of order h·(h/FWHM)², 1e-3·h here); the FSR over a
    /// 60 nm band is the mean spacing of the exact resonances in it to 1e-6 µm.
    /// </summary>
    [Fact]
    public void ResonanceAndFsrMatchTheResonanceCondition()
    {
        double res = Resonance(1.55);
        const int n = 601;
        double a = res - 0.006, b = res + 0.0061, h = (b - a) / (n - 1);
        var m = Measure(a, b, n, McHelpers.Spec("res", Metric.ResonanceWl, "through:in"));
        Assert.InRange(m[0] - res, -h / 20, h / 20);
        Assert.NotEqual(0, Math.IEEERemainder(m[0] - a, h), 12);  // refined between grid points, not snapped to one

        var dips = new List<double>();
        for (double order = Math.Floor(Phase(1.52) / (2 * Math.PI)); order >= Math.Ceiling(Phase(1.58) / (2 * Math.PI)); order--)
            dips.Add(Resonance(order, 1.52, 1.58));
        Assert.InRange(dips.Count, 4, 7);
        double fsr = (dips[^1] - dips[0]) / (dips.Count - 1);
        var f = Measure(1.52, 1.58, 60001, McHelpers.Spec("fsr", Metric.Fsr, "through:in"));
        Assert.Equal(fsr, f[0], 1e-6);
        Assert.Equal(Wl0 * Wl0 / (Ng * Length), fsr, 2e-4);   // λ²/(ng·L) to first order in the dispersion
    }

    /// <summary>
    /// Through-port extinction (Bogaerts eqs. 4–5): Tmax/Tmin = [(r2a + r1)/(1 + r1r2a)]²/[(r2a − r1)/(1 − r1r2a)]².
    /// Sampled at h = FSR/20000 the grid minimum sits within h/2 of the dip, changing Tmin by (h/FWHM)²·Tmax/Tmin ≈ 1e-4
    /// relative: tolerance 0.005 dB.
    /// Drop port: peak (1 − r1²)(1 − r2²)a/(1 − r1r2a)² (its coupling loss to 1e-4 dB) and the −3 dB width from the
    /// Airy function, cos φ = (1 + x² − (1 − x)²/ℓ)/(2x) with x = r1r2a and ℓ = 10^(−0.3), converted by the group
    /// index dφ/dλ = −2πL·ng/λ²: to 1e-3 relative (the phase slope varies across the line by ~FWHM/λ).
    /// </summary>
    [Fact]
    public void ExtinctionBandwidthAndPeakMatchTheAiryFunction()
    {
        double res = Resonance(1.55), fsr = Wl0 * Wl0 / (Ng * Length);
        var m = Measure(res - fsr / 2, res + fsr / 2, 20001,
            McHelpers.Spec("er", Metric.ExtinctionDb, "through:in"),
            McHelpers.Spec("bw", Metric.Bandwidth3Db, "drop:in"),
            McHelpers.Spec("loss", Metric.CouplingLossDb, "drop:in"),
            McHelpers.Spec("peak", Metric.PeakWl, "drop:in"));
        double tmax = Math.Pow((R2 * A + R1) / (1 + R1 * R2 * A), 2), tmin = Math.Pow((R2 * A - R1) / (1 - R1 * R2 * A), 2);
        Assert.Equal(10 * Math.Log10(tmax / tmin), m[0], 0.005);

        double x = R1 * R2 * A, level = Math.Pow(10, -0.3);
        double halfPhase = Math.Acos((1 + x * x - (1 - x) * (1 - x) / level) / (2 * x));
        double slope = -(Phase(res + 1e-7) - Phase(res - 1e-7)) / 2e-7;   // −dφ/dλ at the resonance
        Assert.Equal(2 * halfPhase / slope, m[1], 2 * halfPhase / slope * 1e-3);

        double peak = (1 - R1 * R1) * (1 - R2 * R2) * A / Math.Pow(1 - x, 2);
        Assert.Equal(-10 * Math.Log10(peak), m[2], 1e-4);
        Assert.Equal(res, m[3], 1e-7);
    }

    /// <summary>The parabola's vertex is exact on a parabola, for uneven spacing too.</summary>
    [Fact]
    public void VertexIsExactOnAParabola()
    {
        static double P(double x) => 3 * (x - 1.234) * (x - 1.234) + 0.5;
        Assert.Equal(1.234, FiguresOfMerit.Vertex(1.0, P(1.0), 1.3, P(1.3), 1.7, P(1.7)), 12);
        Assert.Equal(1.3, FiguresOfMerit.Vertex(1.0, 1, 1.3, 1, 1.7, 1));   // collinear: the middle point
    }

    /// <summary>
    /// A Gaussian passband T = exp(−(λ − c)²/(2s²)) is a parabola in dB, so its X dB width is 2s·√(2X/(10·log10 e))
    /// and the dB-linear interpolation of each edge errs by at most h²·|D''|/(8|D'|) = h²/(8|λ − c|) (D is a
    /// parabola in λ): 1e-8 µm per edge for h = 10 pm. A band that cuts the passband gives NaN, as does a dip on the
    /// band's edge.
    /// </summary>
    [Fact]
    public void BandwidthOfAGaussianPassband()
    {
        const double c = 1.55, sd = 0.002;
        var wl = Enumerable.Range(0, 2001).Select(i => 1.54 + i * 1e-5).ToArray();
        var t = wl.Select(w => Math.Exp(-(w - c) * (w - c) / (2 * sd * sd))).ToArray();
        foreach (var x in new[] { 1.0, 3.0 })
        {
            double half = sd * Math.Sqrt(2 * x / (10 * Math.Log10(Math.E))), h = 1e-5;
            Assert.Equal(2 * half, FiguresOfMerit.Bandwidth(new ArraySpectrum(t, wl), 0, wl.Length - 1, x), 2 * h * h / (8 * half));
        }
        Assert.True(double.IsNaN(FiguresOfMerit.Bandwidth(new ArraySpectrum(t, wl), 990, 1010, 3.0)));
        Assert.True(double.IsNaN(FiguresOfMerit.Extremum(new ArraySpectrum(t, wl), 0, 900, dip: true)));   // the lowest point is the band's edge
        Assert.Equal(c, FiguresOfMerit.Extremum(new ArraySpectrum(t, wl), 0, wl.Length - 1, dip: false), 1e-9);
        Assert.True(double.IsNaN(FiguresOfMerit.FreeSpectralRange(new ArraySpectrum(t, wl), 0, wl.Length - 1)));   // no dips
    }

    [Fact]
    public void DecibelsAreFlooredAndNaNPropagates()
    {
        Assert.Equal(FiguresOfMerit.FloorDb, FiguresOfMerit.Db(0.0));
        Assert.Equal(-30, FiguresOfMerit.Db(1e-3), 12);
        Assert.True(double.IsNaN(FiguresOfMerit.Db(double.NaN)));
        Assert.True(double.IsNaN(FiguresOfMerit.Min(new ArraySpectrum([1.0, double.NaN, 0.5], [1.0, 2.0, 3.0]), 0, 2)));
    }
}
