using PhotonicSolver.Fiber;
using Xunit.Abstractions;
using PhotonicSolver.Lasers;
using PhotonicSolver.Links;
using PhotonicSolver.MonteCarlo;
using PhotonicSolver.Netlists;
using PhotonicSolver.Plotting;
using PhotonicSolver.Sweep;
using PhotonicSolver.Thermal;
using PhotonicSolver.Tmm;
using PhotonicSolver.Tests.Cli;

namespace PhotonicSolver.Tests.IO;

/// <summary>
/// Property tests of every reader on hostile text: each of the project's own example files is cut at random places
/// and mutated (characters deleted, YAML and CSV syntax inserted, lines doubled, numbers replaced by NaN, 1e400,
/// words or commas). Whatever the text, a reader either loads it or throws a <see cref="PhotonicException"/> that
/// names the file; no other exception escapes (no stack trace reaches a user) and nothing hangs. The generator is
/// seeded, so a failure names its case and reproduces.
/// </summary>
public class ReaderPropertyTests(ITestOutputHelper output)
{
    /// <summary>A reader under test: its kind, a valid example to mutate, and how to load a file of that kind.</summary>
    public sealed record Reader(string Kind, string Example, string Extension, Action<string> Load)
    {
        public override string ToString() => Kind;
    }

    private static readonly Reader[] Readers =
    [
        new("netlist", "ring_add_drop.yaml", ".yaml", p => Flattener.Flatten(NetlistLoader.LoadFile(p))),
        new("netlist (gdsfactory)", "gdsfactory/mzi_heater_gf9.yaml", ".yaml", p => Flattener.Flatten(NetlistLoader.LoadFile(p))),
        new("sweep file", "montecarlo/mzi_mc.yaml", ".yaml", p => SweepFile.Load(p, ["montecarlo", "corners", "specs", "covariance", "correlation"])),
        new("Monte Carlo file", "montecarlo/ring_mc.yaml", ".yaml", p => MonteCarloFile.Load(p)),
        new("stack", "tmm/bragg_mirror.yaml", ".yaml", p => StackFile.Load(p)),
        new("grating", "tmm/qw_shifted_grating.yaml", ".yaml", p => GratingFile.Load(p)),
        new("thermal network", "thermal/ring_filter.yaml", ".yaml", p => ThermalNetworkFile.Load(p)),
        new("drift scenario", "thermal/cpo_vs_els.yaml", ".yaml", p => DriftScenario.Load(p)),
        new("fiber coupling", "fiber/smf_to_ssc.yaml", ".yaml", p => FiberCouplingSetup.Load(p)),
        new("laser", "lasers/dfb_quarter_wave.yaml", ".yaml", p => DfbLaser.Load(p)),
        new("laser source", "links/els_source.yaml", ".yaml", p => LaserSource.Load(p)),
        new("power trace CSV", "thermal/asic_power.csv", ".csv", p => PowerTrace.LoadCsv(p)),
        new("Lumerical S-parameters", "data_backed/y_branch.sparam", ".sparam", p => PhotonicSolver.IO.LumericalSParameters.Read(p)),
        new("Touchstone", "", ".s2p", p => PhotonicSolver.IO.Touchstone.Read(p)),
        new("result CSV", "", ".csv", p => ResultTable.Load(p)),
    ];

    public static TheoryData<string> Kinds() => [.. Readers.Select(r => r.Kind)];

    private const string TouchstoneExample =
        "! a 2-port\n# GHz S MA R 50\n1.0 0.9 -10 0.1 20 0.1 20 0.8 -30\n2.0 0.85 -20 0.12 25 0.12 25 0.75 -40\n3.0 0.8 -30 0.14 30 0.14 30 0.7 -50\n";

    private const string ResultCsvExample =
        "wl_um,c1.coupling,T.through.in,re.through.in,im.through.in\n1.55,0.1,0.5,0.7,0.1\n1.551,0.1,0.6,0.7,0.3\n1.552,0.1,0.7,0.8,0.2\n";

    [Theory]
    [MemberData(nameof(Kinds))]
    public void EveryMutationLoadsOrFailsWithALocatedError(string kind)
    {
        var reader = Readers.Single(r => r.Kind == kind);
        string original = reader.Example switch
        {
            "" => reader.Extension == ".s2p" ? TouchstoneExample : ResultCsvExample,
            var e => File.ReadAllText(CliRunner.Example(e)),
        };
        // A copy of the examples tree, so that files an example refers to (power traces, lasers, data) are found.
        string root = Path.GetDirectoryName(CliRunner.TempFile("x"))!;
        string examples = CliRunner.Example("");
        foreach (var f in Directory.GetFiles(examples, "*", SearchOption.AllDirectories))
        {
            string copy = Path.Combine(root, Path.GetRelativePath(examples, f));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(f, copy, overwrite: true);
        }
        string dir = Path.GetDirectoryName(Path.Combine(root, reader.Example.Length > 0 ? reader.Example : "x"))!;

        var rng = new Random(20261202 ^ kind.GetHashCode(StringComparison.Ordinal) & 0x7fffffff);
        int loaded = 0, refused = 0;
        for (int i = 0; i < Cases; i++)
        {
            string text = Mutate(original, rng, i);
            string path = Path.Combine(dir, $"case{i}{reader.Extension}");
            File.WriteAllText(path, text);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            try
            {
                reader.Load(path);
                loaded++;
            }
            catch (PhotonicException pe)
            {
                refused++;
                Assert.True(pe.Message.Contains($"case{i}{reader.Extension}", StringComparison.Ordinal),
                            $"{kind} case {i}: the error does not name the file: {pe.Message}\n--- text ---\n{text}");
            }
            catch (Exception e)
            {
                Assert.Fail($"{kind} case {i}: {e.GetType().Name} escaped: {e.Message}\n{e.StackTrace}\n--- text ---\n{text}");
            }
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"{kind} case {i}: took {clock.Elapsed.TotalSeconds:F1} s\n--- text ---\n{text}");
        }
        output.WriteLine($"{kind}: {loaded} mutations loaded, {refused} refused with a located error");
        Assert.True(refused > Cases / 4, "the mutations should break most files; the generator is too gentle");
    }

    private const int Cases = 150;

    private static readonly string[] Insertions =
    [
        ":", "{", "}", "[", "]", ",", "&a ", "*a", "*b", "#", "!", "|", ">", "'", "\"", "\n", "  ", "- ", "? ", "\t", "\0",
        "-", "e", "9", ".", "x", "NaN", ".nan", ".inf", "1e400", "-1", "0", "1,5", "\u00b5", "<<: *a\n",
    ];

    /// <summary>One mutation of the text (the index picks the kind, so every kind is exercised).</summary>
    private static string Mutate(string text, Random rng, int index)
    {
        int at = rng.Next(text.Length + 1);
        switch (index % 6)
        {
            case 0: return text[..at]; // cut short, as by a full disk or a killed writer
            case 1: return at < text.Length ? text.Remove(at, Math.Min(text.Length - at, 1 + rng.Next(8))) : text + "\n";
            case 2: return text.Insert(at, Insertions[rng.Next(Insertions.Length)]);
            case 3:
            {
                var lines = text.Split('\n').ToList();
                int l = rng.Next(lines.Count);
                lines.Insert(l, lines[l]); // a doubled line: duplicate keys, repeated rows
                return string.Join('\n', lines);
            }
            case 4:
            {
                // Replace a number with something that is not a finite number.
                var m = System.Text.RegularExpressions.Regex.Matches(text, @"-?\d+(\.\d+)?(e-?\d+)?");
                if (m.Count == 0) return text + "\n:";
                var pick = m[rng.Next(m.Count)];
                string[] bad = ["NaN", ".nan", "1e400", "-1e400", "Infinity", "ten", "1,5", "", "0x10", "1e-400", "-0"];
                return text[..pick.Index] + bad[rng.Next(bad.Length)] + text[(pick.Index + pick.Length)..];
            }
            default:
            {
                // Several mutations at once.
                string t = text;
                for (int k = 0; k < 3; k++) t = Mutate(t, rng, 1 + rng.Next(4));
                return t;
            }
        }
    }
}
