# bash completion for lambdasim: commands, each command's options (read from
# `lambdasim CMD --help`), scenario files, and scenario key paths after
# --set/--grid (read from `lambdasim keys --paths`, with functions.<name>
# filled in from the scenario file on the command line and [] as [0]).
#
# Installed to share/bash-completion/completions/lambdasim; from a source
# tree: `source tools/completion/lambdasim.bash`.

_lambdasim_commands() {
  "$1" help 2>/dev/null | awk '/^commands:/ {on = 1; next} on && /^  [a-z]/ {print $1}'
}

_lambdasim_options() {
  "$1" "$2" --help 2>/dev/null | grep -o -- '--[a-z0-9][a-z0-9-]*' | sort -u
}

# The function names of a scenario file: the keys two spaces in under a
# top-level `functions:`.
_lambdasim_functions() {
  [ -f "$1" ] || return 0
  awk '/^functions:/ {on = 1; next}
       /^[^ #]/ {on = 0}
       on && /^  [A-Za-z0-9_-]+:/ {sub(/^  /, ""); sub(/:.*/, ""); print}' "$1"
}

_lambdasim() {
  local cur prev words cword
  if declare -F _init_completion >/dev/null; then
    _init_completion -n = || return
  else
    cur=${COMP_WORDS[COMP_CWORD]}
    prev=${COMP_WORDS[COMP_CWORD-1]}
    words=("${COMP_WORDS[@]}")
    cword=$COMP_CWORD
  fi
  local program=${words[0]}
  if [ "$cword" -eq 1 ]; then
    mapfile -t COMPREPLY < <(compgen -W "$(_lambdasim_commands "$program") --help --version" -- "$cur")
    return
  fi
  local command=${words[1]}
  # --set KEY=VALUE and --grid KEY=VALUES: key paths (also as --set=KEY).
  if [ "$prev" = "--set" ] || [ "$prev" = "--grid" ]; then
    if [[ "$cur" == *=* ]]; then return; fi
    local file="" w
    for w in "${words[@]:2}"; do
      if [[ "$w" == *.yaml || "$w" == *.yml ]]; then file=$w; break; fi
    done
    local functions paths=()
    functions=$(_lambdasim_functions "$file")
    local path f
    while read -r path; do
      path=${path//\[\]/[0]}
      if [[ "$path" == *"<name>"* ]] && [ -n "$functions" ]; then
        for f in $functions; do paths+=("${path//<name>/$f}"); done
      else
        paths+=("$path")
      fi
    done < <("$program" keys --paths 2>/dev/null)
    compopt -o nospace 2>/dev/null
    mapfile -t COMPREPLY < <(compgen -W "${paths[*]}" -S "=" -- "$cur")
    return
  fi
  case "$prev" in
    --json|--html|--csv|--out|--manifest|--power-tuning-json)
      mapfile -t COMPREPLY < <(compgen -f -- "$cur")
      return
      ;;
  esac
  if [[ "$cur" == -* ]]; then
    mapfile -t COMPREPLY < <(compgen -W "$(_lambdasim_options "$program" "$command")" -- "$cur")
    return
  fi
  # Scenario files and folders.
  compopt -o filenames 2>/dev/null
  mapfile -t COMPREPLY < <(compgen -f -- "$cur" | grep -E '\.ya?ml$'; compgen -d -- "$cur")
}
complete -F _lambdasim lambdasim
