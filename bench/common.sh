# shellcheck shell=bash disable=SC2154 # script: set by the script that sources this
# bench/common.sh - what the benchmark scripts share, sourced by them:
# refusing to run, the output folder, clocks and the stats file. A script
# sets `script` (its name in messages) before sourcing this.

# Not a usage mistake, but nothing can run: a program missing, a folder refused.
refuse() {
  echo "$script: error: $*" >&2
  exit 2
}

# need_program PATH WHAT OPTION: refuses unless PATH is a built program;
# prints its absolute path.
need_program() {
  if [[ ! -x $1 || -d $1 ]]; then
    refuse "$2 is not built: no program at $1
  build it first: cmake -S . -B build -DCMAKE_BUILD_TYPE=Release && cmake --build build -j2
  (or name it with $3 PATH)"
  fi
  echo "$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
}

# use_out_folder DIR: makes DIR the run's output folder and prints its
# absolute path. Everything the run writes goes inside it, so it must not
# be somebody's folder of other files: it is made when missing, and
# refused when it holds anything but an earlier run.
use_out_folder() {
  local dir=$1 marker=.taplan-bench
  if [[ -e $dir || -L $dir ]]; then
    [[ -d $dir && ! -L $dir ]] || refuse "--out $dir exists and is not a folder"
    if [[ ! -e $dir/$marker ]] && [[ -n $(ls -A "$dir") ]]; then
      refuse "--out $dir holds files of its own, not an earlier benchmark: choose a new or empty folder"
    fi
  else
    mkdir -m 700 "$dir" || refuse "cannot make the output folder $dir"
  fi
  echo "taplan benchmark output: every file here is rewritten by $script" >"$dir/$marker" ||
    refuse "cannot write in $dir"
  (cd "$dir" && pwd)
}

now() { if [[ -n ${EPOCHREALTIME:-} ]]; then echo "$EPOCHREALTIME"; else date +%s.%N; fi; }
seconds_since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }'; }

# The value of key in a taplan-solve-stats file, or "-".
stat_of() {
  local value
  value=$(sed -n "s/^$2=//p" "$1" 2>/dev/null | head -n 1)
  [[ -n $value && $value != none ]] && echo "$value" || echo "-"
}
