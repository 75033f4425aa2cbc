#!/bin/sh
# Library folders and lock files from the command line, where a golden
# cannot reach: $SLUICE_PATH (order, empty entries, a missing folder), a
# module that is a symbolic link out of its library folder, and `sluice
# lock` end to end (written, checked, a changed library file refused, a new
# or dropped import, a damaged lock). Each check prints FAIL with the output.
set -u
sluice="$1"; work="$2"
rm -rf "$work" && mkdir -p "$work/deal" "$work/libA/desk" "$work/libB/desk" "$work/outside"
fail=0; passed=0
note() { printf 'template note(p: Money = 1m USD, c: Ratio = %s) {\n  tranche senior { balance p  coupon c  amortization linear over 4 months }\n}\n' "$1"; }
note 6% > "$work/libA/desk/notes.deal"
note 3% > "$work/libB/desk/notes.deal"
note 9% > "$work/outside/notes.deal"
deal() {  # deal FILE IMPORT-LINES...
  f="$1"; shift
  { for i in "$@"; do echo "$i"; done
    cat <<'DEAL'
deal "Library" {
  param scale = 100%
  currency  USD
  start     2025-01-15
  period    monthly
  horizon   4 months
  day_count 30/360
  loan pool { balance 2m USD  rate 9%  amortization linear over 4 months }
  use desk.notes.note as x { p 2m USD * scale }
  equity E
  waterfall { pay x.interest  pay x.principal scheduled  pay E residual }
}
DEAL
  } > "$f"
}
deal "$work/deal/d.deal" "import desk.notes"
# expect NAME WANT-RC PATTERN [--not PATTERN] -- COMMAND...: the exit code and a pattern in stdout+stderr.
expect() {
  name="$1" want="$2" pat="$3"; shift 3
  notpat=""
  if [ "$1" = "--not" ]; then notpat="$2"; shift 2; fi
  shift  # --
  out=$("$@" 2>&1); rc=$?
  ok=1
  [ "$rc" = "$want" ] || ok=0
  case "$out" in *$pat*) ;; *) ok=0 ;; esac
  if [ -n "$notpat" ]; then case "$out" in *$notpat*) ok=0 ;; esac; fi
  if [ "$ok" = 1 ]; then passed=$((passed + 1)); else echo "FAIL $name: exit $rc (want $want), want '$pat'${notpat:+ and not '$notpat'}:"; echo "$out"; fail=1; fi
}

# $SLUICE_PATH: colon-separated, in order, after every --lib; empty entries skipped.
expect path_only 0 "1,2025-02-15,515000,0,10000," -- env SLUICE_PATH="::$work/libA:" "$sluice" run --format csv "$work/deal/d.deal"
expect path_order 0 "1,2025-02-15,515000,0,5000," -- env SLUICE_PATH="$work/libB:$work/libA" "$sluice" run --format csv "$work/deal/d.deal"
expect lib_before_path 0 "1,2025-02-15,515000,0,10000," -- env SLUICE_PATH="$work/libB" "$sluice" run --format csv --lib "$work/libA" "$work/deal/d.deal"
expect path_ambiguous_warns 0 "E0229" -- env SLUICE_PATH="$work/libB" "$sluice" check --lib "$work/libA" "$work/deal/d.deal"
expect path_missing_folder 66 "E0224" -- env SLUICE_PATH="$work/libA:$work/no-such" "$sluice" check "$work/deal/d.deal"
expect no_path 65 "E0600" -- env -u SLUICE_PATH "$sluice" check "$work/deal/d.deal"
# sweep and solve read the deal with the same folders.
expect sweep_lib 0 "E IRR" -- "$sluice" sweep "$work/deal/d.deal" --lib "$work/libA" --vary scale=50%,100% --format csv
# A module that is a symbolic link out of its library folder: refused, not skipped for the next folder.
mkdir -p "$work/libL/desk" && ln -s "$work/outside/notes.deal" "$work/libL/desk/notes.deal"
expect symlink_module 65 "E0601" -- "$sluice" check --lib "$work/libL" --lib "$work/libA" "$work/deal/d.deal"
# A folder of the module's name that is a link out of the library folder.
mkdir -p "$work/libD" && ln -s "$work/outside" "$work/libD/desk"
expect symlink_folder 65 "E0601" -- "$sluice" check --lib "$work/libD" "$work/deal/d.deal"
# A library folder that is itself a link is the folder it names: allowed.
ln -s "$work/libA" "$work/libLinked"
expect linked_library 0 "1,2025-02-15,515000,0,10000," -- "$sluice" run --format csv --lib "$work/libLinked" "$work/deal/d.deal"

# sluice lock: written beside the deal, pins the library file (and std's) by SHA-256.
deal "$work/deal/d.deal" "import desk.notes" "import std.gpu"
expect lock_written 0 "2 library files pinned" -- "$sluice" lock --lib "$work/libA" "$work/deal/d.deal"
want_a=$(sha256sum "$work/libA/desk/notes.deal" | cut -d' ' -f1)
grep -q "^$want_a  desk/notes.deal\$" "$work/deal/d.deal.lock" && passed=$((passed + 1)) || { echo "FAIL lock_hash: no '$want_a  desk/notes.deal' in:"; cat "$work/deal/d.deal.lock"; fail=1; }
grep -q "^[0-9a-f]\{64\}  std/gpu.deal\$" "$work/deal/d.deal.lock" && passed=$((passed + 1)) || { echo "FAIL lock_std: std/gpu.deal not pinned"; fail=1; }
expect lock_holds 0 "515000" -- "$sluice" run --format csv --lib "$work/libA" "$work/deal/d.deal"
# The same file found through another folder (another machine's mount) is the same pin.
cp -r "$work/libA" "$work/libA2"
expect lock_portable 0 "515000" -- "$sluice" run --format csv --lib "$work/libA2" "$work/deal/d.deal"
# A different file under the same name: the lock refuses it at the import.
expect lock_mismatch 65 "E0225" -- "$sluice" check --lib "$work/libB" "$work/deal/d.deal"
expect lock_mismatch_hint 65 "sluice lock" -- "$sluice" check --lib "$work/libB" "$work/deal/d.deal"
expect lock_mismatch_run 65 "d.deal:1:8" --not "515000" -- "$sluice" run --format csv --lib "$work/libB" "$work/deal/d.deal"
# A new import of a library file the lock does not pin; an import dropped.
deal "$work/deal/d.deal" "import desk.notes" "import std.gpu" "import std.abl"
expect lock_unpinned 65 "E0226" -- "$sluice" check --lib "$work/libA" "$work/deal/d.deal"
deal "$work/deal/d.deal" "import desk.notes"
expect lock_stale 65 "E0227" -- "$sluice" check --lib "$work/libA" "$work/deal/d.deal"
# A damaged lock file, located in it.
printf '# sluice lock v1\nnot a pin\n' > "$work/deal/d.deal.lock"
expect lock_damaged 65 "d.deal.lock:2:1: error?E0228?" -- "$sluice" check --lib "$work/libA" "$work/deal/d.deal"
printf 'hello\n' > "$work/deal/d.deal.lock"
expect lock_not_a_lock 65 "E0228" -- "$sluice" check --lib "$work/libA" "$work/deal/d.deal"
# Relocking rewrites it; the deal then runs.
expect relock 0 "1 library file pinned" -- "$sluice" lock --lib "$work/libA" "$work/deal/d.deal"
expect relocked_runs 0 "515000" -- "$sluice" run --format csv --lib "$work/libA" "$work/deal/d.deal"
# The lock is never written through a symbolic link.
rm "$work/deal/d.deal.lock" && ln -s "$work/outside/notes.deal" "$work/deal/d.deal.lock"
expect lock_symlink 73 "E0800" -- "$sluice" lock --lib "$work/libA" "$work/deal/d.deal"
rm "$work/deal/d.deal.lock"

[ "$fail" = 0 ] && echo "$passed passed, 0 failed" || echo "checks failed (passed $passed)"
exit "$fail"
