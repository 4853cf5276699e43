#!/usr/bin/env bash
# Byte-compares the reports of two lambdasim binaries on every bundled
# scenario: run (JSON, CSV series, HTML; 1 and 2 replications), tune, compare
# and plan pages where the scenario has what they need, and the observed-vs-
# simulated reports of calibrate and import (backtests, bill comparison). Used to prove that a
# refactor changed no output:
#
#   tools/same_reports.sh OLD_BINARY NEW_BINARY [WORKDIR]
#
# The JSON's run.{wall_s,events_per_s} (wall-clock figures) and the paths of
# the two output folders are blanked before comparing; everything else must
# be identical. Exit 0 when all match.
set -u
old=$1 new=$2
work=${3:-$(mktemp -d)}
root=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$work/old" "$work/new"
# Also the side's own folder, which outputs that name what they wrote show.
blank_wall() {
  sed -E -e 's/"(wall_s|events_per_s)": [0-9.e+-]+/"\1": 0/g' -e "s#$work/(old|new)/#$work/SIDE/#g" "$1"
}
differ=0 compared=0
check() {  # check NAME: compares old/NAME with new/NAME
  compared=$((compared + 1))
  if ! cmp -s <(blank_wall "$work/old/$1") <(blank_wall "$work/new/$1"); then
    echo "DIFFERS: $1"
    differ=$((differ + 1))
  fi
}
each() {  # each TAG ARGS...: runs both binaries with ARGS, output names use TAG
  local tag=$1; shift
  for side in old new; do
    local bin=$old
    [ "$side" = new ] && bin=$new
    local out="$work/$side"
    # shellcheck disable=SC2046
    "$bin" "${@//@OUT@/$out/$tag}" >"$out/$tag.stdout" 2>"$out/$tag.stderr"
    echo "exit $?" >>"$out/$tag.stdout"
  done
  check "$tag.stdout"
  for f in "$work/old/$tag".*; do
    local name=${f##*/}
    case "$name" in *.stdout | *.stderr) continue ;; esac
    [ -d "$f" ] && continue
    check "$name"
  done
  if [ -d "$work/old/$tag.csv" ]; then check "$tag.csv/series.csv"; fi
}
for scenario in "$root"/scenarios/quickstart.yaml "$root"/scenarios/examples/*.yaml; do
  name=$(basename "$scenario" .yaml)
  for reps in 1 2; do
    each "$name.r$reps" run "$scenario" --quiet --replications "$reps" --threads 1 \
      --json @OUT@.json --html @OUT@.html --csv @OUT@.csv --interval 1m
  done
done
each tune-api.tune tune "$root/scenarios/examples/tune-api.yaml" --function api --memory 512,1024,2048 \
  --arch x86_64,arm64 --quiet --json @OUT@.json --html @OUT@.html
each mi.compare compare "$root/scenarios/examples/managed-instances.yaml" --function api --quiet \
  --json @OUT@.json --html @OUT@.html
for p in plan-checkout plan-provisioned plan-reservation; do
  each "$p.plan" plan "$root/scenarios/examples/$p.yaml" --quiet --json @OUT@.json --html @OUT@.html
done
# Observed against simulated: calibrate's backtest, import's backtest and bill comparison.
each calibrate.backtest calibrate "$root/scenarios/data/aws-lambda-2020/logs/res-01-2020-06-04_23-02-14.csv" \
  --memory-mb 128 --out @OUT@.yaml --backtest --replications 2 --json @OUT@.json --html @OUT@.html
imp=$root/scenarios/examples/import
each import.backtest import "$imp/sam-app.yml" "$imp/sam-app-metrics.json" --parameter ReportTimeout=300 \
  -o @OUT@.yaml --backtest --backtest-json @OUT@.json --backtest-html @OUT@.html --cur "$imp/sam-app-cur.csv.gz" \
  --bill-json @OUT@.bill.json
echo "same_reports: $compared outputs compared, $differ differ (in $work)"
[ "$differ" -eq 0 ]
