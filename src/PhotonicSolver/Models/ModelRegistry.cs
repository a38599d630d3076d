namespace PhotonicSolver.Models;

/// <summary>The built-in models, by netlist name.</summary>
public static class ModelRegistry
{
    public static IReadOnlyList<ModelInfo> All { get; } =
    [
        Straight.Info, Bend.Info, Coupler.Info, DirectionalCoupler.Info, Mmi1x2.Info, Mmi2x2.Info,
        YBranch.Info, Crossing.Info, PhaseShifter.Info, Attenuator.Info, Terminator.Info, Reflector.Info,
        GratingCoupler.Info, EdgeCoupler.Info,
        BraggGrating.Info,
    ];

    private static readonly Dictionary<string, ModelInfo> ByName = All.ToDictionary(m => m.Name, StringComparer.Ordinal);

    public static bool TryGet(string name, out ModelInfo model) => ByName.TryGetValue(name, out model!);

    public static ModelInfo Get(string name) => ByName.TryGetValue(name, out var m) ? m
        : throw new PhotonicException($"unknown model '{name}'; built-in models: {string.Join(", ", ByName.Keys)}");

    /// <summary>
    /// Evaluates a model on the host (tests, constant folding, documentation) at the global temperature plus the
    /// instance's local dT. <paramref name="settings"/> may omit the trailing dT (then 0).
    /// </summary>
    public static Slots Evaluate(ModelInfo model, double[] settings, double wl, double temperatureC)
    {
        var full = ParamBlock(model, settings);
        var p = new ArrayParams(full);
        var s = new Slots();
        ModelDispatch.Evaluate(model.Id, ref p, 0, wl, temperatureC + full[model.LocalDeltaTIndex], ref s);
        return s;
    }

    /// <summary>
    /// The parameter block a model evaluates from: its settings (missing trailing ones, e.g. dT, take their
    /// defaults), then its derived parameters computed by <see cref="ModelDispatch.Derive{TP}"/>.
    /// </summary>
    public static double[] ParamBlock(ModelInfo model, double[] settings)
    {
        var full = new double[model.ParamCount];
        Array.Copy(model.Defaults(), full, model.Settings.Length);
        Array.Copy(settings, full, Math.Min(settings.Length, model.Settings.Length));
        var p = new ArrayParams(full);
        ModelDispatch.Derive(model.Id, ref p, 0);
        return full;
    }

    /// <summary>The model's full dense S-matrix [to, from] at one point, from its slots and pattern.</summary>
    public static Numerics.Cx[,] DenseMatrix(ModelInfo model, double[] settings, double wl, double temperatureC)
    {
        var slots = Evaluate(model, settings, wl, temperatureC);
        int n = model.Ports.Length;
        var m = new Numerics.Cx[n, n];
        foreach (var e in model.Pattern) m[e.To, e.From] = slots.Get(e.Slot);
        return m;
    }
}
