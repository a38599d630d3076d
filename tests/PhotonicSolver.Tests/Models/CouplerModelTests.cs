using PhotonicSolver.Models;
using PhotonicSolver.Numerics;
using static PhotonicSolver.Tests.CircuitChecks;
using static PhotonicSolver.Tests.Models.ModelTestHelpers;

namespace PhotonicSolver.Tests.Models;

/// <summary>
/// Couplers and splitters: the ideal coupler (Bogaerts et al. 2012, eq. 1), the coupled-mode directional
/// coupler (Yariv, IEEE JQE 9, 919 (1973); Okamoto, Fundamentals of Optical Waveguides, ch. 4), MMIs
/// (Soldano &amp; Pennings, JLT 13, 615 (1995)), the Y-branch and the crossing.
/// Port indices: o1 → 0, o2 → 1, o3 → 2, o4 → 3; S[to, from].
/// </summary>
public class CouplerModelTests
{
    // Power tolerance: sqrt is correctly rounded and |z|² adds two more roundings, so powers of O(1) are good to
    // ~3e-16.
    private const double PowerTol = 1e-15;

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.1)]
    [InlineData(0.5)]
    [InlineData(0.9)]
    [InlineData(1.0)]
    public void IdealCouplerBarAndCrossPowersAndQuadrature(double coupling)
    {
        var s = Dense(Coupler.Info, ("coupling", coupling));
        foreach (var (bar, cross) in new[] { (s[3, 0], s[2, 0]), (s[2, 1], s[3, 1]) })
        {
            Assert.Equal(1 - coupling, bar.Abs2, PowerTol);
            Assert.Equal(coupling, cross.Abs2, PowerTol);
            // Bar real t = √(1−κ²) ≥ 0, cross i·κ: 90° apart (Re(cross·bar*) = 0, cross leads).
            Assert.Equal(0.0, bar.Im);
            Assert.True(bar.Re >= 0);
            Assert.Equal(0.0, cross.Re);
            Assert.True(cross.Im >= 0);
        }
        // No reflection and no coupling between the two ports on one side.
        Assert.Equal(Cx.Zero, s[0, 0]);
        Assert.Equal(Cx.Zero, s[1, 0]);
        Assert.Equal(Cx.Zero, s[3, 2]);
    }

    private static Cx CommonPhase(double length, double wl, double T = 25, double neff = 2.34, double ng = 3.4, double dndT = Straight.SiliconDnDT)
    {
        double n = neff - (wl - 1.55) * (ng - neff) / 1.55 + dndT * (T - 25);
        return Expi(2 * Math.PI * n * length / wl);
    }

    [Theory]
    [InlineData(10.0, 0.02, 1.55)]
    [InlineData(30.0, 0.02, 1.55)]
    [InlineData(55.0, 0.02, 1.50)]
    [InlineData(12.0, 0.1, 1.60)]
    public void SynchronousDirectionalCouplerFollowsCoupledModeTheory(double L, double dn, double wl)
    {
        // κ = π·dn/λ from the supermode splitting; bar cos κL, cross i·sin κL, times the common phase e^{iβ̄L}
        // (Yariv 1973, with δ = 0). Phase ≲ 300 rad: tolerance as the straight's phase, 1e-13.
        var s = Dense(DirectionalCoupler.Info, wl, 25, ("length", L), ("dn", dn));
        double kL = Math.PI * dn / wl * L;
        Cx common = CommonPhase(L, wl);
        AssertClose(Math.Cos(kL) * common, s[3, 0], 1e-13, "bar o1→o4");
        AssertClose(Math.Cos(kL) * common, s[2, 1], 1e-13, "bar o2→o3");
        AssertClose(new Cx(0, Math.Sin(kL)) * common, s[2, 0], 1e-13, "cross o1→o3");
        AssertClose(new Cx(0, Math.Sin(kL)) * common, s[3, 1], 1e-13, "cross o2→o4");
        // Cross power sin²(κL).
        Assert.Equal(Math.Pow(Math.Sin(kL), 2), s[2, 0].Abs2, 1e-14);
    }

    [Theory]
    [InlineData(0.02, 1.55)]
    [InlineData(0.05, 1.31)]
    [InlineData(0.013, 1.60)]
    public void SynchronousDirectionalCouplerTransfersFullyAtHalfBeatLength(double dn, double wl)
    {
        // κL = π/2 at L = λ/(2·dn): all power crosses; at L = λ/dn it is back in the bar port.
        double L = wl / (2 * dn);
        var s = Dense(DirectionalCoupler.Info, wl, 25, ("length", L), ("dn", dn));
        // κL = π/2 up to a few ulp, so cos κL ~ 1e-16 and the bar power ~ 1e-32.
        Assert.Equal(1.0, s[2, 0].Abs2, PowerTol);
        Assert.True(s[3, 0].Abs2 < 1e-30, $"bar power {s[3, 0].Abs2}");
        var back = Dense(DirectionalCoupler.Info, wl, 25, ("length", 2 * L), ("dn", dn));
        Assert.Equal(1.0, back[3, 0].Abs2, PowerTol);
        Assert.True(back[2, 0].Abs2 < 1e-30, $"cross power {back[2, 0].Abs2}");
    }

    [Fact]
    public void KappaOverridesDn()
    {
        double L = 17, kappa = 0.04;
        var a = Dense(DirectionalCoupler.Info, ("length", L), ("kappa", kappa), ("dn", 0.02));
        var b = Dense(DirectionalCoupler.Info, ("length", L), ("kappa", kappa), ("dn", 0.3));
        Assert.Equal(0.0, MaxDifference(a, b));
        Assert.Equal(Math.Pow(Math.Sin(kappa * L), 2), a[2, 0].Abs2, 1e-14);
        // With kappa = 0 the dn setting is used, so the comparison above could fail.
        var c = Dense(DirectionalCoupler.Info, ("length", L), ("dn", 0.02));
        var d = Dense(DirectionalCoupler.Info, ("length", L), ("dn", 0.3));
        Assert.True(MaxDifference(c, d) > 0.1);
    }

    [Theory]
    [InlineData(0.05, 0.06, 25.0)]
    [InlineData(0.03, -0.1, 40.0)]
    [InlineData(0.08, 0.02, 7.0)]
    public void AsynchronousDirectionalCouplerFollowsCoupledModeTheory(double kappa, double dbeta, double L)
    {
        // δ = Δβ/2, ψ = √(κ²+δ²) (Okamoto ch. 4):
        //   through of waveguide 1 (o1→o4): cos ψL + i(δ/ψ) sin ψL;  waveguide 2 (o2→o3): cos ψL − i(δ/ψ) sin ψL;
        //   cross: i(κ/ψ) sin ψL; all times the common phase e^{iβ̄L}.
        double wl = 1.55, delta = dbeta / 2, psi = Math.Sqrt(kappa * kappa + delta * delta);
        var s = Dense(DirectionalCoupler.Info, wl, 25, ("length", L), ("kappa", kappa), ("dbeta", dbeta));
        Cx common = CommonPhase(L, wl);
        double c = Math.Cos(psi * L), sn = Math.Sin(psi * L);
        AssertClose(new Cx(c, delta / psi * sn) * common, s[3, 0], 1e-13, "o1→o4");
        AssertClose(new Cx(c, -delta / psi * sn) * common, s[2, 1], 1e-13, "o2→o3");
        AssertClose(new Cx(0, kappa / psi * sn) * common, s[2, 0], 1e-13, "o1→o3");
        AssertClose(new Cx(0, kappa / psi * sn) * common, s[3, 1], 1e-13, "o2→o4");
        // Lossless: unitary although the two throughs differ (~1e-15 per entry of S†S).
        Assert.True(UnitarityError(s) < 1e-14);
    }

    [Theory]
    [InlineData(0.05, 0.06)]
    [InlineData(0.02, 0.1)]
    [InlineData(0.1, -0.03)]
    public void AsynchronousCouplerMaximumCrossPowerIsKappaSquaredOverPsiSquared(double kappa, double dbeta)
    {
        // Maximum power transfer κ²/(κ²+δ²), reached at ψL = π/2 (Yariv 1973; Okamoto ch. 4).
        double delta = dbeta / 2, psi = Math.Sqrt(kappa * kappa + delta * delta);
        double fmax = kappa * kappa / (psi * psi);
        var atHalfBeat = Dense(DirectionalCoupler.Info, ("length", Math.PI / 2 / psi), ("kappa", kappa), ("dbeta", dbeta));
        Assert.Equal(fmax, atHalfBeat[2, 0].Abs2, PowerTol);
        Assert.Equal(1 - fmax, atHalfBeat[3, 0].Abs2, PowerTol);
        // No length transfers more (scan ψL over [0, 3π]).
        for (int k = 0; k <= 300; k++)
        {
            var s = Dense(DirectionalCoupler.Info, ("length", 3 * Math.PI / psi * k / 300), ("kappa", kappa), ("dbeta", dbeta));
            Assert.True(s[2, 0].Abs2 <= fmax + PowerTol, $"ψL = {3 * Math.PI * k / 300}: cross power {s[2, 0].Abs2} > {fmax}");
        }
    }

    [Fact]
    public void DecoupledWaveguidesPropagateWithTheirOwnBeta()
    {
        // κ = 0 (dn = 0, kappa = 0): waveguide 1 carries β̄ + δ, waveguide 2 β̄ − δ, nothing crosses.
        double L = 20, dbeta = 0.07, wl = 1.55;
        var s = Dense(DirectionalCoupler.Info, wl, 25, ("length", L), ("dn", 0.0), ("kappa", 0.0), ("dbeta", dbeta));
        Cx common = CommonPhase(L, wl);
        AssertClose(Expi(dbeta / 2 * L) * common, s[3, 0], 1e-13, "o1→o4");
        AssertClose(Expi(-dbeta / 2 * L) * common, s[2, 1], 1e-13, "o2→o3");
        Assert.Equal(0.0, s[2, 0].Abs2);
        // dbeta = 0 as well: ψ = 0, the model's sin(ψL)/ψ limit; a plain waveguide pair.
        var z = Dense(DirectionalCoupler.Info, wl, 25, ("length", L), ("dn", 0.0), ("kappa", 0.0), ("dbeta", 0.0));
        AssertClose(common, z[3, 0], 1e-13, "o1→o4 at ψ = 0");
        Assert.Equal(0.0, z[2, 0].Abs2);
    }

    [Theory]
    [InlineData(10.0, 0.02)]
    [InlineData(25.0, 0.03)]
    [InlineData(4.0, 0.08)]
    public void SynchronousDirectionalCouplerIsTheIdealCouplerTimesTheCommonPhase(double L, double dn)
    {
        // For κL < π/2 (cos κL > 0): DC = coupler(coupling = sin²κL) · e^{iβ̄L}, with the same propagation settings.
        double wl = 1.55, T = 37;
        double kL = Math.PI * dn / wl * L;
        Assert.True(kL < Math.PI / 2);
        var dc = Dense(DirectionalCoupler.Info, wl, T, ("length", L), ("dn", dn), ("loss_dB_cm", 20.0));
        var ideal = Dense(Coupler.Info, ("coupling", Math.Pow(Math.Sin(kL), 2)));
        Cx prop = Dense(Straight.Info, wl, T, ("length", L), ("loss_dB_cm", 20.0))[1, 0];
        for (int i = 0; i < 4; i++)
            for (int j = 0; j < 4; j++)
                AssertClose(ideal[i, j] * prop, dc[i, j], 1e-13, $"S[o{i + 1},o{j + 1}]");
    }

    [Theory]
    [InlineData(0.0, 0.0)]
    [InlineData(0.7, 0.0)]
    [InlineData(0.3, 1.5)]
    [InlineData(1.2, -2.0)]
    public void Mmi1x2SplitsInPhaseWithExcessLossAndImbalance(double excessDb, double imbalanceDb)
    {
        var s = Dense(Mmi1x2.Info, ("excess_loss_dB", excessDb), ("imbalance_dB", imbalanceDb));
        double p2 = s[1, 0].Abs2, p3 = s[2, 0].Abs2;
        // Tolerances: FastMath.Exp ≤ 4e-16 relative, plus sqrt and squaring: ~1e-15 on O(1) powers and ratios.
        Assert.Equal(Math.Pow(10, -excessDb / 10), p2 + p3, 1e-15);
        Assert.Equal(Math.Pow(10, imbalanceDb / 10), p2 / p3, 2e-15);
        // Symmetric interference images are in phase: both real and positive.
        Assert.True(s[1, 0].Re > 0 && s[1, 0].Im == 0 && s[2, 0].Re > 0 && s[2, 0].Im == 0);
        Assert.Equal(Cx.Zero, s[0, 0]);
        Assert.Equal(Cx.Zero, s[2, 1]);
        if (excessDb == 0 && imbalanceDb == 0) Assert.Equal(0.5, p2, PowerTol);
    }

    [Theory]
    [InlineData(0.0, 0.0)]
    [InlineData(0.5, 0.0)]
    [InlineData(0.2, 0.8)]
    [InlineData(0.0, -1.0)]
    public void Mmi2x2ImagesAreInQuadratureWithExcessLossAndImbalance(double excessDb, double imbalanceDb)
    {
        var s = Dense(Mmi2x2.Info, ("excess_loss_dB", excessDb), ("imbalance_dB", imbalanceDb));
        foreach (var (bar, cross) in new[] { (s[3, 0], s[2, 0]), (s[2, 1], s[3, 1]) })
        {
            Assert.Equal(Math.Pow(10, -excessDb / 10), bar.Abs2 + cross.Abs2, 1e-15);
            Assert.Equal(Math.Pow(10, imbalanceDb / 10), bar.Abs2 / cross.Abs2, 2e-15);
            // 2×2 general interference: the cross image leads by exactly π/2 (Soldano & Pennings 1995).
            Cx ratio = cross / bar;
            Assert.Equal(0.0, ratio.Re);
            Assert.True(ratio.Im > 0);
        }
        if (excessDb == 0 && imbalanceDb == 0)
        {
            // The ideal 3 dB MMI is the ideal 50/50 coupler (same port map).
            var c = Dense(Coupler.Info, ("coupling", 0.5));
            Assert.True(MaxDifference(c, s) <= 1e-16);
        }
    }

    [Fact]
    public void YBranchSplitsEquallyAndLosesTheOddModeWhenCombining()
    {
        var s = Dense(YBranch.Info);
        // Splitting: 1/2 into each arm, in phase (one rounding of √½ squared).
        Assert.Equal(0.5, s[1, 0].Abs2, PowerTol);
        Assert.Equal(0.5, s[2, 0].Abs2, PowerTol);
        Assert.Equal(s[1, 0], s[2, 0]);
        // Combining from one arm: half the power reaches o1, nothing reaches the other arm or reflects.
        Assert.Equal(0.5, s[0, 1].Abs2, PowerTol);
        Assert.Equal(Cx.Zero, s[2, 1]);
        Assert.Equal(Cx.Zero, s[1, 1]);
        // Even excitation of the arms (a2 = a3 = 1/√2) combines completely, odd excitation radiates completely
        // (Burns & Milton 1975).
        double h = Math.Sqrt(0.5);
        Cx even = h * (s[0, 1] + s[0, 2]), odd = h * (s[0, 1] - s[0, 2]);
        Assert.Equal(1.0, even.Abs2, PowerTol);
        Assert.Equal(0.0, odd.Abs2);
        // Deliberately not unitary.
        Assert.True(UnitarityError(s) > 0.4);
    }

    [Theory]
    [InlineData(0.1, -40.0)]
    [InlineData(0.0, -30.0)]
    [InlineData(0.5, -25.0)]
    public void CrossingThroughAndCrosstalkPowers(double lossDb, double crosstalkDb)
    {
        var s = Dense(Crossing.Info, ("loss_dB", lossDb), ("crosstalk_dB", crosstalkDb));
        double through = Math.Pow(10, -lossDb / 10), xt = Math.Pow(10, crosstalkDb / 10);
        // Relative (1 + |u|)·1e-15 with u = ln10·dB/10 the exponent: the dB→field conversion is good to
        // (1 + |u|)·5e-16 (FastMathTests), doubled by squaring.
        double RelTol(double dB) => (1 + Math.Log(10) * Math.Abs(dB) / 10) * 1e-15;
        for (int i = 0; i < 4; i++)
        {
            int opposite = (i + 2) % 4;
            Assert.Equal(through, s[opposite, i].Abs2, RelTol(lossDb) * through);
            Assert.Equal(xt, s[(i + 1) % 4, i].Abs2, RelTol(crosstalkDb) * xt);
            Assert.Equal(xt, s[(i + 3) % 4, i].Abs2, RelTol(crosstalkDb) * xt);
            Assert.Equal(Cx.Zero, s[i, i]);
        }
    }

    [Theory]
    [InlineData(0.1, -40.0)]
    [InlineData(0.05, -30.0)]
    [InlineData(0.5, -16.0)]
    public void CrossingDoesNotAmplifyAnInPhaseExcitationOfAllFourPorts(double lossDb, double crosstalkDb)
    {
        // Passivity must hold for every excitation, not only one port at a time. Feed all four ports in phase,
        // a = (1,1,1,1)/2 (unit power); each output is (t + 2·x)/2 with t the through and x the crosstalk field.
        // A real, in-phase crosstalk would give (t + 2x)² > 1 at the defaults (t = 0.98855, x = 0.01: 1.0172, a
        // 1.7 % gain) although t² + 2x² ≤ 1; in quadrature it is t² + 4x². The last case is close to the limit
        // t² + 4x² = 1 (0.891 + 0.100 = 0.991), where in-phase crosstalk would give 1.48.
        var v = Settings(Crossing.Info, ("loss_dB", lossDb), ("crosstalk_dB", crosstalkDb));
        Assert.Null(Crossing.Info.Validate?.Invoke(v));
        var s = ModelRegistry.DenseMatrix(Crossing.Info, v, 1.55, 25);
        double outPower = 0;
        for (int i = 0; i < 4; i++)
        {
            Cx b = Cx.Zero;
            for (int j = 0; j < 4; j++) b += 0.5 * s[i, j];
            outPower += b.Abs2;
        }
        // A few roundings of O(1) numbers.
        Assert.True(outPower <= 1 + 1e-12, $"crossing puts out {outPower:F6} for a unit in-phase input on all ports (largest singular value {MaxSingularValue(s):F6})");
    }
}
