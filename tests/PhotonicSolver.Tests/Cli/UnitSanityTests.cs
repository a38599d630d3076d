using static PhotonicSolver.Tests.Cli.CliRunner;

namespace PhotonicSolver.Tests.Cli;

/// <summary>
/// Unit mistakes caught wherever a unit enters (issue 18 item 1, issue 12's absolute zero): one test per command
/// family, through the real CLI. Wavelengths outside 0.2–20 µm are errors naming the likely unit, temperatures
/// below −273.15 °C errors, above 250 °C a kelvin warning.
/// </summary>
public class UnitSanityTests
{
    private static string Ring => Example("ring_add_drop.yaml");

    [Fact]
    public void SweepWavelengthInNanometresIsAnErrorThatSuggestsMicrometres()
    {
        string csv = TempFile("s.csv");
        AssertInputError(Run("sweep", Ring, "--wl", "1500:1600:101", "--out", csv), "--wl 1500:1600:101", "1500 looks like nm", "use 1.5");
        Assert.False(File.Exists(csv));
    }

    [Fact]
    public void SweepTemperatureInKelvinWarnsAndBelowAbsoluteZeroFails()
    {
        var r = Run("sweep", Ring, "--wl", "1.55", "--sweep", "temperature=300", "--pair", "through:in", "--out", "-");
        Assert.Equal(0, r.Code);
        Assert.Contains("warning: --sweep temperature=300: °C expected; 300 looks like kelvin (26.85 °C)", r.Err);
        AssertInputError(Run("sweep", Ring, "--wl", "1.55", "--temperature", "-300", "--out", "-"), "--temperature -300", "below absolute zero");
    }

    [Fact]
    public void SweepFileAndNetlistWavelengthsAreChecked()
    {
        string sweep = TempFile("sw.yaml", "wl: 1500:1600:11\n");
        AssertInputError(Run("sweep", Ring, "--sweep-file", sweep, "--out", "-"), "sweep 'wl'", "looks like nm");
        AssertInputError(Run("sweep", Ring, "--set", "wl=1550e-9", "--out", "-"), "--set wl", "looks like metres", "use 1.55");
    }

    [Fact]
    public void SweepSettingOutsideItsModelRangeIsAnError()
        => AssertInputError(Run("sweep", Ring, "--wl", "1.55", "--set", "c1.coupling=1.5", "--out", "-"), "c1.coupling", "out of range", "[0, 1]");

    [Fact]
    public void GratingAndCouplingWavelengthsInNanometresAreErrors()
    {
        AssertInputError(Run("grating", Example("tmm/uniform_grating.yaml"), "--wl", "1540:1560:201", "--out", "-"), "--wl 1540:1560:201", "looks like nm");
        AssertInputError(Run("coupling", Example("fiber/smf_to_ssc.yaml"), "--wl", "1550", "--out", "-"), "--wl 1550", "use 1.55");
        AssertInputError(Run("coupling", Example("fiber/smf_to_ssc.yaml"), "--gap", "-1", "--out", "-"), "--gap -1", "negative");
        AssertInputError(Run("coupling", Example("fiber/smf_to_ssc.yaml"), "--tilt", "120", "--out", "-"), "--tilt 120", "degrees");
    }

    [Fact]
    public void TmmWavelengthInNanometresIsAnError()
        => AssertInputError(Run("tmm", Example("tmm/ar_coating.yaml"), "--wl", "400:800:5", "--out", "-"), "--wl 400:800:5", "looks like nm", "use 0.4");

    [Fact]
    public void LaserTemperatureBelowAbsoluteZeroIsAnErrorAndKelvinWarns()
    {
        AssertInputError(Run("laser", Example("lasers/dfb_quarter_wave.yaml"), "--temperature", "-300:25:3", "--current", "20", "--out", "-"),
                         "--temperature -300:25:3", "below absolute zero");
        var r = Run("laser", Example("lasers/dfb_quarter_wave.yaml"), "--temperature", "300", "--current", "20", "--out", "-");
        Assert.Equal(0, r.Code);
        Assert.Contains("looks like kelvin", r.Err);
        string file = TempFile("dfb.yaml", File.ReadAllText(Example("lasers/dfb_quarter_wave.yaml")).Replace("T_ref_C: 25", "T_ref_C: -300"));
        Assert.Contains("T_ref_C: -300", File.ReadAllText(file));
        AssertInputError(Run("laser", file, "--modes", "2", "--out", "-"), "dfb.yaml:", "T_ref_C", "below absolute zero");
    }

    [Fact]
    public void OldLaserSpellingStillWorksWithAWarning()
    {
        var r = Run("laser", Example("lasers/dfb_quarter_wave.yaml"), "--temp", "25", "--current", "20", "--out", "-");
        Assert.Equal(0, r.Code);
        Assert.Contains("--temp is now --temperature", r.Err);
        Assert.StartsWith("temperature_C,", r.Out);
    }

    [Fact]
    public void DriftTemperaturesAndLaserSettingsAreChecked()
    {
        AssertInputError(Run("drift", "shift", Ring, "--pair", "through:in", "--wl", "1.54:1.56:101", "--temperature", "-280:25:3"),
                         "--temperature -280:25:3", "below absolute zero");
        AssertInputError(Run("drift", "lock", Ring, "--pair", "through:in", "--wl", "1.54:1.56:101", "--laser-wl", "1550",
                             "--heater-on", "h1", "--r-th", "1"), "--laser-wl", "looks like nm");
        AssertInputError(Run("drift", "lock", Ring, "--pair", "through:in", "--wl", "1.54:1.56:101", "--laser-wl", "1.55",
                             "--laser-fixed", "-500", "--heater-on", "h1", "--r-th", "1"), "--laser-fixed", "below absolute zero");
    }

    [Fact]
    public void DriftScenarioLaserBelowAbsoluteZeroIsALocatedError()
    {
        string dir = Path.GetDirectoryName(TempFile("x"))!;
        foreach (var f in Directory.GetFiles(Path.GetDirectoryName(Example("thermal/cpo_vs_els.yaml"))!)) File.Copy(f, Path.Combine(dir, Path.GetFileName(f)));
        string text = File.ReadAllText(Path.Combine(dir, "cpo_vs_els.yaml"));
        Assert.Contains("fixed_C:", text);
        int at = text.IndexOf("fixed_C:", StringComparison.Ordinal);
        int end = text.IndexOfAny([',', '}', '\n'], at);
        File.WriteAllText(Path.Combine(dir, "cpo_vs_els.yaml"), text[..at] + "fixed_C: -274" + text[end..]);
        AssertInputError(Run("drift", "transient", Path.Combine(dir, "cpo_vs_els.yaml"), "--out", "-"), "cpo_vs_els.yaml:", "fixed_C", "below absolute zero");
    }

    [Fact]
    public void ThermalAmbientAndCoolingSourcesBelowAbsoluteZeroAreErrors()
    {
        string net = TempFile("net.yaml", "ambient_C: -280\nnodes: {a: {capacitance_J_per_K: 1}}\nlinks: [{from: a, to: ambient, resistance_K_per_W: 1}]\n");
        AssertInputError(Run("thermal", net, "--steady", "--out", "-"), "net.yaml:1", "ambient_C", "below absolute zero");
        string cold = TempFile("cold.yaml", "ambient_C: 25\nnodes: {a: {capacitance_J_per_K: 1}}\nlinks: [{from: a, to: ambient, resistance_K_per_W: 100}]\n" +
                                            "sources: {a: {power_W: -5}}\n");
        AssertInputError(Run("thermal", cold, "--steady", "--out", "-"), "node 'a'", "-475", "below absolute zero", "cooling sources: 'a' (-5 W");
    }

    [Fact]
    public void LinkTemperaturesAndSourceWavelengthsAreChecked()
    {
        string netlist = Example("links/ring_receiver.yaml"), laser = Example("links/dfb_laser.yaml");
        AssertInputError(Run("link", netlist, "--source", laser, "--pair", "drop:fiber", "--temperature", "-300", "--out", "-"),
                         "--temperature -300", "below absolute zero");
        string source = TempFile("src.yaml", "source: {power_mW: 1, wavelength_um: 1310}\n");
        AssertInputError(Run("link", netlist, "--source", source, "--pair", "drop:fiber", "--els", "--out", "-"), "src.yaml:", "wavelength_um", "use 1.31");
    }

    [Fact]
    public void MonteCarloWavelengthInNanometresIsAnError()
        => AssertInputError(Run("montecarlo", Example("montecarlo/mzi.yaml"), "--sweep-file", Example("montecarlo/mzi_mc.yaml"), "--wl", "1550",
                                "--summary", "-"), "--wl 1550", "looks like nm");

    [Fact]
    public void ExportWavelengthInMetresIsAnError()
        => AssertInputError(Run("export", Ring, "--wl", "1.5e-6:1.6e-6:11", "--out", TempFile("r.s4p")), "--wl", "looks like metres", "use 1.5");

    [Fact]
    public void UsageErrorIsOneLineNotTheWholeHelp()
    {
        var r = Run("sweep", Ring, "--wl", "1.55");
        Assert.Equal(1, r.Code);
        Assert.Contains("--out", r.Err);
        Assert.Contains("see 'photonic sweep --help'", r.Err);
        Assert.DoesNotContain("Usage:", r.Out + r.Err);
        Assert.True(r.Err.Trim().Split('\n').Length <= 3, r.Err);
    }

    [Fact]
    public void UnitCheckNamesTheLikelyUnit()
    {
        Assert.Equal("1550 looks like nm; the unit is µm: use 1.55", PhotonicSolver.Units.UnitCheck.WavelengthHint(1550));
        Assert.Contains("use 1.55", PhotonicSolver.Units.UnitCheck.WavelengthHint(1.55e-6));
        Assert.Equal(1.55, PhotonicSolver.Units.UnitCheck.Wavelength(1.55, "x"));
        var warnings = new List<string>();
        using (PhotonicSolver.Units.UnitCheck.CollectWarnings(warnings.Add))
        {
            PhotonicSolver.Units.UnitCheck.Temperature(300, "t");
            PhotonicSolver.Units.UnitCheck.Temperature(85, "t");
        }
        Assert.Single(warnings);
        Assert.Throws<PhotonicException>(() => PhotonicSolver.Units.UnitCheck.Temperature(-273.16, "t"));
        Assert.Equal(-273.15, PhotonicSolver.Units.UnitCheck.Temperature(-273.15, "t"));
    }
}

/// <summary>One flag vocabulary (issue 18 item 2): the new spellings work, the old ones still work for a release with a warning, both at once is an error.</summary>
public class FlagVocabularyTests
{
    [Fact]
    public void LinkTakesPairTemperatureAndItsOldSpellings()
    {
        string netlist = Example("links/ring_receiver.yaml"), laser = Example("links/dfb_laser.yaml");
        var now = Run("link", netlist, "--source", laser, "--pair", "drop:fiber", "--temperature", "25,45", "--out", "-");
        Assert.True(now.Code == 0, now.Err);
        Assert.Contains("backend: auto picked", now.Err); // --backend defaults to auto here too
        var old = Run("link", netlist, "--source", laser, "--in", "fiber", "--out-port", "drop", "--chip-temp", "25,45", "--out", "-");
        Assert.True(old.Code == 0, old.Err);
        Assert.Contains("--in and --out-port are now --pair OUT:IN", old.Err);
        Assert.Contains("--chip-temp is now --temperature", old.Err);
        Assert.Equal(now.Out, old.Out);
        AssertInputError(Run("link", netlist, "--source", laser, "--pair", "drop:fiber", "--in", "fiber", "--out", "-"), "--pair OUT:IN replaces --in");
    }

    [Fact]
    public void SweepPairAndTemperatureMatchTheOldForms()
    {
        string ring = Example("ring_add_drop.yaml");
        var now = Run("sweep", ring, "--wl", "1.55", "--pair", "drop:in", "--pair", "through:in", "--temperature", "25,45", "-o", "-");
        var old = Run("sweep", ring, "--wl", "1.55", "--pairs", "drop:in,through:in", "--sweep", "temperature=25,45", "--out", "-");
        Assert.True(now.Code == 0 && old.Code == 0, now.Err + old.Err);
        Assert.Equal(now.Out, old.Out);
        Assert.Contains("--pairs is now --pair", old.Err);
        AssertInputError(Run("sweep", ring, "--wl", "1.55", "--pair", "drop:in", "--pairs", "through:in", "--out", "-"), "--pair and --pairs");
    }

    [Fact]
    public void DriftLockLaserDriftInMicrometresPerKelvinMatchesTheOldNanometreFlag()
    {
        string ring = Example("ring_add_drop.yaml");
        string[] common = ["drift", "lock", ring, "--pair", "through:in", "--wl", "1.54:1.56:801", "--laser-wl", "1.55", "--heater-on", "h1", "--r-th", "1", "--temperature", "25,35"];
        var now = Run([.. common, "--laser-drift", "9e-5"]);
        var old = Run([.. common, "--laser-dwl-dT", "0.09"]);
        Assert.True(now.Code == 0 && old.Code == 0, now.Err + old.Err);
        Assert.Equal(now.Out, old.Out);
        Assert.Contains("--laser-dwl-dT (nm/K) is now --laser-drift", old.Err);
    }
}
