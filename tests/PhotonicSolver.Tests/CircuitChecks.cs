using System.Numerics;
using MathNet.Numerics.LinearAlgebra;
using PhotonicSolver.Backends;
using PhotonicSolver.Circuit;
using PhotonicSolver.Models;
using PhotonicSolver.Numerics;
using PhotonicSolver.Sweep;

namespace PhotonicSolver.Tests;

/// <summary>
/// Matrix properties (unitarity, reciprocity, passivity), a solve that keeps the per-point status, an
/// independent dense reference solve with Math.NET, and a generator of random connected circuits.
/// </summary>
public static class CircuitChecks
{
    public static Complex ToComplex(Cx z) => new(z.Re, z.Im);

    public static Matrix<Complex> ToMatrix(Cx[,] s) =>
        Matrix<Complex>.Build.Dense(s.GetLength(0), s.GetLength(1), (i, j) => ToComplex(s[i, j]));

    /// <summary>max |(S†S − I)_ij|.</summary>
    public static double UnitarityError(Cx[,] s)
    {
        int n = s.GetLength(0);
        double worst = 0;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                Cx sum = Cx.Zero;
                for (int k = 0; k < n; k++) sum += s[k, i].Conj * s[k, j];
                if (i == j) sum -= Cx.One;
                worst = Math.Max(worst, sum.Abs);
            }
        return worst;
    }

    /// <summary>max |S_ij − S_ji|.</summary>
    public static double ReciprocityError(Cx[,] s)
    {
        int n = s.GetLength(0);
        double worst = 0;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                worst = Math.Max(worst, (s[i, j] - s[j, i]).Abs);
        return worst;
    }

    /// <summary>
    /// Largest singular value. A network is passive for every excitation iff this is ≤ 1 (I − S†S positive
    /// semidefinite); column power sums ≤ 1 are necessary but not sufficient.
    /// </summary>
    public static double MaxSingularValue(Cx[,] s) => ToMatrix(s).L2Norm();

    /// <summary>max |a_ij − b_ij|.</summary>
    public static double MaxDifference(Cx[,] a, Cx[,] b)
    {
        double worst = 0;
        for (int i = 0; i < a.GetLength(0); i++)
            for (int j = 0; j < a.GetLength(1); j++)
                worst = Math.Max(worst, (a[i, j] - b[i, j]).Abs);
        return worst;
    }

    public static void AssertClose(Cx expected, Cx actual, double tol, string what = "")
    {
        double d = (expected - actual).Abs;
        Assert.True(d <= tol, $"{what}: expected {expected}, got {actual}, |difference| = {d:E3} > {tol:E1}");
    }

    public sealed record Solution(EvaluationPlan Plan, Cx[][,] S, int[] Status);

    /// <summary>Solves every point on a backend (default: the CPU reference); returns the plan, S[point][out, in] and each point's status.</summary>
    public static Solution SolveWithStatus(FlatCircuit c, SweepSpec sweep, ISweepBackend? backend = null)
    {
        var plan = PlanCompiler.Compile(c, sweep);
        using var own = backend is null ? new CpuBackend() : null;
        backend ??= own!;
        using var prepared = backend.Prepare(plan);
        int n = checked((int)plan.PointCount);
        var outputs = new Cx[n * plan.Layout.NumOutputs];
        var status = new int[n];
        prepared.Evaluate(0, n, outputs, status);
        int np = plan.PortNames.Length;
        var result = new Cx[n][,];
        for (int p = 0; p < n; p++)
        {
            result[p] = new Cx[np, np];
            for (int k = 0; k < plan.Outputs.Length; k++)
                result[p][plan.Outputs[k].Out, plan.Outputs[k].In] = outputs[p * plan.Layout.NumOutputs + k];
        }
        return new Solution(plan, result, status);
    }

    /// <summary>The result of the dense reference solve and the condition number of (I − C·S_ii).</summary>
    public sealed record DenseSolution(Cx[,] S, double Condition);

    /// <summary>
    /// Independent dense solve of the whole circuit: with every instance's S-matrix on the block diagonal,
    /// e the external and i the connected ports, and C the symmetric connection permutation (a_i = C·b_i),
    /// S_ext = S_ee + S_ei·(I − C·S_ii)⁻¹·C·S_ie, by LU with Math.NET.
    /// </summary>
    public static DenseSolution DenseReference(FlatCircuit c, double wl, double temperatureC)
    {
        int nInst = c.Instances.Count;
        var portBase = new int[nInst + 1];
        for (int i = 0; i < nInst; i++) portBase[i + 1] = portBase[i] + c.Instances[i].Model.Ports.Length;
        int nPorts = portBase[nInst];
        var full = Matrix<Complex>.Build.Dense(nPorts, nPorts);
        for (int i = 0; i < nInst; i++)
        {
            var inst = c.Instances[i];
            var m = ModelRegistry.DenseMatrix(inst.Model, inst.Settings, wl, temperatureC);
            for (int r = 0; r < m.GetLength(0); r++)
                for (int q = 0; q < m.GetLength(1); q++)
                    full[portBase[i] + r, portBase[i] + q] = ToComplex(m[r, q]);
        }
        int G(PortRef p) => portBase[p.Instance] + p.Port;
        var ext = c.ExternalPorts.Select(e => G(e.Port)).ToArray();
        var internalPorts = c.Connections.SelectMany(x => new[] { G(x.A), G(x.B) }).ToArray();
        var idx = new Dictionary<int, int>();
        for (int k = 0; k < internalPorts.Length; k++) idx[internalPorts[k]] = k;
        int ni = internalPorts.Length;

        Matrix<Complex> Sub(int[] rows, int[] cols) =>
            Matrix<Complex>.Build.Dense(rows.Length, cols.Length, (r, q) => full[rows[r], cols[q]]);
        var See = Sub(ext, ext);
        if (ni == 0) return new DenseSolution(FromMatrix(See), 1.0);
        var Sei = Sub(ext, internalPorts);
        var Sie = Sub(internalPorts, ext);
        var Sii = Sub(internalPorts, internalPorts);
        var C = Matrix<Complex>.Build.Dense(ni, ni);
        foreach (var (a, b) in c.Connections) { C[idx[G(a)], idx[G(b)]] = 1; C[idx[G(b)], idx[G(a)]] = 1; }
        var A = Matrix<Complex>.Build.DenseIdentity(ni) - C * Sii;
        var x = A.LU().Solve(C * Sie);
        var sExt = See + Sei * x;
        return new DenseSolution(FromMatrix(sExt), A.ConditionNumber().Real);
    }

    public static Cx[,] FromMatrix(Matrix<Complex> m)
    {
        var r = new Cx[m.RowCount, m.ColumnCount];
        for (int i = 0; i < m.RowCount; i++)
            for (int j = 0; j < m.ColumnCount; j++)
                r[i, j] = new Cx(m[i, j].Real, m[i, j].Imaginary);
        return r;
    }

    /// <summary>A random circuit with its shape, for assertions about the topology it exercises.</summary>
    public sealed record RandomCircuit(FlatCircuit Circuit, int CycleRank, int Reflectors, string Description);

    /// <summary>
    /// A random connected circuit (fixed seed). A random spanning tree joins all instances; the ports left
    /// over are shuffled, 2–4 become external and the rest are paired into extra connections, which close
    /// loops (including a 4-port connected to itself, i.e. a ring). Every circuit has at least one loop and
    /// one reflector, so it has both loops and reflections.
    /// Lossless parts: coupler (random coupling), straight (loss 0), phase_shifter, mmi2x2 (0 dB, 0 dB),
    /// reflector (loss 0). With <paramref name="lossy"/> the same parts get loss, plus attenuator, mmi1x2,
    /// y_branch, terminator, bend and directional_coupler.
    /// </summary>
    public static RandomCircuit Random(int seed, bool lossy)
    {
        var rng = new Random(seed);
        double U(double a, double b) => a + (b - a) * rng.NextDouble();
        for (int attempt = 0; ; attempt++)
        {
            int n = rng.Next(4, 11);
            var b = new TestCircuits.Builder();
            var ports = new List<List<string>>();
            int reflectors = 0;
            var names = new List<string>();
            int freeInTree = 0;
            for (int i = 0; i < n; i++)
            {
                string name = $"u{i}";
                int pick = rng.Next(lossy ? 11 : 6);
                // A one-port (terminator) may only be a leaf that leaves enough free ports behind.
                if (pick == 10 && (i == 0 || freeInTree <= 3)) pick = 0;
                string model;
                switch (pick)
                {
                    case 0:
                    case 1:
                        model = "coupler"; b.Add(name, model, ("coupling", U(0.05, 0.95))); break;
                    case 2:
                        model = "straight";
                        b.Add(name, model, ("length", U(2, 60)), ("neff", U(1.5, 3.0)), ("ng", U(3.0, 4.5)),
                              ("loss_dB_cm", lossy ? U(0, 300) : 0.0), ("dneff_dT", U(0, 3e-4)));
                        break;
                    case 3:
                        model = "phase_shifter";
                        b.Add(name, model, ("phase", U(0, 2 * Math.PI)), ("power_mW", U(0, 10)), ("loss_dB", lossy ? U(0, 1) : 0.0));
                        break;
                    case 4:
                        model = "mmi2x2";
                        b.Add(name, model, ("excess_loss_dB", lossy ? U(0, 1) : 0.0), ("imbalance_dB", lossy ? U(-2, 2) : 0.0));
                        break;
                    case 5:
                        model = "reflector"; reflectors++;
                        b.Add(name, model, ("reflectivity", U(0.05, 0.95)), ("loss_dB", lossy ? U(0, 1) : 0.0));
                        break;
                    case 6:
                        model = "attenuator"; b.Add(name, model, ("loss_dB", U(0, 3))); break;
                    case 7:
                        model = rng.Next(2) == 0 ? "mmi1x2" : "y_branch";
                        b.Add(name, model, ("excess_loss_dB", U(0, 1)), ("imbalance_dB", U(-3, 3)));
                        break;
                    case 8:
                        model = "bend";
                        b.Add(name, model, ("radius", U(2, 20)), ("angle_deg", U(10, 180)), ("bend_loss_dB_90", U(0, 0.5)),
                              ("loss_dB_cm", U(0, 100)));
                        break;
                    case 9:
                        model = "directional_coupler";
                        b.Add(name, model, ("length", U(1, 40)), ("dn", U(0, 0.05)), ("dbeta", U(-0.05, 0.05)), ("loss_dB_cm", U(0, 100)));
                        break;
                    default:
                        model = "terminator"; b.Add(name, model, ("reflection", U(0, 0.5))); break;
                }
                names.Add($"{name}:{model}");
                var info = ModelRegistry.Get(model);
                var free = info.Ports.Select(p => $"{name},{p}").ToList();
                if (i > 0)
                {
                    // Attach to a random port still free on an instance already in the tree.
                    var candidates = Enumerable.Range(0, i).Where(j => ports[j].Count > 0).ToList();
                    int j = candidates[rng.Next(candidates.Count)];
                    int pj = rng.Next(ports[j].Count), pi = rng.Next(free.Count);
                    b.Connect(ports[j][pj], free[pi]);
                    ports[j].RemoveAt(pj); free.RemoveAt(pi);
                }
                ports.Add(free);
                freeInTree = ports.Sum(x => x.Count);
            }
            var rest = ports.SelectMany(x => x).OrderBy(_ => rng.Next()).ToList();
            int r = rest.Count;
            int nExt = Math.Min(4, r - 2);
            if ((r - nExt) % 2 != 0) nExt--;
            if (nExt < 2 || reflectors == 0) continue; // no loop possible, or no reflection: draw again
            for (int e = 0; e < nExt; e++) b.Port($"p{e}", rest[e]);
            int extra = 0;
            for (int k = nExt; k < r; k += 2) { b.Connect(rest[k], rest[k + 1]); extra++; }
            var circuit = b.Build();
            // Cycle rank of the instance graph: connections − instances + 1 (the tree contributes n − 1).
            int cycleRank = circuit.Connections.Count - n + 1;
            return new RandomCircuit(circuit, cycleRank, reflectors,
                $"seed {seed} (attempt {attempt}): {string.Join(" ", names)}; {circuit.Connections.Count} connections, {nExt} external ports, cycle rank {cycleRank}");
        }
    }
}
