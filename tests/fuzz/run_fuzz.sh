#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz with clang (ASan + UBSan) and
# runs each for a while on its corpus: tests/fuzz/corpus/<target>/ (kept in
# the repository, small) plus seeds from scenarios/ and tests/. Any crash,
# sanitizer report, uncaught exception other than ls::Error, input taking
# over 10 s, or memory over 2 GB fails the run; the input is kept in
# BUILD/artifacts/<target>/ and the log's end printed. Every finding becomes
# a regression test (tests/scenarios/errors/ or tests/tools/fuzz_regressions_test.cpp)
# and its input goes into the corpus.
#
#   tests/fuzz/run_fuzz.sh [--seconds N] [--build DIR] [--merge] [TARGET...]
#
#   --seconds N  per target (default 20, or $LS_FUZZ_SECONDS): 9 targets, about 3 min
#   --build DIR  build folder (default build/fuzz)
#   --merge      afterwards, add the new inputs that reach new code to the
#                repository corpus (minimised with -merge=1)
#   TARGET       scenario, yaml_subset, set, csv, fit_input, sweep_json, cur,
#                metrics, calibrate_log (default: all)
#
# Exit 0 when nothing was found, 1 on a finding, 77 (skipped) without clang.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
seconds=${LS_FUZZ_SECONDS:-20}
build="$root/build/fuzz"
merge=0
targets=()
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds=$2; shift 2 ;;
    --build) build=$2; shift 2 ;;
    --merge) merge=1; shift ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    *) targets+=("$1"); shift ;;
  esac
done
[ ${#targets[@]} -gt 0 ] || targets=(scenario yaml_subset set csv fit_input sweep_json cur metrics calibrate_log)

if ! command -v clang++ >/dev/null; then
  echo "run_fuzz.sh: clang++ not found (tools/dev.sh installs clang and libclang-rt-14-dev); skipped" >&2
  exit 77
fi

launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
mkdir -p "$build"
if ! { cmake -S "$root/tests/fuzz" -B "$build" -G Ninja -DCMAKE_CXX_COMPILER=clang++ \
         -DCMAKE_BUILD_TYPE= "${launcher[@]}" &&
       cmake --build "$build" -j "$(nproc 2>/dev/null || echo 2)" \
         --target $(printf 'fuzz_%s ' "${targets[@]}"); } >"$build/build.log" 2>&1; then
  echo "run_fuzz.sh: building the fuzz targets failed ($build/build.log):" >&2
  grep -E 'error|undefined reference' "$build/build.log" | head -20 >&2
  exit 1
fi

# Seeds besides the target's own corpus.
seeds_of() {
  case "$1" in
    scenario|yaml_subset) echo "$root/scenarios $root/tests/scenarios/errors" ;;
    csv) echo "$root/scenarios/examples $root/scenarios/data $root/tests/scenarios/errors" ;;
    fit_input) echo "$root/tests/tools/data" ;;
    cur|metrics) echo "$root/scenarios/examples/import $root/tests/tools/data/import" ;;
    calibrate_log) echo "$root/tests/tools/data/calibrate" ;;
    *) echo "" ;;
  esac
}

status=0
for t in "${targets[@]}"; do
  corpus="$root/tests/fuzz/corpus/$t"
  work="$build/work/$t"          # new inputs of this run (not in the repository)
  artifacts="$build/artifacts/$t"
  log="$build/$t.log"
  mkdir -p "$corpus" "$work" "$artifacts" "$build/tmp"
  # shellcheck disable=SC2046
  if TMPDIR="$build/tmp" "$build/fuzz_$t" -max_total_time="$seconds" -rss_limit_mb=2048 \
      -malloc_limit_mb=2048 -timeout=10 -max_len=16384 -print_final_stats=1 \
      -artifact_prefix="$artifacts/" "$work" "$corpus" $(seeds_of "$t") >"$log" 2>&1; then
    echo "fuzz $t: $(grep -E '^Done [0-9]+ runs' "$log" || echo done), no finding"
  else
    status=1
    echo "fuzz $t: FINDING (inputs in $artifacts/):"
    grep -E 'ERROR|SUMMARY|runtime error|Test unit written' "$log" | head -20
    tail -30 "$log"
  fi
  if [ "$merge" = 1 ]; then
    "$build/fuzz_$t" -merge=1 -max_len=16384 "$corpus" "$work" >>"$log" 2>&1
    echo "fuzz $t: corpus now $(ls "$corpus" | wc -l) inputs"
  fi
  rm -rf "$build/tmp"
done
exit $status
