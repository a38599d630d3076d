#!/usr/bin/env bash
# Ring sweep and thin-film TMM against their numpy baselines, interleaved (PhotonicSolver, then numpy) and repeated
# REPEATS times, so that both see the same machine load; prints every pair and the median ratio of each workload.
# For a machine shared with other work, where only in-run ratios mean anything. Usage: benchmarks/side_by_side.sh
set -euo pipefail
cd "$(dirname "$0")/.."
REPEATS=${REPEATS:-3}
POINTS=${POINTS:-4000000}
LAYERS=${LAYERS:-50}
TMM_POINTS=${TMM_POINTS:-100000}
dotnet build -c Release src/PhotonicSolver.Cli >/dev/null
photonic="dotnet src/PhotonicSolver.Cli/bin/Release/net10.0/photonic.dll"
py="env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(date -u '+%F %H:%M UTC'), commit $(git rev-parse --short HEAD)"
for r in $(seq "$REPEATS"); do
  echo "== repeat $r, load $(cut -d' ' -f1-3 /proc/loadavg)"
  $photonic bench --circuit ring --points "$POINTS" --backend cpu --json "$tmp/ring$r.json" >/dev/null
  $py benchmarks/numpy_ring.py "$POINTS" --json "$tmp/nring$r.json" >/dev/null
  $photonic bench --circuit "stack:$LAYERS" --points "$TMM_POINTS" --backend cpu --json "$tmp/tmm$r.json" >/dev/null
  $py benchmarks/numpy_tmm.py "$LAYERS" "$TMM_POINTS" --json "$tmp/ntmm$r.json" >/dev/null
done
$py - "$tmp" "$REPEATS" <<'PY'
import json, statistics, sys
tmp, n = sys.argv[1], int(sys.argv[2])
def load(f):
    d = json.load(open(f))
    return d if isinstance(d, list) else [d]
for name, ours, base, ka, kb in [("ring sweep (points/s)", "ring", "nring", "points_per_s", "points_per_s"),
                                 ("thin-film TMM (layer-evals/s)", "tmm", "ntmm", "component_evals_per_s", "layer_evals_per_s")]:
    ratios = []
    for r in range(1, n + 1):
        a = [x for x in load(f"{tmp}/{ours}{r}.json") if x.get("backend") == "cpu" and x.get("precision", "fp64") == "fp64"][0]
        b = load(f"{tmp}/{base}{r}.json")[0]
        ratios.append(a[ka] / b[kb])
        print(f"{name:32} repeat {r}: PhotonicSolver {a[ka]:.3e}  numpy {b[kb]:.3e}  ratio {a[ka] / b[kb]:.2f}")
    print(f"{name:32} median ratio {statistics.median(ratios):.2f} (of {n})")
PY
