#!/usr/bin/env bash
# plugin.sh SLUICE PLUGIN DEAL: see CMakeLists.txt.
set -uo pipefail
sluice="$1" plugin="$2" deal="$3"
fail() { echo "FAIL: $*" >&2; exit 1; }

ldd "$sluice" | grep -q libLLVM && fail "$sluice links libLLVM: commands that never compile would load it"
ldd "$plugin" | grep -q libLLVM || fail "$plugin does not link libLLVM"
nm -D --defined-only "$plugin" | grep -q ' sluice_jit_make$' || fail "$plugin does not export sluice_jit_make"

# Both engines, the JIT through the plugin: the same bytes.
a=$("$sluice" run "$deal" --format csv --engine interp) || fail "interp run"
b=$("$sluice" run "$deal" --format csv --engine jit) || fail "jit run"
[ "$a" = "$b" ] || fail "the JIT plugin's table differs from the interpreter's"

# A file that is not a plugin: a clear error and a non-zero exit.
err=$(SLUICE_JIT_PLUGIN=/etc/hostname "$sluice" run "$deal" --format csv --engine jit 2>&1 >/dev/null)
rc=$?
[ "$rc" -ne 0 ] || fail "a bad plugin exited 0"
echo "$err" | grep -q "the JIT is not available: cannot load /etc/hostname" || fail "no 'cannot load' in: $err"
echo "$err" | grep -q -- "--engine interp" || fail "no hint in: $err"
# ... and the interpreter does not need it.
SLUICE_JIT_PLUGIN=/etc/hostname "$sluice" run "$deal" --format csv --engine interp >/dev/null || fail "interp needed the plugin"
echo "ok"
