using PhotonicSolver.IO;
using PhotonicSolver.Models;
using PhotonicSolver.Netlists;

namespace PhotonicSolver.DataModels;

/// <summary>
/// Resolves a netlist component that names an S-parameter file into a data-backed model:
/// <c>component: mmi.s4p</c> (Touchstone 1.x/2.0, .sNp or .ts) or <c>component: y_branch.sparam</c> /
/// <c>.dat</c> (Lumerical INTERCONNECT "Optical N Port S-Parameter"). The path is relative to the netlist
/// file's folder. The instance's ports are o1..oN in the file's port order; it has no settings.
/// </summary>
public static class DataModelFiles
{
    public static bool IsDataFile(string component)
    {
        string ext = Path.GetExtension(component).ToLowerInvariant();
        return ext is ".sparam" or ".dat" or ".ts" || Touchstone.PortsFromExtension(component) > 0;
    }

    /// <summary>Reads any supported S-parameter file by its extension.</summary>
    public static SParameterData Read(string path)
    {
        string ext = Path.GetExtension(path).ToLowerInvariant();
        return ext is ".sparam" or ".dat" ? LumericalSParameters.Read(path) : Touchstone.Read(path);
    }

    /// <summary>Loads (once per file, through <paramref name="cache"/>) the model of an instance's data file.</summary>
    public static ModelInfo Load(string netlistPath, InstanceSpec spec, string instancePath, Dictionary<string, ModelInfo> cache)
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
        if (cache.TryGetValue(full, out var model)) return model;
        if (!File.Exists(full))
            throw new PhotonicException($"{at}instance '{instancePath}': S-parameter file not found: {file}");
        SParameterData data;
        try { data = Read(full); }
        catch (PhotonicException e) { throw new PhotonicException($"{at}instance '{instancePath}': {e.Message}"); }
        model = TableModel.CreateModel(data, spec.Component);
        cache[full] = model;
        return model;
    }
}
