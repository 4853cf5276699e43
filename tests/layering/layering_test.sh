#!/usr/bin/env bash
# Fails when an #include points upwards in the layers
#   sim <- models <- models/config <- tools/io <- tools/study <- tools/report <- tools/cli
# (docs/architecture.md): each folder may include only its own layer and
# those below it. Also: the simulation proper (models/*, not models/config/)
# never includes the configuration readers, and bench/ stays below the CLI.
set -u
root=${1:-$(cd "$(dirname "$0")/../.." && pwd)}
cd "$root" || exit 2
rank() {
  case "$1" in
    sim/*) echo 0 ;;
    models/config/*) echo 2 ;;
    models/*) echo 1 ;;
    tools/io/*) echo 3 ;;
    tools/study/*) echo 4 ;;
    tools/report/*) echo 5 ;;
    tools/cli/*) echo 6 ;;
    bench/*) echo 4 ;;  # benchmarks may use the study layer, not report or CLI
    *) echo -1 ;;
  esac
}
bad=0
checked=0
while IFS= read -r file; do
  from=$(rank "$file")
  [ "$from" -ge 0 ] || continue
  while IFS= read -r inc; do
    to=$(rank "$inc")
    checked=$((checked + 1))
    if [ "$to" -gt "$from" ]; then
      echo "layering: $file includes $inc (an upper layer)"
      bad=$((bad + 1))
    fi
  done < <(sed -n 's/^#include "\(\(sim\|models\|tools\)\/[^"]*\)".*/\1/p' "$file")
done < <(find sim models tools bench -name '*.cpp' -o -name '*.hpp' | sort)
if [ "$checked" -eq 0 ]; then
  echo "layering: no includes found under $root"
  exit 1
fi
echo "layering: $checked project includes checked, $bad pointing upwards"
[ "$bad" -eq 0 ]
