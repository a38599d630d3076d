namespace PhotonicSolver.Sweep;

/// <summary>
/// Reads zip groups (<see cref="SweepAxis.Zip"/>): rows of a table that move several sweep targets together, e.g.
/// measured (temperature, wavelength) pairs. The CLI form is <c>NAMES=FILE</c> (<c>--zip temperature,wl=pairs.csv</c>),
/// the sweep-file form a <c>zip:</c> section.
/// </summary>
/// <remarks>
/// The file is CSV: numbers separated by commas, one row per point; blank lines and lines starting with '#' are
/// skipped. A first row that is not all numbers is a header, and the named columns are taken from it (wl also matches
/// the output column name wl_um); without a header the columns are taken in the order of the names.
/// </remarks>
public static class ZipTable
{
    /// <summary>Parses "name1,name2=FILE" into one zip group; relative files resolve from <paramref name="baseDir"/>.</summary>
    public static IReadOnlyList<SweepAxis> ParseOption(string text, string baseDir = "", string option = "--zip")
    {
        int eq = text.IndexOf('=');
        if (eq <= 0 || eq == text.Length - 1)
            throw new PhotonicException($"{option} '{text}': expected NAME,NAME,...=FILE.csv (e.g. temperature,wl=pairs.csv)");
        var names = text[..eq].Split(',', StringSplitOptions.TrimEntries);
        if (names.Any(n => n.Length == 0)) throw new PhotonicException($"{option} '{text}': an empty column name");
        string file = text[(eq + 1)..].Trim();
        if (baseDir.Length > 0 && !Path.IsPathRooted(file)) file = Path.Combine(baseDir, file);
        return Load(file, names);
    }

    /// <summary>Reads the columns <paramref name="names"/> of a CSV table as one zip group.</summary>
    public static IReadOnlyList<SweepAxis> Load(string path, IReadOnlyList<string> names)
    {
        var lines = IO.InputFile.ReadAllLines(path, "zip table");
        int[]? columnOf = null;
        var values = names.Select(_ => new List<double>()).ToArray();
        for (int n = 0; n < lines.Length; n++)
        {
            string line = lines[n].Trim();
            if (line.Length == 0 || line[0] == '#') continue;
            var fields = line.Split(',', StringSplitOptions.TrimEntries);
            if (columnOf is null)
            {
                bool header = fields.Any(f => !IO.NumberText.TryParse(f, allowNonFinite: true, out _));
                columnOf = header ? Header(path, n + 1, fields, names) : Enumerable.Range(0, names.Count).ToArray();
                if (!header && fields.Length < names.Count)
                    throw new PhotonicException($"{path}:{n + 1}: {fields.Length} columns for {names.Count} names ({string.Join(",", names)}); give a header row naming the columns, or one column per name");
                if (header) continue;
            }
            for (int c = 0; c < names.Count; c++)
            {
                int col = columnOf[c];
                if (col >= fields.Length)
                    throw new PhotonicException($"{path}:{n + 1}: the row has {fields.Length} fields, no column {col + 1} ('{names[c]}')");
                if (!IO.NumberText.TryParse(fields[col], allowNonFinite: false, out double v))
                    throw new PhotonicException($"{path}:{n + 1}: column '{names[c]}': {IO.NumberText.WhyNot(fields[col])}");
                values[c].Add(v);
            }
        }
        if (values[0].Count == 0) throw new PhotonicException($"{path}: the zip table has no rows");
        try { return SweepAxis.Zip(names.Select((name, c) => (name, (IReadOnlyList<double>)values[c])).ToList()); }
        catch (PhotonicException e) { throw new PhotonicException($"{path}: {e.Message}"); }
    }

    private static int[] Header(string path, int line, string[] fields, IReadOnlyList<string> names)
    {
        var result = new int[names.Count];
        for (int c = 0; c < names.Count; c++)
        {
            int i = Array.IndexOf(fields, names[c]);
            if (i < 0 && names[c] == "wl") i = Array.IndexOf(fields, "wl_um");
            if (i < 0)
                throw new PhotonicException($"{path}:{line}: no column '{names[c]}' in the header; columns: {string.Join(", ", fields)}");
            result[c] = i;
        }
        return result;
    }

    /// <summary>
    /// Adds zip groups to a sweep with the wavelength rule of the CLI: wl is always innermost, so a group that zips wl
    /// goes last and excludes a separate wl axis.
    /// </summary>
    public static void AddGroups(SweepSpec spec, IEnumerable<IReadOnlyList<SweepAxis>> groups)
    {
        var list = groups.ToList();
        foreach (var g in list.Where(g => !g.Any(a => a.Name == Circuit.FlatCircuit.WavelengthKey))) spec.Axes.AddRange(g);
        var withWl = list.Where(g => g.Any(a => a.Name == Circuit.FlatCircuit.WavelengthKey)).ToList();
        if (withWl.Count > 1) throw new PhotonicException("wl is zipped in two groups; zip it once");
        if (withWl.Count == 1) spec.Axes.AddRange(withWl[0]);
    }
}
