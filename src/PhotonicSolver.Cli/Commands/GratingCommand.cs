using System.CommandLine;
using System.Text;
using PhotonicSolver.Circuit;
using PhotonicSolver.Models;
using PhotonicSolver.Numerics;
using PhotonicSolver.Sweep;
using PhotonicSolver.Tmm;

namespace PhotonicSolver.Cli.Commands;

/// <summary>
/// `photonic grating GRATING.yaml --wl A:B:N [--set name=v ...] [--sweep name=A:B:N ...] [--backend cpu] --out FILE.csv|-`:
/// a bragg_grating (settings in a YAML mapping) solved by the ordinary engine. Columns: wl_um, each swept setting,
/// R, T, r.re, r.im, t.re, t.im (r = S11 seen from o1, t = S21).
/// </summary>
public static class GratingCommand
{
    public static Command Create(CliIO io)
    {
        var file = new Argument<string>("grating") { Description = "Grating file: a YAML mapping of bragg_grating settings (and temperature)." };
        var wl = new Option<string>("--wl") { Description = "Wavelengths in µm: START:STOP:N or v1,v2,...", Required = true };
        var set = new Option<string[]>("--set") { Description = "Override a setting: name=value (repeatable).", Arity = ArgumentArity.ZeroOrMore };
        var sweeps = new Option<string[]>("--sweep")
        {
            Description = "Sweep a setting (or temperature): name=START:STOP:N or name=v1,v2. Repeatable; first is outermost.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var backend = CommonOptions.Backend();
        var output = new Option<string>("--out") { Description = "Output CSV file, or - for stdout.", Required = true };
        var cmd = new Command("grating", "Reflection and transmission spectra of a waveguide Bragg grating (coupled-mode TMM).")
        {
            file, wl, set, sweeps, backend, output,
        };
        cmd.SetAction(r => io.Guard(() =>
        {
            var circuit = GratingFile.Load(r.GetValue(file)!);
            foreach (var item in r.GetValue(set) ?? [])
            {
                var (name, value) = Split(item, "--set");
                if (!double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double v))
                    throw new PhotonicException($"--set '{item}': '{value}' is not a number");
                circuit.SetSetting(Qualify(name), v);
            }
            if (BraggGrating.Info.Validate!(circuit.Instances[0].Settings) is { } err) throw new PhotonicException(err);
            var spec = new SweepSpec();
            foreach (var item in r.GetValue(sweeps) ?? [])
            {
                var (name, range) = Split(item, "--sweep");
                if (name == FlatCircuit.WavelengthKey) throw new PhotonicException("sweep the wavelength with --wl");
                var axis = SweepAxis.Parse(Qualify(name), range);
                CheckWholeNumbers(name, axis);
                spec.Axes.Add(axis);
            }
            spec.Axes.Add(SweepAxis.Parse(FlatCircuit.WavelengthKey, r.GetValue(wl)!));
            var plan = PlanCompiler.Compile(circuit, spec, [(0, 0), (1, 0)]);
            using var be = BackendChoice.Create(r.GetValue(backend)!, io);
            using var prepared = be.Prepare(plan);
            string outPath = r.GetValue(output)!;
            using var result = PhotonicSolver.IO.ResultStream.Create(outPath, "grating CSV", io.Out);
            using var streaming = Interrupts.Streaming();
            var summary = SweepRunner.Run(prepared, new Sink(result.Text, plan), cancel: Interrupts.Token);
            result.Commit();
            if (summary.Truncated)
            {
                io.Err.WriteLine($"interrupted: wrote {summary.Written} of {summary.Points} points to {outPath}; the file ends with a '# TRUNCATED' line");
                return CliIO.Interrupted;
            }
            if (outPath != "-") io.Err.WriteLine($"{summary.Points} points on {be.Name} in {summary.Elapsed.TotalSeconds:F2} s -> {outPath}");
            return 0;
        }));
        return cmd;
    }

    private static (string, string) Split(string item, string option)
    {
        int eq = item.IndexOf('=');
        if (eq <= 0) throw new PhotonicException($"{option} '{item}': expected NAME=VALUE");
        return (item[..eq].Trim(), item[(eq + 1)..].Trim());
    }

    private static string Qualify(string name) => name == FlatCircuit.TemperatureKey ? name : $"{GratingFile.Instance}.{name}";

    private static void CheckWholeNumbers(string name, SweepAxis axis)
    {
        if (name is not ("sections" or "apodization")) return;
        for (long i = 0; i < axis.Count; i++)
            if (axis[i] != Math.Floor(axis[i])) throw new PhotonicException($"--sweep {name}: {axis[i]} is not a whole number");
    }

    /// <summary>Writes wl_um, the other axes, R, T, r.re, r.im, t.re, t.im.</summary>
    private sealed class Sink(TextWriter writer, EvaluationPlan plan) : ISweepSink
    {
        private readonly StringBuilder _sb = new(1 << 16);
        private int _wlAxis;

        public void Begin(EvaluationPlan p)
        {
            var axes = p.Sweep.Axes;
            _wlAxis = axes.FindIndex(a => a.Name == FlatCircuit.WavelengthKey);
            var cols = new List<string> { "wl_um" };
            cols.AddRange(axes.Where(a => a.Name != FlatCircuit.WavelengthKey).Select(a => a.Name.StartsWith(GratingFile.Instance + ".") ? a.Name[(GratingFile.Instance.Length + 1)..] : a.Name));
            cols.AddRange(["R", "T", "r.re", "r.im", "t.re", "t.im"]);
            writer.Write(string.Join(",", cols));
            writer.Write('\n');
        }

        public void Write(long start, int count, Cx[] outputs, int[] status)
        {
            var axes = plan.Sweep.Axes;
            for (int i = 0; i < count; i++)
            {
                long point = start + i;
                TmmCommand.Num(_sb, axes[_wlAxis][point / plan.AxisStrides[_wlAxis] % axes[_wlAxis].Count]).Append(',');
                for (int a = 0; a < axes.Count; a++)
                    if (a != _wlAxis) TmmCommand.Num(_sb, axes[a][point / plan.AxisStrides[a] % axes[a].Count]).Append(',');
                Cx r = outputs[2L * i], t = outputs[2L * i + 1];
                TmmCommand.Num(_sb, r.Abs2).Append(','); TmmCommand.Num(_sb, t.Abs2).Append(',');
                TmmCommand.Num(_sb, r.Re).Append(','); TmmCommand.Num(_sb, r.Im).Append(',');
                TmmCommand.Num(_sb, t.Re).Append(','); TmmCommand.Num(_sb, t.Im).Append('\n');
                if (_sb.Length > 1 << 16) { writer.Write(_sb); _sb.Clear(); }
            }
            writer.Write(_sb); _sb.Clear();
        }

        public void End(bool truncated, long written)
        {
            if (truncated) writer.Write(PhotonicSolver.IO.ResultStream.TruncatedLine(written, plan.PointCount, "points"));
            writer.Flush();
        }
    }
}
