using System.Globalization;
using PhotonicSolver.Circuit;
using PhotonicSolver.Models;
using PhotonicSolver.Netlists;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace PhotonicSolver.Tmm;

/// <summary>
/// A grating file: the settings of one <c>bragg_grating</c> as a YAML mapping (names, units and ranges as in
/// <c>photonic models</c>), plus an optional <c>temperature</c> (°C):
/// <code>
/// length: 300        # µm
/// kappa: 0.02        # 1/µm
/// sections: 200
/// phase_shift: 3.141592653589793
/// temperature: 25
/// </code>
/// It becomes a one-instance circuit named <see cref="Instance"/> with external ports o1 and o2, solved by the
/// ordinary engine.
/// </summary>
public static class GratingFile
{
    public const string Instance = "grating";

    public static FlatCircuit Load(string path)
    {
        return Parse(IO.InputFile.ReadAllText(path, "grating"), path);
    }

    public static FlatCircuit Parse(string text, string source)
    {
        var info = BraggGrating.Info;
        var settings = info.Defaults();
        double temperature = 25.0;
        var stream = IO.YamlText.Load(text, source);
        var loc = new SourceLocation(source, 1, 1);
        if (stream.Documents.Count > 0)
        {
            if (stream.Documents[0].RootNode is not YamlMappingNode root)
                throw new PhotonicException($"{source}: a grating file is a mapping of bragg_grating settings (e.g. kappa: 0.02)");
            foreach (var (k, v) in root.Children)
            {
                string key = (k as YamlScalarNode)?.Value ?? "";
                string where = $"{source}:{k.Start.Line}:{k.Start.Column}";
                double x = IO.YamlText.Number(v, source, $"'{key}'");
                if (key == FlatCircuit.TemperatureKey) { temperature = x; continue; }
                int i = info.SettingIndex(key);
                if (i < 0)
                    throw new PhotonicException($"{where}: bragg_grating has no setting '{key}'; its settings: {string.Join(", ", info.Settings.Select(z => z.Name))}, and temperature");
                if (!info.Settings[i].InRange(x))
                    throw new PhotonicException($"{where}: {key} = {x.ToString(CultureInfo.InvariantCulture)} is out of range: valid {info.Settings[i].RangeText} {info.Settings[i].Unit}");
                settings[i] = x;
            }
        }
        if (info.Validate?.Invoke(settings) is { } error) throw new PhotonicException($"{source}: {error}");
        return new FlatCircuit
        {
            Instances = [new FlatInstance { Path = Instance, Model = info, Settings = settings, Location = loc }],
            Connections = [],
            ExternalPorts = [("o1", new PortRef(0, 0)), ("o2", new PortRef(0, 1))],
            Temperature = temperature,
        };
    }
}
