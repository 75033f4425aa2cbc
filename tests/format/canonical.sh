#!/usr/bin/env bash
# What users copy is in the formatter's layout: every example and standard
# library file passes `sluice fmt --check` (exit 0, nothing to change), so a
# user who runs `sluice fmt` on a copied example sees no diff but their own.
#   canonical.sh SLUICE SOURCE_DIR
set -u
sluice=$1 src=$2
failures=0 checked=0
while IFS= read -r -d '' f; do
  checked=$((checked + 1))
  if ! "$sluice" fmt --check "$f" > /dev/null 2> err.txt; then
    echo "FAIL: $f is not in sluice fmt's layout: run \`sluice fmt --write $f\`"
    failures=$((failures + 1))
  fi
done < <(find "$src/examples" "$src/stdlib" -name '*.deal' -print0 | sort -z)
rm -f err.txt
[ "$checked" -gt 0 ] || { echo "FAIL: no deal files found under $src"; exit 1; }
[ "$failures" = 0 ] || { echo "$failures of $checked files are not canonical"; exit 1; }
echo "ok: $checked example and standard-library files are canonical"
