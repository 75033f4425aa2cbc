#!/usr/bin/env bash
# `make fuzz`: runs each libFuzzer target for SECONDS, seeded from the golden
# tests, the examples, the standard library and the regression corpus.
#   tests/fuzz/run.sh BUILD_DIR SECONDS TARGET...
# Per target, under BUILD_DIR/fuzz/: seeds/PID (copied for each run),
# corpus/TARGET (what libFuzzer grows; kept between runs), artifacts/TARGET
# (crash-*, timeout-*, oom-*, leak-*: each one is a finding) and TARGET.log.
# Prints runs, executions and corpus size per target; exits 1 when a target
# left a new artifact. A finding, once fixed, goes into
# tests/fuzz/regressions/TARGET/ so that `make test` replays it.
set -euo pipefail
cd "$(dirname "$0")/../.."
build=$1
seconds=$2
shift 2
out="$build/fuzz"
seeds="$out/seeds/$$"  # this run's own copy: two runs may share $out
rm -rf "$seeds"
mkdir -p "$seeds"
trap 'rm -rf "$seeds"' EXIT
# Seeds: every deal (and csv input) the project already has, for the
# targets that read deals; the others (merge, cli, lsp) start from their own
# regression folder only, which holds inputs of their kind.
n=0
while IFS= read -r -d '' f; do
  n=$((n + 1))
  cp "$f" "$seeds/$(printf '%04d' "$n")-$(basename "$f")"
done < <(find tests/golden examples stdlib tests/fuzz/regressions/parse tests/fuzz/regressions/check tests/fuzz/regressions/interp \
  tests/fuzz/regressions/jit -type f \( -name '*.deal' -o -name '*.csv' -o -path '*/regressions/*' \) -print0 | sort -z)
echo "fuzz: $n seeds in $seeds, $seconds s per target"

status=0
summary=""
for t in "$@"; do
  bin="$build/tests/fuzz/fuzz_$t"
  corpus="$out/corpus/$t"
  artifacts="$out/artifacts/$t"
  log="$out/$t.log"
  mkdir -p "$corpus" "$artifacts"
  # A deal dictionary and deal seeds only help the targets that read deals.
  case $t in
    merge | cli | lsp) target_seeds=tests/fuzz/regressions/$t; dict=() ;;
    *) target_seeds=$seeds; dict=(-dict=tests/fuzz/deal.dict) ;;
  esac
  # One JIT compile of a large example takes seconds (LLVM's code generator,
  # more on a loaded machine): a hang is a minute there, not 10 s.
  timeout=10
  [ "$t" = jit ] && timeout=120
  before=$(find "$artifacts" -type f | wc -l)
  echo "fuzz: $t for $seconds s (log: $log)"
  # -timeout: one input may take 10 s (a hang otherwise); -rss_limit_mb: 2 GiB;
  # -max_len: 16 KiB, twice the largest golden deal (longer seeds are cut).
  # A crash stops the target (libFuzzer's default); its input is in artifacts/.
  set +e
  "$bin" -max_total_time="$seconds" -timeout="$timeout" -rss_limit_mb=2048 -max_len=16384 -print_final_stats=1 \
    "${dict[@]}" -artifact_prefix="$artifacts/" "$corpus" "$target_seeds" >"$log" 2>&1
  rc=$?
  set -e
  after=$(find "$artifacts" -type f | wc -l)
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  secs=$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$log" | tail -1)
  corp=$(find "$corpus" -type f | wc -l)
  cov=$(grep -Eo 'cov: [0-9]+ ft: [0-9]+' "$log" | tail -1 || true)
  line="$t: exit $rc, ${secs:-?} s, ${execs:-?} executions, corpus $corp files, $cov, artifacts $before -> $after"
  echo "fuzz: $line"
  summary+="$line"$'\n'
  if [ "$rc" -ne 0 ] || [ "$after" -gt "$before" ]; then
    status=1
    tail -40 "$log"
  fi
done
printf '\nfuzz summary (%s s per target)\n%s' "$seconds" "$summary"
exit $status
