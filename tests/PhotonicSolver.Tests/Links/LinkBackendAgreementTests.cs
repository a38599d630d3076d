using PhotonicSolver.Backends;
using PhotonicSolver.Kernels;
using PhotonicSolver.Links;
using PhotonicSolver.Tests.Backends;
using PhotonicSolver.Tests.Cli;

namespace PhotonicSolver.Tests.Links;

/// <summary>
/// A link evaluated by the ILGPU kernel (on ILGPU's CPU accelerator) gives the CPU reference's received powers.
/// Tolerance: fp64 agreement between backends is 1e-12 of |S| (CONVENTIONS); |S|² then agrees to 2e-12 of the
/// largest |S|², and 3e-12 leaves room for the squaring's own rounding.
/// </summary>
[Collection(IlgpuCollection.Name)]
public sealed class LinkBackendAgreementTests(IlgpuFixture fixture)
{
    [Fact]
    public void CoPackagedRingReceiverAgreesWithTheCpuReference()
    {
        var circuit = PhotonicSolver.Api.Circuit.Load(CliRunner.Example(Path.Combine("links", "ring_receiver.yaml")));
        var source = LaserSource.Load(CliRunner.Example(Path.Combine("links", "dfb_laser.yaml")));
        var link = new OpticalLink(circuit, source, "fiber", "drop");
        var scenarios = LinkScenario.CoPackaged(Enumerable.Range(0, 12).Select(i => 20 + 8.0 * i), [45, 60]);
        LinkResult expected, actual;
        using (var cpu = new CpuBackend()) expected = link.Evaluate(scenarios, cpu);
        using (var gpu = new IlgpuBackend(fixture.CpuAccelerator)) actual = link.Evaluate(scenarios, gpu);
        double largest = expected.ChipTransmission.Max();
        Assert.True(largest > 0.1);   // the aligned scenarios pass the ring: a real comparison, not of zeros
        for (int k = 0; k < scenarios.Count; k++)
        {
            Assert.Equal(expected.ChipTransmission[k], actual.ChipTransmission[k], 3e-12 * largest);
            Assert.Equal(expected.ReceivedPowerMw[k], actual.ReceivedPowerMw[k], 3e-12 * largest * expected.LaserPowerMw.Max());
        }
        Assert.Equal(12, actual.GridPoints);   // 12 co-packaged temperatures: 12 zipped (T, λ) points, not 12²
    }
}
