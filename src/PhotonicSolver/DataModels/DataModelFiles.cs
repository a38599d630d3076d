using PhotonicSolver.IO;
using PhotonicSolver.Models;
using PhotonicSolver.Netlists;

namespace PhotonicSolver.DataModels;

/// <summary>
/// Resolves a netlist component that names an S-parameter file into a data-backed model:
/// <c>component: mmi.s4p</c> (Touchstone 1.x/2.0, .sNp or .ts) or <c>component: y_branch.sparam</c> /
/// <c>.dat</c> (Lumerical INTERCONNECT "Optical N Port S-Parameter", or the 2-port table). The path is relative to
/// the netlist file's folder. The instance's ports are o1..oN in the file's port order. Its one setting,
/// <c>mode</c> (Lumerical files: a label such as TE or TM, or a mode id), picks the mode of a multimode file.
/// Every file gets the passivity check: a warning names the worst wavelength and singular value.
/// </summary>
public static class DataModelFiles
{
    /// <summary>The instance setting that selects a mode of a multimode Lumerical file.</summary>
    public const string ModeSetting = "mode";

    public static bool IsDataFile(string component)
    {
        string ext = Path.GetExtension(component).ToLowerInvariant();
        return ext is ".sparam" or ".dat" or ".ts" || Touchstone.PortsFromExtension(component) > 0;
    }

    /// <summary>Reads any supported S-parameter file by its extension; <paramref name="mode"/> selects a Lumerical mode.</summary>
    public static SParameterData Read(string path, string? mode = null)
    {
        string ext = Path.GetExtension(path).ToLowerInvariant();
        if (ext is ".sparam" or ".dat") return LumericalSParameters.Read(path, mode);
        if (mode is not null) throw new PhotonicException($"{path}: 'mode' selects a mode of a Lumerical file; a Touchstone file holds one mode");
        return Touchstone.Read(path);
    }

    /// <summary>
    /// Loads (once per file and mode, through <paramref name="cache"/>) the model of an instance's data file. The
    /// reader's notes go to <paramref name="notes"/> and the passivity warning to <paramref name="warnings"/>,
    /// once per file.
    /// </summary>
    public static ModelInfo Load(string netlistPath, InstanceSpec spec, string instancePath, Dictionary<string, ModelInfo> cache,
                                 List<string>? notes = null, List<string>? warnings = null)
    {
        string dir = netlistPath.Length > 0 ? Path.GetDirectoryName(netlistPath) ?? "" : "";
        string file = Path.IsPathRooted(spec.Component) ? spec.Component : Path.Combine(dir, spec.Component);
        string at = spec.Location.Line > 0 ? spec.Location + ": " : "";
        string full;
        try { full = Path.GetFullPath(file); }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new PhotonicException($"{at}instance '{instancePath}': '{spec.Component}' is not a valid file path");
        }
        string? mode = spec.TextSettings.TryGetValue(ModeSetting, out var m) ? m
            : spec.Settings.TryGetValue(ModeSetting, out double id) ? id.ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
        string key = mode is null ? full : $"{full}@{mode}";
        if (cache.TryGetValue(key, out var model)) return model;
        if (!File.Exists(full))
            throw new PhotonicException($"{at}instance '{instancePath}': S-parameter file not found: {file}");
        SParameterData data;
        try { data = Read(full, mode); }
        catch (PhotonicException e) { throw new PhotonicException($"{at}instance '{instancePath}': {e.Message}"); }
        notes?.AddRange(data.Notes);
        if (data.PassivityWarning() is { } w) warnings?.Add(w);
        model = TableModel.CreateModel(data, spec.Component);
        cache[key] = model;
        return model;
    }
}
