#!/usr/bin/env bash
# Speed and memory of loading a scenario at fleet scale (issues #19, #20):
# `lambdasim validate` (read, merge with the preset, check every key, echo
# the resolved scenario) of bench/fleet_scenario.py's N-function scenario,
# by one or more lambdasim binaries, interleaved (the machine is shared:
# interleaving spreads its load over all of them alike). Per run: user CPU,
# peak RSS (GNU time) and retired user-space instructions (perf stat, when
# available: the figure that the machine's load does not move).
#
#   bench/load_bench.sh "1000 10000 100000" ROUNDS BINARY [BINARY...]
#
# Output: one line per run. The target (#20): 100,000 functions in < 2 s.
set -u
if [ $# -lt 3 ]; then
  echo 'usage: bench/load_bench.sh "1000 10000 100000" ROUNDS BINARY [BINARY...]' >&2
  exit 2
fi
sizes=$1 rounds=$2
shift 2
here=$(cd "$(dirname "$0")" && pwd)
. "$here/bench_common.sh"
printf '%-9s %-40s %8s %8s %9s %16s\n' functions binary user_s sys_s rss_mb instructions
for n in $sizes; do
  python3 "$here/fleet_scenario.py" "$n" >"$work/fleet-$n.yaml"
  for ((r = 0; r < rounds; r++)); do
    for bin in "$@"; do
      measure '%U %S %M' "$bin" validate "$work/fleet-$n.yaml"
      read -r user sys rss <"$work/time"
      awk -v n="$n" -v b="$bin" -v u="$user" -v s="$sys" -v m="$rss" -v i="$instr" 'BEGIN {
        printf "%-9s %-40s %8.2f %8.2f %9.1f %16s\n", n, b, u, s, m / 1024, i }'
    done
  done
done
