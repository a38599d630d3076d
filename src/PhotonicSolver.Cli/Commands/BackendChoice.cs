using PhotonicSolver.Backends;
using PhotonicSolver.Kernels;

namespace PhotonicSolver.Cli.Commands;

/// <summary>Turns --backend into a backend (through <see cref="BackendFactory"/>), saying which one 'auto' picked.</summary>
public static class BackendChoice
{
    /// <summary>Backends that can run here, for `photonic bench` (the ILGPU CPU emulator is left out: it is for tests).</summary>
    public static IEnumerable<string> Available() => BackendFactory.AvailableNames().Where(n => n != "ilgpu-cpu");

    /// <summary>The backend, or with --devices the named devices of that backend as one (<see cref="MultiDeviceBackend"/>).</summary>
    public static ISweepBackend Create(string name, string? devices, CliIO io)
    {
        if (devices is null) return Create(name, io);
        var backend = MultiDeviceBackend.Create(name, devices);
        io.Err.WriteLine($"backend: {backend.Description}");
        return backend;
    }

    public static ISweepBackend Create(string name, CliIO io)
    {
        var passedOver = new List<string>();
        var backend = BackendFactory.Create(name, passedOver.Add);
        if (name.Equals("auto", StringComparison.OrdinalIgnoreCase))
            io.Err.WriteLine($"backend: auto picked {backend.Name}" +
                             (passedOver.Count > 0 ? $" ({string.Join("; ", passedOver.Select(Terse))})" : ""));
        return backend;
    }

    /// <summary>"auto: cuda passed over (no CUDA driver found)" → "cuda: no CUDA driver found".</summary>
    private static string Terse(string line)
    {
        var m = System.Text.RegularExpressions.Regex.Match(line, @"^(?:auto: )?(\S+) passed over \((.*)\)$");
        return m.Success ? $"{m.Groups[1].Value}: {m.Groups[2].Value}" : line;
    }
}
