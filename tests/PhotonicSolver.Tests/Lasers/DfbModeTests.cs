using System.Numerics;
using PhotonicSolver.Lasers;

namespace PhotonicSolver.Tests.Lasers;

/// <summary>
/// DFB threshold modes against Kogelnik &amp; Shank, J. Appl. Phys. 43, 2327 (1972): their eigenvalue equation
/// κL·sinh(γL) = ±i·γL for a uniform grating without facet reflections, their high-gain approximation, the
/// quarter-wave-shifted grating's single mode at the Bragg wavelength (a real transcendental equation solved here
/// by bisection), the Fabry–Perot limit, and completeness by the argument principle.
/// </summary>
public class DfbModeTests
{
    [Theory]
    [InlineData(0.25)]
    [InlineData(0.5)]
    [InlineData(1.0)]
    [InlineData(2.0)]
    [InlineData(4.0)]
    public void UniformGratingModesSolveKogelnikShanksEigenvalueEquation(double kappaL)
    {
        var modes = DfbModeSolver.LowestModes(DfbCavity.WithoutFacets(kappaL), 6);
        Assert.Equal(6, modes.Count);
        foreach (var m in modes)
        {
            Complex sigma = new(m.AlphaL, -m.DeltaL);
            Complex g = Complex.Sqrt(kappaL * kappaL + sigma * sigma);
            // K–S eq. (12): κ = ±iγ/sinh(γL). Newton stops at |Δσ| < 1e-12; the residual relative to |γL| is then
            // at the 1e-11 level (|d/dσ| of the residual is O(1) here).
            double r = Math.Min((kappaL * Complex.Sinh(g) - Complex.ImaginaryOne * g).Magnitude,
                                (kappaL * Complex.Sinh(g) + Complex.ImaginaryOne * g).Magnitude) / g.Magnitude;
            Assert.True(r < 1e-9, $"residual {r} at κL={kappaL}, mode {m}");
        }
        // The modes of a symmetric cavity come in ±δ pairs of equal gain (K–S Fig. 3 is symmetric): the two lowest
        // are degenerate, so a uniform DFB without facets has no side-mode margin.
        for (int i = 0; i < 6; i += 2)
        {
            Assert.Equal(modes[i].AlphaL, modes[i + 1].AlphaL, 1e-9);
            Assert.Equal(-modes[i].DeltaL, modes[i + 1].DeltaL, 1e-9);
            Assert.True(modes[i].DeltaL < 0);
        }
        // Stronger coupling, lower threshold (K–S Fig. 3); the lowest modes sit outside the stop band |δ| < κ.
        Assert.True(Math.Abs(modes[0].DeltaL) > kappaL);
    }

    [Fact]
    public void ThresholdFallsAndDetuningGrowsWithKappaL()
    {
        double prevA = double.PositiveInfinity, prevD = 0;
        foreach (double k in new[] { 0.25, 0.5, 1, 2, 3, 4 })
        {
            var m = DfbModeSolver.LowestModes(DfbCavity.WithoutFacets(k), 1)[0];
            Assert.True(m.AlphaL < prevA && Math.Abs(m.DeltaL) > prevD, $"κL={k}: {m}");
            prevA = m.AlphaL; prevD = Math.Abs(m.DeltaL);
        }
    }

    /// <summary>
    /// K–S high-gain approximation (α ≫ κ): 4(α² + δ²)·e^{−2αL} = κ² and 2δL − 2·arctan(δ/α) = (2q+1)π, from
    /// e^{−2γL} ≈ −κ²/(4σ²). For κL = 0.05 the neglected terms are of relative order (κ/2|σ|)² ≈ 3e-5 and
    /// e^{−2αL} ≈ 1e-4, so both sides agree to 1e-3.
    /// </summary>
    [Fact]
    public void WeakCouplingMatchesKogelnikShankHighGainApproximation()
    {
        const double kappaL = 0.05;
        foreach (var m in DfbModeSolver.LowestModes(DfbCavity.WithoutFacets(kappaL), 4))
        {
            double a = m.AlphaL, d = Math.Abs(m.DeltaL);
            Assert.Equal(1.0, 4 * (a * a + d * d) * Math.Exp(-2 * a) / (kappaL * kappaL), 1e-3);
            double phase = (2 * d - 2 * Math.Atan(d / a)) / Math.PI; // an odd integer
            Assert.Equal(Math.Round((phase - 1) / 2) * 2 + 1, phase, 1e-3);
        }
    }

    /// <summary>
    /// Quarter-wave-shifted grating, no facet reflections: by symmetry the lowest mode is at δ = 0, where each half
    /// (length L/2, seen from the centre) reflects ρ = −iκ·sinh(γL/2)/(γ·cosh(γL/2) − α·sinh(γL/2)) with real
    /// γ = √(κ² + α²); the π grating phase closes the round trip when γ·coth(γL/2) = α + κ. That real equation is
    /// solved here by bisection, independently of the solver's transfer matrices and complex Newton.
    /// Tolerance 1e-9: both are converged to better than 1e-11.
    /// </summary>
    [Theory]
    [InlineData(0.5)]
    [InlineData(1.0)]
    [InlineData(2.0)]
    [InlineData(3.0)]
    public void QuarterWaveShiftedGratingLasesAtBraggWithTheClosedFormThreshold(double kappaL)
    {
        var modes = DfbModeSolver.LowestModes(DfbCavity.WithoutFacets(kappaL, GratingShift.QuarterWave), 3);
        double f(double a) { double g = Math.Sqrt(kappaL * kappaL + a * a); return g / Math.Tanh(g / 2) - a - kappaL; }
        double lo = 1e-9, hi = 20;
        Assert.True(f(lo) > 0 && f(hi) < 0);
        for (int i = 0; i < 200; i++) { double mid = 0.5 * (lo + hi); if (f(mid) > 0) lo = mid; else hi = mid; }
        Assert.Equal(0.5 * (lo + hi), modes[0].AlphaL, 1e-9);
        Assert.Equal(0.0, modes[0].DeltaL, 1e-9);
        // The next modes are a ±δ pair at a clearly higher threshold: the single-mode property of the λ/4 shift.
        Assert.Equal(modes[1].AlphaL, modes[2].AlphaL, 1e-9);
        Assert.True(modes[1].AlphaL - modes[0].AlphaL > 0.3, $"{modes[1]} vs {modes[0]}");
        // And its threshold is below the uniform grating's of the same κL.
        Assert.True(modes[0].AlphaL < DfbModeSolver.LowestModes(DfbCavity.WithoutFacets(kappaL), 1)[0].AlphaL);
    }

    /// <summary>
    /// Without coupling the cavity is a Fabry–Perot: e^{2σL} = 1/(ρ1ρ2), so every mode has αL = ½·ln(1/(r1r2)) and
    /// δL = (φ1 + φ2)/2 − mπ. κL = 1e-7 perturbs this by O(κL).
    /// </summary>
    [Fact]
    public void WithoutCouplingItIsAFabryPerot()
    {
        double r1 = 0.565, r2 = 0.3, p1 = 0.4, p2 = 1.1;
        var cav = new DfbCavity(1e-7, GratingShift.None, DfbCavity.Facet(r1, p1), DfbCavity.Facet(r2, p2));
        var modes = DfbModeSolver.LowestModes(cav, 5);
        foreach (var m in modes)
        {
            Assert.Equal(0.5 * Math.Log(1 / (r1 * r2)), m.AlphaL, 1e-6);
            double q = ((p1 + p2) / 2 - m.DeltaL) / Math.PI;
            Assert.Equal(Math.Round(q), q, 1e-6);
        }
    }

    [Fact]
    public void SwappingTheFacetsLeavesTheModesUnchanged()
    {
        var a = DfbModeSolver.LowestModes(new DfbCavity(1.5, GratingShift.None, DfbCavity.Facet(0.9, 0.7), DfbCavity.Facet(0.05, 2.1)), 4);
        var b = DfbModeSolver.LowestModes(new DfbCavity(1.5, GratingShift.None, DfbCavity.Facet(0.05, 2.1), DfbCavity.Facet(0.9, 0.7)), 4);
        for (int i = 0; i < 4; i++)
        {
            Assert.Equal(a[i].AlphaL, b[i].AlphaL, 1e-9);
            Assert.Equal(a[i].DeltaL, b[i].DeltaL, 1e-9);
        }
        // An HR/AR pair breaks the ±δ degeneracy: a side-mode margin appears.
        Assert.True(a[1].AlphaL - a[0].AlphaL > 0.05);
    }

    /// <summary>
    /// Completeness: the number of zeros of the threshold function inside a rectangle of the (αL, δL) plane, counted
    /// by the argument principle (winding of F along the boundary), equals the number of modes the solver returns
    /// there. The boundary is sampled finely enough that the phase changes by less than 0.3 rad per step.
    /// </summary>
    [Theory]
    [InlineData(1.0, 0.0, 0.0, 0)]
    [InlineData(2.0, 0.0, 0.0, 1)]
    [InlineData(1.5, 0.9, 0.05, 0)]
    [InlineData(0.8, 0.3, 0.3, 1)]
    public void ArgumentPrincipleCountsTheSameModes(double kappaL, double rBack, double rFront, int shifted)
    {
        var cav = new DfbCavity(kappaL, shifted == 1 ? GratingShift.QuarterWave : GratingShift.None,
                                DfbCavity.Facet(rBack, 0.3), DfbCavity.Facet(rFront, 1.9));
        double a0 = 0.05, a1 = 4.0, d0 = -10.3, d1 = 10.1;
        var modes = DfbModeSolver.FindAll(cav, alphaMax: 8, deltaMax: 14, alphaSteps: 16, deltaSteps: 48);
        int inside = modes.Count(m => m.AlphaL > a0 && m.AlphaL < a1 && m.DeltaL > d0 && m.DeltaL < d1);
        Complex[] corners = [new(a0, -d0), new(a1, -d0), new(a1, -d1), new(a0, -d1)];
        double winding = 0;
        Complex prev = cav.Threshold(corners[0]);
        for (int c = 0; c < 4; c++)
        {
            Complex from = corners[c], to = corners[(c + 1) % 4];
            const int steps = 20000;
            for (int s = 1; s <= steps; s++)
            {
                Complex f = cav.Threshold(from + (to - from) * (s / (double)steps));
                double dphi = (f / prev).Phase;
                Assert.True(Math.Abs(dphi) < 0.3, "contour too coarse");
                winding += dphi;
                prev = f;
            }
        }
        // Im σ = −δL, so (a0,−d0)→(a1,−d0)→(a1,−d1)→(a0,−d1) runs clockwise: the winding number is −(zeros inside).
        Assert.Equal(inside, -(int)Math.Round(winding / (2 * Math.PI)));
        Assert.True(inside >= 2);
    }
}
