using System.CommandLine;
using PhotonicSolver.Cli.Commands;

namespace PhotonicSolver.Cli;

/// <summary>The `photonic` command line.</summary>
public static class Program
{
    public static int Main(string[] args)
    {
        Interrupts.Install(Console.Error);
        return Run(args, Console.Out, Console.Error);
    }

    /// <summary>Runs the CLI with the given writers (tests call this in-process).</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var io = new CliIO(stdout, stderr);
        var root = Root(io);
        var parse = root.Parse(args);
        var limits = PhotonicSolver.IO.ResourceLimits.Default;
        var maxMemory = root.Options.OfType<Option<string?>>().First(o => o.Name == PhotonicSolver.IO.ResourceLimits.MemoryFlag);
        if (parse.Errors.Count == 0 && parse.GetValue(maxMemory) is { } mm)
        {
            int bad = io.Guard(() =>
            {
                limits = new PhotonicSolver.IO.ResourceLimits { MaxMemoryBytes = PhotonicSolver.IO.ResourceLimits.ParseSize(mm) };
                return 0;
            });
            if (bad != 0) return bad;
        }
        using var scope = PhotonicSolver.IO.ResourceLimits.Use(limits);
        // A usage mistake gets its one-line message and a pointer to the help, not the whole help page.
        bool usage = parse.Action is System.CommandLine.Invocation.ParseErrorAction;
        if (parse.Action is System.CommandLine.Invocation.ParseErrorAction errorAction) errorAction.ShowHelp = false;
        int code = parse.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
        if (usage) stderr.WriteLine($"see '{CommandPath(parse.CommandResult)} --help'");
        return code;
    }

    /// <summary>Every command's definition: what runs, and what docs/cli.md is generated from.</summary>
    public static RootCommand Root(CliIO io)
    {
        var root = new RootCommand("PhotonicSolver: batched S-matrix solver for photonic integrated circuits.")
        {
            SweepCommand.Create(io),
            ThermalCommand.Create(io), DriftCommand.Create(io),
            ModelsCommand.Create(io),
            DemoCommand.Create(io),
            DevicesCommand.Create(io),
            BenchCommand.Create(io),
            GpuProofCommand.Create(io),
            PlotCommand.Create(io),
            CouplingCommand.Create(io),
            LaserCommand.Create(io),
            LinkCommand.Create(io),
            ExportCommand.Create(io),
            TmmCommand.Create(io),
            GratingCommand.Create(io),
            MonteCarloCommand.Create(io),
            MergeCommand.Create(io),
            PackagingCommand.Create(io),
        };
        // One resource limit for every command (IO.ResourceGuard): the memory a grid, corner set, histogram or row
        // table may take. Refusals name it; the default is half the memory available to the process.
        root.Options.Add(new Option<string?>(PhotonicSolver.IO.ResourceLimits.MemoryFlag)
        {
            Description = "Largest memory one grid, corner set or table may take, e.g. 16G or 512M (default: half the available memory).",
            Recursive = true,
        });
        root.Add(CliReference.Create(io, root));
        return root;
    }

    /// <summary>"photonic drift lock" for the command a parse ended in.</summary>
    private static string CommandPath(System.CommandLine.Parsing.CommandResult? result)
    {
        var names = new List<string>();
        for (var c = result; c is not null; c = c.Parent as System.CommandLine.Parsing.CommandResult)
            names.Insert(0, c.Parent is null ? "photonic" : c.Command.Name);
        return string.Join(' ', names);
    }
}

/// <summary>Where a command writes, and the one place user errors become an exit code without a stack trace.</summary>
public sealed class CliIO(TextWriter stdout, TextWriter stderr)
{
    public TextWriter Out { get; } = stdout;
    public TextWriter Err { get; } = stderr;

    /// <summary>
    /// Exit codes: 0 ok, 1 usage (System.CommandLine), 2 input error (also a full disk), 3 runtime failure,
    /// 130 interrupted by SIGINT, 143 by SIGTERM.
    /// </summary>
    public const int InputError = 2, RuntimeError = 3;

    /// <summary>The exit code of an interrupted run: 130 (SIGINT) or 143 (SIGTERM).</summary>
    public static int Interrupted => Interrupts.ExitCode;

    /// <summary>Runs a command's body in its own run scope (its inputs are never overwritten by its outputs).</summary>
    public int Guard(Func<int> body)
    {
        using var warnings = Units.UnitCheck.CollectWarnings(m => Err.WriteLine($"warning: {m}"));
        using var run = PhotonicSolver.IO.RunFiles.BeginRun();
        try
        {
            int code = body();
            return code == 0 && Interrupts.Token.IsCancellationRequested ? Interrupted : code;
        }
        catch (PhotonicException e)
        {
            Err.WriteLine($"error: {e.Message}");
            return InputError;
        }
        catch (OperationCanceledException)
        {
            Err.WriteLine("interrupted");
            return Interrupted;
        }
        catch (IOException e) when (PhotonicSolver.IO.DiskFull.Is(e))
        {
            Err.WriteLine($"error: disk full ({e.Message}); no partial output was kept");
            return InputError;
        }
        catch (Exception e) when (Environment.GetEnvironmentVariable("PHOTONIC_DEBUG") is null)
        {
            Err.WriteLine($"error: {e.GetType().Name}: {e.Message}");
            Err.WriteLine("(this is a bug in PhotonicSolver; set PHOTONIC_DEBUG=1 for the stack trace)");
            return RuntimeError;
        }
    }
}
