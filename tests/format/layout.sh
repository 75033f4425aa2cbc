#!/usr/bin/env bash
# Exact layouts: `sluice fmt NAME.in.deal` must print NAME.out.deal byte for
# byte, and NAME.out.deal must already be canonical.
# usage: layout.sh SLUICE CASES_DIR
set -u
sluice=$1 cases=$2
export NO_COLOR=1
got=$(mktemp)
trap 'rm -f "$got"' EXIT
failures=0 count=0
for input in "$cases"/*.in.deal; do
  want=${input%.in.deal}.out.deal
  name=$(basename "${input%.in.deal}")
  count=$((count + 1))
  if [ ! -f "$want" ]; then
    echo "FAIL $name: no $(basename "$want")"
    failures=$((failures + 1))
    continue
  fi
  if ! "$sluice" fmt "$input" >"$got"; then
    echo "FAIL $name: sluice fmt failed"
    failures=$((failures + 1))
    continue
  fi
  if ! cmp -s "$want" "$got"; then
    echo "FAIL $name: the layout differs from $(basename "$want"):"
    diff -u "$want" "$got" | head -40
    failures=$((failures + 1))
  fi
  if ! "$sluice" fmt --check "$want" >/dev/null; then
    echo "FAIL $name: $(basename "$want") is not canonical"
    failures=$((failures + 1))
  fi
done
echo "$count cases, $failures failures"
[ "$count" -gt 0 ] && [ "$failures" = 0 ]
