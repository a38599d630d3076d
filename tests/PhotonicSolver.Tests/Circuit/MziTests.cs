using PhotonicSolver.Numerics;
using PhotonicSolver.Sweep;
using static PhotonicSolver.Tests.CircuitChecks;
using static PhotonicSolver.Tests.Models.ModelTestHelpers;

namespace PhotonicSolver.Tests.Circuit;

/// <summary>
/// Mach–Zehnder interferometers (<see cref="TestCircuits.Mzi"/>) against the product of 2×2 transfer matrices.
///
/// Convention. Each coupler maps (lower, upper) = (o1, o2) inputs to (o4, o3) outputs with
/// C = [[t, iκ], [iκ, t]], t = √(1−coupling), κ = √coupling (bar o1–o4, o2–o3; cross o1–o3, o2–o4).
/// In TestCircuits.Mzi, dc1,o4 → arm1 → dc2,o1 (lower) and dc1,o3 → arm2 → dc2,o2 (upper); in1 = dc1,o1,
/// in2 = dc1,o2, out1 = dc2,o4 (lower), out2 = dc2,o3 (upper). So (out1, out2) = C2·diag(e1, e2)·C1·(in1, in2)
/// with e_k = a_k·exp(i·2π·neff(λ)·L_k/λ). For two 50/50 couplers:
///   S[out1,in1] = ½(e1 − e2),  S[out2,in1] = (i/2)(e1 + e2),
/// so |S[out1,in1]|² = sin²(Δφ/2) and |S[out2,in1]|² = cos²(Δφ/2), Δφ = 2π·neff(λ)·ΔL/λ: equal arms send
/// everything to the cross output out2.
///
/// Tolerance 1e-12 on complex entries: arm phases are ≤ 2π·2.34·45/1.5 ≈ 440 rad, formed by the same
/// expression on both sides (ulp(440) = 5.7e-14 if the orders differ); sin/cos differ by ≤ 2e-16 and the solver's
/// eliminations here have pivots exactly 1 (no reflections), adding a few roundings of O(1) products.
/// </summary>
public class MziTests
{
    private const double Tol = 1e-12;
    private const double Neff0 = 2.34, Ng = 3.4, Wl0 = 1.55;

    private static Cx Arm(double L, double wl, double lossDbCm)
    {
        double n = Neff0 - (wl - Wl0) * (Ng - Neff0) / Wl0;
        double a = Math.Pow(10, -lossDbCm * L * 1e-4 / 20);
        return a * Expi(2 * Math.PI * n * L / wl);
    }

    /// <summary>2×2 product C2·diag(e1,e2)·C1, returned as the 4×4 S over (in1, in2, out1, out2), reciprocal.</summary>
    private static Cx[,] Expected(double l1, double l2, double k1, double k2, double lossDbCm, double wl)
    {
        Cx[,] C(double k) => new Cx[,] { { new(Math.Sqrt(1 - k), 0), new(0, Math.Sqrt(k)) }, { new(0, Math.Sqrt(k)), new(Math.Sqrt(1 - k), 0) } };
        var c1 = C(k1); var c2 = C(k2);
        Cx[] e = [Arm(l1, wl, lossDbCm), Arm(l2, wl, lossDbCm)];
        var m = new Cx[2, 2];
        for (int i = 0; i < 2; i++)
            for (int j = 0; j < 2; j++)
                m[i, j] = c2[i, 0] * e[0] * c1[0, j] + c2[i, 1] * e[1] * c1[1, j];
        var s = new Cx[4, 4];
        for (int i = 0; i < 2; i++)
            for (int j = 0; j < 2; j++)
            {
                s[2 + i, j] = m[i, j];
                s[j, 2 + i] = m[i, j];
            }
        return s;
    }

    [Fact]
    public void BalancedMziSendsAllPowerToTheCrossOutput()
    {
        var sweep = TestCircuits.Wavelengths(1.5, 1.6, 51);
        var s = TestCircuits.Solve(TestCircuits.Mzi(30, 30), sweep);
        for (int p = 0; p < s.Length; p++)
        {
            double wl = sweep.Axes[0][p];
            // Equal arms: S[out2,in1] = i·e, S[out1,in1] = 0, at every wavelength.
            AssertClose(Cx.I * Arm(30, wl, 0), s[p][3, 0], Tol, $"S[out2,in1] at {wl}");
            Assert.True(s[p][2, 0].Abs2 < 1e-28, $"bar output {s[p][2, 0].Abs2} at {wl}");
            Assert.Equal(1.0, s[p][3, 0].Abs2, 1e-14);
            Assert.Equal(1.0, s[p][2, 1].Abs2, 1e-14); // and in2 → out1
        }
    }

    [Theory]
    [InlineData(25.0, 45.0, 0.5, 0.5, 0.0)]
    [InlineData(25.0, 45.0, 0.3, 0.6, 0.0)]
    [InlineData(40.0, 12.0, 0.5, 0.5, 20.0)]
    [InlineData(10.0, 35.0, 0.1, 0.9, 5.0)]
    public void MziMatchesTheProductOfTwoByTwoMatrices(double l1, double l2, double k1, double k2, double loss)
    {
        var sweep = TestCircuits.Wavelengths(1.5, 1.6, 201);
        var s = TestCircuits.Solve(TestCircuits.Mzi(l1, l2, k1, k2, loss), sweep);
        for (int p = 0; p < s.Length; p++)
        {
            double wl = sweep.Axes[0][p];
            var expected = Expected(l1, l2, k1, k2, loss, wl);
            Assert.True(MaxDifference(expected, s[p]) <= Tol, $"wl {wl}: max |S − S_expected| = {MaxDifference(expected, s[p]):E3}");
        }
    }

    [Fact]
    public void UnbalancedMziTransmissionIsCosineSquaredOfHalfThePhaseDifference()
    {
        double l1 = 25, l2 = 45;
        var sweep = TestCircuits.Wavelengths(1.5, 1.6, 401);
        var s = TestCircuits.Solve(TestCircuits.Mzi(l1, l2), sweep);
        for (int p = 0; p < s.Length; p++)
        {
            double wl = sweep.Axes[0][p];
            double n = Neff0 - (wl - Wl0) * (Ng - Neff0) / Wl0;
            double dphi = 2 * Math.PI * n * (l1 - l2) / wl;
            // Powers: the 1e-12 field tolerance squared into O(1) powers.
            Assert.Equal(Math.Pow(Math.Sin(dphi / 2), 2), s[p][2, 0].Abs2, 2 * Tol);
            Assert.Equal(Math.Pow(Math.Cos(dphi / 2), 2), s[p][3, 0].Abs2, 2 * Tol);
        }
    }

    [Fact]
    public void UnbalancedMziNullsSitWhereThePhaseDifferenceIsAMultipleOfTwoPi()
    {
        // Bar nulls where Δφ = 2π·m. With linear dispersion Δφ = 2π·ΔL·(ng/λ − (ng − neff0)/λ0), so the nulls are
        // at λ_m = ng·ΔL / (m + ΔL·(ng − neff0)/λ0), and the bar peaks at m + ½.
        double l1 = 25, l2 = 45, dL = l2 - l1;
        double offset = dL * (Ng - Neff0) / Wl0;
        double m0 = Math.Ceiling(Ng * dL / 1.6 - offset);
        var nulls = Enumerable.Range(0, 3).Select(j => Ng * dL / (m0 + j + offset)).ToArray();
        var peaks = Enumerable.Range(0, 3).Select(j => Ng * dL / (m0 + j + 0.5 + offset)).ToArray();
        var s = TestCircuits.Solve(TestCircuits.Mzi(l1, l2), new SweepSpec([SweepAxis.List("wl", [.. nulls, .. peaks])]));
        for (int j = 0; j < nulls.Length; j++)
            // The phase carries ~1e-13 rad of rounding, so |S|² = sin²(δ/2) ~ 1e-27.
            Assert.True(s[j][2, 0].Abs2 < 1e-24, $"bar power {s[j][2, 0].Abs2} at predicted null {nulls[j]}");
        for (int j = 0; j < peaks.Length; j++)
            Assert.Equal(1.0, s[nulls.Length + j][2, 0].Abs2, 1e-14);
    }

    [Fact]
    public void UnbalancedMziFreeSpectralRangeIsLambdaSquaredOverNgDeltaL()
    {
        // Find the bar-port minima on a fine grid and compare their spacing with λ²/(ng·ΔL).
        double l1 = 25, l2 = 45, dL = l2 - l1, a = 1.5, b = 1.6;
        int n = 20001;
        double h = (b - a) / (n - 1);
        var s = TestCircuits.Solve(TestCircuits.Mzi(l1, l2), TestCircuits.Wavelengths(a, b, n));
        var minima = new List<double>();
        for (int p = 1; p < n - 1; p++)
        {
            double f0 = s[p - 1][2, 0].Abs2, f1 = s[p][2, 0].Abs2, f2 = s[p + 1][2, 0].Abs2;
            if (f1 < f0 && f1 < f2) minima.Add(a + p * h + 0.5 * h * (f0 - f2) / (f0 - 2 * f1 + f2));
        }
        Assert.True(minima.Count >= 2, $"found {minima.Count} nulls");
        for (int j = 0; j + 1 < minima.Count; j++)
        {
            double fsr = minima[j + 1] - minima[j];
            // Exactly λ_m·λ_{m+1}/(ng·ΔL) between adjacent nulls with linear dispersion. sin²(Δφ/2) is a parabola
            // about each null up to terms of relative size h/λ, so the parabolic vertex is good to ~h²/λ ≈ 2e-11 µm.
            Assert.Equal(minima[j] * minima[j + 1] / (Ng * dL), fsr, 1e-9);
            // With λ the midpoint, λ² and λ_m·λ_{m+1} differ by (FSR/2λ)² ≈ 1.3e-4 relative (FSR ≈ 35 nm).
            double mid = 0.5 * (minima[j] + minima[j + 1]);
            Assert.Equal(mid * mid / (Ng * dL), fsr, 2e-4 * fsr);
        }
    }
}
