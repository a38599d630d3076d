using System.Reflection;
using System.Text.RegularExpressions;
using ILGPU;
using ILGPU.Backends;
using ILGPU.Backends.EntryPoints;
using ILGPU.Backends.PTX;

namespace PhotonicSolver.Kernels;

/// <summary>
/// Strict IEEE floating point for ILGPU's PTX: every floating-point add, sub and mul gets an explicit round-to-nearest
/// modifier, so that ptxas may not contract a multiply and an add into an FMA.
/// </summary>
/// <remarks>
/// <para>
/// ILGPU writes <c>mul.f64</c>, <c>add.f64</c>, <c>sub.f64</c> (and the .f32/.f16 forms) without a rounding
/// modifier. The PTX ISA allows the code generator to optimise such instructions aggressively — "mul/add sequences
/// with no rounding modifiers may be optimized to use fused-multiply-add instructions" — and ptxas does so by default
/// (<c>--fmad=true</c>). One fused a·b + c is rounded once instead of twice, so the GPU's bits would differ from the
/// CPU's (.NET's JIT never contracts). Instructions with an explicit rounding modifier are never contracted; this is
/// what LLVM's NVPTX backend emits under <c>-fp-contract=off</c>. The rewrite inserts <c>.rn</c>, the IEEE default
/// rounding that the unmodified instruction already used, so every result is unchanged except that no fusion can
/// happen.
/// </para>
/// <para>
/// Grammar (PTX ISA, floating-point and half-precision instructions): <c>add{.rnd}{.ftz}{.sat}.f32</c>,
/// <c>add{.rnd}.f64</c>, <c>add{.rnd}{.ftz}{.sat}.f16</c> / <c>.f16x2</c> (.rnd = .rn only for f16), and the same for
/// sub and mul. The rounding modifier comes first, so <c>add.ftz.f32</c> becomes <c>add.rn.ftz.f32</c>. Integer
/// arithmetic (<c>add.s64</c>, <c>mul.lo.s32</c>, <c>mul.wide.u32</c>, <c>mad.lo.u64</c>), instructions that already
/// carry a rounding modifier (<c>add.rz.f64</c>, <c>fma.rn.f64</c>, <c>div.rn.f64</c>) and everything else are left
/// as they are; the rewrite never adds or removes a line.
/// </para>
/// </remarks>
public static class StrictPtx
{
    /// <summary>
    /// An fp add/sub/mul without a rounding modifier at the start of a line (after an optional predicate guard such as
    /// <c>@%p1</c> or <c>@!%p1</c>). The type must end the opcode: <c>.f32</c> followed by whitespace.
    /// </summary>
    private static readonly Regex Contractible = new(
        @"^(?<lead>[ \t]*(?:@!?%?\w+[ \t]+)?)(?<op>add|sub|mul)(?<mods>(?:\.ftz)?(?:\.sat)?)(?<type>\.f16x2|\.f16|\.f32|\.f64)(?=[ \t])",
        RegexOptions.Multiline | RegexOptions.CultureInvariant | RegexOptions.Compiled);

    /// <summary>PTX with an explicit <c>.rn</c> on every floating-point add, sub and mul that had no rounding modifier.</summary>
    public static string Rewrite(string ptx)
    {
        ArgumentNullException.ThrowIfNull(ptx);
        return Contractible.Replace(ptx, "${lead}${op}.rn${mods}${type}");
    }

    /// <summary>How many instructions <see cref="Rewrite"/> would change.</summary>
    public static int CountContractible(string ptx)
    {
        ArgumentNullException.ThrowIfNull(ptx);
        return Contractible.Count(ptx);
    }

    /// <summary>
    /// A copy of <paramref name="compiled"/> that loads <paramref name="ptxAssembly"/> instead of its own PTX: same
    /// context, entry point (parameters, index type, specialization) and kernel info (shared memory, local memory).
    /// </summary>
    /// <remarks>
    /// ILGPU 1.5.3 has no public way to build a <see cref="PTXCompiledKernel"/> from text: its constructor
    /// <c>(Context, EntryPoint, KernelInfo, string)</c> and <see cref="CompiledKernel"/>'s <c>EntryPoint</c> property
    /// are internal, so both are reached by reflection. If a later ILGPU changes their shape this throws an
    /// <see cref="InvalidOperationException"/> that says what is missing (and the loader falls back, see
    /// <see cref="KernelLoader"/>).
    /// </remarks>
    public static PTXCompiledKernel WithAssembly(PTXCompiledKernel compiled, string ptxAssembly)
    {
        ArgumentNullException.ThrowIfNull(compiled);
        ArgumentNullException.ThrowIfNull(ptxAssembly);
        var (ctor, entryPoint) = Reflected.Value;
        var entry = (EntryPoint?)entryPoint.GetValue(compiled)
            ?? throw new InvalidOperationException($"{Shape}: CompiledKernel.EntryPoint of '{compiled.Name}' is null");
        try
        {
            return (PTXCompiledKernel)ctor.Invoke([compiled.Context, entry, compiled.Info, ptxAssembly]);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            throw new InvalidOperationException($"{Shape}: constructing PTXCompiledKernel failed: {e.InnerException.Message}", e.InnerException);
        }
    }

    /// <summary>Null when ILGPU has the members <see cref="WithAssembly"/> needs, otherwise what is missing.</summary>
    public static string? UnavailableReason
    {
        get
        {
            try
            {
                _ = Reflected.Value;
                return null;
            }
            catch (InvalidOperationException e)
            {
                return e.Message;
            }
        }
    }

    private static string Shape =>
        $"strict PTX needs ILGPU internals that ILGPU {typeof(Context).Assembly.GetName().Version} does not have as expected";

    private static readonly Lazy<(ConstructorInfo Ctor, PropertyInfo EntryPoint)> Reflected = new(() =>
    {
        const BindingFlags instance = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;
        var ctor = typeof(PTXCompiledKernel).GetConstructor(
            instance, null, [typeof(Context), typeof(EntryPoint), typeof(CompiledKernel.KernelInfo), typeof(string)], null)
            ?? throw new InvalidOperationException($"{Shape}: no constructor PTXCompiledKernel(Context, EntryPoint, KernelInfo, string)");
        var entryPoint = typeof(CompiledKernel).GetProperty("EntryPoint", instance);
        if (entryPoint is null || entryPoint.PropertyType != typeof(EntryPoint) || entryPoint.GetMethod is null)
            throw new InvalidOperationException($"{Shape}: no readable property CompiledKernel.EntryPoint of type EntryPoint");
        return (ctor, entryPoint);
    }, LazyThreadSafetyMode.PublicationOnly);
}
