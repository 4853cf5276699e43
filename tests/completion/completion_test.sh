#!/usr/bin/env bash
# The bash completion (tools/completion/lambdasim.bash) as bash runs it:
# COMP_WORDS/COMP_CWORD set as for a typed line, the completion function
# called, COMPREPLY checked. Commands, a command's options, and scenario key
# paths after --set with the scenario's own function names filled in.
#
#   completion_test.sh LAMBDASIM SOURCE_DIR
set -uo pipefail

binary=$1
source_dir=$2
# Once with bash-completion's helpers loaded (as in a user's shell), when
# they are installed, then without them (the script's own fallback).
bash_completion=/usr/share/bash-completion/bash_completion
if [ -z "${LS_COMPLETION_NESTED:-}" ] && [ -f "$bash_completion" ]; then
  LS_COMPLETION_NESTED=1 bash -c 'source "$0"; source "$1" "$2" "$3"' \
    "$bash_completion" "${BASH_SOURCE[0]}" "$binary" "$source_dir" || exit 1
fi
bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
ln -s "$binary" "$bin/lambdasim"
export PATH="$bin:$PATH"
# shellcheck source=../../tools/completion/lambdasim.bash
source "$source_dir/tools/completion/lambdasim.bash"

passed=0
failed=0
# expect "LINE" WORD: completing LINE (the last word is the one being typed)
# offers WORD.
expect() {
  local line=$1 want=$2
  read -r -a COMP_WORDS <<<"$line"
  [[ "$line" == *" " ]] && COMP_WORDS+=("")
  COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
  COMP_LINE=$line
  COMP_POINT=${#line}
  COMPREPLY=()
  _lambdasim
  local w
  for w in "${COMPREPLY[@]}"; do
    if [ "$w" = "$want" ]; then
      passed=$((passed + 1))
      return
    fi
  done
  echo "FAIL: '$line' does not offer '$want' (offers: ${COMPREPLY[*]:0:12})"
  failed=$((failed + 1))
}

quickstart="$source_dir/scenarios/quickstart.yaml"
expect "lambdasim r" run
expect "lambdasim co" compare
expect "lambdasim co" collect
expect "lambdasim sw" sweep
expect "lambdasim tune --max-t" --max-throttle
expect "lambdasim plan $quickstart --max-" --max-combinations
expect "lambdasim keys --json" --json-schema
expect "lambdasim run $quickstart --set functions.api.mem" "functions.api.memory_mb="
expect "lambdasim run $quickstart --set functions.reports.reserved" \
  "functions.reports.reserved_concurrency="
expect "lambdasim run $quickstart --set workloads[0].arrivals.ra" "workloads[0].arrivals.rate="
expect "lambdasim run $quickstart --set platform.account_c" "platform.account_concurrency="
expect "lambdasim sweep $quickstart --grid functions.api.arch" "functions.api.architecture="
expect "lambdasim run $source_dir/scenarios/quick" "$quickstart"
echo "completion ($(declare -F _init_completion >/dev/null && echo with || echo without) bash-completion): $passed passed, $failed failed"
[ "$failed" -eq 0 ]
