using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace PhotonicSolver.Sweep;

/// <summary>
/// The first line of a sweep shard's CSV: which slice of which run it holds.
/// <code># photonic-shard: 2/8 points [250, 375) of 1000 fingerprint 3f9a…</code>
/// The fingerprint hashes everything that makes two shards parts of the same sweep (netlist and sweep-file contents,
/// overrides, axes, port pairs, precision), so <c>photonic merge</c> can refuse a missing, duplicated, foreign,
/// overlapping or cut shard and name it. The merged CSV leaves these lines out, so it is byte-identical to the
/// unsharded run.
/// </summary>
public sealed partial record ShardHeader(int Index, int Count, long First, long End, long Points, string Fingerprint)
{
    public const string Prefix = "# photonic-shard: ";

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Prefix}{Index}/{Count} points [{First}, {End}) of {Points} fingerprint {Fingerprint}");

    [GeneratedRegex(@"^# photonic-shard: (\d+)/(\d+) points \[(\d+), (\d+)\) of (\d+) fingerprint ([0-9a-f]*)$")]
    private static partial Regex Pattern();

    /// <summary>Parses a shard line, or null if <paramref name="line"/> is not one.</summary>
    public static ShardHeader? TryParse(string? line)
    {
        if (line is null) return null;
        var m = Pattern().Match(line);
        if (!m.Success) return null;
        try
        {
            var c = CultureInfo.InvariantCulture;
            return new ShardHeader(int.Parse(m.Groups[1].Value, c), int.Parse(m.Groups[2].Value, c), long.Parse(m.Groups[3].Value, c),
                                   long.Parse(m.Groups[4].Value, c), long.Parse(m.Groups[5].Value, c), m.Groups[6].Value);
        }
        catch (OverflowException) { return null; }
    }

    /// <summary>A short hex SHA-256 over the parts that define a sweep (order matters).</summary>
    public static string FingerprintOf(IEnumerable<string> parts)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var part in parts)
        {
            sha.AppendData(Encoding.UTF8.GetBytes(part));
            sha.AppendData([0]);
        }
        return Convert.ToHexStringLower(sha.GetHashAndReset())[..16];
    }

    /// <summary>The fingerprint of a compiled sweep: its inputs' contents and every axis value.</summary>
    public static string FingerprintOf(IEnumerable<string> inputFileHashes, IReadOnlyDictionary<string, double> overrides,
                                       SweepSpec sweep, IEnumerable<string> outputs, string precision)
    {
        var parts = new List<string>(inputFileHashes);
        foreach (var (k, v) in overrides.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"set {k}={v:R}"));
        foreach (var axis in sweep.Axes)
        {
            var sb = new StringBuilder("axis ").Append(axis.Name).Append('=');
            if (axis.IsLinear) sb.Append(string.Create(CultureInfo.InvariantCulture, $"linear {axis.Start:R} {axis.Step:R} {axis.Count}"));
            else for (long i = 0; i < axis.Count; i++) sb.Append(axis[i].ToString("R", CultureInfo.InvariantCulture)).Append(',');
            parts.Add(sb.ToString());
        }
        parts.Add("outputs " + string.Join(",", outputs));
        parts.Add("precision " + precision);
        return FingerprintOf(parts);
    }
}
