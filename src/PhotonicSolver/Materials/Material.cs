using System.Globalization;

namespace PhotonicSolver.Materials;

/// <summary>Complex refractive index n + i·k (k ≥ 0 absorbs).</summary>
public readonly record struct ComplexIndex(double N, double K)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{N:G8}{(K < 0 ? "-" : "+")}{Math.Abs(K):G6}i");
}

/// <summary>
/// An optical material: n(λ) + i·k(λ) at a reference temperature, plus a linear thermo-optic shift
/// n(λ, T) = n(λ, T_ref) + dn/dT·(T − T_ref). Host-side: evaluated once per wavelength to fill the flat tables the
/// kernels read. Wavelengths in µm, temperatures in °C.
/// </summary>
public abstract class Material
{
    protected Material(string name, string source, double dnDT, double referenceTemperatureC, double minWlUm, double maxWlUm)
    {
        Name = name; Source = source; DnDT = dnDT; ReferenceTemperatureC = referenceTemperatureC;
        MinWavelength = minWlUm; MaxWavelength = maxWlUm;
    }

    public string Name { get; }
    /// <summary>Where the numbers come from (paper, data sheet, file).</summary>
    public string Source { get; }
    /// <summary>Thermo-optic coefficient dn/dT (1/K), applied to n only.</summary>
    public double DnDT { get; }
    /// <summary>Temperature at which the dispersion data hold (°C).</summary>
    public double ReferenceTemperatureC { get; }
    /// <summary>Valid wavelength range (µm) of the dispersion data.</summary>
    public double MinWavelength { get; }
    public double MaxWavelength { get; }

    /// <summary>n + i·k at <paramref name="wlUm"/> and <paramref name="temperatureC"/>; an error outside the valid range.</summary>
    public ComplexIndex Index(double wlUm, double temperatureC = 25.0)
    {
        if (!(wlUm >= MinWavelength && wlUm <= MaxWavelength))
            throw new PhotonicException(string.Create(CultureInfo.InvariantCulture,
                $"material '{Name}': wavelength {wlUm:G6} µm is outside its data range [{MinWavelength:G6}, {MaxWavelength:G6}] µm ({Source})"));
        var nk = AtReference(wlUm);
        return new ComplexIndex(nk.N + DnDT * (temperatureC - ReferenceTemperatureC), nk.K);
    }

    /// <summary>n + i·k at the reference temperature; <paramref name="wlUm"/> is inside the valid range.</summary>
    protected abstract ComplexIndex AtReference(double wlUm);

    public override string ToString() => $"{Name} ({Source})";
}

/// <summary>A wavelength-independent index.</summary>
public sealed class ConstantMaterial(string name, double n, double k = 0.0, double dnDT = 0.0, string source = "constant")
    : Material(name, source, dnDT, 25.0, 0.0, double.PositiveInfinity)
{
    public double N { get; } = n;
    public double K { get; } = k;
    protected override ComplexIndex AtReference(double wlUm) => new(N, K);
}

/// <summary>
/// Sellmeier dispersion of a transparent material, extended with a constant and an inverse-square term:
/// n² = A + E/λ² + Σᵢ Bᵢ·λ²/(λ² − Cᵢ), λ in µm, Cᵢ in µm². The classic form has A = 1 and E = 0.
/// </summary>
public sealed class SellmeierMaterial : Material
{
    public double A { get; }
    public double E { get; }
    public IReadOnlyList<double> B { get; }
    public IReadOnlyList<double> C { get; }

    public SellmeierMaterial(string name, string source, double[] b, double[] c, double a = 1.0, double e = 0.0,
                             double dnDT = 0.0, double referenceTemperatureC = 20.0, double minWlUm = 0.0, double maxWlUm = double.PositiveInfinity)
        : base(name, source, dnDT, referenceTemperatureC, minWlUm, maxWlUm)
    {
        if (b.Length != c.Length) throw new PhotonicException($"material '{name}': Sellmeier B and C must have the same length ({b.Length} vs {c.Length})");
        A = a; E = e; B = b; C = c;
    }

    protected override ComplexIndex AtReference(double wlUm)
    {
        double l2 = wlUm * wlUm, n2 = A + E / l2;
        for (int i = 0; i < B.Count; i++) n2 += B[i] * l2 / (l2 - C[i]);
        if (!(n2 > 0)) throw new PhotonicException(string.Create(CultureInfo.InvariantCulture, $"material '{Name}': the Sellmeier formula gives n² = {n2:G6} at {wlUm:G6} µm (near a pole)"));
        return new ComplexIndex(Math.Sqrt(n2), 0.0);
    }
}

/// <summary>Tabulated n and k against wavelength, linearly interpolated; the table's span is the valid range.</summary>
public sealed class TabulatedMaterial : Material
{
    private readonly double[] _wl, _n, _k;

    public TabulatedMaterial(string name, string source, double[] wlUm, double[] n, double[] k, double dnDT = 0.0, double referenceTemperatureC = 25.0)
        : base(name, source, dnDT, referenceTemperatureC, wlUm.Length > 0 ? wlUm[0] : 0, wlUm.Length > 0 ? wlUm[^1] : 0)
    {
        if (wlUm.Length < 2) throw new PhotonicException($"material '{name}': a table needs at least two wavelengths ({source})");
        if (n.Length != wlUm.Length || k.Length != wlUm.Length) throw new PhotonicException($"material '{name}': wl, n and k columns differ in length ({source})");
        for (int i = 1; i < wlUm.Length; i++)
            if (!(wlUm[i] > wlUm[i - 1]))
                throw new PhotonicException(string.Create(CultureInfo.InvariantCulture, $"material '{name}': wavelengths must increase strictly ({source}, row {i + 1}: {wlUm[i]:G6} after {wlUm[i - 1]:G6})"));
        _wl = wlUm; _n = n; _k = k;
    }

    public int Count => _wl.Length;

    protected override ComplexIndex AtReference(double wlUm)
    {
        int hi = Array.BinarySearch(_wl, wlUm);
        if (hi >= 0) return new ComplexIndex(_n[hi], _k[hi]);
        hi = ~hi;
        int lo = hi - 1;
        double f = (wlUm - _wl[lo]) / (_wl[hi] - _wl[lo]);
        return new ComplexIndex(_n[lo] + f * (_n[hi] - _n[lo]), _k[lo] + f * (_k[hi] - _k[lo]));
    }

    /// <summary>
    /// Reads a CSV with columns wavelength (µm), n and optionally k. A first line that is not numeric is a header;
    /// lines starting with '#' are comments. Errors name the file and line.
    /// </summary>
    public static TabulatedMaterial FromCsv(string path, string? name = null, double dnDT = 0.0)
    {
        if (!File.Exists(path)) throw new PhotonicException($"material file not found: {path}");
        var wl = new List<double>(); var n = new List<double>(); var k = new List<double>();
        int lineNo = 0;
        foreach (var raw in File.ReadLines(path))
        {
            lineNo++;
            string line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var parts = line.Split([',', ';', '\t', ' '], StringSplitOptions.RemoveEmptyEntries);
            var values = new double[parts.Length];
            bool numeric = true;
            for (int i = 0; i < parts.Length && numeric; i++)
                numeric = double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]);
            if (!numeric)
            {
                if (wl.Count == 0 && lineNo == FirstContentLine(path)) continue; // header
                throw new PhotonicException($"{path}:{lineNo}: expected numbers 'wl_um, n[, k]', got '{line}'");
            }
            if (parts.Length is < 2 or > 3) throw new PhotonicException($"{path}:{lineNo}: expected 2 or 3 columns (wl_um, n[, k]), got {parts.Length}");
            if (values[0] <= 0) throw new PhotonicException($"{path}:{lineNo}: wavelength must be positive");
            if (values[1] <= 0) throw new PhotonicException($"{path}:{lineNo}: n must be positive");
            double kk = parts.Length == 3 ? values[2] : 0.0;
            if (kk < 0) throw new PhotonicException($"{path}:{lineNo}: k must be ≥ 0 (gain media are not supported)");
            if (wl.Count > 0 && !(values[0] > wl[^1])) throw new PhotonicException($"{path}:{lineNo}: wavelengths must increase strictly");
            wl.Add(values[0]); n.Add(values[1]); k.Add(kk);
        }
        if (wl.Count < 2) throw new PhotonicException($"{path}: a material table needs at least two rows of wl_um, n[, k]");
        return new TabulatedMaterial(name ?? Path.GetFileNameWithoutExtension(path), path, [.. wl], [.. n], [.. k], dnDT);
    }

    private static int FirstContentLine(string path)
    {
        int i = 0;
        foreach (var raw in File.ReadLines(path))
        {
            i++;
            string line = raw.Trim();
            if (line.Length > 0 && !line.StartsWith('#')) return i;
        }
        return -1;
    }
}
