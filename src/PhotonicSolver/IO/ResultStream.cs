using System.Text;

namespace PhotonicSolver.IO;

/// <summary>
/// The one way a run writes a result file (CSV, Parquet, JSON, Touchstone, PNG/SVG). It guarantees:
/// <list type="bullet">
/// <item><b>Atomic writes.</b> Bytes go to a hidden temporary file beside the target; <see cref="Commit"/> renames it
/// over the target (rename(2) is atomic). A run that fails, or is disposed without committing, deletes the temporary
/// file and leaves any existing target untouched.</item>
/// <item><b>No output over an input.</b> A target that resolves (links included) to a file the run reads is refused,
/// naming both; checked when opened and again at the commit.</item>
/// <item><b>One writer.</b> A second run that targets the same file while the first is writing is refused (an
/// advisory lock on <c>.NAME.lock</c> beside the target, released by the kernel if the process dies).</item>
/// <item><b>Disk full.</b> A write that fails for lack of space becomes a <see cref="PhotonicException"/> that names the
/// file; the partial file is removed.</item>
/// </list>
/// Truncation markers are the format writer's job (CSV <c># TRUNCATED</c>, Parquet metadata, JSON field): it writes
/// them and then commits, so an interrupted run leaves a valid file that says it is incomplete.
/// "-" writes text to standard output (no atomicity is possible there).
/// </summary>
public sealed class ResultStream : IDisposable
{
    private static readonly List<ResultStream> Open = [];

    private readonly string? _temp;
    private readonly FileStream? _lock;
    private readonly string? _lockPath;
    private readonly GuardedStream? _stream;
    private TextWriter? _text;
    private readonly bool _ownsText;
    private bool _committed, _disposed;

    /// <summary>The target as the user gave it.</summary>
    public string Path { get; }

    /// <summary>What is written, for messages ("sweep CSV", "figure").</summary>
    public string What { get; }

    public bool IsStdout => _stream is null;

    private ResultStream(string path, string what, TextWriter stdout)
    {
        Path = path; What = what; _text = stdout; _ownsText = false;
    }

    private ResultStream(string path, string what, string temp, FileStream lockFile, string lockPath, FileStream file)
    {
        Path = path; What = what; _temp = temp; _lock = lockFile; _lockPath = lockPath;
        _stream = new GuardedStream(file, this);
        _ownsText = true;
    }

    /// <summary>Opens <paramref name="path"/> for writing (or standard output for "-").</summary>
    /// <param name="what">The kind of result, for messages: "sweep CSV", "summary JSON", "figure".</param>
    /// <param name="stdout">The writer "-" means (the CLI's standard output).</param>
    public static ResultStream Create(string path, string what, TextWriter? stdout = null)
    {
        if (string.IsNullOrWhiteSpace(path)) throw new PhotonicException($"the {what} output path is empty");
        if (path == "-") return new ResultStream(path, what, stdout ?? Console.Out);
        RefuseInput(path, what);
        string full = System.IO.Path.GetFullPath(path);
        if (Directory.Exists(full)) throw new PhotonicException($"cannot write {what} '{path}': it is a directory");
        string dir = System.IO.Path.GetDirectoryName(full) ?? ".";
        string name = System.IO.Path.GetFileName(full);
        FileStream? lockFile = null;
        string lockPath = System.IO.Path.Combine(dir, $".{name}.lock");
        try
        {
            Directory.CreateDirectory(dir);
            try
            {
                // FileShare.None takes flock(LOCK_EX | LOCK_NB) on Unix: a second writer fails at once.
                lockFile = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
            }
            catch (IOException) when (File.Exists(lockPath))
            {
                throw new PhotonicException(
                    $"cannot write {what} '{path}': another run is writing it right now (lock {lockPath}); wait for it to finish or choose another output");
            }
            string temp = System.IO.Path.Combine(dir, $".{name}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
            var file = new FileStream(temp, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read, 1 << 20);
            var stream = new ResultStream(path, what, temp, lockFile, lockPath, file);
            lock (Open) Open.Add(stream);
            return stream;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            ReleaseLock(lockFile, lockPath);
            if (DiskFull.Is(e)) throw DiskFull.Error(what, path, e);
            throw new PhotonicException($"cannot write {what} '{path}': {e.Message}", e);
        }
        catch
        {
            ReleaseLock(lockFile, lockPath);
            throw;
        }
    }

    /// <summary>Writes a whole text result in one go ("-": <paramref name="stdout"/>) and commits it.</summary>
    public static void WriteAll(string path, string what, TextWriter? stdout, Action<TextWriter> write)
    {
        using var file = Create(path, what, stdout);
        write(file.Text);
        file.Commit();
    }

    /// <summary>Writes a whole binary result in one go and commits it.</summary>
    public static void WriteAll(string path, string what, ReadOnlySpan<byte> bytes)
    {
        using var file = Create(path, what);
        file.Stream.Write(bytes);
        file.Commit();
    }

    /// <summary>The last line of a CSV cut short by an interrupt: "# TRUNCATED: run interrupted after N of M points".</summary>
    public static string TruncatedLine(long written, long total, string unit)
        => $"# TRUNCATED: run interrupted after {written} of {total} {unit}\n";

    /// <summary>The bytes of the result (files only: binary formats cannot go to standard output).</summary>
    public Stream Stream => _stream ?? throw new PhotonicException($"the {What} is binary and cannot be written to standard output ('-'); give a file name");

    /// <summary>UTF-8 text (no BOM, "\n" line ends) over the result.</summary>
    public TextWriter Text => _text ??= new StreamWriter(_stream!, new UTF8Encoding(false), 1 << 16, leaveOpen: true) { NewLine = "\n" };

    /// <summary>
    /// Makes the result visible: flushes it to disk and renames it over the target. Call once the file is complete
    /// (or complete up to its truncation marker).
    /// </summary>
    public void Commit()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_committed) return;
        if (_stream is null) { _text!.Flush(); _committed = true; return; }
        _text?.Flush();
        _stream.FlushToDisk();
        RefuseInput(Path, What);
        _stream.Inner.Dispose();
        try { File.Move(_temp!, System.IO.Path.GetFullPath(Path), overwrite: true); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PhotonicException($"cannot write {What} '{Path}': {e.Message}", e);
        }
        _committed = true;
    }

    /// <summary>Deletes the temporary file unless committed, and releases the lock. Never throws.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        lock (Open) Open.Remove(this);
        if (_stream is null) { if (!_ownsText) try { _text?.Flush(); } catch (IOException) { } return; }
        try { _text?.Dispose(); } catch (Exception e) when (e is IOException or PhotonicException or ObjectDisposedException) { }
        try { _stream.Inner.Dispose(); } catch (IOException) { }
        if (!_committed) try { File.Delete(_temp!); } catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        ReleaseLock(_lock, _lockPath!);
    }

    /// <summary>
    /// Drops every result still open in this process (their targets stay as they were). For a process that is
    /// about to exit on a signal outside a cancellable section.
    /// </summary>
    public static void AbortAll()
    {
        ResultStream[] open;
        lock (Open) open = [.. Open];
        foreach (var s in open) s.Dispose();
    }

    private static void ReleaseLock(FileStream? lockFile, string lockPath)
    {
        if (lockFile is null) return;
        try { File.Delete(lockPath); } catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        lockFile.Dispose();
    }

    private static void RefuseInput(string path, string what)
    {
        if (RunFiles.InputAt(path) is { } input)
            throw new PhotonicException(
                $"refusing to write {what} '{path}': it is one of this run's inputs ('{input}'); choose another output path");
    }

    /// <summary>The file stream, with "no space left" turned into a located error.</summary>
    private sealed class GuardedStream(FileStream inner, ResultStream owner) : Stream
    {
        public FileStream Inner => inner;
        public override bool CanRead => false;
        public override bool CanSeek => inner.CanSeek;
        public override bool CanWrite => true;
        public override long Length => inner.Length;
        public override long Position { get => inner.Position; set => inner.Position = value; }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);
        public override void SetLength(long value) => Guard(() => inner.SetLength(value));
        public override void Write(byte[] buffer, int offset, int count) => Guard(() => inner.Write(buffer, offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            try { inner.Write(buffer); }
            catch (IOException e) when (DiskFull.Is(e)) { throw DiskFull.Error(owner.What, owner.Path, e); }
        }

        public override async Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            try { await inner.WriteAsync(buffer.AsMemory(offset, count), cancellationToken).ConfigureAwait(false); }
            catch (IOException e) when (DiskFull.Is(e)) { throw DiskFull.Error(owner.What, owner.Path, e); }
        }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            try { await inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false); }
            catch (IOException e) when (DiskFull.Is(e)) { throw DiskFull.Error(owner.What, owner.Path, e); }
        }

        public override void Flush() => Guard(inner.Flush);

        public override async Task FlushAsync(CancellationToken cancellationToken)
        {
            try { await inner.FlushAsync(cancellationToken).ConfigureAwait(false); }
            catch (IOException e) when (DiskFull.Is(e)) { throw DiskFull.Error(owner.What, owner.Path, e); }
        }

        public void FlushToDisk() => Guard(() => inner.Flush(flushToDisk: true));

        private void Guard(Action write)
        {
            try { write(); }
            catch (IOException e) when (DiskFull.Is(e)) { throw DiskFull.Error(owner.What, owner.Path, e); }
        }

        // The owner closes the file; a format writer that disposes its stream must not close it before the commit.
        protected override void Dispose(bool disposing) { }
    }
}

/// <summary>Recognising "no space left on device" (ENOSPC, or Windows' disk-full codes) among I/O errors.</summary>
public static class DiskFull
{
    public static bool Is(Exception e)
        => e is IOException io && (io.HResult == 28 || (io.HResult & 0xFFFF) == 112 || (io.HResult & 0xFFFF) == 39
                                   || io.Message.Contains("No space left", StringComparison.OrdinalIgnoreCase)
                                   || io.Message.Contains("Disk quota exceeded", StringComparison.OrdinalIgnoreCase));

    public static PhotonicException Error(string what, string path, Exception e)
        => new($"disk full while writing {what} '{path}' ({e.Message.TrimEnd('.', ' ')}); the partial file was removed and any earlier '{path}' is untouched. Free space or write elsewhere.", e);
}
