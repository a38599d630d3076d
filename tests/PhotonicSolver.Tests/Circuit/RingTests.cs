using PhotonicSolver.Models;
using PhotonicSolver.Numerics;

namespace PhotonicSolver.Tests.Circuit;

/// <summary>
/// The generic solver against the analytic ring formulas of Bogaerts et al., Laser Photonics Rev. 6, 47 (2012).
/// Tolerance 1e-12: both sides are a handful of fp64 operations on O(1) numbers; near resonance the all-pass
/// denominator 1 − t·a is ≥ 1e-2 for these rings, so rounding stays below 1e-13.
/// </summary>
public class RingTests
{
    private const double Tol = 1e-12;

    private static Cx RoundTrip(double length, double lossDbCm, double wl, double neff = 2.34, double ng = 3.4)
    {
        var p = Straight.Info.Defaults();
        p[Straight.Length] = length; p[Straight.Neff] = neff; p[Straight.Ng] = ng; p[Straight.LossDbPerCm] = lossDbCm; p[Straight.DneffDT] = 0;
        return ModelRegistry.Evaluate(Straight.Info, p, wl, 25).S0;
    }

    [Theory]
    [InlineData(0.1, 62.83, 0.0)]
    [InlineData(0.05, 100.0, 3.0)]
    [InlineData(0.3, 31.4, 10.0)]
    public void AllPassThroughMatchesBogaertsEq2(double coupling, double length, double loss)
    {
        var sweep = TestCircuits.Wavelengths(1.54, 1.56, 401);
        var s = TestCircuits.Solve(TestCircuits.AllPassRing(coupling, length, loss), sweep);
        double t = Math.Sqrt(1 - coupling);
        for (int p = 0; p < s.Length; p++)
        {
            double wl = sweep.Axes[0][p];
            Cx ae = RoundTrip(length, loss, wl);
            // E_through/E_in = (t − a·e^{iφ}) / (1 − t·a·e^{iφ})  (Bogaerts eq. 2 with r = t)
            Cx expected = (new Cx(t, 0) - ae) / (Cx.One - t * ae);
            Assert.Equal(expected.Re, s[p][1, 0].Re, Tol);
            Assert.Equal(expected.Im, s[p][1, 0].Im, Tol);
            // Lossless ring: all-pass, |T| = 1.
            if (loss == 0) Assert.Equal(1.0, s[p][1, 0].Abs2, Tol);
        }
    }

    [Fact]
    public void AddDropMatchesBogaertsEq3And4()
    {
        double k1 = 0.1, k2 = 0.15, L = 80, loss = 5;
        var sweep = TestCircuits.Wavelengths(1.545, 1.555, 301);
        var s = TestCircuits.Solve(TestCircuits.AddDropRing(k1, k2, L, loss), sweep);
        double r1 = Math.Sqrt(1 - k1), r2 = Math.Sqrt(1 - k2);
        for (int p = 0; p < s.Length; p++)
        {
            double wl = sweep.Axes[0][p];
            Cx half = RoundTrip(L / 2, loss, wl);
            Cx full = half * half;
            Cx den = Cx.One - r1 * r2 * full;
            // Through: (r1 − r2·a·e^{iφ}) / (1 − r1·r2·a·e^{iφ}); drop: −κ1·κ2·√a·e^{iφ/2} / (same), with our +i cross
            // convention giving (iκ1)(iκ2) = −κ1κ2.
            Cx through = (new Cx(r1, 0) - r2 * full) / den;
            Cx drop = -(Math.Sqrt(k1 * k2)) * half / den;
            Assert.Equal(through.Re, s[p][1, 0].Re, Tol); Assert.Equal(through.Im, s[p][1, 0].Im, Tol);
            Assert.Equal(drop.Re, s[p][2, 0].Re, Tol); Assert.Equal(drop.Im, s[p][2, 0].Im, Tol);
        }
    }

    [Fact]
    public void FreeSpectralRangeIsLambdaSquaredOverNgL()
    {
        // Resonances φ = 2π·m: find the two transmission minima around 1.55 µm and compare with λ²/(ng·L).
        double L = 100, ng = 4.2;
        int n = 20001;
        var s = TestCircuits.Solve(TestCircuits.AllPassRing(0.05, L, 2.0, neff: 2.4, ng: ng), TestCircuits.Wavelengths(1.54, 1.56, n));
        var minima = new List<double>();
        for (int p = 1; p < n - 1; p++)
        {
            double a = s[p - 1][1, 0].Abs2, b = s[p][1, 0].Abs2, c = s[p + 1][1, 0].Abs2;
            if (b < a && b < c)
            {
                // Parabolic refinement of the minimum.
                double h = 0.02 / (n - 1), x = 1.54 + p * h;
                minima.Add(x + 0.5 * h * (a - c) / (a - 2 * b + c));
            }
        }
        Assert.True(minima.Count >= 2, $"found {minima.Count} resonances");
        int mid = minima.FindIndex(m => m > 1.55);
        double fsr = minima[mid] - minima[mid - 1];
        double lambda = 0.5 * (minima[mid] + minima[mid - 1]);
        double expected = lambda * lambda / (ng * L);
        // Linear dispersion makes FSR = λ1·λ2/(ng·L) exactly between adjacent resonances; λ² vs λ1λ2 differ by
        // (FSR/2λ)² ≈ 1e-5 relative, and the grid refinement is good to ~1e-7 µm.
        Assert.Equal(expected, fsr, 1e-6);
    }

    [Fact]
    public void CriticalCouplingGivesZeroThroughAtResonance()
    {
        // Critical coupling: t = a (Bogaerts §2.1). With a 10 dB/cm, 100 µm ring a = 10^(−0.1·... /20).
        double L = 100, loss = 10;
        double a = Math.Pow(10, -loss * L * 1e-4 / 20);
        double coupling = 1 - a * a;
        // Resonance: neff·L/λ integer. neff = 2.34 at 1.55, ng = neff (no dispersion) so choose λ = neff·L/m.
        double m = Math.Round(2.34 * L / 1.55);
        double wlRes = 2.34 * L / m;
        var s = TestCircuits.Solve(TestCircuits.AllPassRing(coupling, L, loss, neff: 2.34, ng: 2.34),
            new Sweep.SweepSpec([Sweep.SweepAxis.List("wl", [wlRes])]));
        // The resonance wavelength itself carries a rounding of ~1e-16 relative, i.e. a phase error of ~1e-13 rad
        // on φ ≈ 950 rad; with |dT/dφ| ≈ a/(1 − t·a) ≈ 45 the field through is ~5e-12, |T|² ~ 3e-23, versus
        // |T|² ≈ 0.2 one linewidth away.
        Assert.True(s[0][1, 0].Abs2 < 1e-21, $"|T|² at critical coupling = {s[0][1, 0].Abs2}");
    }
}

public class TemperatureTests
{
    [Fact]
    public void LocalDeltaTShiftsOnlyItsInstanceLikeTheGlobalTemperature()
    {
        // A ring heated locally by 10 K must give exactly the spectrum of the whole circuit at +10 K (the coupler
        // does not depend on temperature), and the resonance shift must be λ·(dneff/dT)·ΔT/ng (CONVENTIONS).
        var cold = TestCircuits.AllPassRing(0.1, 62.83, 2.0);
        var hot = TestCircuits.AllPassRing(0.1, 62.83, 2.0);
        int ring = hot.Instances.FindIndex(i => i.Path == "ring");
        cold.Instances[ring].Settings[PhotonicSolver.Models.Straight.DneffDT] = 1.86e-4;
        hot.Instances[ring].Settings[PhotonicSolver.Models.Straight.DneffDT] = 1.86e-4;
        hot.SetSetting("ring.dT", 10);
        var sweep = TestCircuits.Wavelengths(1.54, 1.56, 2001);
        var sHot = TestCircuits.Solve(hot, sweep);
        var sGlobal = TestCircuits.Solve(cold, new PhotonicSolver.Sweep.SweepSpec([
            PhotonicSolver.Sweep.SweepAxis.List("temperature", [35.0]), PhotonicSolver.Sweep.SweepAxis.Linear("wl", 1.54, 1.56, 2001)]));
        for (int p = 0; p < sHot.Length; p++) Assert.Equal(sGlobal[p][1, 0], sHot[p][1, 0]); // same arithmetic: bit-identical

        // Resonance drift. With linear dispersion the shift is exactly λ_res·(dneff/dT)·ΔT/ng; the parabolic
        // sub-sample refinement on a 10 pm grid locates each dip to well under 1 pm.
        var sCold = TestCircuits.Solve(cold, sweep);
        var wl = Enumerable.Range(0, 2001).Select(p => sweep.Axes[0][p]).ToArray();
        double Dip(Cx[][,] s) => PhotonicSolver.Analysis.SpectrumAnalysis.FindResonances(wl, s.Select(x => x[1, 0].Abs2).ToArray(), dips: true)
                                   .OrderBy(r => Math.Abs(r.Wavelength - 1.549)).First().Wavelength;
        double l0 = Dip(sCold), l1 = Dip(sHot);
        Assert.Equal(l0 * 1.86e-4 * 10 / 3.4, l1 - l0, 1e-6);
    }

    [Fact]
    public void SweptLocalDeltaTIsAnAxis()
    {
        var c = TestCircuits.AllPassRing(0.1, 62.83, 2.0);
        c.Instances[1].Settings[PhotonicSolver.Models.Straight.DneffDT] = 1.86e-4;
        var spec = new PhotonicSolver.Sweep.SweepSpec([PhotonicSolver.Sweep.SweepAxis.List("ring.dT", [0.0, 20.0]), PhotonicSolver.Sweep.SweepAxis.List("wl", [1.55])]);
        var s = TestCircuits.Solve(c, spec);
        Assert.NotEqual(s[0][1, 0], s[1][1, 0]);
    }
}
