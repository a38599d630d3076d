using System.Globalization;
using PhotonicSolver.Backends;
using PhotonicSolver.DataModels;
using PhotonicSolver.Numerics;
using PhotonicSolver.Sweep;
using PhotonicSolver.Tests.Cli;

namespace PhotonicSolver.Tests.DataModels;

/// <summary>
/// Touchstone written by `photonic export` read by an independent reader: scikit-rf under Debian's
/// /usr/bin/python3 (package python3-scikit-rf, installed by .ci/run; skipped elsewhere without it).
/// </summary>
public class ScikitRfRoundTripTests
{
    /// <summary>Runs a Python snippet under Debian's python3 (the test is skipped without scikit-rf, except in CI).</summary>
    private static string RunPython(string script)
    {
        string python = Requires.Tool(Requires.ScikitRf);
        var (code, stdout, stderr) = Requires.Run(python, ["-c", script]);
        Assert.True(code == 0, $"python failed:\n{stderr}");
        return stdout;
    }

    private static double D(string s) => double.Parse(s, CultureInfo.InvariantCulture);

    [ToolFact(Requires.ScikitRf)]
    public void ScikitRfReadsTheExportedRingS4p()
    {
        string path = CliRunner.TempFile("ring.s4p");
        var (code, _, err) = CliRunner.Run("export", CliRunner.Example("ring_add_drop.yaml"), "--wl", "1.549:1.551:41", "--format", "touchstone", "--out", path);
        Assert.True(code == 0, err);
        // skrf's frequencies and every S[i,j] (its 0-based port order = the netlist's port order), one line per frequency.
        string output = RunPython($$"""
            import skrf
            n = skrf.Network(r'{{path}}')
            assert n.s.shape == (41, 4, 4), n.s.shape
            for k in range(len(n.f)):
                print(repr(n.f[k]), ' '.join(repr(v.real) + ' ' + repr(v.imag) for v in n.s[k].flatten()))
            """);
        // Only the data lines (skrf may print a note about matplotlib).
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => char.IsDigit(l[0])).ToArray();
        Assert.Equal(41, lines.Length);

        var circuit = PhotonicSolver.Cli.Commands.CommonOptions.LoadCircuit(CliRunner.Example("ring_add_drop.yaml"));
        var data = CircuitSParameters.Compute(circuit, SweepAxis.Linear("wl", 1.549, 1.551, 41), new CpuBackend(1));
        for (int k = 0; k < 41; k++)
        {
            var v = lines[k].Split(' ').Select(D).ToArray();
            // Increasing frequency = decreasing wavelength: skrf's row k is our point 40 − k.
            int p = 40 - k;
            Assert.Equal(SParameterData.FrequencyHz(data.WavelengthsUm[p]), v[0], 1e-3); // Hz, written with 17 digits
            for (int o = 0; o < 4; o++)
                for (int i = 0; i < 4; i++)
                {
                    // Written in the engineering convention: skrf holds conj(S), digit for digit.
                    Cx expected = data.S[p][o, i].Conj;
                    Assert.Equal(expected.Re, v[1 + 2 * (4 * o + i)]);
                    Assert.Equal(expected.Im, v[2 + 2 * (4 * o + i)]);
                }
        }
    }

    [ToolFact(Requires.ScikitRf, Requires.Numpy)]
    public void ScikitRfSeesTheGroupDelayOfAStraight()
    {
        // neff(λ) is linear in λ, so the phase 2π·neff·L/λ is exactly linear in ω with slope ng·L/c:
        // the group delay of a 1 mm guide with ng = 4.2 is 14.01 ps at every frequency.
        string netlist = CliRunner.TempFile("wg.yaml", """
            instances:
              wg: {component: straight, settings: {length: 1000, neff: 2.4, ng: 4.2, wl0: 1.55, loss_dB_cm: 2}}
            ports:
              a: wg,o1
              b: wg,o2
            """);
        string path = Path.ChangeExtension(netlist, ".s2p");
        var (code, _, err) = CliRunner.Run("export", netlist, "--wl", "1.54:1.56:201", "--freq-unit", "GHz", "--out", path);
        Assert.True(code == 0, err);
        string output = RunPython($$"""
            import skrf, numpy
            n = skrf.Network(r'{{path}}')
            gd = n.s21.group_delay.flatten()
            print(repr(float(numpy.min(gd))), repr(float(numpy.max(gd))), repr(float(abs(n.s[0, 1, 0]) ** 2)))
            """);
        var v = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Last(l => char.IsDigit(l[0])).Split(' ').Select(D).ToArray();
        double tau = 4.2 * 1000e-6 / SParameterData.SpeedOfLight;
        // Finite differences of a phase that is linear in ω are exact up to rounding of ~1e4 rad phases (1e-12 rad).
        Assert.Equal(tau, v[0], tau * 1e-6);
        Assert.Equal(tau, v[1], tau * 1e-6);
        // 2 dB/cm over 1 mm: 0.2 dB.
        Assert.Equal(Math.Pow(10, -0.02), v[2], 1e-12);
    }
}
