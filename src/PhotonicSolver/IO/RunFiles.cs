namespace PhotonicSolver.IO;

/// <summary>
/// The files one run reads. Every reader registers its path here (through <see cref="InputFile"/>), and
/// <see cref="ResultStream"/> refuses to write over any of them: an <c>--out</c> that names the run's own netlist,
/// stack, power trace or shard is an error, never an overwrite. The registry is per run (an async-local scope that
/// the CLI opens for each command), so runs in one process (tests, notebooks) do not see each other's inputs.
/// </summary>
public static class RunFiles
{
    private sealed class Scope
    {
        public readonly Dictionary<string, string> Inputs = new(StringComparer.Ordinal); // canonical path → path as given
    }

    private static readonly AsyncLocal<Scope?> Current = new();

    /// <summary>Opens a run's scope; disposing it forgets the run's inputs.</summary>
    public static IDisposable BeginRun()
    {
        var previous = Current.Value;
        Current.Value = new Scope();
        return new Restore(previous);
    }

    private sealed class Restore(Scope? previous) : IDisposable
    {
        public void Dispose() => Current.Value = previous;
    }

    /// <summary>Records that the current run reads <paramref name="path"/> (no-op outside a run).</summary>
    public static void AddInput(string path)
    {
        var scope = Current.Value;
        if (scope is null || string.IsNullOrEmpty(path) || path == "-") return;
        string canonical = CanonicalPath(path);
        lock (scope) scope.Inputs.TryAdd(canonical, path);
    }

    /// <summary>The input of the current run that <paramref name="path"/> resolves to, or null.</summary>
    public static string? InputAt(string path)
    {
        var scope = Current.Value;
        if (scope is null) return null;
        string canonical = CanonicalPath(path);
        lock (scope) return scope.Inputs.TryGetValue(canonical, out var given) ? given : null;
    }

    /// <summary>
    /// The absolute path with every symbolic link resolved (the file itself need not exist), so that "./a.yaml",
    /// "dir/../a.yaml" and a link to a.yaml compare equal.
    /// </summary>
    public static string CanonicalPath(string path) => Canonical(Path.GetFullPath(path), 0);

    private static string Canonical(string full, int depth)
    {
        string? parent = Path.GetDirectoryName(full);
        if (parent is null || depth > 40) return full;
        string candidate = Path.Combine(Canonical(parent, depth + 1), Path.GetFileName(full));
        try
        {
            var info = new FileInfo(candidate);
            if (info.LinkTarget is not null && info.ResolveLinkTarget(returnFinalTarget: true) is { } target)
                return Canonical(Path.GetFullPath(target.FullName), depth + 1);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { /* unresolvable: compare as written */ }
        return candidate;
    }
}
