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

    public static FlatCircuit ByName(string name)
    {
        if (name == "ring") return Ring();
        if (name == "mesh") return Mesh4x4();
        if (name.StartsWith("chain:", StringComparison.Ordinal) && int.TryParse(name[6..], out int n) && n >= 1) return Chain(n);
        throw new PhotonicException($"unknown benchmark circuit '{name}'; use ring, mesh or chain:N");
    }
}
