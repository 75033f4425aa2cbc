#!/usr/bin/env bash
# Every file the command line writes (docs/reliability.md, "Outputs"):
#  - a device is written through, never replaced: --out /dev/null discards,
#    /dev/full fails with E0800 and exit 73, and both stay devices;
#  - a symbolic link is never replaced nor followed to a regular file
#    (refused, exit 73); one to a device or pipe is written through;
#  - the outputs of one command land together or none changes (one that
#    fails leaves the others as they were, and no temporary file behind);
#  - an output that is an input (the deal, a file it imports, a CSV a
#    factor reads, a part of merge; by device and inode: a hard link or
#    symbolic link too) is refused with E0812, exit 64, for every command:
#    run, a shard, sweep, solve and merge;
#  - a full file system (a 64 KiB tmpfs, when this user may mount one)
#    leaves the previous file whole, exit 73;
#  - a replaced file keeps its permissions.
#   outputs.sh SLUICE DEAL PARAMS_DEAL WORK (PARAMS_DEAL declares `param advance`)
set -uo pipefail
sluice=$1 deal_src=$2 params_src=$3 work=$4
rm -rf "$work" && mkdir -p "$work" && cd "$work" || exit 1
fail() { echo "FAIL: $*" >&2; exit 1; }
cp "$deal_src" deal.deal
cp "$params_src" params.deal
expect() {  # RC CODE WHAT -- command...
  local want=$1 code=$2 what=$3; shift 4
  local rc=0
  "$@" > out.txt 2> err.txt || rc=$?
  [ "$rc" -eq "$want" ] || fail "$what: exit $rc, not $want: $(cat err.txt)"
  [ -z "$code" ] || grep -q "error\[$code\]" err.txt || fail "$what: no $code: $(cat err.txt)"
}
no_temporaries() { ! ls -A "${1:-.}" | grep -q '\.tmp' || fail "$2: a temporary file was left: $(ls -A "${1:-.}")"; }

# Devices: written through, never replaced. As root the test makes its own
# null and full devices, so a sluice that replaces them (as one did) breaks
# nothing outside this folder; an ordinary user cannot replace /dev's.
null=/dev/null full=/dev/full
if [ "$(id -u)" = 0 ] && mknod -m 666 null c 1 3 2>/dev/null && mknod -m 666 full c 1 7 2>/dev/null; then
  null=$work/null full=$work/full-device
  mv full "$full"
fi
expect 0 "" "run --out /dev/null" -- "$sluice" run deal.deal --out "$null"
[ -c "$null" ] || fail "/dev/null is no longer a device"
[ ! -s out.txt ] || fail "run --out /dev/null printed to stdout"
expect 0 "" "run -n --report /dev/null" -- "$sluice" run deal.deal -n 50 --report "$null" --scenarios-out /dev/stdout
[ -c "$null" ] || fail "/dev/null is no longer a device"
grep -q '^scenario,' out.txt || fail "--scenarios-out /dev/stdout did not reach stdout"
if [ -c "$full" ]; then
  expect 73 E0800 "run --out /dev/full" -- "$sluice" run deal.deal --out "$full"
  [ -c "$full" ] || fail "/dev/full is no longer a device"
  expect 73 E0800 "run --report /dev/full" -- "$sluice" run deal.deal --report "$full"
  [ -c "$full" ] || fail "/dev/full is no longer a device"
  expect 73 E0800 "shard --out /dev/full" -- "$sluice" run deal.deal -n 50 --shard 0/1 --out "$full"
  [ -c "$full" ] || fail "/dev/full is no longer a device"
fi
# A pipe: written through (the reader gets the table), still a pipe after.
mkfifo pipe
cat pipe > from-pipe.txt &
reader=$!
expect 0 "" "run --out FIFO" -- timeout 60 "$sluice" run deal.deal --out pipe
wait $reader
[ -p pipe ] || fail "the FIFO was replaced"
"$sluice" run deal.deal > table.txt
cmp -s from-pipe.txt table.txt || fail "the FIFO's reader did not get the table"

# Symbolic links: never replaced, never followed to a regular file.
echo "precious" > target.txt
ln -s target.txt link.txt
for opt in "--out" "--report"; do
  expect 73 E0800 "run $opt LINK" -- "$sluice" run deal.deal $opt link.txt
  [ -L link.txt ] || fail "run $opt replaced the symbolic link"
  [ "$(cat target.txt)" = precious ] || fail "run $opt wrote through the link"
done
expect 73 E0800 "shard --out LINK" -- "$sluice" run deal.deal -n 50 --shard 0/1 --out link.txt
"$sluice" run deal.deal -n 60 --seed 2 --shard 0/2 --out part0.bin || fail "shard 0"
"$sluice" run deal.deal -n 60 --seed 2 --shard 1/2 --out part1.bin || fail "shard 1"
expect 73 E0800 "merge --out LINK" -- "$sluice" merge part0.bin part1.bin --out link.txt
expect 73 E0800 "merge --scenarios-out LINK" -- "$sluice" merge part0.bin part1.bin --scenarios-out link.txt
[ -L link.txt ] && [ "$(cat target.txt)" = precious ] || fail "merge replaced the link or its target"
ln -s "$null" null-link
expect 0 "" "run --out LINK-TO-/dev/null" -- "$sluice" run deal.deal --out null-link
[ -L null-link ] || fail "the link to /dev/null was replaced"
ln -s nowhere dangling
expect 73 E0800 "run --out DANGLING-LINK" -- "$sluice" run deal.deal --out dangling
[ -L dangling ] && [ ! -e nowhere ] || fail "the dangling link was replaced or followed"
mkdir folder
expect 73 E0800 "run --out FOLDER" -- "$sluice" run deal.deal --out folder
no_temporaries . "links"

# All or none: a run whose report fails leaves --out and --scenarios-out as they were.
echo "old out" > a.txt
echo "old scenarios" > b.csv
if [ -c "$full" ]; then
  expect 73 E0800 "run -n with --report /dev/full" -- "$sluice" run deal.deal -n 50 --out a.txt --scenarios-out b.csv --report "$full"
  [ "$(cat a.txt)" = "old out" ] || fail "--out changed although --report failed"
  [ "$(cat b.csv)" = "old scenarios" ] || fail "--scenarios-out changed although --report failed"
  expect 73 E0800 "merge with --out /dev/full" -- "$sluice" merge part0.bin part1.bin --scenarios-out b.csv --out "$full"
  [ "$(cat b.csv)" = "old scenarios" ] || fail "merge's --scenarios-out changed although --out failed"
fi
mkdir -p ro && echo "old report" > ro/r.html && chmod 555 ro
if ! ( : > ro/probe ) 2>/dev/null; then  # root writes anywhere: this half needs an ordinary user
  expect 73 E0800 "run with a report in a read-only folder" -- "$sluice" run deal.deal --out a.txt --report ro/r.html
  [ "$(cat a.txt)" = "old out" ] || fail "--out changed although --report failed"
else
  rm -f ro/probe
fi
chmod 755 ro
no_temporaries . "all or none"
expect 0 "" "run -n with three outputs" -- "$sluice" run deal.deal -n 50 --out a.txt --scenarios-out b.csv --report r.html
grep -q scenario b.csv && grep -q "Monte Carlo" a.txt && [ -s r.html ] || fail "the three outputs were not all written"
no_temporaries . "three outputs"

# Permissions survive a replacement.
chmod 640 a.txt
expect 0 "" "run over a 640 file" -- "$sluice" run deal.deal --out a.txt
[ "$(stat -c %a a.txt)" = 640 ] || fail "a replaced file lost its permissions: $(stat -c %a a.txt)"

# An output that is an input: the deal by its path, another spelling, a hard link, a symbolic link.
cp deal.deal keep.deal
ln deal.deal hard.deal
ln -s deal.deal soft.deal
for spelling in deal.deal ./deal.deal "$work/deal.deal" hard.deal soft.deal; do
  for opt in --out --report; do
    expect 64 E0812 "run $opt $spelling" -- "$sluice" run deal.deal $opt "$spelling"
  done
  expect 64 E0812 "run -n --scenarios-out $spelling" -- "$sluice" run deal.deal -n 20 --scenarios-out "$spelling"
  expect 64 E0812 "shard --out $spelling" -- "$sluice" run deal.deal -n 20 --shard 0/1 --out "$spelling"
done
cp params.deal keep-params.deal
for spelling in params.deal ./params.deal "$work/params.deal"; do
  expect 64 E0812 "sweep --out $spelling" -- "$sluice" sweep params.deal --vary advance=90%,95% --out "$spelling"
  expect 64 E0812 "solve --out $spelling" -- "$sluice" solve params.deal --vary advance=90%..100% --target "A loss <= 0%" --out "$spelling"
done
cmp -s deal.deal keep.deal || fail "the deal was overwritten"
cmp -s params.deal keep-params.deal || fail "the sweep's deal was overwritten"
expect 0 "" "sweep --out a new file" -- "$sluice" sweep params.deal --vary advance=90%,95% --out grid.txt
grep -q "sweep of 2 points" grid.txt || fail "sweep --out wrote no grid"
cp part0.bin keep0.bin
expect 64 E0812 "merge --out PART" -- "$sluice" merge part0.bin part1.bin --out ./part0.bin
expect 64 E0812 "merge --scenarios-out PART" -- "$sluice" merge part0.bin part1.bin --scenarios-out part0.bin
cmp -s part0.bin keep0.bin || fail "a part was overwritten"
expect 64 E0812 "two outputs, one file" -- "$sluice" run deal.deal -n 20 --out x.txt --scenarios-out ./x.txt

# A file the deal imports, or a CSV one of its factors reads, is an input
# too: refused by every command that compiles the deal (sweep and solve
# used to compare their output with the deal's own path alone).
mkdir -p lib
printf 'curve flat = table { 0 months: 100%%, 12 months: 100%% }\n' > lib/curves.deal
printf 'period,rate\n1,4%%\n2,4%%\n3,4%%\n4,4%%\n5,4%%\n6,4%%\n7,4%%\n8,4%%\n9,4%%\n10,4%%\n11,4%%\n12,4%%\n' > lib/rates.csv
{ echo 'import "./lib/curves.deal"'; sed 's/^  param advance = 80%/  param advance = 80%\n  market { factor rates = csv("lib\/rates.csv", column: "rate") }/' params.deal; } > imports.deal
grep -q 'csv("lib/rates.csv"' imports.deal || fail "the importing deal was not built"
"$sluice" check imports.deal > /dev/null 2>&1 || fail "the importing deal does not check: $("$sluice" check imports.deal 2>&1)"
cp lib/curves.deal keep-curves.deal
cp lib/rates.csv keep-rates.csv
for input in lib/curves.deal ./lib/../lib/curves.deal "$work/lib/curves.deal" lib/rates.csv; do
  expect 64 E0812 "run --out IMPORT $input" -- "$sluice" run imports.deal --out "$input"
  expect 64 E0812 "run --report IMPORT $input" -- "$sluice" run imports.deal --report "$input"
  expect 64 E0812 "run -n --scenarios-out IMPORT $input" -- "$sluice" run imports.deal -n 20 --scenarios-out "$input"
  expect 64 E0812 "shard --out IMPORT $input" -- "$sluice" run imports.deal -n 20 --shard 0/1 --out "$input"
  expect 64 E0812 "sweep --out IMPORT $input" -- "$sluice" sweep imports.deal --vary advance=90%,95% --out "$input"
  expect 64 E0812 "sweep -n --out IMPORT $input" -- "$sluice" sweep imports.deal --vary advance=90%,95% -n 20 --out "$input"
  expect 64 E0812 "solve --out IMPORT $input" -- "$sluice" solve imports.deal --vary advance=90%..100% --target "A loss <= 0%" --out "$input"
done
cmp -s lib/curves.deal keep-curves.deal || fail "an imported file was overwritten"
cmp -s lib/rates.csv keep-rates.csv || fail "a factor's CSV file was overwritten"
expect 0 "" "sweep of the importing deal --out a new file" -- "$sluice" sweep imports.deal --vary advance=90%,95% --out grid2.txt
grep -q "sweep of 2 points" grid2.txt || fail "sweep --out wrote no grid for the importing deal"

# A full file system: the previous file stays whole, nothing is left behind.
mkdir full
if mount -t tmpfs -o size=64k tmpfs full 2>/dev/null; then
  trap 'umount "$work/full" 2>/dev/null' EXIT
  echo "old scenarios" > full/s.csv
  echo "old out" > full/o.txt
  expect 73 E0800 "run -n on a full disk" -- "$sluice" run deal.deal -n 2000 --out full/o.txt --scenarios-out full/s.csv
  [ "$(cat full/s.csv)" = "old scenarios" ] || fail "the full disk truncated the previous --scenarios-out"
  [ "$(cat full/o.txt)" = "old out" ] || fail "--out changed although --scenarios-out failed"
  no_temporaries full "a full disk"
  umount full && trap - EXIT
  echo "full file system: tested on a 64 KiB tmpfs"
else
  echo "full file system: not tested (mount is not permitted); /dev/full above covers the failing write"
fi
echo "ok: outputs"
