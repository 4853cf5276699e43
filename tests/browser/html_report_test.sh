#!/usr/bin/env bash
# Browser test of the HTML report (ctest label `browser`): renders reports of
# bundled scenarios in a real headless Chromium and checks them with
# cdp_check.py (no console errors, nothing loaded from outside the file,
# every chart drawn, legends work), saving a screenshot of each.
#
#   tests/browser/html_report_test.sh LAMBDASIM SOURCE_DIR OUT_DIR
#
# Installs Debian's chromium when it is missing (as root, via apt-get; with
# sudo -n otherwise). If it cannot be installed the test fails at once with a
# message saying so; every step runs under a time limit, so nothing hangs.
set -uo pipefail

lambdasim=${1:?usage: html_report_test.sh LAMBDASIM SOURCE_DIR OUT_DIR}
src=${2:?source dir}
out=${3:?output dir}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
mkdir -p "$out"

find_chromium() {
  for c in "${CHROMIUM:-}" chromium chromium-browser; do
    [ -n "$c" ] && command -v "$c" >/dev/null 2>&1 && { command -v "$c"; return 0; }
  done
  return 1
}

install_chromium() {
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if sudo -n true 2>/dev/null; then sudo="sudo -n"; else
      echo "html_report_test: chromium is missing and this user cannot install it (not root, no sudo)"
      return 1
    fi
  fi
  command -v apt-get >/dev/null 2>&1 || { echo "html_report_test: chromium is missing and apt-get is not available"; return 1; }
  echo "html_report_test: installing Debian's chromium (one-time apt-get step)"
  local apt=(env DEBIAN_FRONTEND=noninteractive $sudo apt-get -o DPkg::Lock::Timeout=300 -q -y)
  if ! timeout 900 "${apt[@]}" install --no-install-recommends chromium >"$out/apt.log" 2>&1; then
    timeout 300 "${apt[@]}" update >>"$out/apt.log" 2>&1
    timeout 900 "${apt[@]}" install --no-install-recommends chromium >>"$out/apt.log" 2>&1 || {
      echo "html_report_test: 'apt-get install chromium' failed; last lines of $out/apt.log:"
      tail -n 15 "$out/apt.log"
      return 1
    }
  fi
}

chromium=$(find_chromium) || { install_chromium && chromium=$(find_chromium); } || {
  echo "FAIL: html_report_test needs Chromium (Debian package 'chromium'), which is not installed"
  echo "      and could not be installed. Install it with: apt-get install chromium"
  exit 1
}
python=/usr/bin/python3
[ -x "$python" ] || python=$(command -v python3) || { echo "FAIL: python3 is needed"; exit 1; }
echo "html_report_test: $("$chromium" --version 2>/dev/null | head -n1)"

status=0
# A small sweep for the collect page (axis labels and legends from key paths).
rm -rf "$out/sweep"
timeout 300 "$lambdasim" sweep "$src/scenarios/quickstart.yaml" --quiet --out "$out/sweep" \
  --grid 'functions.api.memory_mb=[512,1024,2048]' --grid 'workloads[0].arrivals.rate=[5/s,20/s]' \
  --horizon 10m >"$out/sweep.log" 2>&1 || { echo "FAIL: the sweep for collect failed"; status=1; }
# name | charts expected at least | lambdasim command line ({src}: the source
# folder, {out}: the output folder); the test appends --html OUT/NAME.html.
while IFS='|' read -r name min_charts command; do
  [ -z "$name" ] && continue
  command=${command//\{src\}/$src}
  command=${command//\{out\}/$out}
  echo "== $name: lambdasim $command --html"
  # shellcheck disable=SC2086  # the command line is split on purpose
  if ! timeout 300 "$lambdasim" $command --quiet --html "$out/$name.html" >"$out/$name.log" 2>&1 ||
     [ ! -s "$out/$name.html" ]; then
    echo "FAIL: lambdasim $command did not write the report:"
    tail -n 5 "$out/$name.log"
    status=1
    continue
  fi
  timeout 180 "$python" "$here/cdp_check.py" --chromium "$chromium" --page "$out/$name.html" \
    --screenshot "$out/$name.png" --min-charts "$min_charts" --timeout 60 || status=1
done <<'CASES'
quickstart|10|run {src}/scenarios/quickstart.yaml
launch-burst|7|run {src}/scenarios/examples/launch-burst.yaml
azure-replay|10|run {src}/scenarios/examples/azure-replay.yaml --horizon 2h
async-retries|8|run {src}/scenarios/examples/async-retries.yaml
tune|3|tune {src}/scenarios/examples/tune-api.yaml --arch x86_64,arm64
managed-instances|8|run {src}/scenarios/examples/managed-instances.yaml --horizon 30m --set warmup=5m
plan|1|plan {src}/scenarios/examples/plan-reservation.yaml
compare|2|compare {src}/scenarios/examples/managed-instances.yaml --horizon 20m --set warmup=2m --scales 0.5,1,2
compare-web|2|compare {src}/scenarios/examples/managed-instances.yaml --horizon 20m --set warmup=2m --compute on-demand,provisioned,managed-instances,web
collect|4|collect {out}/sweep
plan-checkout|1|plan {src}/scenarios/examples/plan-checkout.yaml --horizon 20m --set warmup=5m --memory checkout=1024,1769 --reserved checkout=50..300
CASES

[ $status -eq 0 ] && echo "html_report_test: all reports passed; screenshots in $out" || echo "html_report_test: FAILED"
exit $status
