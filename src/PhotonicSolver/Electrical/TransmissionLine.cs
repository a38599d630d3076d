using System.Runtime.CompilerServices;

namespace PhotonicSolver.Electrical;

/// <summary>
/// Closed forms for PCB and package transmission lines: characteristic impedance, skin effect, conductor loss with
/// a roughness factor, and dielectric loss. Every function is pure and allocation-free; lengths are in metres
/// inside (callers pass µm and mm at the edges), frequencies in Hz, attenuations in Np/m.
/// <list type="bullet">
/// <item>Microstrip Z0 and ε_eff: E. Hammerstad and Ø. Jensen, "Accurate models for microstrip computer-aided
/// design", IEEE MTT-S Int. Microwave Symp. Digest, 1980, pp. 407–409 (zero strip thickness; stated accuracy
/// 0.01 % for Z0 in air at u ≤ 1 and 0.2 % for ε_eff at 0.01 ≤ u ≤ 100, ε_r ≤ 128).</item>
/// <item>Stripline Z0: S. B. Cohn, "Characteristic impedance of the shielded-strip transmission line", IRE Trans.
/// MTT-2, 52–57 (1954): the exact conformal-map result for a zero-thickness centred strip,
/// Z0 = η0/(4√ε_r)·K(k)/K(k′), k = sech(πW/2b).</item>
/// <item>Stripline conductor loss: the incremental-inductance (Wheeler) closed form of D. M. Pozar, Microwave
/// Engineering, 4th ed., Wiley 2012, eq. (3.180); microstrip conductor loss α_c = R_s/(Z0·W), Pozar eq. (3.199).</item>
/// <item>Dielectric loss: TEM (stripline) α_d = π·f·√ε_r·tanδ/c; microstrip with the filling factor,
/// α_d = k0·ε_r(ε_eff − 1)·tanδ / (2√ε_eff·(ε_r − 1)), Pozar eq. (3.198).</item>
/// <item>Roughness: Hammerstad–Jensen (1980) K = 1 + (2/π)·atan(1.4·(Δ/δ)²), Δ the rms roughness; or Huray's
/// snowball model (P. G. Huray et al., "Impact of copper surface texture on loss: a model that works",
/// DesignCon 2010) with one sphere size a and surface ratio SR = N·4πa²/A_flat: K = 1 + 1.5·SR/(1 + δ/a + δ²/(2a²)).</item>
/// </list>
/// </summary>
public static class TransmissionLine
{
    /// <summary>Vacuum permeability µ0 (H/m).</summary>
    public const double Mu0 = 1.25663706212e-6;
    /// <summary>Speed of light in vacuum (m/s).</summary>
    public const double C0 = 299_792_458.0;
    /// <summary>Impedance of free space η0 = µ0·c (Ω).</summary>
    public const double Eta0 = Mu0 * C0;
    /// <summary>Annealed copper, 100 % IACS: σ = 1/(1.7241e-8 Ω·m) = 5.8e7 S/m.</summary>
    public const double CopperConductivity = 5.8e7;
    /// <summary>dB per neper, 20·log10(e).</summary>
    public const double DbPerNeper = 8.685889638065037;

    /// <summary>Skin depth δ = 1/√(π·f·µ0·σ) (m).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double SkinDepth(double frequencyHz, double conductivity = CopperConductivity)
        => 1.0 / Math.Sqrt(Math.PI * frequencyHz * Mu0 * conductivity);

    /// <summary>Surface resistance R_s = √(π·f·µ0/σ) (Ω per square): ∝ √f.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double SurfaceResistance(double frequencyHz, double conductivity = CopperConductivity)
        => Math.Sqrt(Math.PI * frequencyHz * Mu0 / conductivity);

    /// <summary>Hammerstad–Jensen (1980) roughness factor 1 + (2/π)·atan(1.4·(Δ/δ)²); 1 when smooth, → 2 when rough.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double HammerstadRoughness(double rmsRoughnessM, double skinDepthM)
    {
        double r = rmsRoughnessM / skinDepthM;
        return 1.0 + 2.0 / Math.PI * Math.Atan(1.4 * r * r);
    }

    /// <summary>Huray (2010) snowball roughness factor, one sphere radius a (m) and surface ratio SR = N·4πa²/A_flat.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double HurayRoughness(double sphereRadiusM, double surfaceRatio, double skinDepthM)
    {
        double q = skinDepthM / sphereRadiusM;
        return 1.0 + 1.5 * surfaceRatio / (1.0 + q + 0.5 * q * q);
    }

    /// <summary>Hammerstad–Jensen Z0 of a microstrip in air (Ω), u = W/h: (η0/2π)·ln(f(u)/u + √(1 + 4/u²)).</summary>
    public static double MicrostripZ0Air(double u)
    {
        double f = 6.0 + (2.0 * Math.PI - 6.0) * Math.Exp(-Math.Pow(30.666 / u, 0.7528));
        return Eta0 / (2.0 * Math.PI) * Math.Log(f / u + Math.Sqrt(1.0 + 4.0 / (u * u)));
    }

    /// <summary>Hammerstad–Jensen effective permittivity of a microstrip, u = W/h: (ε_r+1)/2 + (ε_r−1)/2·(1 + 10/u)^(−a·b).</summary>
    public static double MicrostripEpsEff(double u, double epsR)
    {
        double u4 = u * u * u * u;
        double a = 1.0 + Math.Log((u4 + (u / 52.0) * (u / 52.0)) / (u4 + 0.432)) / 49.0
                       + Math.Log(1.0 + Math.Pow(u / 18.1, 3)) / 18.7;
        double b = 0.564 * Math.Pow((epsR - 0.9) / (epsR + 3.0), 0.053);
        return 0.5 * (epsR + 1.0) + 0.5 * (epsR - 1.0) * Math.Pow(1.0 + 10.0 / u, -a * b);
    }

    /// <summary>Microstrip Z0 (Ω) = Z0_air(u)/√ε_eff (Hammerstad–Jensen 1980).</summary>
    public static double MicrostripZ0(double u, double epsR) => MicrostripZ0Air(u) / Math.Sqrt(MicrostripEpsEff(u, epsR));

    /// <summary>Complete elliptic integral of the first kind K(k) by the arithmetic–geometric mean: π/(2·AGM(1, √(1−k²))).</summary>
    public static double EllipticK(double k)
    {
        double a = 1.0, b = Math.Sqrt((1.0 - k) * (1.0 + k));
        for (int i = 0; i < 40 && Math.Abs(a - b) > 1e-16 * a; i++)
        {
            double m = 0.5 * (a + b);
            b = Math.Sqrt(a * b);
            a = m;
        }
        return Math.PI / (2.0 * a);
    }

    /// <summary>Cohn (1954) stripline Z0 (Ω), zero-thickness strip of width W centred between planes b apart: η0/(4√ε_r)·K(k)/K(k′), k = sech(πW/2b).</summary>
    public static double StriplineZ0(double widthM, double planeSpacingM, double epsR)
    {
        double x = Math.PI * widthM / (2.0 * planeSpacingM);
        double k = 1.0 / Math.Cosh(x), kp = Math.Tanh(x);
        return Eta0 / (4.0 * Math.Sqrt(epsR)) * EllipticK(k) / EllipticK(kp);
    }

    /// <summary>TEM dielectric loss π·f·√ε_r·tanδ/c (Np/m): exact for a homogeneous (stripline) dielectric.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double DielectricLossTem(double frequencyHz, double epsR, double tanDelta)
        => Math.PI * frequencyHz * Math.Sqrt(epsR) * tanDelta / C0;

    /// <summary>Microstrip dielectric loss with the filling factor (Pozar eq. 3.198), Np/m.</summary>
    public static double DielectricLossMicrostrip(double frequencyHz, double epsR, double epsEff, double tanDelta)
    {
        if (epsR - 1.0 < 1e-12) return 0; // air: nothing to lose
        double k0 = 2.0 * Math.PI * frequencyHz / C0;
        return k0 * epsR * (epsEff - 1.0) * tanDelta / (2.0 * Math.Sqrt(epsEff) * (epsR - 1.0));
    }

    /// <summary>Microstrip conductor loss R_s/(Z0·W) (Pozar eq. 3.199), Np/m, before the roughness factor.</summary>
    public static double ConductorLossMicrostrip(double surfaceResistance, double z0, double widthM) => surfaceResistance / (z0 * widthM);

    /// <summary>
    /// Stripline conductor loss (Pozar eq. 3.180, Wheeler's incremental inductance), Np/m, before the roughness
    /// factor: strip width W, thickness t, plane spacing b, for the line's Z0 and ε_r.
    /// </summary>
    public static double ConductorLossStripline(double surfaceResistance, double z0, double epsR, double widthM, double thicknessM, double planeSpacingM)
    {
        double w = widthM, t = thicknessM, b = planeSpacingM;
        if (Math.Sqrt(epsR) * z0 < 120.0)
        {
            double a = 1.0 + 2.0 * w / (b - t) + (b + t) / (b - t) * Math.Log((2.0 * b - t) / t) / Math.PI;
            return 2.7e-3 * surfaceResistance * epsR * z0 / (30.0 * Math.PI * (b - t)) * a;
        }
        double bb = 1.0 + b / (0.5 * w + 0.7 * t) * (0.5 + 0.414 * t / w + Math.Log(4.0 * Math.PI * w / t) / (2.0 * Math.PI));
        return 0.16 * surfaceResistance / (z0 * b) * bb;
    }
}
