using System.Globalization;
using MathNet.Numerics.LinearAlgebra;

namespace PhotonicSolver.Thermal;

/// <summary>Node temperatures (°C) against time, from <see cref="ThermalSolver.Transient"/> or a steady state.</summary>
public sealed class ThermalTrace
{
    public required IReadOnlyList<string> NodeNames { get; init; }
    /// <summary>Output times (s).</summary>
    public required double[] TimesS { get; init; }
    /// <summary>TemperaturesC[node][step] in °C.</summary>
    public required double[][] TemperaturesC { get; init; }
    public required double AmbientC { get; init; }

    /// <summary>The temperatures (°C) of one node at every output time.</summary>
    public double[] Node(string name)
    {
        for (int i = 0; i < NodeNames.Count; i++) if (NodeNames[i] == name) return TemperaturesC[i];
        throw new PhotonicException($"unknown thermal node '{name}'; nodes: {string.Join(", ", NodeNames)}");
    }

    /// <summary>
    /// This trace, or an error when a node falls below absolute zero: the sources (negative power cools) take more
    /// heat out than the network can give. Names the node, the time and the cooling sources.
    /// </summary>
    public ThermalTrace AboveAbsoluteZero(ThermalNetwork network)
    {
        for (int i = 0; i < NodeNames.Count; i++)
            for (int k = 0; k < TimesS.Length; k++)
                if (TemperaturesC[i][k] < Units.UnitCheck.AbsoluteZeroC)
                {
                    var cooling = network.Sources.Where(s => s.Power.MinW < 0).Select(s => $"'{s.Node}' ({s.Power.MinW.ToString("G4", CultureInfo.InvariantCulture)} W{(s.Location.Line > 0 ? " at " + s.Location : "")})");
                    throw new PhotonicException(
                        $"{(network.SourcePath.Length > 0 ? network.SourcePath + ": " : "")}node '{NodeNames[i]}' would reach " +
                        $"{TemperaturesC[i][k].ToString("G6", CultureInfo.InvariantCulture)} °C at t = {TimesS[k].ToString("G6", CultureInfo.InvariantCulture)} s, below absolute zero " +
                        $"({Units.UnitCheck.AbsoluteZeroC} °C): the sources remove more heat than exists" +
                        (cooling.Any() ? $"; cooling sources: {string.Join(", ", cooling)}" : ""));
                }
        return this;
    }

    /// <summary>CSV: columns time_s, then T.&lt;node&gt; in °C; round-trip number format.</summary>
    public void WriteCsv(TextWriter w)
    {
        w.Write("time_s");
        foreach (var n in NodeNames) w.Write($",T.{n}");
        w.Write('\n');
        var sb = new System.Text.StringBuilder(256);
        for (int k = 0; k < TimesS.Length; k++)
        {
            sb.Clear();
            sb.Append(TimesS[k].ToString("R", CultureInfo.InvariantCulture));
            for (int i = 0; i < NodeNames.Count; i++) sb.Append(',').Append(TemperaturesC[i][k].ToString("R", CultureInfo.InvariantCulture));
            sb.Append('\n');
            w.Write(sb.ToString());
        }
        w.Flush();
    }
}

/// <summary>How <see cref="ThermalSolver.Transient(CompiledThermalNetwork, double[], double[], ThermalTransientMethod, IProgress{PhotonicSolver.Sweep.SweepProgress}, CancellationToken)"/> integrates.</summary>
public enum ThermalTransientMethod
{
    /// <summary>Exact propagator up to <see cref="ThermalSolver.ExactMaxNodes"/> nodes, the stiff integrator above.</summary>
    Auto,
    /// <summary>The matrix-exponential solution from an eigen-decomposition (dense: O(n³) time, O(n²) memory).</summary>
    Exact,
    /// <summary>The adaptive TR-BDF2 integrator on the sparse conductance matrix (O(nodes + links) per step for a chain).</summary>
    Integrator,
}

/// <summary>
/// Steady states and transients of a <see cref="ThermalNetwork"/>.
/// </summary>
/// <remarks>
/// <para>With x = T − T_amb the network obeys C·dx/dt = −G·x + P(t). Steady state: G·x = P, solved with a sparse
/// envelope Cholesky factorisation in reverse Cuthill–McKee order (<see cref="EnvelopeCholesky"/>; G is symmetric
/// positive definite once every node has a path to ambient): O(n) for a chain, O(n·b²) for a network of bandwidth b.</para>
/// <para><b>Exact transient</b> (networks up to <see cref="ExactMaxNodes"/> nodes): massless nodes (C = 0) are
/// eliminated first (Schur complement / Kron reduction), leaving D·dx/dt = −G_r·x + B·P with D = diag(C) &gt; 0.
/// Over a sub-step h on which every power is constant or linear, the exact solution is
/// x(t+h) = x_p(t+h) + e^(−D⁻¹G_r·h)·(x(t) − x_p(t)), with the particular solution x_p = G_r⁻¹·u − G_r⁻¹·D·G_r⁻¹·u'
/// (u = B·P). The propagator comes from the eigen-decomposition of the symmetric-similar matrix
/// S = D^(−1/2)·G_r·D^(−1/2) = V·Λ·Vᵀ: e^(−D⁻¹G_r·h) = D^(−1/2)·V·e^(−Λh)·Vᵀ·D^(1/2). Stiff networks need no small
/// steps; steps are split at every trace sample time, so piecewise-constant and piecewise-linear traces are exact
/// and the only error is rounding. The decomposition is dense, O(n³): 3000 nodes would take minutes.</para>
/// <para><b>Integrator</b> (larger networks): the TR-BDF2 method (Bank et al., IEEE Trans. CAD 4, 436 (1985);
/// Hosea &amp; Shampine, Appl. Numer. Math. 20, 21 (1996)) on the sparse system C·x' = −G·x + P, massless nodes
/// included as algebraic equations (the matrix C + (γh/2)·G of both stages is symmetric positive definite, and its
/// envelope Cholesky factor is reused while h is unchanged). It is L-stable and second order, with γ = 2 − √2. The
/// local error is estimated from f at the three stage points, filtered through the step matrix (Shampine), and
/// kept below <see cref="RelativeTolerance"/>·|x| + <see cref="RelativeTolerance"/>·(largest steady rise) per step
/// by step-size control. Steps land on every output time and trace sample time; massless nodes are re-solved
/// from the powers after each step in the powers. Tests hold it to the exact solution on small networks and to
/// the analytic modes of a uniform RC chain.</para>
/// <para>The transient starts from ambient at t = 0 unless initial temperatures are given.</para>
/// </remarks>
public static class ThermalSolver
{
    /// <summary>Most output rows a transient may have.</summary>
    public const long MaxSteps = 50_000_000;

    /// <summary>Largest network <see cref="ThermalTransientMethod.Auto"/> solves with the dense exact propagator.</summary>
    public const int ExactMaxNodes = 400;

    /// <summary>Per-step error tolerance of the integrator, relative to |x| and to the largest steady rise.</summary>
    public const double RelativeTolerance = 1e-10;

    /// <summary>Steady-state node temperatures (°C) for constant node powers (W).</summary>
    public static double[] SteadyState(CompiledThermalNetwork net, double[] nodePowerW)
    {
        if (nodePowerW.Length != net.NodeCount) throw new ArgumentException("one power per node");
        var x = new EnvelopeCholesky(net.ConductanceMatrix, Where(net) + "the conductance matrix").Solve(nodePowerW);
        double amb = net.Network.AmbientC;
        return x.Select(v => v + amb).ToArray();
    }

    private static string Where(CompiledThermalNetwork net) => net.Network.SourcePath.Length > 0 ? net.Network.SourcePath + ": " : "";

    /// <summary>
    /// Steady state once every source has reached its final value (a trace's last sample holds for ever),
    /// as one row at time 0.
    /// </summary>
    public static ThermalTrace SteadyState(ThermalNetwork network)
    {
        var net = network.Compile();
        var t = SteadyState(net, net.FinalPower());
        return new ThermalTrace
        {
            NodeNames = net.NodeNames, TimesS = [0.0], TemperaturesC = t.Select(v => new[] { v }).ToArray(), AmbientC = network.AmbientC,
        }.AboveAbsoluteZero(network);
    }

    /// <summary>
    /// The network's thermal time constants τ_k = 1/λ_k (s), longest first (massless nodes excluded). Networks of
    /// more than <see cref="ExactMaxNodes"/> nodes give only the longest, by inverse iteration on the sparse G.
    /// </summary>
    public static double[] TimeConstants(ThermalNetwork network)
    {
        var net = network.Compile();
        if (net.NodeCount <= ExactMaxNodes)
        {
            var m = new Reduced(net);
            return m.Lambda.Select(l => 1.0 / l).OrderDescending().ToArray();
        }
        return [LongestTimeConstant(net)];
    }

    /// <summary>
    /// τ_max = 1/λ_min of C·x' = −G·x: power iteration on x ← G⁻¹·C·x (self-adjoint in the C inner product; its
    /// largest eigenvalue is τ_max, massless nodes eliminated implicitly), with the Rayleigh quotient.
    /// </summary>
    private static double LongestTimeConstant(CompiledThermalNetwork net)
    {
        int n = net.NodeCount;
        var c = net.CapacitanceJPerK;
        if (c.All(v => v == 0)) return double.NaN;
        var chol = new EnvelopeCholesky(net.ConductanceMatrix, Where(net) + "the conductance matrix");
        var x = new double[n];
        for (int i = 0; i < n; i++) x[i] = c[i] > 0 ? 1.0 + 1e-3 * (i % 7) : 0.0;
        var cx = new double[n];
        double mu = 0;
        for (int it = 0; it < 2000; it++)
        {
            for (int i = 0; i < n; i++) cx[i] = c[i] * x[i];
            var y = chol.Solve(cx);
            double num = 0, den = 0, norm = 0;
            for (int i = 0; i < n; i++) { num += cx[i] * y[i]; den += cx[i] * x[i]; norm += c[i] * y[i] * y[i]; }
            double next = num / den;
            norm = Math.Sqrt(norm);
            for (int i = 0; i < n; i++) x[i] = y[i] / norm;
            if (Math.Abs(next - mu) <= 1e-13 * next) { mu = next; break; }
            mu = next;
        }
        return mu;
    }

    /// <summary>Transient with the file's time settings (time: {stop_s, step_s}).</summary>
    public static ThermalTrace Transient(ThermalNetwork network, IProgress<Sweep.SweepProgress>? progress = null, CancellationToken cancel = default)
    {
        if (network.StopS is not { } stop || network.StepS is not { } step)
            throw new PhotonicException($"{(network.SourcePath.Length > 0 ? network.SourcePath + ": " : "")}no 'time: {{stop_s, step_s}}' " +
                                        "for a transient; add it, or ask for the steady state");
        return Transient(network, stop, step, null, ThermalTransientMethod.Auto, progress, cancel);
    }

    /// <summary>
    /// Node temperatures from t = 0 to <paramref name="stopS"/>, written every <paramref name="stepS"/> (and at
    /// stopS). Starts from ambient, or from <paramref name="initialC"/> (°C per node).
    /// </summary>
    public static ThermalTrace Transient(ThermalNetwork network, double stopS, double stepS, double[]? initialC = null,
                                         ThermalTransientMethod method = ThermalTransientMethod.Auto,
                                         IProgress<Sweep.SweepProgress>? progress = null, CancellationToken cancel = default)
    {
        if (!double.IsFinite(stopS) || stopS <= 0) throw new PhotonicException($"time: stop_s = {ThermalNetwork.Num(stopS)} s must be positive");
        if (!double.IsFinite(stepS) || stepS <= 0) throw new PhotonicException($"time: step_s = {ThermalNetwork.Num(stepS)} s must be positive");
        if (stepS > stopS) throw new PhotonicException($"time: step_s = {ThermalNetwork.Num(stepS)} s is longer than stop_s = {ThermalNetwork.Num(stopS)} s");
        double steps = Math.Ceiling(stopS / stepS * (1 - 1e-12));
        if (steps + 1 > MaxSteps)
            throw new PhotonicException($"time: {stopS} s in steps of {stepS} s is {steps:G3} steps; at most {MaxSteps} (use a longer step)");
        int nSteps = (int)steps;
        // The trace holds one double per node and row: refuse a table that cannot fit before allocating it.
        IO.ResourceGuard.Memory($"{(network.SourcePath.Length > 0 ? network.SourcePath + ": " : "")}a transient of {nSteps + 1:N0} rows × " +
                                $"{network.Nodes.Count:N0} nodes (time: stop_s / step_s)", 8.0 * (nSteps + 1) * (network.Nodes.Count + 1));
        var times = new double[nSteps + 1];
        for (int k = 0; k < nSteps; k++) times[k] = k * stepS;
        times[nSteps] = stopS;
        return Transient(network.Compile(), times, initialC, method, progress, cancel);
    }

    /// <summary>Node temperatures at the given increasing output times (the first is the start time).</summary>
    public static ThermalTrace Transient(CompiledThermalNetwork net, double[] timesS, double[]? initialC = null,
                                         ThermalTransientMethod method = ThermalTransientMethod.Auto,
                                         IProgress<Sweep.SweepProgress>? progress = null, CancellationToken cancel = default)
    {
        if (timesS.Length == 0) throw new ArgumentException("no output times");
        for (int k = 1; k < timesS.Length; k++)
            if (!(timesS[k] > timesS[k - 1])) throw new ArgumentException("output times must increase");
        int n = net.NodeCount;
        double amb = net.Network.AmbientC;
        if (initialC is not null && initialC.Length != n) throw new ArgumentException("one initial temperature per node");

        foreach (var src in net.Network.Sources)
        {
            var tr = src.Power;
            if (!tr.IsConstant && tr.TimesS[0] > timesS[0])
                throw new PhotonicException($"{(tr.Source.Length > 0 ? tr.Source + ": " : $"source '{src.Node}': ")}the trace starts at " +
                                            $"{ThermalNetwork.Num(tr.TimesS[0])} s, after the simulation start ({ThermalNetwork.Num(timesS[0])} s): " +
                                            "a gap with no power given; add a sample at the start time");
        }
        var temps = new double[n][];
        for (int i = 0; i < n; i++) temps[i] = new double[timesS.Length];
        // Every sample time of every trace, where a step must be split.
        var breaks = net.Network.Sources.SelectMany(s => s.Power.TimesS).Where(t => t > timesS[0] && t < timesS[^1])
                        .Distinct().Order().ToArray();
        if (method == ThermalTransientMethod.Auto) method = n <= ExactMaxNodes ? ThermalTransientMethod.Exact : ThermalTransientMethod.Integrator;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        if (method == ThermalTransientMethod.Integrator)
        {
            new Integrator(net).Run(timesS, breaks, initialC, temps, progress, cancel, clock);
            return new ThermalTrace { NodeNames = net.NodeNames, TimesS = (double[])timesS.Clone(), TemperaturesC = temps, AmbientC = amb };
        }

        IO.ResourceGuard.Memory($"{Where(net)}the exact transient of {n:N0} nodes (dense eigen-decomposition)", 8.0 * 6 * n * n);
        var red = new Reduced(net);
        int nd = red.Dynamic.Length;
        var xd = new double[nd];
        if (initialC is not null) for (int j = 0; j < nd; j++) xd[j] = initialC[red.Dynamic[j]] - amb;
        int nextBreak = 0;
        var x = new double[n];
        for (int step = 0; step < timesS.Length; step++)
        {
            cancel.ThrowIfCancellationRequested();
            if (step > 0)
            {
                double ta = timesS[step - 1], tb = timesS[step];
                while (nextBreak < breaks.Length && breaks[nextBreak] <= ta) nextBreak++;
                while (nextBreak < breaks.Length && breaks[nextBreak] < tb)
                {
                    red.Advance(xd, ta, breaks[nextBreak]);
                    ta = breaks[nextBreak++];
                }
                red.Advance(xd, ta, tb);
            }
            red.Temperatures(xd, net.PowerAt(timesS[step]), x);
            for (int i = 0; i < n; i++) temps[i][step] = amb + x[i];
            progress?.Report(new Sweep.SweepProgress(step + 1, timesS.Length, clock.Elapsed));
        }
        return new ThermalTrace { NodeNames = net.NodeNames, TimesS = (double[])timesS.Clone(), TemperaturesC = temps, AmbientC = amb }
            .AboveAbsoluteZero(net.Network);
    }

    /// <summary>The adaptive TR-BDF2 integrator of C·x' = −G·x + P(t) on the sparse G (see the class remarks).</summary>
    private sealed class Integrator
    {
        private static readonly double Gamma = 2 - Math.Sqrt(2);
        // Local error constant of TR-BDF2: (−3γ² + 4γ − 2) / (12(2 − γ)).
        private static readonly double ErrorConstant = (-3 * Gamma * Gamma + 4 * Gamma - 2) / (12 * (2 - Gamma));

        private readonly CompiledThermalNetwork _net;
        private readonly SparseSymmetric _g;
        private readonly double[] _c;
        private readonly int _n;
        private readonly int[] _algebraic;
        private readonly EnvelopeCholesky? _gaa;
        private readonly EnvelopeCholesky[] _factors = new EnvelopeCholesky[2];
        private readonly double[] _factorH = [double.NaN, double.NaN];
        private int _nextFactor;
        private readonly double _hStart;
        private double _atol;

        public Integrator(CompiledThermalNetwork net)
        {
            _net = net;
            _g = net.ConductanceMatrix;
            _c = net.CapacitanceJPerK;
            _n = net.NodeCount;
            _algebraic = Enumerable.Range(0, _n).Where(i => _c[i] == 0).ToArray();
            if (_algebraic.Length > 0) _gaa = new EnvelopeCholesky(_g.Sub(_algebraic), Where(net) + "the conductance matrix of the massless nodes");
            // Fastest rate (Gershgorin bound of C⁻¹G over the nodes with mass) sets the first step.
            double rate = 0;
            for (int i = 0; i < _n; i++)
            {
                if (_c[i] == 0) continue;
                double row = Math.Abs(_g.Diagonal[i]);
                for (int k = _g.RowStart[i]; k < _g.RowStart[i + 1]; k++) row += Math.Abs(_g.Value[k]);
                rate = Math.Max(rate, row / _c[i]);
            }
            _hStart = rate > 0 ? 1e-3 / rate : double.PositiveInfinity;
        }

        private EnvelopeCholesky StepMatrix(double h)
        {
            double d = 0.5 * Gamma * h;
            for (int k = 0; k < 2; k++) if (_factorH[k] == d) return _factors[k];
            int slot = _nextFactor;
            _nextFactor = 1 - _nextFactor;
            if (_factors[slot] is null) _factors[slot] = new EnvelopeCholesky(_g, Where(_net) + "the thermal step matrix");
            _factors[slot].Refactor(d, _c, Where(_net) + "the thermal step matrix");
            _factorH[slot] = d;
            return _factors[slot];
        }

        /// <summary>Solves the massless nodes from the others and the powers p: G_aa·x_a = p_a − G_ad·x_d.</summary>
        private void Project(double[] x, double[] p)
        {
            if (_gaa is null) return;
            var rhs = new double[_algebraic.Length];
            var isAlg = new bool[_n];
            foreach (int a in _algebraic) isAlg[a] = true;
            for (int k = 0; k < _algebraic.Length; k++)
            {
                int i = _algebraic[k];
                double s = p[i];
                for (int e = _g.RowStart[i]; e < _g.RowStart[i + 1]; e++) if (!isAlg[_g.Column[e]]) s -= _g.Value[e] * x[_g.Column[e]];
                rhs[k] = s;
            }
            var xa = _gaa.Solve(rhs);
            for (int k = 0; k < _algebraic.Length; k++) x[_algebraic[k]] = xa[k];
        }

        private void F(double[] x, double[] p, double[] f)
        {
            _g.Multiply(x, f);
            for (int i = 0; i < _n; i++) f[i] = p[i] - f[i];
        }

        public void Run(double[] times, double[] breaks, double[]? initialC, double[][] temps, IProgress<Sweep.SweepProgress>? progress,
                        CancellationToken cancel, System.Diagnostics.Stopwatch clock)
        {
            int n = _n;
            double amb = _net.Network.AmbientC;
            var x = new double[n];
            if (initialC is not null) for (int i = 0; i < n; i++) x[i] = initialC[i] - amb;
            double t = times[0];
            Project(x, _net.PowerAt(t));

            // Error scale: the largest steady rise at the start and final powers, and the start state.
            var steady = new EnvelopeCholesky(_g, Where(_net) + "the conductance matrix");
            double scale = x.Max(Math.Abs);
            foreach (var p in new[] { _net.PowerAt(t), _net.FinalPower() }) scale = Math.Max(scale, steady.Solve(p).Max(Math.Abs));
            var sources = _net.Network.Sources;
            for (int s = 0; s < sources.Count; s++)
                if (!sources[s].Power.IsConstant)
                {
                    var p = new double[n];
                    p[_net.SourceNode[s]] = sources[s].Power.PowersW.Max(Math.Abs);
                    scale = Math.Max(scale, steady.Solve(p).Max(Math.Abs));
                }
            _atol = RelativeTolerance * (scale > 0 ? scale : 1.0);

            for (int i = 0; i < n; i++) temps[i][0] = amb + x[i];
            progress?.Report(new Sweep.SweepProgress(1, times.Length, clock.Elapsed));
            double h = Math.Min(_hStart, times[^1] - t);
            var xNew = new double[n];
            var work = new Work(n);
            double[] pStart = new double[n], pEnd = new double[n], pMid = new double[n];
            int nextBreak = 0;
            for (int k = 1; k < times.Length; k++)
            {
                while (t < times[k])
                {
                    while (nextBreak < breaks.Length && breaks[nextBreak] <= t) nextBreak++;
                    double target = nextBreak < breaks.Length && breaks[nextBreak] < times[k] ? breaks[nextBreak] : times[k];
                    _net.PowerAt(t, pStart);
                    while (t < target)
                    {
                        cancel.ThrowIfCancellationRequested();
                        bool lands = t + h >= target - 0.1 * h;
                        double hs = lands ? target - t : h;
                        double tEnd = lands ? target : t + hs;
                        _net.PowerAt(tEnd, pEnd, leftLimit: true);
                        _net.PowerAt(t + Gamma * hs, pMid);
                        double err = Step(x, pStart, pMid, pEnd, hs, xNew, work);
                        double factor = err == 0 ? 4 : Math.Clamp(0.9 * Math.Pow(err, -1.0 / 3), 0.2, 4);
                        if (err <= 1)
                        {
                            (x, xNew) = (xNew, x);
                            t = tEnd;
                            (pStart, pEnd) = (pEnd, pStart);
                            // Keep h (and its factor) for small proposed growth; a short landing step does not shrink it.
                            if (factor < 1) h = hs * factor;
                            else if (factor >= 1.5) h = Math.Max(h, hs * factor);
                        }
                        else
                        {
                            h = hs * factor;
                        }
                        if (!(h > 0) || t + h == t)
                            throw new PhotonicException($"{Where(_net)}the thermal integrator cannot meet its tolerance at t = {t:G6} s (step {h:G3} s)");
                    }
                    // At a trace sample: powers may jump; massless nodes follow at once, and the next step restarts small.
                    var right = _net.PowerAt(t);
                    var left = _net.PowerAt(t, leftLimit: true);
                    bool jumps = false;
                    for (int i = 0; i < n; i++) if (right[i] != left[i]) { jumps = true; break; }
                    if (jumps) { Project(x, right); h = Math.Min(h, _hStart); }
                }
                for (int i = 0; i < n; i++) temps[i][k] = amb + x[i];
                progress?.Report(new Sweep.SweepProgress(k + 1, times.Length, clock.Elapsed));
            }
        }

        private sealed class Work(int n)
        {
            public readonly double[] F0 = new double[n], F1 = new double[n], F2 = new double[n], Z = new double[n], Rhs = new double[n], E = new double[n];
        }

        /// <summary>One TR-BDF2 step of size h from x; returns the weighted error norm (≤ 1: accept).</summary>
        private double Step(double[] x, double[] p0, double[] pMid, double[] p1, double h, double[] xNew, Work w)
        {
            int n = _n;
            double g = Gamma, d = 0.5 * g * h;
            var a = StepMatrix(h);
            F(x, p0, w.F0);
            // TR stage to t + γh: (C + d·G)·z = C·x + d·(f0 + p_γ).
            for (int i = 0; i < n; i++) w.Rhs[i] = _c[i] * x[i] + d * (w.F0[i] + pMid[i]);
            a.Solve(w.Rhs, w.Z);
            F(w.Z, pMid, w.F1);
            // BDF2 stage to t + h: (C + d·G)·x1 = C·(z/(γ(2−γ)) − (1−γ)²·x/(γ(2−γ))) + d·p1.
            double cz = 1 / (g * (2 - g)), cx = (1 - g) * (1 - g) / (g * (2 - g));
            for (int i = 0; i < n; i++) w.Rhs[i] = _c[i] * (cz * w.Z[i] - cx * x[i]) + d * p1[i];
            a.Solve(w.Rhs, xNew);
            F(xNew, p1, w.F2);
            // Local error ≈ 2·k·h·(f0/γ − f_γ/(γ(1−γ)) + f1/(1−γ)), filtered by the step matrix.
            double e0 = 1 / g, e1 = -1 / (g * (1 - g)), e2 = 1 / (1 - g), s = 2 * ErrorConstant * h;
            for (int i = 0; i < n; i++) w.Rhs[i] = s * (e0 * w.F0[i] + e1 * w.F1[i] + e2 * w.F2[i]);
            a.Solve(w.Rhs, w.E);
            double err = 0;
            for (int i = 0; i < n; i++)
            {
                double tol = _atol + RelativeTolerance * Math.Max(Math.Abs(x[i]), Math.Abs(xNew[i]));
                err = Math.Max(err, Math.Abs(w.E[i]) / tol);
            }
            return double.IsNaN(err) ? double.PositiveInfinity : err;
        }
    }

    /// <summary>
    /// The network with its massless nodes eliminated, D·dx/dt = −G_r·x + B·P, with the eigen-decomposition of
    /// its symmetric form for the propagator e^(−D⁻¹G_r·h).
    /// </summary>
    private sealed class Reduced
    {
        public readonly int[] Dynamic, Algebraic;
        public readonly double[] Lambda;
        private readonly CompiledThermalNetwork _net;
        private readonly int _n;
        private readonly Matrix<double> _b;          // nd × n: node powers → reduced input
        private readonly Matrix<double> _w, _f;      // e^(−D⁻¹G_r·h) = W·e^(−Λh)·F, W = D^(−1/2)V, F = VᵀD^(1/2)
        private readonly MathNet.Numerics.LinearAlgebra.Factorization.Cholesky<double>? _gr;
        private readonly Vector<double> _d;
        private readonly Matrix<double>? _algInput;  // x_a = Q_a·P − K·x_d
        private readonly Matrix<double>? _algState;
        private double _cachedH = double.NaN;
        private Matrix<double>? _e;

        public Reduced(CompiledThermalNetwork net)
        {
            _net = net;
            _n = net.NodeCount;
            var c = net.CapacitanceJPerK;
            Dynamic = Enumerable.Range(0, _n).Where(i => c[i] > 0).ToArray();
            Algebraic = Enumerable.Range(0, _n).Where(i => c[i] == 0).ToArray();
            var g = Matrix<double>.Build.DenseOfArray(net.ConductanceMatrix.ToDense());
            int nd = Dynamic.Length, na = Algebraic.Length;

            // B maps node powers to the dynamic nodes' net input: P_d − G_da·G_aa⁻¹·P_a.
            _b = Matrix<double>.Build.Dense(nd, _n);
            for (int j = 0; j < nd; j++) _b[j, Dynamic[j]] = 1.0;
            var gr = Sub(g, Dynamic, Dynamic);
            if (na > 0)
            {
                var gad = Sub(g, Algebraic, Dynamic);
                var gda = Sub(g, Dynamic, Algebraic);
                var chol = Sub(g, Algebraic, Algebraic).Cholesky();
                var k = chol.Solve(gad);                                    // G_aa⁻¹·G_ad
                var q = chol.Solve(Matrix<double>.Build.DenseIdentity(na)); // G_aa⁻¹
                gr -= gda * k;
                var gdaQ = gda * q;
                for (int j = 0; j < nd; j++)
                    for (int a = 0; a < na; a++) _b[j, Algebraic[a]] -= gdaQ[j, a];
                _algInput = Matrix<double>.Build.Dense(na, _n);
                for (int a = 0; a < na; a++)
                    for (int a2 = 0; a2 < na; a2++) _algInput[a, Algebraic[a2]] = q[a, a2];
                _algState = k;
            }
            gr = 0.5 * (gr + gr.Transpose());
            _d = Vector<double>.Build.Dense(nd, j => c[Dynamic[j]]);
            if (nd == 0)
            {
                Lambda = [];
                _w = _f = Matrix<double>.Build.Dense(0, 0);
                return;
            }
            _gr = gr.Cholesky();
            var dis = _d.Map(v => 1.0 / Math.Sqrt(v));
            var s = Matrix<double>.Build.Dense(nd, nd, (r, col) => dis[r] * gr[r, col] * dis[col]);
            s = 0.5 * (s + s.Transpose());
            var evd = s.Evd(MathNet.Numerics.LinearAlgebra.Symmetricity.Symmetric);
            Lambda = evd.EigenValues.Select(v => v.Real).ToArray();
            var v = evd.EigenVectors;
            _w = Matrix<double>.Build.Dense(nd, nd, (r, col) => dis[r] * v[r, col]);
            _f = Matrix<double>.Build.Dense(nd, nd, (r, col) => v[col, r] / dis[col]);
        }

        private static Matrix<double> Sub(Matrix<double> m, int[] rows, int[] cols)
            => Matrix<double>.Build.Dense(rows.Length, cols.Length, (r, c) => m[rows[r], cols[c]]);

        /// <summary>
        /// Advances x over [ta, tb], on which every power is constant or linear: with u(t) = B·P(t) linear,
        /// x_p(t) = G_r⁻¹·u(t) − G_r⁻¹·D·G_r⁻¹·u' is a particular solution, and
        /// x(tb) = x_p(tb) + e^(−D⁻¹G_r·h)·(x(ta) − x_p(ta)) exactly. The steady part comes from a Cholesky
        /// solve, so only the decaying part depends on the eigen-decomposition.
        /// </summary>
        public void Advance(double[] x, double ta, double tb)
        {
            int nd = Dynamic.Length;
            if (nd == 0) return;
            double h = tb - ta;
            var ua = _b * Vector<double>.Build.DenseOfArray(_net.PowerAt(ta));
            var ub = _b * Vector<double>.Build.DenseOfArray(_net.PowerAt(tb, leftLimit: true));
            var slope = (ub - ua) / h;
            var correction = _gr!.Solve(_d.PointwiseMultiply(_gr.Solve(slope)));
            var xpa = _gr.Solve(ua) - correction;
            var xpb = _gr.Solve(ub) - correction;
            if (h != _cachedH)
            {
                var decay = Vector<double>.Build.Dense(nd, k => Math.Exp(-Lambda[k] * h));
                _e = _w * Matrix<double>.Build.DiagonalOfDiagonalVector(decay) * _f;
                _cachedH = h;
            }
            var dev = Vector<double>.Build.DenseOfArray(x) - xpa;
            var next = xpb + _e! * dev;
            for (int j = 0; j < nd; j++) x[j] = next[j];
        }

        /// <summary>Node rises x (K above ambient): dynamic nodes from the state, massless ones from the powers now.</summary>
        public void Temperatures(double[] xd, double[] p, double[] x)
        {
            int nd = Dynamic.Length;
            for (int j = 0; j < nd; j++) x[Dynamic[j]] = xd[j];
            if (_algInput is null) return;
            for (int a = 0; a < Algebraic.Length; a++)
            {
                double acc = 0;
                for (int i = 0; i < _n; i++) acc += _algInput[a, i] * p[i];
                for (int j = 0; j < nd; j++) acc -= _algState![a, j] * xd[j];
                x[Algebraic[a]] = acc;
            }
        }
    }
}
