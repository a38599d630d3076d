using System.Runtime.InteropServices;
using PhotonicSolver.IO;

namespace PhotonicSolver.Cli;

/// <summary>
/// SIGINT (Ctrl-C) and SIGTERM (kill, Slurm's scancel or time limit), handled once for every command.
/// <list type="bullet">
/// <item>Inside a streaming section (<see cref="Streaming"/>: sweeps, thin films, Monte Carlo) the first signal asks
/// the run to stop after the chunk in flight: the writer then marks its file truncated (CSV <c># TRUNCATED</c>,
/// Parquet metadata, JSON <c>"truncated": true</c>), commits it, and the command exits 130 (SIGINT) or 143 (SIGTERM).</item>
/// <item>Anywhere else, or on a second signal, the process drops every result still being written (their targets keep
/// their old content) and exits at once with the same code.</item>
/// </list>
/// </summary>
public static class Interrupts
{
    public const int SigintExit = 130, SigtermExit = 143;

    private static readonly CancellationTokenSource Source = new();
    private static int _streaming, _exitCode;
    private static readonly List<PosixSignalRegistration> Registrations = [];

    /// <summary>Cancelled when a signal asks a streaming run to stop.</summary>
    public static CancellationToken Token => Source.Token;

    /// <summary>The exit code for the signal received (130 when none was, e.g. a cancelled token in tests).</summary>
    public static int ExitCode => _exitCode == 0 ? SigintExit : _exitCode;

    /// <summary>Installs the handlers (once per process; the CLI's Main calls it).</summary>
    public static void Install(TextWriter stderr)
    {
        if (Registrations.Count > 0) return;
        foreach (var (signal, code) in new[] { (PosixSignal.SIGINT, SigintExit), (PosixSignal.SIGTERM, SigtermExit) })
        {
            Registrations.Add(PosixSignalRegistration.Create(signal, ctx =>
            {
                ctx.Cancel = true;
                bool first = Interlocked.CompareExchange(ref _exitCode, code, 0) == 0;
                if (first && Volatile.Read(ref _streaming) > 0)
                {
                    Source.Cancel();
                    return;
                }
                ResultStream.AbortAll();
                try { stderr.WriteLine(first ? "interrupted" : "interrupted again: stopping now; results being written were discarded"); stderr.Flush(); }
                catch (Exception e) when (e is IOException or ObjectDisposedException) { }
                Environment.Exit(ExitCode);
            }));
        }
    }

    /// <summary>Marks a section that stops cleanly at <see cref="Token"/> (a streaming run); dispose to leave it.</summary>
    public static IDisposable Streaming()
    {
        Interlocked.Increment(ref _streaming);
        return new Leave();
    }

    private sealed class Leave : IDisposable
    {
        private int _done;
        public void Dispose() { if (Interlocked.Exchange(ref _done, 1) == 0) Interlocked.Decrement(ref _streaming); }
    }
}
