using System.Globalization;
using PhotonicSolver.Tests.Cli;

namespace PhotonicSolver.Tests.Links;

/// <summary>`photonic link`: CSV columns and values, co-packaged / ELS / independent temperatures, the examples, input errors.</summary>
public class LinkCliTests
{
    private static readonly string Receiver = CliRunner.Example(Path.Combine("links", "ring_receiver.yaml"));
    private static readonly string Dfb = CliRunner.Example(Path.Combine("links", "dfb_laser.yaml"));
    private static readonly string Fixed = CliRunner.Example(Path.Combine("links", "els_source.yaml"));

    private static readonly string[] DfbColumns =
    [
        "laser_temperature_C", "chip_temperature_C", "current_mA", "wavelength_um", "laser_power_mW", "fiber_loss_dB",
        "chip_loss_dB", "link_loss_dB", "detuning_penalty_dB", "received_power_mW", "received_power_dBm",
    ];

    private static (string[] Header, double[][] Rows) ReadCsv(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return (lines[0].Split(','), lines.Skip(1).Select(l => l.Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray()).ToArray());
    }

    private static double Col(string[] header, double[] row, string name) => row[Array.IndexOf(header, name)];

    [Fact]
    public void CoPackagedLaserFollowsTheChipTemperature()
    {
        string csv = CliRunner.TempFile("copackaged.csv");
        var r = CliRunner.Run("link", Receiver, "--source", Dfb, "--pair", "drop:fiber", "--temperature", "25:105:9", "--out", csv);
        Assert.True(r.Code == 0, r.Err);
        var (h, rows) = ReadCsv(File.ReadAllText(csv));
        Assert.Equal(DfbColumns, h);
        Assert.Equal(9, rows.Length);
        foreach (var x in rows)
        {
            Assert.Equal(Col(h, x, "chip_temperature_C"), Col(h, x, "laser_temperature_C"));
            Assert.Equal(60, Col(h, x, "current_mA"));                       // electrical.I_op_mA
            Assert.Equal(0, Col(h, x, "fiber_loss_dB"));
            double dT = Col(h, x, "laser_temperature_C") - 25;
            Assert.Equal(1.55 + 1.55 / 3.6 * (2.0e-4 + 3.2 * 4.6e-6) * dT, Col(h, x, "wavelength_um"), 1e-12);
            Assert.Equal(0.3 * Math.Exp(-dT / 100) * (60 - 10 * Math.Exp(dT / 60)), Col(h, x, "laser_power_mW"), 1e-12);
            // The columns agree with each other: P_rx = P·10^(−link loss/10), link loss = fiber + chip loss.
            Assert.Equal(Col(h, x, "laser_power_mW") * Math.Pow(10, -Col(h, x, "link_loss_dB") / 10), Col(h, x, "received_power_mW"), 1e-12);
            Assert.Equal(10 * Math.Log10(Col(h, x, "received_power_mW")), Col(h, x, "received_power_dBm"), 1e-12);
        }
        Assert.Equal(0, rows.Min(x => Col(h, x, "detuning_penalty_dB")));
        Assert.Contains("laser temperature = chip temperature", r.Out);
        Assert.Contains("9 distinct (chip temperature, wavelength) points (9 temperature(s), 9 wavelength(s), zipped)", r.Out);
        Assert.Contains("received power: min", r.Out);
        Assert.Contains("worst-case detuning penalty", r.Out);
    }

    [Fact]
    public void ExternalLightSourceHoldsItsTemperatureAndAddsTheFiberLoss()
    {
        var r = CliRunner.Run("link", Receiver, "--source", Dfb, "--pair", "drop:fiber", "--temperature", "25,65,105",
                              "--els", "--fiber-length", "2", "--connector-loss", "0.5,0.5", "--out", "-");
        Assert.True(r.Code == 0, r.Err);
        var (h, rows) = ReadCsv(r.Out);
        Assert.Equal(3, rows.Length);
        foreach (var x in rows)
        {
            Assert.Equal(25, Col(h, x, "laser_temperature_C"));                // the source's T_ref_C
            Assert.Equal(1.55, Col(h, x, "wavelength_um"), 1e-12);
            Assert.Equal(15, Col(h, x, "laser_power_mW"), 1e-12);
            Assert.Equal(2 * 0.35 + 1.0, Col(h, x, "fiber_loss_dB"), 1e-12); // G.652 default attenuation
            Assert.Equal(1.7 + Col(h, x, "chip_loss_dB"), Col(h, x, "link_loss_dB"), 1e-12);
        }
        // The ring walks off the fixed laser line as the chip heats: the received power falls monotonically.
        Assert.True(rows[0][^2] > rows[1][^2] && rows[1][^2] > rows[2][^2]);
        Assert.Contains("laser held at 25 °C", r.Err);                         // summary on stderr with --out -
        Assert.Contains("1.700 dB", r.Err);
    }

    [Fact]
    public void IndependentLaserAndChipTemperaturesAreEveryCombination()
    {
        var r = CliRunner.Run("link", Receiver, "--source", Dfb, "--pair", "drop:fiber", "--laser-temperature", "20,30",
                              "--temperature", "25:45:3", "--current", "40,60", "--out", "-");
        Assert.True(r.Code == 0, r.Err);
        var (h, rows) = ReadCsv(r.Out);
        Assert.Equal(12, rows.Length);
        // Laser temperature outermost, then chip temperature, then current.
        Assert.Equal([20, 20, 20, 20, 20, 20, 30, 30, 30, 30, 30, 30], rows.Select(x => Col(h, x, "laser_temperature_C")));
        Assert.Equal([25, 25, 35, 35, 45, 45, 25, 25, 35, 35, 45, 45], rows.Select(x => Col(h, x, "chip_temperature_C")));
        Assert.Equal([40, 60, 40, 60, 40, 60, 40, 60, 40, 60, 40, 60], rows.Select(x => Col(h, x, "current_mA")));
        Assert.Contains("6 distinct (chip temperature, wavelength) points (3 temperature(s), 2 wavelength(s), zipped)", r.Err);
    }

    [Fact]
    public void ElsTiedToTheChipAndBelowThresholdIsAWarning()
    {
        // --laser-temperature chip ties the laser to the chip even with --els; at 5 mA the laser (I_th = 10 mA) is dark.
        var r = CliRunner.Run("link", Receiver, "--source", Dfb, "--pair", "drop:fiber", "--els", "--laser-temperature", "chip",
                              "--fiber-length", "1", "--temperature", "25,85", "--current", "5", "--out", "-");
        Assert.True(r.Code == 0, r.Err);
        var (h, rows) = ReadCsv(r.Out);
        Assert.All(rows, x => Assert.Equal(Col(h, x, "chip_temperature_C"), Col(h, x, "laser_temperature_C")));
        Assert.All(rows, x => Assert.Equal(0.0, Col(h, x, "received_power_mW")));
        Assert.All(rows, x => Assert.Equal(double.NegativeInfinity, Col(h, x, "received_power_dBm")));
        Assert.Contains("below threshold in 2 of 2 scenarios", r.Err);
    }

    [Fact]
    public void FixedSourceHasNoCurrentColumn()
    {
        var r = CliRunner.Run("link", Receiver, "--source", Fixed, "--pair", "drop:fiber", "--els", "--fiber-length", "0.5",
                              "--temperature", "25,85", "--out", "-");
        Assert.True(r.Code == 0, r.Err);
        var (h, rows) = ReadCsv(r.Out);
        Assert.Equal(DfbColumns.Where(c => c != "current_mA"), h);
        Assert.All(rows, x => Assert.Equal(Math.Pow(10, 1.3), Col(h, x, "laser_power_mW"), 1e-12)); // 13 dBm
        Assert.All(rows, x => Assert.Equal(0.175, Col(h, x, "fiber_loss_dB"), 1e-12));
    }

    /// <summary>The example README's commands, exactly as written there, and what its table says about them.</summary>
    [Fact]
    public void ExampleReadmeCommandsRun()
    {
        string readme = File.ReadAllText(Path.Combine(DocsTests.RepoRoot(), "examples", "links", "README.md"));
        Assert.Contains("--temperature 25:105:81", readme);
        string dir = Path.GetDirectoryName(CliRunner.TempFile("x"))!;
        string ex = Path.GetDirectoryName(Receiver)!;
        var lines = readme.Split('\n').Where(l => l.TrimStart().StartsWith("photonic ")).ToList();
        Assert.Equal(5, lines.Count);
        foreach (var line in lines)
        {
            var args = line.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
                           .Select(a => a.StartsWith("examples/links/") ? Path.Combine(ex, a["examples/links/".Length..])
                                      : a.EndsWith(".csv") || a.EndsWith(".png") ? Path.Combine(dir, a) : a).ToArray();
            var r = CliRunner.Run(args);
            Assert.True(r.Code == 0, line + "\n" + r.Err);
        }
        // Both packagings of the same laser: the co-packaged one ends hotter and weaker in the laser but better aligned.
        var (h, co) = ReadCsv(File.ReadAllText(Path.Combine(dir, "copackaged.csv")));
        var (_, els) = ReadCsv(File.ReadAllText(Path.Combine(dir, "els.csv")));
        Assert.Equal(81, co.Length);
        Assert.Equal(81, els.Length);
        Assert.True(Col(h, co[^1], "detuning_penalty_dB") < Col(h, els[^1], "detuning_penalty_dB"));
        Assert.True(Col(h, co[^1], "laser_power_mW") < Col(h, els[^1], "laser_power_mW"));
        // The README's table is what the commands wrote, to its printed precision (5 decimals in µm, 2 in dB/mW).
        var table = readme.Split('\n').Where(l => l.Length > 2 && l.StartsWith("| ") && char.IsDigit(l[2])).ToList();
        Assert.Equal(5, table.Count);
        foreach (var line in table)
        {
            var v = line.Trim('|', ' ').Split('|').Select(c => double.Parse(c.Trim().Replace('\u2212', '-'), CultureInfo.InvariantCulture)).ToArray();
            var c = co.Single(x => Col(h, x, "chip_temperature_C") == v[0]);
            var e = els.Single(x => Col(h, x, "chip_temperature_C") == v[0]);
            Assert.Equal(v[1], Col(h, c, "wavelength_um"), 5e-6 + 1e-12);
            double[] expected = [Col(h, c, "laser_power_mW"), Col(h, c, "chip_loss_dB"), Col(h, c, "received_power_dBm"),
                                 Col(h, e, "chip_loss_dB"), Col(h, e, "link_loss_dB"), Col(h, e, "received_power_dBm")];
            for (int i = 0; i < expected.Length; i++) Assert.True(Math.Abs(v[i + 2] - expected[i]) <= 0.005 + 1e-9, $"README row {v[0]} °C, column {i + 3}: {v[i + 2]} vs {expected[i]}");
        }
    }

    private static void AssertInputError((int Code, string Out, string Err) r, params string[] mustContain)
        => CliRunner.AssertInputError(r, mustContain);

    private static (int, string, string) Link(params string[] extra) =>
        CliRunner.Run(["link", Receiver, "--source", Dfb, "--pair", "drop:fiber", "--out", "-", .. extra]);

    [Fact]
    public void UnknownPortNamesThePorts() =>
        AssertInputError(CliRunner.Run("link", Receiver, "--source", Dfb, "--pair", "add:fiber", "--out", "-"),
                         "ring_receiver.yaml", "'add'", "fiber, drop, through");

    [Fact]
    public void BadSourceFileNamesFileAndLine()
    {
        string src = CliRunner.TempFile("src.yaml", "# ELS\nsource: {power_mW: 10, power_dBm: 10, wavelength_um: 1.55}\n");
        AssertInputError(CliRunner.Run("link", Receiver, "--source", src, "--pair", "drop:fiber", "--out", "-"), "src.yaml:2:", "power_mW");
        string other = CliRunner.TempFile("fiber.yaml", "fiber: {mfd_um: 10.4}\n");
        AssertInputError(CliRunner.Run("link", Receiver, "--source", other, "--pair", "drop:fiber", "--out", "-"), "fiber.yaml:1:", "source");
        AssertInputError(CliRunner.Run("link", Receiver, "--source", "/nonexistent/dfb.yaml", "--pair", "drop:fiber", "--out", "-"),
                         "not found", "/nonexistent/dfb.yaml");
    }

    [Fact]
    public void FiberOptionsNeedEls() => AssertInputError(Link("--fiber-length", "2"), "--els");

    [Fact]
    public void NegativeFiberLength() => AssertInputError(Link("--els", "--fiber-length", "-2"), "fiber length", "-2");

    [Fact]
    public void BadConnectorLossNumber() => AssertInputError(Link("--els", "--connector-loss", "0.5,x"), "--connector-loss", "'x'");

    [Fact]
    public void CurrentWithAFixedSource() =>
        AssertInputError(CliRunner.Run("link", Receiver, "--source", Fixed, "--pair", "drop:fiber", "--current", "50", "--out", "-"),
                         "--current", "fixed source");

    [Fact]
    public void DfbWithoutOperatingCurrent()
    {
        string src = CliRunner.TempFile("dfb.yaml", File.ReadAllText(Dfb).Replace(", I_op_mA: 60", ""));
        AssertInputError(CliRunner.Run("link", Receiver, "--source", src, "--pair", "drop:fiber", "--out", "-"), "--current", "I_op_mA");
    }

    [Fact]
    public void BadTemperatureRange() => AssertInputError(Link("--temperature", "25:85:0"), "--temperature", "empty range");

    [Fact]
    public void NegativeCurrent() => AssertInputError(Link("--current", "-5"), "current", "negative");

    [Fact]
    public void ErrorsLeaveNoStackTraceInARealProcess()
    {
        var r = CliRunner.RunProcess("link", Receiver, "--source", Dfb, "--pair", "drop:nope", "--out", "-");
        Assert.Equal(2, r.Code);
        Assert.StartsWith("error: ", r.Err);
        Assert.Contains("'nope'", r.Err);
        Assert.False(CliRunner.HasStackTrace(r.Err), r.Err);
    }
}
