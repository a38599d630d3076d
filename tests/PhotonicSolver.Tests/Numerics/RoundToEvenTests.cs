using PhotonicSolver.Numerics;

namespace PhotonicSolver.Tests.Numerics;

/// <summary>
/// FastMath's branch-free rounding (used by SinCos and Exp so that GPUs get plain arithmetic) must equal
/// Math.Round (ties to even) in value wherever SinCos and Exp use it: |x| ≤ 2/π·1.6e6 and |x| ≤ 1023.
/// </summary>
public class RoundToEvenTests
{
    [Fact]
    public void EqualsMathRoundOnRandomArgumentsAndTies()
    {
        var rng = new Random(20240601);
        for (int i = 0; i < 200_000; i++)
        {
            double x = (2 * rng.NextDouble() - 1) * Math.Pow(2, rng.Next(-60, 50));
            Assert.Equal(Math.Round(x), FastMath.RoundToEven(x));
        }
        foreach (double x in new[] { 0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 1e6 + 0.5, -1e6 - 0.5, 0.49999999999999994, 4503599627370495.5 / 4, 1023.5, -1022.5 })
            Assert.Equal(Math.Round(x), FastMath.RoundToEven(x));
    }
}
