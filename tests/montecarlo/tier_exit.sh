#!/usr/bin/env bash
# A run that ends before its tier's compile does not wait for it at exit
# (compiler/driver/tier.hpp, leave): the output is written, the process ends
# with its exit code, and the compile, still in LLVM, ends with it. Nothing
# here times anything: SLUICE_TIER_STALL=1 makes the compile run to its end
# whatever the run and then hold its result until something waits for it,
# so a run that never waits for the JIT (more batches than threads, the
# handover unforced) certainly ends with its compile in flight, and
# SLUICE_TIER_LOG says whether the process left without it. A process that
# waited for its compile at exit prints no such line.
#   tier_exit.sh SLUICE SOURCE_ROOT WORKDIR
set -uo pipefail
sluice=$1 root=$2 work=$3
rm -rf "$work" && mkdir -p "$work"
source "$(dirname "${BASH_SOURCE[0]}")/tier_common.sh"
golden=$root/tests/golden
flagship=$root/examples/gpu_lease_abs/gpu_lease_abs.deal
left_line='^tier: left at exit without waiting for the abandoned compile$'

# left TAG: the process left its compile behind; TAG.err.plain is its
# stderr without the tier's lines.
left() {
  grep -q "$left_line" "$work/$1.err" || fail "$1: the process did not leave its compile behind: $(cat "$work/$1.err")"
  grep -v '^tier: ' "$work/$1.err" > "$work/$1.err.plain"
}

same() {  # A B WHAT: B's stdout, stderr (tier lines dropped) and status are A's
  cmp -s "$work/$1.out" "$work/$2.out" || { diff "$work/$1.out" "$work/$2.out" | head -20 >&2; fail "$3: stdout differs"; }
  cmp -s "$work/$1.err" "$work/$2.err.plain" || { diff "$work/$1.err" "$work/$2.err.plain" | head -20 >&2; fail "$3: stderr differs"; }
  cmp -s "$work/$1.rc" "$work/$2.rc" || fail "$3: exit $(cat "$work/$2.rc"), not $(cat "$work/$1.rc")"
}

stall=(SLUICE_TIER_STALL=1 SLUICE_TIER_LOG=1)

# The flagship, 300 scenarios on one thread in batches of 64: five batches,
# so the tier compiles; every one is interpreted, the compile left in flight.
args=(run "$flagship" -n 300 --seed 7 --threads 1 --batch 64)
run interp -- "${args[@]}" --engine interp
run tier "${stall[@]}" -- "${args[@]}"
left tier
same interp tier "the flagship, its compile left in flight"
grep -q '; 300 scenarios interpreted, 0 compiled$' "$work/tier.err" || fail "the flagship's run was not all interpreted: $(cat "$work/tier.err")"

# The report to a file: the file is whole when the process leaves.
run interp-file -- "${args[@]}" --format json --engine interp --out "$work/interp.json"
run tier-file "${stall[@]}" -- "${args[@]}" --format json --out "$work/tier.json"
left tier-file
same interp-file tier-file "the flagship to a file"
cmp -s "$work/interp.json" "$work/tier.json" || fail "the file written before leaving differs from the interpreter's"

# A run that fails keeps its exit code (65) and its diagnostic.
fails=(run "$golden/montecarlo/fail_mc_nonfinite.deal" -n 50 --seed 1 --threads 1 --batch 1)
run fails-interp -- "${fails[@]}" --engine interp
run fails "${stall[@]}" -- "${fails[@]}"
[ "$(cat "$work/fails-interp.rc")" = 65 ] || fail "the failing run exited $(cat "$work/fails-interp.rc"), not 65"
left fails
same fails-interp fails "a failing run"

# A sweep: each point's tier leaves its compile to the process; a later
# point's compile waits its turn (never two in LLVM); the last is in flight
# at exit.
sweep=(sweep "$golden/params/sweep_mc.deal" --vary vol=10%,25%,40% -n 200 --seed 5 --threads 1 --batch 8 --format csv)
run sweep-interp -- "${sweep[@]}" --engine interp
run sweep "${stall[@]}" -- "${sweep[@]}"
left sweep
same sweep-interp sweep "a sweep"

# A compile that has ended is joined and the process ends as usual: with the
# handover at 0 every batch waits for the JIT.
run joined SLUICE_HANDOVER=0 SLUICE_TIER_LOG=1 -- "${args[@]}"
grep -q "$left_line" "$work/joined.err" && fail "a run whose compile had ended says it left one behind"
grep -q '; 0 scenarios interpreted, 300 compiled$' "$work/joined.err" || fail "handover at 0 was not all compiled: $(cat "$work/joined.err")"
cmp -s "$work/interp.out" "$work/joined.out" || fail "the run on the JIT differs from the interpreter's"

# A compile that fills the object cache is never abandoned: the process waits
# for it, and the cache holds the whole object and no temporary file.
run cached SLUICE_JIT_CACHE="$work/cache" "${stall[@]}" -- "${args[@]}"
grep -q "$left_line" "$work/cached.err" && fail "a run filling the object cache left its compile behind"
cmp -s "$work/interp.out" "$work/cached.out" || fail "the run filling the cache differs from the interpreter's"
objects=$(find "$work/cache" -type f -name '*.o' | wc -l)
[ "$objects" = 1 ] || fail "the cache holds $objects objects, not 1: $(ls -la "$work/cache")"
[ -z "$(find "$work/cache" -type f ! -name '*.o')" ] || fail "the cache holds a file that is not an object: $(ls -la "$work/cache")"
echo "ok: a run too short for its compile prints its output and leaves it behind; an ended or cache-filling compile is waited for"
