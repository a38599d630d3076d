using System.CommandLine;
using System.Text;
using PhotonicSolver.Thermal;

namespace PhotonicSolver.Cli.Commands;

/// <summary>
/// `photonic thermal NETWORK.yaml [--steady] --out temps.csv`: solves a compact thermal network. Columns:
/// time_s, then T.&lt;node&gt; in °C. The transient runs from ambient at t = 0 with the file's time settings;
/// --steady writes one row at time_s 0, with every source at its final value.
/// </summary>
public static class ThermalCommand
{
    public static Command Create(CliIO io)
    {
        var network = new Argument<string>("network") { Description = "Thermal network file (YAML: ambient_C, nodes, links, sources, time)." };
        var steady = new Option<bool>("--steady") { Description = "Write the steady state (sources at their final values) as one row at time_s 0." };
        var output = new Option<string>("--out") { Description = "Output CSV file (time_s, T.<node> in °C), or - for stdout.", Required = true };
        var cmd = new Command("thermal", "Solve a compact thermal network (steady state or exact transient) and write node temperatures.")
        {
            network, steady, output,
        };
        cmd.SetAction(r => io.Guard(() =>
        {
            var net = ThermalNetworkFile.Load(r.GetValue(network)!);
            bool isSteady = r.GetValue(steady);
            var trace = isSteady ? ThermalSolver.SteadyState(net) : ThermalSolver.Transient(net);
            string path = r.GetValue(output)!;
            WriteCsv(trace, path, io);
            if (path != "-") Summary(io.Out, net, trace, isSteady, path);
            return 0;
        }));
        return cmd;
    }

    internal static void WriteCsv(ThermalTrace trace, string path, CliIO io)
        => PhotonicSolver.IO.ResultStream.WriteAll(path, "temperature CSV", io.Out, trace.WriteCsv);

    private static void Summary(TextWriter w, ThermalNetwork net, ThermalTrace trace, bool steady, string path)
    {
        w.WriteLine(steady
            ? $"steady state of {net.Nodes.Count} nodes (ambient {net.AmbientC} °C) -> {path}"
            : $"transient of {net.Nodes.Count} nodes, 0 to {trace.TimesS[^1]} s, {trace.TimesS.Length} rows (ambient {net.AmbientC} °C) -> {path}");
        for (int i = 0; i < trace.NodeNames.Count; i++)
        {
            var t = trace.TemperaturesC[i];
            w.WriteLine(steady
                ? $"  {trace.NodeNames[i],-16} {t[0],9:F3} °C"
                : $"  {trace.NodeNames[i],-16} final {t[^1],9:F3} °C, max {t.Max(),9:F3} °C");
        }
        if (!steady)
        {
            var taus = ThermalSolver.TimeConstants(net);
            if (taus.Length > 0) w.WriteLine($"  time constants: {string.Join(", ", taus.Select(x => $"{x:G4} s"))}");
            foreach (var s in net.Sources.Where(s => !s.Power.IsConstant && s.Power.TimesS[^1] < trace.TimesS[^1]))
                w.WriteLine($"  note: trace {s.Power.Source} ends at {s.Power.TimesS[^1]} s; its last value ({s.Power.FinalW} W) holds to {trace.TimesS[^1]} s");
        }
        else if (net.Sources.Any(s => !s.Power.IsConstant))
        {
            w.WriteLine("  note: traces enter the steady state at their last (final) value");
        }
    }
}
