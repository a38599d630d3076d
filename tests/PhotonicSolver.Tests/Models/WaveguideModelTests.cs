using PhotonicSolver.Models;
using PhotonicSolver.Numerics;
using static PhotonicSolver.Tests.CircuitChecks;
using static PhotonicSolver.Tests.Models.ModelTestHelpers;

namespace PhotonicSolver.Tests.Models;

/// <summary>
/// straight and bend against the waveguide formulas of CONVENTIONS: linear dispersion
/// neff(λ) = neff0 − (λ−λ0)(ng−neff0)/λ0, S21 = 10^(−loss·L/20)·exp(+i·2π·neff·L/λ) (SAX straight), loss in dB/cm,
/// thermo-optic shift dneff_dT·(T − 25 °C).
/// Phase tolerance 1e-13: phases here are ≲ 400 rad, formed with a handful of roundings of ulp(400) = 5.7e-14 in
/// either evaluation order; FastMath's sin/cos add ≤ 2e-16 (FastMathTests).
/// </summary>
public class WaveguideModelTests
{
    private const double PhaseTol = 1e-13;

    private static double Neff(double n0, double ng, double wl0, double wl) => n0 - (wl - wl0) * (ng - n0) / wl0;

    [Theory]
    [InlineData(1.55)]
    [InlineData(1.50)]
    [InlineData(1.61)]
    [InlineData(1.31)]
    public void StraightPhaseIsTwoPiNeffLOverLambdaWithLinearDispersion(double wl)
    {
        double n0 = 2.4, ng = 4.1, wl0 = 1.55, L = 35;
        var s = Dense(Straight.Info, wl, 25, ("length", L), ("neff", n0), ("ng", ng), ("wl0", wl0));
        Cx expected = Expi(2 * Math.PI * Neff(n0, ng, wl0, wl) * L / wl);
        AssertClose(expected, s[1, 0], PhaseTol, "S[o2,o1]");
        AssertClose(expected, s[0, 1], PhaseTol, "S[o1,o2]");
        Assert.Equal(Cx.Zero, s[0, 0]);
        Assert.Equal(Cx.Zero, s[1, 1]);
    }

    [Theory]
    [InlineData(2.34, 3.4, 10.0)]
    [InlineData(1.6, 2.1, 250.0)]
    [InlineData(3.1, 3.9, 3.0)]
    public void StraightGroupIndexGivesThePhaseSlope(double n0, double ng, double L)
    {
        // φ(λ) = 2π·neff(λ)·L/λ ⇒ dφ/dλ = −2π·ng·L/λ² at λ0 (with linear dispersion it holds at every λ,
        // since φ = 2πL·(ng/λ − (ng−neff0)/λ0)). Central difference of the model's phase.
        const double wl0 = 1.55, h = 1e-4;
        Cx plus = Dense(Straight.Info, wl0 + h, 25, ("length", L), ("neff", n0), ("ng", ng))[1, 0];
        Cx minus = Dense(Straight.Info, wl0 - h, 25, ("length", L), ("neff", n0), ("ng", ng))[1, 0];
        double dPhi = (plus * minus.Conj).Phase; // |Δφ| = 4πngLh/λ² ≲ 1.7 rad, so no wrapping
        double slope = dPhi / (2 * h);
        double expected = -2 * Math.PI * ng * L / (wl0 * wl0);
        // Truncation of the central difference: (h²/6)·φ'''/φ' = h²/λ² = 4e-9 relative. Rounding: each phase is
        // good to ~1e-13 rad, divided by 2h = 2e-4 gives ≲ 1e-9 on a slope ≥ 25 rad/µm. Hence 1e-8 relative;
        // using neff instead of ng would be off by ≥ 20%.
        Assert.True(Math.Abs(slope / expected - 1) < 1e-8, $"dφ/dλ = {slope}, expected {expected}");
    }

    [Theory]
    [InlineData(0.0, 100.0)]
    [InlineData(3.0, 1000.0)]
    [InlineData(2.5, 4000.0)]
    [InlineData(40.0, 250.0)]
    public void StraightLossIsInDecibelPerCentimetre(double lossDbCm, double L)
    {
        var s = Dense(Straight.Info, 1.55, 25, ("length", L), ("loss_dB_cm", lossDbCm));
        double lossDb = -10 * Math.Log10(s[1, 0].Abs2);
        // |S| = FastMath.Exp(·)·|e^{iφ}| carries ≤ 1e-15 relative, i.e. ≤ 1e-14 dB; 1 µm = 1e-4 cm.
        Assert.Equal(lossDbCm * L * 1e-4, lossDb, 1e-13);
    }

    [Theory]
    [InlineData(85.0, 1.86e-4)]
    [InlineData(-10.0, 1.86e-4)]
    [InlineData(60.0, 2.45e-5)]
    public void StraightThermoOpticShiftIsDneffDTTimesTemperatureRise(double T, double dndT)
    {
        double L = 50, wl = 1.56;
        Cx at25 = Dense(Straight.Info, wl, 25, ("length", L), ("dneff_dT", dndT))[1, 0];
        Cx atT = Dense(Straight.Info, wl, T, ("length", L), ("dneff_dT", dndT))[1, 0];
        // Δneff = dneff_dT·(T − 25) adds the phase 2π·Δneff·L/λ.
        Cx expected = at25 * Expi(2 * Math.PI * dndT * (T - 25) * L / wl);
        AssertClose(expected, atT, PhaseTol, $"S21 at {T} °C");
        // With dneff_dT = 0 temperature has no effect at all.
        Assert.Equal(Dense(Straight.Info, wl, 25, ("length", L), ("dneff_dT", 0.0))[1, 0],
                     Dense(Straight.Info, wl, T, ("length", L), ("dneff_dT", 0.0))[1, 0]);
    }

    [Fact]
    public void StraightDefaultsFollowConventions()
    {
        // Silicon dn/dT = 1.86e-4/K at 1550 nm and the reference temperature 25 °C (CONVENTIONS).
        var d = Straight.Info.Defaults();
        Assert.Equal(1.86e-4, d[Straight.DneffDT]);
        Assert.Equal(25.0, Straight.ReferenceTemperatureC);
        Assert.Equal(d[Straight.Neff], Straight.EffectiveIndex(d[Straight.Neff], d[Straight.Ng], d[Straight.Wl0], d[Straight.DneffDT], d[Straight.Wl0], 25.0));
    }

    [Theory]
    [InlineData(5.0, 90.0, 0.0)]
    [InlineData(10.0, 180.0, 0.25)]
    [InlineData(3.5, 45.0, 0.1)]
    [InlineData(20.0, 360.0, 0.02)]
    public void BendIsAStraightOfLengthRadiusTimesAngleWithBendLossPer90Degrees(double R, double angleDeg, double bendLoss90)
    {
        double lossDbCm = 7, wl = 1.53, T = 40;
        var bend = Dense(Bend.Info, wl, T, ("radius", R), ("angle_deg", angleDeg), ("bend_loss_dB_90", bendLoss90),
                         ("loss_dB_cm", lossDbCm), ("neff", 2.5), ("ng", 4.0));
        double theta = angleDeg * Math.PI / 180;
        var straight = Dense(Straight.Info, wl, T, ("length", R * theta), ("loss_dB_cm", lossDbCm), ("neff", 2.5), ("ng", 4.0));
        double extra = Math.Pow(10, -bendLoss90 * (angleDeg / 90) / 20);
        AssertClose(extra * straight[1, 0], bend[1, 0], PhaseTol, "bend S21");
        Assert.Equal(bend[1, 0], bend[0, 1]);
        // Total loss: propagation over R·θ plus bend_loss_dB_90 per quarter turn. Same rounding as the straight's
        // loss (≤ 1e-14 dB).
        Assert.Equal(lossDbCm * R * theta * 1e-4 + bendLoss90 * angleDeg / 90, -10 * Math.Log10(bend[1, 0].Abs2), 1e-13);
    }

    [Fact]
    public void BendUsesItsPathLengthWhenSet_ElseTheArc()
    {
        // length 0: the arc R·θ; a bend with length = R·θ set explicitly is the same bend.
        double arc = 10.0 * Math.PI / 2;
        Assert.Equal(Dense(Bend.Info, ("length", 0.0))[1, 0], Dense(Bend.Info, ("length", arc))[1, 0]);
        // A set length (gdsfactory's Euler path, 16.637 µm for R = 10) is the phase length: the same as a straight of it.
        var straight = Dense(Straight.Info, ("length", 16.637))[1, 0];
        var bend = Dense(Bend.Info, ("length", 16.637))[1, 0];
        Assert.Equal(straight.Re, bend.Re, 1e-15);
        Assert.Equal(straight.Im, bend.Im, 1e-15);
        // ... and then the radius no longer matters (while it does for the arc, so both assertions can fail).
        Assert.Equal(Dense(Bend.Info, ("length", 16.637), ("radius", 10.0))[1, 0], Dense(Bend.Info, ("length", 16.637), ("radius", 11.0))[1, 0]);
        Assert.NotEqual(Dense(Bend.Info, ("radius", 10.0))[1, 0], Dense(Bend.Info, ("radius", 11.0))[1, 0]);
    }
}
