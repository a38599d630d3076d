using PhotonicSolver.Circuit;
using PhotonicSolver.Numerics;

namespace PhotonicSolver.Backends;

/// <summary>
/// An executor of compiled plans. Backends are explicit objects passed around (no process-wide selection);
/// the CPU backend is the reference every other backend is checked against.
/// </summary>
public interface ISweepBackend : IDisposable
{
    /// <summary>Short name used on the command line: cpu, ilgpu-cpu, cuda, opencl.</summary>
    string Name { get; }
    /// <summary>One line for `photonic devices` and logs: the device and its properties.</summary>
    string Description { get; }
    /// <summary>Uploads/caches the plan tables once, for many chunks.</summary>
    IPreparedPlan Prepare(EvaluationPlan plan);
}

/// <summary>A plan resident on a backend, evaluated chunk by chunk.</summary>
public interface IPreparedPlan : IDisposable
{
    EvaluationPlan Plan { get; }
    /// <summary>
    /// Evaluates points [start, start + count). outputs[p·NumOutputs + k] receives output k of point start + p;
    /// status[p] is 0, or 1 + the singular pivot's id (outputs NaN).
    /// </summary>
    void Evaluate(long start, int count, Cx[] outputs, int[] status);
}
