using PhotonicSolver.Backends;
using PhotonicSolver.Kernels;
using PhotonicSolver.Materials;
using PhotonicSolver.Sweep;
using PhotonicSolver.Tests.Backends;
using PhotonicSolver.Tmm;

namespace PhotonicSolver.Tests.Tmm;

/// <summary>
/// Thin-film agreement written once and bound per backend (ILGPU's pattern): the managed CPU path (TmmSweep with no
/// device: Vector512 lanes where available) is the reference; each binding supplies the device under test. cpu binds
/// the scalar managed path, ilgpu-cpu the kernel on ILGPU's CPU accelerator, cuda and opencl the kernel on a device
/// (skipped with the reason where absent). Tolerance 1e-12 (CONVENTIONS, fp64 backend agreement): the same ThinFilm code
/// runs everywhere, differing at most by FMA contraction over a few hundred operations on O(1) quantities.
/// </summary>
public abstract class TmmAgreementTests : IDisposable
{
    private readonly List<IDisposable> _owned = [];

    /// <summary>The device under test; null runs the managed scalar path (allowSimd: false).</summary>
    protected abstract ITmmDevice? CreateDevice();

    protected T Own<T>(T d) where T : IDisposable { _owned.Add(d); return d; }

    public void Dispose() { foreach (var d in _owned) d.Dispose(); }

    [BackendFact]
    public void AbsorbingStackInBothPolarizationsAndAngles()
    {
        var stack = new FilmStack(MaterialLibrary.Air,
            [new FilmLayer(MaterialLibrary.Si3N4, 0.2), new FilmLayer(new ConstantMaterial("abs", 2.0, 0.3), 0.05), new FilmLayer(MaterialLibrary.SiO2, 0.3)],
            MaterialLibrary.Si);
        var spec = new TmmSweepSpec(stack, SweepAxis.Linear("wl", 1.3, 1.7, 57), SweepAxis.List("angle", [0, 30, 60]), [Polarization.S, Polarization.P]);
        var reference = TmmSweep.RunToArray(spec);
        var device = CreateDevice();
        var actual = new TmmPoint[spec.PointCount];
        TmmSweep.Run(spec, (s, c, r) => Array.Copy(r, 0, actual, s, c), device, chunkPoints: 64, allowSimd: false);
        for (int i = 0; i < reference.Length; i++)
        {
            Assert.True((reference[i].Reflection - actual[i].Reflection).Abs < 1e-12, $"point {i}: r {reference[i].Reflection} vs {actual[i].Reflection}");
            Assert.True((reference[i].Transmission - actual[i].Transmission).Abs < 1e-12, $"point {i}: t");
        }
        // A real comparison: the stack reflects and absorbs, differently at each point.
        Assert.True(reference.Max(p => p.Reflection.Abs) > 0.1 && reference.Min(p => p.Reflection.Abs) < reference.Max(p => p.Reflection.Abs));
    }
}

public sealed class CpuTmmAgreementTests : TmmAgreementTests
{
    protected override ITmmDevice? CreateDevice() => null;
}

[Collection(IlgpuCollection.Name)]
public sealed class IlgpuCpuTmmAgreementTests(IlgpuFixture fixture) : TmmAgreementTests
{
    protected override ITmmDevice? CreateDevice() => Own(new IlgpuTmmDevice(fixture.CpuAccelerator));
}

[RequiresDevice("cuda")]
public sealed class CudaTmmAgreementTests : TmmAgreementTests
{
    protected override ITmmDevice? CreateDevice() => Own(new IlgpuTmmDevice(((IlgpuBackend)Own(BackendFactory.Create("cuda"))).Accelerator));
}

[RequiresDevice("opencl")]
public sealed class OpenClTmmAgreementTests : TmmAgreementTests
{
    protected override ITmmDevice? CreateDevice() => Own(new IlgpuTmmDevice(((IlgpuBackend)Own(BackendFactory.Create("opencl"))).Accelerator));
}
