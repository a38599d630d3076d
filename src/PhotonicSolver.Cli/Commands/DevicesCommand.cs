using System.CommandLine;
using PhotonicSolver.Kernels;

namespace PhotonicSolver.Cli.Commands;

/// <summary>`photonic devices`: what each backend finds on this machine (the providers' Describe()).</summary>
public static class DevicesCommand
{
    public static Command Create(CliIO io)
    {
        var cmd = new Command("devices", "List the compute backends and devices available on this machine.");
        cmd.SetAction(_ => io.Guard(() =>
        {
            foreach (var line in BackendFactory.Describe()) io.Out.WriteLine(line);
            return 0;
        }));
        return cmd;
    }
}
