using PhotonicSolver.Numerics;

namespace PhotonicSolver.Circuit;

/// <summary>A symbolic S-matrix entry at compile time: a structural zero, a folded constant or a register.</summary>
public readonly record struct Sym(SymKind Kind, int Register, Cx Value)
{
    public static Sym Zero => new(SymKind.Zero, -1, Cx.Zero);
    public static Sym One => new(SymKind.Const, -1, Cx.One);
    public static Sym Const(Cx v) => v == Cx.Zero ? Zero : new(SymKind.Const, -1, v);
    public static Sym Reg(int r) => new(SymKind.Register, r, Cx.Zero);
    public bool IsZero => Kind == SymKind.Zero;
    public bool IsConst => Kind == SymKind.Const;
    public bool IsOne => Kind == SymKind.Const && Value == Cx.One;
}

public enum SymKind { Zero, Const, Register }

/// <summary>
/// Emits the tape in SSA form while folding everything known at compile time: products with structural zeros
/// vanish, constant operands are combined on the host, multiplications by one disappear. Only the complex
/// operations that touch point-dependent non-zeros are emitted. <see cref="Finish"/> then reuses registers by
/// liveness so scratch memory per point stays small.
/// </summary>
public sealed class TapeBuilder
{
    private readonly List<int> _tape = [];
    private readonly List<Cx> _constants = [];
    private readonly Dictionary<Cx, int> _constantIds = [];
    private int _nextVirtual;
    private readonly List<(int Reg, int Count)> _callBlocks = [];

    public int InstructionCount => _tape.Count / TapeOp.Width;

    // Virtual registers: constants are encoded as -(id + 1) until Finish; others count from 0.
    private int ConstRegister(Cx v)
    {
        if (!_constantIds.TryGetValue(v, out int id))
        {
            id = _constants.Count;
            _constants.Add(v);
            _constantIds[v] = id;
        }
        return -(id + 1);
    }

    private int Operand(Sym s) => s.Kind switch
    {
        SymKind.Register => s.Register,
        SymKind.Const => ConstRegister(s.Value),
        _ => ConstRegister(Cx.Zero),
    };

    /// <summary>Reserves <paramref name="count"/> consecutive registers that a model call fills.</summary>
    public int AllocateCallBlock(int count)
    {
        int r = _nextVirtual;
        _nextVirtual += count;
        _callBlocks.Add((r, count));
        return r;
    }

    private Sym Emit(int op, Sym a, Sym b, Sym c)
    {
        int dst = _nextVirtual++;
        _tape.Add(op); _tape.Add(dst); _tape.Add(Operand(a));
        _tape.Add(b.Kind == SymKind.Zero && op == TapeOp.Recip ? 0 : Operand(b));
        _tape.Add(op == TapeOp.MulAdd ? Operand(c) : 0);
        return Sym.Reg(dst);
    }

    public Sym Mul(Sym a, Sym b)
    {
        if (a.IsZero || b.IsZero) return Sym.Zero;
        if (a.IsConst && b.IsConst) return Sym.Const(a.Value * b.Value);
        if (a.IsOne) return b;
        if (b.IsOne) return a;
        return Emit(TapeOp.Mul, a, b, Sym.Zero);
    }

    public Sym Add(Sym a, Sym b)
    {
        if (a.IsZero) return b;
        if (b.IsZero) return a;
        if (a.IsConst && b.IsConst) return Sym.Const(a.Value + b.Value);
        return Emit(TapeOp.Add, a, b, Sym.Zero);
    }

    public Sym Sub(Sym a, Sym b)
    {
        if (b.IsZero) return a;
        if (a.IsConst && b.IsConst) return Sym.Const(a.Value - b.Value);
        return Emit(TapeOp.Sub, a, b, Sym.Zero);
    }

    /// <summary>a·b + c.</summary>
    public Sym MulAdd(Sym a, Sym b, Sym c)
    {
        if (a.IsZero || b.IsZero) return c;
        if (c.IsZero) return Mul(a, b);
        if (a.IsConst && b.IsConst) return Add(Sym.Const(a.Value * b.Value), c);
        if (a.IsOne) return Add(b, c);
        if (b.IsOne) return Add(a, c);
        return Emit(TapeOp.MulAdd, a, b, c);
    }

    /// <summary>1/a. A constant pivot that is singular is a compile-time error reported by the caller.</summary>
    public Sym Reciprocal(Sym a, int pivotId, Func<string> describe)
    {
        if (a.IsConst)
        {
            if (a.Value.Abs2 < Circuit.PlanLayout.SingularPivot)
                throw new PhotonicException($"the circuit has a lossless closed loop with no coupling out at {describe()}: its response is singular (infinite Q). Add loss or coupling to the loop.");
            return Sym.Const(a.Value.Reciprocal());
        }
        if (a.IsZero)
            throw new PhotonicException($"the circuit has a lossless closed loop with no coupling out at {describe()}: its response is singular (infinite Q). Add loss or coupling to the loop.");
        int dst = _nextVirtual++;
        _tape.Add(TapeOp.Recip); _tape.Add(dst); _tape.Add(Operand(a)); _tape.Add(0); _tape.Add(pivotId);
        return Sym.Reg(dst);
    }

    /// <summary>The finished tape with physical registers: constants first, then a reused pool.</summary>
    public sealed record Result(int[] Tape, Cx[] Constants, int NumRegisters, int[] CallRegisters, int[] OutputRegisters);

    /// <summary>
    /// Maps virtual registers to physical ones. A register is freed after its last use, so a chain of N
    /// sections needs O(1) registers. Model call blocks keep consecutive registers.
    /// </summary>
    /// <param name="outputs">The output expressions.</param>
    /// <param name="pinnedCalls">Per call block: true to keep its registers for the whole point (never reused).</param>
    public Result Finish(IReadOnlyList<Sym> outputs, IReadOnlyList<bool>? pinnedCalls = null)
    {
        var outVirtual = outputs.Select(Operand).ToArray();
        RemoveDeadCode(outVirtual);
        int nConst = _constants.Count;
        int n = InstructionCount;
        int nVirtual = _nextVirtual;
        // Per virtual register: the instruction of its last use (−1: none; int.MaxValue: an output), its physical
        // register (−1: not yet mapped) and whether it is pinned. Arrays, not maps: a large mesh has 10⁶ registers.
        var lastUse = new int[nVirtual];
        Array.Fill(lastUse, -1);
        for (int i = 0; i < n; i++)
        {
            int o = i * TapeOp.Width;
            int op = _tape[o];
            Use(_tape[o + 2], i);
            if (op != TapeOp.Recip) Use(_tape[o + 3], i);
            if (op == TapeOp.MulAdd) Use(_tape[o + 4], i);
        }
        foreach (int r in outVirtual) if (r >= 0) lastUse[r] = int.MaxValue;

        var phys = new int[nVirtual];
        Array.Fill(phys, -1);
        int next = nConst;
        var free = new Stack<int>();
        // Call blocks first, consecutive.
        var callRegs = new int[_callBlocks.Count];
        for (int b = 0; b < _callBlocks.Count; b++)
        {
            var (reg, count) = _callBlocks[b];
            callRegs[b] = next;
            for (int k = 0; k < count; k++) phys[reg + k] = next++;
        }
        // Pinned call registers are never freed; unused ones of other calls are free from the start.
        var pinned = new bool[nVirtual];
        for (int b = 0; b < _callBlocks.Count; b++)
            if (pinnedCalls is not null && pinnedCalls[b])
                for (int k = 0; k < _callBlocks[b].Count; k++) pinned[_callBlocks[b].Reg + k] = true;
        foreach (var (reg, count) in _callBlocks)
            for (int k = 0; k < count; k++)
                if (lastUse[reg + k] < 0 && !pinned[reg + k]) free.Push(phys[reg + k]);

        int Map(int v) => v < 0 ? -v - 1 : phys[v];

        var tape = new int[_tape.Count];
        for (int i = 0; i < n; i++)
        {
            int o = i * TapeOp.Width;
            int op = _tape[o];
            tape[o] = op;
            tape[o + 2] = Map(_tape[o + 2]);
            tape[o + 3] = op == TapeOp.Recip ? 0 : Map(_tape[o + 3]);
            tape[o + 4] = op == TapeOp.MulAdd ? Map(_tape[o + 4]) : _tape[o + 4];
            // Free operands whose last use is here before choosing dst: the executor reads before it writes.
            Release(_tape[o + 2], i);
            if (op != TapeOp.Recip) Release(_tape[o + 3], i);
            if (op == TapeOp.MulAdd) Release(_tape[o + 4], i);
            int dst = _tape[o + 1];
            int p = free.Count > 0 ? free.Pop() : next++;
            phys[dst] = p;
            tape[o + 1] = p;
            if (lastUse[dst] < 0) free.Push(p); // dead result (cannot happen for folded code, kept safe)
        }
        return new Result(tape, _constants.ToArray(), Math.Max(next, 1), callRegs, outVirtual.Select(Map).ToArray());

        void Use(int v, int at) { if (v >= 0) lastUse[v] = at; }

        void Release(int v, int at)
        {
            if (v < 0 || lastUse[v] != at || phys[v] < 0 || pinned[v]) return;
            free.Push(phys[v]);
            lastUse[v] = -2; // freed once
        }
    }

    /// <summary>
    /// Drops instructions whose results no output needs (e.g. the reverse-direction products of a chain when only
    /// S[out,in] is requested): a backward liveness pass from the outputs.
    /// </summary>
    private void RemoveDeadCode(int[] outputs)
    {
        var live = new bool[_nextVirtual];
        foreach (int r in outputs) if (r >= 0) live[r] = true;
        int n = InstructionCount;
        var keep = new bool[n];
        for (int i = n - 1; i >= 0; i--)
        {
            int o = i * TapeOp.Width;
            if (!live[_tape[o + 1]]) continue;
            keep[i] = true;
            int op = _tape[o];
            Live(_tape[o + 2]);
            if (op != TapeOp.Recip) Live(_tape[o + 3]);
            if (op == TapeOp.MulAdd) Live(_tape[o + 4]);
        }
        int w = 0;
        for (int i = 0; i < n; i++)
        {
            if (!keep[i]) continue;
            for (int f = 0; f < TapeOp.Width; f++) _tape[w + f] = _tape[i * TapeOp.Width + f];
            w += TapeOp.Width;
        }
        _tape.RemoveRange(w, _tape.Count - w);

        void Live(int v) { if (v >= 0) live[v] = true; }
    }
}
