namespace PhotonicSolver.IO;

/// <summary>
/// Reading a user's input file: a missing file or one that cannot be read becomes a <see cref="PhotonicException"/>
/// naming the kind of file and its path ("netlist file not found: ring.yaml"), never a stack trace. Every path read
/// here is registered as an input of the current run (<see cref="RunFiles"/>), so no output can be written over it.
/// </summary>
public static class InputFile
{
    /// <param name="what">The kind of file, for messages: "netlist", "stack", "thermal network"…</param>
    public static string ReadAllText(string path, string what) => Read(path, what, File.ReadAllText);

    public static string[] ReadAllLines(string path, string what) => Read(path, what, File.ReadAllLines);

    public static byte[] ReadAllBytes(string path, string what) => Read(path, what, File.ReadAllBytes);

    /// <summary>Opens an input for streaming reads (large CSV, Parquet, shards).</summary>
    public static Stream OpenRead(string path, string what)
        => Read(path, what, p => (Stream)new FileStream(p, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16));

    /// <summary>The SHA-256 of an input's bytes (lower-case hex), for provenance and shard fingerprints.</summary>
    public static string Sha256(string path, string what)
        => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(ReadAllBytes(path, what)));

    /// <summary>Checks that an input exists and registers it, for readers that open it themselves.</summary>
    public static string Require(string path, string what) => Read(path, what, p => p);

    private static T Read<T>(string path, string what, Func<string, T> read)
    {
        if (Directory.Exists(path)) throw new PhotonicException($"{what} file {path} is a directory");
        if (!File.Exists(path)) throw new PhotonicException($"{what} file not found: {path}");
        RunFiles.AddInput(path);
        try { return read(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PhotonicException($"cannot read {what} file {path}: {e.Message}", e);
        }
    }
}
