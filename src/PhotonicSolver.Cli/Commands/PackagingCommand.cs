using System.CommandLine;
using System.Globalization;
using System.Text;
using PhotonicSolver.IO;
using PhotonicSolver.Packaging;

namespace PhotonicSolver.Cli.Commands;

/// <summary>
/// `photonic packaging SYSTEM.yaml --out table.csv [--plot fig.png] [--placements P.csv] [--backend ...]`: pluggable,
/// LPO, NPO and CPO side by side — electrical loss and SerDes class, energy per bit, laser temperature, optical margin
/// and link flaps over the ASIC power trace (docs/packaging.md).
/// </summary>
public static class PackagingCommand
{
    /// <summary>The table's columns, in order.</summary>
    public static readonly string[] Columns =
    [
        "packaging", "electrical_length_mm", "electrical_loss_dB", "serdes_class", "serdes_pJ_per_bit", "dsp_pJ_per_bit", "optics_pJ_per_bit",
        "laser_pJ_per_bit", "total_pJ_per_bit", "switch_optics_W", "laser_T_max_C", "optical_margin_dB", "margin_p99_dB", "margin_typical_dB",
        "attach_loss_median_dB", "attach_loss_p99_dB", "ring_loss_worst_dB", "laser_power_min_dBm", "heater_mW",
        "time_below_0_pct", "crossings_per_link", "flaps_per_link", "links_down_pct",
    ];

    public static readonly string[] PlacementColumns =
        ["packaging", "placement", "laser_at", "laser_T_max_C", "optical_margin_dB", "time_below_0_pct", "crossings_per_link", "flaps_per_link", "links_down_pct"];

    public static Command Create(CliIO io)
    {
        var file = new Argument<string>("system") { Description = "System file (YAML): switch, SerDes generation, thermal scenario, laser, optics, fiber attach, packagings." };
        var output = new Option<string>("--out", "-o") { Description = "Output CSV, one row per packaging, or - for stdout.", Required = true };
        var plot = new Option<string?>("--plot") { Description = "Also draw the comparison (.png or .svg): stacked pJ/bit per packaging with the optical margin beside it." };
        var placements = new Option<string?>("--placements") { Description = "Also write the laser-placement sensitivity (CSV): flaps with each packaging's laser moved to each placement of the file." };
        var backend = CommonOptions.Backend();
        var cmd = new Command("packaging", "Compare pluggable, LPO, NPO and CPO optics of a switch end to end: copper loss, SerDes class, pJ/bit, laser heat, optical margin and link flaps.")
        {
            file, output, plot, placements, backend,
        };
        cmd.SetAction(r => io.Guard(() =>
        {
            string outPath = r.GetValue(output)!;
            string? figure = r.GetValue(plot);
            string? placementsPath = r.GetValue(placements);
            string input = r.GetValue(file)!;
            if (figure is not null && !Plotting.Figure.Extensions.Contains(Path.GetExtension(figure).ToLowerInvariant()))
                throw new PhotonicException($"--plot {figure}: the figure is .png or .svg");
            var sys = PackagingSystem.Load(input);
            // Refuse an output over any input (the system file, the files it names) before the analysis, not after it.
            foreach (var p in new[] { outPath, figure, placementsPath })
                if (p is not null && p != "-" && RunFiles.InputAt(p) is { } inFile)
                    throw new PhotonicException($"refusing to write '{p}': it is one of this run's inputs ('{inFile}'); choose another output path");
            using var be = BackendChoice.Create(r.GetValue(backend)!, io);
            var result = PackagingAnalysis.Run(sys, be);
            WriteText(outPath, io, w => WriteTable(w, result));
            if (placementsPath is not null) WriteText(placementsPath, io, w => WritePlacements(w, result));
            var summary = outPath == "-" ? io.Err : io.Out;
            Summary(summary, result);
            if (outPath != "-") io.Err.WriteLine($"{result.Rows.Count} packagings -> {outPath}");
            if (figure is not null)
            {
                var rows = result.Rows;
                var fig = Plotting.PackagingFigure.Comparison(rows.Select(x => x.Option.Name).ToList(),
                [
                    ("SerDes", rows.Select(x => x.SerDesPjPerBit).ToArray()), ("DSP", rows.Select(x => x.DspPjPerBit).ToArray()),
                    ("optics", rows.Select(x => x.OpticsPjPerBit).ToArray()), ("laser", rows.Select(x => x.LaserPjPerBit).ToArray()),
                ], rows.Select(x => x.Optics.MarginMedianWorstDb).ToArray(), rows.Select(x => x.Optics.MarginP99WorstDb).ToArray(),
                FormattableString.Invariant($"{sys.BandwidthTbps:G4} Tb/s, {sys.Ports} ports: energy per bit and optical margin"));
                io.Err.WriteLine($"figure -> {fig.Save(figure)}");
            }
            return 0;
        }));
        return cmd;
    }

    private static string F(double v) => double.IsFinite(v) ? v.ToString("R", CultureInfo.InvariantCulture) : double.IsNaN(v) ? "" : v > 0 ? "inf" : "-inf";

    public static void WriteTable(TextWriter w, PackagingResult result)
    {
        w.Write(string.Join(",", Columns) + "\n");
        foreach (var x in result.Rows)
        {
            var o = x.Optics;
            var cells = new[]
            {
                x.Option.Name, F(x.ElectricalLengthMm), F(x.ElectricalLossDb), x.SerDesName, F(x.SerDesPjPerBit), F(x.DspPjPerBit), F(x.OpticsPjPerBit),
                F(x.LaserPjPerBit), F(x.TotalPjPerBit), F(x.SwitchOpticsW), F(o.LaserTMaxC), F(o.MarginMedianWorstDb), F(o.MarginP99WorstDb),
                F(o.MarginMedianTypicalDb), F(o.AttachLossMedianDb), F(o.AttachLossP99Db), F(o.RingLossDb.Max()), F(o.LaserPowerDbm.Min()), F(o.HeaterMw),
                F(o.Flaps.TimeBelowZeroPct), F(o.Flaps.CrossingsPerLink), F(o.Flaps.FlapsPerLink), F(o.Flaps.LinksDownPct),
            };
            w.Write(string.Join(",", cells) + "\n");
        }
        w.Flush();
    }

    public static void WritePlacements(TextWriter w, PackagingResult result)
    {
        w.Write(string.Join(",", PlacementColumns) + "\n");
        foreach (var p in result.Placements)
            w.Write(string.Join(",", p.Packaging, p.PlacementName, p.Placement.Node ?? "fixed", F(p.LaserTMaxC), F(p.MarginMedianWorstDb),
                                F(p.Flaps.TimeBelowZeroPct), F(p.Flaps.CrossingsPerLink), F(p.Flaps.FlapsPerLink), F(p.Flaps.LinksDownPct)) + "\n");
        w.Flush();
    }

    /// <summary>The printed table and the two-line verdict: which packaging wins on power, which on margin, and why.</summary>
    public static void Summary(TextWriter w, PackagingResult result)
    {
        var sys = result.System;
        var inv = CultureInfo.InvariantCulture;
        w.WriteLine(string.Create(inv, $"{sys.BandwidthTbps:G4} Tb/s switch, {sys.Ports} ports of {sys.LaneGbps:G4} Gb/s, {sys.Generation.Name} SerDes (Nyquist {sys.Generation.NyquistGHz:G5} GHz), ASIC trace {result.Trace.TimesS[^1]:G4} s"));
        w.WriteLine("  packaging        copper  loss  class  SerDes  DSP  optics laser  total  switch  laser  margin   p99  below0  flaps");
        w.WriteLine("                     mm     dB            pJ/b  pJ/b  pJ/b  pJ/b   pJ/b     W    Tmax°C    dB     dB     %    /link");
        foreach (var x in result.Rows)
        {
            var o = x.Optics;
            w.WriteLine(string.Create(inv, $"  {x.Option.Name,-14} {x.ElectricalLengthMm,7:F0} {x.ElectricalLossDb,6:F1}  {x.SerDesName,-5} {x.SerDesPjPerBit,5:F2} {x.DspPjPerBit,5:F2} {x.OpticsPjPerBit,5:F2} {x.LaserPjPerBit,5:F2} {x.TotalPjPerBit,6:F2} {x.SwitchOpticsW,7:F0} {o.LaserTMaxC,6:F1} {o.MarginMedianWorstDb,7:F2} {o.MarginP99WorstDb,6:F2} {o.Flaps.TimeBelowZeroPct,6:F1} {o.Flaps.FlapsPerLink,6:F2}"));
        }
        foreach (var x in result.Rows.Where(x => x.SerDes is null))
            w.WriteLine(string.Create(inv, $"  warning: {x.Option.Name}: {x.ElectricalLossDb:F1} dB at Nyquist exceeds every {sys.Generation.Name} class budget; its SerDes energy is that of the largest class"));
        if (result.Placements.Count > 0)
        {
            w.WriteLine("  laser placement sensitivity (flaps per link, % time below 0 dB):");
            foreach (var g in result.Placements.GroupBy(p => p.Packaging))
                w.WriteLine("    " + g.Key.PadRight(14) + string.Join("  ", g.Select(p => string.Create(inv, $"{p.PlacementName}: {p.Flaps.FlapsPerLink:F2}, {p.Flaps.TimeBelowZeroPct:F1}% ({p.LaserTMaxC:F0} °C)"))));
        }
        foreach (var line in Verdict(result)) w.WriteLine(line);
    }

    /// <summary>Two lines: the power winner and the margin winner, each with the term that separates it from the runner-up.</summary>
    public static string[] Verdict(PackagingResult result)
    {
        var inv = CultureInfo.InvariantCulture;
        var rows = result.Rows;
        var byPower = rows.OrderBy(x => x.TotalPjPerBit).ToList();
        var p = byPower[0];
        string powerWhy;
        if (byPower.Count < 2) powerWhy = "the only packaging";
        else
        {
            // Against the most expensive packaging: where the energy goes that the winner saves.
            var q = byPower[^1];
            string dsp = p.Option.Dsp ? string.Create(inv, $"a module DSP ({p.DspPjPerBit:F2})") : "no module DSP";
            powerWhy = string.Create(inv, $"{byPower[1].Option.Name} next at {byPower[1].TotalPjPerBit:F2}; its {p.ElectricalLengthMm:F0} mm of copper ")
                     + string.Create(inv, $"({p.ElectricalLossDb:F1} dB at Nyquist) needs only the {p.SerDesName} SerDes class ({p.SerDesPjPerBit:F2} pJ/bit) and {dsp}, ")
                     + string.Create(inv, $"where {q.Option.Name} ({q.ElectricalLengthMm:F0} mm, {q.ElectricalLossDb:F1} dB) pays {q.SerDesName} {q.SerDesPjPerBit:F2}")
                     + (q.DspPjPerBit > 0 ? string.Create(inv, $" + DSP {q.DspPjPerBit:F2}") : "") + " pJ/bit";
        }
        var byMargin = rows.OrderByDescending(x => x.Optics.MarginMedianWorstDb).ToList();
        var m = byMargin[0];
        string marginWhy;
        if (byMargin.Count < 2) marginWhy = "the only packaging";
        else
        {
            var q = byMargin[1];
            var a = m.Optics; var b = q.Optics;
            var terms = new (string Name, double Win, double Other)[]
            {
                ("laser output at the worst time (dBm)", a.LaserPowerDbm[a.WorstIndex], b.LaserPowerDbm[b.WorstIndex]),
                ("ring filter loss at the worst time (dB)", -a.RingLossDb[a.WorstIndex], -b.RingLossDb[b.WorstIndex]),
                ("fiber-attach loss, median link (dB)", -a.AttachLossMedianDb, -b.AttachLossMedianDb),
                ("ELS fiber and connector loss (dB)", -a.ElsLossDb, -b.ElsLossDb),
                ("DSP sensitivity gain (dB)", a.DspGainDb, b.DspGainDb),
            };
            var t = terms.MaxBy(t => t.Win - t.Other);
            marginWhy = string.Create(inv, $"{q.Option.Name} next at {b.MarginMedianWorstDb:F2} dB; the {t.Name} differs most ({Math.Abs(t.Win):F2} vs {Math.Abs(t.Other):F2}); ")
                      + string.Create(inv, $"laser peak {a.LaserTMaxC:F1} °C vs {b.LaserTMaxC:F1} °C");
        }
        return
        [
            string.Create(inv, $"power:  {p.Option.Name} wins at {p.TotalPjPerBit:F2} pJ/bit ({p.SwitchOpticsW:F0} W of optical I/O); {powerWhy}."),
            string.Create(inv, $"margin: {m.Option.Name} wins at {m.Optics.MarginMedianWorstDb:F2} dB (median link, worst time; p99 link {m.Optics.MarginP99WorstDb:F2} dB); {marginWhy}."),
        ];
    }

    /// <summary>A text result through the shared result stream (atomic, never over an input; "-" is standard output).</summary>
    private static void WriteText(string path, CliIO io, Action<TextWriter> write) => ResultStream.WriteAll(path, "packaging CSV", io.Out, write);
}
