namespace PhotonicSolver.IO;

/// <summary>Checks every S-parameter reader (Touchstone, Lumerical) shares.</summary>
internal static class SParameterFiles
{
    /// <summary>
    /// A file whose last line is a truncation marker ("# TRUNCATED", "! TRUNCATED": written when a run that was
    /// producing it was interrupted) is refused: its data stop early, and a component read from it would be wrong
    /// without a word.
    /// </summary>
    public static void RefuseTruncated(string[] lines, string source)
    {
        for (int i = lines.Length - 1; i >= 0; i--)
        {
            string l = lines[i].Trim();
            if (l.Length == 0) continue;
            if ((l[0] is '#' or '!' or '%') && l[1..].TrimStart().StartsWith("TRUNCATED", StringComparison.OrdinalIgnoreCase))
                throw new PhotonicException($"{source}:{i + 1}: the file is marked truncated ('{l}'): the run that wrote it was interrupted, " +
                                            "so its data are incomplete; write it again with a run that finishes");
            return;
        }
    }
}
