using PhotonicSolver.Sweep;

namespace PhotonicSolver.Cli.Commands;

/// <summary>A one-line progress bar with rate and ETA on stderr, shown only when stderr is a terminal.</summary>
public sealed class ProgressBar(TextWriter err) : IProgress<SweepProgress>
{
    private DateTime _last = DateTime.MinValue;

    public static ProgressBar? ForStderr(CliIO io)
        => ReferenceEquals(io.Err, Console.Error) && !Console.IsErrorRedirected ? new ProgressBar(io.Err) : null;

    public void Report(SweepProgress p)
    {
        var now = DateTime.UtcNow;
        if ((now - _last).TotalMilliseconds < 200 && p.Done < p.Total) return;
        _last = now;
        double f = p.Total == 0 ? 1 : (double)p.Done / p.Total;
        int width = 30, filled = (int)(f * width);
        double rate = p.Done / Math.Max(1e-9, p.Elapsed.TotalSeconds);
        var eta = TimeSpan.FromSeconds(rate > 0 ? (p.Total - p.Done) / rate : 0);
        err.Write($"\r[{new string('#', filled)}{new string(' ', width - filled)}] {f * 100,5:F1}%  {rate:0.00e0} pts/s  ETA {eta:hh\\:mm\\:ss} ");
    }

    public void Finish() => err.Write("\r" + new string(' ', 72) + "\r");
}
