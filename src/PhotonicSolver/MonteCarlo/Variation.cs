using System.Globalization;
using System.Text.RegularExpressions;
using MathNet.Numerics.LinearAlgebra;
using PhotonicSolver.Circuit;
using PhotonicSolver.Numerics;

namespace PhotonicSolver.MonteCarlo;

/// <summary>Global: one draw per sample (die), shared by every instance the name matches. Local: one draw per instance.</summary>
public enum VariationScope { Global, Local }

/// <summary>
/// One varied setting, as declared in a Monte Carlo file. <see cref="Name"/> is INSTANCE.SETTING; the instance part
/// may use * as a wildcard ("*.coupling", "arm*.width"), matching every instance that has the setting.
/// </summary>
public sealed class VariationParameter
{
    public const string NormalName = "normal", TruncatedNormalName = "truncnormal", UniformName = "uniform", LogNormalName = "lognormal";
    public static readonly string[] DistributionNames = [NormalName, TruncatedNormalName, UniformName, LogNormalName];

    public required string Name { get; init; }
    /// <summary>A <see cref="DistributionCode"/>.</summary>
    public required int Code { get; init; }
    /// <summary>Mean of the setting; null means each matched instance's nominal value from the netlist.</summary>
    public double? Mean { get; init; }
    public double Std { get; init; }
    public double Low { get; init; } = double.NegativeInfinity;
    public double High { get; init; } = double.PositiveInfinity;
    public VariationScope Scope { get; init; } = VariationScope.Global;
    /// <summary>Corners: the value of every sample (corner).</summary>
    public double[]? Table { get; init; }
    /// <summary>Where it was declared ("mc.yaml:7:7"), for messages.</summary>
    public string Where { get; init; } = "";

    public string DistributionName => Code switch
    {
        DistributionCode.Normal => NormalName,
        DistributionCode.TruncatedNormal => TruncatedNormalName,
        DistributionCode.Uniform => UniformName,
        DistributionCode.LogNormal => LogNormalName,
        _ => "corner",
    };

    private string Prefix => Where.Length > 0 ? $"{Where}: parameter '{Name}'" : $"parameter '{Name}'";

    /// <summary>Checks the distribution's own parameters (not yet the circuit): clear errors naming the parameter.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Name)) throw new PhotonicException($"{Where}: a parameter needs a name (INSTANCE.SETTING)");
        if (Name is FlatCircuit.WavelengthKey or FlatCircuit.TemperatureKey or SampleAxisName)
            throw new PhotonicException($"{Prefix}: '{Name}' cannot be varied; vary instance settings (a die temperature is '*.dT' with scope global)");
        int dot = Name.LastIndexOf('.');
        if (dot <= 0 || dot == Name.Length - 1) throw new PhotonicException($"{Prefix}: expected INSTANCE.SETTING (e.g. dc1.coupling or *.coupling)");
        foreach (var (v, what) in new[] { (Mean ?? 0, "mean"), (Std, "std") })
            if (!double.IsFinite(v)) throw new PhotonicException($"{Prefix}: {what} must be a finite number");
        switch (Code)
        {
            case DistributionCode.Normal:
                if (Std < 0) throw new PhotonicException($"{Prefix}: std must be >= 0 (got {F(Std)})");
                break;
            case DistributionCode.TruncatedNormal:
                if (!(Std > 0)) throw new PhotonicException($"{Prefix}: truncnormal needs std > 0 (got {F(Std)})");
                CheckBounds();
                break;
            case DistributionCode.Uniform:
                CheckBounds();
                break;
            case DistributionCode.LogNormal:
                if (!(Std > 0)) throw new PhotonicException($"{Prefix}: lognormal needs std > 0 (got {F(Std)})");
                if (Mean is { } m && !(m > 0)) throw new PhotonicException($"{Prefix}: lognormal needs mean > 0 (got {F(m)})");
                break;
            case DistributionCode.Table:
                if (Table is null || Table.Length == 0) throw new PhotonicException($"{Prefix}: a corner parameter needs values");
                break;
            default:
                throw new PhotonicException($"{Prefix}: unknown distribution code {Code}");
        }
    }

    private void CheckBounds()
    {
        if (!double.IsFinite(Low) || !double.IsFinite(High))
            throw new PhotonicException($"{Prefix}: {DistributionName} needs finite 'low' and 'high'");
        if (!(Low < High)) throw new PhotonicException($"{Prefix}: low must be < high (got low {F(Low)}, high {F(High)})");
    }

    internal static string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>A copy with another std (a covariance's √Σ_ii).</summary>
    internal VariationParameter WithStd(double std) => new()
    {
        Name = Name, Code = Code, Mean = Mean, Std = std, Low = Low, High = High, Scope = Scope, Table = Table, Where = Where,
    };

    /// <summary>Name of the sample axis in a compiled sweep.</summary>
    public const string SampleAxisName = "sample";
}

/// <summary>
/// The variation of a Monte Carlo (or corner) run: parameters, an optional correlation or covariance matrix (in
/// parameter order), the seed and the number of samples.
/// </summary>
public sealed class VariationSpec
{
    public List<VariationParameter> Parameters { get; } = [];
    /// <summary>Correlation matrix between parameters, in parameter order (null: independent). After
    /// <see cref="Validate"/>, a <see cref="Covariance"/> is held here as its correlation.</summary>
    public double[,]? Correlation { get; set; }
    public string CorrelationWhere { get; set; } = "";
    /// <summary>
    /// Covariance matrix Σ between parameters, in parameter order, instead of <see cref="Correlation"/>: parameter i
    /// (normal or truncnormal, the parent normal's std) has std √Σ_ii and copula correlation Σ_ij/√(Σ_ii Σ_jj).
    /// A parameter whose <see cref="VariationParameter.Std"/> is NaN takes √Σ_ii; one that gives a std must agree.
    /// <see cref="Validate"/> turns it into <see cref="Correlation"/> and the parameters' stds.
    /// </summary>
    public double[,]? Covariance { get; set; }
    public string CovarianceWhere { get; set; } = "";
    public ulong Seed { get; set; }
    public long Samples { get; set; }
    /// <summary>Corners: a label per sample ("min,typ"); null for Monte Carlo.</summary>
    public List<string>? CornerLabels { get; set; }
    public bool IsCorners => CornerLabels is not null;

    /// <summary>The correlation derived from <see cref="Covariance"/> (so a second validation knows it).</summary>
    private double[,]? _fromCovariance;

    /// <summary>Largest sample count: sample indices are carried as doubles (exact below 2^53).</summary>
    public const long MaxSamples = 1L << 52;

    /// <summary>
    /// Relative tolerance of a given std against √Σ_ii, and of Σ's symmetry; and the partial correlation (given
    /// the global parameters) below which two local parameters count as independent.
    /// </summary>
    internal const double CovarianceTolerance = 1e-12, LinkTolerance = 1e-12;

    /// <summary>Validates every parameter and the correlation (or covariance) matrix (symmetric, unit diagonal, positive definite).</summary>
    public void Validate()
    {
        if (Samples < 1 || Samples > MaxSamples) throw new PhotonicException($"samples must be between 1 and {MaxSamples} (got {Samples})");
        ApplyCovariance();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var p in Parameters)
        {
            p.Validate();
            if (!names.Add(p.Name)) throw new PhotonicException($"{p.Where}: parameter '{p.Name}' is declared twice");
            if (p.Table is { } t && t.Length != Samples)
                throw new PhotonicException($"{p.Where}: parameter '{p.Name}' has {t.Length} corner values for {Samples} samples");
        }
        if (Correlation is { } c) CholeskyFactor(c);
    }

    /// <summary>
    /// Checks <see cref="Covariance"/> and turns it into <see cref="Correlation"/> (Σ_ij/√(Σ_ii Σ_jj)) and the
    /// parameters' stds (√Σ_ii). Idempotent: a second call finds the same stds and its own correlation.
    /// </summary>
    private void ApplyCovariance()
    {
        if (Covariance is not { } s) return;
        string where = CovarianceWhere.Length > 0 ? CovarianceWhere + ": " : "";
        if (Correlation is not null && !ReferenceEquals(Correlation, _fromCovariance))
            throw new PhotonicException($"{where}give either 'correlation' or 'covariance', not both");
        int n = Parameters.Count;
        if (s.GetLength(0) != n || s.GetLength(1) != n)
            throw new PhotonicException($"{where}covariance must be a {n}x{n} matrix, one row per parameter in order ({string.Join(", ", Parameters.Select(p => p.Name))}); got {s.GetLength(0)}x{s.GetLength(1)}");
        for (int i = 0; i < n; i++)
        {
            var p = Parameters[i];
            if (!double.IsFinite(s[i, i]) || !(s[i, i] > 0))
                throw new PhotonicException($"{where}covariance[{i}][{i}] is the variance of '{p.Name}' and must be > 0, got {VariationParameter.F(s[i, i])}" +
                                            (s[i, i] == 0 ? "; a parameter that does not vary does not belong in a covariance (remove it, or fix its value with 'set')" : ""));
            if (p.Code is not (DistributionCode.Normal or DistributionCode.TruncatedNormal))
                throw new PhotonicException($"{p.Where}: parameter '{p.Name}' is {p.DistributionName}: a covariance gives the std of normal and truncnormal parameters only; " +
                                            "for other distributions give their own parameters and a 'correlation' matrix (a Gaussian copula that keeps every marginal)");
        }
        var r = new double[n, n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double scale = Math.Sqrt(s[i, i] * s[j, j]);
                if (!double.IsFinite(s[i, j]))
                    throw new PhotonicException($"{where}covariance[{i}][{j}] ({Parameters[i].Name}, {Parameters[j].Name}) must be a finite number");
                if (Math.Abs(s[i, j] - s[j, i]) > CovarianceTolerance * scale)
                    throw new PhotonicException($"{where}covariance is not symmetric: [{i}][{j}] = {VariationParameter.F(s[i, j])} but [{j}][{i}] = {VariationParameter.F(s[j, i])} ({Parameters[i].Name}, {Parameters[j].Name})");
                r[i, j] = i == j ? 1.0 : s[i, j] / scale;
                if (Math.Abs(r[i, j]) > 1)
                    throw new PhotonicException($"{where}covariance[{i}][{j}] ({Parameters[i].Name}, {Parameters[j].Name}) = {VariationParameter.F(s[i, j])} exceeds √(Σ_ii Σ_jj) = {VariationParameter.F(scale)}: " +
                                                $"a correlation of {r[i, j]:G4}, outside [-1, 1]; the covariance is not positive definite");
            }
        }
        for (int i = 0; i < n; i++)
        {
            var p = Parameters[i];
            double std = Math.Sqrt(s[i, i]);
            if (double.IsNaN(p.Std)) Parameters[i] = p.WithStd(std);
            else if (!(Math.Abs(p.Std - std) <= CovarianceTolerance * std))
                throw new PhotonicException($"{p.Where}: parameter '{p.Name}': std {VariationParameter.F(p.Std)} disagrees with the covariance, whose √covariance[{i}][{i}] is {VariationParameter.F(std)}; " +
                                            "omit std (a covariance gives it) or make them equal");
        }
        Correlation = _fromCovariance = r;
        CorrelationWhere = CovarianceWhere;
    }

    /// <summary>
    /// The Cholesky factors of a correlation matrix, after checking it. <see cref="Global"/>: lower factor of the
    /// global parameters' block (in parameter order). <see cref="Groups"/>: the local parameters correlated with
    /// anything, grouped by non-zero partial correlation given the globals; each group is drawn jointly per instance.
    /// </summary>
    internal sealed record Factorization(double[,] Global, List<LocalGroup> Groups);

    /// <summary>
    /// Local parameters drawn jointly per instance. For member k, y_k = Σ_j Rows[k][j]·z_global_j (j &lt; NumGlobal[k])
    /// + Σ_{q ≤ k} Rows[k][NumGlobal[k] + q]·z_(member q, this instance): row G + k of the Cholesky factor of the
    /// correlation of (globals, members), so that every instance's (globals, members) has the given correlation.
    /// </summary>
    internal sealed record LocalGroup(int[] Members, double[][] Rows, int[] NumGlobal, double[,] Partial);

    /// <summary>
    /// Checks a correlation matrix (symmetric, unit diagonal, entries in [−1, 1], positive definite with globals
    /// ordered first) and returns its Cholesky factors (MathNet).
    /// </summary>
    internal Factorization CholeskyFactor(double[,] c)
    {
        int n = Parameters.Count;
        string where = CorrelationWhere.Length > 0 ? CorrelationWhere + ": " : "";
        string what = ReferenceEquals(c, _fromCovariance) ? "covariance" : "correlation";
        if (c.GetLength(0) != n || c.GetLength(1) != n)
            throw new PhotonicException($"{where}correlation must be a {n}x{n} matrix, one row per parameter in order ({string.Join(", ", Parameters.Select(p => p.Name))}); got {c.GetLength(0)}x{c.GetLength(1)}");
        for (int i = 0; i < n; i++)
        {
            if (c[i, i] != 1.0) throw new PhotonicException($"{where}correlation[{i}][{i}] ({Parameters[i].Name}) must be 1, got {VariationParameter.F(c[i, i])}");
            for (int j = 0; j < n; j++)
            {
                if (!double.IsFinite(c[i, j]) || Math.Abs(c[i, j]) > 1)
                    throw new PhotonicException($"{where}correlation[{i}][{j}] ({Parameters[i].Name}, {Parameters[j].Name}) must be in [-1, 1], got {VariationParameter.F(c[i, j])}");
                if (Math.Abs(c[i, j] - c[j, i]) > 1e-12)
                    throw new PhotonicException($"{where}correlation is not symmetric: [{i}][{j}] = {VariationParameter.F(c[i, j])} but [{j}][{i}] = {VariationParameter.F(c[j, i])} ({Parameters[i].Name}, {Parameters[j].Name})");
                if (i != j && c[i, j] != 0 && (Parameters[i].Code == DistributionCode.Table || Parameters[j].Code == DistributionCode.Table))
                    throw new PhotonicException($"{where}corner parameters cannot be correlated");
            }
        }
        var global = Enumerable.Range(0, n).Where(i => Parameters[i].Scope == VariationScope.Global).ToArray();
        var local = Enumerable.Range(0, n).Where(i => Parameters[i].Scope == VariationScope.Local).ToArray();
        int[] order = [.. global, .. local];
        var full = Matrix<double>.Build.Dense(n, n, (i, j) => c[order[i], order[j]]);
        // Leading minors (globals first) name the first parameter at which the matrix stops being positive definite:
        // the k-th Cholesky pivot is det_k / det_(k−1), which must stay positive (above 1e-12 of a unit diagonal).
        double previous = 1.0;
        for (int k = 1; k <= n; k++)
        {
            double det = full.SubMatrix(0, k, 0, k).Determinant();
            if (!(det > 0) || !(det / previous > 1e-12))
                throw new PhotonicException($"{where}{what} matrix is not positive definite: it fails at parameter '{Parameters[order[k - 1]].Name}' " +
                                            $"(row {order[k - 1]}; leading minor {det:G3}{(local.Length > 0 ? ", global parameters ordered first" : "")}). " +
                                            "Correlations this strong are inconsistent with the others.");
            previous = det;
        }
        int g = global.Length;
        var lower = g > 0 ? Matrix<double>.Build.Dense(g, g, (i, j) => c[global[i], global[j]]).Cholesky().Factor.ToArray() : new double[0, 0];
        return new Factorization(lower, LocalGroups(c, global, local));
    }

    /// <summary>
    /// Groups the correlated local parameters: p and q are drawn jointly when their partial correlation given the
    /// globals, S = C_LL − C_LG C_GG⁻¹ C_GL, is non-zero (otherwise the globals alone carry their correlation).
    /// </summary>
    private List<LocalGroup> LocalGroups(double[,] c, int[] global, int[] local)
    {
        var correlated = local.Where(p => Enumerable.Range(0, Parameters.Count).Any(j => j != p && c[p, j] != 0)).ToArray();
        if (correlated.Length == 0) return [];
        int g = global.Length, m = correlated.Length;
        var s = new double[m, m];
        var cgg = g > 0 ? Matrix<double>.Build.Dense(g, g, (i, j) => c[global[i], global[j]]) : null;
        for (int a = 0; a < m; a++)
        {
            var w = cgg?.Solve(Vector<double>.Build.Dense(g, i => c[global[i], correlated[a]]));
            for (int b = 0; b < m; b++)
            {
                double implied = 0;
                for (int i = 0; i < g; i++) implied += c[correlated[b], global[i]] * w![i];
                s[a, b] = c[correlated[a], correlated[b]] - implied;
            }
        }
        // Connected components of |S_ab| > LinkTolerance, members in parameter order.
        var component = Enumerable.Range(0, m).ToArray();
        int Find(int x) { while (component[x] != x) x = component[x] = component[component[x]]; return x; }
        for (int a = 0; a < m; a++)
            for (int b = a + 1; b < m; b++)
                if (Math.Abs(s[a, b]) > LinkTolerance) component[Find(b)] = Find(a);
        var groups = new List<LocalGroup>();
        foreach (var members in Enumerable.Range(0, m).GroupBy(Find).Select(x => x.OrderBy(a => a).ToArray()))
        {
            int[] idx = [.. global, .. members.Select(a => correlated[a])];
            var factor = Matrix<double>.Build.Dense(idx.Length, idx.Length, (i, j) => c[idx[i], idx[j]]).Cholesky().Factor;
            var rows = new double[members.Length][];
            var numGlobal = new int[members.Length];
            for (int k = 0; k < members.Length; k++)
            {
                bool anyGlobal = false;
                for (int j = 0; j < g; j++) anyGlobal |= factor[g + k, j] != 0;
                numGlobal[k] = anyGlobal ? g : 0;
                var row = new List<double>();
                for (int j = 0; j < numGlobal[k]; j++) row.Add(factor[g + k, j]);
                for (int q = 0; q <= k; q++) row.Add(factor[g + k, g + q]);
                rows[k] = [.. row];
            }
            var partial = new double[members.Length, members.Length];
            for (int a = 0; a < members.Length; a++)
                for (int b = 0; b < members.Length; b++) partial[a, b] = s[members[a], members[b]];
            groups.Add(new LocalGroup([.. members.Select(a => correlated[a])], rows, numGlobal, partial));
        }
        return groups;
    }

    /// <summary>Resolves the parameters against a circuit: random variables, their target settings and normals.</summary>
    public CompiledVariation Resolve(FlatCircuit circuit)
    {
        Validate();
        var variables = new List<RandomVariable>();
        var warnings = new List<string>();
        var factors = Correlation is { } c ? CholeskyFactor(c) : null;

        // Normals: global parameters first (the correlated block when there is a matrix), then local ones.
        int normal = 0;
        var byParam = new List<RandomVariable>[Parameters.Count];
        foreach (var pass in new[] { VariationScope.Global, VariationScope.Local })
        {
            for (int p = 0; p < Parameters.Count; p++)
            {
                var par = Parameters[p];
                if (par.Scope != pass) continue;
                var targets = Match(circuit, par);
                byParam[p] = [];
                if (par.Scope == VariationScope.Global)
                {
                    var v = new RandomVariable(p, par.Name, par.Code == DistributionCode.Table ? -1 : normal++, targets);
                    byParam[p].Add(v);
                }
                else
                {
                    foreach (var t in targets)
                    {
                        string col = $"{circuit.Instances[t.Inst].Path}.{circuit.Instances[t.Inst].Model.Settings[t.Setting].Name}";
                        byParam[p].Add(new RandomVariable(p, col, par.Code == DistributionCode.Table ? -1 : normal++, [t]));
                    }
                }
                CheckRange(circuit, par, targets, warnings);
            }
        }
        for (int p = 0; p < Parameters.Count; p++) variables.AddRange(byParam[p]);

        int correlated = 0;
        double[] packed = [];
        var locals = new List<LocalCorrelated>();
        if (factors is not null)
        {
            var lower = factors.Global;
            correlated = Parameters.Count(q => q.Scope == VariationScope.Global);
            packed = new double[correlated * (correlated + 1) / 2];
            for (int i = 0, k = 0; i < correlated; i++)
                for (int j = 0; j <= i; j++) packed[k++] = lower[i, j];
            // Global parameters took normals 0..correlated-1 in parameter order (corners are never correlated).
            foreach (var group in factors.Groups) locals.AddRange(LocalEntries(circuit, group, byParam));
        }
        var seen = new Dictionary<(int, int), string>();
        foreach (var v in variables)
            foreach (var t in v.Targets)
                if (!seen.TryAdd(t, Parameters[v.Parameter].Name))
                    throw new PhotonicException($"{Parameters[v.Parameter].Where}: '{circuit.Instances[t.Inst].Path}.{circuit.Instances[t.Inst].Model.Settings[t.Setting].Name}' " +
                                                $"is varied by both '{seen[t]}' and '{Parameters[v.Parameter].Name}'");
        return new CompiledVariation(this, variables, normal, correlated, packed, locals, warnings);
    }

    /// <summary>
    /// The per-instance draws of a group of jointly drawn local parameters: for every instance (in the first
    /// member's order) and member k, the row of the group's factor and the normals of members 0..k at that instance.
    /// The members must vary over the same instances.
    /// </summary>
    private IEnumerable<LocalCorrelated> LocalEntries(FlatCircuit circuit, LocalGroup group, List<RandomVariable>[] byParam)
    {
        var normalAt = group.Members.Select(p => byParam[p].ToDictionary(v => v.Targets[0].Inst, v => v.Normal)).ToArray();
        string where = CorrelationWhere.Length > 0 ? CorrelationWhere + ": " : "";
        for (int a = 1; a < group.Members.Length; a++)
        {
            var first = normalAt[0].Keys.ToHashSet();
            if (first.SetEquals(normalAt[a].Keys)) continue;
            // Name the pair that is actually linked when possible, else the group's first member.
            int b = Enumerable.Range(0, a).FirstOrDefault(x => Math.Abs(group.Partial[x, a]) > LinkTolerance);
            string p = Parameters[group.Members[b]].Name, q = Parameters[group.Members[a]].Name;
            string Only(int x, int y) => string.Join(", ", normalAt[x].Keys.Except(normalAt[y].Keys).Order().Select(i => circuit.Instances[i].Path).DefaultIfEmpty("(none)"));
            double r = group.Partial[b, a] / Math.Sqrt(group.Partial[b, b] * group.Partial[a, a]);
            throw new PhotonicException($"{where}local parameters '{p}' and '{q}' are correlated (partial correlation {r:G3} given the global parameters), " +
                                        $"so they are drawn together per instance and must vary over the same instances; only '{p}' varies {Only(b, a)}; only '{q}' varies {Only(a, b)}");
        }
        foreach (var v in byParam[group.Members[0]])
        {
            int inst = v.Targets[0].Inst;
            for (int k = 0; k < group.Members.Length; k++)
                yield return new LocalCorrelated(normalAt[k][inst], group.Rows[k], group.NumGlobal[k],
                                                 [.. Enumerable.Range(0, k + 1).Select(q => normalAt[q][inst])]);
        }
    }

    private static List<(int Inst, int Setting)> Match(FlatCircuit circuit, VariationParameter p)
    {
        int dot = p.Name.LastIndexOf('.');
        string inst = p.Name[..dot], setting = p.Name[(dot + 1)..];
        if (!inst.Contains('*'))
        {
            try { return [circuit.ResolveSetting(p.Name)]; }
            catch (PhotonicException e) { throw new PhotonicException($"{p.Where}: {e.Message}"); }
        }
        var re = new Regex("^" + Regex.Escape(inst).Replace("\\*", ".*") + "$", RegexOptions.CultureInvariant);
        var list = new List<(int, int)>();
        for (int i = 0; i < circuit.Instances.Count; i++)
        {
            if (!re.IsMatch(circuit.Instances[i].Path)) continue;
            int s = circuit.Instances[i].Model.SettingIndex(setting);
            if (s >= 0) list.Add((i, s));
        }
        if (list.Count == 0)
            throw new PhotonicException($"{p.Where}: '{p.Name}' matches no instance with a setting '{setting}'; instances: {string.Join(", ", circuit.Instances.Select(x => x.Path).Take(20))}");
        return list;
    }

    private static void CheckRange(FlatCircuit circuit, VariationParameter p, List<(int Inst, int Setting)> targets, List<string> warnings)
    {
        foreach (var (inst, s) in targets)
        {
            var info = circuit.Instances[inst].Model.Settings[s];
            string what = $"{circuit.Instances[inst].Path}.{info.Name}";
            double mean = p.Mean ?? circuit.Instances[inst].Settings[s];
            switch (p.Code)
            {
                case DistributionCode.TruncatedNormal:
                case DistributionCode.Uniform:
                    if (!info.InRange(p.Low) || !info.InRange(p.High))
                        throw new PhotonicException($"{p.Where}: parameter '{p.Name}': [{VariationParameter.F(p.Low)}, {VariationParameter.F(p.High)}] leaves the valid range {info.RangeText} {info.Unit} of {what}");
                    if (p.Code == DistributionCode.TruncatedNormal && TruncationMass(mean, p.Std, p.Low, p.High) <= 0)
                        throw new PhotonicException($"{p.Where}: parameter '{p.Name}': [{VariationParameter.F(p.Low)}, {VariationParameter.F(p.High)}] has no probability under N({VariationParameter.F(mean)}, {VariationParameter.F(p.Std)}²)");
                    break;
                case DistributionCode.Table:
                    foreach (var v in p.Table!)
                        if (!info.InRange(v)) throw new PhotonicException($"{p.Where}: corner value {VariationParameter.F(v)} of '{p.Name}' is out of the valid range {info.RangeText} {info.Unit} of {what}");
                    break;
                case DistributionCode.LogNormal:
                    if (!(mean > 0)) throw new PhotonicException($"{p.Where}: parameter '{p.Name}': lognormal needs a positive mean; {what} is {VariationParameter.F(mean)}");
                    if (!info.InRange(mean * Math.Exp(6 * Math.Sqrt(Math.Log(1 + p.Std * p.Std / (mean * mean))))))
                        warnings.Add($"parameter '{p.Name}' ({p.Where}): lognormal samples can leave the valid range {info.RangeText} of {what}; such samples give NaN and are counted");
                    break;
                default:
                    if (!info.InRange(mean - 6 * p.Std) || !info.InRange(mean + 6 * p.Std))
                        warnings.Add($"parameter '{p.Name}' ({p.Where}): normal samples can leave the valid range {info.RangeText} of {what}; such samples give NaN and are counted (use truncnormal to bound them)");
                    break;
            }
        }
    }

    /// <summary>Φ(b) − Φ(a) for the standardised interval, from the lower tail (as the device computes it).</summary>
    internal static double TruncationMass(double mean, double std, double low, double high)
    {
        var (pa, pb, _) = TruncationConstants(mean, std, low, high);
        return pb - pa;
    }

    /// <summary>Φ(a), Φ(b) of the standardised bounds, mirrored (−b, −a) when the interval lies above the mean.</summary>
    internal static (double Pa, double Pb, bool Mirrored) TruncationConstants(double mean, double std, double low, double high)
    {
        double a = (low - mean) / std, b = (high - mean) / std;
        return a >= 0 ? (Distributions.NormalCdf(-b), Distributions.NormalCdf(-a), true)
                      : (Distributions.NormalCdf(a), Distributions.NormalCdf(b), false);
    }
}

/// <summary>One random variable: a global parameter, or one instance of a local one. Column is its output name.</summary>
public sealed record RandomVariable(int Parameter, string Column, int Normal, IReadOnlyList<(int Inst, int Setting)> Targets);

/// <summary>
/// One correlated draw of a local parameter at one instance: normal Normal ← Σ_j Row[j]·z_j (j &lt; NumGlobal, the
/// raw global normals) + Σ_q Row[NumGlobal + q]·z_(LocalNormals[q]); the last local normal is Normal itself.
/// </summary>
internal sealed record LocalCorrelated(int Normal, double[] Row, int NumGlobal, int[] LocalNormals);

/// <summary>A variation resolved against a circuit and packed into a plan's tables.</summary>
public sealed class CompiledVariation
{
    public VariationSpec Spec { get; }
    public IReadOnlyList<RandomVariable> Variables { get; }
    public int NormalCount { get; }
    public int CorrelatedCount { get; }
    /// <summary>Cholesky factor of the global parameters' correlation, lower triangle row by row.</summary>
    public double[] CholeskyLower { get; }
    /// <summary>Notes on the variation (e.g. normal tails beyond a setting's valid range).</summary>
    public IReadOnlyList<string> Warnings { get; }
    /// <summary>Point-parameter index of each variable's first target, filled when packed.</summary>
    internal int[] ColumnParams { get; private set; } = [];

    /// <summary>Correlated local draws, one per (local parameter, instance); empty when no local parameter is correlated.</summary>
    internal IReadOnlyList<LocalCorrelated> LocalCorrelations { get; }

    internal CompiledVariation(VariationSpec spec, List<RandomVariable> variables, int normals, int correlated, double[] lower,
                               List<LocalCorrelated> locals, List<string> warnings)
    {
        Spec = spec; Variables = variables; NormalCount = normals; CorrelatedCount = correlated; CholeskyLower = lower;
        LocalCorrelations = locals; Warnings = warnings;
    }

    /// <summary>Instances whose settings are drawn per sample (they become point-dependent).</summary>
    public IEnumerable<int> Instances => Variables.SelectMany(v => v.Targets.Select(t => t.Inst));

    /// <summary>Writes the random tables (see <see cref="PlanLayout"/>), given where each dynamic instance's settings live.</summary>
    internal void Pack(List<int> ints, List<double> dbls, ref PlanLayout L, int[] dynamicOffset, int normalsParam, FlatCircuit circuit)
    {
        L.Seed = Spec.Seed;
        L.NumNormals = NormalCount;
        L.NormalsParam = normalsParam;
        L.NumCorrelated = CorrelatedCount;
        L.CholeskyOffset = dbls.Count;
        dbls.AddRange(CholeskyLower);
        if (LocalCorrelations.Count > 0)
        {
            // Rows are shared by every instance of a member: one copy each in the double table.
            var rowOffset = new Dictionary<double[], int>(ReferenceEqualityComparer.Instance);
            var listOffset = new int[LocalCorrelations.Count];
            for (int e = 0; e < LocalCorrelations.Count; e++)
            {
                var lc = LocalCorrelations[e];
                if (!rowOffset.ContainsKey(lc.Row)) { rowOffset[lc.Row] = dbls.Count; dbls.AddRange(lc.Row); }
                listOffset[e] = ints.Count;
                ints.AddRange(lc.LocalNormals);
            }
            L.NumLocalCorrelated = LocalCorrelations.Count;
            L.LocalCorrelatedOffset = ints.Count;
            for (int e = 0; e < LocalCorrelations.Count; e++)
            {
                var lc = LocalCorrelations[e];
                ints.AddRange([lc.Normal, rowOffset[lc.Row], lc.NumGlobal, lc.LocalNormals.Length, listOffset[e]]);
            }
        }
        var entries = new List<(int Dist, int Normal, int Target, int Doubles)>();
        ColumnParams = new int[Variables.Count];
        for (int vi = 0; vi < Variables.Count; vi++)
        {
            var v = Variables[vi];
            var p = Spec.Parameters[v.Parameter];
            for (int ti = 0; ti < v.Targets.Count; ti++)
            {
                var (inst, s) = v.Targets[ti];
                int target = dynamicOffset[inst] + s;
                if (ti == 0) ColumnParams[vi] = target;
                double mean = p.Mean ?? circuit.Instances[inst].Settings[s];
                int offset = dbls.Count;
                switch (p.Code)
                {
                    case DistributionCode.Normal:
                        dbls.Add(mean); dbls.Add(p.Std);
                        break;
                    case DistributionCode.TruncatedNormal:
                        var (pa, pb, mirrored) = VariationSpec.TruncationConstants(mean, p.Std, p.Low, p.High);
                        dbls.AddRange([mean, p.Std, p.Low, p.High, pa, pb, mirrored ? 1.0 : 0.0]);
                        break;
                    case DistributionCode.Uniform:
                        dbls.Add(p.Low); dbls.Add(p.High);
                        break;
                    case DistributionCode.LogNormal:
                        // mean and std of the setting itself: σ² = ln(1 + (s/m)²), μ = ln m − σ²/2.
                        double s2 = Math.Log(1 + p.Std * p.Std / (mean * mean));
                        dbls.Add(Math.Log(mean) - 0.5 * s2); dbls.Add(Math.Sqrt(s2));
                        break;
                    default:
                        dbls.AddRange(p.Table!);
                        break;
                }
                entries.Add((p.Code, Math.Max(0, v.Normal), target, offset));
            }
        }
        // An uncorrelated truncated normal or uniform needs only a uniform: drawn directly, it skips the normal and Φ.
        var mixed = new HashSet<int>(Enumerable.Range(0, CorrelatedCount));
        foreach (var lc in LocalCorrelations) { mixed.Add(lc.Normal); mixed.UnionWith(lc.LocalNormals); mixed.UnionWith(Enumerable.Range(0, lc.NumGlobal)); }
        var kinds = new int[NormalCount];
        for (int i = 0; i < entries.Count; i++)
        {
            var e = entries[i];
            if (e.Dist is not (DistributionCode.TruncatedNormal or DistributionCode.Uniform) || mixed.Contains(e.Normal)) continue;
            kinds[e.Normal] = 1;
            entries[i] = e with { Dist = e.Dist == DistributionCode.Uniform ? DistributionCode.UniformFromUnit : DistributionCode.TruncatedNormalFromUnit };
        }
        L.NormalKindsOffset = ints.Count;
        ints.AddRange(kinds);
        L.NumRandom = entries.Count;
        L.RandomOffset = ints.Count;
        foreach (var e in entries) { ints.Add(e.Dist); ints.Add(e.Normal); ints.Add(e.Target); ints.Add(e.Doubles); }
    }

    /// <summary>
    /// The value of every variable (column) for one sample, computed on the host by the same
    /// <see cref="RandomParameters.Apply{TM}"/> the backends run (identical bits on the CPU).
    /// </summary>
    public void SampleValues(EvaluationPlan plan, long sample, double[] scratch, Span<double> values)
    {
        var m = new HostParams(plan, scratch);
        var L = plan.Layout;
        RandomParameters.Apply(ref m, in L, sample);
        for (int i = 0; i < ColumnParams.Length; i++) values[i] = scratch[ColumnParams[i]];
    }

    /// <summary>A scratch parameter block for <see cref="SampleValues"/>.</summary>
    public static double[] NewScratch(EvaluationPlan plan) => new double[Math.Max(1, plan.Layout.NumPointParams)];

    /// <summary>Host parameter memory: only the plan tables and the parameter block (no registers).</summary>
    private readonly struct HostParams(EvaluationPlan plan, double[] p) : IPointMemory
    {
        public int Int(int index) => plan.Ints[index];
        public double Double(int index) => plan.Doubles[index];
        public double Get(int index) => p[index];
        public void SetParam(int index, double value) => p[index] = value;
        public Cx GetRegister(int r) => throw new NotSupportedException("host sampling has no registers");
        public void SetRegister(int r, Cx value) => throw new NotSupportedException("host sampling has no registers");
        public void SetOutput(int k, Cx value) => throw new NotSupportedException("host sampling has no outputs");
        public void KeepRegisters(int first, int count) { }
    }
}
