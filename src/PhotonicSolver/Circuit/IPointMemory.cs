using PhotonicSolver.Models;
using PhotonicSolver.Numerics;

namespace PhotonicSolver.Circuit;

/// <summary>
/// What <see cref="PlanExecutor"/> needs from a backend for one point: the packed plan tables, the complex
/// registers, the per-point parameter block (read by models through <see cref="IParamSource"/>) and the
/// output slots. The CPU backend implements it over arrays, the ILGPU kernel over ArrayViews.
/// </summary>
public interface IPointMemory : IParamStore
{
    int Int(int index);
    double Double(int index);
    Cx GetRegister(int r);
    void SetRegister(int r, Cx value);
    void SetOutput(int k, Cx value);
    /// <summary>
    /// Registers [first, first + count) of this point take the values they had at the previous point this memory
    /// evaluated: a model call whose inputs did not change (a wavelength-independent call within one Monte Carlo
    /// sample) is not evaluated again. A memory whose registers persist between its points does nothing.
    /// </summary>
    void KeepRegisters(int first, int count);
}
