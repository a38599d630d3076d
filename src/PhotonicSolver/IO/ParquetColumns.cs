using Parquet;
using Parquet.Schema;

namespace PhotonicSolver.IO;

/// <summary>
/// Reads a Parquet file's flat numeric columns (double, float, int64, int32, bool as 1/0) into arrays, for plotting
/// and analysis of the per-sample files `photonic montecarlo` writes. Other column types are reported by name.
/// </summary>
public static class ParquetColumns
{
    public static (string[] Names, double[][] Columns, IReadOnlyDictionary<string, string> Metadata) Read(string path)
    {
        if (!File.Exists(path)) throw new PhotonicException($"Parquet file not found: {path}");
        try { return ReadAsync(path).GetAwaiter().GetResult(); }
        catch (Exception e) when (e is IOException or InvalidDataException or NotSupportedException or ArgumentException)
        {
            throw new PhotonicException($"{path}: not a readable Parquet file ({e.Message})");
        }
    }

    private static async Task<(string[], double[][], IReadOnlyDictionary<string, string>)> ReadAsync(string path)
    {
        await using var reader = await ParquetReader.CreateAsync(path);
        var fields = reader.Schema.GetDataFields();
        foreach (var f in fields)
            if (f.IsArray || !IsNumeric(f.ClrType))
                throw new PhotonicException($"{path}: column '{f.Name}' has type {f.ClrType.Name}; only flat numeric and bool columns are read");
        var columns = fields.Select(_ => new List<double>()).ToArray();
        for (int g = 0; g < reader.RowGroupCount; g++)
        {
            using var rg = reader.OpenRowGroupReader(g);
            int n = (int)rg.RowCount;
            for (int k = 0; k < fields.Length; k++)
                columns[k].AddRange(await ReadColumn(rg, fields[k], n));
        }
        return (fields.Select(f => f.Name).ToArray(), columns.Select(c => c.ToArray()).ToArray(), reader.CustomMetadata);
    }

    private static bool IsNumeric(Type t) => t == typeof(double) || t == typeof(float) || t == typeof(long) || t == typeof(int) || t == typeof(bool);

    private static async Task<double[]> ReadColumn(ParquetRowGroupReader rg, DataField f, int n)
    {
        if (f.ClrType == typeof(double)) return await Read<double>(rg, f, n, v => v);
        if (f.ClrType == typeof(float)) return await Read<float>(rg, f, n, v => v);
        if (f.ClrType == typeof(long)) return await Read<long>(rg, f, n, v => v);
        if (f.ClrType == typeof(int)) return await Read<int>(rg, f, n, v => v);
        return await Read<bool>(rg, f, n, v => v ? 1.0 : 0.0);
    }

    private static async Task<double[]> Read<T>(ParquetRowGroupReader rg, DataField f, int n, Func<T, double> convert) where T : struct
    {
        var result = new double[n];
        if (f.IsNullable)
        {
            var values = new T?[n];
            await rg.ReadAsync<T>(f, values.AsMemory());
            for (int i = 0; i < n; i++) result[i] = values[i] is { } v ? convert(v) : double.NaN;
        }
        else
        {
            var values = new T[n];
            await rg.ReadAsync<T>(f, values.AsMemory());
            for (int i = 0; i < n; i++) result[i] = convert(values[i]);
        }
        return result;
    }
}
