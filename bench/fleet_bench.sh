#!/usr/bin/env bash
# Speed and memory at fleet scale (issue #20): the same 1,000 requests/s for
# 1 h (3.6 M requests) spread evenly over N functions (bench/fleet_scenario.py),
# run by one or more lambdasim binaries, interleaved (the machine is shared:
# interleaving spreads its load over all of them alike). Per run: user and
# system CPU (a fleet's page faults are system time; requests/s are per
# CPU-second of both), peak RSS (GNU time) and retired instructions (perf
# stat, when available: the figure that the machine's load does not move).
#
#   bench/fleet_bench.sh "100 1000 10000" ROUNDS BINARY [BINARY...]
#
# A BINARY may carry `run` options after it, quoted as one argument:
# "build/lambdasim --whole" times the run in one piece against the default
# cut into blocks of 128 functions (models/partition.hpp, plan_blocks).
#
# The whole process is measured: load, simulation and the summary table
# (written to /dev/null). Output: one line per run.
set -u
if [ $# -lt 3 ]; then
  echo 'usage: bench/fleet_bench.sh "100 1000 10000" ROUNDS BINARY [BINARY...]' >&2
  exit 2
fi
sizes=$1 rounds=$2
shift 2
here=$(cd "$(dirname "$0")" && pwd)
. "$here/bench_common.sh"
printf '%-8s %-40s %10s %10s %10s %12s %14s\n' functions binary user_s sys_s rss_mb M_req_per_s instructions
for n in $sizes; do
  python3 "$here/fleet_scenario.py" "$n" >"$work/fleet-$n.yaml"
  for ((r = 0; r < rounds; r++)); do
    for bin in "$@"; do
      # One thread: the per-request cost of one simulation (since split runs,
      # the default on 2 cores would simulate parts side by side).
      read -ra command <<<"$bin"
      measure '%U %S %M' "${command[0]}" run "$work/fleet-$n.yaml" --threads 1 "${command[@]:1}"
      read -r user sys rss <"$work/time"
      awk -v n="$n" -v b="$bin" -v u="$user" -v s="$sys" -v m="$rss" -v i="$instr" 'BEGIN {
        printf "%-8s %-40s %10.2f %10.2f %10.1f %12.2f %14s\n", n, b, u, s, m / 1024, (u + s > 0 ? 3.6 / (u + s) : 0), i }'
    done
  done
done
