using System.CommandLine;
using System.Globalization;
using PhotonicSolver.Models;

namespace PhotonicSolver.Cli.Commands;

/// <summary>`photonic models`: every built-in model with ports, settings (units, defaults, ranges) and reference.</summary>
public static class ModelsCommand
{
    public static Command Create(CliIO io)
    {
        var name = new Argument<string?>("name") { Description = "Show only this model.", Arity = ArgumentArity.ZeroOrOne };
        var markdown = new Option<bool>("--markdown") { Description = "Write the model reference as Markdown (docs/models.md is generated this way)." };
        var cmd = new Command("models", "List the built-in models: ports, settings with units, defaults and ranges, and references.") { name, markdown };
        cmd.SetAction(r => io.Guard(() =>
        {
            string? only = r.GetValue(name);
            var models = only is null ? ModelRegistry.All : [ModelRegistry.Get(only)];
            if (r.GetValue(markdown)) { io.Out.Write(Markdown(models)); return 0; }
            foreach (var m in models) Write(io.Out, m);
            if (only is null) WriteCells(io.Out);
            return 0;
        }));
        return cmd;
    }

    /// <summary>The model reference in Markdown: one section per model with ports, diagram, settings and source.</summary>
    public static string Markdown(IEnumerable<ModelInfo> models)
    {
        var w = new StringWriter { NewLine = "\n" };
        w.WriteLine("# Model reference");
        w.WriteLine();
        w.WriteLine("Generated from the models' metadata by `photonic models --markdown`; a test keeps this file in sync.");
        w.WriteLine("Units: µm, dB/cm, °C, mW, rad (see [conventions](conventions.md)). S-matrix convention: b_out = Σ S[out,in]·a_in.");
        w.WriteLine();
        foreach (var m in models)
        {
            w.WriteLine($"## `{m.Name}`");
            w.WriteLine();
            w.WriteLine(m.Summary);
            w.WriteLine();
            w.WriteLine("```");
            w.WriteLine(m.Diagram);
            w.WriteLine("```");
            w.WriteLine();
            w.WriteLine($"Ports: {string.Join(", ", m.Ports.Select(p => $"`{p}`"))}. Non-zero entries (S[to,from] = slot): " +
                        string.Join(", ", m.Pattern.Select(e => $"S[{m.Ports[e.To]},{m.Ports[e.From]}]={e.Slot}")) + ".");
            w.WriteLine($"Evaluated per sweep point: {(m.DependsOnWavelength ? "yes (wavelength-dependent)" : "only when a setting is swept; otherwise folded into constants at compile time")}.");
            w.WriteLine();
            w.WriteLine("| setting | unit | default | valid range | meaning |");
            w.WriteLine("|---|---|---|---|---|");
            foreach (var s in m.Settings)
                w.WriteLine($"| `{s.Name}` | {(s.Unit.Length == 0 ? "–" : s.Unit)} | {s.Default.ToString("G6", CultureInfo.InvariantCulture)} | {s.RangeText} | {s.Description} |");
            w.WriteLine();
            w.WriteLine($"Reference: {m.Reference}");
            w.WriteLine();
        }
        if (models.Count() == ModelRegistry.All.Count)
        {
            w.WriteLine("## gdsfactory cells");
            w.WriteLine();
            w.WriteLine("Used when a netlist names one of gdsfactory's generic PDK cells and has no `models:` entry for it " +
                        "(see [gdsfactory](gdsfactory.md)). Settings not listed under \"uses\" are reported as ignored.");
            w.WriteLine();
            w.WriteLine("| cell | model | uses | what it is |");
            w.WriteLine("|---|---|---|---|");
            foreach (var c in Netlists.GdsfactoryCells.Catalog)
                w.WriteLine($"| `{c.Cell}` | {c.Target} | {(c.Uses.Length == 0 ? "–" : c.Uses)} | {c.Summary} |");
            w.WriteLine();
        }
        return w.ToString();
    }

    /// <summary>The built-in gdsfactory cell mapping, as `photonic models` lists it after the models.</summary>
    public static void WriteCells(TextWriter w)
    {
        w.WriteLine("gdsfactory cells (used when a cell has no models: entry; see docs/gdsfactory.md):");
        foreach (var c in Netlists.GdsfactoryCells.Catalog)
            w.WriteLine($"  {c.Cell,-22} -> {c.Target,-16} uses: {(c.Uses.Length == 0 ? "-" : c.Uses),-40} {c.Summary}");
        w.WriteLine();
    }

    public static void Write(TextWriter w, ModelInfo m)
    {
        w.WriteLine($"{m.Name}  —  {m.Summary}");
        w.WriteLine($"  ports: {string.Join(", ", m.Ports)}");
        foreach (var line in m.Diagram.Split('\n')) w.WriteLine($"      {line}");
        w.WriteLine("  settings:");
        foreach (var s in m.Settings)
        {
            string def = s.Default.ToString("G6", CultureInfo.InvariantCulture);
            string unit = s.Unit.Length == 0 ? "-" : s.Unit;
            w.WriteLine($"    {s.Name,-16} {unit,-6} default {def,-10} range {s.RangeText,-16} {s.Description}");
        }
        w.WriteLine($"  reference: {m.Reference}");
        w.WriteLine();
    }
}
