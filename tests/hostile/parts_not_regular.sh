#!/usr/bin/env bash
# `sluice merge` reads parts only from regular files: /dev/zero (which once
# read until the allocator aborted), a FIFO (which once blocked forever) and
# a folder are refused at once with E0800 naming the file, exit 66.
#   parts_not_regular.sh SLUICE DEAL WORK
set -uo pipefail
sluice=$1 deal=$2 work=$3
rm -rf "$work" && mkdir -p "$work" && cd "$work" || exit 1
fail() { echo "FAIL: $*" >&2; exit 1; }

"$sluice" run "$deal" -n 100 --seed 5 --threads 1 --shard 0/2 --out part0.bin || fail "shard 0"
mkfifo fifo.bin || fail "mkfifo"
mkdir folder.bin
for bad in /dev/zero fifo.bin folder.bin; do
  rc=0
  start=$(date +%s)
  timeout 20 "$sluice" merge part0.bin "$bad" > out.txt 2> err.txt || rc=$?
  [ "$rc" -ne 124 ] || fail "merge $bad hung"
  [ "$rc" -eq 66 ] || fail "merge $bad exited $rc, not 66: $(cat err.txt)"
  grep -q "error\[E0800\]: cannot read \`$bad\`" err.txt || fail "merge $bad: no E0800 naming it: $(cat err.txt)"
  [ $(( $(date +%s) - start )) -le 5 ] || fail "merge $bad took more than 5 s to refuse"
  [ ! -s out.txt ] || fail "merge $bad printed output"
done
echo "ok: /dev/zero, a FIFO and a folder are refused as parts"
