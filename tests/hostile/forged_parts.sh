#!/usr/bin/env bash
# One forged partial result (forge_part.cpp: a genuine part, one field
# changed, the checksum recomputed) given to `sluice merge` alone, as the
# one shard of its run (so no sibling's cross-check can mask a missing
# check of the part against itself): merge refuses it with E0810 and exit 65, prints nothing on stdout
# and never crashes (a signal) or hangs. `deal_control_chars` is no forgery:
# merge accepts it and prints the deal's title with its control bytes escaped.
#   forged_parts.sh SLUICE FORGE DEAL WORK MUTATION
set -uo pipefail
sluice=$1 forge=$2 deal=$3 work=$4 mutation=$5
rm -rf "$work" && mkdir -p "$work" && cd "$work" || exit 1
fail() { echo "FAIL ($mutation): $*" >&2; exit 1; }

"$sluice" run "$deal" -n 200 --seed 5 --threads 1 --shard 0/1 --out part0.bin || fail "shard"
"$forge" part0.bin forged.bin "$mutation" || fail "forge_part could not forge it"

for format in table json csv; do
  rc=0
  timeout 60 "$sluice" merge forged.bin --format $format --scenarios-out scen.csv > out.txt 2> err.txt || rc=$?
  [ "$rc" -lt 124 ] || fail "merge --format $format died or hung (exit $rc): $(cat err.txt)"
  if [ "$mutation" = deal_control_chars ]; then
    [ "$rc" -eq 0 ] || fail "merge refused a deal title (exit $rc): $(cat err.txt)"
    # No byte below 0x20 but the newline, no DEL, no C1 control: nothing a terminal obeys.
    if LC_ALL=C grep -q $'[\x01-\x09\x0b-\x1f\x7f]' out.txt scen.csv; then fail "--format $format printed a control byte"; fi
    if LC_ALL=C grep -q $'\xc2[\x80-\x9f]\|\x9b' out.txt; then fail "--format $format printed a C1 control"; fi
    continue
  fi
  [ "$rc" -eq 65 ] || fail "merge --format $format exited $rc, not 65: $(cat err.txt)"
  grep -q 'error\[E0810\]' err.txt || fail "no E0810: $(cat err.txt)"
  [ ! -s out.txt ] || fail "merge printed output for a forged part"
  [ ! -e scen.csv ] || fail "merge wrote --scenarios-out for a forged part"
  if LC_ALL=C grep -q $'[\x01-\x09\x0b-\x1f\x7f]' err.txt; then fail "the diagnostic printed a control byte"; fi
done
echo "ok: $mutation"
