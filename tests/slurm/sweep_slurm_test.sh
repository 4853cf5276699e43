#!/bin/bash
# A real sweep on a real (single-node) Slurm cluster (ctest slurm.sweep):
# starts munge, slurmctld and slurmd on this machine as root (installing
# Debian's slurm-wlm and munge if they are missing), submits
# tools/sweep_slurm.sh as an array job of 3 tasks and `collect` as a job
# depending on it (as the README shows), and checks that the merged JSON is
# byte-identical to a local single-process run of the same sweep.
#
#   bash tests/slurm/sweep_slurm_test.sh build/lambdasim
#
# Everything runs under its own config, key, socket, ports and state folder
# (a system munged or Slurm is untouched). The daemons run in the foreground
# as children of this script, so they are stopped on every exit: normal,
# failure, Ctrl-C, TERM; and when ctest kills the test at its timeout it
# kills them with it (it kills the whole process tree). Every wait is
# bounded, so the script fails with the daemons' logs before ctest's timeout.
# Exit 77 (ctest: skipped) when not root: the daemons need it.
set -euo pipefail

bin=$(realpath "${1:?usage: sweep_slurm_test.sh path/to/lambdasim}")
src=$(cd "$(dirname "$0")/../.." && pwd)
started=$(date +%s)
say() { echo "sweep_slurm_test: [$(($(date +%s) - started)) s] $*"; }

if [ "$(id -u)" != 0 ]; then
  echo "sweep_slurm_test: SKIPPED: starting munged, slurmctld and slurmd needs root"
  exit 77
fi

work=$(mktemp -d /tmp/lambdasim-slurm.XXXXXX)
node=$(hostname -s)
export SLURM_CONF=$work/slurm.conf
passed=0
pids=()
job=""
collect_job=""

fail() {
  echo "sweep_slurm_test: FAIL: $*" >&2
  for f in "$work"/*.log; do
    [ -f "$f" ] || continue
    echo "== $f" >&2
    tail -20 "$f" >&2
  done
  exit 1
}

# Processes started on behalf of this run that are not our children: job
# steps (slurmstepd and the tasks) inherit SLURM_CONF from slurmd.
# (The scan runs without SLURM_CONF, so it does not find itself.)
strays() {
  (
    mark="SLURM_CONF=$SLURM_CONF"
    unset SLURM_CONF
    for p in /proc/[0-9]*; do
      { tr '\0' '\n' < "$p/environ"; } 2> /dev/null | grep -qxF "$mark" && echo "${p#/proc/}"
    done
    true
  )
}

# Cancels the jobs if they still run, stops the daemons (slurmd, slurmctld,
# munged: TERM, then KILL after 5 s), then anything left from this run;
# removes the scratch folder unless the test failed.
cleanup() {
  local status=$? pid i
  trap - EXIT INT TERM HUP
  set +e
  local jobs=$job${collect_job:+,$collect_job}
  if [ -n "$jobs" ] && [ -n "$(squeue -h -j "$jobs" 2> /dev/null)" ]; then
    # shellcheck disable=SC2086  # the ids are split on purpose
    scancel ${jobs//,/ } 2> /dev/null
    for i in $(seq 50); do [ -z "$(squeue -h -j "$jobs" 2> /dev/null)" ] && break; sleep 0.1; done
  fi
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
    pid=${pids[i]}
    # munged runs under runuser: stop munged itself, and runuser reaps it.
    if [ "$i" = 0 ] && [ -s "$work/munge/munged.pid" ] &&
      kill "$(cat "$work/munge/munged.pid")" 2> /dev/null; then
      for _ in $(seq 50); do kill -0 "$pid" 2> /dev/null || break; sleep 0.1; done
    fi
    kill "$pid" 2> /dev/null || { wait "$pid" 2> /dev/null; continue; }
    for _ in $(seq 50); do kill -0 "$pid" 2> /dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2> /dev/null
    wait "$pid" 2> /dev/null
  done
  for pid in $(strays); do kill -9 "$pid" 2> /dev/null; done
  if [ "$passed" = 1 ]; then rm -rf "$work"; else echo "sweep_slurm_test: logs kept in $work" >&2; fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 143' INT TERM HUP

if ! command -v slurmctld > /dev/null || ! command -v slurmd > /dev/null ||
  ! command -v sbatch > /dev/null || ! command -v munged > /dev/null; then
  say "installing Debian's slurm-wlm and munge (one-time apt-get step)"
  apt=(env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=120 -q -y)
  timeout 240 "${apt[@]}" update > "$work/apt.log" 2>&1 || true
  timeout 360 "${apt[@]}" install --no-install-recommends slurm-wlm munge >> "$work/apt.log" 2>&1 ||
    fail "'apt-get install slurm-wlm munge' failed"
fi

# A TCP port nobody listens on, from `from` up.
free_port() {
  local p=$1
  while (echo > "/dev/tcp/127.0.0.1/$p") 2> /dev/null; do p=$((p + 1)); done
  echo "$p"
}
ctld_port=$(free_port $((20000 + $$ % 20000)))
slurmd_port=$(free_port $((ctld_port + 1)))

# munge: its own key and socket under $work. munged checks that the key and
# the socket's folder belong to its user and that no one else can write there.
dd if=/dev/urandom of="$work/munge.key" bs=1024 count=1 status=none
mkdir -p "$work/munge"
chown munge:munge "$work" "$work/munge.key" "$work/munge"
chmod 400 "$work/munge.key"
chmod 711 "$work"
runuser -u munge -- munged -F --key-file="$work/munge.key" --socket="$work/munge/munge.socket" \
  --pid-file="$work/munge/munged.pid" --log-file="$work/munged.log" \
  --seed-file="$work/munge/seed" > "$work/munged.out.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do [ -S "$work/munge/munge.socket" ] && break; sleep 0.1; done
[ -S "$work/munge/munge.socket" ] || fail "munged did not start"

mkdir -p "$work/state" "$work/spool"
cat > "$SLURM_CONF" << CONF
ClusterName=lambdasim
SlurmctldHost=$node(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$work/munge/munge.socket
CredType=cred/munge
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
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
slurmctld -D -c -f "$SLURM_CONF" > "$work/slurmctld.out.log" 2>&1 &
pids+=($!)
slurmd -D -f "$SLURM_CONF" -N "$node" > "$work/slurmd.out.log" 2>&1 &
pids+=($!)
for _ in $(seq 60); do
  sinfo -h -o %t 2> /dev/null | grep -qE '^(idle|mix|alloc)' && break
  sleep 1
done
sinfo -h -o %t | grep -qE '^(idle|mix|alloc)' || fail "the node did not come up: $(sinfo 2>&1)"
say "munged, slurmctld (port $ctld_port) and slurmd (port $slurmd_port) are up"

grid=(--grid 'functions.api.memory_mb=[512,1024]' --grid 'workloads[0].arrivals.rate=[5/s..40/s log 4]'
  --horizon 8m --replications 2 --quiet)
"$bin" sweep "$src/scenarios/quickstart.yaml" "${grid[@]}" --out "$work/local" ||
  fail "the local sweep failed"
"$bin" sweep "$src/scenarios/quickstart.yaml" "${grid[@]}" --out "$work/slurm" --plan-only ||
  fail "writing the manifest failed"
say "local sweep done"

# As the README shows: the array job, then collect as a job that waits for it.
job=$(sbatch --parsable --array=0-2 --cpus-per-task=1 --time=10 --chdir="$work" \
  --output="$work/task-%a.log" --export=ALL,LAMBDASIM="$bin" \
  "$src/tools/sweep_slurm.sh" "$work/slurm/manifest.json") || fail "sbatch failed"
collect_job=$(sbatch --parsable --dependency=afterany:"$job" --chdir="$work" \
  --output="$work/collect.log" --wrap "'$bin' collect '$work/slurm' --json '$work/slurm.json' \
    --html '$work/slurm.html'") || fail "sbatch (collect) failed"
for _ in $(seq 240); do
  [ -z "$(squeue -h -j "$job,$collect_job" 2> /dev/null)" ] && break
  sleep 1
done
[ -z "$(squeue -h -j "$job,$collect_job")" ] ||
  fail "jobs $job and $collect_job did not finish in 240 s: $(squeue -j "$job,$collect_job")"
for k in 0 1 2; do
  grep -q "^shard $k/3 (SLURM_ARRAY_TASK_ID)" "$work/task-$k.log" ||
    fail "task $k did not run its shard: $(cat "$work/task-$k.log" 2>&1)"
done
grep -q "^8 of 8 point(s) done$" "$work/collect.log" ||
  fail "the collect job did not merge 8 points: $(cat "$work/collect.log" 2>&1)"
[ -s "$work/slurm.html" ] || fail "the collect job wrote no HTML page"
say "array job $job and collect job $collect_job done"

"$bin" collect "$work/local" --quiet --json "$work/local.json" || fail "collecting the local sweep failed"
cmp "$work/local.json" "$work/slurm.json" || fail "the Slurm sweep differs from the local one"
grep -q '"points_done": 8' "$work/slurm.json" || fail "the merged result does not have 8 points"
passed=1
say "ok (array job $job, 3 shards, 8 points, merged by job $collect_job: identical to the local run)"
