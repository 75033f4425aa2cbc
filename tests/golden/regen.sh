#!/usr/bin/env bash
# Regenerates the expected block of golden tests from what sluice prints now.
#
#   tests/golden/regen.sh                 every tests/golden/*.deal
#   tests/golden/regen.sh fail_cycle.deal just these (names or paths)
#
# BUILD_DIR picks the build tree (default: build/ at the project root). It
# builds sluice and golden_runner first. Review `git diff tests/golden`
# afterwards: a changed expectation is a changed behaviour.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
build="${BUILD_DIR:-$root/build}"
case "$build" in /*) ;; *) build="$root/$build" ;; esac

if [ ! -f "$build/CMakeCache.txt" ]; then
  cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release
fi
cmake --build "$build" --target sluice golden_runner

sluice="$build/sluice"
runner="$build/tests/golden/golden_runner"
[ -x "$sluice" ] || { echo "regen.sh: no sluice binary at $sluice" >&2; exit 1; }
[ -x "$runner" ] || { echo "regen.sh: no golden_runner at $runner" >&2; exit 1; }

cd "$here"
if [ "$#" -gt 0 ]; then
  files=()
  for f in "$@"; do files+=("$(basename "$f")"); done
else
  files=(*.deal)
fi

failed=0
for f in "${files[@]}"; do
  "$runner" "$sluice" "$f" --update || failed=1
done
exit "$failed"
