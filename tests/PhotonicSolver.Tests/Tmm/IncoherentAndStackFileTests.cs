using System.Numerics;
using PhotonicSolver.Materials;
using PhotonicSolver.Tmm;

namespace PhotonicSolver.Tests.Tmm;

/// <summary>
/// Incoherent (thick) layers against the closed forms of tmm's tests.py incoherent_test(); stack files and their
/// located errors.
/// </summary>
public class IncoherentAndStackFileTests
{
    private static FilmLayer L(double n, double k, double d, bool coherent = true) => new(new ConstantMaterial("x", n, k), d, coherent);

    /// <summary>
    /// tests.py incoherent_test(), case 1: three incoherent media n = 1, 2, 3 (d = 567, λ = 400, θ₀ = π/3):
    /// R = R₀ + R₁T₀²/(1 − R₀R₁) with the single-interface Fresnel powers, and R + T = 1 (lossless).
    /// Tolerance 1e-14: a geometric series summed in closed form on both sides.
    /// </summary>
    [Fact]
    public void ThreeIncoherentMediaMatchTheGeometricSeries()
    {
        var stack = new FilmStack(new ConstantMaterial("a", 1), [L(2, 0, 567, coherent: false)], new ConstantMaterial("b", 3));
        double th0 = Math.PI / 3;
        foreach (int pol in new[] { Polarization.S, Polarization.P })
        {
            var inc = stack.Solve(400, th0, pol);
            double beta = Math.Sin(th0);
            double r0 = Interface(1, 2, beta, pol).Reflectance, r1 = Interface(2, 3, beta, pol).Reflectance, t0 = 1 - r0;
            Assert.Equal(r0 + r1 * t0 * t0 / (1 - r0 * r1), inc.Reflectance, 1e-14);
            Assert.Equal(1.0, inc.Reflectance + inc.Transmittance, 1e-14);
            Assert.True(double.IsNaN(inc.Reflection.Re));
        }
    }

    private static TmmPoint Interface(double n1, double n2, double beta, int pol)
    {
        var p = new global::PhotonicSolver.Models.ArrayParams(ThinFilmTests.Table((n1, 0, 0), (n2, 0, 0)));
        return ThinFilm.SolveBeta(ref p, 0, 2, 1.0, beta, pol);
    }

    /// <summary>
    /// tests.py incoherent_test(), case 3: an absorbing incidence medium n₀ = 1+0.1i (β = sin 60°), a coherent
    /// layer 2+0.2i (100), a thick weakly absorbing incoherent layer 3+0.004i (10000) and an exit 4+0.2i, λ = 400.
    /// Byrnes' closed form: T = T₀₂P₂T₂₃/(1 − R₂₃P₂R₂₀P₂), R = R₀₂ + T₀₂P₂R₂₃P₂T₂₀/(1 − R₂₀P₂R₂₃P₂), with
    /// P₂ = exp(−4π·d₂·Im(n₂cos θ₂)/λ) and the coherent sub-stack powers from both sides. 1e-13: a few operations.
    /// </summary>
    [Fact]
    public void ThickAbsorbingSubstrateMatchesByrnesClosedForm()
    {
        Complex n0 = new(1, 0.1), n1 = new(2, 0.2), n2 = new(3, 0.004), n3 = new(4, 0.2);
        double d1 = 100, d2 = 10000, wl = 400, beta = Math.Sin(Math.PI / 3);
        var table = ThinFilmTests.Table((1, 0.1, 0), (2, 0.2, d1), (3, 0.004, d2), (4, 0.2, 0));
        foreach (int pol in new[] { Polarization.S, Polarization.P })
        {
            var inc = IncoherentTmm.Solve(table, 4, [false, true, false, false], wl, beta, pol);
            var f = Coh(ThinFilmTests.Table((1, 0.1, 0), (2, 0.2, d1), (3, 0.004, 0)), wl, beta, pol);
            var b = Coh(ThinFilmTests.Table((3, 0.004, 0), (2, 0.2, d1), (1, 0.1, 0)), wl, beta, pol);
            var i23 = Coh(ThinFilmTests.Table((3, 0.004, 0), (4, 0.2, 0)), wl, beta, pol);
            Complex q2 = Complex.Sqrt(n2 * n2 - beta * beta);
            double p2 = Math.Exp(-4 * Math.PI * d2 * q2.Imaginary / wl);
            double t = f.Transmittance * p2 * i23.Transmittance / (1 - i23.Reflectance * p2 * b.Reflectance * p2);
            double r = f.Reflectance + f.Transmittance * p2 * i23.Reflectance * p2 * b.Transmittance / (1 - b.Reflectance * p2 * i23.Reflectance * p2);
            Assert.Equal(t, inc.Transmittance, 1e-13);
            Assert.Equal(r, inc.Reflectance, 1e-13);
            Assert.InRange(p2, 0.2, 0.9); // the substrate is neither transparent nor opaque: the test exercises P
        }
    }

    private static TmmPoint Coh(double[] t, double wl, double beta, int pol)
    {
        var p = new global::PhotonicSolver.Models.ArrayParams(t);
        return ThinFilm.SolveBeta(ref p, 0, t.Length / 3, wl, beta, pol);
    }

    /// <summary>tests.py case 2: with no incoherent layer inside, the incoherent path is the coherent result.</summary>
    [Fact]
    public void NoInteriorIncoherentLayerEqualsCoherent()
    {
        var table = ThinFilmTests.Table((1, 0, 0), (2, 0.2, 100), (3, 0.4, 0));
        var p = new global::PhotonicSolver.Models.ArrayParams(table);
        foreach (int pol in new[] { Polarization.S, Polarization.P })
        {
            var coh = ThinFilm.SolveBeta(ref p, 0, 3, 400, Math.Sin(1.0), pol);
            var inc = IncoherentTmm.Solve(table, 3, [false, true, false], 400, Math.Sin(1.0), pol);
            Assert.Equal(coh.Reflectance, inc.Reflectance, 1e-15);
            Assert.Equal(coh.Transmittance, inc.Transmittance, 1e-15);
        }
    }

    /// <summary>A 1 mm glass slide in air, incoherent: R = 2R₁/(1 + R₁) (Fresnel R₁ at each face), T = 1 − R.</summary>
    [Fact]
    public void GlassSlideFromStackFile()
    {
        string path = Cli.CliRunner.TempFile("slide.yaml", "incidence: {n: 1.0}\nlayers:\n  - {n: 1.5, d: 1000, coherent: false}\nexit: {n: 1.0}\n");
        var stack = StackFile.Load(path);
        var r = stack.Solve(0.6, 0, Polarization.S);
        double r1 = 0.04;
        Assert.Equal(2 * r1 / (1 + r1), r.Reflectance, 1e-15);
        Assert.Equal(1 - r.Reflectance, r.Transmittance, 1e-15);
    }

    [Fact]
    public void StackFileWithMaterialsRepeatAndUserMaterials()
    {
        string dir = Path.GetDirectoryName(Cli.CliRunner.TempFile("x"))!;
        File.WriteAllText(Path.Combine(dir, "nk.csv"), "wl_um,n,k\n1.0,2.0,0.0\n2.0,2.2,0.01\n");
        string path = Path.Combine(dir, "stack.yaml");
        File.WriteAllText(path, """
            incidence: {material: air}
            materials:
              tab: {csv: nk.csv}
              mine: {n: 1.7, k: 0.001}
              sell: {sellmeier: {B: [0.6961663, 0.4079426, 0.8974794], C: [0.00467914825849, 0.0135120631, 97.93400253792099]}}
            layers:
              - {material: Si3N4, d: 0.2}
              - {repeat: 3, layers: [{n: 2.3, d: 0.1}, {material: sell, d: 0.2}]}
              - {material: tab, d: 0.3}
              - {material: mine, d: 0.05}
            exit: {material: Si}
            temperature: 40
            """);
        var s = StackFile.Load(path);
        Assert.Equal(1 + 6 + 2, s.Layers.Count);
        Assert.Equal(40, s.TemperatureC);
        var t = s.Table(1.55);
        Assert.Equal(MaterialLibrary.Si3N4.Index(1.55, 40).N, t[3]);
        // The user Sellmeier is Malitson's silica: same n as the built-in at its own reference temperature.
        Assert.Equal(MaterialLibrary.SiO2.Index(1.55, 20).N, t[3 * 3], 1e-9);
        Assert.Equal(2.11, t[3 * 8], 1e-12);
        Assert.Equal(0.0055, t[3 * 8 + 1], 1e-12);
        var r = s.Solve(1.55, 0.3, Polarization.P);
        Assert.InRange(r.Absorptance, 1e-6, 1);
    }

    [Theory]
    [InlineData("incidence: {n: 1}\nlayers:\n  - {n: 2, k: 0.1}\nexit: {n: 1.5}\n", "s.yaml:3:5", "thickness 'd'")]
    [InlineData("incidence: {n: 1}\nlayers:\n  - {n: 2, d: -1}\nexit: {n: 1.5}\n", "s.yaml:3:5", "≥ 0")]
    [InlineData("incidence: {n: 1}\nlayers:\n  - {material: unobtainium, d: 1}\nexit: {n: 1.5}\n", "s.yaml:3:16", "unknown material 'unobtainium'")]
    [InlineData("incidence: {n: 1}\nlayers:\n  - {n: 2, d: 1, colour: red}\nexit: {n: 1.5}\n", "s.yaml:3:18", "unknown layer key 'colour'")]
    [InlineData("incidence: {n: 1, k: 0.1}\nexit: {n: 1.5}\n", "s.yaml:1:12", "transparent")]
    [InlineData("incidence: {n: 1}\nlayers:\n  - {n: two, d: 1}\nexit: {n: 1.5}\n", "s.yaml:3:9", "'n' must be a number")]
    [InlineData("incidence: {n: 1}\nlayers: [\n", "s.yaml:", "malformed YAML")]
    [InlineData("incidence: {n: 1}\nlayers: []\n", "s.yaml", "missing 'exit'")]
    [InlineData("incidence: {n: 1}\nlayers:\n  - {n: 1.5, k: -0.1, d: 1}\nexit: {n: 1.5}\n", "s.yaml:3:5", "gain")]
    [InlineData("incidence: {n: 1}\nlayers:\n  - {n: 1.5, d: 1, coherent: maybe}\nexit: {n: 1.5}\n", "s.yaml:3:30", "true or false")]
    public void MalformedStacksNameFileAndLine(string yaml, string where, string what)
    {
        string path = Cli.CliRunner.TempFile("s.yaml", yaml);
        var e = Assert.Throws<PhotonicException>(() => StackFile.Load(path));
        Assert.True(e.Message.Contains(where) && e.Message.Contains(what), e.Message);
    }

    [Fact]
    public void MaterialOutsideItsRangeNamesTheLayer()
    {
        string path = Cli.CliRunner.TempFile("s.yaml", "incidence: {n: 1}\nlayers:\n  - {material: Si, d: 0.1}\nexit: {n: 1.5}\n");
        var e = Assert.Throws<PhotonicException>(() => StackFile.Load(path).Solve(0.8, 0, Polarization.S));
        Assert.Contains("s.yaml:3:5", e.Message);
        Assert.Contains("layer 1", e.Message);
        Assert.Contains("outside its data range", e.Message);
    }
}
