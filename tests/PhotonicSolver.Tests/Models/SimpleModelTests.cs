using PhotonicSolver.Models;
using PhotonicSolver.Numerics;
using static PhotonicSolver.Tests.CircuitChecks;
using static PhotonicSolver.Tests.Models.ModelTestHelpers;

namespace PhotonicSolver.Tests.Models;

/// <summary>phase_shifter, attenuator, terminator and reflector against their defining formulas.</summary>
public class SimpleModelTests
{
    // Unit-modulus or O(1) values from one FastMath call: sin/cos ≤ 2e-16 absolute, Exp ≤ 4e-16 relative
    // (FastMathTests), times at most one more rounding.
    private const double Tol = 1e-15;

    [Theory]
    [InlineData(1.3, 0.0, 20.0)]
    [InlineData(-2.0, 0.0, 20.0)]
    [InlineData(0.0, 20.0, 20.0)]   // P = Pπ: π
    [InlineData(0.0, 7.5, 15.0)]    // P = Pπ/2: π/2
    [InlineData(0.4, 3.0, 12.0)]    // phase and heater add
    public void PhaseShifterPhaseIsPhasePlusPiTimesPowerOverPpi(double phase, double powerMw, double pPiMw)
    {
        var s = Dense(PhaseShifter.Info, ("phase", phase), ("power_mW", powerMw), ("p_pi_mW", pPiMw));
        // Δφ = π·P/Pπ (CONVENTIONS; Harris et al. 2014).
        Cx expected = Expi(phase + Math.PI * powerMw / pPiMw);
        AssertClose(expected, s[1, 0], Tol, "S21");
        Assert.Equal(s[1, 0], s[0, 1]);
        Assert.Equal(Cx.Zero, s[0, 0]);
    }

    [Fact]
    public void PhaseShifterAtPpiInvertsTheField()
    {
        var s = Dense(PhaseShifter.Info, ("power_mW", 33.0), ("p_pi_mW", 33.0));
        AssertClose(new Cx(-1, 0), s[1, 0], Tol, "S21 at P = Pπ");
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.5)]
    [InlineData(3.0)]
    public void PhaseShifterInsertionLoss(double lossDb)
    {
        var s = Dense(PhaseShifter.Info, ("phase", 0.9), ("loss_dB", lossDb));
        Assert.Equal(Math.Pow(10, -lossDb / 10), s[1, 0].Abs2, Tol);
        Assert.Equal(0.9, s[1, 0].Phase, 1e-15); // atan2 of a correctly rounded point: ≤ 2 ulp of 0.9
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(3.0)]
    [InlineData(10.0)]
    [InlineData(37.5)]
    public void AttenuatorIsARealFieldRatioOfTenToMinusDbOverTwenty(double lossDb)
    {
        var s = Dense(Attenuator.Info, ("loss_dB", lossDb));
        double expected = Math.Pow(10, -lossDb / 20);
        // dB → field conversion: relative (1 + |u|)·5e-16, u = ln10·dB/20 (FastMathTests).
        Assert.Equal(expected, s[1, 0].Re, (1 + Math.Log(10) * lossDb / 20) * 5e-16 * expected);
        Assert.Equal(0.0, s[1, 0].Im);
        Assert.Equal(s[1, 0], s[0, 1]);
        Assert.Equal(Cx.Zero, s[0, 0]);
        Assert.Equal(Cx.Zero, s[1, 1]);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1e-4)]
    [InlineData(0.04)]
    [InlineData(1.0)]
    public void TerminatorReflectsTheSquareRootOfItsPowerReflection(double reflection)
    {
        var s = Dense(Terminator.Info, ("reflection", reflection));
        Assert.Equal(1, s.GetLength(0));
        Assert.Equal(Math.Sqrt(reflection), s[0, 0].Re);
        Assert.Equal(0.0, s[0, 0].Im);
        Assert.Equal(reflection, s[0, 0].Abs2, Tol);
    }

    [Theory]
    [InlineData(0.3, 0.0)]
    [InlineData(0.99, 0.0)]
    [InlineData(0.0, 0.0)]
    [InlineData(1.0, 0.0)]
    [InlineData(0.5, 1.0)]
    public void ReflectorPowersAndStokesRelations(double R, double lossDb)
    {
        var s = Dense(Reflector.Info, ("reflectivity", R), ("loss_dB", lossDb));
        double a2 = Math.Pow(10, -lossDb / 10);
        Assert.Equal(R * a2, s[0, 0].Abs2, Tol);
        Assert.Equal(R * a2, s[1, 1].Abs2, Tol);
        Assert.Equal((1 - R) * a2, s[1, 0].Abs2, Tol);
        Assert.Equal(s[0, 0], s[1, 1]);
        Assert.Equal(s[1, 0], s[0, 1]);
        // Stokes: r·t* + t·r* = 0, i.e. reflection and transmission in quadrature (Hecht §4.10).
        Cx stokes = s[0, 0] * s[1, 0].Conj + s[1, 0] * s[0, 0].Conj;
        Assert.Equal(0.0, stokes.Abs, Tol);
        // Lossless ⇒ unitary (a few roundings per entry of S†S).
        if (lossDb == 0) Assert.True(UnitarityError(s) < Tol, $"|S†S − I| = {UnitarityError(s):E3}");
        else Assert.Equal(1 - a2, 1 - s[0, 0].Abs2 - s[1, 0].Abs2, Tol);
    }
}
