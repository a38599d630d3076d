using PhotonicSolver.Backends;
using PhotonicSolver.Circuit;
using PhotonicSolver.Kernels;
using PhotonicSolver.Numerics;
using PhotonicSolver.Tests.Cli;

namespace PhotonicSolver.Tests.Backends;

/// <summary>
/// `--devices`: several accelerators of one node as one backend. Proven with several ILGPU CPU accelerators (the CI
/// machine has no GPU): the scheduler gives every device its contiguous share of each chunk, and sweeps and Monte
/// Carlo runs are byte-identical to one device's.
/// </summary>
public class MultiDeviceTests
{
    /// <summary>A CPU backend that records the point ranges it was asked for.</summary>
    private sealed class Recording(int id, List<(int Device, long Start, int Count)> log) : ISweepBackend
    {
        private readonly CpuBackend _cpu = new(1);
        public string Name => "cpu";
        public string Description => $"recording {id}";
        public IPreparedPlan Prepare(EvaluationPlan plan) => new RecordingPlan(_cpu.Prepare(plan), id, log);
        public void Dispose() => _cpu.Dispose();

        private sealed class RecordingPlan(IPreparedPlan inner, int id, List<(int, long, int)> log) : IPreparedPlan
        {
            public EvaluationPlan Plan => inner.Plan;
            public void Evaluate(long start, int count, Cx[] outputs, int[] status)
            {
                lock (log) log.Add((id, start, count));
                inner.Evaluate(start, count, outputs, status);
            }
            public void Dispose() => inner.Dispose();
        }
    }

    [Fact]
    public void EachChunkIsSplitIntoOneContiguousSharePerDeviceAndTheResultIsTheOneDeviceResult()
    {
        var circuit = PhotonicSolver.Cli.Commands.CommonOptions.LoadCircuit(CliRunner.Example("ring_add_drop.yaml"));
        var plan = PlanCompiler.Compile(circuit, new PhotonicSolver.Sweep.SweepSpec([PhotonicSolver.Sweep.SweepAxis.Linear("wl", 1.54, 1.56, 1000)]), null);
        var log = new List<(int Device, long Start, int Count)>();
        using var multi = new MultiDeviceBackend([new Recording(0, log), new Recording(1, log), new Recording(2, log)]);
        using var prepared = multi.Prepare(plan);
        int k = plan.Outputs.Length;
        var outputs = new Cx[1000L * k];
        var status = new int[1000];
        prepared.Evaluate(0, 600, outputs, status);
        prepared.Evaluate(600, 400, outputs[(600 * k)..], status[600..]);   // a second chunk, into copies: checked below
        var expectedRanges = new[] { (0, 0L, 200), (1, 200L, 200), (2, 400L, 200), (0, 600L, 133), (1, 733L, 133), (2, 866L, 134) };
        Assert.Equal(expectedRanges.Order(), log.Order());

        using var one = new CpuBackend(1);
        using var reference = one.Prepare(plan);
        var expected = new Cx[600L * k];
        var expectedStatus = new int[600];
        reference.Evaluate(0, 600, expected, expectedStatus);
        Assert.Equal(expected, outputs[..(600 * k)]);
        Assert.Equal(expectedStatus, status[..600]);
    }

    [Theory]
    [InlineData(0L, 1000, 3, 256)]     // unaligned end
    [InlineData(300L, 1000, 2, 256)]   // unaligned start
    [InlineData(512L, 100, 4, 256)]    // fewer blocks than devices: some get nothing
    [InlineData(1000L, 5000, 8, 256)]
    public void MonteCarloPartsAreContiguousAndCutAtBlockBoundaries(long first, int count, int devices, int block)
    {
        var parts = MultiMonteCarloDevice.Split(first, count, devices, block);
        Assert.Equal(devices, parts.Length);
        long next = first;
        foreach (var (f, n) in parts)
        {
            if (n == 0) continue;
            Assert.Equal(next, f);
            if (f != first) Assert.Equal(0, f % block);   // a cut never falls inside a block
            next = f + n;
        }
        Assert.Equal(first + count, next);
    }

    private static string Run(string name, params string[] args)
    {
        var (code, _, err) = CliRunner.Run(args);
        Assert.True(code == 0, $"{name}: {err}");
        return err;
    }

    [Fact]
    public void ASweepOnThreeIlgpuCpuDevicesIsByteIdenticalToOneDevice()
    {
        string one = CliRunner.TempFile("one.csv"), three = CliRunner.TempFile("three.csv");
        string[] common = ["sweep", CliRunner.Example("ring_add_drop.yaml"), "--wl", "1.545:1.555:101", "--sweep", "temperature=25,45,65",
                           "--backend", "ilgpu-cpu", "--chunk-points", "100"];
        Run("one device", [.. common, "--out", one]);
        string err = Run("three devices", [.. common, "--devices", "0,2,3", "--out", three]);
        Assert.Contains("3 devices", err);
        Assert.Equal(File.ReadAllBytes(one), File.ReadAllBytes(three));
        Assert.Equal(304, File.ReadAllLines(three).Length);
    }

    [Fact]
    public void AMonteCarloRunOnAllIlgpuCpuDevicesIsByteIdenticalToOneDevice()
    {
        string dir = Directory.CreateTempSubdirectory("photonic-multi-").FullName;
        string[] common = ["montecarlo", CliRunner.Example("montecarlo/mzi.yaml"), "--sweep-file", CliRunner.Example("montecarlo/mzi_mc.yaml"),
                           "--samples", "700", "--backend", "ilgpu-cpu", "--chunk-samples", "300"];
        Run("one device", [.. common, "--summary", Path.Combine(dir, "one.json"), "--out", Path.Combine(dir, "one.csv")]);
        Run("all devices", [.. common, "--devices", "all", "--summary", Path.Combine(dir, "all.json"), "--out", Path.Combine(dir, "all.csv")]);
        Assert.Equal(File.ReadAllBytes(Path.Combine(dir, "one.json")), File.ReadAllBytes(Path.Combine(dir, "all.json")));
        Assert.Equal(File.ReadAllBytes(Path.Combine(dir, "one.csv")), File.ReadAllBytes(Path.Combine(dir, "all.csv")));
        Directory.Delete(dir, recursive: true);
    }

    [Theory]
    [InlineData("ilgpu-cpu", "0,9", "no device 9")]
    [InlineData("ilgpu-cpu", "1,1", "device 1 is named twice")]
    [InlineData("ilgpu-cpu", "first", "not 'first'")]
    [InlineData("cpu", "all", "--devices needs --backend cuda, opencl or ilgpu-cpu")]
    public void BadDevicesAreInputErrorsAndWriteNothing(string backend, string devices, string message)
    {
        string output = CliRunner.TempFile("kept.csv", "keep me\n");
        var r = CliRunner.Run("sweep", CliRunner.Example("ring_all_pass.yaml"), "--wl", "1.5:1.6:11", "--backend", backend,
                              "--devices", devices, "--out", output);
        CliRunner.AssertInputError(r, message, "--devices");
        Assert.Equal("keep me\n", File.ReadAllText(output));
    }
}
