using System.Runtime.CompilerServices;
using PhotonicSolver.Numerics;

namespace PhotonicSolver.Models;

/// <summary>
/// Phase shifter, set directly by phase or by thermo-optic heater power.
/// <code>
///   o1 ───[φ]─── o2
/// </code>
/// S21 = S12 = 10^(−loss_dB/20)·exp(i(phase + π·power_mW/p_pi_mW)). The heater term is Δφ = π·P/Pπ (CONVENTIONS).
/// </summary>
public static class PhaseShifter
{
    public const int Phase = 0, PowerMw = 1, PPiMw = 2, LossDb = 3;

    public static readonly ModelInfo Info = new()
    {
        Id = ModelIds.PhaseShifter,
        Name = "phase_shifter",
        Summary = "Phase shifter: phase in rad, plus a heater term pi*power_mW/p_pi_mW, with insertion loss.",
        Ports = ["o1", "o2"],
        Diagram = "o1 ─[φ]─ o2",
        Settings =
        [
            new("phase", "rad", 0.0, double.NegativeInfinity, double.PositiveInfinity, "phase added to the transmission"),
            new("power_mW", "mW", 0.0, 0, double.PositiveInfinity, "heater electrical power"),
            new("p_pi_mW", "mW", 20.0, 1e-9, double.PositiveInfinity, "heater power for a π phase shift"),
            new("loss_dB", "dB", 0.0, 0, double.PositiveInfinity, "insertion loss"),
        ],
        Pattern = ModelInfo.Reciprocal((1, 0, 0)),
        Reference = "Thermo-optic heater Δφ = π·P/Pπ (Harris et al., Opt. Express 22, 10487 (2014)).",
        DependsOnWavelength = false,
    };

    public static void Evaluate<TL, TP>(ref TP p, int o, TL wl, TL temperatureC, ref Slots<TL> s)
        where TL : struct, ILane<TL> where TP : struct, ILaneSource<TL>
    {
        TL phase = p.Get(o + Phase) + Math.PI * p.Get(o + PowerMw) / p.Get(o + PPiMw);
        s.S0 = Cx<TL>.FromPolar(FastMath.DbToAmplitude(-p.Get(o + LossDb)), phase);
    }
}
