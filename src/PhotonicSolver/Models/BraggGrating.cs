using System.Runtime.CompilerServices;
using PhotonicSolver.Numerics;
using PhotonicSolver.Tmm;

namespace PhotonicSolver.Models;

/// <summary>
/// Waveguide Bragg grating by piecewise-uniform coupled-mode theory (T. Erdogan, "Fiber grating spectra",
/// JLT 15, 1277 (1997), §III-B).
/// <code>
///   o1 ─┤│││││││││├─ o2      z = 0 at o1, z = length at o2
/// </code>
/// <para>
/// The grating is cut into uniform pieces: the <c>sections</c> equal sections, further split where a sampling burst
/// starts or ends and at the phase shift. In each piece κ, the period Λ and the detuning are constant:
/// β = 2π·neff(λ, T)/λ with neff linear in λ about wl0 (the straight's dispersion) plus dneff_dT·(T − 25 °C),
/// σ̂ = β − π/Λ + i·α/2 (α the power loss), γ = √(κ² − σ̂²), and Erdogan's piece matrix
/// F = [[cosh γΔz − iσ̂/γ·sinh γΔz, −iκ/γ·sinh γΔz], [iκ/γ·sinh γΔz, cosh γΔz + iσ̂/γ·sinh γΔz]] relates the
/// slowly varying amplitudes (R, S) at the piece's two ends. A phase shift φ in the grating is
/// F_φ = diag(e^{−iφ/2}, e^{iφ/2}).
/// </para>
/// <para>
/// Numerics: each piece is turned into its scattering matrix (s₁₁ = s₂₂ = F₂₁/F₁₁, s₂₁ = s₁₂ = 1/F₁₁), written
/// with E = e^{−γΔz} and (1 − E²)/(γΔz) (a series near γ = 0, the band edge) so that no cosh overflows, and the
/// pieces are chained by Redheffer star products: every intermediate quantity stays bounded by 1 for a passive
/// grating, for any κL, length or number of sections. One loop over the pieces per point, value types only
/// (kernel-safe).
/// </para>
/// <para>
/// Reference planes: the grating phase is 0 at o1. Physical amplitudes are the envelopes times e^{±iΦ(z)/2},
/// Φ(z) = ∫2π/Λ dz + phase jumps, so S11 = ρ, S21 = S12 = t·e^{iΦ(L)/2}, S22 = ρ'·e^{iΦ(L)} (reciprocal, and
/// unitary when lossless). With κ = 0 the grating is a straight waveguide: S21 = e^{iβL}.
/// </para>
/// Settings codes: apodization 0 = none, 1 = Gaussian κ(z) = κ₀·exp(−4 ln2·((z − L/2)/(w·L))²), 2 = raised cosine
/// κ(z) = κ₀·(1 + cos(π(z − L/2)/(w·L)))/2 for |z − L/2| ≤ w·L, else 0; w = apod_width is the FWHM as a fraction of L
/// in both. Apodization is of the coupling only (no dc index change).
/// </summary>
public static class BraggGrating
{
    public const int Length = 0, Neff = 1, Ng = 2, Wl0 = 3, WlBragg = 4, Period = 5, Kappa = 6, Dn = 7, Eta = 8,
        Sections = 9, Apodization = 10, ApodWidth = 11, ChirpNm = 12, PhaseShift = 13, PhasePos = 14,
        SamplePeriod = 15, SampleDuty = 16, LossDbPerCm = 17, DneffDT = 18;

    /// <summary>Apodization codes.</summary>
    public const int ApodNone = 0, ApodGaussian = 1, ApodRaisedCosine = 2;

    /// <summary>Most uniform pieces one point may walk (sections plus sampling edges), so a kernel's loop is bounded.</summary>
    public const int MaxPieces = 1_000_000;

    public static readonly ModelInfo Info = new()
    {
        Id = ModelIds.BraggGrating,
        Name = "bragg_grating",
        Summary = "Waveguide Bragg grating (coupled-mode TMM): uniform, apodized, chirped, phase-shifted or sampled; reflection in S11/S22.",
        Ports = ["o1", "o2"],
        Diagram = "o1 ─┤││││││├─ o2",
        Settings =
        [
            new("length", "µm", 100.0, 1e-6, 1e5, "grating length L (≤ 10 cm keeps the grating phase within the fp64 sincos range)"),
            new("neff", "", 2.34, 1e-6, 10, "mean effective index at wl0 and 25 °C"),
            new("ng", "", 3.4, 1e-6, 20, "group index at wl0 (linear dispersion of neff)"),
            new("wl0", "µm", 1.55, 1e-3, 100, "wavelength at which neff and ng are given"),
            new("wl_bragg", "µm", 1.55, 1e-3, 100, "Bragg wavelength at 25 °C (sets the period when period = 0)"),
            new("period", "µm", 0.0, 0, 1000, "grating period Λ at z = L/2; 0: Λ = wl_bragg/(2·neff(wl_bragg))"),
            new("kappa", "1/µm", 0.01, 0, 100, "coupling coefficient κ (used when dn = 0)"),
            new("dn", "", 0.0, 0, 10, "index modulation amplitude; > 0 sets κ = π·dn·eta/λ (Erdogan eq. 8)"),
            new("eta", "", 1.0, 0, 1, "mode overlap / fringe visibility for κ from dn"),
            new("sections", "", 100, 1, 100_000, "number of uniform sections (integer)"),
            new("apodization", "", 0, 0, 2, "0 none, 1 Gaussian, 2 raised cosine (integer code)"),
            new("apod_width", "", 0.5, 1e-6, 1e3, "apodization FWHM as a fraction of the length"),
            new("chirp_nm", "nm", 0.0, -1e5, 1e5, "linear chirp: Bragg wavelength at o2 minus at o1"),
            new("phase_shift", "rad", 0.0, -100, 100, "phase shift of the grating (π: λ/4-shifted)"),
            new("phase_pos", "", 0.5, 0, 1, "phase-shift position as a fraction of the length from o1"),
            new("sample_period", "µm", 0.0, 0, 1e7, "sampled grating: burst period; 0 = not sampled"),
            new("sample_duty", "", 0.5, 0, 1, "sampled grating: fraction of each burst period with grating (from its start)"),
            new("loss_dB_cm", "dB/cm", 0.0, 0, 1e6, "propagation loss"),
            new("dneff_dT", "1/K", Straight.SiliconDnDT, double.NegativeInfinity, double.PositiveInfinity, "thermo-optic coefficient of neff"),
        ],
        Pattern = ModelInfo.Reciprocal((0, 0, 0), (1, 0, 1), (1, 1, 2)),
        Reference = "T. Erdogan, \"Fiber grating spectra\", J. Lightwave Technol. 15, 1277 (1997): coupled-mode theory, piecewise-uniform TMM; Rmax = tanh²(κL).",
        DependsOnWavelength = true,
        DependsOnTemperature = true,
        Validate = Check,
    };

    private static string? Check(double[] s)
    {
        foreach (var (i, name) in new[] { (Sections, "sections"), (Apodization, "apodization") })
            if (s[i] != Math.Floor(s[i])) return $"{name} must be a whole number (got {s[i]})";
        double pieces = s[Sections] + (s[SamplePeriod] > 0 ? 2 * Math.Ceiling(s[Length] / s[SamplePeriod]) : 0) + 2;
        if (pieces > MaxPieces)
            return $"the grating needs {pieces:G4} uniform pieces (sections plus two per sampling burst); at most {MaxPieces} are allowed";
        double lambdaB = s[Period] > 0 ? BraggWavelength(s[Period], s[Neff], s[Ng], s[Wl0]) : s[WlBragg];
        if (!(lambdaB > 0)) return "the period and dispersion give no positive Bragg wavelength";
        return null;
    }

    /// <summary>Bragg wavelength λ_B = 2·neff(λ_B)·Λ of a period Λ with neff linear about wl0 (at 25 °C).</summary>
    public static double BraggWavelength(double period, double neff0, double ng, double wl0)
    {
        double slope = (ng - neff0) / wl0; // neff(λ) = neff0 − (λ − wl0)·slope
        return 2 * period * (neff0 + wl0 * slope) / (1 + 2 * period * slope);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Evaluate<TP>(ref TP p, int o, double wl, double temperatureC, ref Slots s) where TP : struct, IParamSource
    {
        double length = p.Get(o + Length), neff0 = p.Get(o + Neff), ng = p.Get(o + Ng), wl0 = p.Get(o + Wl0);
        double dneffdT = p.Get(o + DneffDT);

        // Period at the centre, and the Bragg wavelength / effective index it belongs to (25 °C).
        double period = p.Get(o + Period), lambdaB;
        if (period > 0) lambdaB = BraggWavelength(period, neff0, ng, wl0);
        else
        {
            lambdaB = p.Get(o + WlBragg);
            period = lambdaB / (2 * Straight.EffectiveIndex(neff0, ng, wl0, 0, lambdaB, Straight.ReferenceTemperatureC));
        }
        double neffB = Straight.EffectiveIndex(neff0, ng, wl0, 0, lambdaB, Straight.ReferenceTemperatureC);
        // λ_B = 2·neff(λ_B)·Λ  ⇒  dλ_B = (2·neff²/ng)·dΛ: the period change that gives chirp_nm of Bragg shift.
        double dPeriod = p.Get(o + ChirpNm) * 1e-3 * ng / (2 * neffB * neffB);

        double kappa0 = p.Get(o + Dn) > 0 ? Math.PI * p.Get(o + Dn) * p.Get(o + Eta) / wl : p.Get(o + Kappa);
        double beta = 2 * Math.PI * Straight.EffectiveIndex(neff0, ng, wl0, dneffdT, wl, temperatureC) / wl;
        // Field loss rate α/2 (1/µm) from dB/cm: ln(10)/20 per dB, 1e-4 cm per µm.
        double alphaHalf = p.Get(o + LossDbPerCm) * 0.11512925464970228420 * 1e-4;

        int sections = (int)p.Get(o + Sections);
        int apod = (int)p.Get(o + Apodization);
        double apodW = p.Get(o + ApodWidth) * length;
        double phi = p.Get(o + PhaseShift), zPhase = p.Get(o + PhasePos) * length;
        double sampleP = p.Get(o + SamplePeriod), duty = p.Get(o + SampleDuty);
        bool sampled = sampleP > 0;

        // Accumulated scattering matrix (reciprocal: a21 = a12), starting as the identity connection.
        Cx a11 = Cx.Zero, a21 = Cx.One, a22 = Cx.Zero;
        double halfPhase = 0; // Φ/2 accumulated: Σ π·Δz/Λ + φ/2 at jumps
        bool phaseDone = phi == 0;
        double z = 0;
        int sec = 0, edge = 0;
        double secLen = length / sections;
        double nextSec = secLen;
        double nextEdge = sampled ? duty * sampleP : double.PositiveInfinity;
        while (z < length)
        {
            if (!phaseDone && zPhase <= z)
            {
                // Phase element: s11 = s22 = 0, s21 = s12 = e^{−iφ/2}.
                Cx e = Cx.Expi(-0.5 * phi);
                a21 *= e;
                a22 *= e * e;
                halfPhase += 0.5 * phi;
                phaseDone = true;
                continue;
            }
            double zNext = Math.Min(Math.Min(nextSec, nextEdge), length);
            if (!phaseDone && zPhase < zNext) zNext = zPhase;
            double dz = zNext - z, zm = 0.5 * (z + zNext);

            double kappa = kappa0;
            if (apod == ApodGaussian)
            {
                double u = (zm - 0.5 * length) / apodW;
                kappa *= FastMath.Exp(-2.7725887222397812377 * u * u); // 4·ln 2
            }
            else if (apod == ApodRaisedCosine)
            {
                double u = (zm - 0.5 * length) / apodW;
                if (u <= -1 || u >= 1) kappa = 0;
                else
                {
                    FastMath.SinCos(Math.PI * u, out _, out double c);
                    kappa *= 0.5 * (1 + c);
                }
            }
            if (sampled)
            {
                double f = zm / sampleP;
                if (f - Math.Floor(f) >= duty) kappa = 0;
            }
            double lam = period + dPeriod * (zm / length - 0.5);
            Cx sigma = new(beta - Math.PI / lam, alphaHalf);
            halfPhase += Math.PI * dz / lam;

            // Piece S-matrix, scaled by 2E: D = (1 + E²) − iσ̂Δz·f, s11 = iκΔz·f/D, s21 = 2E/D, f = (1 − E²)/(γΔz).
            Cx x = CxMath.Sqrt(new Cx(kappa * kappa, 0) - sigma * sigma) * dz;
            Cx eMinus = CxMath.Exp(-x);
            Cx e2 = eMinus * eMinus;
            Cx f2 = OneMinusExpMinus2XOverX(x, e2);
            Cx d = (Cx.One + e2) - CxMath.TimesI(sigma * dz * f2);
            Cx inv = d.Reciprocal();
            Cx b11 = CxMath.TimesI((kappa * dz) * f2) * inv;
            Cx b21 = 2.0 * eMinus * inv;

            // Redheffer star product A ⋆ B (B symmetric: b22 = b11, b12 = b21).
            Cx den = (Cx.One - a22 * b11).Reciprocal();
            Cx a21b21den = a21 * b21 * den;
            a11 += a21 * b11 * a21 * den;
            a22 = b11 + b21 * a22 * b21 * den;
            a21 = a21b21den;

            z = zNext;
            while (nextSec <= z && sec < sections) { sec++; nextSec = sec + 1 < sections ? (sec + 1) * secLen : length; }
            while (nextEdge <= z) { edge++; nextEdge = (edge >> 1) * sampleP + ((edge & 1) == 0 ? duty * sampleP : sampleP); }
        }
        if (!phaseDone)
        {
            Cx e = Cx.Expi(-0.5 * phi);
            a21 *= e; a22 *= e * e; halfPhase += 0.5 * phi;
        }

        Cx ph = Cx.Expi(halfPhase);
        s.S0 = a11;
        s.S1 = a21 * ph;
        s.S2 = a22 * ph * ph;
    }

    /// <summary>(1 − e^{−2x})/x, by its series 2·Σ(−2x)^k/(k+1)! for |x| &lt; 0.5 (truncation below 1e-18).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Cx OneMinusExpMinus2XOverX(Cx x, Cx e2)
    {
        if (x.Abs2 >= 0.25) return (Cx.One - e2) / x;
        Cx y = -2.0 * x;
        Cx sum = Cx.One;
        for (int j = 20; j >= 2; j--) sum = Cx.One + (1.0 / j) * y * sum; // Σ y^k/(k+1)! nested
        return 2.0 * sum;
    }
}
