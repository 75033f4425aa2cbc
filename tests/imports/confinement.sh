#!/bin/sh
# Import confinement holds when the standard library folder does not exist
# (SLUICE_STDLIB naming a missing folder, or a binary copied away from its
# tree): an absolute import outside the deal's folder is E0601, and nothing
# of the outside file reaches the output.
set -u
sluice="$1"; work="$2"
rm -rf "$work" && mkdir -p "$work/deal"
printf 'secret-line-that-must-not-leak\n' > "$work/outside.txt"
cat > "$work/deal/escape.deal" <<DEAL
import "$work/outside.txt"
deal "Escape" {
  currency USD
  start    2025-01-31
  horizon  12 months
}
DEAL
fail=0
for stdlib in "$work/no-such-stdlib" ""; do
  out=$(SLUICE_STDLIB="$stdlib" "$sluice" check "$work/deal/escape.deal" 2>&1); rc=$?
  case "$out" in *E0601*) ;; *) echo "FAIL (SLUICE_STDLIB='$stdlib'): no E0601: $out"; fail=1 ;; esac
  case "$out" in *secret-line*) echo "FAIL (SLUICE_STDLIB='$stdlib'): the outside file leaked: $out"; fail=1 ;; esac
  [ "$rc" = 65 ] || { echo "FAIL (SLUICE_STDLIB='$stdlib'): exit $rc, expected 65"; fail=1; }
done
[ "$fail" = 0 ] && echo "1 passed, 0 failed" || echo "0 passed, 1 failed"
exit "$fail"
