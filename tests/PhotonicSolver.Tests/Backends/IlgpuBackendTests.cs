using PhotonicSolver.Circuit;
using PhotonicSolver.Kernels;
using PhotonicSolver.Numerics;

namespace PhotonicSolver.Tests.Backends;

/// <summary>What is specific to <see cref="IlgpuBackend"/>: naming, buffer checks, reuse of a prepared plan.</summary>
[Collection(IlgpuCollection.Name)]
public sealed class IlgpuBackendTests(IlgpuFixture fixture)
{
    [Fact]
    public void IsNamedAfterItsAccelerator()
    {
        using var backend = new IlgpuBackend(fixture.CpuAccelerator);
        Assert.Equal("ilgpu-cpu", backend.Name);
        Assert.StartsWith("ilgpu-cpu: ", backend.Description);
    }

    [Fact]
    public void BorrowedAcceleratorOutlivesTheBackend()
    {
        new IlgpuBackend(fixture.CpuAccelerator).Dispose();
        using var again = new IlgpuBackend(fixture.CpuAccelerator);
        using var prepared = again.Prepare(PlanCompiler.Compile(TestCircuits.Mzi(10, 20), TestCircuits.Wavelengths(1.5, 1.6, 3)));
        var outputs = new Cx[3 * prepared.Plan.Layout.NumOutputs];
        prepared.Evaluate(0, 3, outputs, new int[3]);
        Assert.All(outputs, z => Assert.False(double.IsNaN(z.Re)));
    }

    [Fact]
    public void RejectsBuffersTooSmallForTheChunk()
    {
        using var backend = new IlgpuBackend(fixture.CpuAccelerator);
        using var prepared = backend.Prepare(PlanCompiler.Compile(TestCircuits.Mzi(10, 20), TestCircuits.Wavelengths(1.5, 1.6, 10)));
        int k = prepared.Plan.Layout.NumOutputs;
        Assert.Throws<ArgumentException>(() => prepared.Evaluate(0, 10, new Cx[10 * k - 1], new int[10]));
        Assert.Throws<ArgumentException>(() => prepared.Evaluate(0, 10, new Cx[10 * k], new int[9]));
        prepared.Evaluate(0, 0, [], []); // an empty chunk is a no-op
    }

    [Fact]
    public void APreparedPlanEvaluatesSuccessiveChunks()
    {
        // The sweep evaluated in three calls must equal the sweep evaluated at once (buffers are reused and grown).
        var plan = PlanCompiler.Compile(TestCircuits.AddDropRing(0.1, 0.2, 60, 3), TestCircuits.Wavelengths(1.54, 1.56, 250));
        int k = plan.Layout.NumOutputs;
        using var backend = new IlgpuBackend(fixture.CpuAccelerator);
        using var prepared = backend.Prepare(plan);
        var whole = new Cx[250 * k];
        prepared.Evaluate(0, 250, whole, new int[250]);
        var parts = new Cx[250 * k];
        foreach (var (start, count) in new[] { (0, 10), (10, 200), (210, 40) })
        {
            var chunk = new Cx[count * k];
            prepared.Evaluate(start, count, chunk, new int[count]);
            Array.Copy(chunk, 0, parts, start * k, count * k);
        }
        Assert.Equal(whole, parts);
    }
}
