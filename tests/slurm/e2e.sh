#!/usr/bin/env bash
# End to end on a real single-node Slurm (Debian's slurm-wlm and munge; no systemd): starts munged, slurmctld and
# slurmd on localhost from a temporary folder, then with the scripts of examples/slurm exactly as documented
# (docs/cluster.md, docs/montecarlo.md):
#   - a sharded sweep and a sharded Monte Carlo as job arrays, each with a dependent merge job;
#   - both merges are compared byte for byte with unsharded runs;
#   - one Monte Carlo task fails (injected: its first run exits 1), the merge job is cancelled rather than left
#     pending, the documented rerun (N=4 TASKS=2) runs it again with a new merge, which then matches;
# and stops only the daemons it started. Needs root (slurmd runs jobs as their user). Run by .ci/run.
#   PHOTONIC=/path/to/photonic tests/slurm/e2e.sh      (default: `photonic` on PATH)
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
photonic=$(command -v "${PHOTONIC:-photonic}") || { echo "photonic not found: install the tool (README) or set PHOTONIC"; exit 1; }
for t in munged slurmctld slurmd sbatch scontrol; do
  command -v "$t" >/dev/null 2>&1 || [ -x "/usr/sbin/$t" ] || { echo "$t missing: apt-get install slurm-wlm munge"; exit 1; }
done
export PATH="$PATH:/usr/sbin"
t0=$(date +%s)
d=$(mktemp -d /tmp/photonic-slurm.XXXXXX)
chmod 755 "$d"
pids=()
teardown() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do for _ in $(seq 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done; done
  if [ "${KEEP:-0}" = 1 ]; then echo "kept $d"; else rm -rf "$d"; fi
}
trap teardown EXIT
fail() { echo "FAIL: $*"; for f in "$d"/log/*.log; do echo "--- $f"; tail -15 "$f"; done; exit 1; }

# --- munge with its own key and socket ---
mkdir -p "$d/munge" "$d/log" "$d/state" "$d/spool" "$d/run"
chmod 700 "$d/munge"
dd if=/dev/urandom of="$d/munge/munge.key" bs=1024 count=1 status=none
chmod 400 "$d/munge/munge.key"
munged --force --key-file="$d/munge/munge.key" --socket="$d/munge/munge.socket" --pid-file="$d/munge/munged.pid" \
       --log-file="$d/log/munged.log" --seed-file="$d/munge/munged.seed"
for _ in $(seq 50); do [ -s "$d/munge/munged.pid" ] && break; sleep 0.1; done
pids+=("$(cat "$d/munge/munged.pid")")

# --- slurm.conf: this host is the controller and the one compute node; free ports ---
host=$(hostname -s)
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
cpus=$(nproc)
mem=$(awk '/MemTotal/ {print int($2 / 1024 * 0.9)}' /proc/meminfo)
cat > "$d/slurm.conf" <<CONF
ClusterName=photonic-ci
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$(port)
SlurmdPort=$(port)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$d/munge/munge.socket
StateSaveLocation=$d/state
SlurmdSpoolDir=$d/spool
SlurmctldPidFile=$d/run/slurmctld.pid
SlurmdPidFile=$d/run/slurmd.pid
SlurmctldLogFile=$d/log/slurmctld.log
SlurmdLogFile=$d/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
SwitchType=switch/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/builtin
ReturnToService=2
MinJobAge=600
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=ci Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$d/slurm.conf"
slurmctld -i -f "$SLURM_CONF"
slurmd -f "$SLURM_CONF" -N "$host"
for _ in $(seq 100); do [ -s "$d/run/slurmctld.pid" ] && [ -s "$d/run/slurmd.pid" ] && break; sleep 0.1; done
pids+=("$(cat "$d/run/slurmctld.pid")" "$(cat "$d/run/slurmd.pid")")
for _ in $(seq 100); do sinfo -h -o %t 2>/dev/null | grep -q idle && break; sleep 0.2; done
sinfo -h -o %t | grep -q idle || fail "the node did not come up idle: $(sinfo 2>&1)"
echo "slurm up in $(( $(date +%s) - t0 )) s"

# --- the inputs, the documented scripts, and a `photonic` that fails the first run of MC task 2 ---
w="$d/work"
mkdir -p "$w/bin"
cp "$repo"/examples/slurm/*.sh "$repo"/examples/slurm/*.sbatch "$w/"
cp "$repo/examples/montecarlo/mzi.yaml" "$w/mzi.yaml"
sed 's/samples: 100000/samples: 20000/' "$repo/examples/montecarlo/mzi_mc.yaml" > "$w/mc.yaml"
grep -q "samples: 20000" "$w/mc.yaml" || fail "could not set the sample count in mc.yaml"
cp "$repo/examples/ring_add_drop.yaml" "$w/circuit.yaml"
cat > "$w/sweep.yaml" <<'YAML'
wl: 1.54:1.56:501
sweep:
  temperature: [25, 45, 65]
YAML
cat > "$w/bin/photonic" <<SHIM
#!/bin/bash
if [ "\${SLURM_JOB_NAME:-}" = photonic-mc ] && [ "\${SLURM_ARRAY_TASK_ID:-}" = 2 ] && rm "$w/fail-once" 2>/dev/null; then
  echo "injected failure of task 2" >&2; exit 1
fi
exec "$photonic" "\$@"
SHIM
chmod +x "$w/bin/photonic"
export PATH="$w/bin:$PATH"
cd "$w"

# wait_job ID: until the job (every task of an array) has left PENDING/RUNNING; prints the states.
wait_job() {
  local states
  for _ in $(seq 600); do
    states=$(scontrol -o show job "$1" 2>/dev/null | grep -o 'JobState=[A-Z_]*' | sort -u | tr '\n' ' ')
    if [ -n "$states" ] && ! grep -qE 'PENDING|RUNNING|CONFIGURING|COMPLETING' <<<"$states"; then echo "$states"; return; fi
    sleep 0.2
  done
  fail "job $1 did not finish: $(scontrol -o show job "$1")"
}

# --- unsharded references, while the sharded runs start ---
touch fail-once
read -r _ sweep_array _ sweep_merge <<<"$(N=4 CPUS=1 MEM=512M TIME=00:05:00 ./sweep-submit.sh)"
read -r _ mc_array _ mc_merge <<<"$(N=4 CPUS=1 MEM=512M TIME=00:05:00 ./mc-submit.sh)"
photonic sweep circuit.yaml --sweep-file sweep.yaml --out ref_grid.csv 2>/dev/null
photonic montecarlo mzi.yaml --sweep-file mc.yaml --summary ref_summary.json 2>/dev/null

# --- the sweep: 4 shards + merge, byte for byte ---
wait_job "$sweep_array" >/dev/null
s=$(wait_job "$sweep_merge")
[[ "$s" == "JobState=COMPLETED " ]] || fail "sweep merge job: $s $(cat logs/photonic-sweep-merge_*.out)"
cmp grid.csv ref_grid.csv || fail "the merged sweep differs from the unsharded one"
echo "sweep: 4 shards merged = unsharded ($(wc -l < grid.csv) lines)"

# --- the Monte Carlo: task 2 failed, so the merge job was cancelled, not left pending ---
s=$(wait_job "$mc_array")
grep -q FAILED <<<"$s" || fail "MC task 2 should have failed: $s"
s=$(wait_job "$mc_merge")
[[ "$s" == "JobState=CANCELLED " ]] || fail "the MC merge job should be cancelled after a failed task: $s"
[ ! -e summary.json ] || fail "a merge ran despite the failed task"
# the documented rerun: the same N, only task 2, and a new merge
read -r _ rerun _ mc_merge2 <<<"$(N=4 TASKS=2 CPUS=1 MEM=512M TIME=00:05:00 ./mc-submit.sh)"
wait_job "$rerun" >/dev/null
s=$(wait_job "$mc_merge2")
[[ "$s" == "JobState=COMPLETED " ]] || fail "MC merge after the rerun: $s $(cat logs/photonic-mc-merge_*.out)"
cmp summary.json ref_summary.json || fail "the merged Monte Carlo summary differs from the unsharded one"
ls out/samples_{0,1,2,3}.parquet >/dev/null || fail "a shard wrote no per-sample file"
echo "montecarlo: 4 shards (task 2 failed, rerun alone) merged = unsharded"
echo "slurm e2e passed in $(( $(date +%s) - t0 )) s"
