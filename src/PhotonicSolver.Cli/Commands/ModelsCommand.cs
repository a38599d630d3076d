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
        var cmd = new Command("models", "List the built-in models: ports, settings with units, defaults and ranges, and references.") { name };
        cmd.SetAction(r => io.Guard(() =>
        {
            string? only = r.GetValue(name);
            var models = only is null ? ModelRegistry.All : [ModelRegistry.Get(only)];
            foreach (var m in models) Write(io.Out, m);
            return 0;
        }));
        return cmd;
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
