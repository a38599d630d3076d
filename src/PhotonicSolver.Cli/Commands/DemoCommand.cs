using System.CommandLine;
using PhotonicSolver.Analysis;
using PhotonicSolver.Backends;
using PhotonicSolver.Circuit;
using PhotonicSolver.IO;
using PhotonicSolver.Models;
using PhotonicSolver.Netlists;
using PhotonicSolver.Sweep;

namespace PhotonicSolver.Cli.Commands;

/// <summary>
/// `photonic demo`: solves the built-in add-drop ring (examples/ring_add_drop.yaml), writes its spectrum (CSV and a
/// PNG figure beside it) and prints FSR, extinction and Q measured from the computed spectrum next to Bogaerts' analytic values.
/// </summary>
public static class DemoCommand
{
    public const string NetlistResource = "demo/ring_add_drop.yaml";

    public static string NetlistText()
    {
        using var s = typeof(DemoCommand).Assembly.GetManifestResourceStream(NetlistResource)
            ?? throw new InvalidOperationException("demo netlist resource missing");
        return new StreamReader(s).ReadToEnd();
    }

    public static Command Create(CliIO io)
    {
        var output = new Option<string>("--out", "-o") { Description = "CSV file for the spectrum.", DefaultValueFactory = _ => "demo_ring.csv" };
        var backend = CommonOptions.Backend();
        var cmd = new Command("demo", "Solve a built-in add-drop ring filter, write its spectrum and print FSR, extinction and Q.") { output, backend };
        cmd.SetAction(r => io.Guard(() =>
        {
            var circuit = Flattener.Flatten(NetlistLoader.Parse(NetlistText(), "demo:ring_add_drop.yaml"));
            var sweep = new SweepSpec([SweepAxis.Linear(FlatCircuit.WavelengthKey, 1.53, 1.57, 8001)]);
            var plan = PlanCompiler.Compile(circuit, sweep);
            using var be = BackendChoice.Create(r.GetValue(backend)!, io);
            using var prepared = be.Prepare(plan);
            var result = new SweepResult();
            var summary = SweepRunner.Run(prepared, result);
            string path = r.GetValue(output)!;
            using (var csv = CsvSweepWriter.Create(path, io.Out))
            {
                csv.Begin(plan);
                csv.Write(0, (int)plan.PointCount, result.Outputs, result.Status);
                csv.End(false, plan.PointCount);
            }
            Report(io.Out, circuit, result, summary, path);
            string figure = Path.ChangeExtension(path, ".png");
            io.Out.WriteLine($"  figure -> {Plotting.Figures.Spectrum(
                [new("through←in", result.Axis(FlatCircuit.WavelengthKey), result.Transmission("through", "in")),
                 new("drop←in", result.Axis(FlatCircuit.WavelengthKey), result.Transmission("drop", "in"), Dash: 1)],
                db: true, title: "Add-drop ring (R = 10 µm, κ² = 0.1/0.1, 3 dB/cm)").Save(figure)}");
            return 0;
        }));
        return cmd;
    }

    private static void Report(TextWriter w, FlatCircuit circuit, SweepResult result, SweepSummary summary, string path)
    {
        var wl = result.Axis(FlatCircuit.WavelengthKey);
        var through = result.Transmission("through", "in");
        var drop = result.Transmission("drop", "in");
        var dips = SpectrumAnalysis.FindResonances(wl, through, dips: true);
        var peaks = SpectrumAnalysis.FindResonances(wl, drop, dips: false);

        // Analytic values (Bogaerts et al. 2012): FSR = λ²/(ng·L); FWHM = (1 − r1·r2·a)·λ²/(π·ng·L·√(r1·r2·a)).
        var h1 = circuit.Instances.First(i => i.Path == "h1");
        var c1 = circuit.Instances.First(i => i.Path == "c1");
        var c2 = circuit.Instances.First(i => i.Path == "c2");
        double L = 2 * h1.Settings[Straight.Length], ng = h1.Settings[Straight.Ng];
        double a = Math.Pow(10, -h1.Settings[Straight.LossDbPerCm] * L * 1e-4 / 20);
        double r1 = Math.Sqrt(1 - c1.Settings[Coupler.Coupling]), r2 = Math.Sqrt(1 - c2.Settings[Coupler.Coupling]);
        var centre = peaks.OrderBy(p => Math.Abs(p.Wavelength - 1.55)).FirstOrDefault();
        double lam = centre?.Wavelength ?? 1.55;
        // FSR between the two resonances around 1.55 µm; with linear dispersion it is exactly λ1·λ2/(ng·L).
        int k = peaks.FindIndex(p => p.Wavelength > 1.55);
        double fsr = double.NaN, fsrTheory = double.NaN;
        if (k > 0)
        {
            fsr = peaks[k].Wavelength - peaks[k - 1].Wavelength;
            fsrTheory = peaks[k].Wavelength * peaks[k - 1].Wavelength / (ng * L);
        }
        double fwhmTheory = (1 - r1 * r2 * a) * lam * lam / (Math.PI * ng * L * Math.Sqrt(r1 * r2 * a));

        w.WriteLine("PhotonicSolver demo: add-drop ring filter (R = 10 µm, couplings 0.1/0.1, 3 dB/cm)");
        w.WriteLine($"  solved {summary.Points} wavelengths, 1.53-1.57 µm, in {summary.Elapsed.TotalMilliseconds:F1} ms -> {path}");
        w.WriteLine($"  resonances (drop peaks): {string.Join(", ", peaks.Select(p => $"{p.Wavelength:F5}"))} µm");
        w.WriteLine($"  FSR        {fsr * 1e3,9:F3} nm   (analytic λ²/(ng·L): {fsrTheory * 1e3:F3} nm)");
        if (centre is not null)
        {
            var dip = dips.OrderBy(d => Math.Abs(d.Wavelength - centre.Wavelength)).First();
            w.WriteLine($"  FWHM       {centre.FwhmUm * 1e3,9:F4} nm   (analytic: {fwhmTheory * 1e3:F4} nm)");
            w.WriteLine($"  Q          {centre.Q,9:F0}      (analytic: {lam / fwhmTheory:F0})");
            w.WriteLine($"  extinction {dip.ExtinctionDb,9:F2} dB at the through port, drop peak {10 * Math.Log10(centre.Extremum):F2} dB");
        }
    }
}
