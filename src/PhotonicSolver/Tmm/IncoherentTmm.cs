using System.Runtime.CompilerServices;
using PhotonicSolver.Models;
using PhotonicSolver.Numerics;

namespace PhotonicSolver.Tmm;

/// <summary>
/// Partly incoherent stacks (Byrnes, arXiv:1603.02720 §4 and tmm's <c>inc_tmm</c>): thick layers (substrates) in
/// which the phase is averaged away, so light adds in power there. The incoherent media (the two outer ones and
/// each incoherent layer) split the stack into coherent sub-stacks; each sub-stack (or bare interface) gives
/// power R and T from both sides by the coherent TMM, and a thick layer passes P = exp(−4π·d·Im(n cos θ)/λ) per
/// single pass. The chain is folded from the exit side in power, the incoherent analogue of the amplitude recursion:
/// R_i = R_f + T_f·P·R'·P·T_b/(1 − R_b·P·R'·P), T_i = T_f·P·T'/(1 − R_b·P·R'·P) — the same sums as tmm's test
/// formulas, with no growing matrices (an opaque substrate gives P = 0 exactly, not tmm's 1e-30 floor).
/// </summary>
public static class IncoherentTmm
{
    /// <summary>
    /// Solves one point. <paramref name="coherent"/>[row] says whether table row is a coherent layer (rows 0 and
    /// last are the outer media and are treated as incoherent). β = n₀ sin θ₀. r and t are NaN (undefined).
    /// </summary>
    public static TmmPoint Solve(double[] table, int rows, bool[] coherent, double wl, double beta, int pol)
    {
        // Fold from the exit medium: seen from the end of incoherent medium `b`, reflectance rNext, transmittance tNext.
        double rNext = 0.0, tNext = 1.0;
        int b = rows - 1;
        while (b > 0)
        {
            int a = b - 1;
            while (a > 0 && coherent[a]) a--;
            // Sub-stack rows a..b: a and b incoherent media, rows between coherent layers.
            var fwd = new RowView(table, a, b - a + 1, reversed: false);
            var bwd = new RowView(table, a, b - a + 1, reversed: true);
            var f = ThinFilm.SolveBeta(ref fwd, 0, b - a + 1, wl, beta, pol);
            var r = ThinFilm.SolveBeta(ref bwd, 0, b - a + 1, wl, beta, pol);
            // Single-pass power transmission through medium b (1 for the exit medium, whose reflection is 0 anyway).
            double p = b == rows - 1 ? 1.0 : SinglePass(table, b, wl, beta);
            double loop = r.Reflectance * p * rNext * p;
            double inv = 1.0 / (1.0 - loop);
            double rr = f.Reflectance + f.Transmittance * p * rNext * p * r.Transmittance * inv;
            tNext = f.Transmittance * p * tNext * inv;
            rNext = rr;
            b = a;
        }
        return new TmmPoint
        {
            Reflection = new Cx(double.NaN, double.NaN),
            Transmission = new Cx(double.NaN, double.NaN),
            Reflectance = rNext,
            Transmittance = tNext,
            Absorptance = 1.0 - rNext - tNext,
        };
    }

    /// <summary>exp(−4π·d·Im(q)/λ), q = √(n² − β²): the power left after one pass through a thick layer.</summary>
    public static double SinglePass(double[] table, int row, double wl, double beta)
    {
        int o = row * ThinFilm.Stride;
        Cx n = new(table[o], table[o + 1]);
        Cx n2 = n * n;
        Cx q = CxMath.Sqrt(new Cx(n2.Re - beta * beta, n2.Im));
        return FastMath.Exp(-4.0 * Math.PI * table[o + 2] * q.Im / wl);
    }

    /// <summary>Rows first..first+count−1 of a table, optionally in reverse order, as a parameter source.</summary>
    private readonly struct RowView(double[] table, int first, int count, bool reversed) : IParamSource
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public double Get(int index)
        {
            int row = index / ThinFilm.Stride, col = index - row * ThinFilm.Stride;
            int src = reversed ? first + count - 1 - row : first + row;
            return table[src * ThinFilm.Stride + col];
        }
    }
}
