#!/usr/bin/env bash
# Regenerates the expected block of golden tests from what sluice prints now.
#
#   tests/golden/regen.sh                           every test, in every folder
#   tests/golden/regen.sh names/fail_cycle_long.deal  just these: folder/name,
#   tests/golden/regen.sh fail_cycle_long             a bare name (found in its
#                                                     folder), or a path
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

caller="$PWD"
cd "$here"
# Every test: each .deal in a folder of tests/golden, except what inputs/
# folders hold (files a test runs instead of itself).
all_tests() { find . -mindepth 2 -name '*.deal' -not -path '*/inputs/*' | sed 's#^\./##' | LC_ALL=C sort; }

files=()
if [ "$#" -gt 0 ]; then
  for arg in "$@"; do
    name="${arg%.deal}.deal"
    if [ "${name#/}" != "$name" ] && [ -f "$name" ]; then
      files+=("$name")  # an absolute path
    elif [ -f "$caller/$name" ]; then
      files+=("$caller/$name")  # a path from where regen.sh was called
    elif [ -f "$here/$name" ]; then
      files+=("$name")  # folder/name under tests/golden
    else
      # A bare name, looked up in every folder.
      found=$(all_tests | grep -E "(^|/)${name##*/}\$" || true)
      case "$(printf '%s' "$found" | grep -c .)" in
        1) files+=("$found") ;;
        0) echo "regen.sh: no golden test $arg" >&2; exit 1 ;;
        *) echo "regen.sh: $arg names several tests; give its folder:" $found >&2; exit 1 ;;
      esac
    fi
  done
else
  while IFS= read -r f; do files+=("$f"); done < <(all_tests)
fi

failed=0
for f in "${files[@]}"; do
  "$runner" "$sluice" "$f" --update || failed=1
done
exit "$failed"
