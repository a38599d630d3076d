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

    /// <summary>Name of the sample axis in a compiled sweep.</summary>
    public const string SampleAxisName = "sample";
}

/// <summary>
/// The variation of a Monte Carlo (or corner) run: parameters, an optional correlation matrix (in parameter
/// order), the seed and the number of samples.
/// </summary>
public sealed class VariationSpec
{
    public List<VariationParameter> Parameters { get; } = [];
    /// <summary>Correlation matrix between parameters, in parameter order (null: independent).</summary>
    public double[,]? Correlation { get; set; }
    public string CorrelationWhere { get; set; } = "";
    public ulong Seed { get; set; }
    public long Samples { get; set; }
    /// <summary>Corners: a label per sample ("min,typ"); null for Monte Carlo.</summary>
    public List<string>? CornerLabels { get; set; }
    public bool IsCorners => CornerLabels is not null;

    /// <summary>Largest sample count: sample indices are carried as doubles (exact below 2^53).</summary>
    public const long MaxSamples = 1L << 52;

    /// <summary>Validates every parameter and the correlation matrix (symmetric, unit diagonal, positive definite).</summary>
    public void Validate()
    {
        if (Samples < 1 || Samples > MaxSamples) throw new PhotonicException($"samples must be between 1 and {MaxSamples} (got {Samples})");
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
    /// Lower Cholesky factor of the correlation block of the global parameters, after checking the whole matrix.
    /// Local parameters must be uncorrelated (their draws are per instance).
    /// </summary>
    internal double[,] CholeskyFactor(double[,] c)
    {
        int n = Parameters.Count;
        string where = CorrelationWhere.Length > 0 ? CorrelationWhere + ": " : "";
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
                if (i != j && c[i, j] != 0 && (Parameters[i].Scope == VariationScope.Local || Parameters[j].Scope == VariationScope.Local))
                    throw new PhotonicException($"{where}correlation between '{Parameters[i].Name}' and '{Parameters[j].Name}': only global parameters can be correlated (local ones are drawn per instance)");
                if (i != j && c[i, j] != 0 && (Parameters[i].Code == DistributionCode.Table || Parameters[j].Code == DistributionCode.Table))
                    throw new PhotonicException($"{where}corner parameters cannot be correlated");
            }
        }
        var global = Enumerable.Range(0, n).Where(i => Parameters[i].Scope == VariationScope.Global).ToArray();
        var m = Matrix<double>.Build.Dense(global.Length, global.Length, (i, j) => c[global[i], global[j]]);
        // Leading minors name the first parameter at which the matrix stops being positive definite.
        for (int k = 1; k <= global.Length; k++)
        {
            double det = m.SubMatrix(0, k, 0, k).Determinant();
            if (!(det > 1e-12))
                throw new PhotonicException($"{where}correlation matrix is not positive definite: it fails at parameter '{Parameters[global[k - 1]].Name}' " +
                                            $"(row {global[k - 1]}; leading minor {det:G3}). Correlations this strong are inconsistent with the others.");
        }
        var chol = m.Cholesky().Factor;
        return chol.ToArray();
    }

    /// <summary>Resolves the parameters against a circuit: random variables, their target settings and normals.</summary>
    public CompiledVariation Resolve(FlatCircuit circuit)
    {
        Validate();
        var variables = new List<RandomVariable>();
        var warnings = new List<string>();
        double[,]? lower = Correlation is { } c ? CholeskyFactor(c) : null;

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
        if (lower is not null)
        {
            correlated = Parameters.Count(q => q.Scope == VariationScope.Global);
            packed = new double[correlated * (correlated + 1) / 2];
            for (int i = 0, k = 0; i < correlated; i++)
                for (int j = 0; j <= i; j++) packed[k++] = lower[i, j];
            // Global parameters took normals 0..correlated-1 in parameter order (corners are never correlated).
        }
        var seen = new Dictionary<(int, int), string>();
        foreach (var v in variables)
            foreach (var t in v.Targets)
                if (!seen.TryAdd(t, Parameters[v.Parameter].Name))
                    throw new PhotonicException($"{Parameters[v.Parameter].Where}: '{circuit.Instances[t.Inst].Path}.{circuit.Instances[t.Inst].Model.Settings[t.Setting].Name}' " +
                                                $"is varied by both '{seen[t]}' and '{Parameters[v.Parameter].Name}'");
        return new CompiledVariation(this, variables, normal, correlated, packed, warnings);
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

    internal CompiledVariation(VariationSpec spec, List<RandomVariable> variables, int normals, int correlated, double[] lower, List<string> warnings)
    {
        Spec = spec; Variables = variables; NormalCount = normals; CorrelatedCount = correlated; CholeskyLower = lower; Warnings = warnings;
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
    }
}
