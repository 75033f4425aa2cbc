# What tier_handover.sh and tier_exit.sh share, sourced by both after they
# set `sluice` and `work`: fail, and run, which keeps one command's stdout,
# stderr and exit status for comparing.

fail() { echo "FAIL: $*" >&2; exit 1; }

# run TAG ENV... -- ARGS...: stdout, stderr and exit status into $work/TAG.*
run() {
  local tag=$1; shift
  local envs=()
  while [ "$1" != "--" ]; do envs+=("$1"); shift; done
  shift
  env "${envs[@]}" NO_COLOR=1 "$sluice" "$@" > "$work/$tag.out" 2> "$work/$tag.err"
  echo $? > "$work/$tag.rc"
}
