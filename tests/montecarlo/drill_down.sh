#!/bin/sh
# The drill-down (docs/output.md): a scenario printed alone (`--path K`) is
# that scenario of the whole run, on either engine: every metric its row of
# --scenarios-out holds equals what the path's own tables report (tranches'
# loss, loss share, WAL, IRR; equity's IRR and distributions; tests' min and
# mean; triggers' first period), compared as doubles. The ids come from
# `--worst B.loss` (the losing tail) and scenario 0; and each factor's
# minimum and value at each trigger's first breach equal what the path's
# period table holds. Also: --worst lists the
# same scenarios for 1 and 3 threads and both engines.
#   drill_down.sh SLUICE DEAL WORKDIR
set -eu
sluice=$1 deal=$2 work=$3
rm -rf "$work" && mkdir -p "$work"
n=200 seed=7

# name.metric value, one a line, from a path's JSON (nlohmann's layout: one
# key a line, an object's fields at six spaces, sorted, `name` among them).
path_metrics() {
  awk '
    /^  "tranches": \[/ { sec = "T"; next }
    /^  "equity": \[/   { sec = "E"; next }
    /^  "tests": \[/    { sec = "X"; next }
    /^  "triggers": \[/ { sec = "G"; next }
    /^  "[a-z_]+": /    { sec = "" }
    sec != "" && /^      "[a-z_]+": / {
      key = $1; gsub(/[":]/, "", key); val = $2; gsub(/[",]/, "", val); f[key] = val; next
    }
    sec != "" && /^    }/ {
      n = f["name"]
      if (sec == "T") { print n ".original " f["original"]; print n ".loss " f["loss"]; print n ".loss_share " f["loss_share"]; print n ".wal " f["wal"]; print n ".irr " f["irr"] }
      if (sec == "E") { print n ".irr " f["irr"]; print n ".distributions " f["distributions"] }
      if (sec == "X") { print n ".min " f["min"]; print n ".mean " f["mean"] }
      if (sec == "G") { v = f["first_period"]; if (v == "null") v = 0; print n ".first " v }
      split("", f)
    }' "$1"
}

# Compares a path's metrics with row K of a scenarios CSV; fails on any
# difference, or if fewer than `min` metrics matched a column.
compare() {  # metrics-file csv K label
  awk -v k="$3" -v label="$4" '
    NR == FNR { want[$1] = $2; next }
    FNR == 1 { for (i = 1; i <= NF; ++i) col[i] = $i; next }
    $1 == k {
      for (i = 2; i <= NF; ++i) {
        if (!(col[i] in want)) continue
        w = want[col[i]]; g = $i; ++seen
        if (w == "null" || g == "") { if (!(w == "null" && g == "")) { print "FAIL " label ": " col[i] " path " w " run " g; bad = 1 } ; continue }
        if (w + 0 != g + 0) { printf "FAIL %s: %s path %.17g run %.17g\n", label, col[i], w, g; bad = 1 }
      }
      found = 1
    }
    END {
      if (!found) { print "FAIL " label ": no row " k; exit 1 }
      if (seen < 10) { print "FAIL " label ": only " seen " metrics compared"; exit 1 }
      exit bad
    }' FS=' ' "$1" FS=',' "$2"
}

# The market's summary in row K of a scenarios CSV (`F.min`, `F.at_T`)
# against the path's period table in CSV: each factor column's minimum, and
# its value in the first period the trigger column T is on (none: empty).
compare_factors() {  # path-json path-csv scenarios-csv K label
  factors=$(awk '/^  "factors": \[/ { on = 1; next } on && /^  \]/ { on = 0 } on { gsub(/[ ",]/, ""); printf "%s ", $0 }' "$1")
  [ -n "$factors" ] || { echo "FAIL $5: the path names no factors"; exit 1; }
  awk -v k="$4" -v label="$5" -v factors="$factors" '
    BEGIN { split(factors, fs, " "); for (i in fs) factor[fs[i]] = 1 }
    NR == FNR {
      if (FNR == 1) { for (i = 1; i <= NF; ++i) at[$i] = i; next }
      for (c in at) {
        v = $(at[c])
        if (!(c in lo) || v + 0 < lo[c] + 0) lo[c] = v
        if (!(c in on) && v + 0 != 0) on[c] = FNR
        cell[FNR, c] = v
      }
      next
    }
    FNR == 1 { for (i = 1; i <= NF; ++i) col[i] = $i; next }
    $1 == k {
      for (i = 2; i <= NF; ++i) {
        name = col[i]
        if (name ~ /\.min$/) {
          f = substr(name, 1, length(name) - 4)
          if (!(f in factor)) continue
          w = lo[f]
        } else if (match(name, /\.at_/)) {
          f = substr(name, 1, RSTART - 1); t = substr(name, RSTART + 4)
          if (!(f in factor) || !(t in at)) continue
          w = (t in on) ? cell[on[t], f] : ""
        } else continue
        ++seen
        g = $i
        if (w == "" || g == "") { if (w != g) { print "FAIL " label ": " name " path \"" w "\" run \"" g "\""; bad = 1 } ; continue }
        if (w + 0 != g + 0) { printf "FAIL %s: %s path %.17g run %.17g\n", label, name, w, g; bad = 1 }
      }
      found = 1
    }
    END {
      if (!found) { print "FAIL " label ": no row " k; exit 1 }
      if (seen < 4) { print "FAIL " label ": only " seen " factor columns compared"; exit 1 }
      exit bad
    }' FS=',' "$2" "$3"
}

for engine in interp jit; do
  "$sluice" run "$deal" -n $n --seed $seed --engine $engine --threads 2 --format json --out "$work/risk-$engine.json" \
    --scenarios-out "$work/scen-$engine.csv"
  "$sluice" run "$deal" -n $n --seed $seed --engine $engine --threads 1 --worst B.loss --top 3 --format csv > "$work/worst-$engine-1.csv"
  "$sluice" run "$deal" -n $n --seed $seed --engine $engine --threads 3 --worst B.loss --top 3 --format csv > "$work/worst-$engine-3.csv"
  cmp "$work/worst-$engine-1.csv" "$work/worst-$engine-3.csv" || { echo "FAIL: --worst differs between 1 and 3 threads ($engine)"; exit 1; }
  ids="0 $(awk -F, 'NR > 1 { printf "%s ", $2 }' "$work/worst-$engine-1.csv")"
  [ "$(echo $ids | wc -w)" -eq 4 ] || { echo "FAIL: --worst B.loss --top 3 listed no 3 scenarios ($engine)"; exit 1; }
  for k in $ids; do
    "$sluice" run "$deal" -n $n --seed $seed --engine $engine --path "$k" --format json > "$work/path-$engine-$k.json"
    grep -q '"schema": "sluice.path.v1"' "$work/path-$engine-$k.json" || { echo "FAIL: no path schema ($engine, $k)"; exit 1; }
    path_metrics "$work/path-$engine-$k.json" > "$work/path-$engine-$k.txt"
    compare "$work/path-$engine-$k.txt" "$work/scen-$engine.csv" "$k" "scenario $k on $engine"
    "$sluice" run "$deal" -n $n --seed $seed --engine $engine --path "$k" --format csv > "$work/path-$engine-$k.csv"
    compare_factors "$work/path-$engine-$k.json" "$work/path-$engine-$k.csv" "$work/scen-$engine.csv" "$k" "scenario $k's factors on $engine"
  done
done
cmp "$work/scen-interp.csv" "$work/scen-jit.csv" || { echo "FAIL: the engines' scenario metrics differ"; exit 1; }
cmp "$work/worst-interp-1.csv" "$work/worst-jit-1.csv" || { echo "FAIL: the engines' --worst lists differ"; exit 1; }
# The worst B loss is a loss, and the list is sorted, highest first.
awk -F, 'NR > 1 { if ($3 + 0 <= 0) { print "FAIL: worst B.loss " $3 " is no loss"; exit 1 } if (NR > 2 && $3 + 0 > prev + 0) { print "FAIL: not sorted"; exit 1 } prev = $3 }' \
  "$work/worst-interp-1.csv"
echo "ok: --path K equals scenario K of the run, factors included (scenarios $ids) on both engines; --worst the same for 1 and 3 threads and both engines"
