using PhotonicSolver.Models;
using PhotonicSolver.Numerics;

namespace PhotonicSolver.Tests.Models;

/// <summary>Host-side evaluation of one model with named settings, and random in-range settings.</summary>
internal static class ModelTestHelpers
{
    public static double[] Settings(ModelInfo info, params (string Key, double Value)[] settings)
    {
        var values = info.Defaults();
        foreach (var (k, v) in settings)
        {
            int i = info.SettingIndex(k);
            if (i < 0) throw new ArgumentException($"{info.Name} has no setting {k}");
            values[i] = v;
        }
        return values;
    }

    /// <summary>The model's dense S[to, from] (0-based port indices: o1 → 0).</summary>
    public static Cx[,] Dense(ModelInfo info, double wl, double temperatureC, params (string Key, double Value)[] settings)
        => ModelRegistry.DenseMatrix(info, Settings(info, settings), wl, temperatureC);

    public static Cx[,] Dense(ModelInfo info, params (string Key, double Value)[] settings) => Dense(info, 1.55, 25.0, settings);

    /// <summary>e^{iφ} with the runtime library's sin and cos (independent of FastMath).</summary>
    public static Cx Expi(double phase) => new(Math.Cos(phase), Math.Sin(phase));

    /// <summary>
    /// Random settings inside each setting's valid range. A finite range is sampled uniformly; an open end is
    /// replaced by default ± 2·max(|default|, 1) (or ± 2|default| for tiny coefficients such as dneff_dT), so
    /// the values stay physical. Draws again until the model's own Validate accepts them.
    /// </summary>
    public static double[] RandomSettings(ModelInfo info, Random rng)
    {
        for (int attempt = 0; attempt < 1000; attempt++)
        {
            var v = new double[info.Settings.Length];
            for (int i = 0; i < v.Length; i++)
            {
                var s = info.Settings[i];
                double span = Math.Abs(s.Default) > 0 && Math.Abs(s.Default) < 1e-2 ? 2 * Math.Abs(s.Default) : 2 * Math.Max(Math.Abs(s.Default), 1.0);
                double lo = double.IsFinite(s.Min) ? s.Min : s.Default - span;
                double hi = double.IsFinite(s.Max) ? s.Max : s.Default + span;
                v[i] = lo + (hi - lo) * rng.NextDouble();
                // Whole-number settings (counts, enumeration codes) say so in their description.
                if (s.Description.Contains("integer", StringComparison.OrdinalIgnoreCase)) v[i] = Math.Round(v[i]);
            }
            if (info.Validate?.Invoke(v) is null) return v;
        }
        throw new InvalidOperationException($"no valid random settings for {info.Name}");
    }

    /// <summary>Names of settings that add loss; 0 makes a model lossless when it can be.</summary>
    public static readonly string[] LossSettings = ["loss_dB_cm", "loss_dB", "excess_loss_dB", "bend_loss_dB_90"];

    /// <summary>
    /// The settings that make each model lossless (in addition to zeroing <see cref="LossSettings"/>), for the
    /// models that have a lossless point. mmi1x2 and y_branch have none: a reciprocal, reflectionless 3-port
    /// cannot be unitary.
    /// </summary>
    public static readonly Dictionary<string, (string, double)[]> LosslessExtra = new()
    {
        ["straight"] = [], ["bend"] = [], ["coupler"] = [], ["directional_coupler"] = [], ["mmi2x2"] = [],
        ["phase_shifter"] = [], ["attenuator"] = [], ["reflector"] = [],
        ["crossing"] = [("crosstalk_dB", double.NegativeInfinity)],
        ["terminator"] = [("reflection", 1.0)],
    };

    public static double[] MakeLossless(ModelInfo info, double[] values)
    {
        var v = (double[])values.Clone();
        foreach (var name in LossSettings)
        {
            int i = info.SettingIndex(name);
            if (i >= 0) v[i] = 0.0;
        }
        foreach (var (k, x) in LosslessExtra[info.Name]) v[info.SettingIndex(k)] = x;
        return v;
    }
}
