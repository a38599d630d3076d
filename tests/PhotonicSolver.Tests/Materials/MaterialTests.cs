using PhotonicSolver.Materials;

namespace PhotonicSolver.Tests.Materials;

/// <summary>Built-in dispersion formulas against their published values at 1.55 µm; CSV tables; dn/dT.</summary>
public class MaterialTests
{
    /// <summary>
    /// Each formula evaluated by hand (4–5 significant digits, from the papers' coefficients) and compared with the
    /// commonly tabulated value at 1550 nm: Si 3.476 (Li 1980), SiO₂ 1.4440 (Malitson 1965), Si₃N₄ 1.9963
    /// (Luke 2015), InP 3.1649 (Pettit &amp; Turner 1965), air 1.000273 (Ciddor 1996). Tolerances are the precision
    /// of those published figures (last quoted digit), not of our arithmetic.
    /// </summary>
    [Theory]
    [InlineData("Si", 3.4764, 2e-4)]
    [InlineData("SiO2", 1.44402, 1e-5)]
    [InlineData("Si3N4", 1.99628, 2e-5)]
    [InlineData("InP", 3.16493, 2e-5)]
    [InlineData("air", 1.000273, 1e-6)]
    [InlineData("glass", 1.50066, 2e-5)]
    public void IndexAt1550MatchesPublishedValue(string name, double expected, double tol)
    {
        var m = MaterialLibrary.Get(name);
        var nk = m.Index(1.55, m.ReferenceTemperatureC);
        Assert.Equal(expected, nk.N, tol);
        Assert.Equal(0.0, nk.K);
    }

    /// <summary>Malitson's fused silica at the sodium d line, 0.5876 µm: n = 1.45846 (refractiveindex.info, Malitson 1965).</summary>
    [Fact]
    public void SilicaAtSodiumDLine() => Assert.Equal(1.45846, MaterialLibrary.SiO2.Index(0.5876, 20).N, 1e-5);

    /// <summary>n(T) = n(T_ref) + dn/dT·ΔT with Si's 1.86e-4/K: +20 K shifts n by 3.72e-3 (exact up to rounding).</summary>
    [Fact]
    public void ThermoOpticShift()
    {
        var si = MaterialLibrary.Si;
        double n0 = si.Index(1.55, si.ReferenceTemperatureC).N, n1 = si.Index(1.55, si.ReferenceTemperatureC + 20).N;
        Assert.Equal(20 * 1.86e-4, n1 - n0, 1e-12);
        Assert.Equal(1.86e-4, si.DnDT);
        Assert.Equal(2.45e-5, MaterialLibrary.Si3N4.DnDT);
        Assert.Equal(0.95e-5, MaterialLibrary.SiO2.DnDT);
    }

    [Fact]
    public void OutOfRangeWavelengthIsAnError()
    {
        var e = Assert.Throws<PhotonicException>(() => MaterialLibrary.Si.Index(1.0));
        Assert.Contains("Si", e.Message);
        Assert.Contains("[1.2, 14]", e.Message);
    }

    [Fact]
    public void UnknownMaterialListsTheKnownOnes()
    {
        var e = Assert.Throws<PhotonicException>(() => MaterialLibrary.Get("unobtainium"));
        Assert.Contains("Si3N4", e.Message);
    }

    /// <summary>Linear interpolation between CSV rows (exact for a linear function), header and comments skipped.</summary>
    [Fact]
    public void TabulatedCsvInterpolatesLinearly()
    {
        string path = Cli.CliRunner.TempFile("nk.csv", "# test data\nwl_um,n,k\n1.0,2.0,0.1\n2.0,3.0,0.3\n3.0,2.5,0.0\n");
        var m = TabulatedMaterial.FromCsv(path);
        var a = m.Index(1.25);
        Assert.Equal(2.25, a.N, 1e-15);
        Assert.Equal(0.15, a.K, 1e-15);
        Assert.Equal(2.75, m.Index(2.5).N, 1e-15);
        Assert.Equal(3.0, m.Index(2.0).N);
        Assert.Throws<PhotonicException>(() => m.Index(3.5));
    }

    [Fact]
    public void MalformedCsvNamesTheLine()
    {
        string path = Cli.CliRunner.TempFile("bad.csv", "wl_um,n,k\n1.0,2.0,0.1\n1.5,abc,0.1\n");
        var e = Assert.Throws<PhotonicException>(() => TabulatedMaterial.FromCsv(path));
        Assert.Contains("bad.csv:3", e.Message);
        string dec = Cli.CliRunner.TempFile("dec.csv", "1.0,2.0\n0.9,2.1\n");
        Assert.Contains("dec.csv:2", Assert.Throws<PhotonicException>(() => TabulatedMaterial.FromCsv(dec)).Message);
    }
}
