#!/usr/bin/env bash
# Monte Carlo against numpy, interleaved: for each repeat, `photonic montecarlo` (all cores, backend cpu) and then
# benchmarks/numpy_mc.py (one run, pinned to core 0) on the same study, so that both see the same machine load; prints
# every pair and the median ratio per study. benchmarks/run_mc.sh remains the full study (one core, RSS, physics
# checks and yield agreement). Usage: [REPEATS=3] [MZI_SAMPLES=N] [RING_SAMPLES=N] benchmarks/side_by_side_mc.sh
set -euo pipefail
cd "$(dirname "$0")/.."
REPEATS=${REPEATS:-3}
MZI_SAMPLES=${MZI_SAMPLES:-10000000}
RING_SAMPLES=${RING_SAMPLES:-500000}
dotnet build -c Release src/PhotonicSolver.Cli >/dev/null
photonic="dotnet src/PhotonicSolver.Cli/bin/Release/net10.0/photonic.dll"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
declare -A netlist=([mzi]=examples/montecarlo/mzi.yaml [ring]=examples/ring_add_drop.yaml)
declare -A sweep=([mzi]=examples/montecarlo/mzi_mc.yaml [ring]=benchmarks/montecarlo/ring_add_drop_mc.yaml)
declare -A samples=([mzi]=$MZI_SAMPLES [ring]=$RING_SAMPLES)
echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(date -u '+%F %H:%M UTC'), commit $(git rev-parse --short HEAD)"
for r in $(seq "$REPEATS"); do
  for c in mzi ring; do
    echo "== repeat $r $c, load $(cut -d' ' -f1-3 /proc/loadavg)"
    /usr/bin/time -v $photonic montecarlo "${netlist[$c]}" --sweep-file "${sweep[$c]}" --samples "${samples[$c]}" --backend cpu \
      --summary "$tmp/s.json" 2>"$tmp/err"
    secs=$(grep -oP 'samples on \S+ in \K[0-9.]+' "$tmp/err")
    rss=$(grep -oP 'Maximum resident set size \(kbytes\): \K[0-9]+' "$tmp/err")
    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE taskset -c 0 /usr/bin/python3 benchmarks/numpy_mc.py --case $c --repeat 1 \
      --mzi-samples "$MZI_SAMPLES" --ring-samples "$RING_SAMPLES" --json "$tmp/n.json" >/dev/null
    /usr/bin/python3 -c "import json,sys; n=json.load(open('$tmp/n.json'))['cases']['$c']['samples_per_s']; p=${samples[$c]}/$secs; print(f'$c repeat $r: PhotonicSolver {p:.3e} samples/s ($secs s, peak RSS {$rss/1024:.0f} MiB), numpy {n:.3e}, ratio {p/n:.2f}')" | tee -a "$tmp/pairs"
  done
done
/usr/bin/python3 - "$tmp/pairs" <<'PY'
import re, statistics, sys
ratios = {}
for line in open(sys.argv[1]):
    c = line.split()[0]
    ratios.setdefault(c, []).append(float(re.search(r"ratio ([0-9.]+)", line).group(1)))
for c, v in ratios.items():
    print(f"{c}: median ratio {statistics.median(v):.2f} of {len(v)} ({', '.join(f'{x:.2f}' for x in v)})")
PY
