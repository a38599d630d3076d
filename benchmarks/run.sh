#!/usr/bin/env bash
# Runs the engine benchmark (every available backend, hand-written C# ring loop in the same process) and the numpy
# closed-form baseline, writing JSON next to this script. Run on a quiet machine; paste the tables into RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
points=${1:-4000000}
dotnet build -c Release src/PhotonicSolver.Cli >/dev/null
photonic="dotnet src/PhotonicSolver.Cli/bin/Release/net10.0/photonic.dll"
echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(date -u +%F), commit $(git rev-parse --short HEAD)"
$photonic bench --points "$points" --precision fp64 --precision fp32 --json benchmarks/bench-cpu.json
if [ -x /usr/bin/python3 ] && /usr/bin/python3 -c "import numpy" 2>/dev/null; then
  # OPENBLAS_* settings slow a current numpy on some machines; the closed form uses no BLAS, unset them anyway.
  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 benchmarks/numpy_ring.py "$points" --json benchmarks/bench-numpy.json
else
  echo "numpy baseline skipped: /usr/bin/python3 with numpy not found (apt-get install python3-numpy)"
fi
