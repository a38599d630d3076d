using PhotonicSolver.Fiber;
using PhotonicSolver.Models;
using PhotonicSolver.Netlists;
using PhotonicSolver.Numerics;
using PhotonicSolver.Sweep;

namespace PhotonicSolver.Tests.Fiber;

/// <summary>
/// The grating_coupler and edge_coupler models: spectral shape, centre shifts, reciprocity, passivity, and use in
/// a circuit solved by the engine. Unless stated, tolerances are 1e-12: each side is a few fp64 operations and one
/// exp (FastMath.Exp is accurate to about 1 ulp) on O(1) numbers.
/// </summary>
public class CouplerModelTests
{
    private const double Tol = 1e-12;

    private static double[] Gc(params (int Index, double Value)[] set)
    {
        var v = GratingCoupler.Info.Defaults();
        foreach (var (i, x) in set) v[i] = x;
        return v;
    }

    private static double GcPower(double[] settings, double wl, double temperature = 25)
        => ModelRegistry.DenseMatrix(GratingCoupler.Info, settings, wl, temperature)[1, 0].Abs2;

    [Fact]
    public void GratingPeakEfficiencyAtCentreAndHalfPowerAtHalfBandwidth()
    {
        var s = Gc((GratingCoupler.Wl0, 1.31), (GratingCoupler.Bandwidth3Db, 0.035), (GratingCoupler.LossDb, 4.5));
        double peak = Math.Pow(10, -4.5 / 10);
        Assert.Equal(peak, GcPower(s, 1.31), Tol);
        Assert.Equal(0.5 * peak, GcPower(s, 1.31 + 0.0175), Tol);
        Assert.Equal(0.5 * peak, GcPower(s, 1.31 - 0.0175), Tol);
        // The peak is a maximum: lower on both sides.
        Assert.True(GcPower(s, 1.3101) < peak && GcPower(s, 1.3099) < peak);
        // Gaussian in λ: 1 dB bandwidth = BW·√(ln(10^0.1)/ln 2) = BW·0.5887.
        double bw1 = 0.035 * Math.Sqrt(Math.Log(Math.Pow(10, 0.1)) / Math.Log(2));
        Assert.Equal(-1.0, 10 * Math.Log10(GcPower(s, 1.31 + bw1 / 2) / peak), 1e-10);
    }

    [Fact]
    public void GratingCentreShiftsWithFiberAngleAndTemperature()
    {
        var s = Gc((GratingCoupler.FiberAngleDeg, 10.0), (GratingCoupler.AngleRefDeg, 8.0),
                   (GratingCoupler.DwlDAngle, -0.012), (GratingCoupler.DwlDT, 7e-5), (GratingCoupler.TRefC, 25));
        double peak = Math.Pow(10, -0.3);
        // 2° more angle: −24 nm; 40 K warmer: +2.8 nm.
        double centre = 1.55 - 0.024 + 0.0028;
        Assert.Equal(peak, GcPower(s, centre, 65), Tol);
        Assert.Equal(0.5 * peak, GcPower(s, centre + 0.03, 65), Tol);
        // At the reference temperature the centre is 2.8 nm lower.
        Assert.Equal(peak, GcPower(s, centre - 0.0028, 25), Tol);
        // A search over a fine grid finds the maximum at the shifted centre (to the grid step).
        double best = 0, bestWl = 0;
        for (int i = 0; i <= 2000; i++)
        {
            double wl = 1.50 + i * 5e-5;
            double t = GcPower(s, wl, 65);
            if (t > best) { best = t; bestWl = wl; }
        }
        Assert.Equal(centre, bestWl, 2.5e-5);
    }

    [Theory]
    [InlineData(3.0, 0.0)]
    [InlineData(0.5, 0.1)]
    [InlineData(0.0, 0.0)]
    [InlineData(3.0, 0.49)] // 0.501 + 0.49: close to the passivity limit
    public void GratingIsReciprocalAndPassive(double lossDb, double reflection)
    {
        var s = Gc((GratingCoupler.LossDb, lossDb), (GratingCoupler.Reflection, reflection));
        Assert.Null(GratingCoupler.Info.Validate!(s));
        for (double wl = 1.45; wl <= 1.65; wl += 0.01)
        {
            var m = ModelRegistry.DenseMatrix(GratingCoupler.Info, s, wl, 25);
            Assert.Equal(m[1, 0], m[0, 1]);
            Assert.True(MaxSingularValue2x2(m) <= 1 + 1e-12);
            Assert.Equal(reflection, m[0, 0].Abs2, Tol);
            Assert.Equal(reflection, m[1, 1].Abs2, Tol);
        }
    }

    [Fact]
    public void GratingThatWouldCreatePowerIsRejected()
    {
        var s = Gc((GratingCoupler.LossDb, 0.5), (GratingCoupler.Reflection, 0.2));
        Assert.Contains("more power than goes in", GratingCoupler.Info.Validate!(s));
    }

    /// <summary>Largest singular value of a 2×2 complex matrix: √(largest eigenvalue of SᴴS).</summary>
    private static double MaxSingularValue2x2(Cx[,] m)
    {
        double a = m[0, 0].Abs2 + m[1, 0].Abs2, d = m[0, 1].Abs2 + m[1, 1].Abs2;
        Cx b = m[0, 0].Conj * m[0, 1] + m[1, 0].Conj * m[1, 1];
        double tr = a + d, det = a * d - b.Abs2;
        return Math.Sqrt(0.5 * tr + Math.Sqrt(Math.Max(0, 0.25 * tr * tr - det)));
    }

    [Theory]
    [InlineData(8.0, 8.0, 10.4, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0)]
    [InlineData(3.0, 2.0, 10.4, 1.0, -0.5, 1.0, 5.0, 1.45, 0.04, 0.7)]
    [InlineData(9.0, 9.0, 10.4, 0.0, 2.0, 0.0, 20.0, 1.0, 0.3, 0.0)]
    public void EdgeCouplerIsTheGaussianOverlapWithFacetReflection(double cx, double cy, double f, double dx, double dy,
        double tiltDeg, double gap, double n, double r, double excess)
    {
        var v = EdgeCoupler.Info.Defaults();
        v[EdgeCoupler.ChipMfdX] = cx; v[EdgeCoupler.ChipMfdY] = cy; v[EdgeCoupler.FiberMfd] = f;
        v[EdgeCoupler.Dx] = dx; v[EdgeCoupler.Dy] = dy; v[EdgeCoupler.TiltDeg] = tiltDeg; v[EdgeCoupler.Gap] = gap;
        v[EdgeCoupler.MediumIndex] = n; v[EdgeCoupler.Reflection] = r; v[EdgeCoupler.ExcessLossDb] = excess;
        foreach (double wl in new[] { 1.31, 1.55 })
        {
            var m = ModelRegistry.DenseMatrix(EdgeCoupler.Info, v, wl, 25);
            double eta = GaussianOverlap.Efficiency(f / 2, f / 2, cx / 2, cy / 2, dx, dy, tiltDeg * Math.PI / 180, 0, gap, n, wl);
            Assert.Equal((1 - r) * eta * Math.Pow(10, -excess / 10), m[1, 0].Abs2, Tol);
            Assert.Equal(m[1, 0], m[0, 1]);
            Assert.Equal(r, m[0, 0].Abs2, Tol);
            Assert.True(MaxSingularValue2x2(m) <= 1 + 1e-12);
        }
        if (gap == 0 && tiltDeg == 0 && dx == 0 && dy == 0 && cx == cy)
        {
            // Aligned, no gap: the mode-mismatch loss of Marcuse, wavelength-independent.
            double eta = GaussianOverlap.MarcuseOffset(f / 2, cx / 2, 0);
            Assert.Equal(eta * (1 - r), ModelRegistry.DenseMatrix(EdgeCoupler.Info, v, 1.55, 25)[1, 0].Abs2, Tol);
        }
    }

    private const string Loopback = """
        instances:
          gc_in:  {component: grating_coupler, settings: {wl0: 1.55, bandwidth_3dB: 0.04, loss_dB: 4, reflection: 0.04}}
          wg:     {component: straight, settings: {length: 500, neff: 2.4, ng: 4.2, loss_dB_cm: 2, dneff_dT: 1.86e-4}}
          gc_out: {component: grating_coupler, settings: {wl0: 1.552, bandwidth_3dB: 0.04, loss_dB: 3, reflection: 0.02}}
        connections:
          gc_in,o1: wg,o1
          wg,o2: gc_out,o1
        ports:
          fiber_in: gc_in,o2
          fiber_out: gc_out,o2
        settings: {wl: 1.55, temperature: 25}
        """;

    /// <summary>
    /// Fiber → grating → waveguide → grating → fiber, solved by the engine over wavelength and temperature,
    /// against the closed form of a two-mirror cavity: the waveguide sits between the gratings' waveguide-side
    /// reflections r1, r2, so S(out,in) = t1·w·t2 / (1 − r1·r2·w²), w the straight's transmission.
    /// Tolerance 1e-12 relative: the same few complex operations in a different order.
    /// </summary>
    [Fact]
    public void GratingLoopbackInACircuitIsAFabryPerotBetweenTheGratings()
    {
        var circuit = Flattener.Flatten(NetlistLoader.Parse(Loopback, "loopback.yaml"));
        var sweep = new SweepSpec([SweepAxis.List("temperature", [25, 60]), SweepAxis.Linear("wl", 1.50, 1.60, 501)]);
        var s = TestCircuits.Solve(circuit, sweep);
        var gcIn = circuit.Instances[0].Settings;
        var wg = circuit.Instances[1].Settings;
        var gcOut = circuit.Instances[2].Settings;
        double maxT = 0;
        for (int p = 0; p < s.Length; p++)
        {
            double temp = sweep.Axes[0][sweep.AxisIndex(p, 0)], wl = sweep.Axes[1][sweep.AxisIndex(p, 1)];
            var g1 = ModelRegistry.DenseMatrix(GratingCoupler.Info, gcIn, wl, temp);
            var g2 = ModelRegistry.DenseMatrix(GratingCoupler.Info, gcOut, wl, temp);
            Cx w = ModelRegistry.DenseMatrix(Straight.Info, wg, wl, temp)[1, 0];
            Cx expected = g1[0, 1] * w * g2[1, 0] / (Cx.One - g1[0, 0] * g2[0, 0] * w * w);
            Cx got = s[p][1, 0]; // S[fiber_out, fiber_in]
            Assert.True((got - expected).Abs <= 1e-12 * expected.Abs, $"{got} vs {expected} at wl={wl}, T={temp}");
            Assert.True((got - s[p][0, 1]).Abs <= 1e-14, "reciprocal circuit"); // same products, another elimination order
            maxT = Math.Max(maxT, got.Abs2);
        }
        // Sanity: the loopback peak is near the product of the two peak efficiencies and the waveguide loss
        // (−4 − 3 − 0.1 dB), within the ±(√0.04·√0.02·2) Fabry–Perot ripple and the 2 nm centre mismatch.
        double nominal = Math.Pow(10, -0.71);
        Assert.InRange(maxT, nominal * 0.8, nominal * 1.2);
    }

    [Fact]
    public void GratingWithTooMuchReflectionIsANetlistErrorNamingTheInstance()
    {
        string bad = Loopback.Replace("loss_dB: 4, reflection: 0.04", "loss_dB: 0.1, reflection: 0.5");
        var e = Assert.Throws<PhotonicException>(() => Flattener.Flatten(NetlistLoader.Parse(bad, "loopback.yaml")));
        Assert.Contains("gc_in", e.Message);
        Assert.Contains("reflection", e.Message);
        Assert.Contains("loopback.yaml", e.Message);
    }

    [Fact]
    public void EdgeCouplerSettingOutOfRangeIsANetlistError()
    {
        const string net = """
            instances:
              ec: {component: edge_coupler, settings: {fiber_mfd: -10.4}}
            ports:
              chip: ec,o1
              fiber: ec,o2
            """;
        var e = Assert.Throws<PhotonicException>(() => Flattener.Flatten(NetlistLoader.Parse(net, "ec.yaml")));
        Assert.Contains("fiber_mfd", e.Message);
        Assert.Contains("ec", e.Message);
    }
}
