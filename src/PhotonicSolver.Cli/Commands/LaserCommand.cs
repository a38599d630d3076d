using System.CommandLine;
using System.Globalization;
using System.Text;
using PhotonicSolver.Lasers;
using PhotonicSolver.Sweep;

namespace PhotonicSolver.Cli.Commands;

/// <summary>
/// `photonic laser DFB.yaml --modes K --out modes.csv` (threshold modes) or
/// `photonic laser DFB.yaml --temp A:B:N [--current A:B:N] --out FILE.csv` (operating points vs temperature and current).
/// </summary>
public static class LaserCommand
{
    /// <summary>Modes solved for mode selection and the side-mode margin at operating points.</summary>
    private const int OperatingModes = 8;

    public static Command Create(CliIO io)
    {
        var file = new Argument<string>("laser") { Description = "Laser file (YAML): grating, facets, thermal, electrical, optional gain." };
        var modes = new Option<int?>("--modes") { Description = "Write the K lowest-threshold modes (mode, alpha_L, delta_L, wavelength_um, threshold_gain_per_cm)." };
        var temp = new Option<string?>("--temp") { Description = "Temperatures in °C: START:STOP:N or v1,v2,... (operating-point table)." };
        var current = new Option<string?>("--current") { Description = "Currents in mA: START:STOP:N or v1,v2,... (default: electrical.I_op_mA)." };
        var output = new Option<string>("--out") { Description = "Output CSV file, or - for stdout.", Required = true };
        var cmd = new Command("laser", "DFB laser: Kogelnik–Shank threshold modes, wavelength, threshold current, power and side-mode margin vs temperature and current.")
        {
            file, modes, temp, current, output,
        };
        cmd.SetAction(r => io.Guard(() =>
        {
            var laser = DfbLaser.Load(r.GetValue(file)!);
            int? k = r.GetValue(modes);
            string? t = r.GetValue(temp);
            if (k is null == t is null)
                throw new PhotonicException("give either --modes K (threshold modes) or --temp A:B:N (operating points), not both or neither");
            if (k is null && r.GetValue(current) is not null && t is null)
                throw new PhotonicException("--current goes with --temp");
            string outPath = r.GetValue(output)!;
            var summary = outPath == "-" ? io.Err : io.Out;
            var csv = new StringBuilder();
            if (k is { } count)
            {
                if (count < 1 || count > 200) throw new PhotonicException($"--modes {count}: ask for 1 to 200 modes");
                if (r.GetValue(current) is not null) throw new PhotonicException("--current goes with --temp, not --modes");
                var list = laser.Modes(count);
                csv.Append("mode,alpha_L,delta_L,wavelength_um,threshold_gain_per_cm\n");
                for (int i = 0; i < list.Count; i++)
                    csv.Append(FormattableString.Invariant($"{i + 1},{R(list[i].AlphaL)},{R(list[i].DeltaL)},{R(laser.ModeWavelength(list[i], laser.TRefC))},{R(laser.ThresholdGainPerCm(list[i]))}\n"));
                Write(outPath, csv.ToString(), io.Out);
                summary.WriteLine(Summary(laser, list));
                if (list.Count < count) io.Err.WriteLine($"warning: only {list.Count} modes found in the search window (asked for {count})");
            }
            else
            {
                var temps = SweepAxis.Parse("temperature", t!);
                SweepAxis currents = r.GetValue(current) is { } c ? SweepAxis.Parse("current_mA", c)
                    : laser.IOpMa is { } iop ? SweepAxis.List("current_mA", [iop])
                    : throw new PhotonicException("give --current A:B:N, or electrical.I_op_mA in the laser file");
                for (long j = 0; j < currents.Count; j++)
                    if (currents[j] < 0) throw new PhotonicException($"--current {currents[j]}: a current cannot be negative");
                var list = laser.Modes(OperatingModes);
                bool wpe = laser.V0V > 0;
                csv.Append("temperature_C,current_mA,wavelength_um,threshold_current_mA,power_mW,side_mode_margin" + (wpe ? ",wall_plug_efficiency" : "") + "\n");
                int hops = 0, prevMode = -1;
                for (long i = 0; i < temps.Count; i++)
                    for (long j = 0; j < currents.Count; j++)
                    {
                        var p = laser.Operate(list, temps[i], currents[j]);
                        if (j == 0) { if (prevMode >= 0 && p.LasingMode != prevMode) hops++; prevMode = p.LasingMode; }
                        csv.Append(FormattableString.Invariant($"{R(p.TemperatureC)},{R(p.CurrentMa)},{R(p.WavelengthUm)},{R(p.ThresholdCurrentMa)},{R(p.PowerMw)},{R(p.SideModeMargin)}"));
                        if (wpe) csv.Append(',').Append(R(p.WallPlugEfficiency));
                        csv.Append('\n');
                    }
                Write(outPath, csv.ToString(), io.Out);
                summary.WriteLine(Summary(laser, list));
                double dldt = (laser.BraggWavelength(laser.TRefC + 1) - laser.BraggWavelength(laser.TRefC)) * 1e3;
                summary.WriteLine(FormattableString.Invariant($"wavelength drift {dldt:F4} nm/K; {temps.Count * currents.Count} operating points; mode hops across the temperature range: {hops}"));
            }
            if (outPath != "-") io.Err.WriteLine($"-> {outPath}");
            return 0;
        }));
        return cmd;
    }

    private static string Summary(DfbLaser laser, IReadOnlyList<DfbMode> modes)
    {
        var m0 = modes[0];
        string margin = modes.Count > 1 ? (modes[1].AlphaL - m0.AlphaL).ToString("F4", CultureInfo.InvariantCulture) : "n/a";
        return FormattableString.Invariant(
            $"DFB kappa*L = {laser.KappaL:G4} ({(laser.Shift == GratingShift.QuarterWave ? "quarter-wave shifted" : "uniform")}), L = {laser.LengthUm:G4} µm, facets r_back {laser.RBack:G3}, r_front {laser.RFront:G3}\n") +
            FormattableString.Invariant($"lowest mode: alpha*L = {m0.AlphaL:F4}, delta*L = {m0.DeltaL:F4}, {laser.ModeWavelength(m0, laser.TRefC):F6} µm, net threshold gain {laser.ThresholdGainPerCm(m0):F2} /cm; side-mode margin delta(alpha*L) = {margin}");
    }

    private static void Write(string path, string text, TextWriter stdout)
        => PhotonicSolver.IO.ResultStream.WriteAll(path, "laser CSV", stdout, w => w.Write(text));

    private static string R(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
