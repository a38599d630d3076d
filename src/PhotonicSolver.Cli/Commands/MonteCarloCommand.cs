using System.CommandLine;
using System.Globalization;
using PhotonicSolver.Circuit;
using PhotonicSolver.IO;
using PhotonicSolver.MonteCarlo;
using PhotonicSolver.Sweep;

namespace PhotonicSolver.Cli.Commands;

/// <summary>
/// `photonic montecarlo NETLIST --sweep-file mc.yaml [--wl A:B:N] --summary summary.json [--out samples.parquet|.csv]
/// [--backend cpu] [--shard I/N] [--set k=v ...] [--samples N] [--seed S]`
/// </summary>
public static class MonteCarloCommand
{
    public static Command Create(CliIO io)
    {
        var netlist = new Argument<string>("netlist") { Description = "Netlist file (YAML or JSON, gdsfactory/SAX schema)." };
        var sweepFile = new Option<string>("--sweep-file")
        {
            Description = "YAML with a montecarlo (or corners) section and specs; optionally wl and set.", Required = true,
        };
        var wl = new Option<string?>("--wl") { Description = "Wavelengths inside each sample in µm: START:STOP:N or a list (default: the file's wl, else the netlist's)." };
        var set = CommonOptions.Set();
        var summary = new Option<string>("--summary") { Description = "JSON summary: yield with its 95 % Wilson interval, NaN samples, metric statistics (- for stdout).", Required = true };
        var output = new Option<string?>("--out") { Description = "Per-sample parameters and metrics: FILE.parquet or FILE.csv." };
        var backend = CommonOptions.Backend();
        var shard = new Option<string?>("--shard") { Description = "I/N: run only slice I (0-based) of N of the samples, e.g. one task of a job array; combine the summaries with 'photonic merge'." };
        var samples = new Option<long?>("--samples") { Description = "Override montecarlo.samples." };
        var seed = new Option<ulong?>("--seed") { Description = "Override montecarlo.seed." };
        var chunk = new Option<int>("--chunk-samples") { Description = "Samples per streamed chunk (default: about 32 MiB of results).", Hidden = true };
        var cmd = new Command("montecarlo", "Monte Carlo (or corner) analysis: yield against specs, metric statistics, worst samples; shardable.")
        {
            netlist, sweepFile, wl, set, summary, output, backend, shard, samples, seed, chunk,
        };
        cmd.SetAction(r => io.Guard(() =>
        {
            string filePath = r.GetValue(sweepFile)!;
            var file = MonteCarloFile.Load(filePath);
            var overrides = new Dictionary<string, double>(file.Sweep.Set, StringComparer.Ordinal);
            foreach (var (k, v) in CommonOptions.ParseOverrides(r.GetValue(set))) overrides[k] = v;
            string netlistPath = r.GetValue(netlist)!;
            var circuit = CommonOptions.LoadCircuit(netlistPath, overrides);
            var wlAxis = r.GetValue(wl) is { } w ? SweepAxis.Parse(FlatCircuit.WavelengthKey, w) : file.Sweep.Wavelength;
            if (r.GetValue(samples) is { } n)
            {
                if (file.Variation.IsCorners) throw new PhotonicException("--samples: a corner run has one sample per corner");
                file.Variation.Samples = n;
            }
            if (r.GetValue(seed) is { } sd) file.Variation.Seed = sd;
            var (index, count) = ParseShard(r.GetValue(shard));

            var metadata = new List<KeyValuePair<string, string>>
            {
                new("netlist", netlistPath),
                new("netlist_sha256", InputFile.Sha256(netlistPath, "netlist")),
                new("sweep_file", filePath),
                new("sweep_sha256", InputFile.Sha256(filePath, "sweep")),
                new("sweep_spec", file.Text),
            };
            if (r.GetValue(wl) is { } wlText) metadata.Add(new("wl", wlText));
            if ((r.GetValue(set) ?? []).Length > 0) metadata.Add(new("set", string.Join(" ", r.GetValue(set)!)));

            string summaryPath = r.GetValue(summary)!;
            var job = MonteCarloRunner.Prepare(circuit, new MonteCarloSetup { Variation = file.Variation, Specs = file.Specs, Wavelength = wlAxis }, index, count);
            using var sink = r.GetValue(output) is { } outPath ? SampleWriters.Create(outPath) : null;
            using var be = BackendChoice.Create(r.GetValue(backend)!, io);
            using var streaming = Interrupts.Streaming();
            var progress = ProgressBar.ForStderr(io);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var result = MonteCarloRunner.Run(job, be, new MonteCarloOptions
            {
                ChunkSamples = r.GetValue(chunk), Sink = sink, Metadata = metadata, Progress = progress, Cancel = Interrupts.Token,
            });
            progress?.Finish();
            foreach (var warning in result.Warnings) io.Err.WriteLine($"warning: {warning}");
            result.Write(summaryPath, io.Out);
            var st = result.Statistics;
            var (lo, hi) = st.YieldInterval;
            string where = count > 1 ? $" (shard {index}/{count}: samples {st.FirstSample}..{st.EndSample - 1} of {result.TotalSamples})" : "";
            io.Err.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{st.Samples} samples{where} on {be.Name} in {clock.Elapsed.TotalSeconds:F2} s: yield {st.Yield:F6} [{lo:F6}, {hi:F6}] (95 % Wilson), " +
                $"{st.NanSamples} NaN samples{(summaryPath == "-" ? "" : " -> " + summaryPath)}"));
            if (st.NanSamples > 0)
                io.Err.WriteLine($"warning: {st.NanSamples} samples gave NaN/Inf (non-physical sampled values or an unmeasurable spec); they count as failed and are kept out of the metric statistics");
            if (result.Truncated)
            {
                io.Err.WriteLine($"interrupted: the summary{(sink is null ? "" : " and the sample file")} cover {st.Samples} samples and say \"truncated\"; 'merge' refuses them");
                return CliIO.Interrupted;
            }
            return 0;
        }));
        return cmd;
    }

    /// <summary>Parses "I/N" (0 ≤ I &lt; N); null gives the whole run.</summary>
    public static (int Index, int Count) ParseShard(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return (0, 1);
        var parts = text.Split('/');
        if (parts.Length == 2 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int i)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n >= 1 && i < n)
            return (i, n);
        throw new PhotonicException($"--shard '{text}': expected I/N with 0 <= I < N (e.g. 0/4; with Slurm: $SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT)");
    }

}
