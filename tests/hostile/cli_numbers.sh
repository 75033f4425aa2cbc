#!/usr/bin/env bash
# Numbers on the command line are read strictly (docs/reliability.md,
# "The command line"): a sign where none belongs, an overflow, text after
# the number or a value out of its range is refused with a rendered
# E0704 and exit 64, and nothing is printed on stdout; a sweep's grid is
# counted without overflow (8 axes of 256 values used to wrap to "sweep of 0
# points", exit 0); a param given twice (two --vary, --vary and --set, two
# --set) is E0705, where the later one used to win silently.
#   cli_numbers.sh SLUICE PARAMS_DEAL WORK (PARAMS_DEAL declares `param advance`)
set -uo pipefail
sluice=$1 params_src=$2 work=$3
rm -rf "$work" && mkdir -p "$work" && cd "$work" || exit 1
cp "$params_src" deal.deal
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
refused() {  # CODE WHAT -- command...
  local code=$1 what=$2; shift 3
  local rc=0
  "$@" > out.txt 2> err.txt || rc=$?
  [ "$rc" -eq 64 ] || { fail "$what: exit $rc, not 64: $(cat err.txt out.txt | head -3)"; return; }
  grep -q "^error\[$code\]: " err.txt || fail "$what: no rendered error[$code]: $(cat err.txt)"
  [ ! -s out.txt ] || fail "$what: printed on stdout: $(head -3 out.txt)"
}
accepted() {  # WHAT -- command...
  local what=$1; shift 2
  "$@" > out.txt 2> err.txt || fail "$what: refused: $(cat err.txt)"
}

for seed in -1 +1 18446744073709551616 99999999999999999999999 1x 0x10 1.5 1e3 "" " 7" 1__0 _1 1_; do
  refused E0704 "--seed '$seed'" -- "$sluice" run deal.deal -n 10 --seed "$seed"
done
refused E0704 "--seed=-1" -- "$sluice" run deal.deal -n 10 --seed=-1
for n in -5 0 100000001 10.5 1e3 18446744073709551617 10k; do
  refused E0704 "-n '$n'" -- "$sluice" run deal.deal -n "$n"
done
for t in 0 -1 1025 99999999999999999999 2x; do
  refused E0704 "--threads '$t'" -- "$sluice" run deal.deal -n 10 --threads "$t"
done
refused E0704 "--batch 0" -- "$sluice" run deal.deal -n 10 --batch 0
refused E0704 "--batch 1048577" -- "$sluice" run deal.deal -n 10 --batch 1048577
refused E0704 "--fan-sample 0" -- "$sluice" run deal.deal -n 10 --fan-sample 0
refused E0704 "--fan-sample -1" -- "$sluice" run deal.deal -n 10 --fan-sample -1
refused E0704 "sweep --seed -1" -- "$sluice" sweep deal.deal --vary advance=90%,95% -n 10 --seed -1
refused E0704 "solve -n 1e3" -- "$sluice" solve deal.deal --vary advance=90%..100% --target "A loss <= 0%" -n 1e3
for m in 1 1001 -60 60x; do
  refused E0704 "solve --max-runs '$m'" -- "$sluice" solve deal.deal --vary advance=90%..100% --target "A loss <= 0%" --max-runs "$m"
done
for shard in -1/2 0/-2 +0/2 0/18446744073709551616 0/2x 2/2; do
  refused E0706 "--shard '$shard'" -- "$sluice" run deal.deal -n 10 --shard "$shard" --out part.bin
done
for steps in -3 3x 1 1001 99999999999999999999 +3; do
  refused E0706 "--vary steps '$steps'" -- "$sluice" sweep deal.deal --vary "advance=90%..95%:$steps"
done

# Options that do not go together: E0707.
refused E0707 "--shard without -n" -- "$sluice" run deal.deal --shard 0/2 --out part.bin
refused E0707 "--shard without --out" -- "$sluice" run deal.deal -n 10 --shard 0/2

# A grid too large to count in 64 bits: refused, never "sweep of 0 points".
axes=()
for k in 1 2 3 4 5 6 7 8; do axes+=(--vary "p$k=0..255:256"); done
refused E0706 "8 axes of 256 values" -- "$sluice" sweep deal.deal "${axes[@]}"
grep -q "0 points" err.txt out.txt && fail "the 2^64-point grid was counted as 0 points"
refused E0706 "a grid of 100,001 points" -- "$sluice" sweep deal.deal --vary a=0..1:1000 --vary b=0..1:101

# A param given twice.
refused E0705 "--vary twice" -- "$sluice" sweep deal.deal --vary advance=90%,95% --vary advance=80%,85%
refused E0705 "--vary and --set" -- "$sluice" sweep deal.deal --vary advance=90%,95% --set advance=80%
refused E0705 "--set twice" -- "$sluice" run deal.deal --set advance=80% --set advance=90%
refused E0705 "solve --vary and --set" -- "$sluice" solve deal.deal --vary advance=90%..100% --target "A loss <= 0%" --set advance=80%

# What CLI11 itself refuses is said as every other refusal is: coded, the
# command named, a hint (the nearest option for a misspelt one).
refused E0729 "a misspelt option" -- "$sluice" run deal.deal --sed 7
grep -q "did you mean .*\`--seed\`" err.txt || fail "--sed: no hint naming --seed: $(cat err.txt)"
refused E0729 "a misspelt command" -- "$sluice" swep deal.deal
grep -q "did you mean \`sluice sweep\`" err.txt || fail "swep: no hint naming sweep: $(cat err.txt)"
refused E0729 "an extra argument" -- "$sluice" check deal.deal other.deal
refused E0730 "-n twice" -- "$sluice" run deal.deal -n 10 -n 20
refused E0731 "--seed without its value" -- "$sluice" run deal.deal -n 10 --seed
refused E0731 "run without a deal" -- "$sluice" run
refused E0731 "no command" -- "$sluice"
refused E0729 "an option before the command" -- "$sluice" --frobnicate
grep -q "Run with --help" err.txt && fail "CLI11's own sentence is still printed"

# `explain` takes a code, not any text with digits in it.
for code in x3y0z0 E0300x E-300 E03000 ""; do
  "$sluice" explain "$code" > out.txt 2> err.txt && fail "explain '$code' was accepted: $(cat out.txt)"
done
accepted "explain E0300" -- "$sluice" explain E0300
accepted "explain 300" -- "$sluice" explain 300

# What fits is accepted: the largest seed, digit separators, leading zeros.
accepted "--seed 18446744073709551615" -- "$sluice" run deal.deal -n 10 --seed 18446744073709551615
accepted "-n 1_000 --seed 007" -- "$sluice" run deal.deal -n 1_000 --seed 007 --threads 2
accepted "--max-runs 2" -- "$sluice" solve deal.deal --vary advance=90%..100% --target "A loss <= 0%" --max-runs 2
"$sluice" run deal.deal -n 10 --seed 0 > a.txt && "$sluice" run deal.deal -n 10 --seed 0_0 > b.txt && cmp -s a.txt b.txt ||
  fail "--seed 0_0 is not --seed 0"

[ "$failures" = 0 ] || { echo "$failures failed"; exit 1; }
echo "ok: command-line numbers"
