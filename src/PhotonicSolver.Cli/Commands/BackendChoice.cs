using PhotonicSolver.Backends;

namespace PhotonicSolver.Cli.Commands;

/// <summary>Turns --backend into a backend, saying which one 'auto' picked.</summary>
public static class BackendChoice
{
    public static IEnumerable<string> Available() => ["cpu"];

    public static ISweepBackend Create(string name, CliIO io)
    {
        return name switch
        {
            "cpu" => new CpuBackend(),
            _ => throw new PhotonicException($"backend '{name}' is not available; available: cpu"),
        };
    }
}
