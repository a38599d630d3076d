using PhotonicSolver.IO;
using PhotonicSolver.Tests.Cli;

namespace PhotonicSolver.Tests.DataModels;

public class ExportCliTests
{
    [Fact]
    public void ExportNamesPortsAndConventionAndReadsBackInPhysicsConvention()
    {
        string path = CliRunner.TempFile("ring.s4p");
        var (code, _, err) = CliRunner.Run("export", CliRunner.Example("ring_add_drop.yaml"), "--wl", "1.55,1.551", "--convention", "physics", "--out", path);
        Assert.True(code == 0, err);
        string text = File.ReadAllText(path);
        Assert.Contains("! Port[1] = in\n! Port[2] = through\n! Port[3] = drop\n! Port[4] = add\n# Hz S RI R 50\n", text);
        Assert.Contains(Touchstone.ConventionMarker + " physics", text);
        var back = Touchstone.Read(path);
        var circuit = PhotonicSolver.Cli.Commands.CommonOptions.LoadCircuit(CliRunner.Example("ring_add_drop.yaml"));
        var s = TestCircuits.Solve(circuit, new PhotonicSolver.Sweep.SweepSpec([PhotonicSolver.Sweep.SweepAxis.List("wl", [1.55, 1.551])]));
        Assert.Equal(s[0][2, 0], back.S[0][2, 0]); // physics convention: S as computed, digit for digit
    }

    [Theory]
    [InlineData("ring.s2p", "the circuit has 4 external ports (in, through, drop, add), so the Touchstone file must be named .s4p")]
    [InlineData("ring.csv", "must be named .s4p")]
    public void WrongFileNamesExitWithAMessage(string name, string message)
    {
        var (code, _, err) = CliRunner.Run("export", CliRunner.Example("ring_add_drop.yaml"), "--wl", "1.55:1.56:3", "--out", CliRunner.TempFile(name));
        Assert.Equal(2, code);
        Assert.Contains(message, err);
    }

    [Fact]
    public void SweepRunsANetlistWithADataBackedComponent()
    {
        string s4p = CliRunner.TempFile("ring.s4p");
        Assert.Equal(0, CliRunner.Run("export", CliRunner.Example("ring_add_drop.yaml"), "--wl", "1.54:1.56:201", "--out", s4p).Code);
        string netlist = Path.Combine(Path.GetDirectoryName(s4p)!, "top.yaml");
        File.WriteAllText(netlist, "instances:\n  r: {component: ring.s4p}\nports:\n  in: r,o1\n  through: r,o2\n  drop: r,o3\n  add: r,o4\n");
        string csv = Path.Combine(Path.GetDirectoryName(s4p)!, "out.csv");
        var (code, _, err) = CliRunner.Run("sweep", netlist, "--wl", "1.545:1.555:11", "--pair", "drop:in", "--out", csv);
        Assert.True(code == 0, err);
        Assert.Equal(12, File.ReadAllLines(csv).Length);
        (code, _, err) = CliRunner.Run("sweep", netlist, "--wl", "1.53:1.555:11", "--out", csv);
        Assert.Equal(2, code);
        Assert.Contains("leave the data's range", err);
    }
}
