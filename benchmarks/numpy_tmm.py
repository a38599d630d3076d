#!/usr/bin/env python3
"""numpy baseline for `photonic bench --circuit stack:N`: coherent thin-film TMM, vectorized over wavelengths.

The same stack as benchmarks/PhotonicSolver.Benchmarks/TmmBench.cs: incidence n=1, N layers alternating
n = 2.1 and 1.45 + 1e-4 i with thicknesses 0.1845 and 0.2672 um (quarter waves at 1.55 um, each scaled by
1 + 0.01*(i % 7)), exit n = 1.5, normal incidence, s polarisation, wavelengths 1.2..1.9 um.
It runs the same stable recursion as PhotonicSolver (Rouard/Airy, Byrnes' conventions): per layer one complex
exponential and one complex division on every wavelength; the wavelength-independent interface coefficients are
computed once, as numpy users would.

Usage: /usr/bin/python3 benchmarks/numpy_tmm.py LAYERS POINTS [--json FILE]
Prints layer-evaluations/s (best of 3) and R at the first wavelength (a cross-check for the C# run).
"""
import json
import sys
import time

import numpy as np


def stack(layers):
    n = np.empty(layers + 2, dtype=complex)
    d = np.zeros(layers + 2)
    n[0], n[-1] = 1.0, 1.5
    for i in range(1, layers + 1):
        nn = 2.1 if i % 2 == 1 else 1.45 + 1e-4j
        n[i] = nn
        d[i] = 1.55 / (4 * nn.real) * (1 + 0.01 * (i % 7))
    return n, d


def tmm(n, d, wl):
    """r, t for s polarisation at normal incidence: q = n; fold from the exit side."""
    q = n  # n cos(theta) at normal incidence
    k0 = 2 * np.pi / wl
    gamma = np.zeros_like(wl, dtype=complex)
    tau = np.ones_like(wl, dtype=complex)
    last = len(n) - 1
    prop = 2 * np.pi * d * q  # 2*pi*d*q per layer, wavelength independent
    for j in range(last - 1, -1, -1):
        if j + 1 < last:
            e = np.exp(1j * prop[j + 1] / wl)
            tau *= e
            gamma *= e * e
        a, b, c = q[j], q[j + 1], 2 * q[j]
        u = 1 + gamma
        v = 1 - gamma
        inv = 1 / (a * u + b * v)
        gamma = (a * u - b * v) * inv
        tau = c * tau * inv
    return gamma, tau


def main():
    args = sys.argv[1:]
    layers = int(args[0]) if args else 100
    points = int(float(args[1])) if len(args) > 1 and not args[1].startswith("--") else 100_000
    n, d = stack(layers)
    chunk = 1 << 15
    wl_all = np.linspace(1.2, 1.9, points)
    tmm(n, d, wl_all[:100])  # warm-up
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        for s in range(0, points, chunk):
            g, t = tmm(n, d, wl_all[s:s + chunk])
        best = min(best, time.perf_counter() - start)
    r0 = abs(tmm(n, d, wl_all[:1])[0][0]) ** 2
    lps = points * layers / best
    print(f"numpy TMM: {layers} layers x {points} points in {best:.4f} s = {lps:.3e} layer-evals/s, "
          f"R(1.2 um) = {r0:.15f} (numpy {np.__version__})")
    if "--json" in args:
        path = args[args.index("--json") + 1]
        with open(path, "w") as f:
            json.dump({"circuit": f"stack:{layers}", "backend": "numpy", "precision": "fp64", "points": points,
                       "seconds": best, "points_per_s": points / best, "layer_evals_per_s": lps,
                       "R_first": r0}, f, indent=2)


if __name__ == "__main__":
    main()
