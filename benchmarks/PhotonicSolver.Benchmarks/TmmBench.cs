using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using PhotonicSolver.Materials;
using PhotonicSolver.Models;
using PhotonicSolver.Sweep;
using PhotonicSolver.Tmm;

namespace PhotonicSolver.Benchmarks;

/// <summary>
/// `stack:N`: a coherent N-layer thin-film stack over a wavelength sweep (normal incidence, s), in
/// layer-evaluations per second (points × N / s), side by side in one run: the cpu TMM sweep (Parallel.For,
/// eight wavelengths per Vector512 where available), the same sweep on the scalar kernel path, a scalar C#
/// loop on one thread (ThinFilm.Solve point by point), the thin-film kernel on each ILGPU device passed in, and
/// benchmarks/numpy_tmm.py (numpy, vectorized over wavelengths) when /usr/bin/python3 and the script are found. The stack matches numpy_tmm.py's, and numpy's
/// R at the first wavelength is checked against ours.
/// </summary>
public static class TmmBench
{
    public static bool IsStack(string name) => name.StartsWith("stack:", StringComparison.Ordinal);

    /// <summary>The benchmark stack: n = 1 | N layers alternating 2.1 and 1.45+1e-4i (quarter waves at 1.55 µm × (1 + 0.01·(i mod 7))) | 1.5.</summary>
    public static FilmStack Stack(int layers)
    {
        var hi = new ConstantMaterial("H", 2.1);
        var lo = new ConstantMaterial("L", 1.45, 1e-4);
        var list = new List<FilmLayer>(layers);
        for (int i = 1; i <= layers; i++)
        {
            double n = i % 2 == 1 ? 2.1 : 1.45;
            list.Add(new FilmLayer(i % 2 == 1 ? hi : lo, 1.55 / (4 * n) * (1 + 0.01 * (i % 7))));
        }
        return new FilmStack(new ConstantMaterial("in", 1.0), list, new ConstantMaterial("out", 1.5));
    }

    public static int Layers(string name)
    {
        if (!int.TryParse(name.AsSpan(6), NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) || n < 1 || n > 1_000_000)
            throw new PhotonicException($"--circuit {name}: expected stack:N with 1 ≤ N ≤ 1e6 layers");
        return n;
    }

    /// <summary>Runs the four measurements; <paramref name="points"/> caps the sweep length.</summary>
    public static List<BenchResult> Run(string name, long points, int threads, TextWriter log, int repeats = 3,
                                        IReadOnlyList<ITmmDevice>? devices = null)
    {
        int layers = Layers(name);
        var stack = Stack(layers);
        // Enough work to time (≥ 4e8 layer-evals for the engine), bounded for the slow baselines.
        long enginePts = Math.Clamp(Math.Min(points, 400_000_000L / layers), 64, int.MaxValue);
        long slowPts = Math.Clamp(Math.Min(points, 20_000_000L / layers), 16, int.MaxValue);

        double Engine(bool simd, long pts, ITmmDevice? device = null)
        {
            var spec = new TmmSweepSpec(stack, SweepAxis.Linear("wl", 1.2, 1.9, (int)pts), SweepAxis.List("angle", [0.0]), [Polarization.S]);
            var warm = new TmmSweepSpec(stack, SweepAxis.Linear("wl", 1.2, 1.9, (int)Math.Min(pts, 4096)), SweepAxis.List("angle", [0.0]), [Polarization.S]);
            for (int w = 0; w < 3; w++) TmmSweep.Run(warm, (_, _, _) => { }, device, threads: threads, allowSimd: simd); // JIT tiers, kernel load
            double best = double.MaxValue;
            for (int r = 0; r < repeats; r++)
                best = Math.Min(best, TmmSweep.Run(spec, (_, _, _) => { }, device, chunkPoints: device is null ? 1 << 16 : 0, threads: threads, allowSimd: simd).TotalSeconds);
            return best;
        }

        var results = new List<BenchResult>();
        double engine = Engine(true, enginePts);
        double scalarPar = Engine(false, slowPts);
        double loop = ScalarLoop(stack, slowPts, repeats, out double rFirst);
        var numpy = RunNumpy(layers, slowPts, log);
        double baseline = numpy?.PointsPerSecond ?? slowPts / loop;
        string baseName = numpy is null ? "the scalar C# loop" : "numpy";
        void Add(string backend, long pts, double s) =>
            results.Add(new BenchResult(name, backend, "fp64", pts, s, pts / s, pts * (double)layers / s, baseline, pts / s / baseline));
        Add(ThinFilmSimd.IsSupported ? "cpu" : "cpu (no Vector512)", enginePts, engine);
        Add("cpu-scalar", slowPts, scalarPar);
        Add("scalar-loop", slowPts, loop);
        foreach (var device in devices ?? [])
        {
            // ILGPU's CPU accelerator is an emulator for tests: keep its run small.
            long pts = device.Name == "ilgpu-cpu" ? Math.Min(slowPts, 2_000) : Math.Clamp(Math.Min(Math.Min(points * 16, 4_000_000_000L / layers), 1L << 24), 64, int.MaxValue);
            Add(device.Name, pts, Engine(false, pts, device));
        }
        if (numpy is not null)
        {
            Add("numpy", numpy.Points, numpy.Seconds);
            if (Math.Abs(numpy.RFirst - rFirst) > 1e-9)
                throw new InvalidOperationException($"numpy and C# disagree on R(1.2 µm): {numpy.RFirst} vs {rFirst}");
        }
        log.WriteLine($"{name}: {layers} layers; cpu on {threads} threads {enginePts * (double)layers / engine:0.000e0} layer-evals/s; " +
                      $"scalar C# loop (1 thread) {slowPts * (double)layers / loop:0.000e0}; ratios against {baseName}");
        return results;
    }

    /// <summary>One thread, one point at a time, through the kernel-safe scalar solver.</summary>
    private static double ScalarLoop(FilmStack stack, long pts, int repeats, out double rFirst)
    {
        var table = stack.Table(1.55);
        var p = new ArrayParams(table);
        int rows = stack.Rows;
        double step = 0.7 / Math.Max(1, pts - 1), sink = 0;
        rFirst = ThinFilm.Solve(ref p, 0, rows, 1.2, 0, Polarization.S).Reflectance;
        for (long i = 0; i < Math.Min(pts, 4096); i++) sink += ThinFilm.Solve(ref p, 0, rows, 1.2 + step * i, 0, Polarization.S).Reflectance; // warm-up
        double best = double.MaxValue;
        for (int r = 0; r < repeats; r++)
        {
            var sw = Stopwatch.StartNew();
            for (long i = 0; i < pts; i++) sink += ThinFilm.Solve(ref p, 0, rows, 1.2 + step * i, 0, Polarization.S).Reflectance;
            best = Math.Min(best, sw.Elapsed.TotalSeconds);
        }
        if (double.IsNaN(sink)) throw new InvalidOperationException("NaN in the scalar loop");
        return best;
    }

    private sealed record NumpyRun(long Points, double Seconds, double PointsPerSecond, double RFirst);

    private static NumpyRun? RunNumpy(int layers, long pts, TextWriter log)
    {
        const string python = "/usr/bin/python3";
        string? script = FindScript();
        if (script is null || !File.Exists(python))
        {
            log.WriteLine("numpy baseline skipped: /usr/bin/python3 or benchmarks/numpy_tmm.py not found");
            return null;
        }
        string json = Path.Combine(Path.GetTempPath(), $"numpy_tmm_{Environment.ProcessId}.json");
        var psi = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { script, layers.ToString(CultureInfo.InvariantCulture), pts.ToString(CultureInfo.InvariantCulture), "--json", json })
            psi.ArgumentList.Add(a);
        using var proc = Process.Start(psi)!;
        string stdout = proc.StandardOutput.ReadToEnd(), stderr = proc.StandardError.ReadToEnd();
        proc.WaitForExit();
        if (proc.ExitCode != 0 || !File.Exists(json))
        {
            log.WriteLine($"numpy baseline failed: {stderr.Trim()}");
            return null;
        }
        log.Write(stdout);
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        File.Delete(json);
        var root = doc.RootElement;
        return new NumpyRun(root.GetProperty("points").GetInt64(), root.GetProperty("seconds").GetDouble(),
                            root.GetProperty("points_per_s").GetDouble(), root.GetProperty("R_first").GetDouble());
    }

    private static string? FindScript()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                string path = Path.Combine(dir.FullName, "benchmarks", "numpy_tmm.py");
                if (File.Exists(path)) return path;
            }
        }
        return null;
    }
}
