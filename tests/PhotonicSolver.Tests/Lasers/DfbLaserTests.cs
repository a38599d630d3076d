using System.Globalization;
using PhotonicSolver.Lasers;
using PhotonicSolver.Tests.Cli;

namespace PhotonicSolver.Tests.Lasers;

/// <summary>The DFB laser in physical units: wavelength, temperature, L-I, gain-spectrum mode selection, and the `laser` CLI.</summary>
public class DfbLaserTests
{
    /// <summary>The laser file of the issue, verbatim apart from the shift choice.</summary>
    private const string IssueFile = """
        grating: {kappa_per_um: 0.005, length_um: 400, shift: quarter_wave, neff: 3.2, ng: 3.6, bragg_wl_um: 1.55}
        facets: {r_front: 0.0, r_back: 0.0, phase_front_rad: 0.0, phase_back_rad: 0.0}   # field reflectivities
        thermal: {dn_dT: 2.0e-4, expansion_per_K: 4.6e-6, T_ref_C: 25}
        electrical: {I_th_ref_mA: 10, T0_K: 60, slope_W_per_A: 0.3, T1_K: 100}
        """;

    [Fact]
    public void WavelengthDriftFollowsTheConventionsFormula()
    {
        var laser = DfbLaser.Parse(IssueFile, "dfb.yaml");
        // dλ/dT = (λ/ng)(dn/dT + neff·α) = (1.55/3.6)(2e-4 + 3.2·4.6e-6) = 9.245e-5 µm/K: 0.092 nm/K, inside the
        // 0.08–0.1 nm/K of InP DFBs quoted in the issue.
        double expected = 1.55 / 3.6 * (2.0e-4 + 3.2 * 4.6e-6);
        Assert.Equal(expected, laser.BraggWavelength(26) - laser.BraggWavelength(25), 1e-15);
        Assert.InRange(expected * 1e3, 0.08, 0.1);
        var modes = laser.Modes(3);
        // λ/4 shift: lasing at the Bragg wavelength at every temperature.
        Assert.Equal(laser.BraggWavelength(70), laser.Operate(modes, 70, 50).WavelengthUm, 1e-12);
    }

    [Fact]
    public void ModeWavelengthFromDetuning()
    {
        var laser = DfbLaser.Parse(IssueFile.Replace("quarter_wave", "none"), "dfb.yaml");
        var m = laser.Modes(2);
        // δ = β − π/Λ ≈ −2π·ng·(λ − λB)/λB², so λ = λB − δL·λB²/(2π·ng·L): the −δ mode is on the long side.
        double lb = 1.55, l = 400;
        Assert.Equal(lb - m[0].DeltaL / l * lb * lb / (2 * Math.PI * 3.6), laser.ModeWavelength(m[0], 25), 1e-15);
        Assert.True(laser.ModeWavelength(m[0], 25) > lb && laser.ModeWavelength(m[1], 25) < lb);
        // Stop band width in wavelength for κL = 2 (uniform): the pair straddles it symmetrically.
        Assert.Equal(lb, 0.5 * (laser.ModeWavelength(m[0], 25) + laser.ModeWavelength(m[1], 25)), 1e-12);
        // Net modal power gain: 2α = 2·αL/L, in 1/cm.
        Assert.Equal(2 * m[0].AlphaL / 400e-4, laser.ThresholdGainPerCm(m[0]), 1e-9);
    }

    [Fact]
    public void ThresholdCurrentSlopeAndLICurve()
    {
        var laser = DfbLaser.Parse(IssueFile, "dfb.yaml");
        Assert.Equal(10.0, laser.ThresholdCurrentMa(25), 1e-12);
        Assert.Equal(10.0 * Math.E, laser.ThresholdCurrentMa(85), 1e-12);     // T0 = 60 K
        Assert.Equal(0.3 * Math.Exp(-0.6), laser.SlopeEfficiency(85), 1e-15); // T1 = 100 K
        Assert.Equal(0.0, laser.PowerMw(9.9, 25));
        Assert.Equal(0.3 * 40, laser.PowerMw(50, 25), 1e-12);
        // At a fixed current, power falls with temperature and reaches 0 where I_th(T) = I.
        double prev = double.PositiveInfinity;
        for (double t = 0; t <= 120; t += 10)
        {
            double p = laser.PowerMw(40, t);
            Assert.True(p <= prev);
            prev = p;
        }
        double tOff = 25 + 60 * Math.Log(40 / 10.0);
        Assert.True(laser.PowerMw(40, tOff - 0.01) > 0 && laser.PowerMw(40, tOff + 0.01) == 0);
    }

    [Fact]
    public void GainPeakSelectsTheModeOfADegeneratePairAndHopsWhenItCrossesTheBragg()
    {
        // Uniform DFB, no facets: ±δ modes of equal threshold. A gain peak drifting at 0.5 nm/K (against 0.092 nm/K
        // for the Bragg wavelength) sits on the short side when cold and the long side when hot.
        var laser = DfbLaser.Parse(IssueFile.Replace("quarter_wave", "none") + "\ngain: {peak_wl_um: 1.55, dwl_dT_um_per_K: 5.0e-4, half_width_um: 0.04}\n", "dfb.yaml");
        var modes = laser.Modes(6);
        var cold = laser.Operate(modes, 0, 50);
        var hot = laser.Operate(modes, 50, 50);
        Assert.True(cold.WavelengthUm < laser.BraggWavelength(0), "cold: short-wavelength mode");
        Assert.True(hot.WavelengthUm > laser.BraggWavelength(50), "hot: long-wavelength mode");
        // Margin: αL/g(λ) difference of the pair; positive away from the crossing, zero exactly at it.
        Assert.True(cold.SideModeMargin > 0 && hot.SideModeMargin > 0);
        // The gain peak equals λB at Tref (both 1.55 µm): the symmetric pair sees equal gain and is degenerate there.
        Assert.Equal(0.0, laser.Operate(modes, 25, 50).SideModeMargin, 1e-6);
    }

    private static string[][] Csv(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(',')).ToArray();

    private static double D(string s) => double.Parse(s, CultureInfo.InvariantCulture);

    [Fact]
    public void ModesCsvHasTheIssueColumnsSortedByThreshold()
    {
        string f = CliRunner.TempFile("dfb.yaml", IssueFile);
        var r = CliRunner.Run("laser", f, "--modes", "5", "--out", "-");
        Assert.Equal(0, r.Code);
        var rows = Csv(r.Out);
        Assert.Equal(["mode", "alpha_L", "delta_L", "wavelength_um", "threshold_gain_per_cm"], rows[0]);
        Assert.Equal(6, rows.Length);
        var alphas = rows.Skip(1).Select(x => D(x[1])).ToArray();
        // Sorted by threshold; degenerate ±δ pairs (equal to ~1e-15) are ordered by δL.
        for (int i = 1; i < alphas.Length; i++) Assert.True(alphas[i] >= alphas[i - 1] - 1e-9);
        Assert.Equal("1", rows[1][0]);
        Assert.Equal(0.0, D(rows[1][2]), 1e-9);            // λ/4 shift: mode 1 at δ = 0 ...
        Assert.Equal(1.55, D(rows[1][3]), 1e-12);          // ... at the Bragg wavelength
        Assert.Equal(2 * D(rows[1][1]) / 400e-4, D(rows[1][4]), 1e-9);
        Assert.Contains("side-mode margin", r.Err);
    }

    [Fact]
    public void TemperatureCurrentTableHasOneRowPerOperatingPoint()
    {
        string f = CliRunner.TempFile("dfb.yaml", IssueFile);
        string csv = CliRunner.TempFile("lt.csv");
        var r = CliRunner.Run("laser", f, "--temperature", "25:85:3", "--current", "0:60:4", "--out", csv);
        Assert.Equal(0, r.Code);
        var rows = Csv(File.ReadAllText(csv));
        Assert.Equal(["temperature_C", "current_mA", "wavelength_um", "threshold_current_mA", "power_mW", "side_mode_margin"], rows[0]);
        Assert.Equal(13, rows.Length);
        var laser = DfbLaser.Parse(IssueFile, "x");
        foreach (var x in rows.Skip(1))
        {
            double t = D(x[0]), i = D(x[1]);
            Assert.Equal(laser.BraggWavelength(t), D(x[2]), 1e-12);
            Assert.Equal(10 * Math.Exp((t - 25) / 60), D(x[3]), 1e-12);
            Assert.Equal(Math.Max(0, 0.3 * Math.Exp(-(t - 25) / 100) * (i - D(x[3]))), D(x[4]), 1e-12);
            Assert.True(D(x[5]) > 0.3); // λ/4: a large margin at every point
        }
        Assert.Contains("wavelength drift 0.0924 nm/K", r.Out);
    }

    [Fact]
    public void WallPlugEfficiencyColumnWhenAVoltageModelIsGiven()
    {
        string f = CliRunner.TempFile("dfb.yaml", IssueFile.Replace("T1_K: 100}", "T1_K: 100, V0_V: 0.9, R_s_ohm: 5, I_op_mA: 50}"));
        var r = CliRunner.Run("laser", f, "--temperature", "25", "--out", "-");
        Assert.Equal(0, r.Code);
        var rows = Csv(r.Out);
        Assert.Equal("wall_plug_efficiency", rows[0][^1]);
        Assert.Equal("50", rows[1][1]); // electrical.I_op_mA when --current is omitted
        // P = 0.3·40 = 12 mW; V = 0.9 + 5·0.05 = 1.15 V; P/(I·V) = 12/57.5.
        Assert.Equal(12 / 57.5, D(rows[1][^1]), 1e-12);
    }

    private static void AssertInputError((int Code, string Out, string Err) r, params string[] mustContain)
        => CliRunner.AssertInputError(r, mustContain);

    [Fact]
    public void BadLaserInputIsAClearError()
    {
        string f = CliRunner.TempFile("r.yaml", IssueFile.Replace("r_front: 0.0", "r_front: 1.5"));
        AssertInputError(CliRunner.Run("laser", f, "--modes", "3", "--out", "-"), "r.yaml:2", "facets.r_front", "[0, 1]");
        string s = CliRunner.TempFile("s.yaml", IssueFile.Replace("quarter_wave", "half_wave"));
        AssertInputError(CliRunner.Run("laser", s, "--modes", "3", "--out", "-"), "s.yaml:1", "grating.shift", "quarter_wave");
        string k = CliRunner.TempFile("k.yaml", IssueFile.Replace("kappa_per_um: 0.005", "kappa_per_um: -0.005"));
        AssertInputError(CliRunner.Run("laser", k, "--modes", "3", "--out", "-"), "grating.kappa_per_um", "negative");
        string big = CliRunner.TempFile("big.yaml", IssueFile.Replace("kappa_per_um: 0.005", "kappa_per_um: 0.5"));
        AssertInputError(CliRunner.Run("laser", big, "--modes", "3", "--out", "-"), "kappa*L = 200", "range");
        string ok = CliRunner.TempFile("ok.yaml", IssueFile);
        AssertInputError(CliRunner.Run("laser", ok, "--out", "-"), "--modes", "--temperature");
        AssertInputError(CliRunner.Run("laser", ok, "--temperature", "25", "--out", "-"), "I_op_mA");
        AssertInputError(CliRunner.Run("laser", ok, "--temperature", "25", "--current", "-5", "--out", "-"), "negative");
        AssertInputError(CliRunner.Run("laser", ok, "--modes", "0", "--out", "-"), "1 to 200");
    }

    [Theory]
    [InlineData("dfb_uniform.yaml")]
    [InlineData("dfb_quarter_wave.yaml")]
    [InlineData("dfb_hr_ar.yaml")]
    public void ExamplesRun(string name)
    {
        var r = CliRunner.Run("laser", CliRunner.Example("lasers/" + name), "--modes", "4", "--out", "-");
        Assert.Equal(0, r.Code);
        r = CliRunner.Run("laser", CliRunner.Example("lasers/" + name), "--temperature", "0:80:5", "--current", "0:80:3", "--out", "-");
        Assert.Equal(0, r.Code);
        Assert.Equal(16, Csv(r.Out).Length);
    }
}
