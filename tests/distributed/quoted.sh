#!/usr/bin/env bash
# A quoted deal's shards, merged, print what one process prints, market
# table included, to the byte (table, JSON, CSV and the per-scenario CSV),
# for k = 1, 2 and 3 shards on mixed engines: a part carries the base
# case's market basis (montecarlo/partial_market.hpp), and merge reads the
# quotes from it against the merged expected flows.
set -euo pipefail
sluice=$1 deal=$2 work=$3
n=${N:-600}
rm -rf "$work" && mkdir -p "$work" && cd "$work"
fail() { echo "FAIL: $*" >&2; exit 1; }

seed=5 SHARD_COUNTS="1 2 3"
. "$(dirname "$0")/merge_matches.sh"
grep -q '^market: ' one.txt || fail "the one-process run prints no market table"
grep -q 'model spread' one.txt || fail "the one-process run has no model spread"
grep -q '"market"' one.json || fail "the one-process JSON has no market"
echo "k = 1, 2, 3: the quoted deal's merged output, market table included, is byte-identical to one process"
echo "1 passed, 0 failed"
