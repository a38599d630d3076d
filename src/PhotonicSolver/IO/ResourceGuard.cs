using System.Globalization;

namespace PhotonicSolver.IO;

/// <summary>
/// How much a run may take: the memory a command may allocate for one grid, corner set, histogram or row table.
/// The CLI sets it for the whole command with <c>--max-memory SIZE</c> (<see cref="Use"/>); library callers get
/// <see cref="Default"/>: half of the memory available to the process, at least 1 GiB.
/// </summary>
public sealed record ResourceLimits
{
    /// <summary>The flag that changes <see cref="MaxMemoryBytes"/> on the command line.</summary>
    public const string MemoryFlag = "--max-memory";

    /// <summary>Largest single allocation estimate a run may make (bytes).</summary>
    public long MaxMemoryBytes { get; init; } = DefaultMemory();

    public static ResourceLimits Default { get; } = new();

    private static readonly AsyncLocal<ResourceLimits?> _current = new();

    /// <summary>The limits of the running command (set by <see cref="Use"/>), or <see cref="Default"/>.</summary>
    public static ResourceLimits Current => _current.Value ?? Default;

    /// <summary>Makes <paramref name="limits"/> current for this call flow until the result is disposed.</summary>
    public static IDisposable Use(ResourceLimits limits)
    {
        var previous = _current.Value;
        _current.Value = limits;
        return new Restore(() => _current.Value = previous);
    }

    private sealed class Restore(Action undo) : IDisposable
    {
        public void Dispose() => undo();
    }

    private static long DefaultMemory()
    {
        long available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        return Math.Max(1L << 30, available > 0 ? available / 2 : 4L << 30);
    }

    /// <summary>Parses a size: bytes, or a number with K, M, G or T (binary: 1 G = 2^30 bytes), e.g. "512M", "16G".</summary>
    public static long ParseSize(string text, string flag = MemoryFlag)
    {
        string t = text.Trim();
        double scale = 1;
        if (t.Length > 0)
        {
            char u = char.ToUpperInvariant(t[^1]);
            if (u == 'B' && t.Length > 1) { t = t[..^1]; u = char.ToUpperInvariant(t[^1]); }
            int p = "KMGT".IndexOf(u);
            if (p >= 0) { scale = Math.Pow(1024, p + 1); t = t[..^1]; }
        }
        if (!double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !double.IsFinite(v) || v <= 0 || v * scale >= 9.2e18)
            throw new PhotonicException($"{flag} '{text}': expected a positive size such as 4G, 512M or 1000000 (bytes)");
        return (long)(v * scale);
    }
}

/// <summary>
/// The one place where point counts are formed and where memory and disk estimates are checked before work starts.
/// Every refusal names what was asked for, its size, the limit and the flag (or choice) that changes it.
/// </summary>
public static class ResourceGuard
{
    /// <summary>The product of <paramref name="counts"/> (axis lengths), or an error when it overflows a 64-bit count.</summary>
    public static long Count(string what, params long[] counts)
    {
        long n = 1;
        foreach (long c in counts)
        {
            if (c < 0) throw new ArgumentOutOfRangeException(nameof(counts));
            if (c != 0 && n > long.MaxValue / c)
                throw new PhotonicException($"{what}: {string.Join(" × ", counts.Select(Num))} points is more than {long.MaxValue:N0} " +
                                            $"(the largest count a run can index); coarsen the grid or split it with --shard");
            n *= c;
        }
        return n;
    }

    /// <summary><see cref="Count"/>, and an error when the count exceeds <paramref name="max"/> (an index limit).</summary>
    public static long Count(string what, long max, string why, params long[] counts)
    {
        long n = Count(what, counts);
        if (n > max) throw new PhotonicException($"{what}: {string.Join(" × ", counts.Select(Num))} = {n:N0} points, more than {max:N0} ({why})");
        return n;
    }

    /// <summary>
    /// Refuses an allocation of about <paramref name="bytes"/> for <paramref name="what"/> when it exceeds the
    /// current limit (<see cref="ResourceLimits.Current"/>).
    /// </summary>
    public static void Memory(string what, double bytes, ResourceLimits? limits = null)
    {
        var l = limits ?? ResourceLimits.Current;
        if (bytes > l.MaxMemoryBytes || double.IsNaN(bytes))
            throw new PhotonicException($"{what} needs about {Size(bytes)} of memory, more than the limit of {Size(l.MaxMemoryBytes)}; " +
                                        $"make it smaller, or raise the limit with {ResourceLimits.MemoryFlag} SIZE (e.g. {ResourceLimits.MemoryFlag} 64G)");
    }

    /// <summary>Bytes of <paramref name="count"/> items of <paramref name="bytesEach"/> bytes, as a double (no overflow).</summary>
    public static double Bytes(long count, double bytesEach) => count * bytesEach;

    /// <summary>Rough CSV bytes per number written with the round-trip format ("-0.12345678901234567," is about 22 characters).</summary>
    public const double CsvBytesPerValue = 22;

    /// <summary>
    /// Refuses to write about <paramref name="bytes"/> to <paramref name="path"/> when the disk that would hold it
    /// has less free space. Nothing is checked for stdout ("-") or when the free space cannot be read.
    /// </summary>
    public static void Disk(string what, string path, double bytes)
    {
        if (path == "-") return;
        string dir;
        long free;
        try
        {
            dir = Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";
            while (!Directory.Exists(dir)) dir = Path.GetDirectoryName(dir) ?? "/";
            free = new DriveInfo(dir).AvailableFreeSpace;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return; // unknown free space: the write itself reports a full disk
        }
        if (bytes > free)
            throw new PhotonicException($"{what} would write about {Size(bytes)} to {path}, more than the {Size(free)} free under {dir}; " +
                                        "write to another disk with --out, coarsen the grid, or split it with --shard where the command has it");
    }

    /// <summary>Disk estimate of a CSV of <paramref name="rows"/> rows × <paramref name="columns"/> numbers.</summary>
    public static void CsvDisk(string what, string path, long rows, int columns)
        => Disk($"{what} ({rows:N0} rows × {columns} columns)", path, (double)rows * columns * CsvBytesPerValue);

    /// <summary>A byte count for people: "3.2 GiB".</summary>
    public static string Size(double bytes)
    {
        string[] units = ["bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];
        int u = 0;
        while (bytes >= 1024 && u < units.Length - 1) { bytes /= 1024; u++; }
        return u == 0 ? $"{bytes:F0} bytes" : string.Create(CultureInfo.InvariantCulture, $"{bytes:0.#} {units[u]}");
    }

    private static string Num(long v) => v.ToString("N0", CultureInfo.InvariantCulture);
}
