using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;

namespace PhotonicSolver.Tests.Backends;

/// <summary>
/// One ILGPU context with a CPU accelerator, shared by every test of the <see cref="IlgpuCollection"/>: creating
/// contexts and compiling the kernel once keeps the ILGPU tests fast. The PTX and OpenCL compile tests use the
/// same context (code generation needs no device).
/// </summary>
public sealed class IlgpuFixture : IDisposable
{
    public Context Context { get; }
    public Accelerator CpuAccelerator { get; }

    public IlgpuFixture()
    {
        Context = Context.Create(b => b.CPU().EnableAlgorithms());
        CpuAccelerator = Context.CreateCPUAccelerator(0);
    }

    public void Dispose()
    {
        CpuAccelerator.Dispose();
        Context.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class IlgpuCollection : ICollectionFixture<IlgpuFixture>
{
    public const string Name = "ILGPU";
}
