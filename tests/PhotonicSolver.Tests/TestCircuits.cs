using PhotonicSolver.Backends;
using PhotonicSolver.Circuit;
using PhotonicSolver.Models;
using PhotonicSolver.Numerics;
using PhotonicSolver.Sweep;

namespace PhotonicSolver.Tests;

/// <summary>Circuits built directly as flat circuits (no netlist parsing), and a helper to solve them.</summary>
public static class TestCircuits
{
    public sealed class Builder
    {
        private readonly List<FlatInstance> _instances = [];
        private readonly List<(PortRef, PortRef)> _connections = [];
        private readonly List<(string, PortRef)> _ports = [];

        public Builder Add(string name, string model, params (string Key, double Value)[] settings)
        {
            var info = ModelRegistry.Get(model);
            var values = info.Defaults();
            foreach (var (k, v) in settings)
            {
                int i = info.SettingIndex(k);
                if (i < 0) throw new ArgumentException($"{model} has no setting {k}");
                values[i] = v;
            }
            _instances.Add(new FlatInstance { Path = name, Model = info, Settings = values });
            return this;
        }

        private PortRef Ref(string s)
        {
            var parts = s.Split(',');
            int i = _instances.FindIndex(x => x.Path == parts[0]);
            if (i < 0) throw new ArgumentException($"no instance {parts[0]}");
            int p = _instances[i].Model.PortIndex(parts[1]);
            if (p < 0) throw new ArgumentException($"no port {s}");
            return new PortRef(i, p);
        }

        public Builder Connect(string a, string b) { _connections.Add((Ref(a), Ref(b))); return this; }
        public Builder Port(string name, string target) { _ports.Add((name, Ref(target))); return this; }

        public FlatCircuit Build() => new() { Instances = [.. _instances], Connections = [.. _connections], ExternalPorts = [.. _ports] };
    }

    /// <summary>All-pass ring: ideal coupler 'dc' closed by straight 'ring' (dc,o3 → ring → dc,o2). Ports in = dc,o1; through = dc,o4.</summary>
    public static FlatCircuit AllPassRing(double coupling, double length, double lossDbCm = 0, double neff = 2.34, double ng = 3.4) =>
        new Builder()
            .Add("dc", "coupler", ("coupling", coupling))
            .Add("ring", "straight", ("length", length), ("neff", neff), ("ng", ng), ("loss_dB_cm", lossDbCm), ("dneff_dT", 0))
            .Connect("dc,o3", "ring,o1").Connect("ring,o2", "dc,o2")
            .Port("in", "dc,o1").Port("through", "dc,o4")
            .Build();

    /// <summary>
    /// Add-drop ring: two couplers and two half-ring straights of length L/2 each.
    /// in = c1,o1; through = c1,o4; drop = c2,o4 (cross of c2,o2 where the ring arrives); add = c2,o1.
    /// </summary>
    public static FlatCircuit AddDropRing(double k1, double k2, double length, double lossDbCm = 0) =>
        new Builder()
            .Add("c1", "coupler", ("coupling", k1))
            .Add("c2", "coupler", ("coupling", k2))
            .Add("h1", "straight", ("length", length / 2), ("loss_dB_cm", lossDbCm), ("dneff_dT", 0))
            .Add("h2", "straight", ("length", length / 2), ("loss_dB_cm", lossDbCm), ("dneff_dT", 0))
            .Connect("c1,o3", "h1,o1").Connect("h1,o2", "c2,o2")
            .Connect("c2,o3", "h2,o1").Connect("h2,o2", "c1,o2")
            .Port("in", "c1,o1").Port("through", "c1,o4").Port("drop", "c2,o4").Port("add", "c2,o1")
            .Build();

    /// <summary>MZI: coupler – two arms (straights of lengths l1 on the bar side, l2) – coupler. Ports in1,in2,out1,out2.</summary>
    public static FlatCircuit Mzi(double l1, double l2, double k1 = 0.5, double k2 = 0.5, double lossDbCm = 0) =>
        new Builder()
            .Add("dc1", "coupler", ("coupling", k1))
            .Add("arm1", "straight", ("length", l1), ("loss_dB_cm", lossDbCm), ("dneff_dT", 0))
            .Add("arm2", "straight", ("length", l2), ("loss_dB_cm", lossDbCm), ("dneff_dT", 0))
            .Add("dc2", "coupler", ("coupling", k2))
            .Connect("dc1,o4", "arm1,o1").Connect("arm1,o2", "dc2,o1")
            .Connect("dc1,o3", "arm2,o1").Connect("arm2,o2", "dc2,o2")
            .Port("in1", "dc1,o1").Port("in2", "dc1,o2").Port("out1", "dc2,o4").Port("out2", "dc2,o3")
            .Build();

    /// <summary>Solves every point on the CPU backend; returns S[point][out, in] for all external port pairs.</summary>
    public static Cx[][,] Solve(FlatCircuit c, SweepSpec sweep) => CircuitChecks.SolveWithStatus(c, sweep).S;

    public static SweepSpec Wavelengths(double a, double b, int n) => new([SweepAxis.Linear("wl", a, b, n)]);
}
