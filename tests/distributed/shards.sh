#!/usr/bin/env bash
# Shards and merge from the command line: k = 1, 2 and 4 shards of one run,
# merged, print what one process prints, to the byte (table, JSON, CSV and
# the per-scenario CSV); a missing, repeated, foreign or cut-short part is
# refused with a code; a killed shard leaves no file that merge accepts.
set -euo pipefail
sluice=$1 deal=$2 work=$3
n=${N:-2000}
rm -rf "$work" && mkdir -p "$work" && cd "$work"
fail() { echo "FAIL: $*" >&2; exit 1; }

seed=7 SHARD_COUNTS="1 2 4"
. "$(dirname "$0")/merge_matches.sh"
echo "k = 1, 2, 4: merged output is byte-identical to one process"

expect_refusal() {  # CODE DESCRIPTION -- command...
  local code=$1 what=$2; shift 3
  local rc=0
  "$@" > out.txt 2> err.txt || rc=$?
  [ "$rc" -ne 0 ] || fail "$what: merge accepted it"
  grep -q "error\[$code\]" err.txt || { cat err.txt >&2; fail "$what: expected $code"; }
  [ ! -s out.txt ] || fail "$what: printed output anyway"
}
expect_refusal E0811 "a missing shard" -- "$sluice" merge part4-0.bin part4-1.bin part4-3.bin
grep -q "a shard is missing" err.txt || fail "missing shard: no reason given"
expect_refusal E0811 "a repeated shard" -- "$sluice" merge part2-0.bin part2-1.bin part2-1.bin
"$sluice" run "$deal" -n "$n" --seed 8 --threads 1 --shard 1/2 --out seed8.bin
expect_refusal E0811 "another seed" -- "$sluice" merge part2-0.bin seed8.bin
grep -q "seed 7 and seed 8" err.txt || fail "another seed: not named"
"$sluice" run "$deal" -n "$n" --seed 7 --threads 1 --set advance_A=55% --shard 1/2 --out set.bin
expect_refusal E0811 "another --set" -- "$sluice" merge part2-0.bin set.bin
head -c 5000 part2-1.bin > cut.bin
expect_refusal E0810 "a part cut short" -- "$sluice" merge part2-0.bin cut.bin
grep -q "cut short" err.txt || fail "cut part: not said"
expect_refusal E0810 "a deal file" -- "$sluice" merge part2-0.bin "$deal"

# A shard killed mid-run leaves no file at --out; whatever it left beside it
# is not a part.
"$sluice" run "$deal" -n 2000000 --seed 7 --threads 1 --shard 0/1 --out killed.bin &
pid=$!
sleep 2
kill -KILL $pid 2> /dev/null || true
wait $pid 2> /dev/null || true
[ ! -e killed.bin ] || fail "a killed shard left its --out file"
for f in killed.bin.tmp-*; do
  [ -e "$f" ] || continue
  expect_refusal E0810 "a killed shard's temporary file" -- "$sluice" merge "$f"
done

# Usage errors: a shard needs -n and --out, and writes a part and nothing else.
usage() {  # DESCRIPTION -- run arguments...
  local what=$1; shift 2
  local rc=0
  "$sluice" run "$deal" "$@" > /dev/null 2> err.txt || rc=$?
  [ "$rc" -eq 64 ] || fail "$what: exit $rc, expected 64"
  [ ! -e x.bin ] || fail "$what: wrote a file"
}
usage "no -n" -- --shard 0/2 --out x.bin
usage "no --out" -- -n 10 --shard 0/2
usage "i past k" -- -n 10 --shard 2/2 --out x.bin
usage "--format" -- -n 10 --shard 0/2 --out x.bin --format json
usage "--report" -- -n 10 --shard 0/2 --out x.bin --report r.html
usage "--shard with --mpi" -- -n 10 --shard 0/2 --out x.bin --mpi
echo "refusals: missing, repeated, other seed, other --set, cut short, not a part, killed shard, usage"
echo "1 passed, 0 failed"
