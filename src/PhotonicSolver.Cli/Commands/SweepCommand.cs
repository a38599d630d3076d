using System.CommandLine;
using PhotonicSolver.Circuit;
using PhotonicSolver.IO;
using PhotonicSolver.Sweep;

namespace PhotonicSolver.Cli.Commands;

/// <summary>
/// `photonic sweep NETLIST --wl A:B:N [--temperature A:B:N] [--sweep inst.setting=A:B:N ...] [--zip A,B=FILE.csv ...] [--sweep-file F]
/// [--set k=v ...] [--pair OUT:IN ...] [--backend ...] --out FILE.csv|- [--plot FIG.png|.svg] [--format r|g6]`
/// </summary>
public static class SweepCommand
{
    public static Command Create(CliIO io)
    {
        var netlist = new Argument<string>("netlist") { Description = "Netlist file (YAML or JSON, gdsfactory/SAX schema)." };
        var wl = CommonOptions.Wl("Wavelengths in µm: START:STOP:N, or a list v1,v2 (default: the netlist's settings.wl).");
        var temperature = CommonOptions.Temperature("Chip temperatures in °C: a value, START:STOP:N or a list v1,v2 (same as --sweep temperature=...; default: the netlist's settings.temperature).");
        var sweeps = new Option<string[]>("--sweep")
        {
            Description = "Sweep any setting: name=START:STOP:N or name=v1,v2,v3 (name: inst.setting, temperature). Repeatable; first is outermost.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var zips = new Option<string[]>("--zip")
        {
            Description = "Targets that move together, one point per table row (not a grid): NAME,NAME=FILE.csv, e.g. temperature,wl=pairs.csv (header names the columns; wl also as wl_um). Repeatable.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var sweepFile = new Option<string?>("--sweep-file") { Description = "YAML file with wl, sweep, zip and set sections." };
        var set = CommonOptions.Set();
        var pairs = CommonOptions.Pair("Port pair OUT:IN to write (repeatable; default: all pairs).");
        var oldPairs = CommonOptions.OldSpelling("--pairs", pairs);
        var output = CommonOptions.Out("Output CSV file, or - for stdout.");
        var format = new Option<string?>("--format") { Description = "Result numbers: r (round-trip exact, default) or g6 (6 significant digits, compact). Axis values are always their decimals." };
        var backend = CommonOptions.Backend();
        var devices = CommonOptions.Devices();
        var precision = CommonOptions.Precision();
        var plot = new Option<string?>("--plot") { Description = "Also draw the result as a figure (.png or .svg): spectra, or a heatmap for many sweep values." };
        var shard = new Option<string?>("--shard") { Description = "I/N: write only slice I (0-based) of N of the grid's points; 'photonic merge' concatenates the CSVs." };
        var chunk = new Option<int>("--chunk-points") { Description = "Points per streamed chunk (default: 32 MiB of results).", Hidden = true };
        var cmd = new Command("sweep", "Solve a netlist over a Cartesian grid of wavelength and settings and write CSV.")
        {
            netlist, wl, temperature, sweeps, zips, sweepFile, set, pairs, oldPairs, output, backend, devices, precision, chunk, plot, shard, format,
        };
        var netlistFlags = new NetlistFlags().AddTo(cmd);
        cmd.SetAction(r => io.Guard(() =>
        {
            string? sweepFilePath = r.GetValue(sweepFile);
            var file = sweepFilePath is not null ? SweepFile.Load(sweepFilePath) : new SweepFile();
            var overrides = new Dictionary<string, double>(file.Set, StringComparer.Ordinal);
            foreach (var (k, v) in CommonOptions.ParseOverrides(r.GetValue(set))) overrides[k] = v;
            string netlistPath = r.GetValue(netlist)!;
            var circuit = CommonOptions.LoadCircuit(io, netlistFlags, r, netlistPath, overrides);

            var spec = new SweepSpec(file.Axes);
            foreach (var item in r.GetValue(sweeps) ?? [])
            {
                int eq = item.IndexOf('=');
                if (eq <= 0) throw new PhotonicException($"--sweep '{item}': expected NAME=START:STOP:N or NAME=v1,v2,...");
                string name = item[..eq].Trim();
                spec.Remove(name);
                spec.Axes.Add(name == FlatCircuit.TemperatureKey ? CommonOptions.TemperatureAxis("--sweep temperature=", item[(eq + 1)..]) : SweepAxis.Parse(name, item[(eq + 1)..]));
            }
            if (r.GetValue(temperature) is { } tText)
            {
                if (r.GetValue(sweeps)?.Any(s => s.TrimStart().StartsWith(FlatCircuit.TemperatureKey + "=", StringComparison.Ordinal)) == true)
                    throw new PhotonicException("give the temperature axis once: --temperature or --sweep temperature=..., not both");
                spec.Remove(FlatCircuit.TemperatureKey);
                spec.Axes.Add(CommonOptions.TemperatureAxis("--temperature", tText));
            }
            var csvFormat = CsvNumbers.ParseFormat(r.GetValue(format));
            var wlAxis = r.GetValue(wl) is { } w ? CommonOptions.WavelengthAxis("--wl", w) : file.Wavelength;
            if (spec.Axes.Any(a => a.Name == FlatCircuit.WavelengthKey))
                throw new PhotonicException("sweep the wavelength with --wl (or 'wl:' in the sweep file), not --sweep wl=...");
            var zipGroups = file.Zips.Concat((r.GetValue(zips) ?? []).Select(z => ZipTable.ParseOption(z))).ToList();
            foreach (var name in zipGroups.SelectMany(g => g).Select(a => a.Name))
            {
                if (name == FlatCircuit.WavelengthKey && wlAxis is not null)
                    throw new PhotonicException("wl is both zipped and swept (--wl or 'wl:'); give the wavelengths in one place");
                if (spec.Axes.Any(a => a.Name == name))
                    throw new PhotonicException($"'{name}' is both zipped and swept; give its values in one place");
            }
            if (wlAxis is not null) spec.Axes.Add(wlAxis); // innermost: contiguous spectra
            if (zipGroups.Count > 0)
            {
                // Zip groups go inside the other axes, before wl (or last, when they hold wl).
                if (wlAxis is not null) spec.Axes.RemoveAt(spec.Axes.Count - 1);
                ZipTable.AddGroups(spec, zipGroups);
                if (wlAxis is not null) spec.Axes.Add(wlAxis);
            }

            string precisionText = r.GetValue(precision)!;
            var plan = PlanCompiler.Compile(circuit, spec, CommonOptions.ParsePairs(CommonOptions.Value(r, io, pairs, oldPairs), circuit),
                                            CommonOptions.ParsePrecision(precisionText));
            string outPath = r.GetValue(output)!;
            SweepOutput.CheckCsvSize(plan, outPath);
            string? figure = r.GetValue(plot);
            if (figure is not null && outPath == "-") throw new PhotonicException("--plot draws from the CSV file; give --out FILE.csv, not -");
            PhotonicSolver.IO.ResultStream.Preflight(r.GetValue(output), "sweep CSV");
            PhotonicSolver.IO.ResultStream.Preflight(r.GetValue(plot), "figure");
            using var be = BackendChoice.Create(r.GetValue(backend)!, r.GetValue(devices), io);
            var shardSpec = MonteCarloCommand.ParseShard(r.GetValue(shard));
            string? fingerprint = shardSpec.Count > 1
                ? ShardHeader.FingerprintOf(
                    sweepFilePath is null ? [InputFile.Sha256(netlistPath, "netlist")]
                                          : [InputFile.Sha256(netlistPath, "netlist"), InputFile.Sha256(sweepFilePath, "sweep")],
                    overrides, plan.Sweep, Enumerable.Range(0, plan.Outputs.Length).Select(plan.OutputLabel), precisionText)
                : null;
            int code = SweepOutput.RunToCsv(io, be, plan, outPath, r.GetValue(chunk), shardSpec, fingerprint, csvFormat);
            if (code == 0 && figure is not null)
            {
                // The CSV is written: a figure that cannot be drawn is a warning, never a failed run.
                try { io.Err.WriteLine($"figure -> {PlotCommand.ForSweep(Plotting.ResultTable.Load(outPath)).Save(figure)}"); }
                catch (PhotonicException e) { io.Err.WriteLine($"warning: no figure drawn ({e.Message}); the CSV {outPath} is complete: plot it with photonic plot"); }
            }
            return code;
        }));
        return cmd;
    }
}
