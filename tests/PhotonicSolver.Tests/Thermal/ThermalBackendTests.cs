using PhotonicSolver.Backends;
using PhotonicSolver.Kernels;
using PhotonicSolver.Sweep;
using PhotonicSolver.Tests.Backends;
using PhotonicSolver.Thermal;

namespace PhotonicSolver.Tests.Thermal;

/// <summary>Batched thermal scenarios run on the ILGPU kernel (CPU accelerator) as on the CPU reference.</summary>
[Collection(IlgpuCollection.Name)]
public sealed class ThermalBackendTests(IlgpuFixture fixture)
{
    [Fact]
    public void ThermalScenariosAgreeBetweenBackends()
    {
        // A ring on a chip node, ambient × ASIC power × ring heater, over 101 wavelengths, on both backends.
        var c = TestCircuits.AllPassRing(0.1, 60, 2);
        c.Instances[1].Settings[5] = 1.86e-4;
        var heaters = HeaterArray.WithoutCrosstalk([new Heater("h", 0, RthKPerMw: 2)], [new HeatedSection("ring")]);
        var drive = new ThermalDrive(c, new Dictionary<string, IReadOnlyList<string>> { ["chip"] = ["*"] }, heaters);
        var net = new ThermalNetwork().AddNode("asic", 5).AddNode("chip", 1)
            .AddLink("asic", "ambient", 0.2).AddLink("asic", "chip", 2).AddLink("chip", "ambient", 10);
        PowerProfile[] profiles = [new("idle", new Dictionary<string, double> { ["asic"] = 50 }), new("busy", new Dictionary<string, double> { ["asic"] = 200 })];
        HeaterSetting[] settings = [new("off", new Dictionary<string, double>()), new("on", new Dictionary<string, double> { ["h"] = 4 })];
        var wl = SweepAxis.Linear("wl", 1.545, 1.555, 101);
        var cpu = ThermalScenarios.Run(net, drive, [0, 40, 80], profiles, settings, wl, new CpuBackend());
        using var ilgpu = new IlgpuBackend(fixture.CpuAccelerator);
        var gpu = ThermalScenarios.Run(net, drive, [0, 40, 80], profiles, settings, wl, ilgpu);
        Assert.Equal(cpu.Optics.Values.Length, gpu.Optics.Values.Length);
        for (int i = 0; i < cpu.Optics.Values.Length; i++)
        {
            var a = cpu.Optics.Values[i]; var b = gpu.Optics.Values[i];
            // CONVENTIONS: fp64 agreement between backends ≤ 1e-12 relative (|S| ≤ 1 here).
            Assert.True((a - b).Abs <= 1e-12 * Math.Max(1, a.Abs), $"value {i}: {a.Re},{a.Im} vs {b.Re},{b.Im}");
        }
    }
}
