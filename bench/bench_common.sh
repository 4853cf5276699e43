# Sourced by bench/fleet_bench.sh and bench/load_bench.sh: a scratch
# directory removed on exit ($work), whether perf can count retired
# user-space instructions here ($have_perf: a VM without hardware counters
# prints "<not supported>" and exits 0, so the count itself is checked), and
# `measure FORMAT COMMAND...`, which runs COMMAND (its output to /dev/null)
# under GNU time with FORMAT into $work/time, and under perf stat when it
# can count, setting $instr (else "-").
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
have_perf=0
perf stat -x, -e instructions:u true 2>&1 | grep -q '^[0-9]' && have_perf=1

measure() {
  local format=$1
  shift
  instr=-
  if [ "$have_perf" = 1 ]; then
    /usr/bin/time -f "$format" -o "$work/time" perf stat -x, -e instructions:u -o "$work/perf" \
      "$@" >/dev/null
    instr=$(grep instructions "$work/perf" | cut -d, -f1)
  else
    /usr/bin/time -f "$format" -o "$work/time" "$@" >/dev/null
  fi
}
