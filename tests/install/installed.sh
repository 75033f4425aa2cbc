#!/bin/sh
# The installed layout (docs/reliability.md, "Install"):
#  - `cmake --install BUILD --prefix P` puts the binary at P/bin/sluice, the
#    JIT plugin (when the build has one) at P/lib/sluice/sluice-jit.so and
#    the standard library at P/share/sluice/stdlib;
#  - the installed binary, run from a folder outside the source tree, reads
#    the installed stdlib (a module only the installed copy has imports) and
#    runs an example's base case and a Monte Carlo on the installed plugin,
#    printing what the build tree's binary prints;
#  - with the installed stdlib folder removed (and with SLUICE_STDLIB naming
#    it), import confinement still refuses `import "/etc/passwd"` (E0601,
#    exit 65) and nothing of the file reaches the output.
#   installed.sh CMAKE BUILD_DIR SOURCE_DIR WORK HAS_PLUGIN
set -u
cmake=$1 build=$2 src=$3 work=$4 has_plugin=$5
fail() { echo "FAIL: $*"; exit 1; }
rm -rf "$work" && mkdir -p "$work/run" || exit 1
prefix=$work/prefix
"$cmake" --install "$build" --prefix "$prefix" > "$work/install.log" 2>&1 || fail "cmake --install: $(cat "$work/install.log")"
[ -x "$prefix/bin/sluice" ] || fail "no $prefix/bin/sluice"
[ -f "$prefix/share/sluice/stdlib/std/gpu.deal" ] || fail "no stdlib under $prefix/share/sluice/stdlib"
if [ "$has_plugin" = 1 ]; then
  [ -f "$prefix/lib/sluice/sluice-jit.so" ] || fail "no JIT plugin at $prefix/lib/sluice/sluice-jit.so"
fi
sluice=$prefix/bin/sluice

# Outside the source tree: the example's deal copied into a folder of its own.
cp "$src/examples/gpu_lease_abs/gpu_lease_abs.deal" "$work/run/deal.deal"
cp "$src/examples/gpu_lease_abs/lessees.csv" "$work/run/lessees.csv"  # the lease tape it reads
cd "$work/run" || exit 1
env -u SLUICE_STDLIB "$sluice" run deal.deal > installed.txt 2> err.txt || fail "the installed sluice failed: $(cat err.txt)"
"$build/sluice" run deal.deal > built.txt 2>&1 || fail "the build tree's sluice failed"
cmp -s installed.txt built.txt || fail "the installed and built binaries print different base cases"
env -u SLUICE_STDLIB "$sluice" run deal.deal -n 20 --seed 3 --engine jit --format csv > mc.txt 2> err.txt ||
  fail "the installed sluice's Monte Carlo failed: $(cat err.txt)"
if [ "$has_plugin" = 1 ]; then
  SLUICE_JIT_PLUGIN="$prefix/lib/sluice/sluice-jit.so" "$sluice" run deal.deal -n 20 --seed 3 --engine jit --format csv > mc-plugin.txt 2> err.txt ||
    fail "the installed plugin does not load: $(cat err.txt)"
  cmp -s mc.txt mc-plugin.txt || fail "the installed plugin gives other numbers"
fi

# The installed stdlib is the one read: a module only it holds imports.
printf 'curve install_probe = table { 0 months: 100%%, 12 months: 100%% }\n' > "$prefix/share/sluice/stdlib/std/install_probe.deal"
sed 's/^import std.gpu.*/import std.gpu\nimport std.install_probe/' deal.deal > probe.deal
env -u SLUICE_STDLIB "$sluice" check probe.deal > out.txt 2>&1 || fail "the installed sluice does not read its installed stdlib: $(cat out.txt)"

# Confinement with the stdlib folder gone, found by the binary or named.
cat > escape.deal <<DEAL
import "/etc/passwd"
deal "Escape" {
  currency USD
  start    2025-01-31
  horizon  12 months
}
DEAL
rm -rf "$prefix/share/sluice/stdlib"
for stdlib in "" "$prefix/share/sluice/stdlib"; do
  SLUICE_STDLIB="$stdlib" "$sluice" check escape.deal > out.txt 2>&1; rc=$?
  [ "$rc" = 65 ] || fail "import /etc/passwd without a stdlib (SLUICE_STDLIB='$stdlib'): exit $rc, not 65: $(cat out.txt)"
  grep -q 'error\[E0601\]' out.txt || fail "import /etc/passwd without a stdlib (SLUICE_STDLIB='$stdlib'): no E0601: $(cat out.txt)"
  ! grep -q 'root:' out.txt || fail "/etc/passwd leaked into the output (SLUICE_STDLIB='$stdlib')"
done
echo "ok: installed layout"
