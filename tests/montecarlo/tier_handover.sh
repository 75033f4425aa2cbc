#!/usr/bin/env bash
# The tier of --engine auto (compiler/driver/tier.hpp): batches start on the
# interpreter and go to the JIT once it has compiled. Wherever the handover
# falls, the output is the bytes --engine interp and --engine jit print.
# SLUICE_HANDOVER=K forces it: batches that start before scenario K are
# interpreted, the rest wait for the JIT. For the flagship and Monte Carlo
# goldens (run, sweep, solve, a run that fails, a shard), K = 0 (all on the
# JIT), one batch, the middle, `never`, and the unforced tier; stdout,
# stderr and the exit status must all agree. A bad value is E0728.
#   tier_handover.sh SLUICE SOURCE_ROOT WORKDIR
set -uo pipefail
sluice=$1 root=$2 work=$3
rm -rf "$work" && mkdir -p "$work"
source "$(dirname "${BASH_SOURCE[0]}")/tier_common.sh"
golden=$root/tests/golden

same() {  # A B WHAT
  for s in out err rc; do
    cmp -s "$work/$1.$s" "$work/$2.$s" || { diff "$work/$1.$s" "$work/$2.$s" | head -20 >&2; fail "$3: $2 differs from $1 ($s)"; }
  done
}

# case NAME BATCH MID ARGS...: the engines, then the tier at each handover.
case_() {
  local name=$1 batch=$2 mid=$3; shift 3
  run "$name-interp" -- "$@" --engine interp
  run "$name-jit" -- "$@" --engine jit
  same "$name-interp" "$name-jit" "$name: the engines"
  for k in 0 "$batch" "$mid" never; do
    run "$name-at-$k" SLUICE_HANDOVER=$k SLUICE_TIER_LOG=1 -- "$@"
    # The log line is the only difference on stderr; it says who ran what.
    grep -q '^tier: ' "$work/$name-at-$k.err" || fail "$name, handover at $k: no tier log"
    grep -v '^tier: ' "$work/$name-at-$k.err" > "$work/$name-at-$k.tmp"; mv "$work/$name-at-$k.tmp" "$work/$name-at-$k.err"
    same "$name-interp" "$name-at-$k" "$name, handover at $k"
  done
  run "$name-auto" -- "$@"
  same "$name-interp" "$name-auto" "$name, unforced tier"
}

# Who ran which scenarios, from the log: handover at 0 is the JIT alone,
# `never` the interpreter alone, the middle both.
split_of() { sed -n 's/^tier: .*; \([0-9]*\) scenarios interpreted, \([0-9]*\) compiled$/\1 \2/p' "$work/$1.err.log"; }

flagship=$root/examples/gpu_lease_abs/gpu_lease_abs.deal
case_ flagship 64 320 run "$flagship" -n 1000 --seed 3 --threads 2 --batch 64 --format json
case_ flagship1 64 320 run "$flagship" -n 1000 --seed 3 --threads 1 --batch 64
# The log itself, kept this time: the split is what was forced.
for k in 0 320 never; do
  SLUICE_HANDOVER=$k SLUICE_TIER_LOG=1 "$sluice" run "$flagship" -n 1000 --seed 3 --threads 2 --batch 64 2> "$work/log-$k.err.log" > /dev/null ||
    fail "handover at $k: the run failed"
done
[ "$(split_of log-0)" = "0 1000" ] || fail "handover at 0 ran '$(split_of log-0)' (interpreted, compiled), not '0 1000'"
[ "$(split_of log-320)" = "320 680" ] || fail "handover at 320 ran '$(split_of log-320)', not '320 680'"
[ "$(split_of log-never)" = "1000 0" ] || fail "handover never ran '$(split_of log-never)', not '1000 0'"

case_ copula 17 204 run "$golden/montecarlo/mc_copula_table.deal" -n 400 --seed 3 --threads 3 --batch 17 --check
case_ json 5 30 run "$golden/montecarlo/mc_json.deal" -n 64 --seed 11 --batch 5 --fan-sample 16 --format json --check
case_ worst 16 200 run "$golden/montecarlo/mc_copula_table.deal" -n 400 --seed 3 --threads 3 --batch 16 --worst B.irr --top 5
case_ sweep 8 96 sweep "$golden/params/sweep_mc.deal" --vary vol=10%,40% -n 200 --seed 5 --batch 8 --format csv --check
case_ solve 100 1000 solve "$golden/params/solve_mc.deal" --vary vol=5%..60% --target "A PD <= 20%" -n 2000 --seed 5 --tol 0.1% --batch 100
# A run that stops: the same first failing scenario (1), found on either side
# of the handover (batches of one scenario: 0 | 1 | 2 ...).
case_ fails 1 2 run "$golden/montecarlo/fail_mc_nonfinite.deal" -n 50 --seed 1 --threads 2 --batch 1
[ "$(cat "$work/fails-interp.rc")" = 65 ] || fail "the failing run exited $(cat "$work/fails-interp.rc"), not 65"
grep -q 'scenario 1 (seed 1)' "$work/fails-interp.err" || fail "the failing run names another scenario"

# Shards: the tier in one, the interpreter and the JIT in the others, merged:
# the bytes of one process.
run whole -- run "$flagship" -n 600 --seed 9 --threads 2 --batch 50 --format csv --engine interp
SLUICE_HANDOVER=100 "$sluice" run "$flagship" -n 600 --seed 9 --threads 2 --batch 50 --shard 0/3 --out "$work/p0.bin" || fail "shard 0"
"$sluice" run "$flagship" -n 600 --seed 9 --threads 1 --batch 50 --shard 1/3 --engine jit --out "$work/p1.bin" || fail "shard 1"
SLUICE_HANDOVER=450 "$sluice" run "$flagship" -n 600 --seed 9 --threads 2 --batch 50 --shard 2/3 --out "$work/p2.bin" || fail "shard 2"
"$sluice" merge "$work"/p0.bin "$work"/p1.bin "$work"/p2.bin --format csv > "$work/merged.out" || fail "merge"
cmp -s "$work/whole.out" "$work/merged.out" || fail "shards with handovers, merged, differ from one interpreted process"

# A value that is not a scenario number: E0728, exit 64, nothing run.
run bad SLUICE_HANDOVER=soon -- run "$flagship" -n 100
[ "$(cat "$work/bad.rc")" = 64 ] || fail "SLUICE_HANDOVER=soon exited $(cat "$work/bad.rc"), not 64"
grep -q 'error\[E0728\]' "$work/bad.err" || fail "SLUICE_HANDOVER=soon: no E0728 in $(cat "$work/bad.err")"
[ ! -s "$work/bad.out" ] || fail "SLUICE_HANDOVER=soon printed a result"
echo "ok: the tier prints the engines' bytes with the handover at 0, one batch, the middle, never and unforced"
