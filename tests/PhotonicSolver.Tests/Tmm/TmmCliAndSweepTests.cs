using System.Globalization;
using PhotonicSolver.Materials;
using PhotonicSolver.Sweep;
using PhotonicSolver.Tests.Cli;
using PhotonicSolver.Tmm;

namespace PhotonicSolver.Tests.Tmm;

/// <summary>`photonic tmm`, `photonic grating`, gratings in `photonic sweep`, and the batched thin-film sweep.</summary>
public class TmmCliAndSweepTests
{
    private static (string[] Header, List<string[]> Rows) Csv(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return (lines[0].Split(','), lines.Skip(1).Select(l => l.Split(',')).ToList());
    }

    private static double D(string s) => double.Parse(s, CultureInfo.InvariantCulture);

    private static void AssertInputError((int Code, string Out, string Err) r, params string[] mustContain)
        => CliRunner.AssertInputError(r, mustContain);

    /// <summary>
    /// The absorbing-stack example is Byrnes' basic_test scaled to µm (d/λ unchanged): the CSV carries tmm's
    /// published R, T, r, t for s and p (1e-12 relative, as in ThinFilmTests; the CSV prints round-trip doubles).
    /// </summary>
    [Fact]
    public void TmmCommandReproducesByrnesSampleThroughTheCsv()
    {
        var r = CliRunner.Run("tmm", CliRunner.Example("tmm/absorbing_stack.yaml"), "--wl", "1.0", "--angle", "5.729577951308232", "--pol", "both", "--out", "-");
        Assert.Equal(0, r.Code);
        var (h, rows) = Csv(r.Out);
        Assert.Equal(["wl_um", "angle_deg", "pol", "R", "T", "A", "r.re", "r.im", "t.re", "t.im"], h);
        Assert.Equal(2, rows.Count);
        Assert.Equal("s", rows[0][2]); Assert.Equal("p", rows[1][2]);
        Assert.Equal(0.37273208839139516, D(rows[0][3]), 1e-12);
        Assert.Equal(0.22604491247079261, D(rows[0][4]), 1e-12);
        Assert.Equal(-0.60331226568845775, D(rows[0][6]), 1e-12);
        Assert.Equal(0.16921936169383078, D(rows[0][9]), 1e-12);
        Assert.Equal(0.37016110373044969, D(rows[1][3]), 1e-12);
        Assert.Equal(0.22824374314132009, D(rows[1][4]), 1e-12);
        Assert.Equal(1.0, D(rows[1][3]) + D(rows[1][4]) + D(rows[1][5]), 1e-15);
    }

    [Fact]
    public void TmmCommandGridOrderAndLayerSweep()
    {
        string outFile = CliRunner.TempFile("ar.csv");
        var r = CliRunner.Run("tmm", CliRunner.Example("tmm/ar_coating.yaml"), "--wl", "1.5:1.6:11", "--angle", "0:60:3", "--pol", "both",
                              "--sweep", "layer1.d=0.2:0.22:2", "--out", outFile);
        Assert.Equal(0, r.Code);
        var (h, rows) = Csv(File.ReadAllText(outFile));
        Assert.Equal(["wl_um", "angle_deg", "pol", "layer1.d", "R", "T", "A", "r.re", "r.im", "t.re", "t.im"], h);
        Assert.Equal(2 * 2 * 3 * 11, rows.Count);
        // wl innermost, then angle, then pol, then the swept thickness (outermost).
        Assert.Equal("1.51", rows[1][0]); Assert.Equal("30", rows[11][1]); Assert.Equal("p", rows[33][2]); Assert.Equal("0.22", rows[66][3]);
        // Lossless: A = 0 to rounding everywhere.
        Assert.All(rows, row => Assert.True(Math.Abs(D(row[6])) < 1e-14));
        // The design thickness at 1.55 µm, normal incidence: R ≈ 0 (the example's n_c, d give R < 1e-9).
        var stack = StackFile.Load(CliRunner.Example("tmm/ar_coating.yaml"));
        Assert.True(stack.Solve(1.55, 0, Polarization.S).Reflectance < 1e-9);
    }

    [Fact]
    public void TmmCommandErrors()
    {
        string bad = CliRunner.TempFile("bad.yaml", "incidence: {n: 1}\nlayers:\n  - {n: 2}\nexit: {n: 1.5}\n");
        AssertInputError(CliRunner.Run("tmm", bad, "--wl", "1.55", "--out", "-"), "bad.yaml:3:5", "thickness");
        AssertInputError(CliRunner.Run("tmm", CliRunner.Example("tmm/ar_coating.yaml"), "--wl", "1.55", "--pol", "x", "--out", "-"), "--pol 'x'");
        AssertInputError(CliRunner.Run("tmm", CliRunner.Example("tmm/ar_coating.yaml"), "--wl", "1.55", "--angle", "90", "--out", "-"), "[0, 90)");
        AssertInputError(CliRunner.Run("tmm", CliRunner.Example("tmm/ar_coating.yaml"), "--wl", "1.55", "--sweep", "layer7.d=1:2:3", "--out", "-"), "layers 1..1");
        AssertInputError(CliRunner.Run("tmm", CliRunner.Example("tmm/bragg_mirror.yaml"), "--wl", "0.1:1.5:3", "--out", "-"), "wavelength 0.1 µm is outside 0.2–20 µm");
        AssertInputError(CliRunner.Run("tmm", CliRunner.Example("tmm/bragg_mirror.yaml"), "--wl", "1.5:19:3", "--out", "-"), "outside its data range");
        AssertInputError(CliRunner.Run("tmm", "/nonexistent/stack.yaml", "--wl", "1.55", "--out", "-"), "not found");
    }

    [Fact]
    public void MalformedStackAsARealProcess()
    {
        string bad = CliRunner.TempFile("broken.yaml", "incidence: {n: 1\nlayers:\n  - {n: 2, d: 1}\nexit: {n: 1.5}\n");
        var r = CliRunner.RunProcess("tmm", bad, "--wl", "1.55", "--out", "-");
        Assert.Equal(2, r.Code);
        Assert.Matches(@"broken\.yaml:\d+:\d+", r.Err);
        Assert.False(CliRunner.HasStackTrace(r.Err), r.Err);
        Assert.Equal("", r.Out);
    }

    /// <summary>The uniform-grating example at its Bragg wavelength: R = tanh²(κL) = tanh²(4) (1e-12), R + T = 1.</summary>
    [Fact]
    public void GratingCommandUniformExample()
    {
        var r = CliRunner.Run("grating", CliRunner.Example("tmm/uniform_grating.yaml"), "--wl", "1.55,1.56", "--out", "-");
        Assert.Equal(0, r.Code);
        var (h, rows) = Csv(r.Out);
        Assert.Equal(["wl_um", "R", "T", "r.re", "r.im", "t.re", "t.im"], h);
        Assert.Equal(Math.Pow(Math.Tanh(4), 2), D(rows[0][1]), 1e-12);
        Assert.All(rows, row => Assert.Equal(1.0, D(row[1]) + D(row[2]), 1e-12));
    }

    /// <summary>The λ/4-shifted example transmits fully at 1.55 µm for every κ swept (1e-10).</summary>
    [Fact]
    public void GratingCommandShiftedExampleWithSweep()
    {
        var r = CliRunner.Run("grating", CliRunner.Example("tmm/qw_shifted_grating.yaml"), "--wl", "1.55", "--sweep", "kappa=0.01:0.03:3", "--set", "sections=100", "--out", "-");
        Assert.Equal(0, r.Code);
        var (h, rows) = Csv(r.Out);
        Assert.Equal(["wl_um", "kappa", "R", "T", "r.re", "r.im", "t.re", "t.im"], h);
        Assert.Equal(3, rows.Count);
        Assert.All(rows, row => Assert.Equal(1.0, D(row[3]), 1e-10));
    }

    [Fact]
    public void GratingCommandErrors()
    {
        string bad = CliRunner.TempFile("g.yaml", "length: 100\nkapa: 0.01\n");
        AssertInputError(CliRunner.Run("grating", bad, "--wl", "1.55", "--out", "-"), "g.yaml:2:1", "no setting 'kapa'", "kappa");
        string range = CliRunner.TempFile("g.yaml", "length: -5\n");
        AssertInputError(CliRunner.Run("grating", range, "--wl", "1.55", "--out", "-"), "g.yaml:1:1", "out of range");
        AssertInputError(CliRunner.Run("grating", CliRunner.Example("tmm/uniform_grating.yaml"), "--wl", "1.55", "--sweep", "sections=1:10:3", "--out", "-"), "whole number");
        AssertInputError(CliRunner.Run("grating", CliRunner.Example("tmm/uniform_grating.yaml"), "--wl", "1.55", "--set", "apodization=5", "--out", "-"), "apodization");
    }

    /// <summary>A netlist with two gratings runs through `photonic sweep`: lossless, so |S11|² + |S21|² = 1.</summary>
    [Fact]
    public void GratingCavityNetlistThroughSweep()
    {
        var r = CliRunner.Run("sweep", CliRunner.Example("tmm/grating_cavity.yaml"), "--wl", "1.545:1.555:21", "--pair", "in:in,out:in", "--out", "-");
        Assert.Equal(0, r.Code);
        var (h, rows) = Csv(r.Out);
        Assert.Equal(["wl_um", "T.in.in", "re.in.in", "im.in.in", "T.out.in", "re.out.in", "im.out.in"], h);
        Assert.Equal(21, rows.Count);
        Assert.All(rows, row => Assert.Equal(1.0, D(row[1]) + D(row[4]), 1e-12));
        Assert.Contains(rows, row => D(row[4]) > 0.99); // a cavity resonance inside the stop band
    }

    /// <summary>
    /// The batched sweep (wavelength × angle × polarisation × layer thickness × layer index, dispersive
    /// materials, several chunks on two threads) gives bit-for-bit the per-point host solve: same code, same inputs.
    /// </summary>
    [Fact]
    public void BatchedSweepEqualsPointByPoint()
    {
        var stack = new FilmStack(MaterialLibrary.Air,
            [new FilmLayer(MaterialLibrary.Si3N4, 0.2), new FilmLayer(MaterialLibrary.SiO2, 0.3), new FilmLayer(new ConstantMaterial("m", 2.0, 0.01), 0.1)],
            MaterialLibrary.Si);
        var spec = new TmmSweepSpec(stack, SweepAxis.Linear("wl", 1.3, 1.7, 17), SweepAxis.Linear("angle", 0, 60, 4), [Polarization.S, Polarization.P],
            [(LayerParameter.Parse("layer2.d", stack), SweepAxis.List("layer2.d", [0.25, 0.35])), (LayerParameter.Parse("layer3.n", stack), SweepAxis.List("layer3.n", [1.8, 2.2]))]);
        var chunks = new List<(long, int)>();
        var all = new TmmPoint[spec.PointCount];
        TmmSweep.Run(spec, (s, c, res) => { chunks.Add((s, c)); Array.Copy(res, 0, all, s, c); }, chunkPoints: 100, threads: 2);
        Assert.Equal((int)Math.Ceiling(spec.PointCount / 100.0), chunks.Count);
        Span<int> idx = stackalloc int[2];
        for (long p = 0; p < spec.PointCount; p++)
        {
            spec.Decode(p, idx, out int pol, out int a, out int w);
            var layers = new[]
            {
                new FilmLayer(MaterialLibrary.Si3N4, 0.2),
                new FilmLayer(MaterialLibrary.SiO2, spec.Parameters[0].Axis[idx[0]]),
                new FilmLayer(new ConstantMaterial("m", spec.Parameters[1].Axis[idx[1]], 0.01), 0.1),
            };
            var direct = new FilmStack(MaterialLibrary.Air, layers, MaterialLibrary.Si)
                .Solve(spec.Wavelength[w], spec.AngleDeg[a] * Math.PI / 180, spec.Polarizations[pol]);
            Assert.Equal(direct.Reflectance, all[p].Reflectance, 1e-15);
            Assert.Equal(direct.Transmission.Im, all[p].Transmission.Im, 1e-15);
        }
    }
}
