#!/usr/bin/env bash
# `sluice fmt` as a command: exit codes, what goes to stdout and stderr, and
# what --write does to files. usage: cli.sh SLUICE CASES_DIR WORK_DIR
set -u
sluice=$1 cases=$2 work=$3
rm -rf "$work"
mkdir -p "$work"
cd "$work" || exit 1
export NO_COLOR=1

failures=0
fail() {
  echo "FAIL: $1"
  failures=$((failures + 1))
}
# expect_rc WANT DESCRIPTION COMMAND...: runs COMMAND (stdout to out, stderr to err).
expect_rc() {
  local want=$1 what=$2
  shift 2
  "$@" >out 2>err
  local rc=$?
  [ "$rc" = "$want" ] || fail "$what: exit $rc, expected $want (stderr: $(head -3 err))"
}

cp "$cases/waterfall.out.deal" canonical.deal
cp "$cases/waterfall.in.deal" messy.deal
cp "$cases/deal_layout.in.deal" messy2.deal
printf 'deal "Broken" {\n  currency USD\n  start 2025-01-31\n  tranche A { balance 1m USD\n' >broken.deal

# Printing: the canonical text on stdout, nothing on stderr.
expect_rc 0 "fmt FILE" "$sluice" fmt messy.deal
cmp -s out "$cases/waterfall.out.deal" || fail "fmt FILE does not print the canonical text"
[ -s err ] && fail "fmt FILE wrote to stderr"

# Windows line endings read as the same lines; the output has "\n" only.
sed 's/$/\r/' canonical.deal >crlf.deal
expect_rc 0 "fmt on a CRLF file" "$sluice" fmt crlf.deal
cmp -s out canonical.deal || fail "fmt on a CRLF file does not print the canonical text"
expect_rc 1 "--check on a CRLF file" "$sluice" fmt --check crlf.deal

# --check: silent and 0 when canonical; names each file otherwise, exit 1.
expect_rc 0 "--check on a canonical file" "$sluice" fmt --check canonical.deal
[ -s out ] && fail "--check printed something for a canonical file: $(cat out)"
expect_rc 1 "--check on messy files" "$sluice" fmt --check canonical.deal messy.deal messy2.deal
grep -q '^messy.deal: not formatted (first difference at line [0-9]*)$' out || fail "--check does not name messy.deal: $(cat out)"
grep -q '^messy2.deal: not formatted' out || fail "--check does not name messy2.deal"
grep -q 'canonical.deal' out && fail "--check names a canonical file"
cmp -s messy.deal "$cases/waterfall.in.deal" || fail "--check changed a file"

# A file that does not parse: the compiler's diagnostic, exit 65, no stdout.
expect_rc 65 "fmt on a file that does not parse" "$sluice" fmt broken.deal
[ -s out ] && fail "fmt printed text for a file that does not parse"
grep -q '^broken.deal:[0-9]*:[0-9]*: error\[E0[0-9]*\]: ' err || fail "no located diagnostic for broken.deal: $(cat err)"
grep -q '|' err || fail "the diagnostic does not quote the source line"
grep -q '\^' err || fail "the diagnostic has no caret"
expect_rc 65 "--check with a file that does not parse" "$sluice" fmt --check canonical.deal broken.deal
expect_rc 66 "fmt on a missing file" "$sluice" fmt no_such.deal
grep -q 'error\[E0800\]' err || fail "no E0800 for a missing file"

# Usage errors.
expect_rc 64 "--check with --write" "$sluice" fmt --check --write messy.deal
expect_rc 64 "printing two files" "$sluice" fmt messy.deal canonical.deal

# --write: rewrites what is not canonical, leaves the rest (and broken files) alone.
cp broken.deal broken.orig
touch -d '2001-01-01 00:00:00' canonical.deal
chmod 640 messy.deal
expect_rc 0 "--write" "$sluice" fmt --write messy.deal canonical.deal
[ -s out ] && fail "--write printed something: $(cat out)"
cmp -s messy.deal "$cases/waterfall.out.deal" || fail "--write did not write the canonical text"
[ "$(stat -c %a messy.deal)" = 640 ] || fail "--write changed the file's permissions"
[ "$(stat -c %Y canonical.deal)" = "$(date -d '2001-01-01 00:00:00' +%s)" ] || fail "--write rewrote a canonical file"
expect_rc 0 "--check after --write" "$sluice" fmt --check messy.deal canonical.deal
expect_rc 65 "--write on a file that does not parse" "$sluice" fmt -w broken.deal
cmp -s broken.deal broken.orig || fail "--write changed a file that does not parse"
ls -a | grep -q '\.fmt-' && fail "--write left a temporary file behind"

echo "$failures failures"
[ "$failures" = 0 ]
