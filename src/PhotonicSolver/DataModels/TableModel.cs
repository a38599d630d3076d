using System.Runtime.CompilerServices;
using PhotonicSolver.Circuit;
using PhotonicSolver.Models;
using PhotonicSolver.Numerics;

namespace PhotonicSolver.DataModels;

/// <summary>
/// Data-backed components: an N-port whose S-matrix is interpolated over wavelength from a table (Touchstone
/// or Lumerical file). Tables do not fit the per-point parameter block of built-in models, so the plan
/// compiler packs each table once into the plan's read-only double table, and
/// <see cref="PlanExecutor.EvaluateModels{TM}"/> calls <see cref="Evaluate{TM}"/> for calls whose model id is
/// <see cref="ModelIds.SParameterTable"/>, passing the table's offset instead of a parameter offset.
/// </summary>
/// <remarks>
/// Table layout at offset T in the plan doubles: [n, slots, wl_0 … wl_{n−1}, then for each wavelength p and slot
/// k: re, im at T + 2 + n + 2·(p·slots + k)]. Interpolation is linear in Re and Im between the two neighbouring
/// wavelengths, found by bisection; outside the table the end values are held (the compiler refuses sweeps that
/// leave the table's range, so this only guards rounding). The code is allocation-free and kernel-safe.
/// </remarks>
public static class TableModel
{
    /// <summary>Writes the interpolated slots of the table at <paramref name="table"/> into registers dst…dst+slots−1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Evaluate<TM>(ref TM m, int table, double wl, int dst, int slots) where TM : struct, IPointMemory
    {
        int n = (int)m.Double(table);
        int wl0 = table + 2, data = table + 2 + n;
        int lo = 0, hi = n - 1;
        double t = 0.0;
        if (n == 1 || wl <= m.Double(wl0)) { hi = 0; }
        else if (wl >= m.Double(wl0 + n - 1)) { lo = n - 1; hi = n - 1; }
        else
        {
            while (hi - lo > 1)
            {
                int mid = (lo + hi) >> 1;
                if (m.Double(wl0 + mid) <= wl) lo = mid; else hi = mid;
            }
            double a = m.Double(wl0 + lo), b = m.Double(wl0 + hi);
            t = (wl - a) / (b - a);
        }
        int pa = data + 2 * lo * slots, pb = data + 2 * hi * slots;
        for (int k = 0; k < slots; k++)
        {
            double ar = m.Double(pa + 2 * k), ai = m.Double(pa + 2 * k + 1);
            double br = m.Double(pb + 2 * k), bi = m.Double(pb + 2 * k + 1);
            m.SetRegister(dst + k, new Cx(ar + t * (br - ar), ai + t * (bi - ai)));
        }
    }

    /// <summary>
    /// The model description of a data file: ports o1..oN in the file's port order, no settings, and one slot
    /// per S-matrix entry that is non-zero somewhere in the table (entries that are zero throughout stay
    /// structural zeros, so the elimination skips them).
    /// </summary>
    public static ModelInfo CreateModel(SParameterData data, string name)
    {
        int n = data.PortCount;
        var pattern = new List<PatternEntry>();
        for (int to = 0; to < n; to++)
            for (int from = 0; from < n; from++)
                if (data.S.Any(s => s[to, from] != Cx.Zero)) pattern.Add(new PatternEntry(to, from, pattern.Count));
        return new ModelInfo
        {
            Id = ModelIds.SParameterTable,
            Name = name,
            Summary = $"Data-backed {n}-port from {Path.GetFileName(data.Source)}: S interpolated linearly in Re/Im over " +
                      $"{data.MinWavelength:G6}–{data.MaxWavelength:G6} µm ({data.WavelengthsUm.Length} points).",
            Ports = Enumerable.Range(1, n).Select(i => $"o{i}").ToArray(),
            Settings = [],
            Pattern = pattern.ToArray(),
            Reference = $"tabulated data: {data.Source} (file ports {string.Join(", ", data.PortNames.Select((p, i) => $"o{i + 1}={p}"))})",
            DependsOnWavelength = true,
            Data = data,
        };
    }

    /// <summary>Appends a model's table to the plan doubles in the layout above; returns its offset.</summary>
    public static int Pack(ModelInfo model, List<double> doubles)
    {
        var data = model.Data ?? throw new ArgumentException($"model {model.Name} has no table");
        int offset = doubles.Count;
        int n = data.WavelengthsUm.Length;
        doubles.Add(n);
        doubles.Add(model.SlotCount);
        doubles.AddRange(data.WavelengthsUm);
        var bySlot = model.Pattern.OrderBy(e => e.Slot).ToArray();
        for (int p = 0; p < n; p++)
        {
            foreach (var e in bySlot)
            {
                var v = data.S[p][e.To, e.From];
                doubles.Add(v.Re);
                doubles.Add(v.Im);
            }
        }
        return offset;
    }

    /// <summary>Refuses wavelengths outside the table: extrapolating measured or simulated data is a guess.</summary>
    public static void CheckRange(FlatInstance inst, double lo, double hi)
    {
        var data = inst.Model.Data!;
        // One part in 1e9 of slack: frequencies converted to wavelengths and back lose a few ulps.
        double slack = 1e-9 * data.MaxWavelength;
        if (lo < data.MinWavelength - slack || hi > data.MaxWavelength + slack)
            throw new PhotonicException($"{(inst.Location.Line > 0 ? inst.Location + ": " : "")}instance '{inst.Path}' ({Path.GetFileName(data.Source)}): " +
                                        $"wavelengths {lo:G8}–{hi:G8} µm leave the data's range {data.MinWavelength:G8}–{data.MaxWavelength:G8} µm; " +
                                        "data-backed components are not extrapolated");
    }
}
