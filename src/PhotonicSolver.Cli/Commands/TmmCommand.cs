using System.CommandLine;
using System.Globalization;
using System.Text;
using PhotonicSolver.IO;
using PhotonicSolver.Kernels;
using PhotonicSolver.Sweep;
using PhotonicSolver.Tmm;

namespace PhotonicSolver.Cli.Commands;

/// <summary>
/// `photonic tmm STACK.yaml --wl A:B:N [--angle A:B:N] [--pol s|p|both] [--sweep layerN.d=A:B:N ...] [--backend ...] --out FILE.csv|-`:
/// thin-film reflectance, transmittance and absorptance. Columns: wl_um, angle_deg, pol, then each swept layer
/// parameter, then R, T, A, r.re, r.im, t.re, t.im (r and t are NaN for stacks with incoherent layers).
/// </summary>
public static class TmmCommand
{
    public static Command Create(CliIO io)
    {
        var stackArg = new Argument<string>("stack") { Description = "Stack file (YAML): incidence, layers, exit." };
        var wl = new Option<string>("--wl") { Description = "Wavelengths in µm: START:STOP:N or v1,v2,...", Required = true };
        var angle = new Option<string>("--angle") { Description = "Angles of incidence in degrees: START:STOP:N or v1,v2,... (default 0).", DefaultValueFactory = _ => "0" };
        var pol = new Option<string>("--pol") { Description = "s, p or both (default s).", DefaultValueFactory = _ => "s" };
        var sweeps = new Option<string[]>("--sweep")
        {
            Description = "Sweep a layer parameter: layerN.d|n|k=START:STOP:N or =v1,v2 (N counts layers from 1). Repeatable; first is outermost.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var output = new Option<string>("--out") { Description = "Output CSV file, or - for stdout.", Required = true };
        var backend = CommonOptions.Backend();
        var cmd = new Command("tmm", "Thin-film transfer-matrix method: R, T, A, r, t of a multilayer stack vs wavelength and angle.")
        {
            stackArg, wl, angle, pol, sweeps, output, backend,
        };
        cmd.SetAction(r => io.Guard(() =>
        {
            var stack = StackFile.Load(r.GetValue(stackArg)!);
            var wlAxis = SweepAxis.Parse("wl", r.GetValue(wl)!);
            var angleAxis = SweepAxis.Parse("angle", r.GetValue(angle)!);
            int[] pols = r.GetValue(pol) switch
            {
                "s" => [Polarization.S],
                "p" => [Polarization.P],
                "both" => [Polarization.S, Polarization.P],
                var other => throw new PhotonicException($"--pol '{other}': expected s, p or both"),
            };
            var parameters = new List<(LayerParameter, SweepAxis)>();
            foreach (var item in r.GetValue(sweeps) ?? [])
            {
                int eq = item.IndexOf('=');
                if (eq <= 0) throw new PhotonicException($"--sweep '{item}': expected layerN.d=START:STOP:N");
                var prm = LayerParameter.Parse(item[..eq].Trim(), stack);
                parameters.Add((prm, SweepAxis.Parse(prm.Name, item[(eq + 1)..])));
            }
            var spec = new TmmSweepSpec(stack, wlAxis, angleAxis, pols, parameters);
            // cpu runs TmmSweep's own path (vectorised where it can); ILGPU backends run the thin-film kernel.
            using var be = BackendChoice.Create(r.GetValue(backend)!, io);
            using var device = be is IlgpuBackend ilgpu ? new IlgpuTmmDevice(ilgpu.Accelerator) : null;
            return Write(io, spec, r.GetValue(output)!, device);
        }));
        return cmd;
    }

    private static int Write(CliIO io, TmmSweepSpec spec, string outPath, ITmmDevice? device)
    {
        var header = new List<string> { "wl_um", "angle_deg", "pol" };
        header.AddRange(spec.Parameters.Select(p => p.Parameter.Name));
        header.AddRange(["R", "T", "A", "r.re", "r.im", "t.re", "t.im"]);
        using var file = ResultStream.Create(outPath, "thin-film CSV", io.Out);
        var writer = file.Text;
        using var streaming = Interrupts.Streaming();
        long written = 0;
        try
        {
            writer.Write(string.Join(",", header));
            writer.Write('\n');
            var sb = new StringBuilder(1 << 16);
            var progress = outPath == "-" ? null : ProgressBar.ForStderr(io);
            var elapsed = TmmSweep.Run(spec, (start, count, results) =>
            {
                Span<int> pIdx = stackalloc int[Math.Max(1, spec.Parameters.Count)];
                for (int i = 0; i < count; i++)
                {
                    spec.Decode(start + i, pIdx, out int pol, out int a, out int w);
                    Num(sb, spec.Wavelength[w]).Append(',');
                    Num(sb, spec.AngleDeg[a]).Append(',');
                    sb.Append(Polarization.Name(spec.Polarizations[pol])).Append(',');
                    for (int k = 0; k < spec.Parameters.Count; k++) Num(sb, spec.Parameters[k].Axis[pIdx[k]]).Append(',');
                    var x = results[i];
                    Num(sb, x.Reflectance).Append(','); Num(sb, x.Transmittance).Append(','); Num(sb, x.Absorptance).Append(',');
                    Num(sb, x.Reflection.Re).Append(','); Num(sb, x.Reflection.Im).Append(',');
                    Num(sb, x.Transmission.Re).Append(','); Num(sb, x.Transmission.Im).Append('\n');
                    if (sb.Length > 1 << 16) { writer.Write(sb); sb.Clear(); }
                }
                writer.Write(sb); sb.Clear();
                written = start + count;
            }, device, progress: progress, cancel: Interrupts.Token);
            progress?.Finish();
            file.Commit();
            if (outPath != "-")
                io.Err.WriteLine($"{spec.PointCount} points × {spec.Stack.Layers.Count} layers on {device?.Name ?? "cpu"} in {elapsed.TotalSeconds:F2} s -> {outPath}");
            return 0;
        }
        catch (OperationCanceledException)
        {
            writer.Write(ResultStream.TruncatedLine(written, spec.PointCount, "points"));
            file.Commit();
            io.Err.WriteLine($"interrupted: wrote {written} of {spec.PointCount} points to {outPath}; the file ends with a '# TRUNCATED' line");
            return CliIO.Interrupted;
        }
    }

    internal static StringBuilder Num(StringBuilder sb, double v)
    {
        Span<char> buf = stackalloc char[32];
        v.TryFormat(buf, out int n, "R", CultureInfo.InvariantCulture);
        return sb.Append(buf[..n]);
    }
}
