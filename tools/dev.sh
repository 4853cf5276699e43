#!/usr/bin/env bash
# One entry point for a fresh machine: installs the Debian packages that are
# missing (as root, via apt-get; nothing when all are present), configures and
# builds, then runs what was asked.
#
#   tools/dev.sh run [SCENARIO] [lambdasim run options...]   build, then simulate
#                                                            (default scenarios/quickstart.yaml)
#   tools/dev.sh test       build, run every test, then the ASan+UBSan build's tests
#   tools/dev.sh build      build only (Release, into build/)
#   tools/dev.sh bench      build and run the benchmarks
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
jobs=$(nproc 2>/dev/null || echo 2)
packages=(cmake ninja-build g++ pkg-config libyaml-cpp-dev libfmt-dev
          # libyaml: the fast scenario parser (models/config/yaml_events.hpp)
          libyaml-dev
          libboost-program-options-dev libeigen3-dev libgtest-dev libbenchmark-dev
          nlohmann-json3-dev
          # the fuzz targets (tests/fuzz/run_fuzz.sh): clang and its libFuzzer
          clang libclang-rt-14-dev
          # GNU time: the trace-memory test's peak RSS (tests/tools/trace_memory_test.cpp)
          time
          # gzip: log exports read by `lambdasim calibrate`, CURs by import / run --compare-bill
          zlib1g-dev
          # the tz database: schedule time zones read by import (docs/import.md)
          tzdata
          # the HTML report's browser test and the notebooks' (docs/reports.md)
          chromium python3-nbclient python3-nbformat python3-ipykernel python3-matplotlib
          python3-pandas
          # the scenario JSON Schema's test (tests/schema/) and packaging (.deb)
          python3-jsonschema python3-yaml dpkg-dev fakeroot)

install_missing() {
  local missing=()
  for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "dev.sh: installing ${missing[*]}" >&2
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
}

# build DIR [cmake options...]
build() {
  local dir=$1; shift
  cmake -S "$root" -B "$root/$dir" -G Ninja -DLS_WERROR=ON "$@" >/dev/null
  cmake --build "$root/$dir" -j "$jobs"
}

cmd=${1:-help}
[ $# -gt 0 ] && shift
case "$cmd" in
  build)
    install_missing
    build build -DCMAKE_BUILD_TYPE=Release
    ;;
  run)
    install_missing
    build build -DCMAKE_BUILD_TYPE=Release >&2
    scenario="$root/scenarios/quickstart.yaml"
    if [ $# -gt 0 ] && [[ "$1" != -* ]]; then scenario=$1; shift; fi
    exec "$root/build/lambdasim" run "$scenario" "$@"
    ;;
  test)
    install_missing
    build build -DCMAKE_BUILD_TYPE=Release
    ctest --test-dir "$root/build" --output-on-failure -j "$jobs"
    # The same tests under AddressSanitizer + UndefinedBehaviorSanitizer.
    # A unity build (CMake joins ~8 sources into one compiler run): code
    # generation under the sanitizers is most of CI's time, and joined files
    # share their headers' inline code, about 3x less compiling on 2 cores.
    # Two sources must therefore not define the same file-local name. The
    # Release tree stays file by file: its unity binary ran one function
    # ~10 % slower (0.64 vs 0.58 s user, 4 rounds), code layout.
    build build-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DLS_SANITIZE=ON -DLS_BUILD_BENCH=OFF \
      -DCMAKE_UNITY_BUILD=ON
    ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
      ctest --test-dir "$root/build-asan" --output-on-failure -j "$jobs"
    ;;
  bench)
    install_missing
    build build -DCMAKE_BUILD_TYPE=Release
    for b in "$root"/build/*_bench; do "$b" "$@"; done
    ;;
  *)
    sed -n '2,12p' "${BASH_SOURCE[0]}"
    [ "$cmd" = help ] || exit 2
    ;;
esac
