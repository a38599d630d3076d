using System.Runtime.CompilerServices;
using PhotonicSolver.Models;
using PhotonicSolver.Numerics;

namespace PhotonicSolver.Tmm;

/// <summary>Polarisation codes used in tables and kernels.</summary>
public static class Polarization
{
    /// <summary>s (TE): electric field perpendicular to the plane of incidence.</summary>
    public const int S = 0;
    /// <summary>p (TM): electric field in the plane of incidence.</summary>
    public const int P = 1;

    public static string Name(int pol) => pol == S ? "s" : "p";
}

/// <summary>The coherent result of one (wavelength, angle, polarisation) point.</summary>
public struct TmmPoint
{
    /// <summary>Reflection amplitude r (Byrnes/tmm convention; for p, r → (n₂−n₁)/(n₂+n₁) at normal incidence).</summary>
    public Cx Reflection;
    /// <summary>Transmission amplitude t (tmm convention: ratio of the total E-field amplitudes).</summary>
    public Cx Transmission;
    /// <summary>Reflectance R = |r|².</summary>
    public double Reflectance;
    /// <summary>Transmittance T = |t|²·Re(n_f cos θ_f)/Re(n_i cos θ_i) (s) or with conj(cos θ) (p), tmm's T_from_t.</summary>
    public double Transmittance;
    /// <summary>
    /// Absorptance A: power entering the first interface minus T (tmm's power_entering − T), which is 1 − R − T
    /// for a transparent incidence medium.
    /// </summary>
    public double Absorptance;
}

/// <summary>
/// Coherent thin-film transfer-matrix method for s and p polarisation at oblique incidence with complex indices
/// n + i·k (k ≥ 0 absorbs; fields ∝ exp(i(k·r − ωt)), as in Byrnes, "Multilayer optical calculations",
/// arXiv:1603.02720, and his `tmm` package). Results are the same r, t, R, T as tmm's <c>coh_tmm</c>.
/// <para>
/// <b>Stack table.</b> A flat table of doubles read through <see cref="IParamSource"/>, three per row
/// (<see cref="Stride"/>): row 0 is the incidence medium (n, k, unused), rows 1..N the layers (n, k, d in µm),
/// row N+1 the exit medium (n, k, unused). Given an angle, the incidence medium is read as transparent (its k is
/// ignored) so that n₀·sin θ₀ is real; <see cref="SolveBeta{TP}"/> takes the in-plane index β = n₀ sin θ₀ instead
/// and accepts an absorbing incidence medium, as tmm does.
/// </para>
/// <para>
/// <b>Numerical form.</b> Instead of multiplying 2×2 transfer matrices (whose entries grow like e^{Im δ} in
/// thick absorbing or evanescent layers and overflow), the stack is folded from the exit side with the
/// scattering (Rouard/Airy) recursion: Γ_j = (r_j + Γ_{j+1}e^{2iδ})/(1 + r_jΓ_{j+1}e^{2iδ}),
/// τ_j = t_jτ_{j+1}e^{iδ}/(1 + r_jΓ_{j+1}e^{2iδ}). Every layer's kz is the root with Im ≥ 0, so |e^{iδ}| ≤ 1:
/// nothing grows, opaque layers underflow to an exact 0, and 10⁴ layers cost 10⁴ steps with O(1) state.
/// Writing r_j = (a−b)/(a+b) and t_j = c/(a+b) merges the two divisions into one per layer.
/// </para>
/// <para>
/// <b>Phases.</b> δ = 2π·d·q/λ is formed in turns (d·q/λ) and reduced modulo 1 exactly before the sine and cosine
/// (<see cref="FastMath.SinCosTurns"/>): a 10¹⁷ µm layer has ~10¹⁷ turns, whose fp64 value is a whole number, so
/// its phase is 0 mod 2π instead of the garbage of a radian reduction past 2^51, and lossless stacks keep R + T = 1.
/// </para>
/// <para>
/// Kernel-safe: value types, no allocation, <see cref="FastMath"/> for exp and sincos.
/// </para>
/// </summary>
public static class ThinFilm
{
    /// <summary>Doubles per table row: n, k, d.</summary>
    public const int Stride = 3;

    /// <summary>
    /// Largest |n| and |k| the solver takes: the p-polarised interface terms grow like n³ and their products like
    /// n⁶, so beyond ~1e50 they overflow fp64 and results turn NaN. Inputs are refused above it, with their name.
    /// </summary>
    public const double MaxIndex = 1e50;

    /// <summary>
    /// Solves one point. <paramref name="rows"/> = layers + 2; <paramref name="wl"/> in µm (the same unit as the
    /// thicknesses); <paramref name="theta0"/> the angle of incidence in radians, in [0, π/2), in a transparent
    /// incidence medium (row 0's k is not read); <paramref name="pol"/> a <see cref="Polarization"/> code.
    /// </summary>
    public static TmmPoint Solve<TP>(ref TP p, int offset, int rows, double wl, double theta0, int pol)
        where TP : struct, IParamSource
    {
        FastMath.SinCos(theta0, out double sin0, out _);
        return SolveBeta(ref p, offset, rows, wl, p.Get(offset) * sin0, pol, true);
    }

    /// <summary>
    /// Solves one point given the conserved in-plane index β = n₀·sin θ₀ (real). The incidence medium may absorb
    /// here (row 0's k is used; tmm's complex θ₀ with real n₀ sin θ₀), which the incoherent combination needs for
    /// coherent sub-stacks that start in a thick absorbing layer. With <paramref name="transparentIncidence"/>
    /// row 0 is read as real n₀.
    /// </summary>
    public static TmmPoint SolveBeta<TP>(ref TP p, int offset, int rows, double wl, double beta, int pol, bool transparentIncidence = false)
        where TP : struct, IParamSource
    {
        double beta2 = beta * beta;
        double invWl = 1.0 / wl;
        bool isP = pol == Polarization.P;

        // Exit medium: qf = n_f cos θ_f with Im ≥ 0 (tmm's forward angle).
        int last = rows - 1;
        Cx nf = Index(ref p, offset, last);
        Cx nf2 = nf * nf;
        Cx qf = CxMath.Sqrt(new Cx(nf2.Re - beta2, nf2.Im));

        // Looking into the exit medium from itself: no reflection, unit transmission.
        Cx gamma = Cx.Zero, tau = Cx.One;
        Cx nNext = nf, nNext2 = nf2, qNext = qf;
        Cx nj = nf, nj2 = nf2, qj = qf;
        for (int j = last - 1; j >= 0; j--)
        {
            nj = j == 0 && transparentIncidence ? new Cx(p.Get(offset), 0.0) : Index(ref p, offset, j);
            nj2 = nj * nj;
            qj = CxMath.Sqrt(new Cx(nj2.Re - beta2, nj2.Im));

            // Layer j+1 lies between interface j and the part already folded: carry Γ, τ across it.
            if (j + 1 < last)
            {
                double d = p.Get(offset + (j + 1) * Stride + 2);
                // e^{iδ}, δ = 2π·d·q/λ: the phase in turns d·q/λ is reduced modulo 1 exactly, so a layer of any
                // thickness keeps |e| ≤ 1 (|e| = 1 when lossless) and R + T = 1.
                Cx e = CxMath.ExpiTurns((d * invWl) * qNext);
                tau *= e;
                gamma *= e * e;
            }

            // Interface j → j+1 (tmm's interface_r/interface_t): s: a = q_j, b = q_{j+1}, c = 2q_j;
            // p: a = n_{j+1}² q_j, b = n_j² q_{j+1}, c = 2 n_j n_{j+1} q_j.
            Cx a, b, c;
            if (isP)
            {
                a = nNext2 * qj; b = nj2 * qNext; c = 2.0 * (nj * nNext * qj);
            }
            else
            {
                a = qj; b = qNext; c = 2.0 * qj;
            }
            Cx u = Cx.One + gamma, v = Cx.One - gamma;
            Cx inv = (a * u + b * v).Reciprocal();
            gamma = (a * u - b * v) * inv;
            tau = c * tau * inv;

            nNext = nj; nNext2 = nj2; qNext = qj;
        }
        // After the loop nj, qj describe the incidence medium.
        Cx n0 = nj, q0 = qj;

        var result = new TmmPoint { Reflection = gamma, Transmission = tau, Reflectance = gamma.Abs2 };
        // tmm's T_from_t and power_entering_from_r: the power flux through a plane is Re(n cos θ) (s) or
        // Re(n·conj(cos θ)) (p) times |amplitude|², with cos θ = q/n.
        Cx one = Cx.One;
        double inFlux, outFlux, entering;
        if (isP)
        {
            Cx w0 = n0 * (q0 / n0).Conj;
            inFlux = w0.Re;
            outFlux = (nf * (qf / nf).Conj).Re;
            entering = (w0 * (one + gamma) * (one - gamma.Conj)).Re / inFlux;
        }
        else
        {
            inFlux = q0.Re;
            outFlux = qf.Re;
            entering = (q0 * (one + gamma.Conj) * (one - gamma)).Re / inFlux;
        }
        result.Transmittance = tau.Abs2 * outFlux / inFlux;
        result.Absorptance = entering - result.Transmittance;
        return result;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Cx Index<TP>(ref TP p, int offset, int row) where TP : struct, IParamSource
        => new(p.Get(offset + row * Stride), p.Get(offset + row * Stride + 1));
}
