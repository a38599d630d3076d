#!/usr/bin/env bash
# GPU proof in one command (issue 15): every kernel against the cpu backend (bit identity, or the documented
# tolerance with its reason), fp64 and fp32 timings for ring, mesh, chain, TMM and Monte Carlo side by side with the
# cpu, and whether strict IEEE PTX was loaded. Writes a Markdown block for benchmarks/RESULTS.md.
#
#   On a machine with the .NET SDK:   ../shared/gpu/pack.sh            (packs .gpu/app.tar.xz)
#   On the GPU machine (no SDK):      benchmarks/gpu-proof.sh [cuda|opencl]    -> benchmarks/gpu-proof-<backend>.md
#   In CI (no GPU):                   benchmarks/gpu-proof.sh --ci     (dotnet build, ILGPU's CPU accelerator, small sizes)
#
# Exit code: 0 when every kernel agrees with the cpu backend, 1 when one does not, 2 on an input or setup error.
set -euo pipefail
cd "$(dirname "$0")/.."
backend=${1:-cuda}
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
export PHOTONIC_COMMIT=$commit
if [[ "$backend" == "--ci" ]]; then
    dotnet build -c Release src/PhotonicSolver.Cli >/dev/null
    photonic=(dotnet src/PhotonicSolver.Cli/bin/Release/net10.0/photonic.dll)
    backend=ilgpu-cpu
    extra=(--small)
else
    [[ -f .gpu/app.tar.xz ]] || { echo "error: .gpu/app.tar.xz not found; run ../shared/gpu/pack.sh on a machine with the .NET SDK first" >&2; exit 2; }
    app=$(mktemp -d)
    trap 'rm -rf "$app"' EXIT
    tar -xJf .gpu/app.tar.xz -C "$app"
    photonic=("$app/app/photonic")
    extra=()
    command -v nvidia-smi >/dev/null && nvidia-smi -L || echo "(nvidia-smi not found)"
fi
out=benchmarks/gpu-proof-$backend.md
echo "== $(date -u +%FT%TZ), commit $commit, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
"${photonic[@]}" devices
rc=0
"${photonic[@]}" gpu-proof --backend "$backend" "${extra[@]}" --out "$out" || rc=$?
[[ -f "$out" ]] && cat "$out"
echo "== the block above is in $out; paste it into benchmarks/RESULTS.md"
exit $rc
