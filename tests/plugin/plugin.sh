#!/usr/bin/env bash
# plugin.sh SLUICE PLUGIN DEAL: see CMakeLists.txt.
set -uo pipefail
sluice="$1" plugin="$2" deal="$3"
fail() { echo "FAIL: $*" >&2; exit 1; }

# Captured first: `grep -q` closing a pipe early would fail the pipeline.
deps=$(ldd "$sluice") || fail "ldd $sluice"
plugin_deps=$(ldd "$plugin") || fail "ldd $plugin"
exports=$(nm -D --defined-only "$plugin") || fail "nm $plugin"
grep -q libLLVM <<<"$deps" && fail "$sluice links libLLVM: commands that never compile would load it"
grep -q libLLVM <<<"$plugin_deps" || fail "$plugin does not link libLLVM"
grep -q ' sluice_jit_make$' <<<"$exports" || fail "$plugin does not export sluice_jit_make"

# Both engines, the JIT through the plugin: the same bytes.
a=$("$sluice" run "$deal" --format csv --engine interp) || fail "interp run"
b=$("$sluice" run "$deal" --format csv --engine jit) || fail "jit run"
[ "$a" = "$b" ] || fail "the JIT plugin's table differs from the interpreter's"

# A file that is not a plugin: a clear error and a non-zero exit.
err=$(SLUICE_JIT_PLUGIN=/etc/hostname "$sluice" run "$deal" --format csv --engine jit 2>&1 >/dev/null)
rc=$?
[ "$rc" -ne 0 ] || fail "a bad plugin exited 0"
grep -q "the JIT is not available: cannot load /etc/hostname" <<<"$err" || fail "no 'cannot load' in: $err"
grep -q -- "--engine interp" <<<"$err" || fail "no hint in: $err"
# The tier of --engine auto (Monte Carlo on the interpreter until the JIT
# has compiled) refuses the same way, however soon its run ends.
err=$(SLUICE_JIT_PLUGIN=/etc/hostname "$sluice" run "$deal" -n 40 --batch 4 --threads 1 2>&1 >/dev/null)
rc=$?
[ "$rc" -eq 70 ] || fail "a bad plugin under the tier exited $rc, not 70"
grep -q "the JIT is not available: cannot load /etc/hostname" <<<"$err" || fail "the tier: no 'cannot load' in: $err"
# ... and the interpreter does not need it.
SLUICE_JIT_PLUGIN=/etc/hostname "$sluice" run "$deal" --format csv --engine interp >/dev/null || fail "interp needed the plugin"
echo "ok"
