#!/usr/bin/env bash
# Executes the notebooks headless (ctest label `notebooks`) with Debian's
# Jupyter packages: installs the missing ones as root via apt-get (sudo -n
# otherwise); fails at once, saying what is missing, when they cannot be
# installed. PyPI is not used.
#
#   notebooks/test_notebooks.sh LAMBDASIM OUT_DIR
set -uo pipefail

export LAMBDASIM=${1:?usage: test_notebooks.sh LAMBDASIM OUT_DIR}
out=${2:?output dir}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
mkdir -p "$out"
packages=(python3-nbclient python3-nbformat python3-ipykernel python3-matplotlib python3-pandas)
python=/usr/bin/python3  # Debian's: the packages above install for it

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    sudo -n true 2>/dev/null && sudo="sudo -n" || {
      echo "FAIL: the notebooks need ${missing[*]} (Debian packages); not root and no sudo to install them"
      exit 1
    }
  fi
  echo "test_notebooks: installing ${missing[*]}"
  apt=(env DEBIAN_FRONTEND=noninteractive $sudo apt-get -o DPkg::Lock::Timeout=300 -q -y)
  if ! timeout 900 "${apt[@]}" install --no-install-recommends "${missing[@]}" >"$out/apt.log" 2>&1; then
    timeout 300 "${apt[@]}" update >>"$out/apt.log" 2>&1
    timeout 900 "${apt[@]}" install --no-install-recommends "${missing[@]}" >>"$out/apt.log" 2>&1 || {
      echo "FAIL: could not install ${missing[*]}; last lines of $out/apt.log:"
      tail -n 15 "$out/apt.log"
      exit 1
    }
  fi
fi
export PYDEVD_DISABLE_FILE_VALIDATION=1  # a debugger warning per kernel start
exec timeout 800 "$python" "$here/run_notebooks.py" "$out"
