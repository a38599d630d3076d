using PhotonicSolver.Materials;
using PhotonicSolver.Models;
using PhotonicSolver.Sweep;
using PhotonicSolver.Tmm;

namespace PhotonicSolver.Tests.Tmm;

/// <summary>
/// The eight-wavelength vector path against the scalar, kernel-identical solver. Vector512 operations run (in
/// software if need be) on any machine, so this checks the vector code everywhere. The two differ only in the
/// exp/sincos implementations (≤ 2 ulp each): phase errors of ~1e-16·|δ| per layer, accumulated over up to 1000
/// layers of |δ| ≤ 10 rad, stay below 1e-12 on amplitudes of modulus ≤ 1.
/// </summary>
public class ThinFilmSimdTests
{
    [Theory]
    [InlineData(Polarization.S, 0.0, 7)]
    [InlineData(Polarization.P, 0.6, 7)]
    [InlineData(Polarization.S, 1.2, 1000)]
    [InlineData(Polarization.P, 0.3, 1000)]
    public void VectorPathMatchesScalar(int pol, double theta, int layers)
    {
        var rng = new Random(7 + layers);
        var rows = new (double, double, double)[layers + 2];
        rows[0] = (1.0, 0, 0);
        for (int i = 1; i <= layers; i++) rows[i] = (1.3 + 2 * rng.NextDouble(), rng.NextDouble() < 0.3 ? 0.05 * rng.NextDouble() : 0, 0.05 + 0.4 * rng.NextDouble());
        rows[^1] = (3.5, 0.001, 0);
        if (layers == 7) rows[3] = (2.0, 3.0, 50.0); // an opaque layer: e^{−δ} underflows to 0 on both paths
        var table = ThinFilmTests.Table(rows);
        var c = new ThinFilmSimd.Constants();
        ThinFilmSimd.Prepare(table, rows.Length, Math.Sin(theta), pol, c);
        var wl = Enumerable.Range(0, 37).Select(i => 1.2 + 0.01 * i).ToArray(); // 37: a partial last vector
        var simd = new TmmPoint[wl.Length];
        ThinFilmSimd.Solve(c, wl, simd);
        var p = new ArrayParams(table);
        for (int i = 0; i < wl.Length; i++)
        {
            var s = ThinFilm.Solve(ref p, 0, rows.Length, wl[i], theta, pol);
            Assert.True((s.Reflection - simd[i].Reflection).Abs < 1e-12, $"{wl[i]}: {s.Reflection} vs {simd[i].Reflection}");
            Assert.True((s.Transmission - simd[i].Transmission).Abs < 1e-12, $"{wl[i]}: {s.Transmission} vs {simd[i].Transmission}");
            Assert.Equal(s.Transmittance, simd[i].Transmittance, 1e-12);
            Assert.Equal(s.Absorptance, simd[i].Absorptance, 1e-12);
        }
    }

    /// <summary>The sweep gives the same results with and without the vector path (1e-12, as above).</summary>
    [Fact]
    public void SweepWithAndWithoutVectorPathAgree()
    {
        var layers = Enumerable.Range(0, 40).Select(i => new FilmLayer(new ConstantMaterial("x", i % 2 == 0 ? 2.1 : 1.45, i % 5 == 0 ? 0.01 : 0), 0.1 + 0.003 * i)).ToList();
        var stack = new FilmStack(new ConstantMaterial("air", 1.0), layers, new ConstantMaterial("sub", 1.5));
        var spec = new TmmSweepSpec(stack, SweepAxis.Linear("wl", 1.0, 2.0, 301), SweepAxis.Linear("angle", 0, 70, 3), [Polarization.S, Polarization.P],
                                    [(LayerParameter.Parse("layer3.d", stack), SweepAxis.List("layer3.d", [0.1, 0.2]))]);
        var a = TmmSweep.RunToArray(spec, threads: 2, allowSimd: true);
        var b = TmmSweep.RunToArray(spec, threads: 2, allowSimd: false);
        for (int i = 0; i < a.Length; i++)
        {
            Assert.True((a[i].Reflection - b[i].Reflection).Abs < 1e-12, $"point {i}");
            Assert.Equal(a[i].Transmittance, b[i].Transmittance, 1e-12);
        }
    }
}
