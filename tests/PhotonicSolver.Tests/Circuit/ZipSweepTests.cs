using System.Globalization;
using PhotonicSolver.Backends;
using PhotonicSolver.Circuit;
using PhotonicSolver.Kernels;
using PhotonicSolver.Numerics;
using PhotonicSolver.Sweep;
using PhotonicSolver.Tests.Backends;
using PhotonicSolver.Tests.Cli;

namespace PhotonicSolver.Tests.Circuit;

/// <summary>
/// Zipped sweep axes: the columns of a table move together, one point per row. Each zipped point must be exactly
/// (bit for bit) the point of the Cartesian grid with the same values: the executor reads the same values and runs the
/// same model calls and tape, only the point → axis index decode differs.
/// </summary>
[Collection(IlgpuCollection.Name)]
public sealed class ZipSweepTests(IlgpuFixture fixture)
{
    private static readonly double[] Temps = [20, 35, 50, 85];
    private static readonly double[] Wls = [1.5501, 1.5512, 1.5533, 1.5547];
    private static readonly double[] Couplings = [0.05, 0.2];

    private static FlatCircuit Ring() => PhotonicSolver.Cli.Commands.CommonOptions.LoadCircuit(CliRunner.Example("ring_add_drop.yaml"));

    private static Cx[] Run(ISweepBackend backend, FlatCircuit c, SweepSpec spec)
    {
        var plan = PlanCompiler.Compile(c, spec, [(2, 0)]);
        using var prepared = backend.Prepare(plan);
        var outputs = new Cx[plan.PointCount];
        var status = new int[plan.PointCount];
        prepared.Evaluate(0, (int)plan.PointCount, outputs, status);
        Assert.All(status, s => Assert.Equal(0, s));
        return outputs;
    }

    [Fact]
    public void AZippedGroupIsOnePointPerRowAndEqualsThatPointOfTheGrid()
    {
        var zipped = new SweepSpec([SweepAxis.List("c1.coupling", Couplings)]);
        zipped.Axes.AddRange(SweepAxis.Zip([("temperature", Temps), ("wl", Wls)]));
        Assert.Equal(Couplings.Length * Temps.Length, zipped.PointCount);
        var grid = new SweepSpec([SweepAxis.List("c1.coupling", Couplings), SweepAxis.List("temperature", Temps), SweepAxis.List("wl", Wls)]);
        using var cpu = new CpuBackend();
        var z = Run(cpu, Ring(), zipped);
        var g = Run(cpu, Ring(), grid);
        for (int c = 0; c < Couplings.Length; c++)
            for (int row = 0; row < Temps.Length; row++)
            {
                // Zipped point (c, row) is grid point (c, row, row): the diagonal of temperature × wl.
                Assert.Equal(g[(c * Temps.Length + row) * Wls.Length + row], z[c * Temps.Length + row]);
                Assert.Equal(Couplings[c], zipped.Axes[0][zipped.AxisIndex(c * Temps.Length + row, 0)]);
                Assert.Equal(Temps[row], zipped.Axes[1][zipped.AxisIndex(c * Temps.Length + row, 1)]);
                Assert.Equal(Wls[row], zipped.Axes[2][zipped.AxisIndex(c * Temps.Length + row, 2)]);
            }
        // The drop port does respond to the rows (the values differ), so equality is not of constants.
        Assert.True(Math.Abs(z[0].Abs2 - z[1].Abs2) > 1e-6);
    }

    [Fact]
    public void TheIlgpuKernelDecodesZippedAxesAsTheCpuDoes()
    {
        var spec = new SweepSpec(SweepAxis.Zip([("temperature", Temps), ("wl", Wls), ("c1.coupling", [0.05, 0.1, 0.15, 0.2])]));
        using var cpu = new CpuBackend();
        using var gpu = new IlgpuBackend(fixture.CpuAccelerator);
        // The same plan and the same operations on both: identical bits (CONVENTIONS asks ≤ 1e-12; the backends share
        // PlanExecutor, so any difference is a decode bug, not rounding).
        Assert.Equal(Run(cpu, Ring(), spec), Run(gpu, Ring(), spec));
    }

    [Fact]
    public void ZipColumnsMustHaveOneValuePerRow()
    {
        Assert.Contains("'wl' has 3 values but 'temperature' has 4",
            Assert.Throws<PhotonicException>(() => SweepAxis.Zip([("temperature", Temps), ("wl", Wls[..3])])).Message);
        var spec = new SweepSpec(SweepAxis.Zip([("temperature", Temps), ("wl", Wls)]));
        Assert.Contains("is a column of zip temperature,wl", Assert.Throws<PhotonicException>(() => spec.Remove("wl")).Message);
        // A zipped sample axis would break the Monte Carlo runs of one sample.
        var mc = new SweepSpec(SweepAxis.Zip([("sample", [0, 1, 2, 3]), ("wl", Wls)]));
        Assert.Contains("cannot be zipped", Assert.Throws<PhotonicException>(() => PlanCompiler.Compile(Ring(), mc)).Message);
    }

    private static List<string[]> ReadCsv(string path) => File.ReadAllLines(path).Select(l => l.Split(',')).ToList();
    private static double D(string s) => double.Parse(s, CultureInfo.InvariantCulture);

    [Fact]
    public void TheCliSweepsMeasuredPairsFromACsvTable()
    {
        string table = CliRunner.TempFile("pairs.csv", "# measured operating points\nwl_um,temperature,comment_free\n" +
            string.Join("\n", Temps.Select((t, i) => $"{Wls[i].ToString("R", CultureInfo.InvariantCulture)},{t},0")) + "\n");
        string outPath = CliRunner.TempFile("zip.csv");
        var r = CliRunner.Run("sweep", CliRunner.Example("ring_add_drop.yaml"), "--zip", $"temperature,wl={table}",
                              "--sweep", "c1.coupling=0.05,0.2", "--pairs", "drop:in", "--out", outPath);
        Assert.True(r.Code == 0, r.Err);
        var rows = ReadCsv(outPath);
        Assert.Equal(["wl_um", "c1.coupling", "temperature", "T.drop.in", "re.drop.in", "im.drop.in"], rows[0]);
        Assert.Equal(1 + Couplings.Length * Temps.Length, rows.Count);   // 8 points, not 2 × 4 × 4
        using var cpu = new CpuBackend();
        var grid = Run(cpu, Ring(), new SweepSpec([SweepAxis.List("c1.coupling", Couplings), SweepAxis.List("temperature", Temps), SweepAxis.List("wl", Wls)]));
        for (int c = 0; c < Couplings.Length; c++)
            for (int row = 0; row < Temps.Length; row++)
            {
                var x = rows[1 + c * Temps.Length + row];
                Assert.Equal([Wls[row], Couplings[c], Temps[row]], x[..3].Select(D));
                var s = grid[(c * Temps.Length + row) * Wls.Length + row];
                Assert.Equal(s.Re, D(x[4]));
                Assert.Equal(s.Im, D(x[5]));
            }
    }

    [Fact]
    public void ASweepFileZipSectionIsTheSameAsTheCliTable()
    {
        string file = CliRunner.TempFile("sweep.yaml", "zip:\n  temperature: [20, 35, 50, 85]\n  wl: [1.5501, 1.5512, 1.5533, 1.5547]\n");
        string outPath = CliRunner.TempFile("zip.csv");
        var r = CliRunner.Run("sweep", CliRunner.Example("ring_add_drop.yaml"), "--sweep-file", file, "--pairs", "drop:in", "--out", outPath);
        Assert.True(r.Code == 0, r.Err);
        var rows = ReadCsv(outPath);
        Assert.Equal(1 + Temps.Length, rows.Count);
        using var cpu = new CpuBackend();
        var z = Run(cpu, Ring(), new SweepSpec(SweepAxis.Zip([("temperature", Temps), ("wl", Wls)])));
        for (int row = 0; row < Temps.Length; row++) Assert.Equal(z[row].Re, D(rows[1 + row][3]));
    }

    [Fact]
    public void BadZipTablesAreInputErrorsNamingTheCulprit()
    {
        string ring = CliRunner.Example("ring_add_drop.yaml");
        string outPath = CliRunner.TempFile("zip.csv");
        string missing = CliRunner.TempFile("pairs.csv", "temperature,wavelength\n25,1.55\n");
        CliRunner.AssertInputError(CliRunner.Run("sweep", ring, "--zip", $"temperature,wl={missing}", "--out", outPath),
                                   "pairs.csv:1", "no column 'wl'", "temperature, wavelength");
        string bad = CliRunner.TempFile("pairs.csv", "temperature,wl\n25,1.55\n45,abc\n");
        CliRunner.AssertInputError(CliRunner.Run("sweep", ring, "--zip", $"temperature,wl={bad}", "--out", outPath),
                                   "pairs.csv:3", "'abc'", "'wl'");
        string good = CliRunner.TempFile("pairs.csv", "temperature,wl\n25,1.55\n45,1.551\n");
        CliRunner.AssertInputError(CliRunner.Run("sweep", ring, "--zip", $"temperature,wl={good}", "--wl", "1.5:1.6:3", "--out", outPath),
                                   "wl is both zipped and swept");
        CliRunner.AssertInputError(CliRunner.Run("sweep", ring, "--zip", "temperature,wl", "--out", outPath), "--zip", "NAME,NAME,...=FILE.csv");
        string uneven = CliRunner.TempFile("sweep.yaml", "zip:\n  temperature: [20, 35]\n  wl: [1.55]\n");
        CliRunner.AssertInputError(CliRunner.Run("sweep", ring, "--sweep-file", uneven, "--out", outPath),
                                   "sweep.yaml:2:3", "'wl' has 1 values but 'temperature' has 2");
        Assert.False(File.Exists(outPath));
    }
}
