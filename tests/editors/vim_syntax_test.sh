#!/bin/sh
# Tests editors/vim in a headless Vim: filetype detection, ftplugin settings,
# the syntax group at chosen places of real deals, and re-indentation
# (vim_syntax_test.vim holds the checks).
#
# Usage: tests/editors/vim_syntax_test.sh [SOURCE_ROOT]
# Exit status: 0 pass, 1 fail, 77 skipped (no vim).
root=${1:-$(cd "$(dirname "$0")/../.." && pwd)}
vim=${VIM_PROGRAM:-vim}
if ! command -v "$vim" >/dev/null 2>&1; then
  echo "SKIP: vim not found"
  exit 77
fi
# Debian's vim-tiny has no syntax highlighting at all.
if ! "$vim" --version 2>/dev/null | grep -q '+syntax'; then
  echo "SKIP: $vim has no +syntax (install vim or vim-nox, not vim-tiny)"
  exit 77
fi

result=$(mktemp)
trap 'rm -f "$result"' EXIT INT TERM
echo "not run" >"$result"

# -N -u NONE -i NONE: no user configuration or viminfo. -Es: silent Ex mode,
# no terminal needed. The plugin folder goes first on the runtimepath, before
# `filetype` and `syntax` load what they find there.
SLUICE_ROOT=$root SLUICE_VIM_RESULT=$result \
  "$vim" -N -u NONE -i NONE -Es \
  -c "set runtimepath^=$root/editors/vim" \
  -c 'filetype plugin indent on' \
  -c 'syntax on' \
  -S "$root/tests/editors/vim_syntax_test.vim" </dev/null
status=$?

if [ -s "$result" ]; then
  sed 's/^/FAIL: vim: /' "$result"
  exit 1
fi
if [ "$status" -ne 0 ]; then
  echo "FAIL: vim exited with status $status"
  exit 1
fi
echo "vim: all checks passed"
