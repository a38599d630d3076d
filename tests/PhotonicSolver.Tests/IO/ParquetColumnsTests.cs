using PhotonicSolver.IO;
using PhotonicSolver.Tests.Cli;

namespace PhotonicSolver.Tests.IO;

/// <summary>Per-sample Parquet files round-trip through the reader that `photonic plot` uses.</summary>
public class ParquetColumnsTests
{
    [Fact]
    public void SampleFilesRoundTripWithMetadataAndPlot()
    {
        string path = CliRunner.TempFile("samples.parquet");
        using (var w = new ParquetSampleWriter(File.Create(path)))
        {
            w.Begin(["ps.phase"], ["il_dB"], [new("seed", "42"), new("backend", "cpu")]);
            // Two chunks = two row groups, including a NaN metric that must survive.
            w.Write(0, 3, [0.1, 0.2, 0.3], [1.0, 2.0, double.NaN], [true, false, false], [false, false, true]);
            w.Write(3, 2, [0.4, 0.5], [4.0, 5.0], [true, true], [false, false]);
        }
        var (names, columns, metadata) = ParquetColumns.Read(path);
        Assert.Equal(["sample", "ps.phase", "il_dB", "pass", "nan"], names);
        Assert.Equal([0.0, 1, 2, 3, 4], columns[0]);
        Assert.Equal([0.1, 0.2, 0.3, 0.4, 0.5], columns[1]);
        Assert.Equal(1.0, columns[2][0]);
        Assert.True(double.IsNaN(columns[2][2]));
        Assert.Equal([1.0, 0, 0, 1, 1], columns[3]);
        Assert.Equal("42", metadata["seed"]);

        // `photonic plot` reads it like a CSV.
        string png = CliRunner.TempFile("hist.png");
        var (code, _, err) = CliRunner.Run("plot", path, "--kind", "histogram", "--x", "ps.phase", "--out", png);
        Assert.True(code == 0, err);
        Assert.True(new FileInfo(png).Length > 1000);
    }

    [Fact]
    public void NotAParquetFileIsAClearError()
    {
        string path = CliRunner.TempFile("bad.parquet", "this is not parquet");
        var ex = Assert.Throws<PhotonicException>(() => ParquetColumns.Read(path));
        Assert.Contains("bad.parquet", ex.Message);
    }
}
