#!/bin/bash
# A sweep on Slurm: a job array of N shards, then a merge job that runs once all of them succeeded.
#   ./sweep-submit.sh                              # 32 shards of circuit.yaml with sweep.yaml
#   N=64 CPUS=32 TIME=02:00:00 ./sweep-submit.sh   # resources from variables (defaults below)
#   N=32 TASKS=7 ./sweep-submit.sh                 # rerun shard 7 of 32 (same N!) and merge again
# Prints the array job id and the merge job id.
set -euo pipefail
here=$(dirname "$0")            # the .sbatch file beside this script; jobs run in the current folder
N=${N:-32}                      # shards = array tasks
TASKS=${TASKS:-0-$((N - 1))}    # which tasks to (re)run: a Slurm array spec such as 7 or 3,7,12
CPUS=${CPUS:-16}                # cores per task
MEM=${MEM:-4G}                  # memory per task
TIME=${TIME:-01:00:00}          # wall time per task
extra=()
[ -n "${PARTITION:-}" ] && extra+=(--partition="$PARTITION")
[ -n "${ACCOUNT:-}" ] && extra+=(--account="$ACCOUNT")
mkdir -p logs out               # Slurm opens logs/… before the task starts: the folder must exist
array=$(sbatch --parsable "${extra[@]}" --array="$TASKS" --cpus-per-task="$CPUS" --mem="$MEM" --time="$TIME" \
               --export=ALL,N="$N" "$here/sweep.sbatch")
# If a task fails the merge can never run: --kill-on-invalid-dep cancels it instead of leaving it pending forever.
merge=$(sbatch --parsable "${extra[@]}" --job-name=photonic-sweep-merge --output=logs/%x_%j.out --time=00:10:00 \
               --dependency=afterok:"${array%%;*}" --kill-on-invalid-dep=yes \
               --wrap "photonic merge out/grid_*.csv -o grid.csv")
echo "array $array merge $merge"
