using PhotonicSolver.Kernels;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace PhotonicSolver.Tests.Backends;

/// <summary>
/// Binds an abstract test class to a device backend (ILGPU's per-accelerator test pattern): put it on the binding
/// subclass (<c>[RequiresDevice("cuda")]</c>) and mark the abstract class's tests <see cref="BackendFactAttribute"/> /
/// <see cref="BackendTheoryAttribute"/>. Where the device is absent every test of the binding is reported skipped with
/// the reason (driver missing, no device), never silently passed.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class RequiresDeviceAttribute(string backend) : Attribute
{
    public string Backend { get; } = backend;
}

/// <summary>A <see cref="FactAttribute"/> that is skipped when its binding's device is absent.</summary>
[XunitTestCaseDiscoverer("PhotonicSolver.Tests.Backends.BackendFactDiscoverer", "PhotonicSolver.Tests")]
public sealed class BackendFactAttribute : FactAttribute;

/// <summary>A <see cref="TheoryAttribute"/> that is skipped when its binding's device is absent.</summary>
[XunitTestCaseDiscoverer("PhotonicSolver.Tests.Backends.BackendTheoryDiscoverer", "PhotonicSolver.Tests")]
public sealed class BackendTheoryAttribute : TheoryAttribute;

/// <summary>Why a device backend cannot run here (null when it can); probed once per process.</summary>
public static class DeviceAvailability
{
    private static readonly Lazy<IReadOnlyList<string>> Available = new(BackendFactory.AvailableNames);

    public static string? SkipReason(string backend) =>
        Available.Value.Contains(backend) ? null
            : $"backend '{backend}' is not available on this machine (available: {string.Join(", ", Available.Value)}); " +
              "run the suite on a machine with the device to check it";

    internal static string? SkipReason(ITestMethod method)
    {
        var binding = method.TestClass.Class.GetCustomAttributes(typeof(RequiresDeviceAttribute)).FirstOrDefault();
        return binding?.GetConstructorArguments().FirstOrDefault() is string backend ? SkipReason(backend) : null;
    }
}

public sealed class BackendFactDiscoverer(IMessageSink sink) : FactDiscoverer(sink)
{
    private readonly IMessageSink _sink = sink;

    public override IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions options, ITestMethod method, IAttributeInfo fact)
        => DeviceAvailability.SkipReason(method) is { } reason
            ? [new XunitSkippedDataRowTestCase(_sink, options.MethodDisplayOrDefault(), options.MethodDisplayOptionsOrDefault(), method, reason)]
            : base.Discover(options, method, fact);
}

public sealed class BackendTheoryDiscoverer(IMessageSink sink) : TheoryDiscoverer(sink)
{
    private readonly IMessageSink _sink = sink;

    public override IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions options, ITestMethod method, IAttributeInfo theory)
        => DeviceAvailability.SkipReason(method) is { } reason
            ? [new XunitSkippedDataRowTestCase(_sink, options.MethodDisplayOrDefault(), options.MethodDisplayOptionsOrDefault(), method, reason)]
            : base.Discover(options, method, theory);
}
