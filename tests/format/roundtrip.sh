#!/usr/bin/env bash
# The formatter on every deal file in the repository (examples, stdlib,
# tests, and the examples of docs/language.md): usage
# roundtrip.sh SLUICE SOURCE_DIR WORK_DIR [SHARD SHARDS]
#
# With SHARD and SHARDS (0 <= SHARD < SHARDS), only every SHARDS-th file from
# the SHARD-th is checked, so ctest can run the shards side by side, each
# inside its own time limit (under the sanitizers the whole set takes
# several minutes).
#
# For each file that parses, `sluice fmt` must
#  - change nothing but whitespace (the non-blank characters, comments
#    included, are the same in the same order, on the same number of lines);
#  - be idempotent: formatting the result again changes nothing;
#  - keep the meaning: `sluice ir` prints the same IR (or fails with the same
#    error codes), and `sluice ast` the same tree, positions aside.
# A file that does not parse must be refused: exit 65, a diagnostic, no output.
#
# Where the deal is run: a copy of the original and one of the formatted text
# sit side by side in WORK_DIR under the same name, so `import std.x`
# resolves as it does for the original. A deal that reaches its own folder
# (a quoted import, a csv(...) or tape file) is run in place instead, beside a
# temporary formatted copy that is removed on exit.
set -u
sluice=$1 src=$2 work=$3 shard=${4:-0} shards=${5:-1}
rm -rf "$work"
mkdir -p "$work/orig" "$work/fmt"
export NO_COLOR=1

temps=()
cleanup() { for t in "${temps[@]}"; do rm -f "$t"; done; }
trap cleanup EXIT

failures=0 checked=0 refused=0 canonical=0
fail() {
  echo "FAIL $1: $2"
  failures=$((failures + 1))
}

# sluice SUBCOMMAND in DIR on NAME: stdout, error codes and exit status.
run_in() {  # dir name subcommand out_prefix
  (cd "$1" && "$sluice" "$3" "$2" >"$4.out" 2>"$4.err")
  echo $? >"$4.rc"
  grep -o 'error\[E[0-9]*\]' "$4.err" >"$4.codes"
  sed -E 's/  @[0-9]+:[0-9]+//g' "$4.out" >"$4.nopos"
}

same() { cmp -s "$1" "$2"; }
nonblank() { tr '\r' '\n' <"$1" | grep -c '[^[:space:]]'; }  # a lone CR ends a line too

# The deal blocks of the language reference are deals too: each ```deal
# and ```deal-error block becomes docs/language.md.N.deal in WORK_DIR.
mkdir -p "$work/docs"
awk -v out="$work/docs/language.md." '
  /^```deal(-error)?$/ { n++; file = out n ".deal"; inside = 1; next }
  /^```/ { inside = 0; next }
  inside { print > file }
' "$src/docs/language.md"

mapfile -t files < <(cd "$src" && find examples stdlib tests -name '*.deal' -type f | sort)
mapfile -t -O "${#files[@]}" files < <(cd "$work" && find docs -name '*.deal' | sort -V | sed 's|^|@|')
index=-1
for rel in "${files[@]}"; do
  index=$((index + 1))
  [ $((index % shards)) = "$shard" ] || continue
  path="$src/$rel"
  case $rel in @*) rel=${rel#@} path="$work/$rel" ;; esac
  name=$(basename "$rel")
  "$sluice" fmt "$path" >"$work/once.deal" 2>"$work/once.err"
  rc=$?
  if [ "$rc" = 65 ]; then
    refused=$((refused + 1))
    [ -s "$work/once.deal" ] && fail "$rel" "refused (65) but wrote to stdout"
    grep -q 'error\[E[0-9]*\]' "$work/once.err" || fail "$rel" "refused (65) without a diagnostic"
    continue
  fi
  if [ "$rc" != 0 ]; then
    fail "$rel" "sluice fmt exited $rc: $(head -3 "$work/once.err")"
    continue
  fi
  checked=$((checked + 1))

  # Only whitespace changed; line breaks kept.
  same <(tr -d ' \t\r\n' <"$path") <(tr -d ' \t\r\n' <"$work/once.deal") ||
    fail "$rel" "formatting changed something other than whitespace"
  [ "$(nonblank "$path")" = "$(nonblank "$work/once.deal")" ] ||
    fail "$rel" "formatting changed the number of non-blank lines"

  # A file already in the layout is its own formatted text: idempotence and
  # the same meaning hold by identity, so the five runs below are skipped
  # (they are most of this test's time, and most files are canonical).
  if same "$path" "$work/once.deal"; then
    canonical=$((canonical + 1))
    continue
  fi

  # Idempotent.
  "$sluice" fmt "$work/once.deal" >"$work/twice.deal" 2>/dev/null
  same "$work/once.deal" "$work/twice.deal" || fail "$rel" "not idempotent: $(diff "$work/once.deal" "$work/twice.deal" | head -5)"

  # Same meaning.
  if grep -q -e 'import "' -e 'csv("' -e ' tape .* from "' "$path"; then  # a tape reads its own folder too
    dir=$(dirname "$path")
    tmp=".fmt-roundtrip-$$-$name"
    cp "$work/once.deal" "$dir/$tmp"
    temps+=("$dir/$tmp")
    origdir=$dir orig=$name fmtdir=$dir fmtname=$tmp
  else
    cp "$path" "$work/orig/$name"
    cp "$work/once.deal" "$work/fmt/$name"
    origdir=$work/orig orig=$name fmtdir=$work/fmt fmtname=$name
  fi
  for cmd in ir ast; do
    run_in "$origdir" "$orig" "$cmd" "$work/a"
    run_in "$fmtdir" "$fmtname" "$cmd" "$work/b"
    same "$work/a.rc" "$work/b.rc" || fail "$rel" "sluice $cmd exits $(cat "$work/a.rc") on the original, $(cat "$work/b.rc") formatted"
    same "$work/a.codes" "$work/b.codes" || fail "$rel" "sluice $cmd reports other errors once formatted"
    same "$work/a.nopos" "$work/b.nopos" || fail "$rel" "sluice $cmd prints something else once formatted: $(diff "$work/a.nopos" "$work/b.nopos" | head -5)"
  done
  if [ "$fmtdir" != "$work/fmt" ]; then rm -f "$fmtdir/$fmtname"; fi
done

echo "shard $shard of $shards: $checked files formatted and checked ($canonical already in the layout)," \
     "$refused refused as unparsable, $failures failures"
# A vacuous pass (no files found) is a failure too; so is one where every file
# was already canonical (then the meaning checks never ran).
[ "$checked" -ge $((150 / shards)) ] || { echo "FAIL: expected at least $((150 / shards)) parsable deal files, found $checked"; exit 1; }
[ $((checked - canonical)) -ge $((20 / shards)) ] || { echo "FAIL: expected at least $((20 / shards)) files the formatter changes, found $((checked - canonical))"; exit 1; }
[ "$failures" = 0 ]
