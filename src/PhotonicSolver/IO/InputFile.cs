namespace PhotonicSolver.IO;

/// <summary>
/// Reading a user's input file: a missing file or one that cannot be read becomes a <see cref="PhotonicException"/>
/// naming the kind of file and its path ("netlist file not found: ring.yaml"), never a stack trace.
/// </summary>
public static class InputFile
{
    /// <param name="what">The kind of file, for messages: "netlist", "stack", "thermal network"…</param>
    public static string ReadAllText(string path, string what) => Read(path, what, File.ReadAllText);

    public static string[] ReadAllLines(string path, string what) => Read(path, what, File.ReadAllLines);

    private static T Read<T>(string path, string what, Func<string, T> read)
    {
        if (!File.Exists(path)) throw new PhotonicException($"{what} file not found: {path}");
        try { return read(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PhotonicException($"cannot read {what} file {path}: {e.Message}", e);
        }
    }
}
