namespace PhotonicSolver.Circuit;

/// <summary>Arithmetic precision of the elimination tape and its registers.</summary>
public enum Precision { Fp64, Fp32 }

/// <summary>Op codes of the tape. Each instruction is five ints: op, dst, a, b, c (registers).</summary>
public static class TapeOp
{
    /// <summary>r[dst] = r[a]·r[b]</summary>
    public const int Mul = 0;
    /// <summary>r[dst] = r[a]·r[b] + r[c]</summary>
    public const int MulAdd = 1;
    /// <summary>r[dst] = r[a] + r[b]</summary>
    public const int Add = 2;
    /// <summary>r[dst] = r[a] − r[b]</summary>
    public const int Sub = 3;
    /// <summary>r[dst] = 1/r[a]; c is the pivot id, reported when |r[a]| is below <see cref="PlanLayout.SingularPivot"/>.</summary>
    public const int Recip = 4;

    public const int Width = 5;
}

/// <summary>
/// Sizes and offsets of a compiled plan inside its two packed tables (ints and doubles). It is a small value
/// type, passed by value to the ILGPU kernel; the tables go to the device as read-only views.
/// </summary>
public struct PlanLayout
{
    /// <summary>|pivot|² below this marks an fp64 point as singular (a lossless closed cavity on resonance): |D| &lt; 1e-12
    /// would amplify fp64 rounding (1e-16) to errors above 1e-4, so the point is reported instead of returned.</summary>
    public const double SingularPivot = 1e-24;

    /// <summary>The same bound for fp32 registers: rounding 6e-8 amplified by 1/|D| passes 1e-2 below |D| = 6e-6.</summary>
    public const double SingularPivotFp32 = 3.6e-11;

    /// <summary>Register precision: 0 = fp64, 1 = fp32 (models still compute phases in fp64).</summary>
    public int Fp32;
    /// <summary>|pivot|² threshold for the plan's precision (<see cref="SingularPivot"/> or <see cref="SingularPivotFp32"/>).</summary>
    public double SingularThreshold;

    public int NumRegisters;
    public int NumConstants;        // registers [0, NumConstants) hold constants
    public int ConstantsOffset;     // doubles: re, im per constant
    public int NumPointParams;      // per-point parameter block (settings of point-dependent instances)
    public int PointParamsOffset;   // doubles: base values
    public int NumCalls;
    public int CallsOffset;         // ints (CallWidth each): model id, param offset, destination register, slot count, dT param index, flags (CallDerivesPerPoint, CallConstantInSample)
    public int NumInstructions;
    public int TapeOffset;          // ints: TapeOp.Width per instruction
    public int NumAxes;
    public int AxesOffset;          // ints: target, kind (AxisTable | AxisZipped bits; 0 = linear), count, table offset
    public int AxisDoublesOffset;   // doubles: start, step per axis
    public int NumOutputs;
    public int OutputsOffset;       // ints: output register per (out, in) pair
    public double Wavelength;       // default wl (µm) when not swept
    public double Temperature;      // default temperature (°C) when not swept
    // Monte Carlo variation (MonteCarlo/RandomParameters.cs), all zero without one:
    public ulong Seed;              // Philox key
    public int NumNormals;          // standard normals per point, one per random variable, in point params [NormalsParam, +NumNormals)
    public int NormalsParam;
    public int NormalKindsOffset;   // ints, one per normal: 0 a standard normal, 1 a uniform in (0, 1) (uncorrelated truncnormal/uniform)
    public int NumCorrelated;       // the first NumCorrelated normals are mixed by a Cholesky factor
    public int CholeskyOffset;      // doubles: its lower triangle, row by row
    public int NumLocalCorrelated;  // correlated local draws (local parameter × instance), mixed before the globals
    public int LocalCorrelatedOffset; // ints (LocalCorrelatedWidth each): normal, doubles row, global terms, local terms, ints offset of the local normals
    public int NumRandom;           // random targets
    public int RandomOffset;        // ints (RandomWidth each): distribution, normal index, target param, doubles offset
    public int DrawnSampleParam;    // point param: the sample whose draws fill the parameter block (−1 before any), so a
                                    // worker's consecutive points of one sample draw once
    public int DerivePerSample;     // 1 when no axis sets a setting: derived parameters then change only with the sample
    public int PointsPerRun;        // GPU threads take runs of this many consecutive points (Monte Carlo: the wavelengths of
                                    // one sample, so a thread draws a sample once per run); 1 otherwise

    public const int CallWidth = 6;
    /// <summary>Call flag bits (int 5 of a call): derive per point; constant within a Monte Carlo sample.</summary>
    public const int CallDerivesPerPoint = 1, CallConstantInSample = 2;
    public const int RandomWidth = 4;
    public const int LocalCorrelatedWidth = 5;
    /// <summary>Axis kind bits: the values are a table (else start + step·index); the axis is zipped with the axis
    /// before it (it reads the same index and adds no dimension to the grid).</summary>
    public const int AxisTable = 1, AxisZipped = 2;
    public const int AxisTargetWavelength = -1;
    public const int AxisTargetTemperature = -2;
    /// <summary>The Monte Carlo sample axis: its value is the (global) sample index that keys the random streams.</summary>
    public const int AxisTargetSample = -3;
}

/// <summary>
/// A netlist compiled for a sweep: model calls for the point-dependent instances, constants for the rest, and a
/// fixed tape of complex operations that eliminates every internal connection. Executed per point by
/// <see cref="PlanExecutor"/> on every backend.
/// </summary>
public sealed class EvaluationPlan
{
    public required PlanLayout Layout { get; init; }
    public required int[] Ints { get; init; }
    public required double[] Doubles { get; init; }
    /// <summary>Total points in the sweep grid.</summary>
    public required long PointCount { get; init; }
    /// <summary>Axis strides (points), outermost axis first.</summary>
    public required long[] AxisStrides { get; init; }
    public required Sweep.SweepSpec Sweep { get; init; }
    /// <summary>External port names in S-matrix order.</summary>
    public required string[] PortNames { get; init; }
    /// <summary>The (out, in) external port index pairs, one per output.</summary>
    public required (int Out, int In)[] Outputs { get; init; }
    /// <summary>Which connection each pivot id eliminates, for singular-point reports.</summary>
    public required string[] PivotDescriptions { get; init; }
    /// <summary>Instances evaluated per point / folded into constants at compile time.</summary>
    public required int DynamicInstances { get; init; }
    public required int ConstantInstances { get; init; }
    /// <summary>The compiled Monte Carlo variation, when the plan has one.</summary>
    public MonteCarlo.CompiledVariation? Variation { get; init; }

    /// <summary>Seconds spent in each phase of <see cref="PlanCompiler.Compile"/>, in order (for `bench --circuit mesh:N`).</summary>
    public IReadOnlyDictionary<string, double> CompileTimings { get; init; } = new Dictionary<string, double>();

    public Precision Precision => Layout.Fp32 != 0 ? Precision.Fp32 : Precision.Fp64;

    public string OutputLabel(int k) => $"{PortNames[Outputs[k].Out]}.{PortNames[Outputs[k].In]}";
}
