using System.Diagnostics;
using System.Globalization;
using System.Text;
using PhotonicSolver.Backends;
using PhotonicSolver.Circuit;
using PhotonicSolver.Materials;
using PhotonicSolver.MonteCarlo;
using PhotonicSolver.Numerics;
using PhotonicSolver.Sweep;
using PhotonicSolver.Tmm;

namespace PhotonicSolver.Benchmarks;

/// <summary>
/// `photonic gpu-proof`: every kernel against the CPU backend, then fp64/fp32 timings, as one Markdown block for
/// RESULTS.md. Run on a GPU machine from the packed build (benchmarks/gpu-proof.sh); CI runs it small on ILGPU's CPU
/// accelerator, which proves the same kernels and the report, not the speed.
/// </summary>
/// <remarks>
/// Tolerances (CONVENTIONS): fp64 backends agree to 1e-12 relative to the largest |S| (or |r|, |t|) of the sweep; the
/// report also counts bit-identical values. fp32 registers round each tape operation to 6e-8; over the ≤ 1000
/// sequential operations of these circuits that is ≤ 1e-4 relative (docs/precision.md measures ≤ 1.8e-5 against fp64 on
/// a 1000-section chain), so fp32 backends are held to 1e-4 against the cpu's fp32 path. Monte Carlo summaries must be
/// equal (same draws, same metrics, same reductions), apart from the backend's name.
/// </remarks>
public static class GpuProof
{
    public sealed record Check(string Kernel, string Case, string Precision, long Values, long Identical, double MaxRelative, double Tolerance)
    {
        public bool Pass => MaxRelative <= Tolerance;
    }

    public sealed record Timing(string Work, string Precision, string Unit, double Target, double Cpu);

    public sealed record Report(string Backend, string Device, string Strict, List<Check> Checks, List<Timing> Timings)
    {
        public bool Pass => Checks.All(c => c.Pass);
    }

    /// <param name="target">The backend under test (cuda on a GPU machine).</param>
    /// <param name="tmm">Its thin-film device, or null when it has none.</param>
    /// <param name="small">CI sizes: a few thousand points per case, short timings.</param>
    /// <param name="strictStatus">Reads the backend's strict-PTX status after its kernels were loaded.</param>
    public static Report Run(ISweepBackend target, ITmmDevice? tmm, bool small, Func<string> strictStatus, TextWriter log)
    {
        using var cpu = new CpuBackend();
        var checks = new List<Check>();
        var timings = new List<Timing>();
        int n = small ? 1_000 : 200_000;

        // 1. Correctness, every kernel.
        foreach (var prec in new[] { Precision.Fp64, Precision.Fp32 })
            foreach (var (name, circuit, pairs, sweep) in Cases(n))
            {
                log.WriteLine($"check plan kernel {name} {Text(prec)}");
                checks.Add(ComparePlan(name, circuit, sweep, pairs, prec, target, cpu));
            }
        if (tmm is not null)
        {
            log.WriteLine("check thin-film kernel");
            checks.Add(CompareTmm(tmm, small ? 100 : 50_000));
        }
        log.WriteLine("check Monte Carlo kernels");
        checks.Add(CompareMonteCarlo(target, cpu, small ? 300 : 20_000));

        // 2. Timings, fp64 and fp32, target and cpu side by side.
        long pts = small ? 2_000 : 4_000_000;
        foreach (var prec in new[] { "fp64", "fp32" })
            foreach (var name in new[] { "ring", "mesh", "chain:100" })
            {
                log.WriteLine($"time {name} {prec}");
                long p = name == "chain:100" ? pts / 4 : pts;
                var t = BenchRunner.Run(name, target, p, 1, prec, repeats: small ? 1 : 3);
                var c = BenchRunner.Run(name, cpu, p, 1, prec, repeats: small ? 1 : 3);
                timings.Add(new Timing(name == "mesh" ? "4×4 MZI mesh (all 64 pairs)" : name == "ring" ? "all-pass ring" : "chain of 100 straights",
                                       prec, "points/s", t.PointsPerSecond, c.PointsPerSecond));
            }
        foreach (var prec in new[] { "fp64", "fp32" })
        {
            log.WriteLine($"time mesh:16 {prec}");
            var circuit = BenchCircuits.Mesh(16);
            timings.Add(new Timing("16-mode Clements mesh (480 instances, all pairs)", prec, "points/s",
                                   MeshRate(circuit, target, small ? 16 : 4096, prec), MeshRate(circuit, cpu, small ? 16 : 4096, prec)));
        }
        if (tmm is not null)
        {
            log.WriteLine("time TMM");
            int layers = 50;
            long tp = small ? 200 : 2_000_000;
            timings.Add(new Timing("thin film, 50 layers", "fp64", "layer-evals/s", TmmRate(layers, tp, tmm) , TmmRate(layers, tp, null)));
            timings.Add(new Timing("thin film, 50 layers", "fp32", "layer-evals/s", double.NaN, double.NaN));
        }
        log.WriteLine("time Monte Carlo");
        long samples = small ? 500 : 2_000_000;
        timings.Add(new Timing("MZI Monte Carlo, 1 λ/sample", "fp64", "samples/s", McRate(target, samples), McRate(cpu, samples)));
        timings.Add(new Timing("MZI Monte Carlo, 1 λ/sample", "fp32", "samples/s", double.NaN, double.NaN));
        return new Report(target.Name, target.Description, strictStatus(), checks, timings);
    }

    private static string Text(Precision p) => p == Precision.Fp32 ? "fp32" : "fp64";

    private static IEnumerable<(string Name, FlatCircuit Circuit, List<(int, int)>? Pairs, SweepSpec Sweep)> Cases(int n)
    {
        yield return ("all-pass ring", BenchCircuits.Ring(), [(1, 0)], new SweepSpec([SweepAxis.Linear("wl", 1.5, 1.6, n)]));
        yield return ("4×4 MZI mesh, all pairs", BenchCircuits.Mesh4x4(), null, new SweepSpec([SweepAxis.Linear("wl", 1.5, 1.6, n / 4)]));
        yield return ("8-mode Clements mesh, all pairs", BenchCircuits.Mesh(8), null, new SweepSpec([SweepAxis.Linear("wl", 1.5, 1.6, 64)]));
        yield return ("chain of 100 straights", BenchCircuits.Chain(100), [(1, 0)], new SweepSpec([SweepAxis.Linear("wl", 1.5, 1.6, n / 4)]));
        var zipped = new SweepSpec(SweepAxis.Zip([("temperature", Enumerable.Range(0, 16).Select(i => 20.0 + 4 * i).ToArray()),
                                                  ("wl", Enumerable.Range(0, 16).Select(i => 1.55 + 1e-3 * i).ToArray())]));
        yield return ("add-drop ring, zipped (T, λ) rows", AddDrop(), null, zipped);
    }

    /// <summary>An add-drop ring with thermo-optic straights (reflection-free, two couplers, a loop).</summary>
    private static FlatCircuit AddDrop() => Netlists.Flattener.Flatten(Netlists.NetlistLoader.Parse("""
        instances:
          c1: {component: coupler, settings: {coupling: 0.1}}
          c2: {component: coupler, settings: {coupling: 0.1}}
          h1: {component: straight, settings: {length: 31.4159, neff: 2.4, ng: 4.2, wl0: 1.55, loss_dB_cm: 3}}
          h2: {component: straight, settings: {length: 31.4159, neff: 2.4, ng: 4.2, wl0: 1.55, loss_dB_cm: 3}}
        connections:
          c1,o3: h1,o1
          h1,o2: c2,o2
          c2,o3: h2,o1
          h2,o2: c1,o2
        ports:
          in: c1,o1
          through: c1,o4
          drop: c2,o4
          add: c2,o1
        """, "add_drop.yaml"));

    private static Check ComparePlan(string name, FlatCircuit circuit, SweepSpec sweep, List<(int, int)>? pairs, Precision prec,
                                     ISweepBackend target, ISweepBackend cpu)
    {
        var plan = PlanCompiler.Compile(circuit, sweep, pairs, prec);
        var a = Evaluate(cpu, plan);
        var b = Evaluate(target, plan);
        double scale = a.Max(z => z.Abs), worst = 0;
        long same = 0;
        for (int i = 0; i < a.Length; i++)
        {
            if (a[i].Re.Equals(b[i].Re) && a[i].Im.Equals(b[i].Im)) same++;
            worst = Math.Max(worst, (a[i] - b[i]).Abs / scale);
            if (double.IsNaN(b[i].Re) != double.IsNaN(a[i].Re)) worst = double.PositiveInfinity;
        }
        return new Check("plan", name, Text(prec), a.Length, same, worst, prec == Precision.Fp64 ? 1e-12 : 1e-4);
    }

    private static Cx[] Evaluate(ISweepBackend backend, EvaluationPlan plan)
    {
        using var prepared = backend.Prepare(plan);
        var outputs = new Cx[plan.PointCount * plan.Layout.NumOutputs];
        var status = new int[plan.PointCount];
        prepared.Evaluate(0, (int)plan.PointCount, outputs, status);
        return outputs;
    }

    private static Check CompareTmm(ITmmDevice device, int points)
    {
        var stack = new FilmStack(MaterialLibrary.Air,
            [new FilmLayer(MaterialLibrary.Si3N4, 0.2), new FilmLayer(new ConstantMaterial("abs", 2.0, 0.3), 0.05), new FilmLayer(MaterialLibrary.SiO2, 0.3)],
            MaterialLibrary.Si);
        var spec = new TmmSweepSpec(stack, SweepAxis.Linear("wl", 1.3, 1.7, points), SweepAxis.List("angle", [0, 45]), [Polarization.S, Polarization.P]);
        var cpu = TmmSweep.RunToArray(spec, allowSimd: false);
        var dev = new TmmPoint[spec.PointCount];
        TmmSweep.Run(spec, (s, c, r) => Array.Copy(r, 0, dev, s, c), device);
        double worst = 0;
        long same = 0;
        for (int i = 0; i < cpu.Length; i++)
        {
            var (r0, r1, t0, t1) = (cpu[i].Reflection, dev[i].Reflection, cpu[i].Transmission, dev[i].Transmission);
            if (r0.Re.Equals(r1.Re) && r0.Im.Equals(r1.Im) && t0.Re.Equals(t1.Re) && t0.Im.Equals(t1.Im)) same++;
            worst = Math.Max(worst, Math.Max((r0 - r1).Abs, (t0 - t1).Abs));
        }
        return new Check("thin film", "3-layer absorbing stack, s and p, 0° and 45°", "fp64", cpu.Length, same, worst, 1e-12);
    }

    private static MonteCarloSetup MziStudy(long samples)
    {
        var v = new VariationSpec { Samples = samples, Seed = 42 };
        v.Parameters.Add(new VariationParameter { Name = "ps.phase", Code = DistributionCode.Normal, Mean = 0, Std = 0.3, Scope = VariationScope.Global });
        return new MonteCarloSetup
        {
            Variation = v,
            Specs = [new SpecDefinition { Name = "isolation", Metric = Metric.TransmissionDb, OutPort = "cross", InPort = "in", AtWl = 1.55, Max = -20 }],
        };
    }

    private static FlatCircuit Mzi() => Netlists.Flattener.Flatten(Netlists.NetlistLoader.Parse("""
        instances:
          dc1: {component: coupler, settings: {coupling: 0.5}}
          ps: {component: phase_shifter}
          dc2: {component: coupler, settings: {coupling: 0.5}}
        connections:
          dc1,o4: ps,o1
          ps,o2: dc2,o1
          dc1,o3: dc2,o2
        ports:
          in: dc1,o1
          bar: dc2,o3
          cross: dc2,o4
          in2: dc1,o2
        """, "mzi.yaml"));

    private static Check CompareMonteCarlo(ISweepBackend target, ISweepBackend cpu, long samples)
    {
        string a = MonteCarloRunner.Run(Mzi(), MziStudy(samples), cpu).ToJson();
        string b = MonteCarloRunner.Run(Mzi(), MziStudy(samples), target).ToJson().Replace($"\"backend\": \"{target.Name}\"", "\"backend\": \"cpu\"");
        // Run ids and timings differ between runs by design: compare the lines that carry results.
        static string[] Results(string json) => json.Split('\n').Where(l => !l.Contains("\"run_id\"") && !l.Contains("seconds") && !l.Contains("\"created")).ToArray();
        var ra = Results(a); var rb = Results(b);
        long same = ra.Zip(rb).Count(x => x.First == x.Second);
        bool equal = ra.Length == rb.Length && same == ra.Length;
        return new Check("Monte Carlo", $"MZI isolation yield, {samples} samples (summary)", "fp64", ra.Length, same, equal ? 0 : double.PositiveInfinity, 0);
    }

    private static double MeshRate(FlatCircuit circuit, ISweepBackend backend, int points, string prec)
    {
        var plan = PlanCompiler.Compile(circuit, new SweepSpec([SweepAxis.Linear("wl", 1.5, 1.6, points)]), null,
                                        prec == "fp32" ? Precision.Fp32 : Precision.Fp64);
        using var prepared = backend.Prepare(plan);
        var outputs = new Cx[plan.PointCount * plan.Layout.NumOutputs];
        var status = new int[plan.PointCount];
        prepared.Evaluate(0, Math.Min(points, 16), outputs, status);   // warm-up
        var sw = Stopwatch.StartNew();
        prepared.Evaluate(0, points, outputs, status);
        return points / sw.Elapsed.TotalSeconds;
    }

    private static double TmmRate(int layers, long points, ITmmDevice? device)
    {
        var spec = new TmmSweepSpec(TmmBench.Stack(layers), SweepAxis.Linear("wl", 1.2, 1.9, (int)points), SweepAxis.List("angle", [0.0]), [Polarization.S]);
        TmmSweep.Run(spec, (_, _, _) => { }, device);   // warm-up
        var sw = Stopwatch.StartNew();
        TmmSweep.Run(spec, (_, _, _) => { }, device);
        return points * layers / sw.Elapsed.TotalSeconds;
    }

    private static double McRate(ISweepBackend backend, long samples)
    {
        MonteCarloRunner.Run(Mzi(), MziStudy(Math.Min(samples, 1000)), backend);   // warm-up
        var sw = Stopwatch.StartNew();
        MonteCarloRunner.Run(Mzi(), MziStudy(samples), backend);
        return samples / sw.Elapsed.TotalSeconds;
    }

    /// <summary>The report as a Markdown block for benchmarks/RESULTS.md.</summary>
    public static string Markdown(Report r, string machine, string commit)
    {
        var ci = CultureInfo.InvariantCulture;
        var w = new StringBuilder();
        w.Append(ci, $"### GPU proof: `{r.Backend}` ({DateTime.UtcNow:yyyy-MM-dd}, commit {commit})\n\n");
        w.Append(ci, $"- device: {r.Device}\n- machine: {machine}\n- strict IEEE PTX: {r.Strict}\n");
        w.Append(ci, $"- verdict: **{(r.Pass ? "every kernel agrees with the cpu backend" : "DISAGREEMENT, see the table")}**\n\n");
        w.Append("| kernel | case | precision | values | bit-identical | max rel. difference | tolerance | |\n|---|---|---|---|---|---|---|---|\n");
        foreach (var c in r.Checks)
            w.Append(ci, $"| {c.Kernel} | {c.Case} | {c.Precision} | {c.Values} | {c.Identical} | {c.MaxRelative:0.0e0} | {c.Tolerance:0e0} | {(c.Pass ? "ok" : "**FAIL**")} |\n");
        w.Append($"\n| work | precision | unit | {r.Backend} | cpu | ratio |\n|---|---|---|---|---|---|\n");
        foreach (var t in r.Timings)
            w.Append(double.IsNaN(t.Target)
                ? $"| {t.Work} | {t.Precision} | {t.Unit} | – | – | no fp32 kernel for this workload |\n"
                : string.Create(ci, $"| {t.Work} | {t.Precision} | {t.Unit} | {t.Target:0.00e0} | {t.Cpu:0.00e0} | {t.Target / t.Cpu:0.00}× |\n"));
        return w.ToString();
    }
}
