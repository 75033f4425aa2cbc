#!/usr/bin/env bash
# Control bytes in a deal's text (its title) never reach the terminal raw:
# tables, `sluice ast` and `sluice ir` print them as `?` as diagnostics do, JSON escapes them (\u001b),
# and nothing printed holds a byte a terminal obeys (C0, DEL, C1).
#   control_chars.sh SLUICE DEAL WORK
set -uo pipefail
sluice=$1 deal_src=$2 work=$3
rm -rf "$work" && mkdir -p "$work" && cd "$work" || exit 1
fail() { echo "FAIL: $*" >&2; exit 1; }
# The title sets the terminal's title, clears the screen and opens a C1 CSI.
sed 's/^deal "\([^"]*\)"/deal "\1\x1b]0;owned\x07\x1b[2J\xc2\x9b!"/' "$deal_src" > title.deal
grep -q owned title.deal || fail "the test deal has no title to change"
raw() { LC_ALL=C grep -q $'[\x01-\x09\x0b-\x1f\x7f]\|\xc2[\x80-\x9f]' "$@"; }
check() {  # WHAT -- command...
  local what=$1; shift 2
  "$@" > out.txt 2> err.txt || fail "$what: exit $?: $(cat err.txt)"
  grep -q owned out.txt || fail "$what: the title is not printed"
  if raw out.txt; then fail "$what: a control byte reached the output"; fi
}
check "run (table)" -- "$sluice" run title.deal
grep -q '?\]0;owned??\[2J?!' out.txt || fail "run: the title is not escaped as diagnostics escape it: $(head -1 out.txt)"
check "run --format json" -- "$sluice" run title.deal --format json
grep -q '\\u001b\]0;owned\\u0007' out.txt || fail "run --format json: the title is not JSON-escaped"
check "run -n (table)" -- "$sluice" run title.deal -n 50
check "run -n --format json" -- "$sluice" run title.deal -n 50 --format json
"$sluice" run title.deal -n 50 --seed 3 --shard 0/1 --out part.bin || fail "shard"
check "merge (table)" -- "$sluice" merge part.bin
for cmd in ast ir; do
  "$sluice" $cmd title.deal > out.txt 2> err.txt || fail "$cmd: $(cat err.txt)"
  grep -q owned out.txt || fail "$cmd: the title is not printed"
  if raw out.txt; then fail "$cmd: a control byte reached the output"; fi
done
echo "ok: control bytes in a deal's title are escaped in tables and JSON"
