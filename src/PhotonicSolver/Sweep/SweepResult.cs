using PhotonicSolver.Backends;
using PhotonicSolver.Circuit;
using PhotonicSolver.Numerics;

namespace PhotonicSolver.Sweep;

/// <summary>A whole sweep held in memory (for notebooks, tests and small runs; big runs stream through a sink).</summary>
public sealed class SweepResult : ISweepSink
{
    public EvaluationPlan Plan { get; private set; } = null!;
    public Cx[] Outputs { get; private set; } = [];
    public int[] Status { get; private set; } = [];
    public long Count => Plan.PointCount;

    public void Begin(EvaluationPlan plan)
    {
        if (plan.PointCount > int.MaxValue / Math.Max(1, plan.Layout.NumOutputs))
            throw new PhotonicException($"sweep of {plan.PointCount} points is too large to hold in memory; stream it to a file instead");
        Plan = plan;
        IO.ResourceGuard.Memory($"an in-memory sweep of {plan.PointCount:N0} points × {plan.Layout.NumOutputs} outputs",
                                plan.PointCount * (16.0 * plan.Layout.NumOutputs + 4));
        Outputs = new Cx[plan.PointCount * plan.Layout.NumOutputs];
        Status = new int[plan.PointCount];
    }

    public void Write(long start, int count, Cx[] outputs, int[] status)
    {
        int n = Plan.Layout.NumOutputs;
        Array.Copy(outputs, 0, Outputs, start * n, (long)count * n);
        Array.Copy(status, 0, Status, start, count);
    }

    public void End(bool truncated, long written) { }

    /// <summary>Index of the output for the (out, in) port pair given by names.</summary>
    public int OutputIndex(string outPort, string inPort)
    {
        int o = Array.IndexOf(Plan.PortNames, outPort), i = Array.IndexOf(Plan.PortNames, inPort);
        int k = Array.FindIndex(Plan.Outputs, x => x.Out == o && x.In == i);
        if (k < 0) throw new PhotonicException($"no output {outPort}<-{inPort}; ports: {string.Join(", ", Plan.PortNames)}");
        return k;
    }

    /// <summary>S[out, in] for every point.</summary>
    public Cx[] S(string outPort, string inPort)
    {
        int k = OutputIndex(outPort, inPort), n = Plan.Layout.NumOutputs;
        var r = new Cx[Count];
        for (long p = 0; p < Count; p++) r[p] = Outputs[p * n + k];
        return r;
    }

    /// <summary>|S[out, in]|² for every point.</summary>
    public double[] Transmission(string outPort, string inPort) => S(outPort, inPort).Select(v => v.Abs2).ToArray();

    /// <summary>Values of a sweep axis for every point.</summary>
    public double[] Axis(string name)
    {
        int a = Plan.Sweep.Axes.FindIndex(x => x.Name == name);
        if (a < 0) throw new PhotonicException($"'{name}' is not swept; axes: {string.Join(", ", Plan.Sweep.Axes.Select(x => x.Name))}");
        var axis = Plan.Sweep.Axes[a];
        var r = new double[Count];
        for (long p = 0; p < Count; p++) r[p] = axis[p / Plan.AxisStrides[a] % axis.Count];
        return r;
    }

    /// <summary>Compiles and runs a sweep on a backend, in memory.</summary>
    public static SweepResult Run(FlatCircuit circuit, SweepSpec sweep, ISweepBackend backend, IReadOnlyList<(int Out, int In)>? outputs = null)
    {
        var plan = PlanCompiler.Compile(circuit, sweep, outputs);
        using var prepared = backend.Prepare(plan);
        var result = new SweepResult();
        SweepRunner.Run(prepared, result);
        return result;
    }
}
