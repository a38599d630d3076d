using PhotonicSolver.Models;
using PhotonicSolver.Numerics;
using PhotonicSolver.Sweep;

namespace PhotonicSolver.Circuit;

/// <summary>
/// Compiles a flat circuit and a sweep into an <see cref="EvaluationPlan"/>, once, on the host.
/// <list type="number">
/// <item>Instances whose S-matrix cannot change across the sweep are evaluated now and become constants.</item>
/// <item>Each remaining instance becomes a model call that fills a few registers per point.</item>
/// <item>Connections are eliminated one port pair at a time (Filipsson, "A new general computer algorithm for
/// S-matrix calculation of interconnected multiports", EuMC 1981), symbolically, over a sparse S-matrix, in a
/// greedy minimum-work order (the circuit analogue of minimum degree). Only non-zero products are emitted, with one
/// reciprocal per pivot. Compile time and memory follow the fill, so sparse circuits compile near-linearly.</item>
/// </list>
/// </summary>
public static class PlanCompiler
{
    /// <param name="outputs">(out, in) external port index pairs; null means every pair.</param>
    /// <param name="variation">Monte Carlo variation: settings drawn per sample from the "sample" axis.</param>
    public static EvaluationPlan Compile(FlatCircuit circuit, SweepSpec? sweep = null, IReadOnlyList<(int Out, int In)>? outputs = null,
                                         Precision precision = Precision.Fp64, MonteCarlo.VariationSpec? variation = null)
    {
        sweep ??= new SweepSpec();
        var timings = new Dictionary<string, double>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        int nInst = circuit.Instances.Count;
        if (circuit.ExternalPorts.Count == 0)
            throw new PhotonicException("the netlist has no external ports ('ports:' section): there is no S-matrix to compute");

        // 1. Swept settings and point-dependent instances.
        var axisTargets = new int[sweep.Axes.Count];
        var sweptSettings = new (int Inst, int Setting)[sweep.Axes.Count];
        bool wlSwept = false, tSwept = false;
        var seen = new HashSet<string>();
        for (int a = 0; a < sweep.Axes.Count; a++)
        {
            var axis = sweep.Axes[a];
            if (!seen.Add(axis.Name)) throw new PhotonicException($"sweep: '{axis.Name}' is swept twice");
            if (axis.Name == FlatCircuit.WavelengthKey)
            {
                wlSwept = true; sweptSettings[a] = (-1, -1);
                Units.UnitCheck.WavelengthAxis(axis, "sweep 'wl'");
                continue;
            }
            if (axis.Name == FlatCircuit.TemperatureKey)
            {
                tSwept = true; sweptSettings[a] = (-2, -2);
                Units.UnitCheck.TemperatureAxis(axis, "sweep 'temperature'");
                continue;
            }
            if (axis.Name == MonteCarlo.VariationParameter.SampleAxisName)
            {
                if (sweep.GroupOf(a) != axis.Name) throw new PhotonicException($"sweep 'sample': the Monte Carlo sample axis cannot be zipped (zip {sweep.GroupOf(a)})");
                CheckSampleAxis(axis); sweptSettings[a] = (-3, -3); continue;
            }
            var (inst, s) = circuit.ResolveSetting(axis.Name);
            var info = circuit.Instances[inst].Model.Settings[s];
            double lo = axis.IsLinear ? Math.Min(axis.Start, axis[axis.Count - 1]) : axis.Table.Min();
            double hi = axis.IsLinear ? Math.Max(axis.Start, axis[axis.Count - 1]) : axis.Table.Max();
            if (!info.InRange(lo) || !info.InRange(hi))
                throw new PhotonicException($"sweep '{axis.Name}': values {lo}..{hi} leave the valid range {info.RangeText} {info.Unit} of {circuit.Instances[inst].Model.Name}.{info.Name}");
            CheckSweptValues(circuit.Instances[inst], s, axis);
            sweptSettings[a] = (inst, s);
        }

        var random = variation?.Resolve(circuit);
        var randomInstances = random?.Instances.ToHashSet() ?? [];
        foreach (var (inst, s) in sweptSettings)
            if (inst >= 0 && random is not null && random.Variables.Any(v => v.Targets.Contains((inst, s))))
                throw new PhotonicException($"'{circuit.Instances[inst].Path}.{circuit.Instances[inst].Model.Settings[s].Name}' is both swept and varied");
        var dynamicOffset = new int[nInst];
        int pointParams = 0;
        var pointParamBase = new List<double>();
        for (int i = 0; i < nInst; i++)
        {
            var inst = circuit.Instances[i];
            bool dynamic = inst.Model.DependsOnWavelength
                           || (inst.Model.DependsOnTemperature && tSwept)
                           || sweptSettings.Any(t => t.Inst == i)
                           || randomInstances.Contains(i);
            if (!dynamic) { dynamicOffset[i] = -1; continue; }
            dynamicOffset[i] = pointParams;
            var block = ModelRegistry.ParamBlock(inst.Model, inst.Settings);
            pointParams += block.Length;
            pointParamBase.AddRange(block);
        }
        _ = wlSwept;
        var wlAxis = sweep.Axes.FirstOrDefault(a => a.Name == FlatCircuit.WavelengthKey);
        foreach (var inst in circuit.Instances.Where(i => i.Model.Data is not null))
            DataModels.TableModel.CheckRange(inst, wlAxis is null ? circuit.Wavelength : wlAxis.IsLinear ? Math.Min(wlAxis.Start, wlAxis[wlAxis.Count - 1]) : wlAxis.Table.Min(),
                                             wlAxis is null ? circuit.Wavelength : wlAxis.IsLinear ? Math.Max(wlAxis.Start, wlAxis[wlAxis.Count - 1]) : wlAxis.Table.Max());
        int normalsParam = pointParams;                     // scratch for the Monte Carlo normals
        pointParams += random?.NormalCount ?? 0;
        pointParamBase.AddRange(new double[random?.NormalCount ?? 0]);
        int drawnSampleParam = pointParams;                 // the sample whose draws are in place: none yet
        if (random is not null) { pointParams++; pointParamBase.Add(-1.0); }
        for (int a = 0; a < sweep.Axes.Count; a++)
        {
            var (inst, s) = sweptSettings[a];
            axisTargets[a] = inst == -1 ? PlanLayout.AxisTargetWavelength
                           : inst == -2 ? PlanLayout.AxisTargetTemperature
                           : inst == -3 ? PlanLayout.AxisTargetSample
                           : dynamicOffset[inst] + s;
        }

        // 2. Global port numbering and the symbolic S-matrix over every port, stored sparse.
        var builder = new TapeBuilder();
        var portBase = new int[nInst + 1];
        for (int i = 0; i < nInst; i++) portBase[i + 1] = portBase[i] + circuit.Instances[i].Model.Ports.Length;
        int nPorts = portBase[nInst];
        var S = new SparseSymMatrix(nPorts);
        var calls = new List<(int Model, int ParamOffset, int VirtualReg, int Slots, int DeltaTParam, int DerivePerPoint, ModelInfo Info)>();
        timings["analyse"] = clock.Elapsed.TotalSeconds; clock.Restart();
        var slotSyms = new Sym[16];
        for (int i = 0; i < nInst; i++)
        {
            var inst = circuit.Instances[i];
            int nSlots = inst.Model.SlotCount;
            if (slotSyms.Length < nSlots) slotSyms = new Sym[nSlots];
            if (dynamicOffset[i] < 0)
            {
                var slots = ModelRegistry.Evaluate(inst.Model, inst.Settings, circuit.Wavelength, circuit.Temperature);
                for (int k = 0; k < nSlots; k++) slotSyms[k] = Sym.Const(slots.Get(k));
            }
            else
            {
                int reg = builder.AllocateCallBlock(nSlots);
                // Derived parameters are recomputed per point only when a setting of this instance is swept.
                bool derivePerPoint = inst.Model.DerivedCount > 0 && (sweptSettings.Any(t => t.Inst == i) || randomInstances.Contains(i));
                calls.Add((inst.Model.Id, dynamicOffset[i], reg, nSlots, dynamicOffset[i] + inst.Model.LocalDeltaTIndex,
                           derivePerPoint ? 1 : 0, inst.Model));
                for (int k = 0; k < nSlots; k++) slotSyms[k] = Sym.Reg(reg + k);
            }
            foreach (var e in inst.Model.Pattern) S.Set(portBase[i] + e.To, portBase[i] + e.From, slotSyms[e.Slot]);
        }
        timings["models"] = clock.Elapsed.TotalSeconds; clock.Restart();

        // 3. Eliminate the connections in a fill-reducing order.
        var connections = circuit.Connections.Select(c => (A: portBase[c.A.Instance] + c.A.Port, B: portBase[c.B.Instance] + c.B.Port)).ToArray();
        var pivots = new string[connections.Length];
        int pivotId = 0;
        foreach (int c in EliminationOrder(S, connections))
        {
            var (ga, gb) = connections[c];
            string desc = $"connection {PortName(circuit, portBase, ga)} <-> {PortName(circuit, portBase, gb)}";
            pivots[pivotId] = desc;
            Eliminate(builder, S, ga, gb, pivotId++, desc);
        }
        timings["eliminate"] = clock.Elapsed.TotalSeconds; clock.Restart();

        // 4. Outputs over the external ports.
        var ext = circuit.ExternalPorts.Select(e => portBase[e.Port.Instance] + e.Port.Port).ToArray();
        var pairs = outputs?.ToArray() ?? (from o in Enumerable.Range(0, ext.Length) from i in Enumerable.Range(0, ext.Length) select (o, i)).ToArray();
        var outSyms = new List<Sym>(pairs.Length);
        foreach (var (o, i) in pairs) outSyms.Add(S.Get(ext[o], ext[i]));
        // A call that depends on neither wavelength nor a swept temperature, in a Monte Carlo plan where no axis moves a
        // setting, gives the same S-matrix at every point of a sample: it keeps its registers (never reused by the
        // tape) and is evaluated once per sample.
        bool settingsPerSample = random is not null && axisTargets.All(t => t < 0);
        bool temperatureSwept = axisTargets.Contains(PlanLayout.AxisTargetTemperature);
        var constantInSample = calls.Select(c => settingsPerSample && c.Info.Data is null && !c.Info.DependsOnWavelength
                                                 && !(c.Info.DependsOnTemperature && temperatureSwept)).ToArray();
        var result = builder.Finish(outSyms, constantInSample);
        timings["registers"] = clock.Elapsed.TotalSeconds; clock.Restart();

        // 5. Pack the tables.
        var ints = new List<int>();
        var dbls = new List<double>();
        var L = new PlanLayout
        {
            NumRegisters = result.NumRegisters,
            NumConstants = result.Constants.Length,
            Wavelength = circuit.Wavelength,
            Temperature = circuit.Temperature,
            Fp32 = precision == Precision.Fp32 ? 1 : 0,
            SingularThreshold = precision == Precision.Fp32 ? PlanLayout.SingularPivotFp32 : PlanLayout.SingularPivot,
        };
        L.ConstantsOffset = dbls.Count;
        foreach (var c in result.Constants) { dbls.Add(c.Re); dbls.Add(c.Im); }
        L.NumPointParams = pointParams;
        L.PointParamsOffset = dbls.Count;
        dbls.AddRange(pointParamBase);
        L.NumCalls = calls.Count;
        L.CallsOffset = ints.Count;
        // Data-backed components: each table is packed once into the doubles; its call carries the table offset.
        var tables = new Dictionary<ModelInfo, int>(ReferenceEqualityComparer.Instance);
        for (int c = 0; c < calls.Count; c++)
        {
            int param = calls[c].ParamOffset;
            if (calls[c].Info.Data is not null && !tables.TryGetValue(calls[c].Info, out param))
                tables[calls[c].Info] = param = DataModels.TableModel.Pack(calls[c].Info, dbls);
            ints.Add(calls[c].Model); ints.Add(param); ints.Add(result.CallRegisters[c]); ints.Add(calls[c].Slots);
            ints.Add(calls[c].DeltaTParam);
            ints.Add((calls[c].DerivePerPoint != 0 ? PlanLayout.CallDerivesPerPoint : 0) | (constantInSample[c] ? PlanLayout.CallConstantInSample : 0));
        }
        L.NumInstructions = result.Tape.Length / TapeOp.Width;
        L.TapeOffset = ints.Count;
        ints.AddRange(result.Tape);
        L.NumAxes = sweep.Axes.Count;
        L.AxesOffset = ints.Count;
        L.AxisDoublesOffset = dbls.Count;
        foreach (var axis in sweep.Axes) { dbls.Add(axis.Start); dbls.Add(axis.Step); }
        for (int a = 0; a < sweep.Axes.Count; a++)
        {
            var axis = sweep.Axes[a];
            ints.Add(axisTargets[a]);
            ints.Add((axis.IsLinear ? 0 : PlanLayout.AxisTable) | (axis.ZippedWithPrevious ? PlanLayout.AxisZipped : 0));
            ints.Add(axis.Count);
            ints.Add(axis.IsLinear ? 0 : dbls.Count);
            if (!axis.IsLinear) dbls.AddRange(axis.Table);
        }
        random?.Pack(ints, dbls, ref L, dynamicOffset, normalsParam, circuit);
        L.DrawnSampleParam = drawnSampleParam;
        // A GPU thread walks runs of up to 4 points of one sample (4 keeps the thread count of a one-point stride for a
        // chunk of 2^20 points on a 2^18-thread device): its draws and sample-constant calls are then reused in the run.
        int sampleAxis = Array.IndexOf(axisTargets, PlanLayout.AxisTargetSample);
        long pointsPerSample = 1;
        for (int a = sampleAxis + 1; sampleAxis >= 0 && a < sweep.Axes.Count; a++) pointsPerSample *= SweepSpec.Radix(sweep.Axes[a]);
        L.PointsPerRun = random is not null && sampleAxis >= 0 ? (int)Math.Min(4, pointsPerSample) : 1;
        L.DerivePerSample = settingsPerSample ? 1 : 0;
        L.NumOutputs = pairs.Length;
        L.OutputsOffset = ints.Count;
        ints.AddRange(result.OutputRegisters);

        var strides = new long[sweep.Axes.Count];
        long stride = 1;
        for (int a = sweep.Axes.Count - 1; a >= 0; a--) { strides[a] = stride; stride *= SweepSpec.Radix(sweep.Axes[a]); }

        timings["pack"] = clock.Elapsed.TotalSeconds;
        return new EvaluationPlan
        {
            Layout = L,
            Ints = ints.ToArray(),
            Doubles = dbls.Count == 0 ? [0.0] : dbls.ToArray(),
            PointCount = sweep.PointCount,
            AxisStrides = strides,
            Sweep = sweep,
            PortNames = circuit.ExternalPorts.Select(e => e.Name).ToArray(),
            Outputs = pairs,
            PivotDescriptions = pivots,
            DynamicInstances = calls.Count,
            ConstantInstances = nInst - calls.Count,
            Variation = random,
            CompileTimings = timings,
        };
    }

    /// <summary>The sample axis carries sample indices: whole numbers from 0 to 2^52, exact in a double.</summary>
    private static void CheckSampleAxis(SweepAxis axis)
    {
        for (long i = 0; i < axis.Count; i += Math.Max(1, axis.Count - 1))
            if (!(axis[i] >= 0 && axis[i] <= MonteCarlo.VariationSpec.MaxSamples && axis[i] == Math.Floor(axis[i])))
                throw new PhotonicException($"sweep 'sample': sample indices must be whole numbers from 0 to 2^52 (got {axis[i]})");
        if (axis.IsLinear && axis.Count > 1 && axis.Step != 1.0)
            throw new PhotonicException("sweep 'sample': sample indices must step by 1");
    }

    /// <summary>
    /// Runs the model's own cross-setting checks (whole-number counts, passivity, …) on the values a sweep gives one
    /// setting: every value of a list or of a linear axis up to 4096 points, else 4096 evenly spaced ones and the ends.
    /// </summary>
    private static void CheckSweptValues(FlatInstance inst, int setting, SweepAxis axis)
    {
        if (inst.Model.Validate is null) return;
        var values = (double[])inst.Settings.Clone();
        long step = Math.Max(1, axis.Count / 4096);
        for (long i = 0; i < axis.Count; i += step) Check(axis[i]);
        Check(axis[axis.Count - 1]);

        void Check(double v)
        {
            values[setting] = v;
            if (inst.Model.Validate(values) is { } message)
                throw new PhotonicException($"sweep '{axis.Name}': at {v} instance '{inst.Path}' ({inst.Model.Name}) is invalid: {message}");
        }
    }

    private static string PortName(FlatCircuit circuit, int[] portBase, int g)
    {
        int i = Array.BinarySearch(portBase, g);
        if (i < 0) i = ~i - 1;
        while (i + 1 < portBase.Length - 1 && portBase[i + 1] == g) i++;   // skip instances without ports
        return circuit.Instances[i].PortName(g - portBase[i]);
    }

    /// <summary>
    /// The order in which to eliminate the connections: greedy minimum work, the circuit analogue of minimum
    /// degree ordering. Eliminating connection (k, l) writes |rows(k) ∪ rows(l)|·|cols(k) ∪ cols(l)| entries at
    /// most, so the connection with the smallest such product goes next. Costs are kept in a priority queue and
    /// updated lazily: a popped connection whose cost has grown since it was queued goes back with its new cost.
    /// For sparse circuits each step costs about log(connections) plus the work it emits, so ordering is
    /// near-linear in the circuit where the old greedy scan of every pending connection was quadratic.
    /// </summary>
    private static IEnumerable<int> EliminationOrder(SparseSymMatrix S, (int A, int B)[] connections)
    {
        var queue = new PriorityQueue<int, (long Cost, int Index)>(connections.Length);
        for (int c = 0; c < connections.Length; c++) queue.Enqueue(c, (Cost(c), c));
        while (queue.TryDequeue(out int c, out var queued))
        {
            long now = Cost(c);
            if (now > queued.Cost) { queue.Enqueue(c, (now, c)); continue; }
            yield return c;
        }

        long Cost(int c)
        {
            var (k, l) = connections[c];
            return (long)(S.ColumnCount(k) + S.ColumnCount(l)) * (S.RowCount(k) + S.RowCount(l));
        }
    }

    /// <summary>
    /// Connects ports k and l (Filipsson's step, one formula whether k and l are in one block or two: across two
    /// blocks S_kl = S_lk = 0). With D = (1−S_kl)(1−S_lk) − S_kk·S_ll, for every other port pair (i, j):
    /// S'_ij = S_ij + p_i·S_kj + q_i·S_lj, p_i = [S_ik·S_ll + S_il·(1−S_lk)]/D, q_i = [S_ik·(1−S_kl) + S_il·S_kk]/D.
    /// Only the non-zero products are visited: rows i with p_i ≠ 0 meet the columns j of row k, rows with
    /// q_i ≠ 0 the columns of row l. Then ports k and l leave the matrix.
    /// </summary>
    private static void Eliminate(TapeBuilder t, SparseSymMatrix S, int k, int l, int pivotId, string desc)
    {
        Sym skk = S.Get(k, k), sll = S.Get(l, l);
        Sym oneMinusKl = t.Sub(Sym.One, S.Get(k, l));
        Sym oneMinusLk = t.Sub(Sym.One, S.Get(l, k));
        Sym D = t.Sub(t.Mul(oneMinusKl, oneMinusLk), t.Mul(skk, sll));
        Sym invD = t.Reciprocal(D, pivotId, () => desc);
        var rows = S.RowsOf(k, l);          // i ∉ {k, l} with S_ik ≠ 0 or S_il ≠ 0, ascending
        var colsK = S.ColumnsOf(k, k, l);   // j ∉ {k, l} with S_kj ≠ 0, ascending
        var colsL = S.ColumnsOf(l, k, l);
        var rowK = new Sym[colsK.Length];
        for (int c = 0; c < colsK.Length; c++) rowK[c] = S.Get(k, colsK[c]);
        var rowL = new Sym[colsL.Length];
        for (int c = 0; c < colsL.Length; c++) rowL[c] = S.Get(l, colsL[c]);
        foreach (int i in rows)
        {
            Sym sik = S.Get(i, k), sil = S.Get(i, l);
            Sym p = t.Mul(t.MulAdd(sik, sll, t.Mul(sil, oneMinusLk)), invD);
            Sym q = t.Mul(t.MulAdd(sik, oneMinusKl, t.Mul(sil, skk)), invD);
            // Walk the union of the two column lists in ascending order.
            int a = p.IsZero ? colsK.Length : 0, b = q.IsZero ? colsL.Length : 0;
            while (a < colsK.Length || b < colsL.Length)
            {
                int ja = a < colsK.Length ? colsK[a] : int.MaxValue, jb = b < colsL.Length ? colsL[b] : int.MaxValue;
                int j = Math.Min(ja, jb);
                Sym skj = ja == j ? rowK[a++] : Sym.Zero;
                Sym slj = jb == j ? rowL[b++] : Sym.Zero;
                S.Set(i, j, t.MulAdd(p, skj, t.MulAdd(q, slj, S.Get(i, j))));
            }
        }
        S.RemovePort(k);
        S.RemovePort(l);
    }
}

/// <summary>
/// The symbolic S-matrix over every port of a circuit during elimination: for each port its row (S[g, j] by j)
/// and the rows that hold an entry in its column. Only non-zero entries are stored, so memory follows the fill,
/// not ports².
/// </summary>
internal sealed class SparseSymMatrix(int ports)
{
    private readonly Dictionary<int, Sym>?[] _rows = new Dictionary<int, Sym>?[ports];
    private readonly HashSet<int>?[] _cols = new HashSet<int>?[ports];

    public Sym Get(int i, int j) => _rows[i] is { } r && r.TryGetValue(j, out var v) ? v : Sym.Zero;

    public void Set(int i, int j, Sym v)
    {
        if (v.IsZero)
        {
            if (_rows[i]?.Remove(j) == true) _cols[j]!.Remove(i);
            return;
        }
        (_rows[i] ??= new Dictionary<int, Sym>(4))[j] = v;
        (_cols[j] ??= new HashSet<int>(4)).Add(i);
    }

    public int RowCount(int i) => _rows[i]?.Count ?? 0;
    public int ColumnCount(int j) => _cols[j]?.Count ?? 0;

    /// <summary>Rows with an entry in column k or l, other than k and l, ascending.</summary>
    public int[] RowsOf(int k, int l)
    {
        var set = new HashSet<int>(_cols[k] ?? []);
        if (_cols[l] is { } cl) set.UnionWith(cl);
        set.Remove(k); set.Remove(l);
        var a = set.ToArray();
        Array.Sort(a);
        return a;
    }

    /// <summary>Columns of row i's entries other than x and y, ascending.</summary>
    public int[] ColumnsOf(int i, int x, int y)
    {
        if (_rows[i] is not { } r) return [];
        var a = r.Keys.Where(j => j != x && j != y).ToArray();
        Array.Sort(a);
        return a;
    }

    /// <summary>Drops port g's row and column (after it was connected).</summary>
    public void RemovePort(int g)
    {
        if (_rows[g] is { } r)
            foreach (int j in r.Keys) if (j != g) _cols[j]?.Remove(g);
        if (_cols[g] is { } c)
            foreach (int i in c) if (i != g) _rows[i]?.Remove(g);
        _rows[g] = null;
        _cols[g] = null;
    }
}
