#!/bin/sh
# Renders the flagship's HTML report (500 scenarios, seed 7) in headless
# Chromium: the screenshot must be a real PNG of some substance, and the DOM
# the browser built must hold the header, the tables, every chart and the
# base-case period table. Also: --report leaves stdout as it was, and a
# report that cannot be written is exit 73 with nothing left behind.
#   render_test.sh SLUICE DEAL WORKDIR
set -eu
sluice=$1 deal=$2 work=$3
rm -rf "$work" && mkdir -p "$work"
fail() { echo "FAIL: $*"; exit 1; }

"$sluice" run "$deal" -n 500 --seed 7 --report "$work/report.html" > "$work/stdout-report.txt"
"$sluice" run "$deal" -n 500 --seed 7 > "$work/stdout-plain.txt"
cmp -s "$work/stdout-report.txt" "$work/stdout-plain.txt" || fail "--report changed what stdout prints"
[ -s "$work/report.html" ] || fail "no report written"
[ ! -e "$work/report.html.tmp" ] || fail "the temporary file was left behind"
set +e
"$sluice" run "$deal" --report "$work/no/such/dir/report.html" > /dev/null 2> "$work/err.txt"
rc=$?
set -e
[ "$rc" -eq 73 ] || fail "an unwritable report exited $rc, not 73"
grep -q "cannot write" "$work/err.txt" || fail "no 'cannot write' diagnostic"

browser=""
for b in chromium chromium-browser; do
  if command -v "$b" > /dev/null 2>&1; then browser=$b; break; fi
done
if [ -z "$browser" ]; then
  echo "SKIP: chromium not installed"
  exit 77
fi
# Chromium wants a writable profile; as root it also needs --no-sandbox.
export HOME="$work/home"
mkdir -p "$HOME"
flags="--headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run --disable-extensions"
timeout 120 "$browser" $flags --screenshot="$work/report.png" --window-size=1280,4000 "file://$work/report.html" \
  > "$work/chromium.log" 2>&1 || { cat "$work/chromium.log"; fail "chromium could not take the screenshot"; }
[ -f "$work/report.png" ] || fail "no screenshot"
magic=$(od -An -tx1 -N8 "$work/report.png" | tr -d ' \n')
[ "$magic" = "89504e470d0a1a0a" ] || fail "the screenshot is not a PNG (magic $magic)"
size=$(wc -c < "$work/report.png")
[ "$size" -gt 51200 ] || fail "the screenshot is only $size bytes"

timeout 120 "$browser" $flags --dump-dom "file://$work/report.html" > "$work/dom.html" 2> "$work/chromium-dom.log" \
  || { cat "$work/chromium-dom.log"; fail "chromium could not dump the DOM"; }
dom="$work/dom.html"
has() {  # NEEDLE WHAT: the parsed DOM holds NEEDLE at least once
  grep -qF -- "$1" "$dom" || fail "the DOM has no $2 ($1)"
}
count() { grep -oF -- "$1" "$dom" | wc -l; }
has '<h1>GPU Fleet ABS 2025-1</h1>' "deal name"
has '<dd>500</dd>' "scenario count"
has '<dd>30/360</dd>' "day count"
has '<th scope="row">A</th>' "tranche A"
has '<th scope="row">B</th>' "tranche B"
has '<th scope="row">event_of_default</th>' "trigger row"
has 'Break-even spread' "break-even column"
for s in dscr ltv concentration gpu_rate A.balance B.balance reserve.balance; do
  has "-title\">$s: 5th to 95th percentile band" "fan chart of $s"
done
has 'id="loss-1-title">A: distribution of the loss' "histogram of A"
has 'id="loss-2-title">B: distribution of the loss' "histogram of B"
[ "$(count '<svg')" -eq 9 ] || fail "expected 9 charts (7 series, 2 loss histograms), found $(count '<svg')"
[ "$(count '</svg>')" -eq 9 ] || fail "unbalanced <svg> after parsing"
[ "$(count '<polygon')" -ge 6 ] || fail "fan bands missing"
has '<details id="periods">' "folded period table"
has '<th scope="row">84</th>' "the last period's row"
[ "$(count '<script src')" -eq 0 ] || fail "an external script"
[ "$(count '<link')" -eq 0 ] || fail "an external stylesheet"
echo "ok: $(wc -c < "$work/report.html") bytes of HTML, a ${size}-byte screenshot, the DOM holds every section"
