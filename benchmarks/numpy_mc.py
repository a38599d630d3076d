#!/usr/bin/env python3
"""numpy baseline for `photonic montecarlo`: the same yield studies, written the way an engineer would today —
closed-form physics, vectorized over chunks of samples, numpy's Philox generator, every sample's metrics kept
(8 bytes per sample and spec) so that the percentiles are exact.

Cases (the same settings as the netlists and Monte Carlo files they mirror):

mzi   examples/montecarlo/mzi.yaml + examples/montecarlo/mzi_mc.yaml, one wavelength (1.55 µm):
      phase ~ N(0, 0.06) (global), coupling of dc1 and dc2 ~ truncnormal(0.5, 0.01, [0.45, 0.55]) (local, one per
      coupler). Couplers as the `coupler` model (bar t = sqrt(1 - k), cross i·sqrt(k)), so
        |S[cross,in]|² = t1²t2² + k1k2 − 2·t1t2·sqrt(k1k2)·cos φ,   |S[bar,in]|² = 1 − |S[cross,in]|².
      Specs: isolation = 10·log10|S[cross,in]|² ≤ −25 dB, il = −10·log10|S[bar,in]|² ≤ 0.05 dB.

ring  examples/ring_add_drop.yaml + benchmarks/montecarlo/ring_add_drop_mc.yaml, W = 201 wavelengths 1.5506..1.5546:
      k1, k2 ~ truncnormal(0.1, 0.01, [0.05, 0.15]) (local), loss ~ lognormal(mean 3, std 0.5 dB/cm) and
      dT ~ N(0, 1 K) (global, both half rings). Half ring: Lh = 31.4159 µm,
        neff(λ, dT) = 2.4 − (λ − 1.55)(4.2 − 2.4)/1.55 + 1.86e-4·dT,  a_h = 10^(−loss·Lh·1e-4/20),
      round trip φ = 2·(2π·neff·Lh/λ), a = a_h²; Bogaerts et al., Laser Photonics Rev. 6, 47 (2012):
        T_through = (t1² − 2 t1t2 a cos φ + t2²a²)/D,  T_drop = k1 k2 a/D,  D = 1 − 2 t1t2 a cos φ + (t1t2a)².
      Metrics as docs/montecarlo.md defines them: extinction_dB of the through port over the band (≥ 20 dB),
      resonance_wl = first argmin of the through port refined by the parabola through it and its neighbours
      (NaN on the band's edge; in [1.5525, 1.5527] µm), coupling_loss_dB = −10·log10 max T_drop (≤ 0.5 dB), and
      bandwidth_3dB of the drop port (contiguous region around the peak within 3 dB, edges linear in dB; reported).

Samples are not the same as PhotonicSolver's (its Philox4x32-10 stream and Box–Muller are its own), so the two
runs agree statistically, not sample by sample: --compare checks yields (two-proportion z and the overlap of the
95 % Wilson intervals) and metric means (z on the difference of means).

Usage: /usr/bin/python3 benchmarks/numpy_mc.py [--case mzi|ring|both] [--mzi-samples N] [--ring-samples N]
          [--seed S] [--repeat R] [--json FILE] [--compare-mzi SUMMARY.json] [--compare-ring SUMMARY.json]
          [--check-mzi SAMPLES.csv] [--check-ring SAMPLES.csv]
Prints samples/s (best of R) and the study's statistics; --json writes them, --compare-* the agreement with
PhotonicSolver's summaries, --check-* recomputes PhotonicSolver's own samples (photonic montecarlo --out FILE.csv)
from their sampled settings and reports the largest relative metric difference.
"""
import json
import math
import sys
import time

import numpy as np
from scipy.special import erf, ndtr, ndtri

Z95 = 1.959963984540054
FLOOR_DB = -300.0


def db(t):
    """10·log10 t, floored at −300 dB for t ≤ 1e-30 as FiguresOfMerit.Db."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(t <= 1e-30, FLOOR_DB, 10.0 * np.log10(t))


def truncnormal(rng, mean, std, low, high, size):
    """Exact truncated normal by the inverse CDF (no rejection), as PhotonicSolver draws it."""
    fa, fb = ndtr((low - mean) / std), ndtr((high - mean) / std)
    return mean + std * ndtri(fa + rng.random(size) * (fb - fa))


def lognormal(rng, mean, std, size):
    """Lognormal with the given mean and std of the value itself."""
    s2 = math.log1p((std / mean) ** 2)
    return rng.lognormal(math.log(mean) - s2 / 2, math.sqrt(s2), size)


# ---------------------------------------------------------------------------------------------------------- MZI
MZI_SPECS = [("isolation", None, -25.0), ("il", None, 0.05)]  # (name, min, max)


def mzi_chunk(rng, n):
    phase = rng.normal(0.0, 0.06, n)
    k1 = truncnormal(rng, 0.5, 0.01, 0.45, 0.55, n)
    k2 = truncnormal(rng, 0.5, 0.01, 0.45, 0.55, n)
    return mzi_metrics(phase, k1, k2)


def mzi_metrics(phase, k1, k2):
    t1, t2 = np.sqrt(1.0 - k1), np.sqrt(1.0 - k2)
    cross = (t1 * t2) ** 2 + k1 * k2 - 2.0 * t1 * t2 * np.sqrt(k1 * k2) * np.cos(phase)
    bar = k2 * t1 ** 2 + k1 * t2 ** 2 + 2.0 * t1 * t2 * np.sqrt(k1 * k2) * np.cos(phase)
    return np.stack([db(cross), -db(bar)])


def mzi_exact_yield(nodes=400):
    """The MZI study's exact yield, by quadrature: for fixed k1, k2 the isolation spec is cos φ ≥ (A − c)/B
    (|S[cross,in]|² = A − B cos φ, c = 10^−2.5), i.e. |φ| ≤ φmax, probability erf(φmax/(σ√2)); the il spec
    (|S[cross,in]|² ≤ 1 − 10^−0.005 = 0.0114) is implied. Averaged over k1, k2 by Gauss–Legendre on the
    truncated normals' standardised range [−5, 5] (400 nodes: within 2e-8 of 800)."""
    z, w = np.polynomial.legendre.leggauss(nodes)
    z, w = 5.0 * z, 5.0 * w
    w = w * np.exp(-z * z / 2)
    w /= w.sum()
    k1, k2 = (0.5 + 0.01 * z)[:, None], (0.5 + 0.01 * z)[None, :]
    t1, t2 = np.sqrt(1.0 - k1), np.sqrt(1.0 - k2)
    a, b = (t1 * t2) ** 2 + k1 * k2, 2.0 * t1 * t2 * np.sqrt(k1 * k2)
    x = (a - 10 ** -2.5) / b
    y = np.where(x <= -1, 1.0, np.where(x >= 1, 0.0, erf(np.arccos(np.clip(x, -1, 1)) / (0.06 * math.sqrt(2)))))
    return float((w[:, None] * w[None, :] * y).sum())


# --------------------------------------------------------------------------------------------------------- ring
RING_WL = np.linspace(1.5506, 1.5546, 201)
RING_LH, RING_NEFF, RING_NG, RING_WL0, RING_DNDT = 31.4159, 2.4, 4.2, 1.55, 1.86e-4
RING_SPECS = [("extinction", 20.0, None), ("resonance", 1.5525, 1.5527), ("drop_il", None, 0.5), ("drop_bw", None, None)]


def vertex(x0, y0, x1, y1, x2, y2):
    """Abscissa of the vertex of the parabola through three points (FiguresOfMerit.Vertex)."""
    a, b = (x1 - x0) * (y1 - y2), (x1 - x2) * (y1 - y0)
    den = a - b
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(den == 0, x1, x1 - 0.5 * ((x1 - x0) * a - (x1 - x2) * b) / den)


def bandwidth(t, wl, drop_db):
    """Width of the contiguous region around each row's (first) peak within drop_db of it; NaN if an edge leaves the band."""
    n, w = t.shape
    d = db(t)
    rows = np.arange(n)
    p = np.argmax(t, axis=1)
    below = d < (d[rows, p] - drop_db)[:, None]
    idx = np.arange(w)
    left = np.where(below & (idx < p[:, None]), idx, -1).max(axis=1)      # last j < p below the level
    right = np.where(below & (idx > p[:, None]), idx, w).min(axis=1)      # first j > p below the level
    level = d[rows, p] - drop_db
    lj, rj = np.clip(left, 0, w - 2), np.clip(right, 1, w - 1)
    x_left = wl[lj] + (level - d[rows, lj]) / (d[rows, lj + 1] - d[rows, lj]) * (wl[lj + 1] - wl[lj])
    x_right = wl[rj - 1] + (level - d[rows, rj - 1]) / (d[rows, rj] - d[rows, rj - 1]) * (wl[rj] - wl[rj - 1])
    return np.where((left >= 0) & (right < w), x_right - x_left, np.nan)


def ring_chunk(rng, n):
    wl = RING_WL
    k1 = truncnormal(rng, 0.1, 0.01, 0.05, 0.15, n)[:, None]
    k2 = truncnormal(rng, 0.1, 0.01, 0.05, 0.15, n)[:, None]
    loss = lognormal(rng, 3.0, 0.5, n)[:, None]
    dT = rng.normal(0.0, 1.0, n)[:, None]
    return ring_metrics(k1, k2, loss, dT)


def ring_metrics(k1, k2, loss, dT):
    """Metrics of samples with the given (n, 1) settings."""
    n = k1.shape[0]
    wl = RING_WL
    neff = RING_NEFF - (wl - RING_WL0) * (RING_NG - RING_NEFF) / RING_WL0 + RING_DNDT * dT   # (n, W)
    phi = (4.0 * np.pi * RING_LH) * neff / wl
    a = 10.0 ** (-loss * RING_LH * 1e-4 / 10.0)                                               # a_h², round trip
    t1, t2 = np.sqrt(1.0 - k1), np.sqrt(1.0 - k2)
    tta = t1 * t2 * a
    c = 2.0 * tta * np.cos(phi)
    den = 1.0 - c + tta * tta
    through = (t1 * t1 - c + (t2 * a) ** 2) / den
    drop = (k1 * k2 * a) / den

    rows = np.arange(n)
    extinction = db(through.max(axis=1)) - db(through.min(axis=1))
    i = np.argmin(through, axis=1)
    ic = np.clip(i, 1, len(wl) - 2)
    res = vertex(wl[ic - 1], through[rows, ic - 1], wl[ic], through[rows, ic], wl[ic + 1], through[rows, ic + 1])
    res = np.where((i > 0) & (i < len(wl) - 1), res, np.nan)
    drop_il = -db(drop.max(axis=1))
    bw = bandwidth(drop, wl, 3.0)
    return np.stack([extinction, res, drop_il, bw])


# ------------------------------------------------------------------------------------------------------ driver
def run(case, samples, seed, chunk):
    """One timed study: draws, physics and metrics chunk by chunk, then yield and statistics of the kept metrics."""
    body, specs = (mzi_chunk, MZI_SPECS) if case == "mzi" else (ring_chunk, RING_SPECS)
    rng = np.random.Generator(np.random.Philox(seed))
    metrics = np.empty((len(specs), samples))
    start = time.perf_counter()
    for s in range(0, samples, chunk):
        n = min(chunk, samples - s)
        metrics[:, s:s + n] = body(rng, n)
    passed = np.ones(samples, dtype=bool)
    nan = np.zeros(samples, dtype=bool)
    for j, (_, lo, hi) in enumerate(specs):
        if lo is None and hi is None:
            continue
        m = metrics[j]
        bad = ~np.isfinite(m)
        nan |= bad
        ok = ~bad
        if lo is not None:
            ok &= m >= lo
        if hi is not None:
            ok &= m <= hi
        passed &= ok
    passed &= ~nan
    stats = {}
    for j, (name, _, _) in enumerate(specs):
        m = metrics[j][np.isfinite(metrics[j])]
        p01, p50, p99 = np.percentile(m, [1, 50, 99]) if m.size else (np.nan,) * 3
        stats[name] = {"mean": float(m.mean()), "std": float(m.std(ddof=1)), "min": float(m.min()), "max": float(m.max()),
                       "p01": float(p01), "p50": float(p50), "p99": float(p99), "count": int(m.size),
                       "nan_count": int(samples - m.size)}
    k = int(passed.sum())
    seconds = time.perf_counter() - start
    return {"samples": samples, "passed": k, "yield": k / samples, "yield_ci": list(wilson(k, samples)),
            "nan_count": int(nan.sum()), "metrics": stats, "seconds": seconds}


def wilson(k, n, z=Z95):
    p = k / n
    center = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return center - half, center + half


def check_samples(case, path):
    """Per-sample check of the physics: PhotonicSolver's own sampled settings (its --out CSV) through the closed form
    here must give its metrics to rounding (different sincos/log implementations: agreement to ~1e-9 relative)."""
    with open(path) as f:
        lines = [line for line in f if not line.startswith("#")]
    names = lines[0].strip().split(",")
    data = np.loadtxt(lines[1:], delimiter=",", ndmin=2)
    col = {name: data[:, i] for i, name in enumerate(names)}
    if case == "mzi":
        ours = mzi_metrics(col["ps.phase"], col["dc1.coupling"], col["dc2.coupling"])
        specs = MZI_SPECS
    else:
        ours = ring_metrics(*(col[k][:, None] for k in ("c1.coupling", "c2.coupling", "h*.loss_dB_cm", "h*.dT")))
        specs = RING_SPECS
    worst = {}
    for j, (name, _, _) in enumerate(specs):
        theirs = col[name]
        scale = np.maximum(np.abs(theirs), 1e-300)
        worst[name] = float(np.nanmax(np.abs(ours[j] - theirs) / scale))
        if not np.array_equal(np.isnan(ours[j]), np.isnan(theirs)):
            worst[name] = float("inf")
    print(f"  {case}: {data.shape[0]} of PhotonicSolver's samples recomputed from their sampled settings; largest relative "
          "metric difference " + ", ".join(f"{k} {v:.1e}" for k, v in worst.items()))
    return {"samples": int(data.shape[0]), "max_relative_difference": worst}


def compare(case, ours, path):
    """Yield and metric means of numpy vs a PhotonicSolver summary: independent streams, so a z on the differences."""
    with open(path) as f:
        ps = json.load(f)
    y1, n1, y2, n2 = ours["yield"], ours["samples"], ps["yield"], ps["samples"]
    pooled = (ours["passed"] + ps["passed"]) / (n1 + n2)
    z = (y1 - y2) / math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2)) if 0 < pooled < 1 else 0.0
    lo1, hi1 = ours["yield_ci"]
    lo2, hi2 = ps["yield_ci"]
    overlap = lo1 <= hi2 and lo2 <= hi1
    print(f"  {case}: yield numpy {y1:.6f} [{lo1:.6f}, {hi1:.6f}] vs PhotonicSolver {y2:.6f} [{lo2:.6f}, {hi2:.6f}]: "
          f"difference {y1 - y2:+.2e}, z = {z:+.2f}, Wilson intervals {'overlap' if overlap else 'DO NOT overlap'}")
    out = {"case": case, "yield_numpy": y1, "yield_photonic": y2, "z": z, "wilson_overlap": overlap, "metrics": {}}
    if case == "mzi":
        exact = mzi_exact_yield()
        z1, z2 = ((y - exact) / math.sqrt(exact * (1 - exact) / n) for y, n in ((y1, n1), (y2, n2)))
        print(f"    exact yield (quadrature) {exact:.6f}: numpy z = {z1:+.2f} (inside its Wilson interval: {lo1 <= exact <= hi1}), "
              f"PhotonicSolver z = {z2:+.2f} (inside: {lo2 <= exact <= hi2})")
        out.update({"yield_exact": exact, "z_numpy_exact": z1, "z_photonic_exact": z2})
    for name, m in ours["metrics"].items():
        if name not in ps["metrics"]:
            continue
        q = ps["metrics"][name]
        se = math.sqrt(m["std"] ** 2 / m["count"] + q["std"] ** 2 / q["count"])
        zm = (m["mean"] - q["mean"]) / se if se > 0 else 0.0
        print(f"    {name}: mean {m['mean']:.8g} vs {q['mean']:.8g} (z = {zm:+.2f}), std {m['std']:.5g} vs {q['std']:.5g}, "
              f"p01/p50/p99 {m['p01']:.6g}/{m['p50']:.6g}/{m['p99']:.6g} vs {q['p01']:.6g}/{q['p50']:.6g}/{q['p99']:.6g}")
        out["metrics"][name] = {"mean_numpy": m["mean"], "mean_photonic": q["mean"], "z": zm}
    return out


def main():
    args = sys.argv[1:]

    def opt(name, default):
        return args[args.index(name) + 1] if name in args else default

    case = opt("--case", "both")
    cases = ["mzi", "ring"] if case == "both" else [case]
    sizes = {"mzi": int(float(opt("--mzi-samples", 1e7))), "ring": int(float(opt("--ring-samples", 5e5)))}
    # Chunks of about 2^21 values per array: big enough to amortise numpy's per-call cost, small enough for L2/L3.
    chunks = {"mzi": 1 << 20, "ring": (1 << 21) // len(RING_WL)}
    widths = {"mzi": 1, "ring": len(RING_WL)}
    seed = int(opt("--seed", 42))
    repeat = int(opt("--repeat", 3))
    report = {"backend": "numpy", "numpy": np.__version__, "rng": "Philox (numpy Generator)", "cases": {}}
    for c in cases:
        run(c, min(sizes[c], 10 * chunks[c]), seed, chunks[c])  # warm-up
        best = None
        for _ in range(repeat):
            r = run(c, sizes[c], seed, chunks[c])
            best = r if best is None or r["seconds"] < best["seconds"] else best
        sps = best["samples"] / best["seconds"]
        best.update({"samples_per_s": sps, "wavelengths": widths[c], "points_per_s": sps * widths[c]})
        lo, hi = best["yield_ci"]
        print(f"numpy {c}: {best['samples']} samples x {widths[c]} wl in {best['seconds']:.3f} s = {sps:.3e} samples/s "
              f"({sps * widths[c]:.3e} wl-points/s), yield {best['yield']:.6f} [{lo:.6f}, {hi:.6f}], "
              f"{best['nan_count']} NaN (best of {repeat}, numpy {np.__version__})")
        report["cases"][c] = best
    for c in cases:
        path = opt(f"--check-{c}", None)
        if path:
            print("same physics as PhotonicSolver, sample by sample:")
            report["cases"][c]["sample_check"] = check_samples(c, path)
    for c in cases:
        path = opt(f"--compare-{c}", None)
        if path:
            print("agreement with PhotonicSolver:")
            report["cases"][c]["agreement"] = compare(c, report["cases"][c], path)
    if "--json" in args:
        with open(opt("--json", None), "w") as f:
            json.dump(report, f, indent=2)


if __name__ == "__main__":
    main()
