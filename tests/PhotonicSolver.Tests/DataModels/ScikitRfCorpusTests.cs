using System.Diagnostics;
using System.Globalization;
using PhotonicSolver.DataModels;
using PhotonicSolver.IO;

namespace PhotonicSolver.Tests.DataModels;

/// <summary>
/// A fact that needs Debian's /usr/bin/python3 with scikit-rf (python3-scikit-rf). Without it the test is skipped
/// with the reason, unless CI=true, where a missing tool is a failure (the test then runs and says what is missing).
/// </summary>
public sealed class ScikitRfFactAttribute : FactAttribute
{
    public const string Python = "/usr/bin/python3";

    private static readonly Lazy<string?> Missing = new(() =>
    {
        if (!File.Exists(Python)) return $"{Python} is missing: install python3 and python3-scikit-rf (Debian)";
        try
        {
            var psi = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            psi.ArgumentList.Add("-c");
            psi.ArgumentList.Add("import skrf");
            using var p = Process.Start(psi)!;
            p.WaitForExit(60_000);
            return p.ExitCode == 0 ? null : $"scikit-rf is not installed for {Python}: apt-get install python3-scikit-rf";
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return $"{Python} cannot run: {e.Message}";
        }
    });

    public ScikitRfFactAttribute()
    {
        if (Missing.Value is { } why && Environment.GetEnvironmentVariable("CI") != "true") Skip = why;
    }
}

/// <summary>
/// Every Touchstone file that scikit-rf ships (Debian's python3-scikit-rf: skrf/data, skrf/tests, skrf/media/tests…,
/// found at test time) is read here and by scikit-rf itself. Each one either loads with the same frequencies and
/// S-parameters to 1e-12, or is refused with a precise reason (Z/Y/H/G or mixed-mode data). The files are written by
/// HFSS, CST, ANSYS Designer, Qucs, Agilent and R&amp;S analysers, so this is a corpus of several tools' writers.
/// </summary>
public class ScikitRfCorpusTests
{
    private static string RunPython(string script)
    {
        var psi = new ProcessStartInfo(ScikitRfFactAttribute.Python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(script);
        psi.Environment["MPLBACKEND"] = "Agg";
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        Assert.True(p.WaitForExit(120_000), "python did not finish in 120 s");
        Assert.True(p.ExitCode == 0, $"python failed:\n{stderr.Result}");
        return stdout.Result;
    }

    private static double D(string s) => double.Parse(s, CultureInfo.InvariantCulture);

    /// <summary>Reasons a file may be refused: each names what the file holds that has no optical S-matrix.</summary>
    private static readonly string[] AcceptedRefusals =
    [
        "only S-parameters can be read", "mixed-mode", "cannot tell the number of ports",
        // Touchstone requires strictly increasing frequencies; scikit-rf keeps a repeated one (ntwk_noise.s2p), we
        // refuse it with the line, since two values at one wavelength have no interpolation.
        "frequencies must increase",
    ];

    [ScikitRfFact]
    public void EveryTouchstoneFileScikitRfShips_LoadsWithItsNumbers_OrIsRefusedWithAReason()
    {
        // scikit-rf lists its own files and prints, per file: "FILE <path>", then "F <f> <re> <im> ..." per frequency
        // (S row by row), or "SKIP <reason>" when scikit-rf itself cannot read it.
        string output = RunPython("""
            import os, glob, skrf
            root = os.path.dirname(skrf.__file__)
            files = sorted(set(glob.glob(os.path.join(root, '**', '*.[sS]*[pP]'), recursive=True) +
                               glob.glob(os.path.join(root, '**', '*.ts'), recursive=True)))
            import re
            for path in files:
                if not re.search(r'\.(s\d+p|ts)$', path, re.I):
                    continue
                print('FILE', path)
                try:
                    n = skrf.Network(path)
                except Exception as e:
                    print('SKIP', type(e).__name__, str(e).replace('\n', ' ')[:200])
                    continue
                for k in range(len(n.f)):
                    print('F', repr(float(n.f[k])), ' '.join(repr(float(v.real)) + ' ' + repr(float(v.imag)) for v in n.s[k].flatten()))
            """);
        var files = new List<(string Path, List<double[]> Records, string? Skip)>();
        foreach (var line in output.Split('\n'))
        {
            if (line.StartsWith("FILE ")) files.Add((line[5..].Trim(), [], null));
            else if (line.StartsWith("SKIP ")) files[^1] = (files[^1].Path, files[^1].Records, line[5..]);
            else if (line.StartsWith("F ")) files[^1].Records.Add(line[2..].Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(D).ToArray());
        }
        Assert.True(files.Count >= 20, $"only {files.Count} Touchstone files found in scikit-rf; is python3-scikit-rf complete?");

        int loaded = 0, refused = 0;
        var report = new List<string>();
        foreach (var (path, records, skip) in files)
        {
            SParameterData data;
            try
            {
                data = Touchstone.Read(path);
            }
            catch (PhotonicException e)
            {
                // Refused: the message must name the file and an accepted reason (or scikit-rf could not read it either).
                Assert.Contains(path, e.Message);
                Assert.True(skip is not null || AcceptedRefusals.Any(r => e.Message.Contains(r)), $"{path}: refused without an accepted reason: {e.Message}");
                report.Add($"refused {Path.GetFileName(path)}: {e.Message}");
                refused++;
                continue;
            }
            if (skip is not null)
            {
                // scikit-rf itself fails on it (Debian's 0.15 trips over numpy.complex on some files): nothing to compare.
                report.Add($"not compared {Path.GetFileName(path)}: scikit-rf cannot read it ({skip})");
                continue;
            }
            // Our points are in increasing wavelength (decreasing frequency); records at f = 0 are skipped with a note.
            var positive = records.Where(r => r[0] > 0).ToList();
            Assert.Equal(positive.Count, data.WavelengthsUm.Length);
            int n = data.PortCount;
            for (int k = 0; k < positive.Count; k++)
            {
                var r = positive[k];
                int p = positive.Count - 1 - k;
                // Frequency → wavelength → frequency loses a few ulps: 1e-12 relative.
                Assert.Equal(r[0], SParameterData.FrequencyHz(data.WavelengthsUm[p]), r[0] * 1e-12);
                for (int o = 0; o < n; o++)
                    for (int i = 0; i < n; i++)
                    {
                        // Files without our phase-convention marker are read in the engineering convention: scikit-rf's
                        // S is the conjugate of ours. Both sides convert MA/DB with fp64 sin/cos/pow: 1e-12 relative.
                        var v = data.S[p][o, i].Conj;
                        double re = r[1 + 2 * (n * o + i)], im = r[2 + 2 * (n * o + i)];
                        double tol = 1e-12 * Math.Max(1, Math.Sqrt(re * re + im * im));
                        Assert.True(Math.Abs(v.Re - re) <= tol && Math.Abs(v.Im - im) <= tol,
                                    $"{path}: f = {r[0]} Hz, S[{o + 1},{i + 1}] = {v.Re} {v.Im}, scikit-rf {re} {im}");
                    }
            }
            loaded++;
        }
        Assert.True(loaded >= 20, $"only {loaded} files loaded and compared:\n{string.Join("\n", report)}");
        // Visible in the test log: what was refused or not compared, and why.
        Console.WriteLine($"scikit-rf corpus: {loaded} files agree to 1e-12, {refused} refused with a reason\n{string.Join("\n", report)}");
    }
}
