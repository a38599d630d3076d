using System.CommandLine;
using PhotonicSolver.Backends;

namespace PhotonicSolver.Cli.Commands;

/// <summary>`photonic devices`: what each backend finds on this machine.</summary>
public static class DevicesCommand
{
    public static Command Create(CliIO io)
    {
        var cmd = new Command("devices", "List the compute backends and devices available on this machine.");
        cmd.SetAction(_ => io.Guard(() =>
        {
            using var cpu = new CpuBackend();
            io.Out.WriteLine(cpu.Description);
            return 0;
        }));
        return cmd;
    }
}
