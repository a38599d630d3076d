namespace PhotonicSolver.Materials;

/// <summary>An index given by a closed formula other than Sellmeier's (e.g. Ciddor's air).</summary>
public sealed class FormulaMaterial(string name, string source, Func<double, ComplexIndex> formula, double dnDT,
                                    double referenceTemperatureC, double minWlUm, double maxWlUm)
    : Material(name, source, dnDT, referenceTemperatureC, minWlUm, maxWlUm)
{
    protected override ComplexIndex AtReference(double wlUm) => formula(wlUm);
}

/// <summary>
/// The built-in materials, by case-insensitive name, with their sources. Wavelengths in µm.
/// </summary>
public static class MaterialLibrary
{
    /// <summary>
    /// Crystalline silicon at 293 K, H. H. Li, J. Phys. Chem. Ref. Data 9, 561 (1980):
    /// n² = 11.6858 + 0.939816/λ² + 0.00810461·λ₁²/(λ² − λ₁²), λ₁ = 1.1071 µm, valid 1.2–14 µm.
    /// dn/dT = 1.86e-4/K at 1550 nm (Komma et al., APL 101, 041905 (2012)).
    /// </summary>
    public static readonly Material Si = new SellmeierMaterial("Si",
        "H. H. Li, J. Phys. Chem. Ref. Data 9, 561 (1980), 293 K; dn/dT: Komma et al., APL 101, 041905 (2012)",
        b: [0.00810461], c: [1.1071 * 1.1071], a: 11.6858 - 0.00810461, e: 0.939816,
        dnDT: 1.86e-4, referenceTemperatureC: 19.85, minWlUm: 1.2, maxWlUm: 14.0);

    /// <summary>
    /// Fused silica, I. H. Malitson, J. Opt. Soc. Am. 55, 1205 (1965), 20 °C, 0.21–6.7 µm. dn/dT = 0.95e-5/K at
    /// 1550 nm (Arbabi &amp; Goddard, Opt. Lett. 38, 3878 (2013)).
    /// </summary>
    public static readonly Material SiO2 = new SellmeierMaterial("SiO2",
        "I. H. Malitson, J. Opt. Soc. Am. 55, 1205 (1965), 20 °C; dn/dT: Arbabi & Goddard, Opt. Lett. 38, 3878 (2013)",
        b: [0.6961663, 0.4079426, 0.8974794], c: [0.0684043 * 0.0684043, 0.1162414 * 0.1162414, 9.896161 * 9.896161],
        dnDT: 0.95e-5, referenceTemperatureC: 20.0, minWlUm: 0.21, maxWlUm: 6.7);

    /// <summary>
    /// Stoichiometric LPCVD Si₃N₄, K. Luke et al., Opt. Lett. 40, 4823 (2015), 0.31–5.504 µm.
    /// dn/dT = 2.45e-5/K at 1550 nm (Arbabi &amp; Goddard, Opt. Lett. 38, 3878 (2013)).
    /// </summary>
    public static readonly Material Si3N4 = new SellmeierMaterial("Si3N4",
        "K. Luke et al., Opt. Lett. 40, 4823 (2015); dn/dT: Arbabi & Goddard, Opt. Lett. 38, 3878 (2013)",
        b: [3.0249, 40314], c: [0.1353406 * 0.1353406, 1239.842 * 1239.842],
        dnDT: 2.45e-5, referenceTemperatureC: 20.0, minWlUm: 0.31, maxWlUm: 5.504);

    /// <summary>
    /// Indium phosphide, G. D. Pettit and W. J. Turner, J. Appl. Phys. 36, 2081 (1965), room temperature,
    /// 0.95–10 µm: n² = 7.255 + 2.316λ²/(λ² − 0.6263²) + 2.765λ²/(λ² − 32.935²). dn/dT ≈ 2.0e-4/K near 1550 nm.
    /// </summary>
    public static readonly Material InP = new SellmeierMaterial("InP",
        "G. D. Pettit and W. J. Turner, J. Appl. Phys. 36, 2081 (1965); dn/dT ≈ 2.0e-4/K at 1550 nm",
        b: [2.316, 2.765], c: [0.6263 * 0.6263, 32.935 * 32.935], a: 7.255,
        dnDT: 2.0e-4, referenceTemperatureC: 20.0, minWlUm: 0.95, maxWlUm: 10.0);

    /// <summary>
    /// Standard air (15 °C, 101 325 Pa, 450 ppm CO₂), P. E. Ciddor, Appl. Opt. 35, 1566 (1996):
    /// n − 1 = 0.05792105/(238.0185 − λ⁻²) + 0.00167917/(57.362 − λ⁻²). Fitted for 0.23–1.69 µm; beyond 1.69 µm
    /// up to 20 µm the formula is extrapolated (n − 1 changes there by less than 1e-6). dn/dT = −(n − 1)/T ≈
    /// −9.5e-7/K (ideal gas at constant pressure).
    /// </summary>
    public static readonly Material Air = new FormulaMaterial("air",
        "P. E. Ciddor, Appl. Opt. 35, 1566 (1996), 15 °C, 101325 Pa",
        wl =>
        {
            double s2 = 1.0 / (wl * wl);
            return new ComplexIndex(1.0 + 0.05792105 / (238.0185 - s2) + 0.00167917 / (57.362 - s2), 0.0);
        }, dnDT: -9.5e-7, referenceTemperatureC: 15.0, minWlUm: 0.23, maxWlUm: 20.0);

    /// <summary>
    /// Schott N-BK7 borosilicate crown glass (Schott optical glass data sheet Sellmeier coefficients), 0.3–2.5 µm.
    /// Also available as "glass". Its dn/dT (≈ 1e-6/K) is not modelled.
    /// </summary>
    public static readonly Material BK7 = new SellmeierMaterial("BK7",
        "Schott N-BK7 data sheet Sellmeier coefficients",
        b: [1.03961212, 0.231792344, 1.01046945], c: [0.00600069867, 0.0200179144, 103.560653],
        dnDT: 0.0, referenceTemperatureC: 20.0, minWlUm: 0.3, maxWlUm: 2.5);

    private static readonly Dictionary<string, Material> ByName = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Si"] = Si, ["silicon"] = Si,
        ["SiO2"] = SiO2, ["silica"] = SiO2,
        ["Si3N4"] = Si3N4, ["SiN"] = Si3N4,
        ["InP"] = InP,
        ["air"] = Air,
        ["BK7"] = BK7, ["glass"] = BK7,
    };

    /// <summary>The distinct built-in materials.</summary>
    public static IReadOnlyList<Material> All { get; } = [Si, SiO2, Si3N4, InP, Air, BK7];

    /// <summary>Names accepted by <see cref="Get"/>.</summary>
    public static IEnumerable<string> Names => ByName.Keys;

    public static bool TryGet(string name, out Material material) => ByName.TryGetValue(name, out material!);

    public static Material Get(string name) => TryGet(name, out var m) ? m
        : throw new PhotonicException($"unknown material '{name}'; built-in materials: {string.Join(", ", ByName.Keys)}");
}
