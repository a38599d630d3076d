using System.Numerics;

namespace PhotonicSolver.Lasers;

/// <summary>Grating phase structure of a DFB cavity.</summary>
public enum GratingShift
{
    /// <summary>Uniform grating.</summary>
    None,
    /// <summary>A quarter-wave (π grating phase) shift at the centre.</summary>
    QuarterWave,
}

/// <summary>One lasing mode at threshold: normalised field gain αL and detuning δL (Kogelnik &amp; Shank).</summary>
public readonly record struct DfbMode(double AlphaL, double DeltaL);

/// <summary>
/// A DFB cavity in the normalised coupled-mode picture of Kogelnik &amp; Shank, J. Appl. Phys. 43, 2327 (1972):
/// counter-propagating amplitudes R(z), S(z) obey −R' + (α − iδ)R = iκS and S' + (α − iδ)S = iκR, so a uniform
/// section of length l has the transfer matrix
/// T = cosh(γl)·I + sinh(γl)/γ · [[σ, −iκ], [iκ, −σ]],  σ = α − iδ,  γ² = κ² + σ².
/// Everything here is normalised to the cavity length L = 1, i.e. in terms of κL and σL = αL − iδL.
/// A quarter-wave shift is a grating phase jump of π at the centre: the phase matrix diag(e^{iπ/2}, e^{−iπ/2})
/// between the two halves. Facets: R(0) = ρ_back·S(0) and S(L) = ρ_front·R(L) with field reflectivities
/// ρ = r·e^{iφ}; φ is the reflection phase in these amplitudes, i.e. the facet's own phase plus twice the grating
/// phase where the facet cuts it. Threshold: S(L) − ρ_front·R(L) = 0 with R(0) = ρ_back, S(0) = 1, an entire
/// function of σ whose zeros are the lasing modes.
/// </summary>
public sealed record DfbCavity(double KappaL, GratingShift Shift, Complex RhoBack, Complex RhoFront)
{
    /// <summary>Uniform or shifted cavity without facet reflections.</summary>
    public static DfbCavity WithoutFacets(double kappaL, GratingShift shift = GratingShift.None) => new(kappaL, shift, 0, 0);

    /// <summary>Field reflectivity r·e^{iφ}.</summary>
    public static Complex Facet(double r, double phaseRad) => Complex.FromPolarCoordinates(r, phaseRad);

    /// <summary>The 2×2 transfer matrix (m11, m12, m21, m22) of a uniform section of normalised length l at σ.</summary>
    public static (Complex M11, Complex M12, Complex M21, Complex M22) Section(double kappaL, Complex sigma, double l)
    {
        Complex g2 = kappaL * kappaL + sigma * sigma;
        // cosh(γl) and sinh(γl)/γ are even in γ, so either square root will do; guard γ → 0 by the series.
        Complex g = Complex.Sqrt(g2);
        Complex c, sg;
        if (Complex.Abs(g * l) < 1e-4)
        {
            Complex x = g2 * l * l;
            c = 1 + x / 2 + x * x / 24;
            sg = l * (1 + x / 6 + x * x / 120);
        }
        else
        {
            c = Complex.Cosh(g * l);
            sg = Complex.Sinh(g * l) / g;
        }
        Complex ik = Complex.ImaginaryOne * kappaL;
        return (c + sigma * sg, -ik * sg, ik * sg, c - sigma * sg);
    }

    /// <summary>The threshold function F(σL): zero at a lasing mode.</summary>
    public Complex Threshold(Complex sigmaL)
    {
        var (a11, a12, a21, a22) = Shift == GratingShift.None ? Section(KappaL, sigmaL, 1.0) : Shifted(sigmaL);
        Complex r = a11 * RhoBack + a12, s = a21 * RhoBack + a22;
        return s - RhoFront * r;
    }

    private (Complex, Complex, Complex, Complex) Shifted(Complex sigmaL)
    {
        var (t11, t12, t21, t22) = Section(KappaL, sigmaL, 0.5);
        Complex p = Complex.ImaginaryOne, q = -Complex.ImaginaryOne; // diag(e^{iπ/2}, e^{−iπ/2})
        // T·P·T
        Complex b11 = t11 * p, b12 = t12 * q, b21 = t21 * p, b22 = t22 * q;
        return (b11 * t11 + b12 * t21, b11 * t12 + b12 * t22, b21 * t11 + b22 * t21, b21 * t12 + b22 * t22);
    }
}
