using System.Reflection;
using PhotonicSolver.Models;
using PhotonicSolver.Numerics;
using static PhotonicSolver.Tests.CircuitChecks;
using static PhotonicSolver.Tests.Models.ModelTestHelpers;

namespace PhotonicSolver.Tests.Models;

/// <summary>
/// Properties every built-in model must have (registry metadata, reciprocity, passivity, unitarity when
/// lossless), checked at the defaults and at random in-range settings, wavelengths and temperatures.
/// </summary>
public class ModelTests
{
    private const int RandomDraws = 25;

    public static TheoryData<string> AllModels => [.. ModelRegistry.All.Select(m => m.Name)];

    public static TheoryData<string> LosslessModels => [.. LosslessExtra.Keys];

    /// <summary>The defaults first, then random settings at random wavelengths (1.2–1.7 µm) and temperatures (0–100 °C).</summary>
    private static IEnumerable<(double[] Settings, double Wl, double T)> Points(ModelInfo info, int seed)
    {
        yield return (info.Defaults(), 1.55, 25.0);
        var rng = new Random(seed);
        for (int k = 0; k < RandomDraws; k++)
            yield return (RandomSettings(info, rng), 1.2 + 0.5 * rng.NextDouble(), 100 * rng.NextDouble());
    }

    private static string Show(double[] v) => string.Join(", ", v.Select(x => x.ToString("G6")));

    private delegate void EvaluateFn(ref ArrayParams p, int offset, double wl, double temperatureC, ref Slots s);

    private delegate void LaneFn(ref ScalarLanes<ArrayParams> p, int offset, F64 wl, F64 temperatureC, ref Slots<F64> s);

    /// <summary>A lane-generic model's Evaluate called with one lane, as the kernel and the host call it.</summary>
    private static EvaluateFn OneLane(LaneFn f) => (ref ArrayParams p, int offset, double wl, double temperatureC, ref Slots s) =>
    {
        var lanes = new ScalarLanes<ArrayParams>(p);
        var ls = new Slots<F64>();
        f(ref lanes, offset, wl, temperatureC, ref ls);
        s.S0 = new Cx(ls.S0.Re.V, ls.S0.Im.V); s.S1 = new Cx(ls.S1.Re.V, ls.S1.Im.V);
        s.S2 = new Cx(ls.S2.Re.V, ls.S2.Im.V); s.S3 = new Cx(ls.S3.Re.V, ls.S3.Im.V);
        s.S4 = new Cx(ls.S4.Re.V, ls.S4.Im.V); s.S5 = new Cx(ls.S5.Re.V, ls.S5.Im.V);
        s.S6 = new Cx(ls.S6.Re.V, ls.S6.Im.V); s.S7 = new Cx(ls.S7.Re.V, ls.S7.Im.V);
    };

    /// <summary>Each model class with its Evaluate method, to check that ModelDispatch routes Info.Id to it.</summary>
    private static readonly (ModelInfo Info, EvaluateFn Evaluate)[] Direct =
    [
        (Straight.Info, OneLane(Straight.Evaluate)), (Bend.Info, OneLane(Bend.Evaluate)), (Coupler.Info, OneLane(Coupler.Evaluate)),
        (DirectionalCoupler.Info, OneLane(DirectionalCoupler.Evaluate)), (Mmi1x2.Info, OneLane(Mmi1x2.Evaluate)),
        (Mmi2x2.Info, OneLane(Mmi2x2.Evaluate)), (YBranch.Info, OneLane(YBranch.Evaluate)), (Crossing.Info, OneLane(Crossing.Evaluate)),
        (PhaseShifter.Info, OneLane(PhaseShifter.Evaluate)), (Attenuator.Info, OneLane(Attenuator.Evaluate)),
        (Terminator.Info, OneLane(Terminator.Evaluate)), (Reflector.Info, OneLane(Reflector.Evaluate)),
        (GratingCoupler.Info, OneLane(GratingCoupler.Evaluate)), (EdgeCoupler.Info, EdgeCoupler.Evaluate),
        (BraggGrating.Info, BraggGrating.Evaluate),
    ];

    /// <summary>Slots that are legitimately zero at a model's defaults: reflections whose default is none.</summary>
    private static readonly Dictionary<string, int[]> ZeroAtDefaults = new()
    {
        ["terminator"] = [0],      // matched load: residual reflection 0
        ["grating_coupler"] = [1], // back-reflection 0 by default
        ["edge_coupler"] = [1],    // facet reflection 0 by default (AR-coated)
    };

    [Fact]
    public void RegistryMetadataIsConsistent()
    {
        var all = ModelRegistry.All;
        Assert.Equal(all.Count, all.Select(m => m.Name).Distinct().Count());
        Assert.Equal(all.Count, all.Select(m => m.Id).Distinct().Count());
        foreach (var m in all)
        {
            Assert.True(ModelRegistry.TryGet(m.Name, out var byName) && ReferenceEquals(byName, m), m.Name);
            Assert.False(string.IsNullOrWhiteSpace(m.Reference), $"{m.Name}: empty Reference");
            Assert.False(string.IsNullOrWhiteSpace(m.Summary), $"{m.Name}: empty Summary");
            Assert.Equal(Enumerable.Range(1, m.Ports.Length).Select(i => $"o{i}"), m.Ports);
            Assert.Equal(m.Settings.Length, m.Settings.Select(s => s.Name).Distinct().Count());
            foreach (var s in m.Settings)
            {
                Assert.True(s.Min <= s.Max, $"{m.Name}.{s.Name}: empty range {s.RangeText}");
                Assert.True(s.InRange(s.Default), $"{m.Name}.{s.Name}: default {s.Default} outside {s.RangeText}");
            }
            Assert.Null(m.Validate?.Invoke(m.Defaults()));
            Assert.NotEmpty(m.Pattern);
            Assert.InRange(m.SlotCount, 1, Slots.Capacity);
            foreach (var e in m.Pattern)
            {
                Assert.InRange(e.To, 0, m.Ports.Length - 1);
                Assert.InRange(e.From, 0, m.Ports.Length - 1);
                Assert.InRange(e.Slot, 0, Slots.Capacity - 1);
            }
            Assert.Equal(m.Pattern.Length, m.Pattern.Select(e => (e.To, e.From)).Distinct().Count());
        }
    }

    [Fact]
    public void EveryModelClassIsRegisteredUnderItsModelIdsConstant()
    {
        // Each public static class in PhotonicSolver.Models with a static ModelInfo Info is a model; its
        // Info.Id must be the ModelIds constant of the same name (ids are fixed, not positions in the list).
        var classes = typeof(ModelRegistry).Assembly.GetTypes()
            .Where(t => t.Namespace == "PhotonicSolver.Models" && t.GetField("Info", BindingFlags.Public | BindingFlags.Static)?.FieldType == typeof(ModelInfo))
            .ToList();
        Assert.Equal(ModelRegistry.All.Count, classes.Count);
        foreach (var t in classes)
        {
            var info = (ModelInfo)t.GetField("Info")!.GetValue(null)!;
            Assert.Contains(info, ModelRegistry.All);
            var idField = typeof(ModelIds).GetField(t.Name, BindingFlags.Public | BindingFlags.Static);
            Assert.True(idField is not null, $"ModelIds has no constant {t.Name}");
            Assert.Equal((int)idField!.GetRawConstantValue()!, info.Id);
        }
        Assert.Equal(ModelRegistry.All.Count, Direct.Length);
        Assert.Equal(ModelRegistry.All.OrderBy(m => m.Id), Direct.Select(d => d.Info).OrderBy(m => m.Id));
    }

    [Theory]
    [MemberData(nameof(AllModels))]
    public void DispatchRunsTheModelsOwnEvaluateAtAnyParameterOffset(string name)
    {
        var info = ModelRegistry.Get(name);
        var direct = Direct.Single(d => ReferenceEquals(d.Info, info)).Evaluate;
        foreach (var (settings, wl, T) in Points(info, 11))
        {
            // The full parameter block: settings, dT and the model's derived parameters (ModelDispatch.Derive).
            var v = ModelRegistry.ParamBlock(info, settings);
            var p0 = new ArrayParams(v);
            var own = new Slots();
            direct(ref p0, 0, wl, T, ref own);
            // The settings at offset 5 of a table padded with NaN: a model that ignores its offset reads NaN.
            const int offset = 5;
            var padded = Enumerable.Repeat(double.NaN, offset).Concat(v).Concat(Enumerable.Repeat(double.NaN, 3)).ToArray();
            var p5 = new ArrayParams(padded);
            var shifted = new Slots();
            ModelDispatch.Evaluate(info.Id, ref p5, offset, wl, T, ref shifted);
            // ModelRegistry.Evaluate adds the instance's local temperature offset "dT" when the model has one.
            int dt = info.SettingIndex("dT");
            var viaRegistry = ModelRegistry.Evaluate(info, v, wl, T);
            var ownLocal = new Slots();
            direct(ref p0, 0, wl, dt >= 0 ? T + v[dt] : T, ref ownLocal);
            for (int k = 0; k < Slots.Capacity; k++)
            {
                // Same code on the same inputs: bit-identical.
                Assert.Equal(own.Get(k), shifted.Get(k));
                Assert.Equal(ownLocal.Get(k), viaRegistry.Get(k));
                // A model writes only the slots its pattern declares.
                if (k >= info.SlotCount) Assert.Equal(Cx.Zero, own.Get(k));
            }
        }
    }

    [Theory]
    [MemberData(nameof(AllModels))]
    public void EveryDeclaredSlotIsNonZeroAtTheDefaults(string name)
    {
        var info = ModelRegistry.Get(name);
        var s = ModelRegistry.Evaluate(info, info.Defaults(), 1.55, 25);
        var zero = ZeroAtDefaults.GetValueOrDefault(name, []);
        for (int k = 0; k < info.SlotCount; k++)
        {
            if (zero.Contains(k)) Assert.Equal(Cx.Zero, s.Get(k));
            else Assert.True(s.Get(k).Abs > 1e-3, $"{name}: slot {k} = {s.Get(k)} at the defaults");
        }
    }

    [Theory]
    [MemberData(nameof(AllModels))]
    public void IsReciprocal(string name)
    {
        var info = ModelRegistry.Get(name);
        foreach (var (v, wl, T) in Points(info, 1))
        {
            var s = ModelRegistry.DenseMatrix(info, v, wl, T);
            // Mirror entries share a slot, so S = Sᵀ holds bit for bit; 1e-15 would still admit two separate
            // evaluations of the same O(1) expression differing in the last bit.
            Assert.True(ReciprocityError(s) <= 1e-15, $"{name} at [{Show(v)}], wl {wl}, T {T}: |S − Sᵀ| = {ReciprocityError(s):E3}");
        }
    }

    [Theory]
    [MemberData(nameof(AllModels))]
    public void IsPassiveForEveryExcitation(string name)
    {
        var info = ModelRegistry.Get(name);
        foreach (var (v, wl, T) in Points(info, 2))
        {
            var s = ModelRegistry.DenseMatrix(info, v, wl, T);
            // Passive ⇔ largest singular value ≤ 1. Entries carry a few ulp (1e-16) of rounding and the SVD a
            // backward error of ~n·ε; 1e-12 is far below any physical excess (a 0.001 dB gain is 1.2e-4).
            double sigma = MaxSingularValue(s);
            Assert.True(sigma <= 1 + 1e-12, $"{name} at [{Show(v)}], wl {wl}, T {T}: largest singular value {sigma:R} > 1 (gain {20 * Math.Log10(sigma):F4} dB)");
        }
    }

    [Theory]
    [MemberData(nameof(LosslessModels))]
    public void IsUnitaryWhenLossless(string name)
    {
        var info = ModelRegistry.Get(name);
        foreach (var (v, wl, T) in Points(info, 3))
        {
            var lossless = MakeLossless(info, v);
            var s = ModelRegistry.DenseMatrix(info, lossless, wl, T);
            // Each entry of S†S is a sum of ≤ 4 products of O(1) numbers that each carry a few ulp: ~1e-15.
            double err = UnitarityError(s);
            Assert.True(err <= 1e-12, $"{name} at [{Show(lossless)}], wl {wl}, T {T}: |S†S − I| = {err:E3}");
        }
    }

    [Theory]
    [InlineData("mmi1x2")]
    [InlineData("y_branch")]
    public void ReflectionlessThreePortsAreNotUnitaryEvenWithoutExcessLoss(string name)
    {
        // A reciprocal, matched, lossless 3-port does not exist (Pozar, Microwave Engineering, §7.1): combining
        // from one arm must lose half the power, so (S†S)[o2,o2] = 1/2 for a balanced splitter.
        var info = ModelRegistry.Get(name);
        var s = Dense(info, ("excess_loss_dB", 0.0), ("imbalance_dB", 0.0));
        Cx g22 = s[0, 1].Conj * s[0, 1] + s[1, 1].Conj * s[1, 1] + s[2, 1].Conj * s[2, 1];
        // √½ squared: two roundings of a value near 0.5.
        Assert.Equal(0.5, g22.Re, 1e-15);
        Assert.True(UnitarityError(s) >= 0.5 - 1e-15);
        Assert.True(LosslessExtra.ContainsKey(name) == false);
    }
}
