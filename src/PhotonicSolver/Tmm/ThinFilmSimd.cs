using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using PhotonicSolver.Models;
using PhotonicSolver.Numerics;

namespace PhotonicSolver.Tmm;

/// <summary>
/// The CPU fast path of <see cref="ThinFilm"/> for spectra: the same scattering recursion, run on eight wavelengths
/// at once (Vector512). For a coherent stack whose indices do not depend on wavelength, at one angle and
/// polarisation, everything except the layer phases is the same for every wavelength, so
/// <see cref="Prepare"/> computes per interface the coefficients a, b, c and per layer 2π·d·q once, and the
/// per-point work per layer is one complex exponential (vector exp, and FastMath's sincos algorithm in vector form) and
/// one complex reciprocal. Agrees with the scalar solver to rounding (a few 1e-16 relative per layer).
/// </summary>
public static class ThinFilmSimd
{
    /// <summary>True when 512-bit vectors run in hardware; otherwise callers use the scalar solver.</summary>
    public static bool IsSupported => Vector512.IsHardwareAccelerated;

    public const int Lanes = 8;

    /// <summary>Wavelength-independent per-interface data for one (stack, angle, polarisation).</summary>
    public sealed class Constants
    {
        internal double[] PropRe = [], PropIm = [], ARe = [], AIm = [], BRe = [], BIm = [], CRe = [], CIm = [];
        /// <summary>Table rows (layers + 2).</summary>
        public int Rows { get; internal set; }
        /// <summary>T = |t|²·FluxRatio.</summary>
        public double FluxRatio { get; internal set; }

        internal void Ensure(int rows)
        {
            Rows = rows;
            if (PropRe.Length >= rows) return;
            PropRe = new double[rows]; PropIm = new double[rows]; ARe = new double[rows]; AIm = new double[rows];
            BRe = new double[rows]; BIm = new double[rows]; CRe = new double[rows]; CIm = new double[rows];
        }
    }

    /// <summary>
    /// Fills <paramref name="c"/> for a table (transparent incidence medium) at in-plane index β = n₀ sin θ₀.
    /// Interface j (rows j → j+1) gets a, b, c as in <see cref="ThinFilm"/>, and 2π·d_{j+1}·q_{j+1} for the
    /// layer behind it (0 when row j+1 is the exit medium).
    /// </summary>
    public static void Prepare(double[] table, int rows, double beta, int pol, Constants c)
    {
        c.Ensure(rows);
        double beta2 = beta * beta;
        bool isP = pol == Polarization.P;
        int last = rows - 1;
        Cx Q(Cx n) { Cx n2 = n * n; return CxMath.Sqrt(new Cx(n2.Re - beta2, n2.Im)); }
        Cx N(int row) => row == 0 ? new Cx(table[0], 0) : new Cx(table[row * 3], table[row * 3 + 1]);
        Cx nNext = N(last), qNext = Q(nNext);
        Cx nf = nNext, qf = qNext;
        for (int j = last - 1; j >= 0; j--)
        {
            Cx nj = N(j), qj = Q(nj);
            Cx prop = j + 1 < last ? table[(j + 1) * 3 + 2] * qNext : Cx.Zero; // d·q: turns per 1/λ
            Cx a, b, cc;
            if (isP) { a = nNext * nNext * qj; b = nj * nj * qNext; cc = 2.0 * (nj * nNext * qj); }
            else { a = qj; b = qNext; cc = 2.0 * qj; }
            c.PropRe[j] = prop.Re; c.PropIm[j] = prop.Im;
            c.ARe[j] = a.Re; c.AIm[j] = a.Im; c.BRe[j] = b.Re; c.BIm[j] = b.Im; c.CRe[j] = cc.Re; c.CIm[j] = cc.Im;
            nNext = nj; qNext = qj;
        }
        Cx n0 = nNext, q0 = qNext;
        c.FluxRatio = isP ? (nf * (qf / nf).Conj).Re / (n0 * (q0 / n0).Conj).Re : qf.Re / q0.Re;
    }

    // Cody–Waite split of π/2 and fdlibm's sin/cos kernels: the constants of FastMath.SinCos, so the vector sincos
    // below is the same algorithm as the scalar one (equal up to FMA contraction).
    private const double TwoOverPi = 6.36619772367581382433e-01;
    private const double Pio2_1 = 1.57079632673412561417e+00;
    private const double Pio2_2 = 6.07710050630396597660e-11;
    private const double Pio2_3 = 2.02226624871116645580e-21;
    private const double S1 = -1.66666666666666324348e-01, S2 = 8.33333333332248946124e-03, S3 = -1.98412698298579493134e-04;
    private const double S4 = 2.75573137070700676789e-06, S5 = -2.50507602534068634195e-08, S6 = 1.58969099521155010221e-10;
    private const double C1 = 4.16666666666666019037e-02, C2 = -1.38888888888741095749e-03, C3 = 2.48015872894767294178e-05;
    private const double C4 = -2.75573143513906633035e-07, C5 = 2.08757232129817482790e-09, C6 = -1.13596475577881948265e-11;

    /// <summary>sin and cos of eight arguments: reduction by π/2 and fdlibm's kernels, quadrant by selects.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void SinCos(Vector512<double> x, out Vector512<double> sin, out Vector512<double> cos)
    {
        var q = Vector512.Round(x * Vector512.Create(TwoOverPi));
        var r = x - q * Vector512.Create(Pio2_1);
        r -= q * Vector512.Create(Pio2_2);
        r -= q * Vector512.Create(Pio2_3);
        var z = r * r;
        var ps = Vector512.Create(S5) + z * Vector512.Create(S6);
        ps = Vector512.Create(S4) + z * ps;
        ps = Vector512.Create(S3) + z * ps;
        ps = Vector512.Create(S2) + z * ps;
        ps = Vector512.Create(S1) + z * ps;
        var sr = r + r * z * ps;
        var pc = Vector512.Create(C5) + z * Vector512.Create(C6);
        pc = Vector512.Create(C4) + z * pc;
        pc = Vector512.Create(C3) + z * pc;
        pc = Vector512.Create(C2) + z * pc;
        pc = Vector512.Create(C1) + z * pc;
        var one = Vector512<double>.One;
        var hz = Vector512.Create(0.5) * z;
        var w = one - hz;
        var cr = w + (((one - w) - hz) + z * z * pc);
        var qi = Vector512.ConvertToInt64(q);
        var odd = Vector512.Equals(qi & Vector512.Create(1L), Vector512.Create(1L)).AsDouble();
        var s0 = Vector512.ConditionalSelect(odd, cr, sr);
        var c0 = Vector512.ConditionalSelect(odd, sr, cr);
        // sin is negated in quadrants 2, 3; cos in quadrants 1, 2.
        var sinSign = Vector512.ShiftLeft(qi & Vector512.Create(2L), 62).AsDouble();
        var cosSign = Vector512.ShiftLeft((qi + Vector512.Create(1L)) & Vector512.Create(2L), 62).AsDouble();
        sin = Vector512.Xor(s0, sinSign);
        cos = Vector512.Xor(c0, cosSign);
    }

    /// <summary>The recursion state of eight wavelengths: 1/λ, Γ and τ.</summary>
    private struct Lane
    {
        public Vector512<double> K, GRe, GIm, TRe, TIm;
    }

    /// <summary>
    /// Solves <paramref name="wl"/>.Length wavelengths (µm) into <paramref name="results"/>. Sixteen wavelengths
    /// (two vectors) go through the layers together so that the two independent recursions overlap in the CPU's
    /// pipelines; the tail that does not fill a vector is padded with the last wavelength.
    /// </summary>
    public static void Solve(Constants c, ReadOnlySpan<double> wl, Span<TmmPoint> results)
    {
        Span<double> lane = stackalloc double[Lanes];
        Span<double> outBuf = stackalloc double[4 * Lanes];
        int last = c.Rows - 1;
        int p = 0;
        for (; p + 2 * Lanes <= wl.Length; p += 2 * Lanes)
        {
            var a = Start(wl, p, Lanes, lane);
            var b = Start(wl, p + Lanes, Lanes, lane);
            for (int j = last - 1; j >= 0; j--)
            {
                Step(ref a, c, j, j + 1 < last);
                Step(ref b, c, j, j + 1 < last);
            }
            Store(in a, c, results.Slice(p, Lanes), outBuf);
            Store(in b, c, results.Slice(p + Lanes, Lanes), outBuf);
        }
        for (; p < wl.Length; p += Lanes)
        {
            int n = Math.Min(Lanes, wl.Length - p);
            var a = Start(wl, p, n, lane);
            for (int j = last - 1; j >= 0; j--) Step(ref a, c, j, j + 1 < last);
            Store(in a, c, results.Slice(p, n), outBuf);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Lane Start(ReadOnlySpan<double> wl, int p, int n, Span<double> lane)
    {
        for (int i = 0; i < Lanes; i++) lane[i] = 1.0 / wl[p + Math.Min(i, n - 1)];
        return new Lane
        {
            K = Vector512.Create((ReadOnlySpan<double>)lane),
            GRe = Vector512<double>.Zero, GIm = Vector512<double>.Zero, TRe = Vector512<double>.One, TIm = Vector512<double>.Zero,
        };
    }

    /// <summary>One interface (and the layer behind it): the vector form of ThinFilm's loop body.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Step(ref Lane l, Constants c, int j, bool propagate)
    {
        var one = Vector512<double>.One;
        var gRe = l.GRe; var gIm = l.GIm; var tRe = l.TRe; var tIm = l.TIm;
        if (propagate)
        {
            // The phase in turns d·q/λ, reduced modulo 1 exactly (Round is exact, and the identity beyond 2^52),
            // then 2π·frac in [−π, π]: any thickness keeps |e| ≤ 1, as FastMath.SinCosTurns does for the scalar path.
            var turns = l.K * Vector512.Create(c.PropRe[j]);
            var frac = turns - Vector512.Round(turns);
            frac = Vector512.ConditionalSelect(Vector512.Equals(frac, frac), frac, Vector512<double>.Zero); // ∞ − ∞: a whole number of turns
            SinCos(Vector512.Create(2.0 * Math.PI) * frac, out var eIm, out var eRe);
            if (c.PropIm[j] != 0.0) // transparent layers (the common case) skip the exponential
            {
                var phIm = l.K * Vector512.Create(2.0 * Math.PI * c.PropIm[j]);
                var mag = Vector512.Exp(-Vector512.Min(phIm, Vector512.Create(745.0)));
                eRe *= mag; eIm *= mag;
            }
            var tr = tRe * eRe - tIm * eIm; tIm = tRe * eIm + tIm * eRe; tRe = tr;
            var e2Re = eRe * eRe - eIm * eIm; var e2Im = 2.0 * eRe * eIm;
            var gr = gRe * e2Re - gIm * e2Im; gIm = gRe * e2Im + gIm * e2Re; gRe = gr;
        }
        var aRe = Vector512.Create(c.ARe[j]); var aIm = Vector512.Create(c.AIm[j]);
        var bRe = Vector512.Create(c.BRe[j]); var bIm = Vector512.Create(c.BIm[j]);
        var uRe = one + gRe; var vRe = one - gRe;
        // a·u and b·v with u = 1 + G, v = 1 − G (Im u = Im G, Im v = −Im G).
        var auRe = aRe * uRe - aIm * gIm; var auIm = aRe * gIm + aIm * uRe;
        var bvRe = bRe * vRe + bIm * gIm; var bvIm = bIm * vRe - bRe * gIm;
        var dRe = auRe + bvRe; var dIm = auIm + bvIm;
        var nRe = auRe - bvRe; var nIm = auIm - bvIm;
        var invAbs = one / (dRe * dRe + dIm * dIm);
        var iRe = dRe * invAbs; var iIm = -dIm * invAbs;
        l.GRe = nRe * iRe - nIm * iIm; l.GIm = nRe * iIm + nIm * iRe;
        var cRe = Vector512.Create(c.CRe[j]); var cIm = Vector512.Create(c.CIm[j]);
        var ctRe = cRe * tRe - cIm * tIm; var ctIm = cRe * tIm + cIm * tRe;
        l.TRe = ctRe * iRe - ctIm * iIm; l.TIm = ctRe * iIm + ctIm * iRe;
    }

    private static void Store(in Lane l, Constants c, Span<TmmPoint> results, Span<double> outBuf)
    {
        l.GRe.CopyTo(outBuf); l.GIm.CopyTo(outBuf[Lanes..]); l.TRe.CopyTo(outBuf[(2 * Lanes)..]); l.TIm.CopyTo(outBuf[(3 * Lanes)..]);
        for (int i = 0; i < results.Length; i++) results[i] = Point(outBuf[i], outBuf[Lanes + i], outBuf[2 * Lanes + i], outBuf[3 * Lanes + i], c.FluxRatio);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TmmPoint Point(double gRe, double gIm, double tRe, double tIm, double flux)
    {
        double r = gRe * gRe + gIm * gIm, t = (tRe * tRe + tIm * tIm) * flux;
        return new TmmPoint
        {
            Reflection = new Cx(gRe, gIm), Transmission = new Cx(tRe, tIm),
            Reflectance = r, Transmittance = t, Absorptance = 1.0 - r - t,
        };
    }
}
