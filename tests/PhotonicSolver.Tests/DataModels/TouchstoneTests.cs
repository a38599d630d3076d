using PhotonicSolver.DataModels;
using PhotonicSolver.IO;
using PhotonicSolver.Numerics;

namespace PhotonicSolver.Tests.DataModels;

public class TouchstoneTests
{
    private static SParameterData Random(int ports, int points, int seed)
    {
        var rng = new Random(seed);
        var wl = Enumerable.Range(0, points).Select(i => 1.5 + 0.001 * i).ToArray();
        var s = wl.Select(_ =>
        {
            var m = new Cx[ports, ports];
            for (int o = 0; o < ports; o++) for (int i = 0; i < ports; i++) m[o, i] = new Cx(rng.NextDouble() - 0.5, rng.NextDouble() - 0.5);
            return m;
        }).ToArray();
        return new SParameterData("random", Enumerable.Range(1, ports).Select(p => $"p{p}").ToArray(), wl, s);
    }

    private static string Write(SParameterData d, string unit = "Hz", PhaseConvention c = PhaseConvention.Engineering)
    {
        var w = new StringWriter { NewLine = "\n" };
        Touchstone.Write(w, d.PortNames, d.WavelengthsUm, d.S, unit, c);
        return w.ToString();
    }

    [Theory]
    [InlineData(1, "Hz", PhaseConvention.Engineering)]
    [InlineData(2, "GHz", PhaseConvention.Engineering)]
    [InlineData(3, "Hz", PhaseConvention.Physics)]
    [InlineData(4, "Hz", PhaseConvention.Engineering)]
    [InlineData(6, "GHz", PhaseConvention.Physics)]
    public void WriteThenReadGivesTheSameMatrices(int ports, string unit, PhaseConvention convention)
    {
        var d = Random(ports, 7, seed: ports);
        string text = Write(d, unit, convention);
        var back = Touchstone.Parse(text, $"x.s{ports}p");
        Assert.Equal(d.WavelengthsUm.Length, back.WavelengthsUm.Length);
        for (int p = 0; p < d.WavelengthsUm.Length; p++)
        {
            // λ → f → λ in fp64 (and GHz scaling) moves the wavelength by a few ulps only.
            Assert.Equal(d.WavelengthsUm[p], back.WavelengthsUm[p], 1e-14);
            for (int o = 0; o < ports; o++)
                for (int i = 0; i < ports; i++) Assert.Equal(d.S[p][o, i], back.S[p][o, i]); // "R" formatting round-trips exactly
        }
        // Records in increasing frequency; at most four pairs per line (so 9 numbers) beyond two ports.
        var data = text.Split('\n').Where(l => l.Length > 0 && l[0] is not ('!' or '#')).ToArray();
        Assert.All(data, l => Assert.True(l.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length <= (ports <= 2 ? 9 : 9)));
        Assert.Contains(unit == "Hz" ? "# Hz S RI R 50" : "# GHz S RI R 50", text);
    }

    [Fact]
    public void TwoPortDataAreInS11S21S12S22OrderAndEngineeringPhaseIsConjugated()
    {
        // 1 THz-ish frequencies in GHz; MA format, degrees. S21 = 0.5∠30°, S12 = 0.25∠−60° in exp(+jωt).
        string text = "! test\n# GHz S MA R 50\n190000 0.1 0 0.5 30 0.25 -60 0.2 90\n195000 0.1 0 0.5 30 0.25 -60 0.2 90\n";
        var d = Touchstone.Parse(text, "t.s2p");
        Assert.Equal(["o1", "o2"], d.PortNames);
        Assert.Equal(SParameterData.SpeedOfLight / 195e12 * 1e6, d.WavelengthsUm[0], 1e-15);
        Cx s21 = d.S[0][1, 0], s12 = d.S[0][0, 1];
        // Read into the project's exp(−iωt) convention: the conjugate of the file's values.
        Assert.Equal(0.5 * Math.Cos(Math.PI / 6), s21.Re, 1e-15);
        Assert.Equal(-0.5 * Math.Sin(Math.PI / 6), s21.Im, 1e-15);
        Assert.Equal(0.25 * Math.Cos(-Math.PI / 3), s12.Re, 1e-15);
        Assert.Equal(0.25 * Math.Sin(Math.PI / 3), s12.Im, 1e-15);
        Assert.Equal(-0.2, d.S[0][1, 1].Im, 1e-15);
    }

    [Fact]
    public void Touchstone2WithLowerMatrixAndDbFormat()
    {
        string text = """
            [Version] 2.0
            # Hz S DB R 50
            [Number of Ports] 3
            [Number of Frequencies] 2
            [Reference] 50 50 50
            [Matrix Format] Lower
            [Network Data]
            1.9e14 -20 0
            -3 90 -20 0
            -6 0 -10 180 -20 0
            1.95e14 -20 0
            -3 90 -20 0
            -6 0 -10 180 -20 0
            [End]
            """;
        var d = Touchstone.Parse(text, "lower.ts");
        Assert.Equal(3, d.PortCount);
        // S21 = S12 = 10^(−3/20)∠90° → conj → −j·0.7079.
        Assert.Equal(-Math.Pow(10, -3.0 / 20), d.S[0][1, 0].Im, 1e-15);
        Assert.Equal(d.S[0][1, 0], d.S[0][0, 1]);
        Assert.Equal(-Math.Pow(10, -0.5), d.S[0][2, 1].Re, 1e-15);
        Assert.Equal(d.S[0][2, 1], d.S[0][1, 2]);
    }

    [Theory]
    [InlineData("# GHz S RI R 50\n1 0 0 0 0 0 0\n", "t.s2p", "t.s2p:2: this record is incomplete: 7 of 9 numbers")]
    [InlineData("# GHz Y RI R 50\n1 0 0 0 0 0 0 0 0\n", "t.s2p", "t.s2p:1: only S-parameters")]
    [InlineData("# GHz S RI R 50\n2 0 0 0 0 0 0 0 0\n1 0 0 0 0 0 0 0 0\n", "t.s2p", "t.s2p:3: frequencies must increase")]
    [InlineData("# GHz S RI R 50\n1 0 0 0 0 0 0 0 0\n", "t.txt", "cannot tell the number of ports")]
    [InlineData("# GHz S RI R 50\n1 0 x 0 0 0 0 0 0\n", "t.s2p", "t.s2p:2: 'x' is not a number")]
    public void BadFilesAreRefusedWithTheirLine(string text, string name, string message)
        => Assert.Contains(message, Assert.Throws<PhotonicException>(() => Touchstone.Parse(text, name)).Message);
}
