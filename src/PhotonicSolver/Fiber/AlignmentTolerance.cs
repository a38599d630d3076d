namespace PhotonicSolver.Fiber;

/// <summary>
/// Alignment tolerances: how far a coordinate may move from its best value before the coupling loss grows by a
/// given number of dB (typically 0.5 dB and 1 dB).
/// </summary>
public static class AlignmentTolerance
{
    /// <summary>
    /// The smallest u &gt; 0 at which 10·log10(η(0)/η(u)) reaches <paramref name="extraLossDb"/>, for a function η
    /// that falls monotonically from u = 0 (true of every Gaussian misalignment): the step doubles until the loss
    /// is bracketed, then bisection to 1e-12 relative. +∞ if it is not reached before <paramref name="limit"/>.
    /// The loss is relative to <paramref name="reference"/> when given (default η(0)); 0 if η(0) is already below.
    /// </summary>
    public static double Find(Func<double, double> efficiency, double extraLossDb, double initialStep, double limit,
                              double? reference = null)
    {
        double eta0 = reference ?? efficiency(0);
        double target = eta0 * Math.Pow(10, -extraLossDb / 10);
        if (efficiency(0) <= target) return 0;
        double lo = 0, hi = initialStep;
        while (efficiency(hi) > target)
        {
            lo = hi;
            hi *= 2;
            if (hi > limit) return efficiency(limit) > target ? double.PositiveInfinity : Bisect(efficiency, target, lo, limit);
        }
        return Bisect(efficiency, target, lo, hi);
    }

    private static double Bisect(Func<double, double> f, double target, double lo, double hi)
    {
        for (int i = 0; i < 200 && hi - lo > 1e-12 * hi; i++)
        {
            double mid = 0.5 * (lo + hi);
            if (f(mid) > target) lo = mid; else hi = mid;
        }
        return 0.5 * (lo + hi);
    }

    /// <summary>
    /// Marcuse's closed form for a lateral offset: exp(−2d²/(w1²+w2²)) = 10^(−ΔdB/10) gives
    /// d = √(ΔdB·ln10/10 · (w1²+w2²)/2).
    /// </summary>
    public static double MarcuseOffset(double w1, double w2, double extraLossDb)
        => Math.Sqrt(extraLossDb * Math.Log(10) / 10 * (w1 * w1 + w2 * w2) / 2);

    /// <summary>
    /// From sampled data: along a line of samples (x ascending, efficiencies), the positions left and right of the
    /// maximum where the loss relative to the maximum reaches <paramref name="extraLossDb"/>, by linear
    /// interpolation in dB; NaN on a side where the samples never reach it.
    /// </summary>
    public static (double Best, double Left, double Right) FromSamples(IReadOnlyList<double> x, IReadOnlyList<double> eta, double extraLossDb)
    {
        int best = 0;
        for (int i = 1; i < eta.Count; i++) if (eta[i] > eta[best]) best = i;
        double Loss(int i) => 10 * Math.Log10(eta[best] / eta[i]);
        double Cross(int from, int step)
        {
            for (int i = from + step; i >= 0 && i < eta.Count; i += step)
            {
                double l1 = Loss(i - step), l2 = Loss(i);
                if (l2 >= extraLossDb)
                    return x[i - step] + (x[i] - x[i - step]) * (extraLossDb - l1) / (l2 - l1);
            }
            return double.NaN;
        }
        return (x[best], Cross(best, -1), Cross(best, +1));
    }
}
