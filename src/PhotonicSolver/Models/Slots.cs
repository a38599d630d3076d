using System.Runtime.CompilerServices;
using PhotonicSolver.Numerics;

namespace PhotonicSolver.Models;

/// <summary>
/// What a model evaluation returns: up to <see cref="Capacity"/> distinct complex S-matrix values. The model's
/// <see cref="ModelInfo.Pattern"/> says which S[out,in] entries each slot fills (several entries may share a
/// slot, e.g. reciprocal pairs), so a model writes only its distinct non-zeros.
/// </summary>
public struct Slots
{
    public const int Capacity = 8;
    public Cx S0, S1, S2, S3, S4, S5, S6, S7;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly Cx Get(int k) => k switch
    {
        0 => S0, 1 => S1, 2 => S2, 3 => S3, 4 => S4, 5 => S5, 6 => S6, _ => S7,
    };
}

/// <summary>Where a model's settings live: a flat table of doubles, read by index (host arrays or GPU views).</summary>
public interface IParamSource
{
    double Get(int index);
}

/// <summary>A parameter table a model may also write: its derived parameters (see <see cref="ModelInfo.DerivedCount"/>).</summary>
public interface IParamStore : IParamSource
{
    void SetParam(int index, double value);
}

/// <summary>A host-side parameter table over an array.</summary>
public readonly struct ArrayParams : IParamStore
{
    private readonly double[] _values;
    public ArrayParams(double[] values) { _values = values; }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Get(int index) => _values[index];

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void SetParam(int index, double value) => _values[index] = value;
}

/// <summary>
/// <see cref="Slots"/> per lane: what a model written over a lane type returns (<see cref="ILane{TL}"/>). A model fills
/// only the slots its pattern names; the caller reads only those.
/// </summary>
public struct Slots<TL> where TL : struct, ILane<TL>
{
    public Cx<TL> S0, S1, S2, S3, S4, S5, S6, S7;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly Cx<TL> Get(int k) => k switch
    {
        0 => S0, 1 => S1, 2 => S2, 3 => S3, 4 => S4, 5 => S5, 6 => S6, _ => S7,
    };
}

/// <summary>A parameter table read per lane: one value of every setting for each lane's point.</summary>
public interface ILaneSource<TL> where TL : struct, ILane<TL>
{
    TL Get(int index);
}

/// <summary>A parameter table written per lane (a model's derived parameters).</summary>
public interface ILaneStore<TL> : ILaneSource<TL> where TL : struct, ILane<TL>
{
    void SetParam(int index, TL value);
}

/// <summary>One-lane view of a scalar parameter table: how the kernel and the host call a lane-generic model.</summary>
public readonly struct ScalarLanes<TP>(TP inner) : ILaneSource<F64> where TP : struct, IParamSource
{
    private readonly TP _inner = inner;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public F64 Get(int index) => new(_inner.Get(index));
}

/// <summary>
/// One-lane view of a scalar parameter store (a copy of the store struct: every <see cref="IParamStore"/> here is a
/// view over shared arrays or device memory, so writes land in the table).
/// </summary>
public readonly struct ScalarStoreLanes<TP>(TP inner) : ILaneStore<F64> where TP : struct, IParamStore
{
    private readonly TP _inner = inner;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public F64 Get(int index) => new(_inner.Get(index));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void SetParam(int index, F64 value) => _inner.SetParam(index, value.V);
}
