using System.CommandLine;
using PhotonicSolver.Circuit;
using PhotonicSolver.DataModels;
using PhotonicSolver.IO;
using PhotonicSolver.Sweep;

namespace PhotonicSolver.Cli.Commands;

/// <summary>
/// `photonic export NETLIST --wl A:B:N --format touchstone --out circuit.sNp [--freq-unit Hz|GHz]
/// [--convention engineering|physics] [--set k=v ...] [--backend ...]`: the circuit's S-matrix as Touchstone 1.1,
/// frequency f = c/λ in increasing order, ports in the netlist's external port order.
/// </summary>
public static class ExportCommand
{
    public static Command Create(CliIO io)
    {
        var netlist = new Argument<string>("netlist") { Description = "Netlist file (YAML or JSON)." };
        var wl = new Option<string>("--wl") { Description = "Wavelengths in µm: START:STOP:N or a list v1,v2,...", Required = true };
        var format = new Option<string>("--format") { Description = "touchstone", DefaultValueFactory = _ => "touchstone" };
        var output = new Option<string>("--out") { Description = "Output file, .sNp with N the number of external ports.", Required = true };
        var unit = new Option<string>("--freq-unit") { Description = "Hz or GHz (the '# ... S RI R 50' option line).", DefaultValueFactory = _ => "Hz" };
        var convention = new Option<string>("--convention")
        {
            Description = "engineering (default: conj(S), the exp(+jwt) convention RF tools such as scikit-rf assume) or physics (S as computed, exp(-iwt)).",
            DefaultValueFactory = _ => "engineering",
        };
        var set = CommonOptions.Set();
        var backend = CommonOptions.Backend();
        var cmd = new Command("export", "Write a circuit's S-matrix over wavelength as a Touchstone file (.sNp).") { netlist, wl, format, output, unit, convention, set, backend };
        cmd.SetAction(r => io.Guard(() =>
        {
            string fmt = r.GetValue(format)!.ToLowerInvariant();
            if (fmt != "touchstone") throw new PhotonicException($"--format '{fmt}': only touchstone is supported");
            var conv = r.GetValue(convention)!.ToLowerInvariant() switch
            {
                "engineering" => PhaseConvention.Engineering,
                "physics" => PhaseConvention.Physics,
                var c => throw new PhotonicException($"--convention '{c}': expected engineering or physics"),
            };
            string netlistPath = r.GetValue(netlist)!;
            var circuit = CommonOptions.LoadCircuit(netlistPath, CommonOptions.ParseOverrides(r.GetValue(set)));
            string path = r.GetValue(output)!;
            int n = circuit.ExternalPorts.Count;
            int fromName = Touchstone.PortsFromExtension(path);
            if (fromName != n)
                throw new PhotonicException($"--out '{path}': the circuit has {n} external ports ({string.Join(", ", circuit.ExternalPorts.Select(p => p.Name))}), " +
                                            $"so the Touchstone file must be named .s{n}p");
            using var be = BackendChoice.Create(r.GetValue(backend)!, io);
            var data = CircuitSParameters.Compute(circuit, SweepAxis.Parse(FlatCircuit.WavelengthKey, r.GetValue(wl)!), be);
            ResultStream.WriteAll(path, "Touchstone file", io.Out, w =>
                Touchstone.Write(w, data.PortNames, data.WavelengthsUm, data.S, r.GetValue(unit)!, conv,
                    [$"PhotonicSolver {typeof(ExportCommand).Assembly.GetName().Version} export of {Path.GetFileName(netlistPath)}",
                     $"wavelengths {data.MinWavelength:G10} to {data.MaxWavelength:G10} um, {data.WavelengthsUm.Length} points; port order = the netlist's external ports"]));
            io.Err.WriteLine($"{data.WavelengthsUm.Length} frequencies × {n}×{n} S-parameters -> {path}");
            return 0;
        }));
        return cmd;
    }
}
