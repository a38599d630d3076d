using System.Runtime.CompilerServices;

namespace PhotonicSolver.Numerics;

/// <summary>Four 32-bit words: a Philox counter or output block.</summary>
public readonly struct Philox4
{
    public readonly uint X0, X1, X2, X3;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Philox4(uint x0, uint x1, uint x2, uint x3) { X0 = x0; X1 = x1; X2 = x2; X3 = x3; }
}

/// <summary>
/// Philox4x32-10, the counter-based generator of Salmon, Moraes, Dror and Shaw, "Parallel random numbers: as easy
/// as 1, 2, 3" (SC11, 2011), as in the Random123 library (checked against its known-answer vectors). Output is a
/// pure function of (counter, key): no state, so any sample of any stream is computed directly, in any order, on
/// any backend. Only 32-bit integer multiplies, xors and adds: kernel-safe and bit-exact everywhere.
/// </summary>
public static class Philox
{
    public const uint M0 = 0xD2511F53, M1 = 0xCD9E8D57;   // round multipliers
    public const uint W0 = 0x9E3779B9, W1 = 0xBB67AE85;   // Weyl key increments (golden ratio, √3 − 1)
    public const int Rounds = 10;

    /// <summary>Philox4x32 with <paramref name="rounds"/> rounds (10 is the standard, crush-resistant choice).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Philox4 Generate(Philox4 counter, uint key0, uint key1, int rounds = Rounds)
    {
        uint c0 = counter.X0, c1 = counter.X1, c2 = counter.X2, c3 = counter.X3;
        for (int r = 0; r < rounds; r++)
        {
            if (r > 0) { key0 += W0; key1 += W1; }
            ulong p0 = (ulong)M0 * c0;
            ulong p1 = (ulong)M1 * c2;
            uint n0 = (uint)(p1 >> 32) ^ c1 ^ key0;
            uint n2 = (uint)(p0 >> 32) ^ c3 ^ key1;
            c1 = (uint)p1;
            c3 = (uint)p0;
            c0 = n0;
            c2 = n2;
        }
        return new Philox4(c0, c1, c2, c3);
    }

    /// <summary>2^-53.</summary>
    private const double TwoPowMinus53 = 1.0 / 9007199254740992.0;

    /// <summary>The top 53 bits of (hi:lo) as a double in (0, 1]: never 0, so its logarithm is finite.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double UnitOpenAtZero(uint lo, uint hi) => (double)(((((ulong)hi << 32) | lo) >> 11) + 1) * TwoPowMinus53;

    /// <summary>The top 53 bits of (hi:lo) as a double in [0, 1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double UnitOpenAtOne(uint lo, uint hi) => (double)((((ulong)hi << 32) | lo) >> 11) * TwoPowMinus53;
}
