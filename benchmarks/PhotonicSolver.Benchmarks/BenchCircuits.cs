using PhotonicSolver.Circuit;
using PhotonicSolver.Models;

namespace PhotonicSolver.Benchmarks;

/// <summary>The benchmark circuits, built as flat circuits in code.</summary>
public static class BenchCircuits
{
    public const double RingCoupling = 0.1, RingLength = 10.0, RingLossDbCm = 3.0;

    private sealed class Builder
    {
        public readonly List<FlatInstance> Instances = [];
        public readonly List<(PortRef, PortRef)> Connections = [];
        public readonly List<(string, PortRef)> Ports = [];

        public int Add(string name, ModelInfo model, params (int Setting, double Value)[] settings)
        {
            var values = model.Defaults();
            foreach (var (s, v) in settings) values[s] = v;
            Instances.Add(new FlatInstance { Path = name, Model = model, Settings = values });
            return Instances.Count - 1;
        }

        public FlatCircuit Build() => new() { Instances = Instances, Connections = Connections, ExternalPorts = Ports };
    }

    /// <summary>All-pass ring of ENGINE-NOTES: ideal coupler (0.1) plus a 10 µm, 3 dB/cm straight.</summary>
    public static FlatCircuit Ring()
    {
        var b = new Builder();
        int dc = b.Add("dc", Coupler.Info, (Coupler.Coupling, RingCoupling));
        int ring = b.Add("ring", Straight.Info, (Straight.Length, RingLength), (Straight.LossDbPerCm, RingLossDbCm), (Straight.DneffDT, 0));
        b.Connections.Add((new PortRef(dc, 2), new PortRef(ring, 0)));
        b.Connections.Add((new PortRef(ring, 1), new PortRef(dc, 1)));
        b.Ports.Add(("in", new PortRef(dc, 0)));
        b.Ports.Add(("through", new PortRef(dc, 3)));
        return b.Build();
    }

    /// <summary>
    /// 4×4 Clements-style mesh of 6 MZIs (columns 2,1,2,1 … on waveguide pairs (0,1),(2,3),(1,2)…); each MZI is
    /// coupler – phase shifter + straight arm – coupler, with a dispersive straight on both arms.
    /// </summary>
    public static FlatCircuit Mesh4x4()
    {
        var b = new Builder();
        // Current open port on each of the 4 waveguides.
        var open = new PortRef[4];
        var pairs = new[] { (0, 1), (2, 3), (1, 2), (0, 1), (2, 3), (1, 2) };
        bool[] started = new bool[4];
        int m = 0;
        foreach (var (top, bottom) in pairs)
        {
            int dc1 = b.Add($"mzi{m}_dc1", Coupler.Info, (Coupler.Coupling, 0.5));
            int a1 = b.Add($"mzi{m}_arm1", Straight.Info, (Straight.Length, 50), (Straight.LossDbPerCm, 2));
            int a2 = b.Add($"mzi{m}_arm2", Straight.Info, (Straight.Length, 50), (Straight.LossDbPerCm, 2));
            int ps = b.Add($"mzi{m}_ps", PhaseShifter.Info, (PhaseShifter.Phase, 0.3 * (m + 1)));
            int dc2 = b.Add($"mzi{m}_dc2", Coupler.Info, (Coupler.Coupling, 0.5));
            b.Connections.Add((new PortRef(dc1, 3), new PortRef(a1, 0)));
            b.Connections.Add((new PortRef(a1, 1), new PortRef(ps, 0)));
            b.Connections.Add((new PortRef(ps, 1), new PortRef(dc2, 0)));
            b.Connections.Add((new PortRef(dc1, 2), new PortRef(a2, 0)));
            b.Connections.Add((new PortRef(a2, 1), new PortRef(dc2, 1)));
            foreach (var (wg, port) in new[] { (top, 0), (bottom, 1) })
            {
                var inPort = new PortRef(dc1, port);
                if (started[wg]) b.Connections.Add((open[wg], inPort));
                else { b.Ports.Add(($"in{wg}", inPort)); started[wg] = true; }
            }
            open[top] = new PortRef(dc2, 3);
            open[bottom] = new PortRef(dc2, 2);
            m++;
        }
        for (int wg = 0; wg < 4; wg++) b.Ports.Add(($"out{wg}", open[wg]));
        return b.Build();
    }

    /// <summary>A chain of N dispersive lossy straights (every one point-dependent).</summary>
    public static FlatCircuit Chain(int n)
    {
        var b = new Builder();
        int prev = -1;
        for (int i = 0; i < n; i++)
        {
            int s = b.Add($"s{i}", Straight.Info, (Straight.Length, 10 + i % 7), (Straight.LossDbPerCm, 2));
            if (prev >= 0) b.Connections.Add((new PortRef(prev, 1), new PortRef(s, 0)));
            else b.Ports.Add(("in", new PortRef(s, 0)));
            prev = s;
        }
        b.Ports.Add(("out", new PortRef(prev, 1)));
        return b.Build();
    }

    /// <summary>
    /// The netlist (YAML, gdsfactory/SAX schema) of an N-mode rectangular (Clements) MZI mesh: N columns of MZIs on
    /// waveguide pairs (0,1),(2,3),… in even columns and (1,2),(3,4),… in odd ones, N(N−1)/2 MZIs in all. Each MZI is
    /// four instances: a 50:50 coupler, an internal phase shifter θ on the upper arm (the lower arm is a direct
    /// connection), a second 50:50 coupler and an external phase φ made by a dispersive 20 µm straight on the upper
    /// output, so every point re-evaluates N(N−1)/2 straights. 64 modes: 8064 instances; 128 modes: 32512.
    /// Ports in0..in{N−1}, out0..out{N−1}. The phases are fixed pseudo-random values (a fixed seed).
    /// </summary>
    public static string MeshNetlist(int modes)
    {
        if (modes < 2 || modes > 1024) throw new PhotonicException($"mesh:{modes}: the mesh needs 2 to 1024 modes");
        var w = new System.Text.StringBuilder();
        var ci = System.Globalization.CultureInfo.InvariantCulture;
        var rng = new Random(15);
        var open = new string?[modes];
        var inputs = new string[modes];
        var conn = new System.Text.StringBuilder();
        w.Append("# ").Append(modes).Append("-mode rectangular (Clements) MZI mesh, generated by photonic bench --circuit mesh:N\ninstances:\n");
        int m = 0;
        for (int col = 0; col < modes; col++)
            for (int top = col % 2; top + 1 < modes; top += 2, m++)
            {
                string p = $"m{m}_";
                w.Append("  ").Append(p).Append("dc1: {component: coupler, settings: {coupling: 0.5}}\n");
                w.Append("  ").Append(p).Append("th: {component: phase_shifter, settings: {phase: ")
                 .Append((rng.NextDouble() * Math.PI).ToString("R", ci)).Append("}}\n");
                w.Append("  ").Append(p).Append("dc2: {component: coupler, settings: {coupling: 0.5}}\n");
                w.Append("  ").Append(p).Append("phi: {component: straight, settings: {length: ")
                 .Append((20 + rng.NextDouble()).ToString("R", ci)).Append(", loss_dB_cm: 2}}\n");
                conn.Append("  ").Append(p).Append("dc1,o4: ").Append(p).Append("th,o1\n");
                conn.Append("  ").Append(p).Append("th,o2: ").Append(p).Append("dc2,o1\n");
                conn.Append("  ").Append(p).Append("dc1,o3: ").Append(p).Append("dc2,o2\n");
                conn.Append("  ").Append(p).Append("dc2,o4: ").Append(p).Append("phi,o1\n");
                foreach (var (wg, port) in new[] { (top, "o1"), (top + 1, "o2") })
                {
                    if (open[wg] is { } prev) conn.Append("  ").Append(prev).Append(": ").Append(p).Append("dc1,").Append(port).Append('\n');
                    else inputs[wg] = $"{p}dc1,{port}";
                    open[wg] = null;
                }
                open[top] = p + "phi,o2";
                open[top + 1] = p + "dc2,o3";
            }
        w.Append("connections:\n").Append(conn).Append("ports:\n");
        for (int wg = 0; wg < modes; wg++) w.Append("  in").Append(wg).Append(": ").Append(inputs[wg]).Append('\n');
        for (int wg = 0; wg < modes; wg++) w.Append("  out").Append(wg).Append(": ").Append(open[wg]).Append('\n');
        return w.ToString();
    }

    /// <summary>The N-mode mesh, parsed and flattened as a netlist file would be.</summary>
    public static FlatCircuit Mesh(int modes) =>
        Netlists.Flattener.Flatten(Netlists.NetlistLoader.Parse(MeshNetlist(modes), $"mesh{modes}.yaml"));

    /// <summary>"mesh:N" → N, or null for another name.</summary>
    public static int? MeshModes(string name) =>
        name.StartsWith("mesh:", StringComparison.Ordinal) ? int.TryParse(name[5..], out int n) ? n
            : throw new PhotonicException($"unknown benchmark circuit '{name}'; mesh:N takes a whole number of modes") : null;

    public static FlatCircuit ByName(string name)
    {
        if (name == "ring") return Ring();
        if (name == "mesh") return Mesh4x4();
        if (MeshModes(name) is { } modes) return Mesh(modes);
        if (name.StartsWith("chain:", StringComparison.Ordinal) && int.TryParse(name[6..], out int n) && n >= 1) return Chain(n);
        throw new PhotonicException($"unknown benchmark circuit '{name}'; use ring, mesh, mesh:N or chain:N");
    }
}
