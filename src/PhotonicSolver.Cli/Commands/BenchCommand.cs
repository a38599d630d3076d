using System.CommandLine;
using PhotonicSolver.Benchmarks;

namespace PhotonicSolver.Cli.Commands;

/// <summary>
/// `photonic bench [--circuit ring|mesh|chain:N]... [--backend ...] [--precision fp64] [--points N] [--json FILE]`:
/// engine throughput on each backend next to the hand-written ring loop from the same run.
/// </summary>
public static class BenchCommand
{
    public static Command Create(CliIO io)
    {
        var circuits = new Option<string[]>("--circuit")
        {
            Description = "ring, mesh (4×4), mesh:N (N-mode Clements mesh: compile time, points/s, peak RSS), chain:N or stack:N (N-layer thin film, layer-evals/s) (repeatable; default: ring, mesh, chain:10, chain:100, chain:1000).",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var backends = new Option<string[]>("--backend") { Description = "Backends to run (repeatable; default: every available one).", Arity = ArgumentArity.ZeroOrMore };
        var precision = new Option<string[]>("--precision") { Description = "fp64 and/or fp32 (repeatable; default fp64).", Arity = ArgumentArity.ZeroOrMore };
        var points = new Option<long>("--points") { Description = "Sweep points per circuit (default 4e6).", DefaultValueFactory = _ => 4_000_000 };
        var json = new Option<string?>("--json") { Description = "Also write the results as JSON." };
        var cmd = new Command("bench", "Benchmark the generic engine against a hand-written closed-form ring loop.") { circuits, backends, precision, points, json };
        cmd.SetAction(r => io.Guard(() =>
        {
            long n = r.GetValue(points);
            if (n < 1) throw new PhotonicException("--points must be at least 1");
            var precisions = r.GetValue(precision) is { Length: > 0 } ps ? ps : ["fp64"];
            foreach (var p in precisions) CommonOptions.ParsePrecision(p);
            var names = r.GetValue(circuits) is { Length: > 0 } c ? c : ["ring", "mesh", "chain:10", "chain:100", "chain:1000"];
            var backendNames = r.GetValue(backends) is { Length: > 0 } b ? b : BackendChoice.Available().ToArray();
            int threads = Environment.ProcessorCount;
            var meshes = names.Select(BenchCircuits.MeshModes).OfType<int>().ToList();
            if (meshes.Count > 0) MeshBench(io, meshes, backendNames, n, r.GetResult(points) is { Implicit: false }, precisions[0], r.GetValue(json));
            names = names.Where(x => BenchCircuits.MeshModes(x) is null).ToArray();
            if (names.Length == 0) return 0;
            double baseline = BenchRunner.BaselineRing(n, threads);
            io.Err.WriteLine($"hand-written ring loop: {baseline:0.000e0} points/s on {threads} threads");
            var results = new List<BenchResult>();
            foreach (var name in names.Where(TmmBench.IsStack)) results.AddRange(StackBench(io, name, n, threads, backendNames));
            names = names.Where(x => !TmmBench.IsStack(x)).ToArray();
            foreach (var backendName in backendNames)
            {
                using var be = BackendChoice.Create(backendName, io);
                foreach (var prec in precisions)
                    foreach (var name in names)
                    {
                        // ILGPU's CPU accelerator is an emulator for tests: keep its runs small.
                        long pts = be.Name == "ilgpu-cpu" ? Math.Min(n, 20_000) : name.StartsWith("chain:1000") ? Math.Min(n, 400_000) : n;
                        results.Add(BenchRunner.Run(name, be, pts, baseline, prec));
                    }
            }
            BenchRunner.WriteTable(io.Out, results);
            if (r.GetValue(json) is { } path) BenchRunner.WriteJson(path, results, io.Out);
            return 0;
        }));
        return cmd;
    }

    /// <summary>
    /// mesh:N: netlist build, parse/flatten and compile times, a few points (11 unless --points is given) on each
    /// backend, and peak RSS. Compile scaling is the point here, not throughput.
    /// </summary>
    private static void MeshBench(CliIO io, List<int> modes, string[] backendNames, long points, bool pointsGiven, string precision, string? json)
    {
        var results = new List<BenchRunner.MeshScaleResult>();
        foreach (var backendName in backendNames)
        {
            using var be = BackendChoice.Create(backendName, io);
            foreach (int m in modes) results.Add(BenchRunner.MeshScale(m, be, pointsGiven ? points : 11, precision));
        }
        BenchRunner.WriteMeshTable(io.Out, results);
        if (json is not null) BenchRunner.WriteJson(json, results, io.Out);
    }

    /// <summary>stack:N on the cpu (with its baselines) and on every requested ILGPU backend (thin-film kernel).</summary>
    private static List<BenchResult> StackBench(CliIO io, string name, long n, int threads, string[] backendNames)
    {
        var backends = backendNames.Where(b => b != "cpu").Select(b => BackendChoice.Create(b, io)).ToList();
        try
        {
            var devices = backends.OfType<Kernels.IlgpuBackend>().Select(b => (PhotonicSolver.Tmm.ITmmDevice)new Kernels.IlgpuTmmDevice(b.Accelerator)).ToList();
            return TmmBench.Run(name, n, threads, io.Err, devices: devices);
        }
        finally { foreach (var b in backends) b.Dispose(); }
    }
}
