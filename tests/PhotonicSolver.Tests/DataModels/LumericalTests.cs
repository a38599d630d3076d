using PhotonicSolver.DataModels;
using PhotonicSolver.IO;

namespace PhotonicSolver.Tests.DataModels;

public class LumericalTests
{
    private const string YBranch = """
        ["port 1","LEFT"]
        ["port 2","RIGHT"]
        ["port 3","RIGHT"]
        ("port 2","TE",1,"port 1",1,"transmission")
        (3,3)
        1.90e14 0.70 0.5
        1.93e14 0.69 0.6
        1.96e14 0.68 0.7
        ("port 1","TE",1,"port 2",1,"transmission")
        (3,3)
        1.90e14 0.70 0.5
        1.93e14 0.69 0.6
        1.96e14 0.68 0.7
        ('port 3','TE',1,'port 1',1,"transmission",1e-13)
        (3,3)
        1.90e14 0.70 0.5
        1.93e14 0.69 0.6
        1.96e14 0.68 0.7
        """;

    [Fact]
    public void ReadsBlocksIntoTheMatrixInDeclaredPortOrder()
    {
        var d = LumericalSParameters.Parse(YBranch, "y.sparam");
        Assert.Equal(["port 1", "port 2", "port 3"], d.PortNames);
        // Ascending wavelength = descending frequency: the first row is 1.96e14 Hz.
        Assert.Equal(SParameterData.WavelengthUm(1.96e14), d.WavelengthsUm[0], 1e-15);
        var s21 = d.S[0][1, 0];
        Assert.Equal(0.68 * Math.Cos(0.7), s21.Re, 1e-15);
        Assert.Equal(0.68 * Math.Sin(0.7), s21.Im, 1e-15);
        Assert.Equal(s21, d.S[0][0, 1]);
        Assert.Equal(0.0, d.S[0][2, 2].Abs);
        // Group delay τ = 0.1 ps: the file's phase excludes 2π·τ·(f − fc), fc = 1.93e14 Hz, which is added back (2.585 rad < π).
        var s31 = d.S[0][2, 0];
        Assert.Equal(0.7 + 2 * Math.PI * 1e-13 * (1.96e14 - 1.93e14), Math.Atan2(s31.Im, s31.Re), 1e-12);
    }

    [Fact]
    public void WithoutDeclarationsPortsSortByNumber()
    {
        string text = "(\"port 10\",\"TE\",1,\"port 2\",1,\"transmission\")\n(1,3)\n1.9e14 1 0\n";
        Assert.Equal(["port 2", "port 10"], LumericalSParameters.Parse(text, "a.dat").PortNames);
    }

    [Theory]
    [InlineData("(\"port 2\",\"TE\",1,\"port 1\",2,\"transmission\")\n(1,3)\n1.9e14 1 0\n", "no blocks from mode 1 to mode 1")]
    [InlineData("(\"port 2\",\"TE\",1,\"port 1\",1,\"transmission\")\n(2,3)\n1.9e14 1 0\n", "announces 2 points but the file ends after 1")]
    [InlineData("(\"port 2\",\"TE\",1,\"port 1\",1,\"modulation\")\n(1,3)\n1.9e14 1 0\n", "a.sparam:1: S-parameter type 'modulation'")]
    [InlineData("(\"port 2\",\"TE\",1,\"port 1\",1,\"transmission\")\n(1,5)\n1.9e14 1 0 0 0\n", "a.sparam:2: 5 columns")]
    public void BadFilesAreRefused(string text, string message)
        => Assert.Contains(message, Assert.Throws<PhotonicException>(() => LumericalSParameters.Parse(text, "a.sparam")).Message);
}
