using System.Globalization;
using PhotonicSolver.Netlists;

namespace PhotonicSolver.Thermal;

/// <summary>A thermal node: a lumped heat capacity (J/K). Zero is allowed: a massless node that follows at once.</summary>
public sealed record ThermalNode(string Name, double CapacitanceJPerK, SourceLocation Location = default);

/// <summary>A thermal resistance (K/W) between two nodes, or between a node and <see cref="ThermalNetwork.Ambient"/>.</summary>
public sealed record ThermalLink(string From, string To, double ResistanceKPerW, SourceLocation Location = default);

/// <summary>A heat source (W) injected into a node.</summary>
public sealed record ThermalSource(string Node, PowerTrace Power, SourceLocation Location = default);

/// <summary>
/// A compact (lumped RC) thermal network: nodes with heat capacities C (J/K), thermal resistances R (K/W)
/// between nodes and to the ambient, which is held at <see cref="AmbientC"/>, and heat sources P(t) (W).
/// Its temperatures obey C·dT/dt = −G·(T − T_amb) + P(t), where G is the conductance (1/R) Laplacian plus the
/// conductances to ambient on the diagonal.
/// </summary>
/// <remarks>Build it in code with <see cref="AddNode"/>, <see cref="AddLink"/> and <see cref="AddSource"/>,
/// or read it with <see cref="ThermalNetworkFile"/>. <see cref="Compile"/> checks it and gives the matrices.</remarks>
public sealed class ThermalNetwork
{
    /// <summary>The reserved name of the fixed-temperature node.</summary>
    public const string Ambient = "ambient";

    /// <summary>Ambient temperature (°C).</summary>
    public double AmbientC { get; set; } = 25.0;
    public List<ThermalNode> Nodes { get; } = [];
    public List<ThermalLink> Links { get; } = [];
    public List<ThermalSource> Sources { get; } = [];
    /// <summary>Transient end time (s) and output step (s), when the file gives them.</summary>
    public double? StopS { get; set; }
    public double? StepS { get; set; }
    /// <summary>The file it was read from, or "".</summary>
    public string SourcePath { get; init; } = "";

    public ThermalNetwork AddNode(string name, double capacitanceJPerK)
    {
        Nodes.Add(new ThermalNode(name, capacitanceJPerK));
        return this;
    }

    public ThermalNetwork AddLink(string from, string to, double resistanceKPerW)
    {
        Links.Add(new ThermalLink(from, to, resistanceKPerW));
        return this;
    }

    public ThermalNetwork AddSource(string node, PowerTrace power)
    {
        Sources.Add(new ThermalSource(node, power));
        return this;
    }

    public ThermalNetwork AddSource(string node, double powerW) => AddSource(node, PowerTrace.Constant(powerW));

    /// <summary>Checks the network and builds its matrices. Every error names the node, link or source, and its line.</summary>
    public CompiledThermalNetwork Compile()
    {
        string where = SourcePath.Length > 0 ? SourcePath + ": " : "";
        if (!double.IsFinite(AmbientC) || AmbientC < -273.15)
            throw new PhotonicException($"{where}ambient_C = {Num(AmbientC)} °C is not valid; it must be finite and at least -273.15 °C");
        if (Nodes.Count == 0) throw new PhotonicException($"{where}the thermal network has no nodes");

        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var node in Nodes)
        {
            string at = At(node.Location, where);
            if (node.Name.Length == 0 || node.Name.Any(char.IsWhiteSpace) || node.Name.Contains(','))
                throw new PhotonicException($"{at}invalid node name '{node.Name}': it must be non-empty, without spaces or commas");
            if (node.Name == Ambient)
                throw new PhotonicException($"{at}'{Ambient}' is the fixed-temperature node and cannot be declared as a node");
            if (index.ContainsKey(node.Name))
                throw new PhotonicException($"{at}node '{node.Name}' is defined twice");
            if (!double.IsFinite(node.CapacitanceJPerK))
                throw new PhotonicException($"{at}node '{node.Name}': capacitance_J_per_K = {Num(node.CapacitanceJPerK)} is not a finite number");
            if (node.CapacitanceJPerK < 0)
                throw new PhotonicException($"{at}node '{node.Name}': negative heat capacity {Num(node.CapacitanceJPerK)} J/K; it must be ≥ 0");
            index[node.Name] = index.Count;
        }

        int n = Nodes.Count;
        var diag = new double[n];
        var off = new List<(int, int, double)>();
        var toAmbient = new bool[n];
        var adjacency = Enumerable.Range(0, n).Select(_ => new List<int>()).ToArray();
        foreach (var link in Links)
        {
            string at = At(link.Location, where);
            int a = NodeIndex(link.From, at, "link", index), b = NodeIndex(link.To, at, "link", index);
            if (a == b)
                throw new PhotonicException($"{at}link from '{link.From}' to itself: a resistance needs two different nodes");
            if (!double.IsFinite(link.ResistanceKPerW) || link.ResistanceKPerW <= 0)
            {
                string why = link.ResistanceKPerW < 0 ? "negative" : link.ResistanceKPerW == 0 ? "zero (merge the two nodes instead)" : "not finite";
                throw new PhotonicException($"{at}link {link.From} -> {link.To}: thermal resistance {Num(link.ResistanceKPerW)} K/W is {why}; it must be positive");
            }
            double c = 1.0 / link.ResistanceKPerW;
            if (a >= 0) diag[a] += c;
            if (b >= 0) diag[b] += c;
            if (a >= 0 && b >= 0)
            {
                off.Add((a, b, -c));
                adjacency[a].Add(b); adjacency[b].Add(a);
            }
            else
            {
                toAmbient[Math.Max(a, b)] = true;
            }
        }

        // Every node needs a thermal path to ambient, or its steady temperature is undefined (G singular).
        var reached = new bool[n];
        var queue = new Queue<int>();
        for (int i = 0; i < n; i++) if (toAmbient[i]) { reached[i] = true; queue.Enqueue(i); }
        while (queue.Count > 0)
            foreach (int j in adjacency[queue.Dequeue()])
                if (!reached[j]) { reached[j] = true; queue.Enqueue(j); }
        var isolated = Enumerable.Range(0, n).Where(i => !reached[i]).ToList();
        if (isolated.Count > 0)
        {
            var names = isolated.Select(i => $"'{Nodes[i].Name}'" + (Nodes[i].Location.Line > 0 ? $" (line {Nodes[i].Location.Line})" : ""));
            throw new PhotonicException($"{where}no thermal path to ambient from node{(isolated.Count > 1 ? "s" : "")} {string.Join(", ", names)}: " +
                                        $"add a link to '{Ambient}' (its temperature would grow without bound)");
        }

        var sourceOf = new int[Sources.Count];
        for (int s = 0; s < Sources.Count; s++)
        {
            var src = Sources[s];
            string at = At(src.Location, where);
            int i = NodeIndex(src.Node, at, "source", index);
            if (i < 0) throw new PhotonicException($"{at}a heat source cannot heat '{Ambient}': it is held at a fixed temperature");
            sourceOf[s] = i;
        }

        return new CompiledThermalNetwork(this, SparseSymmetric.Build(n, diag, off), Nodes.Select(x => x.CapacitanceJPerK).ToArray(), sourceOf);
    }

    private int NodeIndex(string name, string at, string what, Dictionary<string, int> index)
    {
        if (name == Ambient) return -1;
        if (index.TryGetValue(name, out int i)) return i;
        throw new PhotonicException($"{at}{what}: unknown node '{name}'; nodes: {string.Join(", ", Nodes.Select(x => x.Name))}, {Ambient}");
    }

    private static string At(SourceLocation loc, string where) => loc.Line > 0 ? $"{loc}: " : where;

    internal static string Num(double v) => v.ToString("G10", CultureInfo.InvariantCulture);
}

/// <summary>
/// A checked thermal network in matrix form: conductance matrix G (W/K), capacities C (J/K), and which node
/// each source heats. Temperatures are solved for by <see cref="ThermalSolver"/>.
/// </summary>
public sealed class CompiledThermalNetwork
{
    public ThermalNetwork Network { get; }
    /// <summary>G (W/K), sparse: Laplacian of the link conductances plus the conductances to ambient on the diagonal.</summary>
    public SparseSymmetric ConductanceMatrix { get; }

    /// <summary>G[i, j] (W/K) as a dense matrix (built on request; n² doubles, so for small networks).</summary>
    public double[,] Conductance
    {
        get
        {
            IO.ResourceGuard.Memory($"the dense conductance matrix of {NodeCount} nodes", 8.0 * NodeCount * NodeCount);
            return ConductanceMatrix.ToDense();
        }
    }
    public double[] CapacitanceJPerK { get; }
    /// <summary>Node index heated by each of <see cref="ThermalNetwork.Sources"/>.</summary>
    public int[] SourceNode { get; }
    public int NodeCount => CapacitanceJPerK.Length;
    public IReadOnlyList<string> NodeNames { get; }

    internal CompiledThermalNetwork(ThermalNetwork network, SparseSymmetric g, double[] c, int[] sourceNode)
    {
        Network = network; ConductanceMatrix = g; CapacitanceJPerK = c; SourceNode = sourceNode;
        NodeNames = network.Nodes.Select(x => x.Name).ToArray();
    }

    public int NodeIndex(string name)
    {
        for (int i = 0; i < NodeNames.Count; i++) if (NodeNames[i] == name) return i;
        throw new PhotonicException($"unknown thermal node '{name}'; nodes: {string.Join(", ", NodeNames)}");
    }

    /// <summary>Power (W) into each node at time t (right limit at a step trace's sample times).</summary>
    public double[] PowerAt(double timeS, bool leftLimit = false)
    {
        var p = new double[NodeCount];
        PowerAt(timeS, p, leftLimit);
        return p;
    }

    /// <summary>Power (W) into each node at time t, into <paramref name="p"/> (no allocation).</summary>
    public void PowerAt(double timeS, double[] p, bool leftLimit = false)
    {
        Array.Clear(p);
        for (int s = 0; s < SourceNode.Length; s++)
        {
            var trace = Network.Sources[s].Power;
            p[SourceNode[s]] += leftLimit ? trace.Before(timeS) : trace.At(timeS);
        }
    }

    /// <summary>Power (W) into each node once every trace has reached its last value.</summary>
    public double[] FinalPower()
    {
        var p = new double[NodeCount];
        for (int s = 0; s < SourceNode.Length; s++) p[SourceNode[s]] += Network.Sources[s].Power.FinalW;
        return p;
    }
}
