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

    public static void WriteTable(TextWriter w, IEnumerable<BenchResult> results)
    {
        w.WriteLine($"{"circuit",-11} {"backend",-10} {"prec",-5} {"points",11} {"seconds",9} {"points/s",11} {"comp-evals/s",13} {"baseline/s",11} {"ratio",7}");
        foreach (var r in results)
            w.WriteLine($"{r.Circuit,-11} {r.Backend,-10} {r.Precision,-5} {r.Points,11} {r.Seconds,9:F4} {r.PointsPerSecond,11:0.000e0} {r.ComponentEvalsPerSecond,13:0.000e0} {r.BaselinePointsPerSecond,11:0.000e0} {r.Ratio,7:F3}");
    }

    public static void WriteJson(string path, IEnumerable<BenchResult> results)
        => File.WriteAllText(path, JsonSerializer.Serialize(results.ToList(), new JsonSerializerOptions { WriteIndented = true }));
}
