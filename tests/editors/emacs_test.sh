#!/bin/sh
# Tests editors/emacs/sluice-mode.el in a batch Emacs: the mode for .deal
# files, comment syntax, the face at chosen places of real deals, and
# re-indentation (emacs_test.el holds the checks).
#
# Usage: tests/editors/emacs_test.sh [SOURCE_ROOT]
# Exit status: 0 pass, 1 fail, 77 skipped (no emacs).
root=${1:-$(cd "$(dirname "$0")/../.." && pwd)}
emacs=${EMACS_PROGRAM:-emacs}
if ! command -v "$emacs" >/dev/null 2>&1; then
  echo "SKIP: emacs not found"
  exit 77
fi

# -Q: no init files or site packages. HOME points at an empty folder so that
# nothing of the user's (or a package cache) is read or written.
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT INT TERM
HOME=$home SLUICE_ROOT=$root "$emacs" -Q --batch \
  -L "$root/editors/emacs" \
  -l "$root/tests/editors/emacs_test.el" 2>&1
