#!/usr/bin/env python3
"""numpy baseline: the all-pass ring of ENGINE-NOTES in closed form, vectorized.

T = (t - a e^{i phi}) / (1 - t a e^{i phi}),  phi = 2 pi neff(wl) L / wl,
neff(wl) = neff0 - (wl - wl0)(ng - neff0)/wl0   (same circuit as `photonic bench --circuit ring`).

Usage: /usr/bin/python3 benchmarks/numpy_ring.py [POINTS] [--json FILE]
Prints points/s (best of 3) and, with --json, writes {"circuit","backend","points","seconds","points_per_s"}.
"""
import json
import sys
import time

import numpy as np

COUPLING, LENGTH, LOSS_DB_CM = 0.1, 10.0, 3.0
NEFF0, NG, WL0 = 2.34, 3.4, 1.55


def ring(wl):
    t = np.sqrt(1 - COUPLING)
    a = 10 ** (-LOSS_DB_CM * LENGTH * 1e-4 / 20)
    neff = NEFF0 - (wl - WL0) * (NG - NEFF0) / WL0
    e = a * np.exp(1j * (2 * np.pi * neff * LENGTH / wl))
    return (t - e) / (1 - t * e)


def main():
    args = sys.argv[1:]
    points = int(float(args[0])) if args and not args[0].startswith("--") else 4_000_000
    chunk = 1 << 20
    wl_all_step = 0.1 / max(1, points - 1)
    ring(np.linspace(1.5, 1.6, 1000))  # warm-up
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        for s in range(0, points, chunk):
            n = min(chunk, points - s)
            wl = 1.5 + wl_all_step * (s + np.arange(n))
            ring(wl)
        best = min(best, time.perf_counter() - start)
    pps = points / best
    print(f"numpy closed-form ring: {points} points in {best:.4f} s = {pps:.3e} points/s (numpy {np.__version__})")
    if "--json" in args:
        path = args[args.index("--json") + 1]
        with open(path, "w") as f:
            json.dump({"circuit": "ring", "backend": "numpy", "precision": "fp64", "points": points,
                       "seconds": best, "points_per_s": pps}, f, indent=2)


if __name__ == "__main__":
    main()
