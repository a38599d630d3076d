using System.Globalization;
using PhotonicSolver.Sweep;
using YamlDotNet.RepresentationModel;

namespace PhotonicSolver.MonteCarlo;

/// <summary>
/// A Monte Carlo (or corner) file: a sweep file's <c>wl</c> and <c>set</c>, plus
/// <code>
/// montecarlo:
///   samples: 1000000
///   seed: 42
///   parameters:
///     - {name: ps.phase, dist: normal, mean: 0.0, std: 0.1}
///     - {name: dc1.coupling, dist: truncnormal, mean: 0.5, std: 0.02, low: 0.4, high: 0.6, scope: global}
///   correlation: [[1, 0.3], [0.3, 1]]         # optional, in parameter order
///   # or covariance: [[0.01, 6e-5], [6e-5, 4e-4]]   (normal/truncnormal only; std then optional)
/// corners:                                    # instead of montecarlo
///   parameters:
///     - {name: dc1.coupling, min: 0.45, typ: 0.5, max: 0.55}
///   combinations: all                         # or listed rows: [[min, max], [typ, typ]]
/// specs:
///   - {name: isolation, metric: transmission_dB, pair: bar:in, at_wl: 1.55, max: -30}
/// </code>
/// Every error names the file, line and column.
/// </summary>
public sealed class MonteCarloFile
{
    public required SweepFile Sweep { get; init; }
    public required VariationSpec Variation { get; init; }
    public required List<SpecDefinition> Specs { get; init; }
    public required string Source { get; init; }
    public required string Text { get; init; }

    private static readonly string[] Sections = ["montecarlo", "corners", "specs"];
    private static readonly string[] ParameterKeys = ["name", "dist", "mean", "std", "low", "high", "scope"];
    private static readonly string[] CornerKeys = ["name", "min", "typ", "max"];
    private static readonly string[] SpecKeys = ["name", "metric", "pair", "at_wl", "band", "min", "max"];
    private static readonly string[] Levels = ["min", "typ", "max"];

    public static MonteCarloFile Load(string path)
    {
        return Parse(IO.InputFile.ReadAllText(path, "sweep"), path);
    }

    public static MonteCarloFile Parse(string text, string source)
    {
        var sweep = SweepFile.Parse(text, source, Sections);
        if (sweep.Axes.Count > 0)
            throw new PhotonicException($"{source}: 'sweep' grid axes cannot be combined with a Monte Carlo or corner run; " +
                                        "fix settings with 'set' and run one analysis per grid point");
        bool mc = sweep.Extra.TryGetValue("montecarlo", out var mcNode), corners = sweep.Extra.TryGetValue("corners", out var cNode);
        if (!mc && !corners) throw new PhotonicException($"{source}: no 'montecarlo' or 'corners' section");
        if (mc && corners) throw new PhotonicException($"{At(source, cNode!)}: give either 'montecarlo' or 'corners', not both");
        var variation = mc ? ParseMonteCarlo(source, mcNode!) : ParseCorners(source, cNode!);
        if (!sweep.Extra.TryGetValue("specs", out var specNode)) throw new PhotonicException($"{source}: no 'specs' section (what to measure on each sample)");
        var specs = ParseSpecs(source, specNode);
        variation.Validate();
        foreach (var s in specs) s.Validate();
        return new MonteCarloFile { Sweep = sweep, Variation = variation, Specs = specs, Source = source, Text = text };
    }

    private static VariationSpec ParseMonteCarlo(string source, YamlNode node)
    {
        var map = Map(source, node, "'montecarlo' must be a mapping with samples, seed, parameters, correlation or covariance");
        CheckKeys(source, map, ["samples", "seed", "parameters", "correlation", "covariance"], "montecarlo");
        bool hasCorr = map.Children.TryGetValue(new YamlScalarNode("correlation"), out var corr);
        bool hasCov = map.Children.TryGetValue(new YamlScalarNode("covariance"), out var cov);
        if (hasCorr && hasCov)
            throw new PhotonicException($"{At(source, cov!)}: give either 'correlation' or 'covariance', not both " +
                                        $"(correlation at line {corr!.Start.Line}); a covariance already holds the correlations");
        var spec = new VariationSpec
        {
            Samples = WholeNumber(source, Get(source, map, "samples", "montecarlo"), "samples", 1, VariationSpec.MaxSamples),
            Seed = map.Children.TryGetValue(new YamlScalarNode("seed"), out var seed) ? Seed(source, seed) : 0,
        };
        var list = Get(source, map, "parameters", "montecarlo") as YamlSequenceNode
                   ?? throw new PhotonicException($"{At(source, map)}: 'parameters' must be a list of {{name, dist, mean, std, ...}}");
        if (list.Children.Count == 0) throw new PhotonicException($"{At(source, list)}: 'parameters' is empty");
        foreach (var item in list.Children) spec.Parameters.Add(ParseParameter(source, item, hasCov));
        if (hasCorr)
        {
            spec.Correlation = Matrix(source, corr!, "correlation");
            spec.CorrelationWhere = At(source, corr!);
        }
        if (hasCov)
        {
            spec.Covariance = Matrix(source, cov!, "covariance");
            spec.CovarianceWhere = At(source, cov!);
        }
        return spec;
    }

    /// <param name="covariance">The section has a covariance: normal and truncnormal parameters may omit std (NaN
    /// here, √Σ_ii once the spec is validated).</param>
    private static VariationParameter ParseParameter(string source, YamlNode node, bool covariance)
    {
        var m = Map(source, node, "a parameter is a mapping {name, dist, mean, std, low, high, scope}");
        CheckKeys(source, m, ParameterKeys, "parameter");
        string where = At(source, m);
        string name = Scalar(source, Get(source, m, "name", "parameter"));
        string dist = Scalar(source, Get(source, m, "dist", $"parameter '{name}'"));
        int code = dist switch
        {
            VariationParameter.NormalName => DistributionCode.Normal,
            VariationParameter.TruncatedNormalName => DistributionCode.TruncatedNormal,
            VariationParameter.UniformName => DistributionCode.Uniform,
            VariationParameter.LogNormalName => DistributionCode.LogNormal,
            _ => throw new PhotonicException($"{At(source, m.Children[new YamlScalarNode("dist")])}: parameter '{name}': unknown distribution '{dist}' " +
                                             $"(expected {string.Join(", ", VariationParameter.DistributionNames)})"),
        };
        double? Opt(string key) => m.Children.TryGetValue(new YamlScalarNode(key), out var v) ? Number(source, v) : null;
        string scope = m.Children.TryGetValue(new YamlScalarNode("scope"), out var sc) ? Scalar(source, sc) : "global";
        if (scope is not ("global" or "local")) throw new PhotonicException($"{At(source, sc!)}: parameter '{name}': scope must be global or local (got '{scope}')");
        if (code == DistributionCode.Uniform && (Opt("mean") is not null || Opt("std") is not null))
            throw new PhotonicException($"{where}: parameter '{name}': uniform takes low and high, not mean/std");
        if (code == DistributionCode.Normal && (Opt("low") is not null || Opt("high") is not null))
            throw new PhotonicException($"{where}: parameter '{name}': normal has no bounds; use dist: truncnormal with low and high");
        bool stdFromCovariance = covariance;   // a covariance refuses distributions other than normal and truncnormal itself
        if (code is DistributionCode.Normal or DistributionCode.TruncatedNormal or DistributionCode.LogNormal && Opt("std") is null && !stdFromCovariance)
            throw new PhotonicException($"{where}: parameter '{name}': missing 'std'");
        return new VariationParameter
        {
            Name = name, Code = code, Mean = Opt("mean"), Std = Opt("std") ?? (stdFromCovariance ? double.NaN : 0), Low = Opt("low") ?? double.NegativeInfinity,
            High = Opt("high") ?? double.PositiveInfinity, Scope = scope == "local" ? VariationScope.Local : VariationScope.Global, Where = where,
        };
    }

    private static VariationSpec ParseCorners(string source, YamlNode node)
    {
        var map = Map(source, node, "'corners' must be a mapping with parameters and combinations");
        CheckKeys(source, map, ["parameters", "combinations"], "corners");
        var list = Get(source, map, "parameters", "corners") as YamlSequenceNode
                   ?? throw new PhotonicException($"{At(source, map)}: 'parameters' must be a list of {{name, min, typ, max}}");
        if (list.Children.Count == 0) throw new PhotonicException($"{At(source, list)}: 'parameters' is empty");
        var names = new List<(string Name, string Where, double?[] Values)>();
        foreach (var item in list.Children)
        {
            var m = Map(source, item, "a corner parameter is a mapping {name, min, typ, max}");
            CheckKeys(source, m, CornerKeys, "corner parameter");
            string name = Scalar(source, Get(source, m, "name", "corner parameter"));
            var values = Levels.Select(l => m.Children.TryGetValue(new YamlScalarNode(l), out var v) ? Number(source, v) : (double?)null).ToArray();
            if (values[0] is null || values[2] is null) throw new PhotonicException($"{At(source, m)}: corner parameter '{name}' needs min and max (typ is optional)");
            names.Add((name, At(source, m), values));
        }
        var rows = new List<int[]>();
        YamlNode? comb = map.Children.TryGetValue(new YamlScalarNode("combinations"), out var c) ? c : null;
        if (comb is null || comb is YamlScalarNode { Value: "all" })
        {
            rows.Add([]);
            foreach (var (_, _, values) in names)
                rows = rows.SelectMany(r => Enumerable.Range(0, 3).Where(l => values[l] is not null).Select(l => (int[])[.. r, l])).ToList();
        }
        else if (comb is YamlSequenceNode seq)
        {
            foreach (var rowNode in seq.Children)
            {
                if (rowNode is not YamlSequenceNode row || row.Children.Count != names.Count)
                    throw new PhotonicException($"{At(source, rowNode)}: a corner is a list of {names.Count} levels (min, typ or max), one per parameter in order");
                rows.Add(row.Children.Select((x, k) =>
                {
                    string level = Scalar(source, x);
                    int l = Array.IndexOf(Levels, level);
                    if (l < 0) throw new PhotonicException($"{At(source, x)}: '{level}' is not a corner level (min, typ, max)");
                    if (names[k].Values[l] is null) throw new PhotonicException($"{At(source, x)}: corner parameter '{names[k].Name}' has no '{level}' value");
                    return l;
                }).ToArray());
            }
            if (rows.Count == 0) throw new PhotonicException($"{At(source, seq)}: 'combinations' is empty");
        }
        else throw new PhotonicException($"{At(source, comb)}: 'combinations' must be 'all' or a list of corners");
        var spec = new VariationSpec { Samples = rows.Count, CornerLabels = rows.Select(r => string.Join(",", r.Select(l => Levels[l]))).ToList() };
        for (int k = 0; k < names.Count; k++)
            spec.Parameters.Add(new VariationParameter
            {
                Name = names[k].Name, Code = DistributionCode.Table, Where = names[k].Where,
                Table = rows.Select(r => names[k].Values[r[k]]!.Value).ToArray(),
            });
        return spec;
    }

    private static List<SpecDefinition> ParseSpecs(string source, YamlNode node)
    {
        var list = node as YamlSequenceNode ?? throw new PhotonicException($"{At(source, node)}: 'specs' must be a list of {{name, metric, pair, at_wl|band, min, max}}");
        if (list.Children.Count == 0) throw new PhotonicException($"{At(source, list)}: 'specs' is empty");
        var specs = new List<SpecDefinition>();
        foreach (var item in list.Children)
        {
            var m = Map(source, item, "a spec is a mapping {name, metric, pair, at_wl|band, min, max}");
            CheckKeys(source, m, SpecKeys, "spec");
            string name = Scalar(source, Get(source, m, "name", "spec"));
            var metricNode = Get(source, m, "metric", $"spec '{name}'");
            string metric = Scalar(source, metricNode);
            if (!SpecDefinition.MetricNames.TryGetValue(metric, out var kind))
                throw new PhotonicException($"{At(source, metricNode)}: spec '{name}': unknown metric '{metric}' (expected {string.Join(", ", SpecDefinition.MetricNames.Keys)})");
            var pairNode = Get(source, m, "pair", $"spec '{name}'");
            var pair = Scalar(source, pairNode).Split(':');
            if (pair.Length != 2 || pair[0].Length == 0 || pair[1].Length == 0)
                throw new PhotonicException($"{At(source, pairNode)}: spec '{name}': pair must be OUT:IN (external port names), got '{Scalar(source, pairNode)}'");
            double? Opt(string key) => m.Children.TryGetValue(new YamlScalarNode(key), out var v) ? Number(source, v) : null;
            (double, double)? band = null;
            if (m.Children.TryGetValue(new YamlScalarNode("band"), out var b))
            {
                if (b is not YamlSequenceNode bs || bs.Children.Count != 2)
                    throw new PhotonicException($"{At(source, b)}: spec '{name}': band must be [low, high] in µm");
                band = (Number(source, bs.Children[0]), Number(source, bs.Children[1]));
            }
            specs.Add(new SpecDefinition
            {
                Name = name, Metric = kind, OutPort = pair[0].Trim(), InPort = pair[1].Trim(), AtWl = Opt("at_wl"), Band = band,
                Min = Opt("min"), Max = Opt("max"), Where = At(source, m),
            });
        }
        return specs;
    }

    // -------------------------------------------------------------------------------------------------------------

    private static string At(string source, YamlNode node) => $"{source}:{node.Start.Line}:{node.Start.Column}";

    private static YamlMappingNode Map(string source, YamlNode node, string what)
        => node as YamlMappingNode ?? throw new PhotonicException($"{At(source, node)}: {what}");

    private static YamlNode Get(string source, YamlMappingNode m, string key, string owner)
        => m.Children.TryGetValue(new YamlScalarNode(key), out var v) ? v : throw new PhotonicException($"{At(source, m)}: {owner}: missing '{key}'");

    private static void CheckKeys(string source, YamlMappingNode m, string[] allowed, string owner)
    {
        foreach (var k in m.Children.Keys)
        {
            string key = (k as YamlScalarNode)?.Value ?? "";
            if (!allowed.Contains(key)) throw new PhotonicException($"{At(source, k)}: {owner}: unknown key '{key}' (expected {string.Join(", ", allowed)})");
        }
    }

    private static string Scalar(string source, YamlNode node)
        => node is YamlScalarNode { Value: { } v } ? v : throw new PhotonicException($"{At(source, node)}: expected a name, got '{node}'");

    private static double Number(string source, YamlNode node)
    {
        if (node is YamlScalarNode s && IO.NumberText.TryParse(s.Value, allowNonFinite: false, out double v)) return v;
        throw new PhotonicException($"{At(source, node)}: expected a number: {IO.NumberText.WhyNot(node is YamlScalarNode sc ? sc.Value : node.ToString())}");
    }

    private static long WholeNumber(string source, YamlNode node, string what, long min, long max)
    {
        double v = Number(source, node);
        if (v != Math.Floor(v) || v < min || v > max) throw new PhotonicException($"{At(source, node)}: {what} must be a whole number from {min} to {max} (got {node})");
        return (long)v;
    }

    private static ulong Seed(string source, YamlNode node)
    {
        if (node is YamlScalarNode s && ulong.TryParse(s.Value, NumberStyles.None, CultureInfo.InvariantCulture, out ulong v)) return v;
        throw new PhotonicException($"{At(source, node)}: seed must be a whole number from 0 to 18446744073709551615 (got {node})");
    }

    private static double[,] Matrix(string source, YamlNode node, string what)
    {
        if (node is not YamlSequenceNode rows || rows.Children.Count == 0)
            throw new PhotonicException($"{At(source, node)}: {what} must be a square matrix " +
                                        $"({(what == "correlation" ? "[[1, r], [r, 1]]" : "[[s1², c], [c, s2²]]")}) in parameter order");
        int n = rows.Children.Count;
        var c = new double[n, n];
        for (int i = 0; i < n; i++)
        {
            if (rows.Children[i] is not YamlSequenceNode row || row.Children.Count != n)
                throw new PhotonicException($"{At(source, rows.Children[i])}: {what} row {i} must have {n} numbers (a square matrix)");
            for (int j = 0; j < n; j++) c[i, j] = Number(source, row.Children[j]);
        }
        return c;
    }
}
