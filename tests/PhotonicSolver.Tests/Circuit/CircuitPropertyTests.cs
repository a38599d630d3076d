using PhotonicSolver.Numerics;
using PhotonicSolver.Sweep;
using static PhotonicSolver.Tests.CircuitChecks;

namespace PhotonicSolver.Tests.Circuit;

/// <summary>
/// Properties of the solved external S-matrix of random connected circuits (fixed seeds, see
/// <see cref="CircuitChecks.Random"/>): lossless parts give a unitary matrix, reciprocal parts a symmetric one,
/// lossy parts a passive one; and every circuit agrees with an independent dense solve
/// S_ext = S_ee + S_ei·(I − C·S_ii)⁻¹·C·S_ie.
///
/// Tolerances. Both the Filipsson elimination and the dense LU solve the same linear system (I − C·S_ii), so a
/// first-order bound on either's error per entry is n·ε·cond with n ≤ 40 ports, ε = 1.1e-16 and cond the
/// condition number of that system. Each test asserts cond &lt; 200 for its circuit (the seeds used reach ~70),
/// which bounds each solver by 8.8e-13 per entry:
/// reciprocity 1e-12 (S and Sᵀ entries from one solve); agreement with the dense solve 1e-10 (two solves,
/// ≥ 50× margin); unitarity 1e-10 (each entry of S†S sums ≤ 4 products of such entries: ≤ 7e-12). All are far
/// below the effect of any physical mistake, e.g. a dropped reflection (|r| ≥ 0.2) or a sign error.
/// </summary>
public class CircuitPropertyTests
{
    private const double UnitaryTol = 1e-10;
    private const double ReciprocalTol = 1e-12;
    private const double AgreementTol = 1e-10;
    private const double MaxCondition = 200;

    private static readonly double[] Wavelengths = [1.5, 1.5312, 1.55, 1.5701, 1.6];
    private static SweepSpec Sweep => new([SweepAxis.List("wl", Wavelengths)]);

    public static TheoryData<int> Seeds => [.. Enumerable.Range(1, 24)];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void LosslessRandomCircuitsAreUnitaryAndReciprocal(int seed)
    {
        var rc = CircuitChecks.Random(seed, lossy: false);
        Assert.True(rc.CycleRank >= 1 && rc.Reflectors >= 1, rc.Description);
        rc.Circuit.Temperature = 40; // exercise the thermo-optic term of the straights
        var solved = SolveWithStatus(rc.Circuit, Sweep);
        for (int p = 0; p < Wavelengths.Length; p++)
        {
            Assert.True(solved.Status[p] == 0, $"{rc.Description}: status {solved.Status[p]} at {Wavelengths[p]}");
            var s = solved.S[p];
            var reference = DenseReference(rc.Circuit, Wavelengths[p], 40);
            Assert.True(reference.Condition < MaxCondition, $"{rc.Description}: cond {reference.Condition:E2}; the tolerances assume < {MaxCondition}");
            Assert.True(UnitarityError(s) <= UnitaryTol, $"{rc.Description} at {Wavelengths[p]}: |S†S − I| = {UnitarityError(s):E3}");
            Assert.True(ReciprocityError(s) <= ReciprocalTol, $"{rc.Description} at {Wavelengths[p]}: |S − Sᵀ| = {ReciprocityError(s):E3}");
            Assert.True(MaxDifference(reference.S, s) <= AgreementTol, $"{rc.Description} at {Wavelengths[p]}: |S − S_dense| = {MaxDifference(reference.S, s):E3}");
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void LossyRandomCircuitsArePassiveAndReciprocalAndMatchTheDenseSolve(int seed)
    {
        var rc = CircuitChecks.Random(1000 + seed, lossy: true);
        Assert.True(rc.CycleRank >= 1 && rc.Reflectors >= 1, rc.Description);
        var solved = SolveWithStatus(rc.Circuit, Sweep);
        for (int p = 0; p < Wavelengths.Length; p++)
        {
            Assert.True(solved.Status[p] == 0, $"{rc.Description}: status {solved.Status[p]} at {Wavelengths[p]}");
            var s = solved.S[p];
            var reference = DenseReference(rc.Circuit, Wavelengths[p], 25);
            Assert.True(reference.Condition < MaxCondition, $"{rc.Description}: cond {reference.Condition:E2}; the tolerances assume < {MaxCondition}");
            double sigma = MaxSingularValue(s);
            Assert.True(sigma <= 1 + UnitaryTol, $"{rc.Description} at {Wavelengths[p]}: largest singular value {sigma:R}");
            Assert.True(ReciprocityError(s) <= ReciprocalTol, $"{rc.Description} at {Wavelengths[p]}: |S − Sᵀ| = {ReciprocityError(s):E3}");
            Assert.True(MaxDifference(reference.S, s) <= AgreementTol, $"{rc.Description} at {Wavelengths[p]}: |S − S_dense| = {MaxDifference(reference.S, s):E3}");
        }
    }

    [Fact]
    public void TheDenseReferenceReproducesTheAnalyticAllPassRing()
    {
        // The reference itself against Bogaerts eq. 2, so that agreement above is agreement with physics:
        // through = (t − a·e^{iφ})/(1 − t·a·e^{iφ}). Same 1e-12 budget as RingTests.
        double coupling = 0.1, L = 62.83, wl = 1.5531;
        var c = TestCircuits.AllPassRing(coupling, L);
        var dense = DenseReference(c, wl, 25).S;
        double n = 2.34 - (wl - 1.55) * (3.4 - 2.34) / 1.55;
        var ae = Models.ModelTestHelpers.Expi(2 * Math.PI * n * L / wl);
        double t = Math.Sqrt(1 - coupling);
        var expected = (new Cx(t, 0) - ae) / (Cx.One - t * ae);
        AssertClose(expected, dense[1, 0], 1e-12, "through");
    }

    [Fact]
    public void RandomCircuitsCoverTheIntendedTopologies()
    {
        // The generator must produce loops through 4-ports connected to themselves or to each other, several
        // external ports and more than a chain, or the properties above say little.
        var shapes = Enumerable.Range(1, 24).Select(s => CircuitChecks.Random(s, false)).ToList();
        Assert.All(shapes, rc => Assert.True(rc.CycleRank >= 1));
        Assert.Contains(shapes, rc => rc.CycleRank >= 3);
        Assert.Contains(shapes, rc => rc.Circuit.ExternalPorts.Count >= 4);
        Assert.Contains(shapes, rc => rc.Circuit.Connections.Any(x => x.A.Instance == x.B.Instance));
        Assert.Contains(shapes, rc => rc.Reflectors >= 2);
    }
}
