using System.Numerics;
using MathNet.Numerics.IntegralTransforms;
using PhotonicSolver.Fiber;

namespace PhotonicSolver.Tests.Fiber;

/// <summary>
/// The general Gaussian overlap against Marcuse, BSTJ 56, 703 (1977) (pure offset, pure tilt), Joyce &amp; DeLoach,
/// Appl. Opt. 23, 4187 (1984) (gap, gap with offset), and against a numerical 2-D overlap integral of a fiber
/// beam propagated through the gap by FFT (Fresnel transfer function), which shares no algebra with the closed form.
/// </summary>
public class GaussianOverlapTests
{
    // The closed forms and the general formula are a few fp64 operations on O(1) numbers: they agree to rounding.
    private const double ClosedFormTol = 1e-13;

    [Theory]
    [InlineData(5.2, 1.5, 0.0)]
    [InlineData(5.2, 1.5, 1.0)]
    [InlineData(5.2, 5.2, 2.5)]
    [InlineData(2.0, 4.0, 3.0)]
    public void PureOffsetIsMarcuse(double w1, double w2, double d)
    {
        double eta = GaussianOverlap.Efficiency(w1, w2, d, 0, 0, 0, 1.0, 1.55);
        Assert.Equal(GaussianOverlap.MarcuseOffset(w1, w2, d), eta, ClosedFormTol);
        // The offset direction does not matter for circular modes.
        Assert.Equal(eta, GaussianOverlap.Efficiency(w1, w2, 0, d, 0, 0, 1.0, 1.55), ClosedFormTol);
        // Radial offset: dx, dy combine in quadrature.
        double r = d / Math.Sqrt(2);
        Assert.Equal(eta, GaussianOverlap.Efficiency(w1, w2, r, r, 0, 0, 1.0, 1.55), ClosedFormTol);
    }

    [Fact]
    public void IdenticalAlignedModesCoupleFully()
    {
        Assert.Equal(1.0, GaussianOverlap.Efficiency(5.2, 5.2, 0, 0, 0, 0, 1.0, 1.55), 1e-15);
        Assert.Equal(1.0, GaussianOverlap.Efficiency(2.0, 3.0, 2.0, 3.0, 0, 0, 0, 0, 0, 1.45, 1.31), 1e-15);
    }

    [Theory]
    [InlineData(5.2, 5.2, 1.0, 1.0)]
    [InlineData(5.2, 1.5, 3.0, 1.0)]
    [InlineData(4.0, 2.5, 2.0, 1.45)]
    public void PureTiltIsMarcuse(double w1, double w2, double thetaDeg, double n)
    {
        double th = thetaDeg * Math.PI / 180;
        double eta = GaussianOverlap.Efficiency(w1, w2, 0, 0, th, 0, n, 1.55);
        // The model's transverse wavenumber is k·sinθ; Marcuse's small-angle formula has θ. With sinθ in place of θ
        // they are the same expression (to rounding) ...
        Assert.Equal(GaussianOverlap.MarcuseTilt(w1, w2, Math.Sin(th), n, 1.55), eta, ClosedFormTol);
        // ... and with θ itself they differ only by the relative exponent change 2·(θ/sinθ − 1) ≈ θ²/3 ≤ 1e-3 here,
        // so the efficiencies agree to within |ln η|·θ²/3 ≤ 1e-3 (the exponent is at most 1.5 for these cases).
        Assert.Equal(GaussianOverlap.MarcuseTilt(w1, w2, th, n, 1.55), eta, 1e-3);
    }

    [Theory]
    [InlineData(5.2, 5.2, 10.0, 0.0, 1.0)]
    [InlineData(5.2, 1.5, 20.0, 0.0, 1.0)]
    [InlineData(5.2, 1.5, 20.0, 1.5, 1.0)]
    [InlineData(3.0, 2.0, 50.0, 2.0, 1.5)]
    public void GapIsJoyceDeLoach(double w1, double w2, double gap, double d, double n)
    {
        double eta = GaussianOverlap.Efficiency(w1, w2, d, 0, 0, gap, n, 1.55);
        Assert.Equal(GaussianOverlap.JoyceDeLoach(w1, w2, gap, d, n, 1.55), eta, ClosedFormTol);
        if (d == 0)
        {
            // Pure gap, the usual form: 4 / ((w1/w2 + w2/w1)² + (λz/(πn·w1w2))²).
            double a = w1 / w2 + w2 / w1, b = 1.55 * gap / (Math.PI * n * w1 * w2);
            Assert.Equal(4 / (a * a + b * b), eta, ClosedFormTol);
        }
    }

    [Fact]
    public void GapInHigherIndexMediumDiffractsLess()
    {
        // The Rayleigh range scales with n: an index-matching gel (n = 1.45) loses less than air over the same gap.
        double air = GaussianOverlap.Efficiency(5.2, 5.2, 0, 0, 0, 30, 1.0, 1.55);
        double gel = GaussianOverlap.Efficiency(5.2, 5.2, 0, 0, 0, 30, 1.45, 1.55);
        Assert.True(gel > air && air < 1 && gel < 1);
        // Gap z in index n is the same as z/n in air.
        Assert.Equal(GaussianOverlap.Efficiency(5.2, 5.2, 0, 0, 0, 30 / 1.45, 1.0, 1.55), gel, ClosedFormTol);
    }

    /// <summary>
    /// The full formula (elliptic modes, offsets, tilts, gap) against a numerical 2-D overlap integral. The fiber
    /// field starts on the fiber facet as exp(−((x−x0)²/w1x² + (y−y0)²/w1y²))·exp(i·k(sinθx·x + sinθy·y)), aimed
    /// so that its centre lands on (dx, dy) after the gap (x0 = dx − g·sinθx: the paraxial walk-off), and is
    /// propagated with the Fresnel transfer function exp(−i·kx²·g/(2k)) by FFT, one axis at a time (the field is
    /// separable, so this is the exact 2-D paraxial propagation). The overlap with the chip mode is then summed on
    /// the full 2-D grid. Tolerance 1e-9: the grid spacing (≤ 0.08 µm) is under w/18 for every beam, so the
    /// rectangle rule and the FFT on these Gaussians are accurate to exp(−π²w²/h²) (far below 1e-15), the fields
    /// are below 1e-20 at the window edges (no wrap-around), and the sum of 1e6 terms carries about 1e-12 rounding.
    /// </summary>
    [Theory]
    [InlineData(5.2, 5.2, 1.5, 1.5, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0)]
    [InlineData(5.2, 5.2, 1.5, 2.0, 1.0, -0.5, 0.0, 0.0, 0.0, 1.0)]
    [InlineData(5.2, 4.8, 2.0, 1.2, 0.7, 0.3, 2.0, -1.0, 15.0, 1.0)]
    [InlineData(5.2, 5.2, 3.0, 3.0, -1.2, 0.0, -3.0, 0.0, 25.0, 1.45)]
    [InlineData(4.0, 3.0, 4.0, 2.5, 0.0, 0.8, 0.0, 4.0, 8.0, 1.0)]
    public void MatchesNumerical2DOverlapOfPropagatedBeam(double w1x, double w1y, double w2x, double w2y,
        double dx, double dy, double tiltXDeg, double tiltYDeg, double gap, double n)
    {
        const double wl = 1.55;
        const int N = 1024;
        const double half = 40.0; // µm
        double h = 2 * half / N;
        double tx = tiltXDeg * Math.PI / 180, ty = tiltYDeg * Math.PI / 180;
        double k = 2 * Math.PI * n / wl;
        var fx = PropagatedAxis(w1x, dx - gap * Math.Sin(tx), Math.Sin(tx), gap, k, N, h, half);
        var fy = PropagatedAxis(w1y, dy - gap * Math.Sin(ty), Math.Sin(ty), gap, k, N, h, half);

        Complex overlap = 0;
        double p1 = 0, p2 = 0;
        for (int i = 0; i < N; i++)
        {
            double x = -half + i * h;
            double gx = Math.Exp(-x * x / (w2x * w2x));
            for (int j = 0; j < N; j++)
            {
                double y = -half + j * h;
                Complex f = fx[i] * fy[j];
                double g = gx * Math.Exp(-y * y / (w2y * w2y));
                overlap += f * g;
                p1 += f.Real * f.Real + f.Imaginary * f.Imaginary;
                p2 += g * g;
            }
        }
        double numeric = overlap.Magnitude * overlap.Magnitude / (p1 * p2);
        double closed = GaussianOverlap.Efficiency(w1x, w1y, w2x, w2y, dx, dy, tx, ty, gap, n, wl);
        Assert.Equal(numeric, closed, 1e-9);
    }

    private static Complex[] PropagatedAxis(double w, double x0, double sinT, double gap, double k, int n, double h, double half)
    {
        var f = new Complex[n];
        for (int i = 0; i < n; i++)
        {
            double x = -half + i * h;
            f[i] = Math.Exp(-(x - x0) * (x - x0) / (w * w)) * Complex.FromPolarCoordinates(1, k * sinT * x);
        }
        if (gap == 0) return f;
        Fourier.Forward(f, FourierOptions.NoScaling);
        for (int m = 0; m < n; m++)
        {
            int mm = m < n / 2 ? m : m - n;
            double kx = 2 * Math.PI * mm / (n * h);
            f[m] *= Complex.FromPolarCoordinates(1, -kx * kx * gap / (2 * k));
        }
        Fourier.Inverse(f, FourierOptions.NoScaling);
        for (int i = 0; i < n; i++) f[i] /= n;
        return f;
    }

    [Fact]
    public void TiltTowardsTheOffsetCompensatesTheCurvatureOfADivergingBeam()
    {
        // Sign convention check: after a gap the beam diverges, so at the chip (x = 0) a beam centred at +d carries a
        // local ray direction −d/R; tilting the fiber by θ > 0 (beam travelling towards +x) straightens it.
        double plus = GaussianOverlap.Efficiency(5.2, 3.0, 2.0, 0, 1.0 * Math.PI / 180, 40, 1.0, 1.55);
        double minus = GaussianOverlap.Efficiency(5.2, 3.0, 2.0, 0, -1.0 * Math.PI / 180, 40, 1.0, 1.55);
        Assert.True(plus > minus, $"{plus} vs {minus}");
    }
}
