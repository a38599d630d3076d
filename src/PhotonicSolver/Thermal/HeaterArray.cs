using System.Globalization;
using PhotonicSolver.Circuit;

namespace PhotonicSolver.Thermal;

/// <summary>How thermal crosstalk decays with the distance d between a heater and a heated section.</summary>
public enum CrosstalkKernel
{
    /// <summary>k(d) = exp(−d/d0).</summary>
    Exponential,
    /// <summary>k(d) = 1/(1 + (d/d0)²).</summary>
    Lorentzian,
}

/// <summary>A thermo-optic heater: its own (self) heated section and how strongly it heats it.</summary>
/// <param name="Name">Heater name (the key of its power).</param>
/// <param name="Section">Index, in the array's section list, of the section the heater sits on.</param>
/// <param name="PPiMw">Power for a π phase shift of its own section (mW); or NaN to use <paramref name="RthKPerMw"/>.</param>
/// <param name="RthKPerMw">Thermal resistance heater → own section (K/mW); or NaN to use <paramref name="PPiMw"/>.</param>
public sealed record Heater(string Name, int Section, double PPiMw = double.NaN, double RthKPerMw = double.NaN);

/// <summary>
/// N heaters acting on M heated sections through a thermal crosstalk matrix R (K/mW): the temperature rise of
/// section j is ΔT_j = Σ_i R[j, i]·P_i. The response is linear, so heater effects superpose.
/// </summary>
/// <remarks>
/// <para>A heater's self term is R_self = its thermal resistance (K/mW), or, from Pπ,
/// R_self = π/(φ_K·Pπ) with φ_K = 2π·dneff/dT·L_h/λ the phase per kelvin of its own section: then
/// Δφ = φ_K·R_self·P = π·P/Pπ, the convention Δφ = π·P/Pπ (CONVENTIONS), and equally
/// Δφ = 2π·dneff/dT·ΔT·L/λ with ΔT = R_th·P.</para>
/// <para>Crosstalk is given either as the full matrix R (K/mW), or from distances d[j, i] (µm) between section j
/// and heater i with a decay kernel normalised to the self term: R[j, i] = R_self,i·k(d[j, i]/d0), k(0) = 1
/// (exponential exp(−d/d0) or Lorentzian 1/(1 + (d/d0)²)). Both kernels are phenomenological: fit d0 to a
/// measurement or to a heat-conduction simulation of the stack (typically a few to tens of µm in SOI).</para>
/// </remarks>
public sealed class HeaterArray
{
    public IReadOnlyList<Heater> Heaters { get; }
    public IReadOnlyList<HeatedSection> Sections { get; }
    private readonly double[,]? _matrix;
    private readonly double[,]? _distances;
    private readonly CrosstalkKernel _kernel;
    private readonly double _d0;

    private HeaterArray(IReadOnlyList<Heater> heaters, IReadOnlyList<HeatedSection> sections, double[,]? matrix,
                        double[,]? distances, CrosstalkKernel kernel, double d0)
    {
        Heaters = heaters; Sections = sections; _matrix = matrix; _distances = distances; _kernel = kernel; _d0 = d0;
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var h in heaters)
        {
            if (!names.Add(h.Name)) throw new PhotonicException($"heater '{h.Name}' is defined twice");
            if (h.Section < 0 || h.Section >= sections.Count)
                throw new PhotonicException($"heater '{h.Name}': section index {h.Section} is not one of the {sections.Count} sections");
            bool hasPPi = !double.IsNaN(h.PPiMw), hasR = !double.IsNaN(h.RthKPerMw);
            if (hasPPi == hasR)
                throw new PhotonicException($"heater '{h.Name}': give either p_pi_mW or r_th_K_per_mW, not {(hasPPi ? "both" : "neither")}");
            if (hasPPi && !(h.PPiMw > 0 && double.IsFinite(h.PPiMw))) throw new PhotonicException($"heater '{h.Name}': p_pi_mW must be positive");
            if (hasR && !(h.RthKPerMw >= 0 && double.IsFinite(h.RthKPerMw))) throw new PhotonicException($"heater '{h.Name}': r_th_K_per_mW must be ≥ 0");
        }
        var m = matrix ?? distances!;
        if (m.GetLength(0) != sections.Count || m.GetLength(1) != heaters.Count)
            throw new PhotonicException($"crosstalk: expected a {sections.Count} × {heaters.Count} (sections × heaters) matrix, got {m.GetLength(0)} × {m.GetLength(1)}");
        foreach (double v in m)
            if (!(v >= 0) || !double.IsFinite(v))
                throw new PhotonicException($"crosstalk: {(matrix is null ? "distances" : "thermal resistances")} must be finite and ≥ 0 (got {v})");
        if (distances is not null && !(d0 > 0 && double.IsFinite(d0))) throw new PhotonicException($"crosstalk: d0 must be positive (got {d0} µm)");
    }

    /// <summary>Heaters and sections with the crosstalk given as R[section, heater] (K/mW); the self terms come from it.</summary>
    /// <remarks>With a matrix, each heater's own p_pi_mW or r_th is still required and must agree with R[self, heater]
    /// (checked when bound), so a matrix cannot silently contradict a heater's Pπ.</remarks>
    public static HeaterArray FromMatrix(IReadOnlyList<Heater> heaters, IReadOnlyList<HeatedSection> sections, double[,] kPerMw)
        => new(heaters, sections, (double[,])kPerMw.Clone(), null, CrosstalkKernel.Exponential, 1);

    /// <summary>Crosstalk from distances d[section, heater] (µm) and a decay kernel normalised to the self term.</summary>
    public static HeaterArray FromDistances(IReadOnlyList<Heater> heaters, IReadOnlyList<HeatedSection> sections, double[,] distancesUm,
                                            CrosstalkKernel kernel, double d0Um)
        => new(heaters, sections, null, (double[,])distancesUm.Clone(), kernel, d0Um);

    /// <summary>Each heater heats only its own section (no crosstalk).</summary>
    public static HeaterArray WithoutCrosstalk(IReadOnlyList<Heater> heaters, IReadOnlyList<HeatedSection> sections)
    {
        // Distances of double.MaxValue make both kernels exactly 0 off the self terms.
        var d = new double[sections.Count, heaters.Count];
        for (int j = 0; j < sections.Count; j++)
            for (int i = 0; i < heaters.Count; i++) d[j, i] = heaters[i].Section == j ? 0 : double.MaxValue;
        return FromDistances(heaters, sections, d, CrosstalkKernel.Exponential, 1.0);
    }

    /// <summary>Crosstalk from positions (µm) of heaters and sections in the chip plane.</summary>
    public static HeaterArray FromPositions(IReadOnlyList<Heater> heaters, IReadOnlyList<HeatedSection> sections,
                                            IReadOnlyList<(double X, double Y)> heaterUm, IReadOnlyList<(double X, double Y)> sectionUm,
                                            CrosstalkKernel kernel, double d0Um)
    {
        if (heaterUm.Count != heaters.Count || sectionUm.Count != sections.Count)
            throw new PhotonicException("crosstalk: one position per heater and per section");
        var d = new double[sections.Count, heaters.Count];
        for (int j = 0; j < sections.Count; j++)
            for (int i = 0; i < heaters.Count; i++)
                d[j, i] = Math.Sqrt(Sq(sectionUm[j].X - heaterUm[i].X) + Sq(sectionUm[j].Y - heaterUm[i].Y));
        return FromDistances(heaters, sections, d, kernel, d0Um);
        static double Sq(double v) => v * v;
    }

    /// <summary>The kernel value k(d/d0), 1 at d = 0.</summary>
    public static double Kernel(CrosstalkKernel kernel, double dUm, double d0Um) => kernel switch
    {
        CrosstalkKernel.Exponential => Math.Exp(-dUm / d0Um),
        CrosstalkKernel.Lorentzian => 1.0 / (1.0 + dUm / d0Um * (dUm / d0Um)),
        _ => throw new ArgumentOutOfRangeException(nameof(kernel)),
    };

    /// <summary>Resolves the sections against a circuit and fixes the base settings the overrides start from.</summary>
    public HeaterBinding Bind(FlatCircuit circuit) => new(this, circuit);

    internal double[,]? Matrix => _matrix;
    internal double[,]? Distances => _distances;
    internal CrosstalkKernel KernelKind => _kernel;
    internal double D0 => _d0;
}

/// <summary>
/// A <see cref="HeaterArray"/> bound to a circuit: heater powers → section temperature rises → phases → the
/// dotted setting overrides (ps1.phase, wg.neff, wg.ng) for <see cref="Netlists.Flattener.Flatten"/> or
/// <see cref="FlatCircuit.SetSetting"/>. The base values are the circuit's settings at bind time, so applying
/// the overrides to that same circuit and asking again does not accumulate.
/// </summary>
public sealed class HeaterBinding
{
    public HeaterArray Array { get; }
    public IReadOnlyList<SectionTarget> Targets { get; }
    /// <summary>R[section, heater] (K/mW): temperature rise of each section per mW of each heater.</summary>
    public double[,] KPerMw { get; }

    internal HeaterBinding(HeaterArray array, FlatCircuit circuit)
    {
        Array = array;
        var targets = array.Sections.Select(s => SectionTargets.Resolve(circuit, s)).ToList();
        var dup = targets.GroupBy(t => t.Instance).FirstOrDefault(g => g.Count() > 1);
        if (dup is not null) throw new PhotonicException($"heated section '{dup.Key}' is listed twice");
        Targets = targets;
        int m = targets.Count, n = array.Heaters.Count;
        var self = new double[n];
        for (int i = 0; i < n; i++)
        {
            var h = array.Heaters[i];
            if (!double.IsNaN(h.RthKPerMw)) { self[i] = h.RthKPerMw; continue; }
            double phiK = targets[h.Section].PhasePerKelvinRef;
            if (!(phiK != 0))
                throw new PhotonicException($"heater '{h.Name}': its section '{targets[h.Section].Instance}' has no thermo-optic effect (dneff_dT = 0), so Pπ cannot be met");
            self[i] = Math.PI / (Math.Abs(phiK) * h.PPiMw);
        }
        KPerMw = new double[m, n];
        for (int j = 0; j < m; j++)
            for (int i = 0; i < n; i++)
                KPerMw[j, i] = array.Matrix is { } mat ? mat[j, i]
                             : self[i] * HeaterArray.Kernel(array.KernelKind, array.Distances![j, i], array.D0);
        if (array.Matrix is not null)
            for (int i = 0; i < n; i++)
            {
                var h = array.Heaters[i];
                double given = KPerMw[h.Section, i];
                if (Math.Abs(given - self[i]) > 1e-9 * Math.Max(given, self[i]))
                    throw new PhotonicException($"heater '{h.Name}': the crosstalk matrix gives {Num(given)} K/mW on its own section " +
                                                $"'{targets[h.Section].Instance}', but its {(double.IsNaN(h.PPiMw) ? "r_th_K_per_mW" : "p_pi_mW")} gives {Num(self[i])} K/mW");
            }
    }

    private double[] Check(IReadOnlyList<double> powersMw)
    {
        if (powersMw.Count != Array.Heaters.Count)
            throw new PhotonicException($"{powersMw.Count} heater powers given for {Array.Heaters.Count} heaters ({string.Join(", ", Array.Heaters.Select(h => h.Name))})");
        for (int i = 0; i < powersMw.Count; i++)
            if (!(powersMw[i] >= 0) || !double.IsFinite(powersMw[i]))
                throw new PhotonicException($"heater '{Array.Heaters[i].Name}': power {powersMw[i]} mW must be finite and ≥ 0");
        return powersMw.ToArray();
    }

    /// <summary>Temperature rise of each section (K) for heater powers (mW, one per heater).</summary>
    public double[] TemperatureRise(IReadOnlyList<double> powersMw)
    {
        var p = Check(powersMw);
        var t = new double[Targets.Count];
        for (int j = 0; j < t.Length; j++)
            for (int i = 0; i < p.Length; i++) t[j] += KPerMw[j, i] * p[i];
        return t;
    }

    /// <summary>Heater powers by name (missing heaters are off).</summary>
    public double[] Powers(IReadOnlyDictionary<string, double> byName)
    {
        var p = new double[Array.Heaters.Count];
        foreach (var (name, v) in byName)
        {
            int i = Array.Heaters.ToList().FindIndex(h => h.Name == name);
            if (i < 0) throw new PhotonicException($"unknown heater '{name}'; heaters: {string.Join(", ", Array.Heaters.Select(h => h.Name))}");
            p[i] = v;
        }
        return p;
    }

    /// <summary>Phase change of each section (rad, at its reference wavelength) for heater powers (mW).</summary>
    public double[] Phases(IReadOnlyList<double> powersMw)
        => TemperatureRise(powersMw).Select((t, j) => Targets[j].PhasePerKelvinRef * t).ToArray();

    /// <summary>
    /// The dotted setting overrides that put the heater powers (mW) into the circuit, optionally on top of
    /// extra per-section rises (K, e.g. from a thermal network).
    /// </summary>
    public Dictionary<string, double> Overrides(IReadOnlyList<double> powersMw, IReadOnlyList<double>? extraRiseK = null)
    {
        var rise = TemperatureRise(powersMw);
        if (extraRiseK is not null)
            for (int j = 0; j < rise.Length; j++) rise[j] += extraRiseK[j];
        var o = new Dictionary<string, double>(StringComparer.Ordinal);
        for (int j = 0; j < rise.Length; j++) Targets[j].Apply(rise[j], o);
        return o;
    }

    private static string Num(double v) => v.ToString("G6", CultureInfo.InvariantCulture);
}
