# The layers of the source tree, checked: every `#include "folder/..."` in a
# folder of compiler/ or runtime/ must name a folder that folder may depend
# on. Phases hand each other finished data downward; an include that runs
# upward (Monte Carlo reaching into the driver, the JIT into the
# interpreter) ties a lower phase to a higher one, and that is how a seam
# ends up living inside one of its users (issue 18). CMake's link lines do
# not catch it: a header-only include links nothing.
#
#   cmake -DROOT=<source tree> -P tests/layering/layers.cmake
#
# Exits non-zero and names each file, line and include that breaks the
# table; also when a folder is missing from the table (place a new folder
# here when you add it) or an exception below no longer occurs.

cmake_minimum_required(VERSION 3.20)

if(NOT ROOT)
  message(FATAL_ERROR "usage: cmake -DROOT=<source tree> -P layers.cmake")
endif()

# The runtime needs neither the compiler nor LLVM: its folders include only
# each other (their own link lines order them).
set(runtime actus calendar math metrics random stats)

# The compiler, lowest first. A folder may include the runtime, what the
# folder it builds on may, and itself. Siblings (interp and codegen; lsp
# and montecarlo) do not see each other.
set(allow_base ${runtime} base)
set(allow_diagnostics ${allow_base} diagnostics)
# The language's registries (.def tables of constructs, functions, metrics),
# read by every phase from the syntax up.
set(allow_vocabulary ${allow_diagnostics} vocabulary)
set(allow_syntax ${allow_vocabulary} syntax)
set(allow_sema ${allow_syntax} sema)
set(allow_ir ${allow_sema} ir)
# The execution seam: schedules, Evaluator, traces, the shared numerics.
set(allow_exec ${allow_ir} exec)
# The two back ends implement the seam; neither sees the other.
set(allow_interp ${allow_exec} interp)
set(allow_codegen ${allow_exec} codegen)
# The front end in a row; sculpting runs the interpreter's base case once.
set(allow_pipeline ${allow_interp} pipeline)
# Per-path metrics of a recorded table, whichever engine filled it.
set(allow_analysis ${allow_exec} analysis)
# Monte Carlo and the HTML report take any evaluator, never an engine.
set(allow_montecarlo ${allow_analysis} montecarlo)
set(allow_report ${allow_montecarlo} report)
set(allow_format ${allow_syntax} format)
# The server formats as `sluice fmt` does and reads its lexer for highlighting.
set(allow_lsp ${allow_pipeline} format lsp)
# The command line: everything.
set(allow_driver ${allow_pipeline} codegen analysis montecarlo report format lsp driver)
foreach(r IN LISTS runtime)
  set(allow_${r} ${runtime})
endforeach()

# Known upward includes, as folder:include. Each is a debt with its issue;
# delete the line when the include goes (an exception that no longer occurs
# fails the check, so the table cannot go stale). None today: path metrics
# and BaseReport left driver/ for analysis/ (issue 18).
set(exceptions "")

set(errors "")
set(seen_exceptions "")
set(checked 0)
file(GLOB_RECURSE sources RELATIVE "${ROOT}" "${ROOT}/compiler/*" "${ROOT}/runtime/*")
list(SORT sources)
foreach(f IN LISTS sources)
  if(NOT f MATCHES "\\.(hpp|cpp|h|c|def|inc)$")
    continue()
  endif()
  string(REGEX REPLACE "^(compiler|runtime)/([^/]+)/.*" "\\2" folder "${f}")
  if(folder STREQUAL f)
    continue()  # a file directly in compiler/ or runtime/
  endif()
  math(EXPR checked "${checked} + 1")
  if(NOT DEFINED allow_${folder})
    list(APPEND errors "${f}: the folder `${folder}` has no place in the table of tests/layering/layers.cmake: add it there")
    continue()
  endif()
  file(STRINGS "${ROOT}/${f}" includes REGEX "^[ \t]*#[ \t]*include[ \t]*\"[^\"]+/")
  foreach(line IN LISTS includes)
    string(REGEX REPLACE "^[ \t]*#[ \t]*include[ \t]*\"([^\"]+)\".*" "\\1" path "${line}")
    string(REGEX REPLACE "/.*" "" dep "${path}")
    if(dep IN_LIST allow_${folder})
      continue()
    endif()
    if("${folder}:${path}" IN_LIST exceptions)
      list(APPEND seen_exceptions "${folder}:${path}")
      continue()
    endif()
    # The line number, for the message: count the newlines before it.
    file(READ "${ROOT}/${f}" text)
    string(FIND "${text}" "${line}" at)
    string(SUBSTRING "${text}" 0 ${at} before)
    string(REGEX MATCHALL "\n" newlines "${before}")
    list(LENGTH newlines n)
    math(EXPR n "${n} + 1")
    list(JOIN allow_${folder} ", " allowed)
    list(APPEND errors "${f}:${n}: includes \"${path}\", but `${folder}` does not sit above `${dep}` (it may include ${allowed})")
  endforeach()
endforeach()

foreach(e IN LISTS exceptions)
  if(NOT e IN_LIST seen_exceptions)
    list(APPEND errors "the exception `${e}` no longer occurs: delete it from tests/layering/layers.cmake")
  endif()
endforeach()

if(errors)
  list(LENGTH errors count)
  list(JOIN errors "\n" text)
  message(NOTICE "${text}")
  message(FATAL_ERROR "${count} problem(s) with the layers (above)")
endif()
message(STATUS "layers: ${checked} files checked")
