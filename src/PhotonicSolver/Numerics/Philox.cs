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

    /// <summary>Philox4x32-10 of a counter under a key: ten rounds, the key bumped by the Weyl constants between them.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Philox4 Generate(Philox4 counter, uint key0, uint key1)
    {
        uint c0 = counter.X0, c1 = counter.X1, c2 = counter.X2, c3 = counter.X3;
        Round(ref c0, ref c1, ref c2, ref c3, key0, key1);
        Round(ref c0, ref c1, ref c2, ref c3, key0 + W0, key1 + W1);
        Round(ref c0, ref c1, ref c2, ref c3, key0 + unchecked(2 * W0), key1 + unchecked(2 * W1));
        Round(ref c0, ref c1, ref c2, ref c3, key0 + unchecked(3 * W0), key1 + unchecked(3 * W1));
        Round(ref c0, ref c1, ref c2, ref c3, key0 + unchecked(4 * W0), key1 + unchecked(4 * W1));
        Round(ref c0, ref c1, ref c2, ref c3, key0 + unchecked(5 * W0), key1 + unchecked(5 * W1));
        Round(ref c0, ref c1, ref c2, ref c3, key0 + unchecked(6 * W0), key1 + unchecked(6 * W1));
        Round(ref c0, ref c1, ref c2, ref c3, key0 + unchecked(7 * W0), key1 + unchecked(7 * W1));
        Round(ref c0, ref c1, ref c2, ref c3, key0 + unchecked(8 * W0), key1 + unchecked(8 * W1));
        Round(ref c0, ref c1, ref c2, ref c3, key0 + unchecked(9 * W0), key1 + unchecked(9 * W1));
        return new Philox4(c0, c1, c2, c3);
    }

    /// <summary>One round: (hi, lo) of M0·c0 and M1·c2, then c = (hi1 ^ c1 ^ k0, lo1, hi0 ^ c3 ^ k1, lo0).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Round(ref uint c0, ref uint c1, ref uint c2, ref uint c3, uint key0, uint key1)
    {
        ulong p0 = (ulong)M0 * c0;
        ulong p1 = (ulong)M1 * c2;
        c0 = (uint)(p1 >> 32) ^ c1 ^ key0;
        c2 = (uint)(p0 >> 32) ^ c3 ^ key1;
        c1 = (uint)p1;
        c3 = (uint)p0;
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
