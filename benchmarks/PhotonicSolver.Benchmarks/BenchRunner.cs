using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using PhotonicSolver.Backends;
using PhotonicSolver.Circuit;
using PhotonicSolver.Numerics;
using PhotonicSolver.Sweep;

namespace PhotonicSolver.Benchmarks;

/// <summary>One benchmark measurement, as written to the JSON file.</summary>
public sealed record BenchResult(
    [property: JsonPropertyName("circuit")] string Circuit,
    [property: JsonPropertyName("backend")] string Backend,
    [property: JsonPropertyName("precision")] string Precision,
    [property: JsonPropertyName("points")] long Points,
    [property: JsonPropertyName("seconds")] double Seconds,
    [property: JsonPropertyName("points_per_s")] double PointsPerSecond,
    [property: JsonPropertyName("component_evals_per_s")] double ComponentEvalsPerSecond,
    [property: JsonPropertyName("baseline_points_per_s")] double BaselinePointsPerSecond,
    [property: JsonPropertyName("ratio")] double Ratio);

/// <summary>
/// Runs circuits on backends side by side with the hand-written ring loop, in the same process. Times the
/// engine only (results go to a discarding sink, in bounded chunks); best of several repeats after a warm-up.
/// </summary>
public static class BenchRunner
{
    private sealed class Discard : ISweepSink
    {
        public void Begin(EvaluationPlan plan) { }
        public void Write(long start, int count, Cx[] outputs, int[] status) { }
        public void End(bool truncated, long written) { }
    }

    /// <summary>Points per second of the hand-written closed-form ring, best of <paramref name="repeats"/>.</summary>
    public static double BaselineRing(long points, int threads, int repeats = 3)
    {
        int chunk = (int)Math.Min(points, 1 << 22);
        var buffer = new Cx[chunk];
        double step = 0.1 / Math.Max(1, points - 1);
        HandWrittenRing.Run(1.5, step, Math.Min(chunk, 100_000), buffer, threads); // warm-up / JIT
        double best = double.MaxValue;
        for (int r = 0; r < repeats; r++)
        {
            var sw = Stopwatch.StartNew();
            for (long s = 0; s < points; s += chunk)
                HandWrittenRing.Run(1.5 + step * s, step, Math.Min(chunk, points - s), buffer, threads);
            best = Math.Min(best, sw.Elapsed.TotalSeconds);
        }
        return points / best;
    }

    public static BenchResult Run(string circuitName, ISweepBackend backend, long points, double baselinePointsPerSecond,
                                  string precision = "fp64", int repeats = 3)
    {
        var circuit = BenchCircuits.ByName(circuitName);
        List<(int, int)>? outputs = circuitName == "mesh" ? null : [(1, 0)];
        var sweep = new SweepSpec([SweepAxis.Linear(FlatCircuit.WavelengthKey, 1.5, 1.6, (int)Math.Min(points, int.MaxValue))]);
        var plan = PlanCompiler.Compile(circuit, sweep, outputs, precision == "fp32" ? Precision.Fp32 : Precision.Fp64);
        using var prepared = backend.Prepare(plan);
        var sink = new Discard();
        // Warm-up on a small slice (JIT, kernel load).
        int warm = (int)Math.Min(points, 65536);
        prepared.Evaluate(0, warm, new Cx[warm * plan.Layout.NumOutputs], new int[warm]);
        double best = double.MaxValue;
        for (int r = 0; r < repeats; r++)
        {
            var sw = Stopwatch.StartNew();
            SweepRunner.Run(prepared, sink);
            best = Math.Min(best, sw.Elapsed.TotalSeconds);
        }
        double pps = plan.PointCount / best;
        return new BenchResult(circuitName, backend.Name, precision, plan.PointCount, best, pps,
                               pps * circuit.Instances.Count, baselinePointsPerSecond, pps / baselinePointsPerSecond);
    }

    /// <summary>One `bench --circuit mesh:N` measurement: where the compile time goes, the run rate and peak RSS.</summary>
    public sealed record MeshScaleResult(
        [property: JsonPropertyName("circuit")] string Circuit,
        [property: JsonPropertyName("backend")] string Backend,
        [property: JsonPropertyName("instances")] int Instances,
        [property: JsonPropertyName("connections")] int Connections,
        [property: JsonPropertyName("generate_s")] double GenerateSeconds,
        [property: JsonPropertyName("parse_s")] double ParseSeconds,
        [property: JsonPropertyName("flatten_s")] double FlattenSeconds,
        [property: JsonPropertyName("compile_s")] double CompileSeconds,
        [property: JsonPropertyName("compile_cpu_s")] double CompileCpuSeconds,
        [property: JsonPropertyName("compile_phases")] IReadOnlyDictionary<string, double> CompilePhases,
        [property: JsonPropertyName("instructions")] int Instructions,
        [property: JsonPropertyName("registers")] int Registers,
        [property: JsonPropertyName("outputs")] int Outputs,
        [property: JsonPropertyName("points")] long Points,
        [property: JsonPropertyName("points_per_s")] double PointsPerSecond,
        [property: JsonPropertyName("peak_rss_mb")] double PeakRssMb);

    /// <summary>
    /// Builds the N-mode Clements mesh netlist, parses, flattens and compiles it for every port pair over
    /// <paramref name="points"/> wavelengths, then runs the points on <paramref name="backend"/>. Peak RSS is the
    /// process's high-water mark (VmHWM), reset before the netlist is built where Linux allows it. compile_cpu_s is the
    /// process CPU time spent compiling: on a shared machine it tells the work apart from the wait for a core.
    /// </summary>
    public static MeshScaleResult MeshScale(int modes, ISweepBackend backend, long points = 11, string precision = "fp64")
    {
        ResetPeakRss();
        var sw = Stopwatch.StartNew();
        string text = BenchCircuits.MeshNetlist(modes);
        double generate = sw.Elapsed.TotalSeconds;
        sw.Restart();
        var netlist = Netlists.NetlistLoader.Parse(text, $"mesh{modes}.yaml");
        text = "";
        double parse = sw.Elapsed.TotalSeconds;
        sw.Restart();
        var circuit = Netlists.Flattener.Flatten(netlist);
        double flatten = sw.Elapsed.TotalSeconds;
        var sweep = new SweepSpec([SweepAxis.Linear(FlatCircuit.WavelengthKey, 1.54, 1.56, (int)points)]);
        sw.Restart();
        var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
        var plan = PlanCompiler.Compile(circuit, sweep, null, precision == "fp32" ? Precision.Fp32 : Precision.Fp64);
        double compile = sw.Elapsed.TotalSeconds;
        double compileCpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds;
        using var prepared = backend.Prepare(plan);
        sw.Restart();
        SweepRunner.Run(prepared, new Discard());
        double run = sw.Elapsed.TotalSeconds;
        return new MeshScaleResult($"mesh:{modes}", backend.Name, circuit.Instances.Count, circuit.Connections.Count, generate, parse, flatten,
                                   compile, compileCpu, plan.CompileTimings, plan.Layout.NumInstructions, plan.Layout.NumRegisters,
                                   plan.Layout.NumOutputs, plan.PointCount, plan.PointCount / run, PeakRssMb());
    }

    /// <summary>Resets the kernel's peak-RSS mark of this process (Linux: "5" to /proc/self/clear_refs); no-op elsewhere.</summary>
    private static void ResetPeakRss()
    {
        GC.Collect();
        try { if (OperatingSystem.IsLinux()) File.WriteAllText("/proc/self/clear_refs", "5"); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }

    /// <summary>Peak resident set of this process in MB (VmHWM on Linux).</summary>
    public static double PeakRssMb()
    {
        if (OperatingSystem.IsLinux())
            foreach (var line in File.ReadLines("/proc/self/status"))
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                    return double.Parse(line[6..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) / 1024.0;
        using var p = Process.GetCurrentProcess();
        return p.PeakWorkingSet64 / 1048576.0;
    }

    public static void WriteMeshTable(TextWriter w, IEnumerable<MeshScaleResult> results)
    {
        w.WriteLine($"{"circuit",-10} {"backend",-10} {"instances",9} {"connections",11} {"parse_s",9} {"flatten_s",9} {"compile_s",9} {"cpu_s",6} {"instructions",12} {"registers",9} {"points",6} {"points/s",10} {"peak_RSS_MB",11}");
        foreach (var r in results)
        {
            w.WriteLine($"{r.Circuit,-10} {r.Backend,-10} {r.Instances,9} {r.Connections,11} {r.ParseSeconds,9:F3} {r.FlattenSeconds,9:F3} {r.CompileSeconds,9:F3} {r.CompileCpuSeconds,6:F2} {r.Instructions,12} {r.Registers,9} {r.Points,6} {r.PointsPerSecond,10:0.00e0} {r.PeakRssMb,11:F0}");
            if (r.CompilePhases.Count > 0)
                w.WriteLine("  compile phases: " + string.Join(", ", r.CompilePhases.Select(kv => $"{kv.Key} {kv.Value:F3} s")));
        }
    }

    public static void WriteTable(TextWriter w, IEnumerable<BenchResult> results)
    {
        w.WriteLine($"{"circuit",-11} {"backend",-10} {"prec",-5} {"points",11} {"seconds",9} {"points/s",11} {"comp-evals/s",13} {"baseline/s",11} {"ratio",7}");
        foreach (var r in results)
            w.WriteLine($"{r.Circuit,-11} {r.Backend,-10} {r.Precision,-5} {r.Points,11} {r.Seconds,9:F4} {r.PointsPerSecond,11:0.000e0} {r.ComponentEvalsPerSecond,13:0.000e0} {r.BaselinePointsPerSecond,11:0.000e0} {r.Ratio,7:F3}");
    }

    public static void WriteJson<T>(string path, IEnumerable<T> results, TextWriter? stdout = null)
        => IO.ResultStream.WriteAll(path, "benchmark JSON", stdout,
                                    w => w.Write(JsonSerializer.Serialize(results.ToList(), new JsonSerializerOptions { WriteIndented = true })));
}
