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

/// <summary>
/// Steady state and exact transients of a <see cref="ThermalNetwork"/>.
/// </summary>
/// <remarks>
/// <para>With x = T − T_amb the network obeys C·dx/dt = −G·x + P(t). Steady state: G·x = P (Cholesky; G is
/// symmetric positive definite once every node has a path to ambient).</para>
/// <para>Transient: massless nodes (C = 0) are eliminated first (Schur complement / Kron reduction), leaving
/// D·dx/dt = −G_r·x + B·P with D = diag(C) &gt; 0. Over a sub-step h on which every power is constant or
/// linear, the exact solution is x(t+h) = x_p(t+h) + e^(−D⁻¹G_r·h)·(x(t) − x_p(t)), with the particular solution
/// x_p = G_r⁻¹·u − G_r⁻¹·D·G_r⁻¹·u' (u = B·P). This is the matrix exponential solution
/// x(t+h) = e^(Ah)·x + A⁻¹(e^(Ah) − I)·B·u (plus its linear-input term) with the steady part taken from a
/// Cholesky solve. The propagator comes from the eigen-decomposition of the symmetric-similar matrix
/// S = D^(−1/2)·G_r·D^(−1/2) = V·Λ·Vᵀ: e^(−D⁻¹G_r·h) = D^(−1/2)·V·e^(−Λh)·Vᵀ·D^(1/2). So stiff networks
/// (τ from µs to minutes) need no small steps, and the steady state is reached to Cholesky accuracy. Steps are
/// split at every trace sample time, which makes piecewise-constant and piecewise-linear traces exact: the
/// only error is rounding, amplified on the slowest modes by at most λmax/λmin of S.</para>
/// <para>The transient starts from ambient at t = 0 unless initial temperatures are given.</para>
/// </remarks>
public static class ThermalSolver
{
    /// <summary>Most output rows a transient may have.</summary>
    public const long MaxSteps = 50_000_000;

    /// <summary>Steady-state node temperatures (°C) for constant node powers (W).</summary>
    public static double[] SteadyState(CompiledThermalNetwork net, double[] nodePowerW)
    {
        if (nodePowerW.Length != net.NodeCount) throw new ArgumentException("one power per node");
        var g = Matrix<double>.Build.DenseOfArray(net.Conductance);
        var x = g.Cholesky().Solve(Vector<double>.Build.DenseOfArray(nodePowerW));
        double amb = net.Network.AmbientC;
        return x.Select(v => v + amb).ToArray();
    }

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

    /// <summary>The network's thermal time constants τ_k = 1/λ_k (s), longest first (massless nodes excluded).</summary>
    public static double[] TimeConstants(ThermalNetwork network)
    {
        var m = new Reduced(network.Compile());
        return m.Lambda.Select(l => 1.0 / l).OrderDescending().ToArray();
    }

    /// <summary>Transient with the file's time settings (time: {stop_s, step_s}).</summary>
    public static ThermalTrace Transient(ThermalNetwork network)
    {
        if (network.StopS is not { } stop || network.StepS is not { } step)
            throw new PhotonicException($"{(network.SourcePath.Length > 0 ? network.SourcePath + ": " : "")}no 'time: {{stop_s, step_s}}' " +
                                        "for a transient; add it, or ask for the steady state");
        return Transient(network, stop, step);
    }

    /// <summary>
    /// Node temperatures from t = 0 to <paramref name="stopS"/>, written every <paramref name="stepS"/> (and at
    /// stopS). Starts from ambient, or from <paramref name="initialC"/> (°C per node).
    /// </summary>
    public static ThermalTrace Transient(ThermalNetwork network, double stopS, double stepS, double[]? initialC = null)
    {
        if (!double.IsFinite(stopS) || stopS <= 0) throw new PhotonicException($"time: stop_s = {ThermalNetwork.Num(stopS)} s must be positive");
        if (!double.IsFinite(stepS) || stepS <= 0) throw new PhotonicException($"time: step_s = {ThermalNetwork.Num(stepS)} s must be positive");
        if (stepS > stopS) throw new PhotonicException($"time: step_s = {ThermalNetwork.Num(stepS)} s is longer than stop_s = {ThermalNetwork.Num(stopS)} s");
        double steps = Math.Ceiling(stopS / stepS * (1 - 1e-12));
        if (steps + 1 > MaxSteps)
            throw new PhotonicException($"time: {stopS} s in steps of {stepS} s is {steps:G3} steps; at most {MaxSteps} (use a longer step)");
        int nSteps = (int)steps;
        var times = new double[nSteps + 1];
        for (int k = 0; k < nSteps; k++) times[k] = k * stepS;
        times[nSteps] = stopS;
        return Transient(network.Compile(), times, initialC);
    }

    /// <summary>Node temperatures at the given increasing output times (the first is the start time).</summary>
    public static ThermalTrace Transient(CompiledThermalNetwork net, double[] timesS, double[]? initialC = null)
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
        var red = new Reduced(net);
        int nd = red.Dynamic.Length;
        var temps = new double[n][];
        for (int i = 0; i < n; i++) temps[i] = new double[timesS.Length];

        var xd = new double[nd];
        if (initialC is not null) for (int j = 0; j < nd; j++) xd[j] = initialC[red.Dynamic[j]] - amb;

        // Every sample time of every trace, where a step must be split.
        var breaks = net.Network.Sources.SelectMany(s => s.Power.TimesS).Where(t => t > timesS[0] && t < timesS[^1])
                        .Distinct().Order().ToArray();
        int nextBreak = 0;
        var x = new double[n];
        for (int step = 0; step < timesS.Length; step++)
        {
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
        }
        return new ThermalTrace { NodeNames = net.NodeNames, TimesS = (double[])timesS.Clone(), TemperaturesC = temps, AmbientC = amb }
            .AboveAbsoluteZero(net.Network);
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
            var g = Matrix<double>.Build.DenseOfArray(net.Conductance);
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
