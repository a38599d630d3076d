using System.Numerics;
using PhotonicSolver.Models;
using PhotonicSolver.Numerics;
using PhotonicSolver.Tmm;

namespace PhotonicSolver.Tests.Tmm;

/// <summary>
/// The thin-film engine at extreme thicknesses: phases of 10⁶ to 10³⁰⁰ turns are reduced modulo one turn exactly,
/// so lossless stacks keep R + T = 1 (Byrnes' power bookkeeping: T = |t|²·Re(n_f cos θ_f)/Re(n_i cos θ_i)) and layers
/// whose phase is known exactly give the exact Airy result.
/// </summary>
public class ThinFilmExtremeTests
{
    /// <summary>Table rows: incidence (n), layers (n, d), exit (n); all lossless.</summary>
    private static double[] Table(double n0, (double N, double D)[] layers, double nf)
    {
        var t = new List<double> { n0, 0, 0 };
        foreach (var (n, d) in layers) t.AddRange([n, 0, d]);
        t.AddRange([nf, 0, 0]);
        return t.ToArray();
    }

    private static TmmPoint Scalar(double[] table, double wl, double angleRad, int pol)
    {
        var p = new ArrayParams(table);
        return ThinFilm.Solve(ref p, 0, table.Length / 3, wl, angleRad, pol);
    }

    public static TheoryData<double> Thicknesses => new() { 1e3, 1.23456789e6, 1e9, 3.3e12, 1e15, 1e17, 7e20, 1e100, 1e300 };

    [Theory]
    [MemberData(nameof(Thicknesses))]
    public void LosslessStacksConserveEnergyAtAnyThickness(double d)
    {
        // Three lossless layers, one of them huge, s and p, three angles: R + T = 1 to 1e-9 (rounding is ~1e-15 per
        // interface), A ~ 0 and 0 ≤ R ≤ 1. Before the exact reduction, d = 1e17 gave R = 9.
        var table = Table(1.0, [(2.1, 0.31), (1.46, d), (3.2, 0.07)], 1.5);
        foreach (int pol in new[] { Polarization.S, Polarization.P })
            foreach (double deg in new[] { 0.0, 35.0, 70.0 })
                foreach (double wl in new[] { 0.633, 1.31, 1.55 })
                {
                    var r = Scalar(table, wl, deg * Math.PI / 180, pol);
                    Assert.InRange(r.Reflectance, 0, 1);
                    Assert.True(Math.Abs(r.Reflectance + r.Transmittance - 1) < 1e-9,
                                $"d = {d}, {Polarization.Name(pol)}, {deg}°, {wl} µm: R + T = {r.Reflectance + r.Transmittance:R}");
                    Assert.True(Math.Abs(r.Absorptance) < 1e-9);
                }
    }

    [Fact]
    public void QuarterWaveLayerOfHugeOrderGivesTheExactAiryReflectance()
    {
        // n = 2, λ = 1 µm, d = (2^41 + 1)/8 µm ≈ 2.7e11 µm: exactly (2^41 + 1)/4 turns, a quarter wave of order 2^40.
        // Byrnes: δ = 2π·n·d/λ = π/2 (mod 2π), so r = (n0·nf − n²)/(n0·nf + n²) and R = (2.5/5.5)². The radian phase
        // (3.5e12 rad) is far past Cody–Waite's exact range, so only an exact reduction in turns gives this.
        double d = (Math.Pow(2, 41) + 1) / 8;
        var table = Table(1.0, [(2.0, d)], 1.5);
        double expected = Math.Pow((1.0 * 1.5 - 4.0) / (1.0 * 1.5 + 4.0), 2);
        Assert.Equal(expected, Scalar(table, 1.0, 0, Polarization.S).Reflectance, 14);
        Assert.Equal(expected, Scalar(table, 1.0, 0, Polarization.P).Reflectance, 14);
        if (ThinFilmSimd.IsSupported)
        {
            var c = new ThinFilmSimd.Constants();
            ThinFilmSimd.Prepare(table, 3, 0.0, Polarization.S, c);
            var wl = Enumerable.Repeat(1.0, 16).ToArray();
            var res = new TmmPoint[16];
            ThinFilmSimd.Solve(c, wl, res);
            foreach (var p in res) Assert.Equal(expected, p.Reflectance, 14);
        }
    }

    [Fact]
    public void ModerateThicknessMatchesTheAiryFormulaWithByrnesPhase()
    {
        // One layer at oblique incidence, s-polarised: r = (r01 + r12·e^{2iδ})/(1 + r01·r12·e^{2iδ}) with
        // δ = 2π·n1·d·cos θ1/λ (Byrnes eq. for a single film), evaluated with System.Numerics and Math.Sin/Cos
        // (full reduction). d = 123456.789 µm: δ ≈ 5e5 rad, where the turn reduction must agree to 1e-9.
        double n0 = 1.0, n1 = 1.7, n2 = 1.45, d = 123456.789, wl = 1.55, th0 = 0.4;
        double s0 = n0 * Math.Sin(th0);
        double c0 = Math.Cos(th0), c1 = Math.Sqrt(1 - Math.Pow(s0 / n1, 2)), c2 = Math.Sqrt(1 - Math.Pow(s0 / n2, 2));
        double r01 = (n0 * c0 - n1 * c1) / (n0 * c0 + n1 * c1), r12 = (n1 * c1 - n2 * c2) / (n1 * c1 + n2 * c2);
        double delta = 2 * Math.PI * n1 * d * c1 / wl;
        var e2 = Complex.FromPolarCoordinates(1, 2 * delta);
        var r = (r01 + r12 * e2) / (1 + r01 * r12 * e2);
        var got = Scalar(Table(n0, [(n1, d)], n2), wl, th0, Polarization.S);
        // δ itself carries ~5e5·1e-16 rad of rounding in either form; R moves by at most 2·|dR/dδ|·that ≈ 1e-10.
        Assert.Equal(r.Magnitude * r.Magnitude, got.Reflectance, 9);
    }

    [Fact]
    public void SinCosStaysOnTheUnitCircleForHugeArguments()
    {
        foreach (double x in new[] { 1e15, 2.5e17, -4e19, 1e300, double.MaxValue })
        {
            FastMath.SinCos(x, out double s, out double c);
            Assert.True(Math.Abs(s * s + c * c - 1) < 1e-15, $"x = {x}: sin² + cos² = {s * s + c * c}");
        }
        // Within the full-accuracy range nothing changed: agreement with the CRT to 1 ulp-ish.
        FastMath.SinCos(1.5e6, out double s1, out double c1);
        Assert.Equal(Math.Sin(1.5e6), s1, 15);
        Assert.Equal(Math.Cos(1.5e6), c1, 15);
    }

    [Fact]
    public void TurnsAreReducedExactly()
    {
        FastMath.SinCosTurns(0.25 + (1L << 40), out double s, out double c);
        Assert.Equal(1.0, s, 15);
        Assert.Equal(0.0, c, 15);
        Assert.Equal(0.0, FastMath.FracTurns(1e17));
        Assert.Equal(0.5, Math.Abs(FastMath.FracTurns(Math.Pow(2, 51) + 0.5)));
        Assert.Equal(-0.25, FastMath.FracTurns(-3.25));
        Assert.Equal(0.0, FastMath.FracTurns(double.PositiveInfinity));
        Assert.True(double.IsNaN(FastMath.FracTurns(double.NaN)));
        Assert.Equal(3.0, FastMath.RoundToIntegral(2.5 + 0.5000001));
        Assert.Equal(2.0, FastMath.RoundToIntegral(2.5)); // ties to even
        Assert.Equal(-1e17, FastMath.RoundToIntegral(-1e17));
    }
}
