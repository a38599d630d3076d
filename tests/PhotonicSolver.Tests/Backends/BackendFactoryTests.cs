using PhotonicSolver.Kernels;

namespace PhotonicSolver.Tests.Backends;

/// <summary>Backend selection by name, and the device report of `photonic devices`.</summary>
public sealed class BackendFactoryTests
{
    [Fact]
    public void CpuIsAlwaysAvailable()
    {
        using var backend = BackendFactory.Create("cpu");
        Assert.Equal("cpu", backend.Name);
        Assert.Contains("cpu", BackendFactory.AvailableNames());
        Assert.Contains("ilgpu-cpu", BackendFactory.AvailableNames());
    }

    [Fact]
    public void IlgpuCpuCreatesItsOwnContext()
    {
        using var backend = BackendFactory.Create("ILGPU-CPU");
        Assert.Equal("ilgpu-cpu", backend.Name);
        Assert.StartsWith("ilgpu-cpu: ", backend.Description);
    }

    [Fact]
    public void MissingCudaThrowsNamingCudaAndTheAlternatives()
    {
        if (BackendFactory.AvailableNames().Contains("cuda"))
        {
            // A machine with a CUDA device: the same request must succeed instead.
            using var cuda = BackendFactory.Create("cuda");
            Assert.Equal("cuda", cuda.Name);
            return;
        }
        var e = Assert.Throws<PhotonicException>(() => BackendFactory.Create("cuda"));
        Assert.Contains("CUDA", e.Message);
        Assert.Contains("available backends: cpu, ilgpu-cpu", e.Message);
    }

    [Fact]
    public void MissingOpenCLThrowsAPhotonicException()
    {
        if (BackendFactory.AvailableNames().Contains("opencl")) return; // covered by the agreement tests on such a machine
        var e = Assert.Throws<PhotonicException>(() => BackendFactory.Create("opencl"));
        Assert.Contains("OpenCL", e.Message);
    }

    [Fact]
    public void UnknownNameListsTheValidOnes()
    {
        var e = Assert.Throws<PhotonicException>(() => BackendFactory.Create("tpu"));
        Assert.Contains("'tpu'", e.Message);
        Assert.Contains("auto, cpu, cuda, opencl, ilgpu-cpu", e.Message);
    }

    [Fact]
    public void AutoPrefersCudaThenOpenCLThenCpu()
    {
        var available = BackendFactory.AvailableNames();
        string expected = available.Contains("cuda") ? "cuda" : available.Contains("opencl") ? "opencl" : "cpu";
        var passedOver = new List<string>();
        using var backend = BackendFactory.Create("auto", passedOver.Add);
        Assert.Equal(expected, backend.Name);
        if (expected == "cpu") Assert.Equal(2, passedOver.Count);
    }

    [Fact]
    public void DescribeListsEveryBackendKind()
    {
        var lines = BackendFactory.Describe();
        Assert.Contains(lines, l => l.StartsWith("cpu: ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("ilgpu-cpu: ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("cuda: ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("opencl: ", StringComparison.Ordinal));
    }
}
