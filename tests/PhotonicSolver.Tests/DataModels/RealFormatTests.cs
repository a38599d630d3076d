using PhotonicSolver.DataModels;
using PhotonicSolver.IO;
using PhotonicSolver.Netlists;
using PhotonicSolver.Numerics;
using PhotonicSolver.Tests.Cli;

namespace PhotonicSolver.Tests.DataModels;

/// <summary>
/// S-parameter files in the shapes real tools write them (issue 13, and issue 12's data-file guards). Each small file
/// here reproduces one feature of a public file, named in its comment; the public files themselves are not copied.
/// Values are checked against the numbers written in the file (magnitude·e^{i·angle}), to 1e-15.
/// </summary>
public class RealFormatTests
{
    private static Cx Polar(double m, double a) => new(m * Math.Cos(a), m * Math.Sin(a));

    private static void Near(Cx expected, Cx actual)
    {
        Assert.Equal(expected.Re, actual.Re, 1e-15);
        Assert.Equal(expected.Im, actual.Im, 1e-15);
    }

    // ------------------------------------------------------------------ Lumerical

    /// <summary>
    /// Mimics SiEPIC EBeam PDK's y_branch_source/"Ybranch_Thickness =220 width=500.sparam": 3 ports, TE as mode 1 and
    /// TM as mode 2 in one file, single-quoted labels; here 2 frequencies and only a few entries per mode.
    /// </summary>
    private const string YBranchTeTm = """
        ('port 1','TE',1,'port 1',1,'transmission')
        (2,3)
        1.9e14 0.04 2.6
        1.95e14 0.05 2.7
        ('port 2','TE',1,'port 1',1,'transmission')
        (2,3)
        1.9e14 0.70 -1.0
        1.95e14 0.69 -1.2
        ('port 1','TM',2,'port 1',2,'transmission')
        (2,3)
        1.9e14 0.10 0.5
        1.95e14 0.11 0.6
        ('port 2','TM',2,'port 1',2,'transmission')
        (2,3)
        1.9e14 0.60 0.3
        1.95e14 0.61 0.4
        ('port 2','TM',2,'port 1',1,'transmission')
        (2,3)
        1.9e14 0.01 0.0
        1.95e14 0.01 0.0
        """;

    [Fact]
    public void MultimodeFile_DefaultsToTeWithANote_AndAnyModeCanBeChosen()
    {
        var te = LumericalSParameters.Parse(YBranchTeTm, "y.sparam");
        // Points sort by wavelength: the higher frequency (1.95e14) first.
        Near(Polar(0.70, -1.0), te.S[1][1, 0]);
        Assert.Contains(te.Notes, n => n.Contains("several modes (TE (id 1), TM (id 2)); using TE (id 1)") && n.Contains("mode: TE|TM|ID"));
        Assert.Contains(te.Notes, n => n.Contains("1 mode-conversion block(s)"));

        var tm = LumericalSParameters.Parse(YBranchTeTm, "y.sparam", "TM");
        Near(Polar(0.60, 0.3), tm.S[1][1, 0]);
        Assert.DoesNotContain(tm.Notes, n => n.Contains("several modes"));
        Near(Polar(0.60, 0.3), LumericalSParameters.Parse(YBranchTeTm, "y.sparam", "2").S[1][1, 0]);

        var e = Assert.Throws<PhotonicException>(() => LumericalSParameters.Parse(YBranchTeTm, "y.sparam", "TE1"));
        Assert.Contains("mode 'TE1' is not in the file; its modes: TE (id 1), TM (id 2)", e.Message);
    }

    [Fact]
    public void MultimodeFile_ModeIsAnInstanceSetting_ThroughTheCli()
    {
        string data = CliRunner.TempFile("y.sparam", YBranchTeTm);
        string dir = Path.GetDirectoryName(data)!;
        File.WriteAllText(Path.Combine(dir, "te.yaml"), "instances:\n  y: {component: y.sparam}\nports: {a: 'y,o1', b: 'y,o2'}\n");
        File.WriteAllText(Path.Combine(dir, "tm.yaml"), "instances:\n  y: {component: y.sparam, settings: {mode: TM}}\nports: {a: 'y,o1', b: 'y,o2'}\n");
        var te = CliRunner.Run("sweep", Path.Combine(dir, "te.yaml"), "--wl", "1.55", "--out", "-");
        Assert.True(te.Code == 0, te.Err);
        Assert.Contains("note: y.sparam holds several modes", te.Err);
        var tm = CliRunner.Run("sweep", Path.Combine(dir, "tm.yaml"), "--wl", "1.55", "--out", "-");
        Assert.True(tm.Code == 0, tm.Err);
        Assert.DoesNotContain("several modes", tm.Err);
        Assert.NotEqual(te.Out, tm.Out);
    }

    [Fact]
    public void TwoPortTable_IsRead()
    {
        // Mimics SiEPIC's ebeam_taper_te1550/"w1=0.4um_w2=1um_length=10um.dat": no header, 9 tab-separated columns
        // f |S11| ∠S11 |S21| ∠S21 |S12| ∠S12 |S22| ∠S22 (rad), frequencies increasing.
        const string text = "187370286250000.0\t0.0068\t2.90\t0.99997\t1.89\t0.99996\t1.88\t0.0067\t2.91\n" +
                            "187495199774166.7\t0.0064\t2.83\t0.99998\t2.04\t0.99995\t2.03\t0.0063\t2.84\n";
        var d = LumericalSParameters.Parse(text, "taper.dat");
        Assert.Equal(["port 1", "port 2"], d.PortNames);
        Near(Polar(0.99998, 2.04), d.S[0][1, 0]);   // S21 of the second line (shorter wavelength first)
        Near(Polar(0.99995, 2.03), d.S[0][0, 1]);   // S12
        Near(Polar(0.0067, 2.91), d.S[1][1, 1]);    // S22 of the first line
        var e = Assert.Throws<PhotonicException>(() => LumericalSParameters.Parse("1.9e14 1 0 1 0\n", "t.dat"));
        Assert.StartsWith("t.dat:1: a 2-port table line has 9 numbers", e.Message);
    }

    [Fact]
    public void ReturnLossThroughAndCrossEntries_AreSParameters()
    {
        // Mimics SiEPIC's EBeam-dev/old_data/Test_port1a_Mesh3_TE.sparam: ReturnLoss, CrossBack, Through and
        // CrossFwd labels, an unquoted TE label, and ["port 1",""] declarations as in the dc_halfring files.
        const string text = """
            ["port 1",""]
            ["port 2",""]
            ["port 3",""]
            ('port 1','TE',1,'port 1',1,'ReturnLoss')
            (1,3)
            1.77297e+014	0.000666046	2.2886
            ('port 2',TE,1,'port 1',1,'CrossBack')
            (1,3)
            1.77297e+014	0.000773167	-2.17313
            ('port 3','TE',1,'port 1',1,'Through')
            (1,3)
            1.77297e+014	0.665966	-2.98661
            """;
        var d = LumericalSParameters.Parse(text, "dc.sparam");
        Assert.Equal(["port 1", "port 2", "port 3"], d.PortNames);
        Near(Polar(0.000666046, 2.2886), d.S[0][0, 0]);
        Near(Polar(0.000773167, -2.17313), d.S[0][1, 0]);
        Near(Polar(0.665966, -2.98661), d.S[0][2, 0]);
    }

    [Fact]
    public void NanInADataFile_IsALocatedError()
    {
        var e = Assert.Throws<PhotonicException>(() => LumericalSParameters.Parse(
            "('port 2','TE',1,'port 1',1,'transmission')\n(2,3)\n1.9e14 0.5 0\n1.95e14 nan 0\n", "n.sparam"));
        Assert.StartsWith("n.sparam:4: 'nan': S-parameter data must be finite", e.Message);
        e = Assert.Throws<PhotonicException>(() => Touchstone.Parse("# GHz S RI R 50\n1 0 0 NaN 0 0 0 0 0\n", "n.s2p"));
        Assert.StartsWith("n.s2p:2: 'NaN': S-parameter data must be finite", e.Message);
    }

    [Theory]
    [InlineData("n.sparam", "('port 2','TE',1,'port 1',1,'transmission')\n(1,3)\n1.9e14 0.5 0\n# TRUNCATED\n", "n.sparam:4: the file is marked truncated")]
    [InlineData("n.s2p", "# GHz S RI R 50\n1 0 0 1 0 1 0 0 0\n! TRUNCATED\n", "n.s2p:3: the file is marked truncated")]
    [InlineData("n.s2p", "# GHz S RI R 50\n1 0 0 1 0 1 0 0 0\n# TRUNCATED\n\n", "n.s2p:3: the file is marked truncated")]
    public void TruncatedDataFiles_AreRefused(string name, string text, string message)
    {
        string path = CliRunner.TempFile(name, text);
        var e = Assert.Throws<PhotonicException>(() => DataModelFiles.Read(path));
        Assert.Contains(message, e.Message.Replace(Path.GetDirectoryName(path) + Path.DirectorySeparatorChar, ""));
    }

    // ------------------------------------------------------------------ Touchstone

    [Fact]
    public void Touchstone2_ReferenceOverSeveralLines_IsRead()
    {
        // Mimics scikit-rf's tests/cst_example_6ports_V2.s6p and ANSYS/Helic writers: [Reference] values continued
        // on following lines (Touchstone 2.0 §[Reference]); here 3 ports over two lines.
        const string text = """
            [Version] 2.0
            # Hz S RI R 50
            [Number of Ports] 3
            [Reference] 50 50
            50
            [Number of Frequencies] 1
            [Network Data]
            1e9 0.1 0 0.2 0 0.3 0 0.2 0 0.1 0 0.4 0 0.3 0 0.4 0 0.1 0
            [End]
            """;
        var d = Touchstone.Parse(text, "r.ts");
        Assert.Equal(3, d.PortCount);
        Assert.Equal(0.4, d.S[0][1, 2].Re, 1e-15);
    }

    [Fact]
    public void Touchstone2_NoiseData_IsSkippedWithANote()
    {
        const string text = """
            [Version] 2.0
            # GHz S MA R 50
            [Number of Ports] 2
            [Two-Port Data Order] 12_21
            [Number of Frequencies] 2
            [Number of Noise Frequencies] 1
            [Reference] 50 50
            [Network Data]
            1 0.1 0 0.9 0 0.8 0 0.1 0
            2 0.1 0 0.9 0 0.8 0 0.1 0
            [Noise Data]
            1 0.5 0.2 134 0.12
            [End]
            """;
        var d = Touchstone.Parse(text, "n.ts");
        Assert.Equal(2, d.WavelengthsUm.Length);
        Assert.Equal(0.8, d.S[0][1, 0].Re, 1e-15);   // 12_21: the second pair is S12... S21 = 0.8
        Assert.Contains(d.Notes, n => n.Contains("n.ts:11: noise data ignored"));
    }

    [Fact]
    public void Touchstone1_NoiseBlockAfterTheNetworkData_IsSkippedWithANote()
    {
        // Mimics scikit-rf's tests/ntwk_noise.s2p: the 5-column noise block starts again at a lower frequency.
        const string text = """
            # ghz S ri R 50
            1 0.0 0.0 0.5 0.0 0.5 0.0 0.0 0.0
            2 0.0 0.0 0.5 0.0 0.5 0.0 0.0 0.0
            ! Device Noise Parameters
            1 0.5000 0.00000 134.27 0.1159
            2 1.0000 0.00000 134.27 0.1159
            """;
        var d = Touchstone.Parse(text, "n.s2p");
        Assert.Equal(2, d.WavelengthsUm.Length);
        Assert.Contains(d.Notes, n => n.Contains("n.s2p:5: noise data ignored"));
    }

    [Fact]
    public void Touchstone_RecordAtZeroFrequency_IsSkippedWithANote()
    {
        // Mimics VNA/Qucs exports that start at DC (scikit-rf's media/tests/qucs_prj files have f = 0 rows in some versions).
        var d = Touchstone.Parse("# Hz S RI R 50\n0 1 0\n1e14 0.5 0\n2e14 0.4 0\n", "dc.s1p");
        Assert.Equal(2, d.WavelengthsUm.Length);
        Assert.Contains(d.Notes, n => n.Contains("dc.s1p:2: the record at f = 0 (DC) is skipped"));
    }

    [Theory]
    [InlineData("# GHz Z RI R 50\n1 0 0\n", "z.s1p", "z.s1p:1: only S-parameters can be read (the file holds Z-parameters")]
    [InlineData("[Version] 2.0\n# GHz S RI R 50\n[Number of Ports] 4\n[Mixed-Mode Order] D2,1 D3,4 C2,1 C3,4\n", "m.ts", "m.ts:4: mixed-mode")]
    [InlineData("[Version] 2.0\n# GHz S RI R 50\n[Number of Ports] 2\n[Network Data]\n1 0 0 1 0 1 0 0 0\n2 0 0 1 0\n", "x.ts", "x.ts:6: this record is incomplete: 5 of 9")]
    public void TouchstoneRefusals_NameTheLine(string text, string name, string message)
        => Assert.StartsWith(message, Assert.Throws<PhotonicException>(() => Touchstone.Parse(text, name)).Message);

    // ------------------------------------------------------------------ passivity

    [Fact]
    public void PassivityIsCheckedOnEveryDataFile_AndWarnedThroughTheCli()
    {
        // |S21| = 1.01 at 1e14 Hz (2.998 µm) only: the SVD's largest singular value is 1.01 there.
        var d = Touchstone.Parse("# Hz S MA R 50\n1e14 0 0 1.01 0 1.0 0 0 0\n2e14 0 0 0.9 0 0.9 0 0 0\n", "g.s2p");
        string w = d.PassivityWarning()!;
        Assert.Contains("g.s2p: not passive: the largest singular value of S is 1.01 at 2.99792458 µm (100 THz); 1 of 2 points exceed 1 + 1e-6", w);
        // A lossless reciprocal 2×2 (a 50:50 coupler, unitary) is passive to rounding, well inside 1e-6.
        Assert.Null(Touchstone.Parse("# Hz S RI R 50\n1e14 0 0 0.7071067811865476 0 0 0.7071067811865476 0 0\n", "u.s2p").PassivityWarning());

        string data = CliRunner.TempFile("g.s2p", "# Hz S MA R 50\n1.9e14 0 0 1.01 0 1.0 0 0 0\n2e14 0 0 0.9 0 0.9 0 0 0\n");
        string net = Path.Combine(Path.GetDirectoryName(data)!, "g.yaml");
        File.WriteAllText(net, "instances:\n  a: {component: g.s2p}\nports: {i: 'a,o1', o: 'a,o2'}\n");
        var r = CliRunner.Run("sweep", net, "--wl", "1.5:1.55:3", "--out", "-");
        Assert.True(r.Code == 0, r.Err);
        Assert.Contains("warning: ", r.Err);
        Assert.Contains("not passive: the largest singular value of S is 1.01 at 1.57785504", r.Err);
    }

    [Fact]
    public void LumericalDefaultModeNote_ReachesTheFlattenedCircuit()
    {
        string data = CliRunner.TempFile("y.sparam", YBranchTeTm);
        var c = Flattener.Flatten(NetlistLoader.Parse("instances:\n  y: {component: y.sparam}\nports: {a: 'y,o1', b: 'y,o2'}\n",
                                                      Path.Combine(Path.GetDirectoryName(data)!, "n.yaml")));
        Assert.Contains(c.Notes, n => n.Contains("using TE (id 1)"));
    }
}
