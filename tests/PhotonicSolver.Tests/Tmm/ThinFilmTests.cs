using System.Numerics;
using PhotonicSolver.Models;
using PhotonicSolver.Numerics;
using PhotonicSolver.Tmm;

namespace PhotonicSolver.Tests.Tmm;

/// <summary>
/// The coherent thin-film TMM against Byrnes' published `tmm` test values (sbyrnes321/tmm, tests.py), the
/// Fresnel equations, closed forms for AR coatings and Bragg mirrors, energy conservation and an independent
/// 2×2 transfer-matrix product (tmm's own coh_tmm formulation) written here with System.Numerics.Complex.
/// </summary>
public class ThinFilmTests
{
    /// <summary>Table from (n, k, d) rows; first and last rows are the incidence and exit media.</summary>
    internal static double[] Table(params (double N, double K, double D)[] rows)
    {
        var t = new double[rows.Length * ThinFilm.Stride];
        for (int i = 0; i < rows.Length; i++) { t[3 * i] = rows[i].N; t[3 * i + 1] = rows[i].K; t[3 * i + 2] = rows[i].D; }
        return t;
    }

    internal static TmmPoint Solve(double[] table, double wl, double theta, int pol)
    {
        var p = new ArrayParams(table);
        return ThinFilm.Solve(ref p, 0, table.Length / 3, wl, theta, pol);
    }

    /// <summary>|a−b|/max(|a|,|b|), tmm's "difference fraction".</summary>
    private static double Df(Cx a, Complex b) => Complex.Abs(new Complex(a.Re, a.Im) - b) / Math.Max(a.Abs, Complex.Abs(b));
    private static double Df(double a, double b) => Math.Abs(a - b) / Math.Max(Math.Abs(a), Math.Abs(b));

    /// <summary>
    /// tmm tests.py basic_test(): n = [1, 2+4i, 3+0.3i, 1+0.1i], d = [inf, 2, 3, inf], θ₀ = 0.1 rad, λ = 100
    /// (an absorbing layer, an absorbing exit medium, oblique incidence). Byrnes' values agree with his independent
    /// Mathematica program to ~1e-16; ours is a different recursion, so allow 1e-12 (fp64 round-off over four
    /// interfaces of O(1), well-conditioned numbers: |e^{iδ}| ≥ 0.6 in both layers).
    /// </summary>
    [Fact]
    public void ReproducesByrnesBasicTest()
    {
        var t = Table((1, 0, 0), (2, 4, 2), (3, 0.3, 3), (1, 0.1, 0));
        var s = Solve(t, 100, 0.1, Polarization.S);
        Assert.True(Df(s.Reflection, new Complex(-0.60331226568845775, -0.093522181653632019)) < 1e-12, s.Reflection.ToString());
        Assert.True(Df(s.Transmission, new Complex(0.44429533471192989, 0.16921936169383078)) < 1e-12, s.Transmission.ToString());
        Assert.True(Df(s.Reflectance, 0.37273208839139516) < 1e-12);
        Assert.True(Df(s.Transmittance, 0.22604491247079261) < 1e-12);
        var p = Solve(t, 100, 0.1, Polarization.P);
        Assert.True(Df(p.Reflection, new Complex(0.60102654255772481, 0.094489146845323682)) < 1e-12, p.Reflection.ToString());
        Assert.True(Df(p.Transmission, new Complex(0.4461816467503148, 0.17061408427088917)) < 1e-12, p.Transmission.ToString());
        Assert.True(Df(p.Reflectance, 0.37016110373044969) < 1e-12);
        Assert.True(Df(p.Transmittance, 0.22824374314132009) < 1e-12);
        // Ellipsometry (tmm's ellips): ψ = atan|rp/rs|, Δ = arg(−rp/rs) (the minus because tmm's rp has the
        // opposite sign to rs at normal incidence).
        var ratio = new Complex(p.Reflection.Re, p.Reflection.Im) / new Complex(s.Reflection.Re, s.Reflection.Im);
        Assert.True(Df(Math.Atan(Complex.Abs(ratio)), 0.78366777347038352) < 1e-12);
        Assert.True(Df(Math.Atan2((-ratio).Imaginary, (-ratio).Real), 0.0021460774404193292) < 1e-10); // Δ ≈ 2e-3 is a small difference of phases: relative 1e-10
    }

    /// <summary>Single interface, Fresnel equations (Hecht §4.6), s and p, including Brewster's angle.</summary>
    [Theory]
    [InlineData(1.0, 1.5, 0.0)]
    [InlineData(1.0, 1.5, 30.0)]
    [InlineData(1.0, 3.48, 70.0)]
    [InlineData(1.5, 1.0, 20.0)]
    public void SingleInterfaceMatchesFresnel(double n1, double n2, double angleDeg)
    {
        double th1 = angleDeg * Math.PI / 180, th2 = Math.Asin(n1 * Math.Sin(th1) / n2);
        double c1 = Math.Cos(th1), c2 = Math.Cos(th2);
        double rs = (n1 * c1 - n2 * c2) / (n1 * c1 + n2 * c2), ts = 2 * n1 * c1 / (n1 * c1 + n2 * c2);
        double rp = (n2 * c1 - n1 * c2) / (n2 * c1 + n1 * c2), tp = 2 * n1 * c1 / (n2 * c1 + n1 * c2);
        var t = Table((n1, 0, 0), (n2, 0, 0));
        var s = Solve(t, 1.55, th1, Polarization.S);
        var p = Solve(t, 1.55, th1, Polarization.P);
        // A handful of fp64 operations on O(1) values: 1e-14.
        Assert.Equal(rs, s.Reflection.Re, 1e-14); Assert.Equal(0, s.Reflection.Im, 1e-14);
        Assert.Equal(ts, s.Transmission.Re, 1e-14);
        Assert.Equal(rp, p.Reflection.Re, 1e-14);
        Assert.Equal(tp, p.Transmission.Re, 1e-14);
        Assert.Equal(ts * ts * n2 * c2 / (n1 * c1), s.Transmittance, 1e-14);
        Assert.Equal(1.0, s.Reflectance + s.Transmittance, 1e-14);
        Assert.Equal(1.0, p.Reflectance + p.Transmittance, 1e-14);
    }

    [Fact]
    public void BrewsterAngleHasNoPReflection()
    {
        double n1 = 1.0, n2 = 1.5;
        var p = Solve(Table((n1, 0, 0), (n2, 0, 0)), 1.0, Math.Atan(n2 / n1), Polarization.P);
        Assert.True(p.Reflectance < 1e-30, p.Reflectance.ToString());
    }

    /// <summary>Beyond the critical angle a lossless interface reflects everything and r_s has unit modulus.</summary>
    [Fact]
    public void TotalInternalReflection()
    {
        var t = Table((1.5, 0, 0), (1.0, 0, 0));
        foreach (int pol in new[] { Polarization.S, Polarization.P })
        {
            var r = Solve(t, 1.55, 60 * Math.PI / 180, pol);
            Assert.Equal(1.0, r.Reflectance, 1e-14);
            Assert.Equal(0.0, r.Transmittance, 1e-14);
        }
        // Frustrated TIR: a 0.3 µm air gap between two glasses lets some light tunnel; still R + T = 1.
        var ftir = Solve(Table((1.5, 0, 0), (1.0, 0, 0.3), (1.5, 0, 0)), 1.55, 60 * Math.PI / 180, Polarization.S);
        Assert.InRange(ftir.Transmittance, 0.01, 0.99);
        Assert.Equal(1.0, ftir.Reflectance + ftir.Transmittance, 1e-13);
    }

    /// <summary>
    /// Quarter-wave single-layer AR coating: n_c = √(n₀n_s), d = λ/(4n_c) gives R = 0 at λ (Macleod, Thin-Film
    /// Optical Filters, §4.2). The residual is rounding only: |r| ~ 1e-16, R ~ 1e-32.
    /// </summary>
    [Fact]
    public void QuarterWaveArCoatingHasZeroReflectanceAtDesignWavelength()
    {
        double n0 = 1.0, ns = 3.48, wl = 1.55, nc = Math.Sqrt(n0 * ns);
        var t = Table((n0, 0, 0), (nc, 0, wl / (4 * nc)), (ns, 0, 0));
        var r = Solve(t, wl, 0, Polarization.S);
        Assert.True(r.Reflectance < 1e-28, r.Reflectance.ToString());
        Assert.Equal(1.0, r.Transmittance, 1e-14);
        // Off design: the single-layer Airy formula r = (r₁ + r₂e^{2iδ})/(1 + r₁r₂e^{2iδ}), δ = 2π·n_c·d/λ.
        double wl2 = 1.2, r1 = (n0 - nc) / (n0 + nc), r2 = (nc - ns) / (nc + ns), delta = 2 * Math.PI * nc * (wl / (4 * nc)) / wl2;
        var e2 = Complex.Exp(new Complex(0, 2 * delta));
        var airy = (r1 + r2 * e2) / (1 + r1 * r2 * e2);
        var off = Solve(t, wl2, 0, Polarization.S);
        Assert.True(Df(off.Reflection, airy) < 1e-14, $"{off.Reflection} vs {airy}");
        Assert.True(off.Reflectance > 0.01);
    }

    /// <summary>
    /// Quarter-wave Bragg mirror n₀ | (HL)^N | n_s at its design wavelength: Y = (n_H/n_L)^{2N}·n_s and
    /// R = ((n₀ − Y)/(n₀ + Y))² (Macleod §5.2). R → 1 as N grows. Tolerance 1e-12: 2N+1 well-conditioned steps.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(20)]
    public void QuarterWaveBraggMirror(int pairs)
    {
        double n0 = 1.0, nh = 2.3, nl = 1.45, ns = 1.52, wl = 1.064;
        var rows = new List<(double, double, double)> { (n0, 0, 0) };
        for (int i = 0; i < pairs; i++) { rows.Add((nh, 0, wl / (4 * nh))); rows.Add((nl, 0, wl / (4 * nl))); }
        rows.Add((ns, 0, 0));
        var r = Solve(Table([.. rows]), wl, 0, Polarization.S);
        double y = Math.Pow(nh / nl, 2 * pairs) * ns;
        double expected = Math.Pow((n0 - y) / (n0 + y), 2);
        Assert.Equal(expected, r.Reflectance, 1e-12);
        Assert.Equal(1.0, r.Reflectance + r.Transmittance, 1e-12);
        if (pairs == 20) Assert.True(1 - r.Reflectance < 1e-6);
    }

    /// <summary>
    /// tmm tests.py coh_overflow_test(): a 1e5-thick layer with k = 3 at λ = 200 (single-pass e^{−18850}).
    /// Nothing overflows; T is exactly zero and the front part reflects as if the opaque layer were the exit medium.
    /// </summary>
    [Fact]
    public void VeryOpaqueLayerDoesNotOverflow()
    {
        var five = Table((1, 0, 0), (2, 0.1, 50), (1, 3, 1e5), (4, 0, 50), (5, 0, 0));
        var three = Table((1, 0, 0), (2, 0.1, 50), (1, 3, 0));
        foreach (int pol in new[] { Polarization.S, Polarization.P })
        {
            foreach (double th in new[] { 0.0, 0.7 })
            {
                var a = Solve(five, 200, th, pol);
                var b = Solve(three, 200, th, pol);
                Assert.Equal(0.0, a.Transmittance);
                Assert.Equal(b.Reflection.Re, a.Reflection.Re, 1e-15);
                Assert.Equal(b.Reflection.Im, a.Reflection.Im, 1e-15);
                Assert.True(double.IsFinite(a.Absorptance) && a.Absorptance > 0);
            }
        }
    }

    /// <summary>
    /// 10⁴ layers: a lossless quarter-wave stack at an angle (R + T = 1 to accumulated rounding, ~N·1e-16 → 1e-11)
    /// and an absorbing one with thick layers (finite, 0 ≤ R, T, A ≤ 1). The naive transfer-matrix product
    /// overflows for the absorbing stack (each k = 0.5, d = 2 µm layer multiplies it by e^{8}).
    /// </summary>
    [Fact]
    public void TenThousandLayersStayFinite()
    {
        const int N = 10_000;
        var lossless = new (double, double, double)[N + 2];
        var lossy = new (double, double, double)[N + 2];
        lossless[0] = lossy[0] = (1, 0, 0);
        lossless[^1] = lossy[^1] = (1.5, 0, 0);
        for (int i = 1; i <= N; i++)
        {
            double n = i % 2 == 1 ? 2.1 : 1.46;
            lossless[i] = (n, 0, 1.55 / (4 * n) * (1 + 0.01 * (i % 7)));
            lossy[i] = (n, 0.5, 2.0);
        }
        foreach (int pol in new[] { Polarization.S, Polarization.P })
        {
            var a = Solve(Table(lossless), 1.6, 0.5, pol);
            Assert.True(double.IsFinite(a.Reflectance) && double.IsFinite(a.Transmittance));
            Assert.Equal(1.0, a.Reflectance + a.Transmittance, 1e-11);
            var b = Solve(Table(lossy), 1.55, 0.5, pol);
            Assert.True(double.IsFinite(b.Reflection.Re) && double.IsFinite(b.Reflectance) && double.IsFinite(b.Absorptance));
            Assert.Equal(0.0, b.Transmittance);
            Assert.InRange(b.Reflectance, 0, 1);
            Assert.InRange(b.Absorptance, 0, 1);
        }
    }

    /// <summary>
    /// Transmittance is reciprocal (the same from either side when both outer media are transparent) even when
    /// layers absorb; reflectance is not. A non-trivial check of the T formula's flux ratio at oblique incidence.
    /// </summary>
    [Fact]
    public void TransmittanceIsReciprocalForAbsorbingStacks()
    {
        double n0 = 1.0, nExit = 1.7, th0 = 0.6;
        var fwd = Table((n0, 0, 0), (2.2, 0.3, 0.1), (1.4, 0.0, 0.25), (3.5, 0.05, 0.07), (nExit, 0, 0));
        var bwd = Table((nExit, 0, 0), (3.5, 0.05, 0.07), (1.4, 0.0, 0.25), (2.2, 0.3, 0.1), (n0, 0, 0));
        double thExit = Math.Asin(n0 * Math.Sin(th0) / nExit);
        foreach (int pol in new[] { Polarization.S, Polarization.P })
        {
            var a = Solve(fwd, 0.8, th0, pol);
            var b = Solve(bwd, 0.8, thExit, pol);
            Assert.Equal(a.Transmittance, b.Transmittance, 1e-14);
            Assert.True(Math.Abs(a.Reflectance - b.Reflectance) > 1e-3); // absorbing: R differs from the two sides
        }
    }

    /// <summary>
    /// Random absorbing stacks at oblique incidence against tmm's coh_tmm formulation, re-implemented here as a
    /// plain 2×2 matrix product (M_n = (1/t)·diag(e^{−iδ}, e^{iδ})·[[1, r], [r, 1]]; r = M̃₁₀/M̃₀₀, t = 1/M̃₀₀).
    /// The layers are thin enough (Im δ ≤ 3) that the product is well conditioned: agreement to 1e-11.
    /// </summary>
    [Fact]
    public void AgreesWithTransferMatrixProduct()
    {
        var rng = new Random(1234);
        for (int trial = 0; trial < 40; trial++)
        {
            int layers = rng.Next(1, 12);
            var rows = new (double N, double K, double D)[layers + 2];
            rows[0] = (1.0 + rng.NextDouble(), 0, 0);
            for (int i = 1; i <= layers; i++) rows[i] = (1.2 + 2.5 * rng.NextDouble(), rng.NextDouble() < 0.5 ? 0 : 0.3 * rng.NextDouble(), 0.05 + 0.3 * rng.NextDouble());
            rows[^1] = (1.0 + 3 * rng.NextDouble(), rng.NextDouble() < 0.5 ? 0 : 0.2 * rng.NextDouble(), 0);
            double wl = 0.6 + rng.NextDouble(), th = 1.4 * rng.NextDouble();
            foreach (int pol in new[] { Polarization.S, Polarization.P })
            {
                var (r, t) = MatrixProduct(rows, wl, th, pol);
                var ours = Solve(Table(rows), wl, th, pol);
                Assert.True(Df(ours.Reflection, r) < 1e-11, $"trial {trial} pol {pol}: r {ours.Reflection} vs {r}");
                Assert.True(Df(ours.Transmission, t) < 1e-11, $"trial {trial} pol {pol}: t {ours.Transmission} vs {t}");
            }
        }
    }

    private static (Complex R, Complex T) MatrixProduct((double N, double K, double D)[] rows, double wl, double th0, int pol)
    {
        int m = rows.Length;
        var n = rows.Select(x => new Complex(x.N, x.K)).ToArray();
        double beta = rows[0].N * Math.Sin(th0);
        // cos θ_j = √(1 − (β/n_j)²), the root with Im(n cos θ) ≥ 0 (tmm's forward angle for the outer media).
        var cos = n.Select(nj =>
        {
            var c = Complex.Sqrt(1 - beta * beta / (nj * nj));
            var q = nj * c;
            return q.Imaginary < 0 || (q.Imaginary == 0 && q.Real < 0) ? -c : c;
        }).ToArray();
        Complex R(int i, int f) => pol == Polarization.S
            ? (n[i] * cos[i] - n[f] * cos[f]) / (n[i] * cos[i] + n[f] * cos[f])
            : (n[f] * cos[i] - n[i] * cos[f]) / (n[f] * cos[i] + n[i] * cos[f]);
        Complex T(int i, int f) => pol == Polarization.S
            ? 2 * n[i] * cos[i] / (n[i] * cos[i] + n[f] * cos[f])
            : 2 * n[i] * cos[i] / (n[f] * cos[i] + n[i] * cos[f]);
        Complex m00 = 1, m01 = 0, m10 = 0, m11 = 1;
        for (int i = 1; i < m - 1; i++)
        {
            var delta = 2 * Math.PI * n[i] * cos[i] * rows[i].D / wl;
            Complex em = Complex.Exp(-Complex.ImaginaryOne * delta), ep = Complex.Exp(Complex.ImaginaryOne * delta);
            Complex r = R(i, i + 1), invT = 1 / T(i, i + 1);
            Complex a00 = invT * em, a01 = invT * em * r, a10 = invT * ep * r, a11 = invT * ep;
            (m00, m01, m10, m11) = (m00 * a00 + m01 * a10, m00 * a01 + m01 * a11, m10 * a00 + m11 * a10, m10 * a01 + m11 * a11);
        }
        Complex r0 = R(0, 1), it0 = 1 / T(0, 1);
        Complex t00 = it0 * (m00 + r0 * m10), t10 = it0 * (r0 * m00 + m10);
        return (t10 / t00, 1 / t00);
    }
}
