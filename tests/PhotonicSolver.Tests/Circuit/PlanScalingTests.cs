using PhotonicSolver.Benchmarks;
using PhotonicSolver.Circuit;
using PhotonicSolver.Sweep;
using static PhotonicSolver.Tests.CircuitChecks;

namespace PhotonicSolver.Tests.Circuit;

/// <summary>
/// The sparse, minimum-work elimination on the rectangular (Clements) MZI mesh of `bench --circuit mesh:N`.
///
/// Tolerance 1e-12 (CONVENTIONS' fp64 agreement). The mesh is feed-forward with no loops or reflections: every pivot
/// of the elimination is exactly 1, so it only sums products along paths, a path through an N-mode mesh crossing at
/// most N MZIs of 4 instances (about 8N roundings of 1.1e-16: 1e-14 for N = 8). The dense LU solve of I − C·S_ii over
/// n ≤ 450 ports has a condition number below 40 here (asserted), a rounding error of about √n·ε·cond ≈ 1e-13.
/// Both are well below 1e-12, and far below any physical mistake (a dropped arm or a swapped coupler port changes
/// entries by ≥ 0.1).
/// </summary>
public class PlanScalingTests
{
    private static readonly double[] Wavelengths = [1.5, 1.55, 1.6];

    [Theory]
    [InlineData(2)]
    [InlineData(5)]
    [InlineData(8)]
    [InlineData(6)]
    public void TheMeshMatchesTheDenseSolveAtEveryPortPair(int modes)
    {
        var mesh = BenchCircuits.Mesh(modes);
        Assert.Equal(4 * modes * (modes - 1) / 2, mesh.Instances.Count);
        var solved = SolveWithStatus(mesh, new SweepSpec([SweepAxis.List("wl", Wavelengths)]));
        Assert.Equal(2 * modes * 2 * modes, solved.Plan.Layout.NumOutputs);
        for (int p = 0; p < Wavelengths.Length; p++)
        {
            Assert.Equal(0, solved.Status[p]);
            var dense = DenseReference(mesh, Wavelengths[p], 25);
            Assert.True(dense.Condition < 40, $"condition {dense.Condition}");
            double diff = MaxDifference(dense.S, solved.S[p]);
            Assert.True(diff <= 1e-12, $"mesh:{modes} at {Wavelengths[p]} µm: |S − S_dense| = {diff:E3}");
            // Not a trivial agreement: light crosses the mesh (every output sees the first input once modes > 2).
            double through = 0;
            for (int o = 0; o < modes; o++) through += solved.S[p][modes + o, 0].Abs2;
            Assert.InRange(through, 0.5, 1.0);
        }
    }

    /// <summary>
    /// The order is fill-reducing: on the 16-mode mesh the tape is no longer than the one the old greedy
    /// smallest-block order emitted (12058 instructions at commit 48e39ac), and it stays O(N³) (the dense N×N transfer
    /// matrix costs ~N³ multiply-adds at least): from 8 to 16 modes it grows by at most 10× (8× ideal).
    /// </summary>
    [Fact]
    public void TheMeshTapeIsNoLongerThanTheOldOrdersAndGrowsAsTheOutput()
    {
        var sweep = new SweepSpec([SweepAxis.Linear("wl", 1.5, 1.6, 3)]);
        int i8 = PlanCompiler.Compile(BenchCircuits.Mesh(8), sweep).Layout.NumInstructions;
        int i16 = PlanCompiler.Compile(BenchCircuits.Mesh(16), sweep).Layout.NumInstructions;
        Assert.True(i16 <= 12058, $"mesh:16 tape {i16} instructions");
        Assert.True(i16 <= 10 * i8, $"mesh:8 {i8}, mesh:16 {i16} instructions");
    }

    /// <summary>
    /// A chain listed in a scrambled connection order still costs O(N): the order comes from the fill, not from the
    /// netlist. 2000 dispersive straights with only S[out, in] requested need a multiply per section (≤ 2 per section
    /// allowed), and the lazy priority queue keeps compilation far from the 2000² scans of a naive greedy order.
    /// </summary>
    [Fact]
    public void AScrambledChainCompilesToALinearTape()
    {
        var chain = BenchCircuits.Chain(2000);
        var rng = new Random(7);
        var shuffled = chain.Connections.OrderBy(_ => rng.Next()).ToList();
        chain.Connections.Clear();
        chain.Connections.AddRange(shuffled);
        var plan = PlanCompiler.Compile(chain, new SweepSpec([SweepAxis.Linear("wl", 1.5, 1.6, 3)]), [(1, 0)]);
        Assert.True(plan.Layout.NumInstructions <= 2 * 2000, $"{plan.Layout.NumInstructions} instructions");
        Assert.True(plan.Layout.NumRegisters <= 2000 * 2 + 64, $"{plan.Layout.NumRegisters} registers");
        Assert.Equal(1999, plan.PivotDescriptions.Length);
    }
}
