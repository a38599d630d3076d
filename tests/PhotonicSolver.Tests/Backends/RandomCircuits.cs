using PhotonicSolver.Circuit;

namespace PhotonicSolver.Tests.Backends;

/// <summary>
/// Random lossy circuits of couplers, straights, 2×2 MMIs and reflectors, wired by a seeded shuffle of their ports.
/// Every straight loses at least 0.1 dB per pass and every MMI and reflector at least 0.1 dB, so no closed path is
/// lossless and the elimination pivots stay well away from zero (a round trip keeps at most ~98 % of the field).
/// </summary>
public static class RandomCircuits
{
    public static FlatCircuit Build(int seed, int instances, int externalPorts)
    {
        var rng = new Random(seed);
        var b = new TestCircuits.Builder();
        var ports = new List<string>();
        int couplers = 0;
        for (int i = 0; i < instances; i++)
        {
            string name;
            switch (i == 0 ? 0 : rng.Next(4))
            {
                case 0:
                    name = $"dc{couplers++}";
                    b.Add(name, "coupler", ("coupling", 0.05 + 0.9 * rng.NextDouble()));
                    Ports(name, 4);
                    break;
                case 1:
                    name = $"wg{i}";
                    b.Add(name, "straight", ("length", 50 + 150 * rng.NextDouble()), ("neff", 2.2 + 0.3 * rng.NextDouble()),
                        ("ng", 3.5 + 0.9 * rng.NextDouble()), ("loss_dB_cm", 20 + 30 * rng.NextDouble()),
                        ("dneff_dT", 1.86e-4));
                    Ports(name, 2);
                    break;
                case 2:
                    name = $"mmi{i}";
                    b.Add(name, "mmi2x2", ("excess_loss_dB", 0.1 + 0.4 * rng.NextDouble()), ("imbalance_dB", -1 + 2 * rng.NextDouble()));
                    Ports(name, 4);
                    break;
                default:
                    name = $"mirror{i}";
                    b.Add(name, "reflector", ("reflectivity", 0.1 + 0.6 * rng.NextDouble()), ("loss_dB", 0.1 + 0.5 * rng.NextDouble()));
                    Ports(name, 2);
                    break;
            }
        }
        // Shuffle the ports; the first ones become external, the rest are connected pairwise.
        for (int i = ports.Count - 1; i > 0; i--)
        {
            int j = rng.Next(i + 1);
            (ports[i], ports[j]) = (ports[j], ports[i]);
        }
        int ext = externalPorts + (ports.Count - externalPorts) % 2;
        for (int i = 0; i < ext; i++) b.Port($"p{i}", ports[i]);
        for (int i = ext; i + 1 < ports.Count; i += 2) b.Connect(ports[i], ports[i + 1]);
        return b.Build();

        void Ports(string name, int n)
        {
            for (int p = 1; p <= n; p++) ports.Add($"{name},o{p}");
        }
    }
}
