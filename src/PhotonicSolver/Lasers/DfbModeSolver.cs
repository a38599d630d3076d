using System.Numerics;

namespace PhotonicSolver.Lasers;

/// <summary>
/// Finds the lasing modes of a <see cref="DfbCavity"/>: the zeros of its threshold function in the complex plane
/// σL = αL − i·δL, by Newton's method (central-difference derivative; the function is entire) from a grid of
/// starting points covering 0 &lt; αL ≤ αmax and |δL| ≤ δmax. Roots are de-duplicated and sorted by threshold gain.
/// </summary>
public static class DfbModeSolver
{
    /// <summary>The lowest-threshold <paramref name="count"/> modes (fewer if the search window holds fewer).</summary>
    public static IReadOnlyList<DfbMode> LowestModes(DfbCavity cavity, int count)
    {
        if (count < 1) throw new PhotonicException($"the number of modes must be at least 1 (got {count})");
        // Far from the stop band the modes are spaced by about π in δL; the window holds several more than asked.
        double deltaMax = Math.PI * (count / 2.0 + 4) + 2 * cavity.KappaL;
        double alphaMax = 14.0;
        var roots = FindAll(cavity, alphaMax, deltaMax, alphaSteps: 16, deltaSteps: (int)Math.Ceiling(deltaMax * 2 / 0.6) + 1);
        return roots.Take(count).ToList();
    }

    /// <summary>All distinct zeros found from a grid of starts in (0, alphaMax] × [−deltaMax, deltaMax], sorted by αL then δL.</summary>
    public static List<DfbMode> FindAll(DfbCavity cavity, double alphaMax, double deltaMax, int alphaSteps, int deltaSteps)
    {
        var found = new List<DfbMode>();
        var gate = new object();
        Parallel.For(0, alphaSteps * deltaSteps, k =>
        {
            int i = k / deltaSteps, j = k % deltaSteps;
            double a0 = alphaMax * (i + 0.5) / alphaSteps;
            double d0 = -deltaMax + 2 * deltaMax * j / Math.Max(1, deltaSteps - 1);
            if (Newton(cavity, new Complex(a0, -d0)) is not { } z) return;
            var m = new DfbMode(z.Real, -z.Imaginary);
            if (!(m.AlphaL > 1e-9) || m.AlphaL > alphaMax * 1.5 || Math.Abs(m.DeltaL) > deltaMax * 1.2) return;
            lock (gate)
            {
                foreach (var f in found)
                    if (Math.Abs(f.AlphaL - m.AlphaL) + Math.Abs(f.DeltaL - m.DeltaL) < 1e-7) return;
                found.Add(m);
            }
        });
        // Sort by gain; modes of (numerically) equal gain, e.g. the ±δ pair of a symmetric cavity, by δL.
        found.Sort((x, y) => Math.Abs(x.AlphaL - y.AlphaL) > 1e-9 ? x.AlphaL.CompareTo(y.AlphaL) : x.DeltaL.CompareTo(y.DeltaL));
        return found;
    }

    /// <summary>Newton's method on F(σL); null if it does not converge to |Δσ| &lt; 1e-12·(1 + |σ|) in 100 steps.</summary>
    public static Complex? Newton(DfbCavity cavity, Complex z)
    {
        for (int it = 0; it < 100; it++)
        {
            Complex f = cavity.Threshold(z);
            double h = 1e-5 * (1 + Complex.Abs(z));
            Complex df = (cavity.Threshold(z + h) - cavity.Threshold(z - h)) / (2 * h);
            if (df == Complex.Zero || double.IsNaN(df.Real)) return null;
            Complex step = f / df;
            // Damp wild steps so a start does not jump across many roots.
            double s = Complex.Abs(step);
            if (s > 2) step *= 2 / s;
            z -= step;
            if (double.IsNaN(z.Real) || Complex.Abs(z) > 1e3) return null;
            if (s < 1e-12 * (1 + Complex.Abs(z))) return z;
        }
        return null;
    }
}
