using System.CommandLine;
using System.Text;

namespace PhotonicSolver.Cli.Commands;

/// <summary>
/// docs/cli.md, generated from the command definitions themselves (`photonic cli-reference > docs/cli.md`), so the
/// reference cannot drift from what the CLI accepts; a test checks the file is up to date. Hidden options (old
/// spellings kept for one release, tuning knobs) are left out.
/// </summary>
public static class CliReference
{
    public static Command Create(CliIO io, RootCommand root)
    {
        var cmd = new Command("cli-reference", "Write the command-line reference as Markdown (docs/cli.md is generated this way).") { Hidden = true };
        cmd.SetAction(_ => { io.Out.Write(Markdown(root)); return 0; });
        return cmd;
    }

    public static string Markdown(RootCommand root)
    {
        var sb = new StringBuilder();
        sb.Append("# Command-line reference\n\n");
        sb.Append("<!-- Generated from the command definitions by `photonic cli-reference > docs/cli.md`; a test keeps it in sync. -->\n\n");
        sb.Append("Units: lengths and wavelengths in µm, temperatures in °C (differences in K), power in mW (dBm where the name says so), ");
        sb.Append("angles in degrees. Option names carry no unit suffix; each option's unit is in its description. ");
        sb.Append("Axes (`--wl`, `--temperature`, `--sweep NAME=…`) take a value, a list `v1,v2,…` or `START:STOP:N`. ");
        sb.Append("Wavelengths outside 0.2–20 µm and temperatures below −273.15 °C are errors that name the likely unit mistake; ");
        sb.Append("temperatures above 250 °C draw a warning (kelvin?). A usage mistake prints one line and exits with 1, ");
        sb.Append("an input error prints `error: …` and exits with 2.\n\n");
        sb.Append("One concept, one flag, in every command: `--wl` (µm), `--temperature` (°C), `--pair OUT:IN` (repeatable), ");
        sb.Append("`--set inst.setting=value`, `--out`/`-o` (`-` for stdout), `--backend auto|cpu|cuda|opencl|ilgpu-cpu` (default `auto`).\n\n");
        sb.Append("## Commands\n\n");
        foreach (var c in Visible(root.Subcommands)) sb.Append($"- [`photonic {c.Name}`](#photonic-{c.Name}): {c.Description}\n");
        sb.Append('\n');
        foreach (var c in Visible(root.Subcommands)) Write(sb, c, "photonic");
        return sb.ToString();
    }

    private static IEnumerable<Command> Visible(IEnumerable<Command> commands) => commands.Where(c => !c.Hidden);

    private static void Write(StringBuilder sb, Command c, string parent)
    {
        string path = $"{parent} {c.Name}";
        sb.Append($"## {path}\n\n{c.Description}\n\n");
        var args = c.Arguments.Where(a => !a.Hidden).ToList();
        var subs = Visible(c.Subcommands).ToList();
        string usage = path + (subs.Count > 0 ? " <command>" : "") + string.Concat(args.Select(a => $" <{a.Name}>")) +
                       (c.Options.Any(o => !o.Hidden) ? " [options]" : "");
        sb.Append($"```\n{usage}\n```\n\n");
        if (args.Count > 0)
        {
            sb.Append("| argument | description |\n|---|---|\n");
            foreach (var a in args) sb.Append($"| `{a.Name}` | {Cell(a.Description)} |\n");
            sb.Append('\n');
        }
        var options = c.Options.Where(o => !o.Hidden).ToList();
        if (options.Count > 0)
        {
            sb.Append("| option | description | default |\n|---|---|---|\n");
            foreach (var o in options)
            {
                string names = string.Join(", ", new[] { o.Name }.Concat(o.Aliases.OrderBy(a => a.Length)).Select(n => $"`{n}`"));
                string dflt = o.Required ? "required" : o.HasDefaultValue ? Default(o) : "";
                string repeat = o.Arity.MaximumNumberOfValues > 1 && o.ValueType != typeof(string) && !(o.Description ?? "").Contains("epeatable") ? " (repeatable)" : "";
                sb.Append($"| {names} | {Cell(o.Description)}{repeat} | {dflt} |\n");
            }
            sb.Append('\n');
        }
        foreach (var s in subs) Write(sb, s, parent + " " + c.Name);
    }

    private static string Default(Option o) => o.GetDefaultValue() switch
    {
        null => "",
        bool b => b ? "on" : "off",
        string s => $"`{s}`",
        System.Collections.IEnumerable e when e is not string => string.Join(", ", e.Cast<object>()),
        var v => $"`{Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture)}`",
    };

    private static string Cell(string? text) => (text ?? "").Replace("|", "\\|").Replace("\n", " ");
}
