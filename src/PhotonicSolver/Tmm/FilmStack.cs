using System.Globalization;
using System.Runtime.CompilerServices;
using PhotonicSolver.Materials;
using PhotonicSolver.Models;
using PhotonicSolver.Numerics;

namespace PhotonicSolver.Tmm;

/// <summary>One layer of a film stack: a material, a thickness (µm) and whether light adds coherently in it.</summary>
public sealed class FilmLayer(Material material, double thicknessUm, bool coherent = true, string? location = null)
{
    public Material Material { get; } = material;
    public double Thickness { get; } = thicknessUm;
    /// <summary>False for a thick layer (substrate) whose multiple reflections add in power, not amplitude.</summary>
    public bool Coherent { get; } = coherent;
    /// <summary>Where the layer was defined ("file:line:column"), for messages.</summary>
    public string? Location { get; } = location;
}

/// <summary>
/// A multilayer: incidence medium, layers (first met by the light first) and exit medium, at a temperature.
/// Host-side description; <see cref="FillTable"/> turns it into the flat (n, k, d) table that
/// <see cref="ThinFilm"/> reads at one wavelength.
/// </summary>
public sealed class FilmStack
{
    public FilmStack(Material incidence, IEnumerable<FilmLayer> layers, Material exit, double temperatureC = 25.0, string? source = null)
    {
        Incidence = incidence; Exit = exit; Layers = [.. layers]; TemperatureC = temperatureC; Source = source;
        foreach (var l in Layers)
            if (!(l.Thickness >= 0) || double.IsInfinity(l.Thickness))
                throw new PhotonicException($"{Where(l)}layer thickness must be a finite number ≥ 0 µm (got {l.Thickness})");
    }

    public Material Incidence { get; }
    public Material Exit { get; }
    public IReadOnlyList<FilmLayer> Layers { get; }
    public double TemperatureC { get; }
    /// <summary>The file the stack came from, if any.</summary>
    public string? Source { get; }

    /// <summary>Table rows: incidence, layers, exit.</summary>
    public int Rows => Layers.Count + 2;

    public bool HasIncoherentLayers => Layers.Any(l => !l.Coherent);

    /// <summary>True when no medium's index depends on wavelength (one table serves every wavelength).</summary>
    public bool IsDispersionless => Incidence is ConstantMaterial && Exit is ConstantMaterial && Layers.All(l => l.Material is ConstantMaterial);

    /// <summary>
    /// Writes rows × <see cref="ThinFilm.Stride"/> doubles at <paramref name="offset"/>: (n, k, d) for the incidence
    /// medium (d = 0), each layer and the exit medium (d = 0), at <paramref name="wlUm"/>. Errors name the layer.
    /// </summary>
    public void FillTable(double wlUm, double[] table, int offset = 0)
    {
        Write(table, offset, 0, Index(Incidence, wlUm, "incidence medium"), 0.0);
        if (table[offset + 1] != 0.0)
            throw new PhotonicException($"{SourcePrefix}the incidence medium '{Incidence.Name}' absorbs (k ≠ 0 at {Fmt(wlUm)} µm); it must be transparent");
        for (int i = 0; i < Layers.Count; i++)
            Write(table, offset, i + 1, Index(Layers[i].Material, wlUm, $"layer {i + 1}", Layers[i]), Layers[i].Thickness);
        Write(table, offset, Rows - 1, Index(Exit, wlUm, "exit medium"), 0.0);
    }

    public double[] Table(double wlUm)
    {
        var t = new double[Rows * ThinFilm.Stride];
        FillTable(wlUm, t);
        return t;
    }

    /// <summary>
    /// Solves one point on the host: coherent TMM, or the incoherent combination when some layers are incoherent
    /// (then r and t are NaN: amplitudes are undefined once phases are averaged away).
    /// </summary>
    public TmmPoint Solve(double wlUm, double angleRad, int pol)
    {
        CheckAngle(angleRad);
        var table = Table(wlUm);
        return SolveTable(table, wlUm, angleRad, pol);
    }

    /// <summary>Solves with a table already filled by <see cref="FillTable"/> (sweeps reuse tables).</summary>
    public TmmPoint SolveTable(double[] table, double wlUm, double angleRad, int pol)
    {
        if (HasIncoherentLayers)
        {
            FastMath.SinCos(angleRad, out double s, out _);
            return IncoherentTmm.Solve(table, Rows, CoherentFlags, wlUm, table[0] * s, pol);
        }
        var p = new ArrayParams(table);
        return ThinFilm.Solve(ref p, 0, Rows, wlUm, angleRad, pol);
    }

    private bool[]? _coherent;
    /// <summary>Per table row: true for coherent layers; the outer media count as incoherent.</summary>
    public bool[] CoherentFlags => _coherent ??= [false, .. Layers.Select(l => l.Coherent), false];

    public static void CheckAngle(double angleRad)
    {
        if (!(angleRad >= 0 && angleRad < Math.PI / 2))
            throw new PhotonicException($"angle of incidence {Fmt(angleRad * 180 / Math.PI)}° is outside [0, 90)°");
    }

    private ComplexIndex Index(Material m, double wl, string what, FilmLayer? layer = null)
    {
        ComplexIndex nk;
        try { nk = m.Index(wl, TemperatureC); }
        catch (PhotonicException e) { throw new PhotonicException($"{(layer is null ? SourcePrefix : Where(layer))}{what}: {e.Message}", e); }
        if (!(Math.Abs(nk.N) <= ThinFilm.MaxIndex && Math.Abs(nk.K) <= ThinFilm.MaxIndex))
            throw new PhotonicException($"{(layer is null ? SourcePrefix : Where(layer))}{what}: index {Fmt(nk.N)} + {Fmt(nk.K)}i of material '{m.Name}' at " +
                                        $"{Fmt(wl)} µm is beyond the thin-film engine's range (|n|, |k| ≤ {ThinFilm.MaxIndex:G3}); the result would not be finite");
        return nk;
    }

    private string SourcePrefix => Source is null ? "" : Source + ": ";

    private string Where(FilmLayer l) => l.Location is null ? SourcePrefix : l.Location + ": ";

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Write(double[] t, int offset, int row, ComplexIndex nk, double d)
    {
        int o = offset + row * ThinFilm.Stride;
        t[o] = nk.N; t[o + 1] = nk.K; t[o + 2] = d;
    }

    private static string Fmt(double v) => v.ToString("G6", CultureInfo.InvariantCulture);
}
