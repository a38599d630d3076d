using System.Diagnostics;
using PhotonicSolver.Backends;
using PhotonicSolver.Circuit;
using PhotonicSolver.Numerics;
using PhotonicSolver.Sweep;

namespace PhotonicSolver.Links;

/// <summary>
/// A link evaluated end to end: a source (<see cref="LaserSource"/>), an optional fiber between it and the chip
/// (<see cref="FiberLink"/>, for an external light source), and the chip netlist from its input port to a receiving
/// port. For each scenario (laser temperature, chip temperature, current):
/// <code>
/// λ, P_laser = source.Output(T_laser, I)
/// P_received = P_laser · 10^(−fiber loss/10) · |S[out, in]|²(λ, T_chip)
/// </code>
/// <para>
/// Batching. All scenarios go through ONE compiled plan and one backend run: a zipped sweep (<see cref="SweepAxis.Zip"/>)
/// walks the distinct (T_chip, λ) pairs of the scenarios, one engine point per pair, and each scenario reads its pair
/// as the chunks stream past (memory O(scenarios)). So every kind of scenario costs what it needs and no more:
/// </para>
/// <list type="bullet">
/// <item>a co-packaged laser (<see cref="LinkScenario.CoPackaged"/>, T_laser = T_chip): N temperatures are N pairs,
/// N points (a Cartesian T × λ grid would cost N² and keep its diagonal);</item>
/// <item>laser and chip temperatures set independently (<see cref="LinkScenario.Grid"/>): every (λ, T_chip)
/// combination, each once (currents change only the power, so they cost nothing);</item>
/// <item>an external light source at a fixed temperature: one wavelength, one point per chip temperature.</item>
/// </list>
/// </summary>
public sealed class OpticalLink
{
    public FlatCircuit Circuit { get; }
    public LaserSource Source { get; }
    public string InPort { get; }
    public string OutPort { get; }
    /// <summary>The fiber from an external light source to the chip; null for a co-packaged laser (no fiber).</summary>
    public FiberLink? Fiber { get; }
    /// <summary>Where the netlist came from, for messages.</summary>
    public string CircuitName { get; }

    private readonly int _in, _out;

    /// <summary>Points per streamed chunk (0: the runner's default); tests set it small to cross chunk boundaries.</summary>
    internal int ChunkPoints { get; set; }

    public OpticalLink(FlatCircuit circuit, LaserSource source, string inPort, string outPort, FiberLink? fiber = null, string circuitName = "netlist")
    {
        Circuit = circuit; Source = source; InPort = inPort; OutPort = outPort; Fiber = fiber; CircuitName = circuitName;
        var names = circuit.ExternalPorts.Select(p => p.Name).ToList();
        _in = names.IndexOf(inPort);
        _out = names.IndexOf(outPort);
        if (_in < 0) throw new PhotonicException($"{circuitName}: the link's input port '{inPort}' is not an external port; ports: {string.Join(", ", names)}");
        if (_out < 0) throw new PhotonicException($"{circuitName}: the link's output port '{outPort}' is not an external port; ports: {string.Join(", ", names)}");
    }

    /// <summary>A link over a circuit of the library API.</summary>
    public OpticalLink(Api.Circuit circuit, LaserSource source, string inPort, string outPort, FiberLink? fiber = null)
        : this(circuit.Flat, source, inPort, outPort, fiber, circuit.Source) { }

    /// <summary>
    /// Evaluates every scenario on <paramref name="backend"/> (default: a CPU backend on every core, disposed after).
    /// </summary>
    public LinkResult Evaluate(IReadOnlyList<LinkScenario> scenarios, ISweepBackend? backend = null, CancellationToken cancel = default)
    {
        int n = scenarios.Count;
        if (n == 0) throw new PhotonicException("a link evaluation needs at least one scenario");
        var clock = Stopwatch.StartNew();

        // 1. The source at each scenario (host, O(scenarios)): wavelength and power.
        var wl = new double[n];
        var power = new double[n];
        for (int k = 0; k < n; k++)
        {
            var s = scenarios[k];
            CheckTemperature(s.LaserTemperatureC, "laser");
            CheckTemperature(s.ChipTemperatureC, "chip");
            if (Source.HasCurrent && !(s.CurrentMa >= 0 && double.IsFinite(s.CurrentMa)))
                throw new PhotonicException($"laser current {s.CurrentMa} mA: a drive current is finite and not negative");
            var o = Source.Output(s.LaserTemperatureC, s.CurrentMa);
            if (!(o.WavelengthUm > 0) || double.IsInfinity(o.WavelengthUm))
                throw new PhotonicException($"the source's wavelength at {s.LaserTemperatureC} °C is {o.WavelengthUm} µm: not a positive wavelength (check its drift dwl_dT)");
            wl[k] = o.WavelengthUm;
            power[k] = o.PowerMw;
        }

        // 2. One zipped sweep over the distinct (T_chip, λ) pairs, in ascending order; each scenario is one of its points.
        var pairIndex = new Dictionary<(double T, double Wl), int>();
        foreach (var key in Enumerable.Range(0, n).Select(k => (T: scenarios[k].ChipTemperatureC, Wl: wl[k])).Distinct().Order())
            pairIndex[key] = pairIndex.Count;
        var point = new long[n];
        for (int k = 0; k < n; k++) point[k] = pairIndex[(scenarios[k].ChipTemperatureC, wl[k])];
        var pairs = pairIndex.Keys.ToArray();
        int temps = pairs.Select(p => p.T).Distinct().Count(), wls = pairs.Select(p => p.Wl).Distinct().Count();
        var spec = new SweepSpec(SweepAxis.Zip([(FlatCircuit.TemperatureKey, pairs.Select(p => p.T).ToArray()),
                                                (FlatCircuit.WavelengthKey, pairs.Select(p => p.Wl).ToArray())]));
        var plan = PlanCompiler.Compile(Circuit, spec, [(_out, _in)]);
        var sink = new PickSink(point);
        var own = backend is null;
        backend ??= new CpuBackend();
        SweepSummary summary;
        try
        {
            using var prepared = backend.Prepare(plan);
            summary = SweepRunner.Run(prepared, sink, ChunkPoints, null, cancel);
        }
        finally { if (own) backend.Dispose(); }
        if (summary.Truncated) throw new OperationCanceledException("link evaluation cancelled");

        // 3. Per scenario: |S|² and the received power (host, O(scenarios)).
        var chip = new double[n];
        int singular = 0;
        for (int k = 0; k < n; k++)
        {
            var (s, status) = sink.Get(point[k]);
            chip[k] = status == 0 ? s.Abs2 : double.NaN;
            if (status != 0) singular++;
        }
        return new LinkResult(scenarios.ToArray(), wl, power, chip, Fiber?.LossDb ?? 0, temps, wls, pairs.Length,
                              singular, summary.FirstSingular, backend.Name, clock.Elapsed);
    }

    private static void CheckTemperature(double t, string what)
    {
        if (!(t > -273.15) || double.IsInfinity(t))
            throw new PhotonicException($"{what} temperature {t} °C: a temperature in °C is finite and above absolute zero");
    }

    /// <summary>Keeps only the grid points the scenarios need, as the runner streams chunks past (chunks arrive in order).</summary>
    private sealed class PickSink : ISweepSink
    {
        private readonly long[] _needed;     // distinct grid points, ascending
        private readonly Cx[] _values;
        private readonly int[] _status;

        public PickSink(long[] points)
        {
            _needed = points.Distinct().Order().ToArray();
            _values = new Cx[_needed.Length];
            _status = new int[_needed.Length];
        }

        public void Begin(EvaluationPlan plan) { }

        public void Write(long start, int count, Cx[] outputs, int[] status)
        {
            int i = Array.BinarySearch(_needed, start);
            if (i < 0) i = ~i;
            for (; i < _needed.Length && _needed[i] < start + count; i++)
            {
                int p = (int)(_needed[i] - start);
                _values[i] = outputs[p];     // one output per point: S[out, in]
                _status[i] = status[p];
            }
        }

        public void End(bool truncated, long written) { }

        public (Cx S, int Status) Get(long point)
        {
            int i = Array.BinarySearch(_needed, point);
            return (_values[i], _status[i]);
        }
    }
}
