#!/bin/sh
# A stress that writes out the base case's own path gives the base case's
# numbers exactly, on both engines; a stress that changes something does
# not; and the two engines agree to the bit on a stress's period table.
# Usage: same_as_base.sh SLUICE DEAL   (DEAL declares stresses `same` and `rent_and_default`)
set -eu
sluice=$1
deal=$2
fail() { echo "FAIL: $*" >&2; exit 1; }
for engine in interp jit; do
  base=$("$sluice" run "$deal" --format csv --engine "$engine")
  same=$("$sluice" run "$deal" --stress same --format csv --engine "$engine")
  [ "$base" = "$same" ] || fail "--stress same differs from the base case on $engine"
  stressed=$("$sluice" run "$deal" --stress rent_and_default --format csv --engine "$engine")
  [ "$base" != "$stressed" ] || fail "--stress rent_and_default equals the base case on $engine"
done
a=$("$sluice" run "$deal" --stress rent_and_default --format csv --engine interp)
b=$("$sluice" run "$deal" --stress rent_and_default --format csv --engine jit)
[ "$a" = "$b" ] || fail "the engines differ on --stress rent_and_default"

# The HTML report records the run and shows the stress table, or the worst
# scenarios under --worst.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$sluice" run "$deal" --stress all -n 50 --seed 3 --report "$work/all.html" > /dev/null
for want in 'id="run"' 'id="stresses"' 'rent_and_default' 'Monte Carlo (mean)' '--stress all -n 50 --seed 3' 'Sluice version' \
            '<dd>3</dd>' '<dd>50</dd>'; do
  grep -q -e "$want" "$work/all.html" || fail "the --stress all report lacks $want"
done
"$sluice" run "$deal" -n 50 --seed 3 --worst A.loss --top 3 --report "$work/worst.html" > /dev/null
grep -q 'id="worst"' "$work/worst.html" || fail "the --worst report lacks the worst scenarios"
grep -q 'The 3 scenarios worst by A.loss' "$work/worst.html" || fail "the --worst report lacks the list's caption"
echo ok
