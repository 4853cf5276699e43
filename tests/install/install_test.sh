#!/usr/bin/env bash
# The installed program finds its data: `cmake --install` into a temporary
# prefix, then (as root, as CI runs) the .deb that CPack builds, installed
# into this machine with dpkg -i, used, and removed again.
#
#   install_test.sh BUILD_DIR
#
# Exit 0 passed, 1 failed; the .deb half is skipped (with a note) when not
# root or when a lambdasim package is already installed (never replaced).
set -euo pipefail

build=$(cd "$1" && pwd)
tmp=$(mktemp -d)
installed_deb=""
cleanup() {
  if [ -n "$installed_deb" ]; then dpkg -r lambdasim >/dev/null 2>&1 || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "install_test: FAILED: $*" >&2; exit 1; }

# check PREFIX: the layout, the data the binary reports, an example run from
# the installed path in a folder with nothing else in it.
check() {
  local prefix=$1
  for f in bin/lambdasim share/lambdasim/scenarios/quickstart.yaml \
           share/lambdasim/scenarios/platforms/aws-2025.yaml \
           share/lambdasim/scenarios/prices/aws-us-east-1-2025.yaml \
           share/lambdasim/scenarios/examples/plan-checkout.yaml \
           share/doc/lambdasim/README.md share/doc/lambdasim/plan.md \
           share/doc/lambdasim/scenario.schema.json share/bash-completion/completions/lambdasim; do
    [ -e "$prefix/$f" ] || fail "$prefix/$f is missing"
  done
  local version
  version=$(env -u LAMBDASIM_DATA_DIR "$prefix/bin/lambdasim" --version)
  echo "$version" | grep -qx "data: $prefix/share/lambdasim/scenarios" ||
    fail "the installed binary reads its data elsewhere: $version"
  mkdir -p "$tmp/run" && cd "$tmp/run"
  env -u LAMBDASIM_DATA_DIR "$prefix/bin/lambdasim" run \
    "$prefix/share/lambdasim/scenarios/examples/tune-api.yaml" --horizon 10m --quiet \
    --json "$tmp/run/report.json" || fail "lambdasim run from $prefix failed"
  grep -q '"schema": "lambdasim.report/1"' "$tmp/run/report.json" || fail "no report from $prefix"
  cd - >/dev/null
  echo "install_test: $prefix: layout, data folder and an example run ok"
}

cmake --install "$build" --prefix "$tmp/prefix" >/dev/null
check "$tmp/prefix"

if [ "$(id -u)" -ne 0 ]; then
  echo "install_test: not root: the .deb half is skipped"
  exit 0
fi
if dpkg-query -W -f='${Status}' lambdasim 2>/dev/null | grep -q "install ok installed"; then
  echo "install_test: a lambdasim package is already installed: the .deb half is skipped"
  exit 0
fi
cpack --config "$build/CPackConfig.cmake" -G DEB -B "$tmp/pkg" >/dev/null
deb=$(ls "$tmp"/pkg/lambdasim_*.deb)
dpkg-deb --field "$deb" Depends | grep -q "libyaml-cpp" || fail "$deb declares no library dependencies"
installed_deb=yes
dpkg -i "$deb" >/dev/null
check /usr
dpkg -r lambdasim >/dev/null
installed_deb=""
[ ! -e /usr/bin/lambdasim ] || fail "/usr/bin/lambdasim is still there after dpkg -r"
echo "install_test: $(basename "$deb"): installed, used and removed"
