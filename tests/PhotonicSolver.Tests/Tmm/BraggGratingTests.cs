using PhotonicSolver.Models;
using PhotonicSolver.Numerics;

namespace PhotonicSolver.Tests.Tmm;

/// <summary>
/// The bragg_grating model against coupled-mode theory (Erdogan, JLT 15, 1277 (1997)): the uniform grating's
/// closed form and Rmax = tanh²(κL), the null-to-null bandwidth, the λ/4-shifted grating's transmission peak,
/// unitarity and reciprocity, and inside a circuit solved by the generic engine.
/// </summary>
public class BraggGratingTests
{
    private static double[] Settings(params (int Index, double Value)[] values)
    {
        var s = BraggGrating.Info.Defaults();
        s[BraggGrating.DneffDT] = 0;
        foreach (var (i, v) in values) s[i] = v;
        Assert.Null(BraggGrating.Info.Validate!(s));
        return s;
    }

    private static Slots Eval(double[] s, double wl, double t = 25) => ModelRegistry.Evaluate(BraggGrating.Info, s, wl, t);

    /// <summary>δ(λ) = 2π·neff(λ)/λ − π/Λ with the model's linear dispersion; inverted for λ.</summary>
    private static double WavelengthAtDetuning(double delta, double period, double neff0 = 2.34, double ng = 3.4, double wl0 = 1.55)
    {
        double slope = (ng - neff0) / wl0, c = neff0 + wl0 * slope;
        return c / ((delta + Math.PI / period) / (2 * Math.PI) + slope);
    }

    private static double AutoPeriod(double wlB = 1.55) => wlB / (2 * Straight.EffectiveIndex(2.34, 3.4, 1.55, 0, wlB, 25));

    /// <summary>
    /// Uniform grating: Erdogan eq. (21) R = sinh²(γL)/(cosh²(γL) − σ̂²/κ²) (γ² = κ² − σ̂²; eq. 20's ρ in general), over the whole band and
    /// the side lobes, for 1 section (the closed form itself) and 100 sections (a product of 100 pieces that must
    /// reproduce it). At the Bragg wavelength R = tanh²(κL). Tolerance 1e-12: the detuning is computed to ~1e-15
    /// and cosh² ≤ e^{2κL} = e^8 only scales the relative rounding.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(100)]
    [InlineData(7)]
    public void UniformGratingMatchesErdoganClosedForm(int sections)
    {
        double kappa = 0.02, L = 200, period = AutoPeriod();
        var s = Settings((BraggGrating.Kappa, kappa), (BraggGrating.Length, L), (BraggGrating.Sections, sections));
        Assert.Equal(Math.Pow(Math.Tanh(kappa * L), 2), Eval(s, 1.55).S0.Abs2, 1e-12);
        for (double delta = -0.1; delta <= 0.1; delta += 0.0037)
        {
            double wl = WavelengthAtDetuning(delta, period);
            System.Numerics.Complex g = System.Numerics.Complex.Sqrt(kappa * kappa - delta * delta);
            var sh = System.Numerics.Complex.Sinh(g * L); var ch = System.Numerics.Complex.Cosh(g * L);
            // Erdogan eq. (20): ρ = −κ·sinh(γL)/(σ̂·sinh(γL) + iγ·cosh(γL)), valid on both sides of the band edge.
            var rho = -kappa * sh / (delta * sh + System.Numerics.Complex.ImaginaryOne * g * ch);
            double expected = rho.Magnitude * rho.Magnitude;
            var slots = Eval(s, wl);
            Assert.Equal(expected, slots.S0.Abs2, 1e-12);
            Assert.Equal(1.0, slots.S0.Abs2 + slots.S1.Abs2, 1e-12); // lossless
        }
    }

    /// <summary>
    /// The first reflection nulls sit where γL = iπ, i.e. δ = ±√(κ² + (π/L)²) (Erdogan eq. 21): R there is zero up
    /// to rounding. Their separation is the null-to-null bandwidth Δλ = λ²/(π·ng·L)·√((κL)² + π²) (Erdogan eq. 26
    /// with the group index), a first-order formula in Δλ/λ ≈ 4e-3, hence the 5e-3 relative tolerance.
    /// </summary>
    [Fact]
    public void NullToNullBandwidth()
    {
        double kappa = 0.02, L = 200, period = AutoPeriod(), ng = 3.4;
        var s = Settings((BraggGrating.Kappa, kappa), (BraggGrating.Length, L), (BraggGrating.Sections, 50));
        double dNull = Math.Sqrt(kappa * kappa + Math.PI * Math.PI / (L * L));
        double lo = WavelengthAtDetuning(dNull, period), hi = WavelengthAtDetuning(-dNull, period);
        Assert.True(Eval(s, lo).S0.Abs2 < 1e-24);
        Assert.True(Eval(s, hi).S0.Abs2 < 1e-24);
        double formula = 1.55 * 1.55 / (Math.PI * ng * L) * Math.Sqrt(kappa * kappa * L * L + Math.PI * Math.PI);
        Assert.Equal(1.0, (hi - lo) / formula, 5e-3);
        // The nulls bound the main lobe: R is largest in between and falls off outside.
        Assert.True(Eval(s, 0.5 * (lo + hi)).S0.Abs2 > 0.99);
    }

    /// <summary>
    /// λ/4-shifted (φ = π at the centre) lossless grating: a transmission resonance at the Bragg wavelength with
    /// T = 1 (Haus &amp; Shank, IEEE JQE 12, 532 (1976)), inside a stop band where the unshifted grating transmits
    /// 1/cosh²(κL) ≈ 1e-3. Also when the shift falls inside a section (odd section count). Tolerance 1e-10.
    /// </summary>
    [Theory]
    [InlineData(100)]
    [InlineData(101)]
    public void QuarterWaveShiftedGratingTransmitsAtBragg(int sections)
    {
        double kappa = 0.02, L = 200;
        var shifted = Settings((BraggGrating.Kappa, kappa), (BraggGrating.Length, L), (BraggGrating.Sections, sections), (BraggGrating.PhaseShift, Math.PI));
        var plain = Settings((BraggGrating.Kappa, kappa), (BraggGrating.Length, L), (BraggGrating.Sections, sections));
        Assert.Equal(1.0, Eval(shifted, 1.55).S1.Abs2, 1e-10);
        Assert.Equal(1 / Math.Pow(Math.Cosh(kappa * L), 2), Eval(plain, 1.55).S1.Abs2, 1e-12);
        // The resonance is narrow: 0.2 nm away T has dropped below 0.5.
        Assert.True(Eval(shifted, 1.5502).S1.Abs2 < 0.5);
    }

    /// <summary>
    /// A lossless grating with everything switched on (Gaussian apodization, chirp, an arbitrary phase shift off
    /// centre, sampling) is unitary: |S11|² + |S21|² = |S22|² + |S21|² = 1 and S11·S21* + S21·S22* = 0. With the
    /// same loss-free pieces this checks the Redheffer chaining and the reference-plane phases; 1e-12 after
    /// ~300 pieces.
    /// </summary>
    [Theory]
    [InlineData(BraggGrating.ApodGaussian)]
    [InlineData(BraggGrating.ApodRaisedCosine)]
    public void LosslessGratingIsUnitary(int apod)
    {
        var s = Settings((BraggGrating.Kappa, 0.03), (BraggGrating.Length, 300), (BraggGrating.Sections, 150),
                         (BraggGrating.Apodization, apod), (BraggGrating.ApodWidth, 0.4), (BraggGrating.ChirpNm, 3),
                         (BraggGrating.PhaseShift, 1.3), (BraggGrating.PhasePos, 0.37),
                         (BraggGrating.SamplePeriod, 23), (BraggGrating.SampleDuty, 0.6));
        for (double wl = 1.54; wl <= 1.56; wl += 0.0007)
        {
            var x = Eval(s, wl);
            Assert.Equal(1.0, x.S0.Abs2 + x.S1.Abs2, 1e-12);
            Assert.Equal(1.0, x.S2.Abs2 + x.S1.Abs2, 1e-12);
            var off = x.S0 * x.S1.Conj + x.S1 * x.S2.Conj;
            Assert.True(off.Abs < 1e-12, off.ToString());
        }
    }

    /// <summary>
    /// Reversing a chirped, apodized, phase-shifted grating (chirp → −chirp, phase position → 1 − position) swaps
    /// its two reflections: |S11| of one is |S22| of the other (reciprocity of the structure read backwards), and
    /// the transmission is the same. A chirped grating reflects differently from its two ends when lossy.
    /// </summary>
    [Fact]
    public void ReversedGratingSwapsReflections()
    {
        (int, double)[] common = [(BraggGrating.Kappa, 0.03), (BraggGrating.Length, 300), (BraggGrating.Sections, 120),
                                  (BraggGrating.Apodization, 1), (BraggGrating.PhaseShift, 0.9), (BraggGrating.LossDbPerCm, 40)];
        var fwd = Settings([.. common, (BraggGrating.ChirpNm, 4), (BraggGrating.PhasePos, 0.3)]);
        var bwd = Settings([.. common, (BraggGrating.ChirpNm, -4), (BraggGrating.PhasePos, 0.7)]);
        bool differ = false;
        for (double wl = 1.545; wl <= 1.555; wl += 0.0005)
        {
            var a = Eval(fwd, wl); var b = Eval(bwd, wl);
            Assert.Equal(a.S0.Abs, b.S2.Abs, 1e-12);
            Assert.Equal(a.S2.Abs, b.S0.Abs, 1e-12);
            Assert.Equal(a.S1.Abs, b.S1.Abs, 1e-12);
            Assert.True(a.S0.Abs2 + a.S1.Abs2 < 1); // lossy
            differ |= Math.Abs(a.S0.Abs - a.S2.Abs) > 1e-3;
        }
        Assert.True(differ);
    }

    /// <summary>
    /// κ = 0 leaves a straight waveguide: S21 equals the straight model's (phase e^{iβL} and loss), S11 = 0. The
    /// grating builds the 2.5e3 rad phase from 100 pieces (detuning plus grating phase), so rounding is up to
    /// ~100·2.5e3·1.1e-16 ≈ 3e-11 rad: tolerance 5e-11.
    /// </summary>
    [Fact]
    public void NoCouplingIsAStraightWaveguide()
    {
        var g = Settings((BraggGrating.Kappa, 0), (BraggGrating.Length, 250), (BraggGrating.LossDbPerCm, 3), (BraggGrating.DneffDT, 1.86e-4));
        var st = Straight.Info.Defaults();
        st[Straight.Length] = 250; st[Straight.LossDbPerCm] = 3;
        foreach (double wl in new[] { 1.5, 1.55, 1.6 })
        {
            var a = Eval(g, wl, 60);
            var b = ModelRegistry.Evaluate(Straight.Info, st, wl, 60).S0;
            Assert.Equal(b.Re, a.S1.Re, 5e-11);
            Assert.Equal(b.Im, a.S1.Im, 5e-11);
            Assert.Equal(0.0, a.S0.Abs, 1e-15);
        }
    }

    /// <summary>κ from the index modulation: dn = 1e-3, η = 0.8 is κ = π·dn·η/λ at each wavelength (Erdogan eq. 8).</summary>
    [Fact]
    public void KappaFromIndexModulation()
    {
        var viaDn = Settings((BraggGrating.Dn, 1e-3), (BraggGrating.Eta, 0.8), (BraggGrating.Sections, 10));
        foreach (double wl in new[] { 1.549, 1.55, 1.551 })
        {
            var viaKappa = Settings((BraggGrating.Kappa, Math.PI * 1e-3 * 0.8 / wl), (BraggGrating.Sections, 10));
            Assert.Equal(Eval(viaKappa, wl).S0.Re, Eval(viaDn, wl).S0.Re, 1e-14);
        }
    }

    /// <summary>
    /// Heating shifts the Bragg wavelength to where δ(λ, T) = 0 again: 2π·(neff(λ) + dneff/dT·ΔT)/λ = π/Λ. The peak
    /// reflectance tanh²(κL) is found there exactly (1e-12), i.e. dλ_B/dT = λ·(dneff/dT)/ng to first order.
    /// </summary>
    [Fact]
    public void TemperatureShiftsTheBraggWavelength()
    {
        double kappa = 0.02, L = 200, dndt = 1.86e-4, dT = 40;
        var s = Settings((BraggGrating.Kappa, kappa), (BraggGrating.Length, L), (BraggGrating.DneffDT, dndt));
        double period = AutoPeriod(), slope = (3.4 - 2.34) / 1.55;
        double c = 2.34 + 1.55 * slope + dndt * dT;
        double wlHot = c / (1 / (2 * period) + slope);
        Assert.Equal(Math.Pow(Math.Tanh(kappa * L), 2), Eval(s, wlHot, 25 + dT).S0.Abs2, 1e-12);
        Assert.Equal(1.55 * dndt * dT / 3.4, wlHot - 1.55, 2e-5); // first-order drift, 0.1% of the 3.4 nm shift
    }

    /// <summary>
    /// Sampled grating (burst period P, duty d): the Fourier components of the on/off envelope give reflection
    /// peaks spaced by λ²/(2·ng·P); the m-th has coupling κ_m = κ·d·|sinc(π·m·d)| (Jayaraman et al., IEEE JQE 29,
    /// 1824 (1993)). With κP = 0.1 the burst-averaged picture holds to a few percent: R_m ≈ tanh²(κ_m L) within 0.03.
    /// </summary>
    [Fact]
    public void SampledGratingHasACombOfPeaks()
    {
        double kappa = 0.005, L = 400, P = 20, duty = 0.5, ng = 3.4, period = AutoPeriod();
        var s = Settings((BraggGrating.Kappa, kappa), (BraggGrating.Length, L), (BraggGrating.Sections, 200),
                         (BraggGrating.SamplePeriod, P), (BraggGrating.SampleDuty, duty));
        double r0 = Eval(s, 1.55).S0.Abs2;
        Assert.Equal(Math.Pow(Math.Tanh(kappa * duty * L), 2), r0, 0.03);
        // First-order peak: δ = −π/P (the extra grating vector 2π/P shared by the two counter-propagating waves).
        double wl1 = WavelengthAtDetuning(-Math.PI / P, period);
        // λ²/(2·ng·P) is first order in Δλ/λ ≈ 1.2e-2: 2% tolerance.
        Assert.Equal(1.0, (wl1 - 1.55) / (1.55 * 1.55 / (2 * ng * P)), 0.02);
        double k1 = kappa * duty * Math.Abs(Math.Sin(Math.PI * duty) / (Math.PI * duty));
        Assert.Equal(Math.Pow(Math.Tanh(k1 * L), 2), Eval(s, wl1).S0.Abs2, 0.03);
        // Between the peaks the sampled grating hardly reflects.
        Assert.True(Eval(s, WavelengthAtDetuning(-Math.PI / (2 * P), period)).S0.Abs2 < 0.05);
    }

    [Fact]
    public void InvalidSettingsAreRejected()
    {
        var s = BraggGrating.Info.Defaults();
        s[BraggGrating.Sections] = 10.5;
        Assert.Contains("sections", BraggGrating.Info.Validate!(s));
        s = BraggGrating.Info.Defaults();
        s[BraggGrating.SamplePeriod] = 1e-4; s[BraggGrating.Length] = 1000;
        Assert.Contains("pieces", BraggGrating.Info.Validate!(s));
    }

    /// <summary>
    /// Two gratings 50 µm apart form a Fabry–Perot cavity. The generic circuit engine (plan compiler + CPU backend)
    /// must give the cascade S21 = t₁·e^{iφ}·t₂/(1 − ρ₁'·e^{2iφ}·ρ₂) of the models' own S-matrices (1e-12: a few
    /// complex operations; |1 − ρρ'e^{2iφ}| ≥ 1 − 0.76 keeps the division well conditioned).
    /// </summary>
    [Fact]
    public void GratingsInsideACircuit()
    {
        var c = new TestCircuits.Builder()
            .Add("g1", "bragg_grating", ("kappa", 0.01), ("length", 100), ("dneff_dT", 0))
            .Add("gap", "straight", ("length", 50), ("dneff_dT", 0))
            .Add("g2", "bragg_grating", ("kappa", 0.01), ("length", 100), ("dneff_dT", 0), ("chirp_nm", 1))
            .Connect("g1,o2", "gap,o1").Connect("gap,o2", "g2,o1")
            .Port("in", "g1,o1").Port("out", "g2,o2")
            .Build();
        var sweep = TestCircuits.Wavelengths(1.545, 1.555, 101);
        var result = TestCircuits.Solve(c, sweep);
        var g1 = BraggGrating.Info.Defaults(); g1[BraggGrating.Kappa] = 0.01; g1[BraggGrating.DneffDT] = 0;
        var g2 = (double[])g1.Clone(); g2[BraggGrating.ChirpNm] = 1;
        var st = Straight.Info.Defaults(); st[Straight.Length] = 50; st[Straight.DneffDT] = 0;
        for (int p = 0; p < result.Length; p++)
        {
            double wl = sweep.Axes[0][p];
            var a = ModelRegistry.Evaluate(BraggGrating.Info, g1, wl, 25);
            var b = ModelRegistry.Evaluate(BraggGrating.Info, g2, wl, 25);
            var e = ModelRegistry.Evaluate(Straight.Info, st, wl, 25).S0;
            Cx loop = Cx.One - a.S2 * e * e * b.S0;
            Cx t = a.S1 * e * b.S1 / loop;
            Cx r = a.S0 + a.S1 * e * b.S0 * e * a.S1 / loop;
            Assert.Equal(t.Re, result[p][1, 0].Re, 1e-12); Assert.Equal(t.Im, result[p][1, 0].Im, 1e-12);
            Assert.Equal(r.Re, result[p][0, 0].Re, 1e-12); Assert.Equal(r.Im, result[p][0, 0].Im, 1e-12);
            Assert.Equal(result[p][1, 0].Re, result[p][0, 1].Re, 1e-14); // reciprocal
            Assert.Equal(1.0, result[p][0, 0].Abs2 + result[p][1, 0].Abs2, 1e-12); // lossless
        }
    }
}
