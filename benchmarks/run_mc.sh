#!/usr/bin/env bash
# Monte Carlo yield benchmark: `photonic montecarlo` (Release, backend cpu) against the numpy baseline
# (benchmarks/numpy_mc.py) on the same two studies, side by side in one script:
#   mzi   examples/montecarlo/mzi.yaml + mzi_mc.yaml              (1 wavelength,   MZI_SAMPLES,  default 1e7)
#   ring  examples/ring_add_drop.yaml + montecarlo/ring_add_drop_mc.yaml (201 wavelengths, RING_SAMPLES, default 5e5)
# Each photonic run is timed by its own clock (the "in X s" of its report: prepare + run, no process start or JIT of
# the CLI) and by /usr/bin/time -v (wall, peak RSS); it runs on all cores and pinned to one core (taskset -c 0), since
# numpy is single-threaded. numpy prints best of 3 and checks (a) PhotonicSolver's own samples recomputed from their
# sampled settings (--check-*, physics), (b) yields and metric means against PhotonicSolver's summaries (--compare-*)
# and, for the MZI, both yields against the exact one (quadrature). numpy runs pinned to core 0 as well, so the
# "1core" rows compare like with like; the "all" rows compare PhotonicSolver on every core with single-threaded numpy.
# Summaries and numpy's results go to benchmarks/bench-mc-*.json (git-ignored). Run on a quiet machine; paste the table into RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
MZI_SAMPLES=${MZI_SAMPLES:-10000000}
RING_SAMPLES=${RING_SAMPLES:-500000}
ONE_CORE_RING_SAMPLES=${ONE_CORE_RING_SAMPLES:-100000}
dotnet build -c Release src/PhotonicSolver.Cli >/dev/null
photonic="dotnet src/PhotonicSolver.Cli/bin/Release/net10.0/photonic.dll"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(date -u +%F), commit $(git rev-parse --short HEAD)"
echo "== load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

declare -A netlist=([mzi]=examples/montecarlo/mzi.yaml [ring]=examples/ring_add_drop.yaml)
declare -A sweep=([mzi]=examples/montecarlo/mzi_mc.yaml [ring]=benchmarks/montecarlo/ring_add_drop_mc.yaml)
declare -A wls=([mzi]=1 [ring]=201)

# time_run CASE LABEL SAMPLES [taskset...]: one timed photonic run; appends a JSON line to $tmp/photonic.jsonl.
time_run() {
  local c=$1 label=$2 n=$3; shift 3
  "$@" /usr/bin/time -v $photonic montecarlo "${netlist[$c]}" --sweep-file "${sweep[$c]}" --samples "$n" --backend cpu \
    --summary "benchmarks/bench-mc-$c-$label.json" 2>"$tmp/err"
  local secs rss
  secs=$(grep -oP 'samples on \S+ in \K[0-9.]+' "$tmp/err")
  rss=$(grep -oP 'Maximum resident set size \(kbytes\): \K[0-9]+' "$tmp/err")
  grep 'samples on' "$tmp/err" | sed "s/^/photonic $c ($label): /"
  echo "{\"case\":\"$c\",\"threads\":\"$label\",\"samples\":$n,\"wavelengths\":${wls[$c]},\"seconds\":$secs,\"rss_kb\":$rss,\"load\":\"$(cut -d' ' -f1-3 /proc/loadavg)\"}" >>"$tmp/photonic.jsonl"
}

$photonic montecarlo "${netlist[mzi]}" --sweep-file "${sweep[mzi]}" --samples 1000 --summary "$tmp/warm.json" 2>/dev/null  # disk cache warm-up
for c in mzi ring; do
  n=$([ $c = mzi ] && echo "$MZI_SAMPLES" || echo "$RING_SAMPLES")
  n1=$([ $c = mzi ] && echo "$MZI_SAMPLES" || echo "$ONE_CORE_RING_SAMPLES")
  time_run $c all "$n"
  time_run $c 1core "$n1" taskset -c 0
  # 2000 samples with their settings, for numpy's sample-by-sample physics check.
  $photonic montecarlo "${netlist[$c]}" --sweep-file "${sweep[$c]}" --samples 2000 --summary "$tmp/check.json" --out "$tmp/$c.csv" 2>/dev/null
done

if ! { [ -x /usr/bin/python3 ] && /usr/bin/python3 -c "import numpy, scipy" 2>/dev/null; }; then
  echo "numpy baseline skipped: /usr/bin/python3 with numpy and scipy not found (apt-get install python3-numpy python3-scipy)"
  exit 0
fi
for c in mzi ring; do
  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/time -v taskset -c 0 /usr/bin/python3 benchmarks/numpy_mc.py --case $c \
    --mzi-samples "$MZI_SAMPLES" --ring-samples "$RING_SAMPLES" --json "benchmarks/bench-mc-numpy-$c.json" \
    --check-$c "$tmp/$c.csv" --compare-$c "benchmarks/bench-mc-$c-all.json" 2>"$tmp/err"
  rss=$(grep -oP 'Maximum resident set size \(kbytes\): \K[0-9]+' "$tmp/err")
  echo "numpy $c peak RSS: $rss kB"
  /usr/bin/python3 -c "import json,sys; p=sys.argv[1]; d=json.load(open(p)); d['cases']['$c']['rss_kb']=$rss; json.dump(d,open(p,'w'),indent=2)" \
    "benchmarks/bench-mc-numpy-$c.json"
done
echo "== load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

/usr/bin/python3 - "$tmp/photonic.jsonl" <<'EOF'
import json, sys
numpy = {c: json.load(open(f"benchmarks/bench-mc-numpy-{c}.json"))["cases"][c] for c in ("mzi", "ring")}
print(f"{'case':5} {'threads':7} {'samples':>9} {'W':>4} {'seconds':>8} {'samples/s':>10} {'wl-points/s':>11} {'vs numpy':>8} {'peak RSS':>9}")
for line in open(sys.argv[1]):
    r = json.loads(line)
    sps = r["samples"] / r["seconds"]
    print(f"{r['case']:5} {r['threads']:7} {r['samples']:9.2e} {r['wavelengths']:4} {r['seconds']:8.2f} {sps:10.3e} "
          f"{sps * r['wavelengths']:11.3e} {sps / numpy[r['case']]['samples_per_s']:7.2f}x {r['rss_kb'] / 1024:6.0f} MiB  (load {r['load']})")
for c, r in numpy.items():
    print(f"{c:5} {'numpy':7} {r['samples']:9.2e} {r['wavelengths']:4} {r['seconds']:8.2f} {r['samples_per_s']:10.3e} "
          f"{r['points_per_s']:11.3e} {1:7.2f}x {r['rss_kb'] / 1024:6.0f} MiB")
EOF
