using PhotonicSolver.Backends;
using PhotonicSolver.Kernels;

namespace PhotonicSolver.Cli.Commands;

/// <summary>Turns --backend into a backend (through <see cref="BackendFactory"/>), saying which one 'auto' picked.</summary>
public static class BackendChoice
{
    /// <summary>Backends that can run here, for `photonic bench` (the ILGPU CPU emulator is left out: it is for tests).</summary>
    public static IEnumerable<string> Available() => BackendFactory.AvailableNames().Where(n => n != "ilgpu-cpu");

    public static ISweepBackend Create(string name, CliIO io)
    {
        var passedOver = new List<string>();
        var backend = BackendFactory.Create(name, passedOver.Add);
        if (name.Equals("auto", StringComparison.OrdinalIgnoreCase))
            io.Err.WriteLine($"backend: auto picked {backend.Name}" +
                             (passedOver.Count > 0 ? $" ({string.Join("; ", passedOver.Select(l => l.Replace("auto: ", "").Replace(" passed over", ":")))})" : ""));
        return backend;
    }
}
