namespace PhotonicSolver.Electrical;

/// <summary>
/// A SerDes reach class: the largest bump-to-bump channel loss at Nyquist it is specified to drive, and its
/// energy per bit. <paramref name="Source"/> says where the budget and the energy come from.
/// </summary>
public sealed record SerDesClass(string Name, double BudgetDb, double PjPerBit, string Source);

/// <summary>
/// A SerDes generation: lane rate, Nyquist frequency, and its reach classes in increasing loss budget.
/// <para>CEI-112G (PAM4, 53.125 GBd, Nyquist 26.5625 GHz). Budgets: XSR+ 13 dB (OIF, CEI-112G-XSR+-PAM4
/// Implementation Agreement announcement, 17 Jan 2024: "bump-to-bump insertion loss up to 13 dB at the Nyquist
/// frequency"); VSR 16 dB (total host + module channel loss at Nyquist of CEI-112G-VSR-PAM4, as the MathWorks
/// CEI-112G-VSR compliance kit states it); MR 20 dB and LR 28 dB (CEI-112G-MR/LR-PAM4 of OIF-CEI-05.0; the LR
/// figure equals IEEE 802.3ck 100GBASE-KR1's 28 dB at 26.56 GHz).</para>
/// <para>CEI-224G (PAM4, 106.25 GBd, Nyquist 53.125 GHz): the OIF CEI-224G agreements were not final when this
/// was written, so its budgets are engineering estimates, marked as such, to be overridden.</para>
/// <para>Every energy per bit is an engineering estimate (published SerDes figures vary by process and
/// vendor); override them in the system file.</para>
/// </summary>
public sealed record SerDesGeneration(string Name, double LaneGbps, double NyquistGHz, IReadOnlyList<SerDesClass> Classes)
{
    private const string Est = "engineering estimate";

    public static readonly SerDesGeneration Cei112G = new("cei_112g", 106.25, 26.5625,
    [
        new("XSR", 13, 1.0, $"budget: OIF CEI-112G-XSR+-PAM4 (2024), 13 dB at Nyquist; energy: {Est}"),
        new("VSR", 16, 2.5, $"budget: OIF CEI-112G-VSR-PAM4, 16 dB at Nyquist; energy: {Est}"),
        new("MR", 20, 3.5, $"budget: OIF CEI-112G-MR-PAM4 (CEI-05.0), 20 dB; energy: {Est}"),
        new("LR", 28, 5.0, $"budget: OIF CEI-112G-LR-PAM4 (CEI-05.0) and IEEE 802.3ck KR, 28 dB; energy: {Est}"),
    ]);

    public static readonly SerDesGeneration Cei224G = new("cei_224g", 212.5, 53.125,
    [
        new("XSR", 15, 1.5, $"budget and energy: {Est} (CEI-224G-XSR not final)"),
        new("VSR", 20, 4.0, $"budget and energy: {Est} (CEI-224G-VSR not final)"),
        new("MR", 26, 5.0, $"budget and energy: {Est} (CEI-224G-MR not final)"),
        new("LR", 36, 6.5, $"budget and energy: {Est} (CEI-224G-LR not final)"),
    ]);

    public static IReadOnlyList<SerDesGeneration> Presets { get; } = [Cei112G, Cei224G];

    public static SerDesGeneration? Preset(string name) => Presets.FirstOrDefault(p => p.Name == name);

    public double NyquistHz => NyquistGHz * 1e9;

    /// <summary>The least-budget class that can drive a channel of <paramref name="lossDb"/> at Nyquist, or null if none can.</summary>
    public SerDesClass? Select(double lossDb) => Classes.OrderBy(c => c.BudgetDb).FirstOrDefault(c => c.BudgetDb >= lossDb);
}
