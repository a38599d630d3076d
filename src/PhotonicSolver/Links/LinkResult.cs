namespace PhotonicSolver.Links;

/// <summary>
/// The link at every scenario, as arrays in scenario order. Powers in mW (dBm where the name says so), losses in dB
/// (positive = power lost).
/// </summary>
public sealed class LinkResult
{
    public IReadOnlyList<LinkScenario> Scenarios { get; }
    /// <summary>Laser wavelength λ(T_laser) in µm.</summary>
    public double[] WavelengthUm { get; }
    /// <summary>Laser output power P(T_laser, I) in mW.</summary>
    public double[] LaserPowerMw { get; }
    /// <summary>Chip transmission |S[out, in]|²(λ, T_chip), linear (NaN where the circuit was singular).</summary>
    public double[] ChipTransmission { get; }
    /// <summary>Fiber and connector loss between source and chip (dB); 0 without a fiber.</summary>
    public double FiberLossDb { get; }

    /// <summary>Chip loss −10·log10|S|² (dB).</summary>
    public double[] ChipLossDb { get; }
    /// <summary>Total loss from the laser to the receiving port: fiber loss + chip loss (dB).</summary>
    public double[] LinkLossDb { get; }
    /// <summary>P_received = P_laser · 10^(−fiber loss/10) · |S|² (mW).</summary>
    public double[] ReceivedPowerMw { get; }
    /// <summary>10·log10(P_received / 1 mW); −∞ when the laser is below threshold.</summary>
    public double[] ReceivedPowerDbm { get; }
    /// <summary>
    /// Detuning penalty (dB): the chip loss at this scenario minus the lowest chip loss over all scenarios, i.e. what
    /// the mismatch between the laser wavelength and the chip's (temperature-dependent) passband costs relative to the
    /// best-aligned scenario of the batch.
    /// </summary>
    public double[] DetuningPenaltyDb { get; }

    /// <summary>Distinct chip temperatures and laser wavelengths among the scenarios.</summary>
    public int ChipTemperatures { get; }
    public int Wavelengths { get; }
    /// <summary>Points the engine evaluated: the distinct (T_chip, λ) pairs, one zipped sweep point each.</summary>
    public long GridPoints { get; }
    /// <summary>Scenarios whose circuit was singular (a lossless cavity on resonance): NaN values.</summary>
    public int SingularScenarios { get; }
    public string? FirstSingular { get; }
    public string Backend { get; }
    /// <summary>Source, compile and engine time of the evaluation.</summary>
    public TimeSpan Elapsed { get; }

    internal LinkResult(LinkScenario[] scenarios, double[] wl, double[] power, double[] chip, double fiberLossDb,
                        int chipTemperatures, int wavelengths, long gridPoints, int singular, string? firstSingular,
                        string backend, TimeSpan elapsed)
    {
        Scenarios = scenarios; WavelengthUm = wl; LaserPowerMw = power; ChipTransmission = chip; FiberLossDb = fiberLossDb;
        ChipTemperatures = chipTemperatures; Wavelengths = wavelengths; GridPoints = gridPoints;
        SingularScenarios = singular; FirstSingular = firstSingular; Backend = backend; Elapsed = elapsed;
        int n = scenarios.Length;
        double fiberT = Math.Pow(10, -fiberLossDb / 10);
        ChipLossDb = new double[n]; LinkLossDb = new double[n]; ReceivedPowerMw = new double[n];
        ReceivedPowerDbm = new double[n]; DetuningPenaltyDb = new double[n];
        double best = double.PositiveInfinity;
        for (int k = 0; k < n; k++)
        {
            ChipLossDb[k] = -10 * Math.Log10(chip[k]);
            LinkLossDb[k] = fiberLossDb + ChipLossDb[k];
            ReceivedPowerMw[k] = power[k] * fiberT * chip[k];
            ReceivedPowerDbm[k] = 10 * Math.Log10(ReceivedPowerMw[k]);
            if (ChipLossDb[k] < best) best = ChipLossDb[k];
        }
        for (int k = 0; k < n; k++) DetuningPenaltyDb[k] = ChipLossDb[k] - best;
    }

    public int Count => Scenarios.Count;

    /// <summary>Index of the scenario with the lowest received power (NaN scenarios skipped; -1 if none).</summary>
    public int WeakestScenario => Extreme(ReceivedPowerMw, min: true);

    /// <summary>Index of the scenario with the highest received power (-1 if none).</summary>
    public int StrongestScenario => Extreme(ReceivedPowerMw, min: false);

    /// <summary>Index of the scenario with the largest detuning penalty (-1 if none).</summary>
    public int WorstDetuningScenario => Extreme(DetuningPenaltyDb, min: false);

    private static int Extreme(double[] v, bool min)
    {
        int best = -1;
        for (int k = 0; k < v.Length; k++)
            if (!double.IsNaN(v[k]) && (best < 0 || (min ? v[k] < v[best] : v[k] > v[best]))) best = k;
        return best;
    }
}
