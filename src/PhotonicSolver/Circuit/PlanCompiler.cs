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
/// S-matrix calculation of interconnected multiports", EuMC 1981), symbolically, in a greedy order that merges
/// the smallest blocks first. Only non-zero products are emitted, with one reciprocal per pivot.</item>
/// </list>
/// </summary>
public static class PlanCompiler
{
    /// <summary>One group of ports whose S-matrix is known (symbolically) so far.</summary>
    private sealed class Block
    {
        public required List<int> Ports;   // global port ids
        public required Sym[,] S;          // S[to, from] over Ports
    }

    /// <param name="outputs">(out, in) external port index pairs; null means every pair.</param>
    /// <param name="variation">Monte Carlo variation: settings drawn per sample from the "sample" axis.</param>
    public static EvaluationPlan Compile(FlatCircuit circuit, SweepSpec? sweep = null, IReadOnlyList<(int Out, int In)>? outputs = null,
                                         Precision precision = Precision.Fp64, MonteCarlo.VariationSpec? variation = null)
    {
        sweep ??= new SweepSpec();
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
            if (axis.Name == MonteCarlo.VariationParameter.SampleAxisName) { CheckSampleAxis(axis); sweptSettings[a] = (-3, -3); continue; }
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

        // 2. Global port numbering and one block per instance.
        var builder = new TapeBuilder();
        var portBase = new int[nInst + 1];
        for (int i = 0; i < nInst; i++) portBase[i + 1] = portBase[i] + circuit.Instances[i].Model.Ports.Length;
        int nPorts = portBase[nInst];
        var blockOf = new Block?[nPorts];
        var localOf = new int[nPorts];
        var calls = new List<(int Model, int ParamOffset, int VirtualReg, int Slots, int DeltaTParam, int DerivePerPoint, ModelInfo Info)>();
        var callVirtual = new List<int>();
        for (int i = 0; i < nInst; i++)
        {
            var inst = circuit.Instances[i];
            int np = inst.Model.Ports.Length;
            var block = new Block { Ports = Enumerable.Range(portBase[i], np).ToList(), S = new Sym[np, np] };
            for (int r = 0; r < np; r++) for (int c = 0; c < np; c++) block.S[r, c] = Sym.Zero;
            Sym[] slotSyms;
            int nSlots = inst.Model.SlotCount;
            if (dynamicOffset[i] < 0)
            {
                var slots = ModelRegistry.Evaluate(inst.Model, inst.Settings, circuit.Wavelength, circuit.Temperature);
                slotSyms = Enumerable.Range(0, nSlots).Select(k => Sym.Const(slots.Get(k))).ToArray();
            }
            else
            {
                int reg = builder.AllocateCallBlock(nSlots);
                // Derived parameters are recomputed per point only when a setting of this instance is swept.
                bool derivePerPoint = inst.Model.DerivedCount > 0 && (sweptSettings.Any(t => t.Inst == i) || randomInstances.Contains(i));
                calls.Add((inst.Model.Id, dynamicOffset[i], reg, nSlots, dynamicOffset[i] + inst.Model.LocalDeltaTIndex,
                           derivePerPoint ? 1 : 0, inst.Model));
                slotSyms = Enumerable.Range(0, nSlots).Select(k => Sym.Reg(reg + k)).ToArray();
            }
            foreach (var e in inst.Model.Pattern) block.S[e.To, e.From] = slotSyms[e.Slot];
            for (int p = 0; p < np; p++) { blockOf[portBase[i] + p] = block; localOf[portBase[i] + p] = p; }
        }

        string PortName(int g)
        {
            int i = nInst - 1;
            while (portBase[i] > g) i--;
            return circuit.Instances[i].PortName(g - portBase[i]);
        }

        // 3. Greedy elimination of connections.
        var pending = circuit.Connections.Select(c => (A: portBase[c.A.Instance] + c.A.Port, B: portBase[c.B.Instance] + c.B.Port)).ToList();
        var pivots = new List<string>();
        while (pending.Count > 0)
        {
            int best = 0; long bestCost = long.MaxValue;
            for (int c = 0; c < pending.Count; c++)
            {
                var ba = blockOf[pending[c].A]!; var bb = blockOf[pending[c].B]!;
                long n = ReferenceEquals(ba, bb) ? ba.Ports.Count : ba.Ports.Count + bb.Ports.Count;
                long cost = n * n;
                if (cost < bestCost) { bestCost = cost; best = c; }
            }
            var (ga, gb) = pending[best];
            pending.RemoveAt(best);
            int pivotId = pivots.Count;
            string desc = $"connection {PortName(ga)} <-> {PortName(gb)}";
            pivots.Add(desc);
            var blockA = blockOf[ga]!; var blockB = blockOf[gb]!;
            var merged = ReferenceEquals(blockA, blockB)
                ? ConnectWithin(builder, blockA, localOf[ga], localOf[gb], pivotId, desc)
                : ConnectBetween(builder, blockA, localOf[ga], blockB, localOf[gb], pivotId, desc);
            for (int p = 0; p < merged.Ports.Count; p++) { blockOf[merged.Ports[p]] = merged; localOf[merged.Ports[p]] = p; }
        }

        // 4. Outputs over the external ports.
        var ext = circuit.ExternalPorts.Select(e => portBase[e.Port.Instance] + e.Port.Port).ToArray();
        var pairs = outputs?.ToArray() ?? (from o in Enumerable.Range(0, ext.Length) from i in Enumerable.Range(0, ext.Length) select (o, i)).ToArray();
        var outSyms = new List<Sym>();
        foreach (var (o, i) in pairs)
        {
            var bo = blockOf[ext[o]]!; var bi = blockOf[ext[i]]!;
            outSyms.Add(ReferenceEquals(bo, bi) ? bo.S[localOf[ext[o]], localOf[ext[i]]] : Sym.Zero);
        }
        // A call that depends on neither wavelength nor a swept temperature, in a Monte Carlo plan where no axis moves a
        // setting, gives the same S-matrix at every point of a sample: it keeps its registers (never reused by the
        // tape) and is evaluated once per sample.
        bool settingsPerSample = random is not null && axisTargets.All(t => t < 0);
        bool temperatureSwept = axisTargets.Contains(PlanLayout.AxisTargetTemperature);
        var constantInSample = calls.Select(c => settingsPerSample && c.Info.Data is null && !c.Info.DependsOnWavelength
                                                 && !(c.Info.DependsOnTemperature && temperatureSwept)).ToArray();
        var result = builder.Finish(outSyms, constantInSample);

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
            ints.Add(axisTargets[a]); ints.Add(axis.IsLinear ? 0 : 1); ints.Add(axis.Count);
            ints.Add(axis.IsLinear ? 0 : dbls.Count);
            if (!axis.IsLinear) dbls.AddRange(axis.Table);
        }
        random?.Pack(ints, dbls, ref L, dynamicOffset, normalsParam, circuit);
        L.DrawnSampleParam = drawnSampleParam;
        // A GPU thread walks runs of up to 4 points of one sample (4 keeps the thread count of a one-point stride for a
        // chunk of 2^20 points on a 2^18-thread device): its draws and sample-constant calls are then reused in the run.
        int sampleAxis = Array.IndexOf(axisTargets, PlanLayout.AxisTargetSample);
        long pointsPerSample = 1;
        for (int a = sampleAxis + 1; sampleAxis >= 0 && a < sweep.Axes.Count; a++) pointsPerSample *= sweep.Axes[a].Count;
        L.PointsPerRun = random is not null && sampleAxis >= 0 ? (int)Math.Min(4, pointsPerSample) : 1;
        L.DerivePerSample = settingsPerSample ? 1 : 0;
        L.NumOutputs = pairs.Length;
        L.OutputsOffset = ints.Count;
        ints.AddRange(result.OutputRegisters);

        var strides = new long[sweep.Axes.Count];
        long stride = 1;
        for (int a = sweep.Axes.Count - 1; a >= 0; a--) { strides[a] = stride; stride *= sweep.Axes[a].Count; }

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
            PivotDescriptions = pivots.ToArray(),
            DynamicInstances = calls.Count,
            ConstantInstances = nInst - calls.Count,
            Variation = random,
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

    /// <summary>
    /// Connects port k of block A to port l of block B (Filipsson's two-multiport step). With D = 1 − S_kk·S_ll:
    /// S'_AA = S_AA + S_Ak·S_ll·S_kA/D, S'_AB = S_Ak·S_lB/D, S'_BB = S_BB + S_Bl·S_kk·S_lB/D, S'_BA = S_Bl·S_kA/D.
    /// </summary>
    private static Block ConnectBetween(TapeBuilder t, Block A, int k, Block B, int l, int pivotId, string desc)
    {
        var S = A.S; var R = B.S;
        var ia = Enumerable.Range(0, A.Ports.Count).Where(p => p != k).ToArray();
        var ib = Enumerable.Range(0, B.Ports.Count).Where(p => p != l).ToArray();
        Sym invD = t.Reciprocal(t.Sub(Sym.One, t.Mul(S[k, k], R[l, l])), pivotId, () => desc);
        var a = ia.Select(i => t.Mul(S[i, k], invD)).ToArray();
        var b = ib.Select(i => t.Mul(R[i, l], invD)).ToArray();
        var wA = ia.Select(j => t.Mul(R[l, l], S[k, j])).ToArray();
        var wB = ib.Select(j => t.Mul(S[k, k], R[l, j])).ToArray();
        int na = ia.Length, n = na + ib.Length;
        var M = new Sym[n, n];
        for (int r = 0; r < na; r++)
        {
            for (int c = 0; c < na; c++) M[r, c] = t.MulAdd(a[r], wA[c], S[ia[r], ia[c]]);
            for (int c = 0; c < ib.Length; c++) M[r, na + c] = t.Mul(a[r], R[l, ib[c]]);
        }
        for (int r = 0; r < ib.Length; r++)
        {
            for (int c = 0; c < ib.Length; c++) M[na + r, na + c] = t.MulAdd(b[r], wB[c], R[ib[r], ib[c]]);
            for (int c = 0; c < na; c++) M[na + r, c] = t.Mul(b[r], S[k, ia[c]]);
        }
        var ports = ia.Select(i => A.Ports[i]).Concat(ib.Select(i => B.Ports[i])).ToList();
        return new Block { Ports = ports, S = M };
    }

    /// <summary>
    /// Connects ports k and l of the same block (closes a loop). With D = (1−S_kl)(1−S_lk) − S_kk·S_ll:
    /// S'_ij = S_ij + [S_ik·S_ll + S_il·(1−S_lk)]·S_kj/D + [S_ik·(1−S_kl) + S_il·S_kk]·S_lj/D.
    /// </summary>
    private static Block ConnectWithin(TapeBuilder t, Block A, int k, int l, int pivotId, string desc)
    {
        var S = A.S;
        var rest = Enumerable.Range(0, A.Ports.Count).Where(p => p != k && p != l).ToArray();
        Sym oneMinusKl = t.Sub(Sym.One, S[k, l]);
        Sym oneMinusLk = t.Sub(Sym.One, S[l, k]);
        Sym D = t.Sub(t.Mul(oneMinusKl, oneMinusLk), t.Mul(S[k, k], S[l, l]));
        Sym invD = t.Reciprocal(D, pivotId, () => desc);
        var p = rest.Select(i => t.Mul(t.MulAdd(S[i, k], S[l, l], t.Mul(S[i, l], oneMinusLk)), invD)).ToArray();
        var q = rest.Select(i => t.Mul(t.MulAdd(S[i, k], oneMinusKl, t.Mul(S[i, l], S[k, k])), invD)).ToArray();
        int n = rest.Length;
        var M = new Sym[n, n];
        for (int r = 0; r < n; r++)
            for (int c = 0; c < n; c++)
                M[r, c] = t.MulAdd(p[r], S[k, rest[c]], t.MulAdd(q[r], S[l, rest[c]], S[rest[r], rest[c]]));
        return new Block { Ports = rest.Select(i => A.Ports[i]).ToList(), S = M };
    }
}
