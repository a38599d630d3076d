using System.Runtime.CompilerServices;
using PhotonicSolver.Circuit;
using PhotonicSolver.Numerics;

namespace PhotonicSolver.MonteCarlo;

/// <summary>Distribution codes in the plan's random table.</summary>
public static class DistributionCode
{
    public const int Normal = 0;          // doubles: mean, std
    public const int TruncatedNormal = 1; // doubles: mean, std, low, high, Φ(a), Φ(b), mirrored (0/1)
    public const int Uniform = 2;         // doubles: low, high
    public const int LogNormal = 3;       // doubles: mu, sigma (of ln x)
    public const int Table = 4;           // doubles: one value per sample (corners)
    // Plan codes of uncorrelated truncated normals and uniforms, which take a uniform draw directly (same doubles):
    public const int TruncatedNormalFromUnit = 5;
    public const int UniformFromUnit = 6;
}

/// <summary>
/// The device side of Monte Carlo: called by <see cref="PlanExecutor.EvaluateModels{TM}"/> with the point's
/// sample index, it draws every random variable of the plan and writes the sampled settings into the point's
/// parameter block before the model calls read them. A pure function of (seed, sample index, stream), written
/// with value types only, so the CPU backend and the ILGPU kernel draw the same bits for the same sample, in any
/// chunking or sharding.
/// <list type="number">
/// <item>Normal n (one per random variable) = <see cref="Distributions.StandardNormal"/>(seed, sample, n), stored
/// in the parameter block's scratch slots: Φ⁻¹ of the uniform <see cref="Distributions.StandardUniform"/>(seed,
/// sample, n); an uncorrelated truncated normal or uniform keeps the uniform itself.</item>
/// <item>Each correlated local draw (a local parameter at one instance) is replaced by its row of the Cholesky factor
/// of (globals, its group's members) times (the raw global normals, the members' normals at that instance).</item>
/// <item>The first NumCorrelated normals are replaced by L·z (L the Cholesky factor of the correlation matrix),
/// row by row from the last, in place.</item>
/// <item>Each target setting = the transform of its variable's normal into its distribution.</item>
/// </list>
/// </summary>
public static class RandomParameters
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Apply<TM>(ref TM m, in PlanLayout L, long sample) where TM : struct, IPointMemory
    {
        // Every variable has its own uniform; those that need a normal take Φ⁻¹ of it (kind 0), uncorrelated truncated
        // normals and uniforms keep the uniform (kind 1).
        for (int n = 0; n < L.NumNormals; n++)
        {
            double u = Distributions.StandardUniform(L.Seed, sample, n);
            m.SetParam(L.NormalsParam + n, m.Int(L.NormalKindsOffset + n) == 0 ? Distributions.NormalQuantile(u) : u);
        }

        // Correlated local draws first, while the global normals are still raw: each (instance, member k) mixes the
        // globals' z with the z of members 0..k at its instance; from the last, so those are still raw too.
        for (int e = L.NumLocalCorrelated - 1; e >= 0; e--)
        {
            int o = L.LocalCorrelatedOffset + PlanLayout.LocalCorrelatedWidth * e;
            int row = m.Int(o + 1), ng = m.Int(o + 2), nl = m.Int(o + 3), list = m.Int(o + 4);
            double y = 0.0;
            for (int j = 0; j < ng; j++) y += m.Double(row + j) * m.Get(L.NormalsParam + j);
            for (int q = 0; q < nl; q++) y += m.Double(row + ng + q) * m.Get(L.NormalsParam + m.Int(list + q));
            m.SetParam(L.NormalsParam + m.Int(o), y);
        }

        for (int i = L.NumCorrelated - 1; i >= 0; i--)
        {
            int row = L.CholeskyOffset + i * (i + 1) / 2;
            double y = 0.0;
            for (int j = 0; j <= i; j++) y += m.Double(row + j) * m.Get(L.NormalsParam + j);
            m.SetParam(L.NormalsParam + i, y);
        }

        for (int r = 0; r < L.NumRandom; r++)
        {
            int o = L.RandomOffset + PlanLayout.RandomWidth * r;
            int dist = m.Int(o), d = m.Int(o + 3);
            if (dist == DistributionCode.Table)
            {
                m.SetParam(m.Int(o + 2), m.Double(d + (int)sample));
                continue;
            }
            double y = m.Get(L.NormalsParam + m.Int(o + 1));
            double value;
            switch (dist)
            {
                case DistributionCode.Normal:
                    value = Distributions.Normal(y, m.Double(d), m.Double(d + 1));
                    break;
                case DistributionCode.TruncatedNormal:
                case DistributionCode.TruncatedNormalFromUnit:
                {
                    // u: the probability inside the (mirrored) interval, drawn directly or Φ of the (correlated) normal.
                    bool mirrored = m.Double(d + 6) != 0.0;
                    double u = dist == DistributionCode.TruncatedNormalFromUnit ? y : Distributions.NormalCdf(mirrored ? -y : y);
                    value = Distributions.TruncatedNormalFromUnit(u, m.Double(d), m.Double(d + 1), m.Double(d + 2), m.Double(d + 3),
                                                                  m.Double(d + 4), m.Double(d + 5), mirrored);
                    break;
                }
                case DistributionCode.Uniform:
                case DistributionCode.UniformFromUnit:
                    value = Distributions.UniformFromUnit(dist == DistributionCode.UniformFromUnit ? y : Distributions.NormalCdf(y),
                                                          m.Double(d), m.Double(d + 1));
                    break;
                default:
                    value = Distributions.LogNormal(y, m.Double(d), m.Double(d + 1));
                    break;
            }
            m.SetParam(m.Int(o + 2), value);
        }
    }
}
