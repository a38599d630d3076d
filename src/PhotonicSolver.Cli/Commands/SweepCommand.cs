using System.CommandLine;
using PhotonicSolver.Circuit;
using PhotonicSolver.IO;
using PhotonicSolver.Sweep;

namespace PhotonicSolver.Cli.Commands;

/// <summary>
/// `photonic sweep NETLIST --wl A:B:N [--sweep inst.setting=A:B:N ...] [--sweep-file F] [--set k=v ...]
/// [--pairs out:in,...] [--backend ...] --out FILE.csv|- [--plot FIG.png|.svg]`
/// </summary>
public static class SweepCommand
{
    public static Command Create(CliIO io)
    {
        var netlist = new Argument<string>("netlist") { Description = "Netlist file (YAML or JSON, gdsfactory/SAX schema)." };
        var wl = new Option<string?>("--wl") { Description = "Wavelengths in µm: START:STOP:N, or a list v1,v2 (default: the netlist's settings.wl)." };
        var sweeps = new Option<string[]>("--sweep")
        {
            Description = "Sweep any setting: name=START:STOP:N or name=v1,v2,v3 (name: inst.setting, temperature). Repeatable; first is outermost.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var sweepFile = new Option<string?>("--sweep-file") { Description = "YAML file with wl, sweep and set sections." };
        var set = CommonOptions.Set();
        var pairs = new Option<string?>("--pairs") { Description = "Output port pairs OUT:IN,... (default: all pairs)." };
        var output = new Option<string>("--out") { Description = "Output CSV file, or - for stdout.", Required = true };
        var backend = CommonOptions.Backend();
        var precision = CommonOptions.Precision();
        var plot = new Option<string?>("--plot") { Description = "Also draw the result as a figure (.png or .svg): spectra, or a heatmap for many sweep values." };
        var shard = new Option<string?>("--shard") { Description = "I/N: write only slice I (0-based) of N of the grid's points; 'photonic merge' concatenates the CSVs." };
        var chunk = new Option<int>("--chunk-points") { Description = "Points per streamed chunk (default: 32 MiB of results).", Hidden = true };
        var cmd = new Command("sweep", "Solve a netlist over a Cartesian grid of wavelength and settings and write CSV.")
        {
            netlist, wl, sweeps, sweepFile, set, pairs, output, backend, precision, chunk, plot, shard,
        };
        cmd.SetAction(r => io.Guard(() =>
        {
            string? sweepFilePath = r.GetValue(sweepFile);
            var file = sweepFilePath is not null ? SweepFile.Load(sweepFilePath) : new SweepFile();
            var overrides = new Dictionary<string, double>(file.Set, StringComparer.Ordinal);
            foreach (var (k, v) in CommonOptions.ParseOverrides(r.GetValue(set))) overrides[k] = v;
            string netlistPath = r.GetValue(netlist)!;
            var circuit = CommonOptions.LoadCircuit(netlistPath, overrides);

            var spec = new SweepSpec(file.Axes);
            foreach (var item in r.GetValue(sweeps) ?? [])
            {
                int eq = item.IndexOf('=');
                if (eq <= 0) throw new PhotonicException($"--sweep '{item}': expected NAME=START:STOP:N or NAME=v1,v2,...");
                string name = item[..eq].Trim();
                spec.Axes.RemoveAll(a => a.Name == name);
                spec.Axes.Add(SweepAxis.Parse(name, item[(eq + 1)..]));
            }
            var wlAxis = r.GetValue(wl) is { } w ? SweepAxis.Parse(FlatCircuit.WavelengthKey, w) : file.Wavelength;
            if (spec.Axes.Any(a => a.Name == FlatCircuit.WavelengthKey))
                throw new PhotonicException("sweep the wavelength with --wl (or 'wl:' in the sweep file), not --sweep wl=...");
            if (wlAxis is not null) spec.Axes.Add(wlAxis); // innermost: contiguous spectra

            string precisionText = r.GetValue(precision)!;
            var plan = PlanCompiler.Compile(circuit, spec, CommonOptions.ParsePairs(r.GetValue(pairs), circuit),
                                            CommonOptions.ParsePrecision(precisionText));
            string outPath = r.GetValue(output)!;
            SweepOutput.CheckCsvSize(plan, outPath);
            string? figure = r.GetValue(plot);
            if (figure is not null && outPath == "-") throw new PhotonicException("--plot draws from the CSV file; give --out FILE.csv, not -");
            using var be = BackendChoice.Create(r.GetValue(backend)!, io);
            var shardSpec = MonteCarloCommand.ParseShard(r.GetValue(shard));
            string? fingerprint = shardSpec.Count > 1
                ? ShardHeader.FingerprintOf(
                    sweepFilePath is null ? [InputFile.Sha256(netlistPath, "netlist")]
                                          : [InputFile.Sha256(netlistPath, "netlist"), InputFile.Sha256(sweepFilePath, "sweep")],
                    overrides, plan.Sweep, Enumerable.Range(0, plan.Outputs.Length).Select(plan.OutputLabel), precisionText)
                : null;
            int code = SweepOutput.RunToCsv(io, be, plan, outPath, r.GetValue(chunk), shardSpec, fingerprint);
            if (code == 0 && figure is not null)
                io.Err.WriteLine($"figure -> {PlotCommand.ForSweep(Plotting.ResultTable.Load(outPath)).Save(figure)}");
            return code;
        }));
        return cmd;
    }
}
