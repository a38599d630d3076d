using PhotonicSolver.Backends;
using PhotonicSolver.Kernels;
using PhotonicSolver.Materials;
using PhotonicSolver.Sweep;
using PhotonicSolver.Tests.Backends;
using PhotonicSolver.Tmm;

namespace PhotonicSolver.Tests.Tmm;

/// <summary>
/// Thin films and gratings on the ILGPU backends (here ILGPU's CPU accelerator; the same kernels compile to PTX and
/// OpenCL in KernelCompileTests) against the CPU reference. Tolerance 1e-12 (CONVENTIONS, fp64 backend
/// agreement): both run the same ThinFilm/BraggGrating code, differing at most by FMA contraction, one rounding
/// per operation over a few hundred operations on O(1) quantities.
/// </summary>
[Collection(IlgpuCollection.Name)]
public sealed class TmmBackendTests(IlgpuFixture fixture)
{
    [Fact]
    public void ThinFilmKernelAgreesWithCpu()
    {
        var stack = new FilmStack(MaterialLibrary.Air,
            [new FilmLayer(MaterialLibrary.Si3N4, 0.2), new FilmLayer(new ConstantMaterial("abs", 2.0, 0.3), 0.05), new FilmLayer(MaterialLibrary.SiO2, 0.3)],
            MaterialLibrary.Si);
        var spec = new TmmSweepSpec(stack, SweepAxis.Linear("wl", 1.3, 1.7, 13), SweepAxis.List("angle", [0, 45]), [Polarization.S, Polarization.P],
            [(LayerParameter.Parse("layer3.d", stack), SweepAxis.List("layer3.d", [0.25, 0.35]))]);
        var cpu = TmmSweep.RunToArray(spec, allowSimd: false);
        var gpu = new TmmPoint[spec.PointCount];
        using var device = new IlgpuTmmDevice(fixture.CpuAccelerator);
        TmmSweep.Run(spec, (s, c, r) => Array.Copy(r, 0, gpu, s, c), device, chunkPoints: 40);
        for (int i = 0; i < cpu.Length; i++)
        {
            Assert.True((cpu[i].Reflection - gpu[i].Reflection).Abs < 1e-12, $"point {i}");
            Assert.True((cpu[i].Transmission - gpu[i].Transmission).Abs < 1e-12, $"point {i}");
            Assert.Equal(cpu[i].Transmittance, gpu[i].Transmittance, 1e-12);
            Assert.Equal(cpu[i].Absorptance, gpu[i].Absorptance, 1e-12);
        }
    }

    [Fact]
    public void IncoherentStacksStayOnTheCpu()
    {
        var stack = new FilmStack(MaterialLibrary.Air, [new FilmLayer(MaterialLibrary.BK7, 1000, coherent: false)], MaterialLibrary.Air);
        var spec = new TmmSweepSpec(stack, SweepAxis.List("wl", [0.6]), SweepAxis.List("angle", [0]), [Polarization.S]);
        using var device = new IlgpuTmmDevice(fixture.CpuAccelerator);
        var e = Assert.Throws<PhotonicException>(() => TmmSweep.Run(spec, (_, _, _) => { }, device));
        Assert.Contains("cpu", e.Message);
    }

    /// <summary>A grating cavity (apodized, chirped, phase-shifted, sampled, lossy pieces) through the generic plan kernel.</summary>
    [Fact]
    public void GratingCircuitAgreesWithCpu()
    {
        var c = new TestCircuits.Builder()
            .Add("g1", "bragg_grating", ("kappa", 0.02), ("length", 120), ("sections", 20), ("apodization", 1), ("chirp_nm", 2), ("loss_dB_cm", 3))
            .Add("gap", "straight", ("length", 30))
            .Add("g2", "bragg_grating", ("kappa", 0.02), ("length", 120), ("sections", 21), ("phase_shift", 2.0), ("sample_period", 25), ("apodization", 2))
            .Connect("g1,o2", "gap,o1").Connect("gap,o2", "g2,o1")
            .Port("in", "g1,o1").Port("out", "g2,o2")
            .Build();
        var sweep = new SweepSpec([SweepAxis.List("temperature", [25, 60]), SweepAxis.Linear("wl", 1.545, 1.555, 31)]);
        var cpu = TestCircuits.Solve(c, sweep);
        using var backend = new IlgpuBackend(fixture.CpuAccelerator);
        var gpu = CircuitChecks.SolveWithStatus(c, sweep, backend).S;
        for (int p = 0; p < cpu.Length; p++)
            for (int o = 0; o < 2; o++)
                for (int i = 0; i < 2; i++)
                    Assert.True((cpu[p][o, i] - gpu[p][o, i]).Abs < 1e-12, $"point {p} S[{o},{i}]: {cpu[p][o, i]} vs {gpu[p][o, i]}");
    }

    [Fact]
    public void TmmCommandOnIlgpuCpuMatchesCpu()
    {
        var a = Cli.CliRunner.Run("tmm", Cli.CliRunner.Example("tmm/bragg_mirror.yaml"), "--wl", "1.4:1.7:7", "--pol", "both", "--out", "-");
        var b = Cli.CliRunner.Run("tmm", Cli.CliRunner.Example("tmm/bragg_mirror.yaml"), "--wl", "1.4:1.7:7", "--pol", "both", "--backend", "ilgpu-cpu", "--out", "-");
        Assert.Equal(0, a.Code); Assert.Equal(0, b.Code);
        var ra = a.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var rb = b.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(ra.Length, rb.Length);
        for (int i = 1; i < ra.Length; i++)
        {
            var x = ra[i].Split(','); var y = rb[i].Split(',');
            for (int k = 3; k < x.Length; k++)
                Assert.Equal(double.Parse(x[k], System.Globalization.CultureInfo.InvariantCulture), double.Parse(y[k], System.Globalization.CultureInfo.InvariantCulture), 1e-12);
        }
    }
}
