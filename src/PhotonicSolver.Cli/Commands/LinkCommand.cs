using System.CommandLine;
using System.Globalization;
using System.Text;
using PhotonicSolver.Links;
using PhotonicSolver.Sweep;

namespace PhotonicSolver.Cli.Commands;

/// <summary>
/// `photonic link NETLIST --source LASER.yaml|SOURCE.yaml --in PORT --out-port PORT [--chip-temp A:B:N]
/// [--laser-temp A:B:N|chip] [--current A:B:N] [--els [--fiber-km L] [--fiber-loss-dB-km X] [--connector-loss-dB Y,...]]
/// [--set k=v ...] [--backend cpu] --out FILE.csv|-`: received power of a laser (co-packaged or external) through the
/// chip netlist, one row per scenario, with a printed summary.
/// </summary>
public static class LinkCommand
{
    /// <summary>Most scenarios (CSV rows) one command writes.</summary>
    public const long MaxScenarios = 10_000_000;

    public static Command Create(CliIO io)
    {
        var netlist = new Argument<string>("netlist") { Description = "Chip netlist (YAML or JSON); its fiber coupler (grating_coupler, edge_coupler) is an instance." };
        var source = new Option<string>("--source") { Description = "Source file: a DFB laser file (as for `photonic laser`), or 'source: {power_mW|power_dBm, wavelength_um, dwl_dT_um_per_K, T_ref_C}'.", Required = true };
        var inPort = new Option<string>("--in", "--in-port") { Description = "External port the light enters (e.g. the grating coupler's fiber port).", Required = true };
        var outPort = new Option<string>("--out-port") { Description = "External port where the power is received.", Required = true };
        var chipTemp = new Option<string?>("--chip-temp") { Description = "Chip temperatures in °C: START:STOP:N or v1,v2,... (default: the netlist's settings.temperature)." };
        var laserTemp = new Option<string?>("--laser-temp")
        {
            Description = "Laser temperatures in °C: START:STOP:N or v1,v2,... (every combination with --chip-temp), or 'chip' to tie them. " +
                          "Default: 'chip' (co-packaged); with --els, the source's reference temperature (T_ref_C).",
        };
        var current = new Option<string?>("--current") { Description = "Laser currents in mA: START:STOP:N or v1,v2,... (DFB sources; default: electrical.I_op_mA)." };
        var els = new Option<bool>("--els") { Description = "External light source: the laser sits at its own temperature and reaches the chip through a fiber." };
        var fiberKm = new Option<string?>("--fiber-km") { Description = "ELS fiber length in km (default 0)." };
        var fiberLoss = new Option<string?>("--fiber-loss-dB-km") { Description = $"ELS fiber attenuation in dB/km (default {FiberLink.G652AttenuationDbPerKm}: ITU-T G.652 at 1550 nm)." };
        var connectors = new Option<string?>("--connector-loss-dB") { Description = "ELS connector and splice losses in dB, comma-separated (summed; default none)." };
        var set = CommonOptions.Set();
        var backend = new Option<string>("--backend")
        {
            Description = "cpu (default) | auto | cuda | opencl | ilgpu-cpu: where the one compiled plan runs.",
            DefaultValueFactory = _ => "cpu",
        };
        var output = new Option<string>("--out") { Description = "Output CSV file, or - for stdout.", Required = true };
        var cmd = new Command("link", "Laser-to-receiver link: received power vs laser and chip temperature and current, through the chip netlist (co-packaged laser or external light source with fiber).")
        {
            netlist, source, inPort, outPort, chipTemp, laserTemp, current, els, fiberKm, fiberLoss, connectors, set, backend, output,
        };
        cmd.SetAction(r => io.Guard(() =>
        {
            string netlistPath = r.GetValue(netlist)!, sourcePath = r.GetValue(source)!;
            var laser = LaserSource.Load(sourcePath);
            var circuit = CommonOptions.LoadCircuit(netlistPath, CommonOptions.ParseOverrides(r.GetValue(set)));
            bool isEls = r.GetValue(els);
            string? km = r.GetValue(fiberKm), loss = r.GetValue(fiberLoss), conn = r.GetValue(connectors);
            if (!isEls && (km ?? loss ?? conn) is not null)
                throw new PhotonicException("--fiber-km, --fiber-loss-dB-km and --connector-loss-dB describe an external light source's fiber: add --els");
            var fiber = isEls
                ? new FiberLink(km is null ? 0 : Number("--fiber-km", km), loss is null ? FiberLink.G652AttenuationDbPerKm : Number("--fiber-loss-dB-km", loss),
                                conn is null ? null : conn.Split(',', StringSplitOptions.TrimEntries).Select(c => Number("--connector-loss-dB", c)).ToArray())
                : null;
            var link = new OpticalLink(circuit, laser, r.GetValue(inPort)!, r.GetValue(outPort)!, fiber, netlistPath);

            double[] chipTemps = r.GetValue(chipTemp) is { } ct ? Values("--chip-temp", ct) : [circuit.Temperature];
            string? lt = r.GetValue(laserTemp);
            bool tied = lt is null ? !isEls : lt.Trim() == "chip";
            double[] laserTemps = tied ? [] : lt is null ? [laser.ReferenceTemperatureC] : Values("--laser-temp", lt);
            double[] currents;
            if (laser.HasCurrent)
                currents = r.GetValue(current) is { } c ? Values("--current", c)
                         : laser.DefaultCurrentMa is { } iop ? [iop]
                         : throw new PhotonicException($"give --current MA, or electrical.I_op_mA in {sourcePath}");
            else if (r.GetValue(current) is not null)
                throw new PhotonicException($"--current: {sourcePath} is a fixed source with no drive current (a DFB laser file has one)");
            else currents = [0];
            foreach (var i in currents)
                if (i < 0) throw new PhotonicException($"--current {i.ToString(CultureInfo.InvariantCulture)}: a current cannot be negative");
            double count = (double)chipTemps.Length * currents.Length * (tied ? 1 : laserTemps.Length);
            if (count > MaxScenarios)
                throw new PhotonicException($"{count:G3} scenarios (laser temperatures × chip temperatures × currents) is more than {MaxScenarios:N0}; use fewer points");
            var scenarios = tied ? LinkScenario.CoPackaged(chipTemps, currents) : LinkScenario.Grid(laserTemps, chipTemps, currents);

            using var be = BackendChoice.Create(r.GetValue(backend)!, io);
            var result = link.Evaluate(scenarios, be);

            string outPath = r.GetValue(output)!;
            Write(outPath, Csv(result, laser.HasCurrent), io.Out);
            var summary = outPath == "-" ? io.Err : io.Out;
            summary.Write(Summary(link, result, tied, sourcePath));
            int dark = result.LaserPowerMw.Count(p => p == 0);
            if (dark > 0)
                io.Err.WriteLine($"warning: the laser is below threshold in {dark} of {result.Count} scenarios: no light, received power 0 mW (-Infinity dBm)");
            if (result.SingularScenarios > 0)
                io.Err.WriteLine($"warning: {result.SingularScenarios} scenario(s) hit a singular circuit ({result.FirstSingular}); their values are NaN");
            if (outPath != "-") io.Err.WriteLine($"-> {outPath}");
            return 0;
        }));
        return cmd;
    }

    /// <summary>The CSV: one row per scenario (current_mA only for a source with a drive current).</summary>
    public static string Csv(LinkResult r, bool withCurrent)
    {
        var csv = new StringBuilder();
        csv.Append("laser_temperature_C,chip_temperature_C,").Append(withCurrent ? "current_mA," : "")
           .Append("wavelength_um,laser_power_mW,fiber_loss_dB,chip_loss_dB,link_loss_dB,detuning_penalty_dB,received_power_mW,received_power_dBm\n");
        for (int k = 0; k < r.Count; k++)
        {
            var s = r.Scenarios[k];
            csv.Append(R(s.LaserTemperatureC)).Append(',').Append(R(s.ChipTemperatureC)).Append(',');
            if (withCurrent) csv.Append(R(s.CurrentMa)).Append(',');
            csv.Append(R(r.WavelengthUm[k])).Append(',').Append(R(r.LaserPowerMw[k])).Append(',').Append(R(r.FiberLossDb)).Append(',')
               .Append(R(r.ChipLossDb[k])).Append(',').Append(R(r.LinkLossDb[k])).Append(',').Append(R(r.DetuningPenaltyDb[k])).Append(',')
               .Append(R(r.ReceivedPowerMw[k])).Append(',').Append(R(r.ReceivedPowerDbm[k])).Append('\n');
        }
        return csv.ToString();
    }

    private static string Summary(OpticalLink link, LinkResult r, bool tied, string sourcePath)
    {
        var s = new StringBuilder();
        string I(FormattableString f) => FormattableString.Invariant(f);
        s.Append(I($"source: {link.Source.Description} ({sourcePath})\n"));
        string mode = link.Fiber is { } f
            ? I($"external light source, {f}")
            : "no fiber (co-packaged)";
        double tlMin = r.Scenarios.Min(x => x.LaserTemperatureC), tlMax = r.Scenarios.Max(x => x.LaserTemperatureC);
        string laserT = tied ? "laser temperature = chip temperature"
                      : tlMin == tlMax ? I($"laser held at {tlMin:G6} °C")
                      : I($"laser at {tlMin:G6}..{tlMax:G6} °C, every combination with the chip temperature");
        s.Append(I($"link: {link.InPort} -> {link.OutPort} of {link.CircuitName}; {mode}; {laserT}\n"));
        s.Append(I($"engine: {r.Count} scenarios from one plan on {r.Backend}: {r.ChipTemperatures} chip temperature(s) × {r.Wavelengths} wavelength(s) = {r.GridPoints} points, {r.Elapsed.TotalSeconds:F3} s\n"));
        s.Append(I($"laser: {r.WavelengthUm.Min():F6}..{r.WavelengthUm.Max():F6} µm, {r.LaserPowerMw.Min():G4}..{r.LaserPowerMw.Max():G4} mW\n"));
        string At(int k) => k < 0 ? "" : I($" at chip {r.Scenarios[k].ChipTemperatureC:G6} °C, laser {r.Scenarios[k].LaserTemperatureC:G6} °C") +
                                         (link.Source.HasCurrent ? I($", {r.Scenarios[k].CurrentMa:G6} mA") : "") + I($", {r.WavelengthUm[k]:F6} µm");
        int lo = r.WeakestScenario, hi = r.StrongestScenario, worst = r.WorstDetuningScenario;
        if (lo >= 0)
        {
            s.Append(I($"received power: min {r.ReceivedPowerDbm[lo]:F2} dBm ({r.ReceivedPowerMw[lo]:G4} mW){At(lo)}\n"));
            s.Append(I($"                max {r.ReceivedPowerDbm[hi]:F2} dBm ({r.ReceivedPowerMw[hi]:G4} mW){At(hi)}\n"));
            s.Append(I($"worst-case detuning penalty: {r.DetuningPenaltyDb[worst]:F2} dB{At(worst)} (chip loss {r.ChipLossDb[worst]:F2} dB vs {r.ChipLossDb[worst] - r.DetuningPenaltyDb[worst]:F2} dB at best)\n"));
        }
        return s.ToString();
    }

    private static double[] Values(string option, string text)
    {
        var axis = SweepAxis.Parse(option, text);
        if (axis.Count > MaxScenarios) throw new PhotonicException($"{option} '{text}': {axis.Count:N0} values is more than {MaxScenarios:N0}; use fewer points");
        var v = new double[axis.Count];
        for (int i = 0; i < v.Length; i++) v[i] = axis[i];
        return v;
    }

    private static double Number(string option, string text)
    {
        if (double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v)) return v;
        throw new PhotonicException($"{option}: '{text}' is not a number");
    }

    private static void Write(string path, string text, TextWriter stdout)
        => PhotonicSolver.IO.ResultStream.WriteAll(path, "link CSV", stdout, w => w.Write(text));

    private static string R(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
