#!/bin/bash
# A real sweep on a real (single-node) Slurm cluster: starts munge, slurmctld
# and slurmd on this machine (as root; installs Debian's slurm-wlm and munge
# if missing), submits tools/sweep_slurm.sh as an array job of 3 tasks,
# collects the shards and checks that the merged JSON is byte-identical to a
# local single-process run of the same sweep. Everything it starts is stopped
# on exit.
#
#   bash tests/slurm/sweep_slurm_test.sh build/lambdasim
set -euo pipefail

bin=$(realpath "${1:?usage: sweep_slurm_test.sh path/to/lambdasim}")
src=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d /tmp/lambdasim-slurm.XXXXXX)
node=$(hostname -s)
export SLURM_CONF=$work/slurm.conf

fail() { echo "sweep_slurm_test: FAIL: $*" >&2; for f in "$work"/*.log; do echo "== $f" >&2; tail -20 "$f" >&2; done; exit 1; }

if ! command -v slurmctld > /dev/null || ! command -v munged > /dev/null; then
  [ "$(id -u)" = 0 ] || fail "slurm-wlm and munge are missing and this is not root"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq slurm-wlm munge > "$work/apt.log"
fi

# Stops the daemons this script started (by their pid files), waits for
# them to exit, then removes the scratch folder unless the test failed.
passed=0
cleanup() {
  for f in slurmd.pid slurmctld.pid munged.pid; do
    [ -f "$work/$f" ] || continue
    pid=$(cat "$work/$f")
    kill "$pid" 2> /dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2> /dev/null || break; sleep 0.1; done
  done
  if [ "$passed" = 1 ]; then rm -rf "$work"; else echo "sweep_slurm_test: logs kept in $work" >&2; fi
}
trap cleanup EXIT

# munge: its own key and socket under $work, so a system munged is untouched.
dd if=/dev/urandom of="$work/munge.key" bs=1024 count=1 status=none
chown munge:munge "$work/munge.key" "$work" 2> /dev/null || true
chmod 400 "$work/munge.key"
mkdir -p "$work/munge"
chown munge:munge "$work/munge"
chmod 711 "$work"
runuser -u munge -- munged --key-file="$work/munge.key" --socket="$work/munge/munge.socket" \
  --pid-file="$work/munged.pid" --log-file="$work/munged.log" --seed-file="$work/munge/seed" \
  || fail "munged did not start"

mkdir -p "$work/state" "$work/spool"
cat > "$SLURM_CONF" << CONF
ClusterName=lambdasim
SlurmctldHost=$node(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$work/munge/munge.socket
CredType=cred/munge
SlurmctldPort=16817
SlurmdPort=16818
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/slurmctld.log
SlurmdLogFile=$work/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
MpiDefault=none
JobCompType=jobcomp/none
AccountingStorageType=accounting_storage/none
NodeName=$node NodeAddr=127.0.0.1 CPUs=$(nproc) State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
slurmctld -c -f "$SLURM_CONF" || fail "slurmctld did not start"
slurmd -f "$SLURM_CONF" -N "$node" || fail "slurmd did not start"
for _ in $(seq 60); do
  sinfo -h -o %t 2> /dev/null | grep -qE '^(idle|mix|alloc)' && break
  sleep 1
done
sinfo -h -o %t | grep -qE '^(idle|mix|alloc)' || fail "the node did not come up: $(sinfo 2>&1)"

grid=(--grid 'functions.api.memory_mb=[512,1024]' --grid 'workloads[0].arrivals.rate=[5/s..40/s log 4]'
  --horizon 8m --replications 2 --quiet)
"$bin" sweep "$src/scenarios/quickstart.yaml" "${grid[@]}" --out "$work/local"
"$bin" sweep "$src/scenarios/quickstart.yaml" "${grid[@]}" --out "$work/slurm" --plan-only

job=$(sbatch --parsable --array=0-2 --cpus-per-task=1 --time=10 --chdir="$work" \
  --output="$work/task-%a.log" --export=ALL,LAMBDASIM="$bin" \
  "$src/tools/sweep_slurm.sh" "$work/slurm/manifest.json") || fail "sbatch failed"
for _ in $(seq 300); do
  [ -z "$(squeue -h -j "$job" 2> /dev/null)" ] && break
  sleep 1
done
[ -z "$(squeue -h -j "$job")" ] || fail "array job $job did not finish in 300 s"
for k in 0 1 2; do
  grep -q "^shard $k/3 (SLURM_ARRAY_TASK_ID)" "$work/task-$k.log" \
    || fail "task $k did not run its shard: $(cat "$work/task-$k.log" 2>&1)"
done

"$bin" collect "$work/local" --quiet --json "$work/local.json"
"$bin" collect "$work/slurm" --quiet --json "$work/slurm.json" || fail "collect reports missing points"
cmp "$work/local.json" "$work/slurm.json" || fail "the Slurm sweep differs from the local one"
passed=1
echo "sweep_slurm_test: ok (array job $job, 3 shards, 8 points, identical to the local run)"
