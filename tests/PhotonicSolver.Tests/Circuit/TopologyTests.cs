using PhotonicSolver.Circuit;
using PhotonicSolver.Models;
using PhotonicSolver.Numerics;
using PhotonicSolver.Sweep;
using static PhotonicSolver.Tests.CircuitChecks;
using static PhotonicSolver.Tests.Models.ModelTestHelpers;

namespace PhotonicSolver.Tests.Circuit;

/// <summary>
/// Topologies that stress the plan compiler: long chains (results, register reuse, tape length), constant
/// folding, reflections between mirrors, lossless closed loops (singular pivots at compile time and per point)
/// and disconnected sub-circuits.
/// </summary>
public class TopologyTests
{
    private const int ChainLength = 1000;

    /// <summary>A chain s0 → s1 → … of straights with the given lengths; ports in = s0,o1, out = s(N−1),o2.</summary>
    private static FlatCircuit Chain(double[] lengths, double lossDbCm)
    {
        var b = new TestCircuits.Builder();
        for (int i = 0; i < lengths.Length; i++)
        {
            b.Add($"s{i}", "straight", ("length", lengths[i]), ("loss_dB_cm", lossDbCm));
            if (i > 0) b.Connect($"s{i - 1},o2", $"s{i},o1");
        }
        return b.Port("in", "s0,o1").Port("out", $"s{lengths.Length - 1},o2").Build();
    }

    /// <summary>Lengths k/8 µm (k = 8…160): every partial sum is exact in fp64, so ΣL carries no rounding.</summary>
    private static double[] ChainLengths(int n, int seed)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => rng.Next(8, 161) / 8.0).ToArray();
    }

    [Fact]
    public void ChainOfAThousandStraightsEqualsOneStraightOfTheTotalLength()
    {
        var lengths = ChainLengths(ChainLength, 1);
        double total = lengths.Sum();
        double loss = 2.0, T = 31;
        var sweep = TestCircuits.Wavelengths(1.5, 1.6, 11);
        var chain = Chain(lengths, loss);
        chain.Temperature = T;
        var s = TestCircuits.Solve(chain, sweep);
        for (int p = 0; p < s.Length; p++)
        {
            double wl = sweep.Axes[0][p];
            Cx one = Dense(Straight.Info, wl, T, ("length", total), ("loss_dB_cm", loss))[1, 0];
            // The single straight's phase 2π·neff·ΣL/λ ≈ 1e5 rad is rounded to a few ulp(1e5) = 1.5e-11 each;
            // the chain's 1000 phases of ~100 rad add ≤ 1000·ulp(100) = 1.4e-11 worst case, and its 1000 complex
            // products ≤ 1000·ε = 1e-13 relative. ΣL itself is exact (lengths k/8). So ≲ 1e-10; assert 1e-9 relative.
            double rel = (s[p][1, 0] - one).Abs / one.Abs;
            Assert.True(rel <= 1e-9, $"wl {wl}: chain {s[p][1, 0]} vs one straight {one}, relative {rel:E3}");
            Assert.Equal(s[p][1, 0], s[p][0, 1]);
            Assert.Equal(Cx.Zero, s[p][0, 0]);
        }
    }

    [Fact]
    public void ChainPlanNeedsConstantRegistersAndLinearTape()
    {
        // TapeBuilder promises that registers are reused by liveness, "so a chain of N sections needs O(1)
        // registers" and scratch memory per point stays small (GPU threads keep registers in local memory).
        var small = PlanCompiler.Compile(Chain(ChainLengths(100, 2), 0), TestCircuits.Wavelengths(1.5, 1.6, 3));
        var large = PlanCompiler.Compile(Chain(ChainLengths(ChainLength, 2), 0), TestCircuits.Wavelengths(1.5, 1.6, 3));
        Assert.Equal(ChainLength, large.DynamicInstances);
        // Tape: joining two reflectionless 2-ports has pivot 1 − 0·0 = 1 (folded), leaving one product per
        // direction: 2 per connection, so exactly linear.
        Assert.InRange(large.Layout.NumInstructions, ChainLength - 1, 2 * (ChainLength - 1));
        Assert.InRange(large.Layout.NumInstructions, 9 * small.Layout.NumInstructions, 11 * small.Layout.NumInstructions);
        // Registers: every point-dependent model call owns its slots for the whole point (all models run before
        // the tape), so the bound is (dynamic slots) + O(1) temporaries: the tape itself keeps only the running
        // product and the next section live. Constants are none here (all straights are point-dependent).
        int dynamicSlots = ChainLength; // one slot per straight
        Assert.True(large.Layout.NumRegisters <= dynamicSlots + 8,
            $"chain of {ChainLength} straights compiles to {large.Layout.NumRegisters} registers (chain of 100: {small.Layout.NumRegisters}); expected ≤ {dynamicSlots} slots + 8 temporaries");
    }

    [Fact]
    public void AllPassRingFoldsTheIdealCouplerIntoConstants()
    {
        var plan = PlanCompiler.Compile(TestCircuits.AllPassRing(0.1, 62.83), TestCircuits.Wavelengths(1.54, 1.56, 11));
        Assert.Equal(1, plan.ConstantInstances); // the wavelength-independent coupler
        Assert.Equal(1, plan.DynamicInstances);  // the ring straight
        Assert.Equal(1, plan.Layout.NumCalls);
        // Sweeping the coupler's coupling makes it point-dependent.
        var swept = PlanCompiler.Compile(TestCircuits.AllPassRing(0.1, 62.83),
            new SweepSpec([SweepAxis.List("dc.coupling", [0.1, 0.2]), SweepAxis.Linear("wl", 1.54, 1.56, 11)]));
        Assert.Equal(0, swept.ConstantInstances);
        Assert.Equal(2, swept.DynamicInstances);
    }

    [Theory]
    [InlineData(0.3, 0.6, 20.0)]
    [InlineData(0.9, 0.9, 35.5)]
    [InlineData(0.05, 0.5, 3.0)]
    public void FabryPerotCavityMatchesTheAiryFormula(double r1Power, double r2Power, double L)
    {
        // Mirror m1 – straight – mirror m2 (Saleh & Teich, Fundamentals of Photonics, §2.5B), with the reflector's
        // r = √R, t = i√(1−R) and e = e^{iφ} one pass: S[right,left] = t1·e·t2 / (1 − r1·r2·e²),
        // S[left,left] = r1 + t1²·r2·e² / (1 − r1·r2·e²). |1 − r1r2e²| ≥ 1 − √(R1R2) ≥ 0.1, so rounding stays ~1e-14.
        var c = new TestCircuits.Builder()
            .Add("m1", "reflector", ("reflectivity", r1Power))
            .Add("wg", "straight", ("length", L), ("loss_dB_cm", 50.0))
            .Add("m2", "reflector", ("reflectivity", r2Power))
            .Connect("m1,o2", "wg,o1").Connect("wg,o2", "m2,o1")
            .Port("left", "m1,o1").Port("right", "m2,o2")
            .Build();
        var sweep = TestCircuits.Wavelengths(1.54, 1.56, 101);
        var s = TestCircuits.Solve(c, sweep);
        double r1 = Math.Sqrt(r1Power), r2 = Math.Sqrt(r2Power);
        Cx t1 = new(0, Math.Sqrt(1 - r1Power)), t2 = new(0, Math.Sqrt(1 - r2Power));
        for (int p = 0; p < s.Length; p++)
        {
            double wl = sweep.Axes[0][p];
            Cx e = Dense(Straight.Info, wl, 25, ("length", L), ("loss_dB_cm", 50.0))[1, 0];
            Cx den = Cx.One - r1 * r2 * e * e;
            AssertClose(t1 * e * t2 / den, s[p][1, 0], 1e-12, $"transmission at {wl}");
            AssertClose(new Cx(r1, 0) + t1 * t1 * r2 * e * e / den, s[p][0, 0], 1e-12, $"left reflection at {wl}");
            AssertClose(new Cx(r2, 0) + t2 * t2 * r1 * e * e / den, s[p][1, 1], 1e-12, $"right reflection at {wl}");
        }
    }

    [Fact]
    public void PerfectMirrorsFacingEachOtherAreRejectedAtCompileTime()
    {
        // Two R = 1 mirrors touching: a closed cavity of zero length, on resonance at every wavelength. The pivot
        // 1 − r1·r2 = 0 is a compile-time constant, so the compiler must refuse the circuit.
        var c = new TestCircuits.Builder()
            .Add("m1", "reflector", ("reflectivity", 1.0))
            .Add("m2", "reflector", ("reflectivity", 1.0))
            .Connect("m1,o2", "m2,o1")
            .Port("left", "m1,o1").Port("right", "m2,o2")
            .Build();
        var ex = Assert.Throws<PhotonicException>(() => PlanCompiler.Compile(c, TestCircuits.Wavelengths(1.5, 1.6, 3)));
        Assert.Contains("lossless closed loop", ex.Message);
        Assert.Contains("m1,o2", ex.Message);
    }

    private static FlatCircuit StraightPlusIsolatedPhaseLoop(double phase1, double phase2) =>
        new TestCircuits.Builder()
            .Add("wg", "straight", ("length", 12.0))
            .Add("ps1", "phase_shifter", ("phase", phase1))
            .Add("ps2", "phase_shifter", ("phase", phase2))
            .Connect("ps1,o2", "ps2,o1").Connect("ps2,o2", "ps1,o1")
            .Port("a", "wg,o1").Port("b", "wg,o2")
            .Build();

    [Fact]
    public void ConstantLosslessLoopOnResonanceDisconnectedFromThePortsIsACompileTimeError()
    {
        // A loop of two constant phase shifters with round-trip phase 2π (2.0 + (2π − 2.0)): pivot
        // (1 − e^{iΦ})² ≈ 1e-32, below PlanLayout.SingularPivot.
        var ex = Assert.Throws<PhotonicException>(() =>
            PlanCompiler.Compile(StraightPlusIsolatedPhaseLoop(2.0, 2 * Math.PI - 2.0), TestCircuits.Wavelengths(1.5, 1.6, 3)));
        Assert.Contains("lossless closed loop", ex.Message);
        // Off resonance (round trip π) the same loop is harmless and the straight is unaffected.
        var sweep = TestCircuits.Wavelengths(1.5, 1.6, 3);
        var s = TestCircuits.Solve(StraightPlusIsolatedPhaseLoop(2.0, Math.PI - 2.0), sweep);
        for (int p = 0; p < 3; p++)
            AssertClose(Dense(Straight.Info, sweep.Axes[0][p], 25, ("length", 12.0))[1, 0], s[p][1, 0], 1e-14, "straight beside the loop");
    }

    [Fact]
    public void PointDependentSingularPivotReportsThePointAndReturnsNaN()
    {
        // All-pass ring, lossless, no dispersion (neff = ng), with the coupler's coupling swept to exactly 0 and the
        // wavelength at an exact resonance λ = neff·L/m: the ring is a closed lossless loop on resonance, pivot
        // (1 − e^{iφ})² with |1 − e^{iφ}| ~ 1e-13 (rounding of φ ≈ 600 rad), |D|² ~ 1e-52 < 1e-24.
        double L = 62.83, neff = 2.34;
        double m = Math.Round(neff * L / 1.55);
        double wlRes = neff * L / m, wlOff = wlRes * 1.0003;
        var c = TestCircuits.AllPassRing(0.5, L, 0.0, neff, neff);
        var sweep = new SweepSpec([SweepAxis.List("dc.coupling", [0.0, 0.1]), SweepAxis.List("wl", [wlRes, wlOff])]);
        var r = SolveWithStatus(c, sweep);
        // Point 0: coupling 0 at resonance.
        Assert.NotEqual(0, r.Status[0]);
        Assert.Contains("ring", r.Plan.PivotDescriptions[r.Status[0] - 1]);
        Assert.All(new[] { r.S[0][0, 0], r.S[0][1, 0], r.S[0][0, 1], r.S[0][1, 1] },
            z => Assert.True(double.IsNaN(z.Re) && double.IsNaN(z.Im), $"expected NaN, got {z}"));
        // The other points are regular. Coupling 0 off resonance: the through port sees the bar t = 1. Coupling 0.1
        // on resonance: Bogaerts eq. 2 with the model's own round trip (the phase is 2πm only up to ~1e-13 rad, and
        // |dT/dφ| = (1+t)/(1−t) ≈ 38 there, so −1 itself is good only to ~5e-12). |1 − t·e^{iφ}| ≥ 0.05 ⇒ 1e-12.
        Assert.Equal(0, r.Status[1]);
        Assert.Equal(0, r.Status[2]);
        Assert.Equal(0, r.Status[3]);
        AssertClose(Cx.One, r.S[1][1, 0], 1e-12, "coupling 0, off resonance");
        Cx ae = Dense(Straight.Info, wlRes, 25, ("length", L), ("neff", neff), ("ng", neff), ("dneff_dT", 0.0))[1, 0];
        double t = Math.Sqrt(0.9);
        AssertClose((new Cx(t, 0) - ae) / (Cx.One - t * ae), r.S[2][1, 0], 1e-12, "coupling 0.1, on resonance");
        Assert.Equal(-1.0, r.S[2][1, 0].Re, 1e-10);
    }

    private static FlatCircuit MirrorCavity(double L, double neff) =>
        new TestCircuits.Builder()
            .Add("m1", "reflector", ("reflectivity", 1.0))
            .Add("cav", "straight", ("length", L), ("neff", neff), ("ng", neff), ("dneff_dT", 0.0))
            .Add("m2", "reflector", ("reflectivity", 1.0))
            .Connect("m1,o2", "cav,o1").Connect("cav,o2", "m2,o1")
            .Port("left", "m1,o1").Port("right", "m2,o2")
            .Build();

    [Fact]
    public void PerfectMirrorCavitySweptToReflectivityOneIsSingularOnResonance()
    {
        // Mirrors around a lossless straight without dispersion, on resonance (2·neff·L/λ = m). Both reflectivities
        // swept over {1, 0.99}: the point with R1 = R2 = 1 is a closed lossless cavity (pivot 1 − e^{2iφ} ~ 1e-13)
        // and must be reported; with R1 = R2 = 0.99 the symmetric lossless Fabry–Pérot transmits fully on
        // resonance, |t1·t2|/(1 − R) = 1 (Saleh & Teich §2.5B); |D| = 0.01 amplifies ~1e-13 phase rounding to 1e-11.
        double L = 20, neff = 2.5;
        double m = Math.Round(2 * neff * L / 1.55);
        double wlRes = 2 * neff * L / m;
        var sweep = new SweepSpec([SweepAxis.List("m1.reflectivity", [1.0, 0.99]), SweepAxis.List("m2.reflectivity", [1.0, 0.99]),
                                   SweepAxis.List("wl", [wlRes])]);
        var r = SolveWithStatus(MirrorCavity(L, neff), sweep);
        Assert.NotEqual(0, r.Status[0]);
        Assert.True(double.IsNaN(r.S[0][0, 0].Re) && double.IsNaN(r.S[0][1, 0].Im));
        Assert.Equal(0, r.Status[1]);
        Assert.Equal(0, r.Status[2]);
        Assert.Equal(0, r.Status[3]);
        Assert.Equal(1.0, r.S[3][1, 0].Abs2, 1e-10);
        Assert.True(r.S[3][0, 0].Abs2 < 1e-20, $"reflection on resonance {r.S[3][0, 0].Abs2}");
    }

    [Fact]
    public void ConstantPerfectMirrorsDecoupleTheirCavityFromThePorts()
    {
        // With R = 1 as constants, each mirror's transmission is a structural zero: the cavity, even on resonance,
        // cannot influence the ports, whose response is well defined (total reflection). The solver must return
        // it rather than a singular point.
        double L = 20, neff = 2.5;
        double m = Math.Round(2 * neff * L / 1.55);
        double wlRes = 2 * neff * L / m;
        var r = SolveWithStatus(MirrorCavity(L, neff), new SweepSpec([SweepAxis.List("wl", [wlRes, wlRes * 1.001])]));
        for (int p = 0; p < 2; p++)
        {
            Assert.Equal(0, r.Status[p]);
            Assert.Equal(Cx.One, r.S[p][0, 0]);
            Assert.Equal(Cx.One, r.S[p][1, 1]);
            Assert.Equal(Cx.Zero, r.S[p][1, 0]);
        }
    }

    [Fact]
    public void DisconnectedSubCircuitsHaveExactlyZeroCrossEntries()
    {
        var c = new TestCircuits.Builder()
            .Add("wg", "straight", ("length", 30.0), ("loss_dB_cm", 3.0))
            .Add("dc", "coupler", ("coupling", 0.2))
            .Add("ring", "straight", ("length", 40.0), ("dneff_dT", 0.0))
            .Connect("dc,o3", "ring,o1").Connect("ring,o2", "dc,o2")
            .Port("a", "wg,o1").Port("in", "dc,o1").Port("b", "wg,o2").Port("through", "dc,o4")
            .Build();
        var sweep = TestCircuits.Wavelengths(1.54, 1.56, 21);
        var s = TestCircuits.Solve(c, sweep);
        int[] first = [0, 2], second = [1, 3];
        for (int p = 0; p < s.Length; p++)
        {
            double wl = sweep.Axes[0][p];
            foreach (int i in first)
                foreach (int j in second)
                {
                    Assert.Equal(Cx.Zero, s[p][i, j]);
                    Assert.Equal(Cx.Zero, s[p][j, i]);
                }
            // Each part still has its own response: the straight, and the ring's all-pass (|T| = 1, lossless).
            AssertClose(Dense(Straight.Info, wl, 25, ("length", 30.0), ("loss_dB_cm", 3.0))[1, 0], s[p][2, 0], 1e-14, "straight");
            Assert.Equal(1.0, s[p][3, 1].Abs2, 1e-13);
        }
    }
}
