using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using PhotonicSolver.Circuit;

namespace PhotonicSolver.Backends;

/// <summary>
/// The elimination tape over a block of points held as structure-of-arrays (re and im rows of
/// <see cref="BlockSize"/> doubles per register). Each instruction is decoded once per block and its inner loop
/// runs on Vector256, so the interpreter's dispatch cost is amortised over the block (ENGINE-NOTES). Same
/// arithmetic as <see cref="PlanExecutor.RunTape{TM}"/>, which the GPU runs one point per thread. T is double
/// (fp64) or float (fp32: eight lanes per vector; the models still compute phases in fp64).
/// </summary>
internal static class CpuBlockTape
{
    public const int BlockSize = 256;

    /// <summary>Runs the tape for columns [0, n) (n rounded up to the vector width internally).</summary>
    public static void Run<T>(int[] ints, in PlanLayout L, T[] re, T[] im, int n, int[] status)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int w = Vector256<T>.Count;
        int nv = (n + w - 1) / w * w;
        ref T r0 = ref MemoryMarshal.GetArrayDataReference(re);
        ref T i0 = ref MemoryMarshal.GetArrayDataReference(im);
        for (int i = 0; i < L.NumInstructions; i++)
        {
            int o = L.TapeOffset + TapeOp.Width * i;
            int op = ints[o];
            nuint d = (nuint)(ints[o + 1] * BlockSize), a = (nuint)(ints[o + 2] * BlockSize);
            nuint b = (nuint)(ints[o + 3] * BlockSize), c = (nuint)(ints[o + 4] * BlockSize);
            switch (op)
            {
                case TapeOp.Mul:
                    for (nuint j = 0; j < (nuint)nv; j += (nuint)w)
                    {
                        var ar = Vector256.LoadUnsafe(ref r0, a + j); var ai = Vector256.LoadUnsafe(ref i0, a + j);
                        var br = Vector256.LoadUnsafe(ref r0, b + j); var bi = Vector256.LoadUnsafe(ref i0, b + j);
                        (ar * br - ai * bi).StoreUnsafe(ref r0, d + j);
                        (ar * bi + ai * br).StoreUnsafe(ref i0, d + j);
                    }
                    break;
                case TapeOp.MulAdd:
                    for (nuint j = 0; j < (nuint)nv; j += (nuint)w)
                    {
                        var ar = Vector256.LoadUnsafe(ref r0, a + j); var ai = Vector256.LoadUnsafe(ref i0, a + j);
                        var br = Vector256.LoadUnsafe(ref r0, b + j); var bi = Vector256.LoadUnsafe(ref i0, b + j);
                        var cr = Vector256.LoadUnsafe(ref r0, c + j); var ci = Vector256.LoadUnsafe(ref i0, c + j);
                        (ar * br - ai * bi + cr).StoreUnsafe(ref r0, d + j);
                        (ar * bi + ai * br + ci).StoreUnsafe(ref i0, d + j);
                    }
                    break;
                case TapeOp.Add:
                    for (nuint j = 0; j < (nuint)nv; j += (nuint)w)
                    {
                        (Vector256.LoadUnsafe(ref r0, a + j) + Vector256.LoadUnsafe(ref r0, b + j)).StoreUnsafe(ref r0, d + j);
                        (Vector256.LoadUnsafe(ref i0, a + j) + Vector256.LoadUnsafe(ref i0, b + j)).StoreUnsafe(ref i0, d + j);
                    }
                    break;
                case TapeOp.Sub:
                    for (nuint j = 0; j < (nuint)nv; j += (nuint)w)
                    {
                        (Vector256.LoadUnsafe(ref r0, a + j) - Vector256.LoadUnsafe(ref r0, b + j)).StoreUnsafe(ref r0, d + j);
                        (Vector256.LoadUnsafe(ref i0, a + j) - Vector256.LoadUnsafe(ref i0, b + j)).StoreUnsafe(ref i0, d + j);
                    }
                    break;
                default: // Recip, with the singular-pivot check of PlanExecutor.RunTape
                    var threshold = Vector256.Create(T.CreateTruncating(L.SingularThreshold));
                    for (nuint j = 0; j < (nuint)nv; j += (nuint)w)
                    {
                        var ar = Vector256.LoadUnsafe(ref r0, a + j); var ai = Vector256.LoadUnsafe(ref i0, a + j);
                        var mag = ar * ar + ai * ai;
                        if (Vector256.LessThanAny(mag, threshold)) MarkSingular(mag, (int)j, n, 1 + ints[o + 4], L.SingularThreshold, status);
                        var inv = Vector256<T>.One / mag;
                        (ar * inv).StoreUnsafe(ref r0, d + j);
                        (-ai * inv).StoreUnsafe(ref i0, d + j);
                    }
                    break;
            }
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void MarkSingular<T>(Vector256<T> mag, int j, int n, int code, double threshold, int[] status)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int k = 0; k < Vector256<T>.Count && j + k < n; k++)
            if (double.CreateTruncating(mag[k]) < threshold && status[j + k] == 0) status[j + k] = code;
    }
}
