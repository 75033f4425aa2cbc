# The layer check must fail on real upward includes: run it over a small
# tree (upward/) that holds four of them, one of each kind (the seam
# reaching into an engine, one back end into its sibling, the language
# server into the commands, the runtime into the compiler), beside includes
# that are in order, and require a failure that names exactly those four lines.
#
#   cmake -DCHECK=<layers.cmake> -DROOT=<upward tree> -P expect_upward.cmake

cmake_minimum_required(VERSION 3.20)

execute_process(COMMAND "${CMAKE_COMMAND}" -DROOT=${ROOT} -P "${CHECK}" RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
set(out "${out}${err}")
if(rc EQUAL 0)
  message(FATAL_ERROR "the layer check passed a tree with upward includes:\n${out}")
endif()
set(expected
    "compiler/codegen/jit.cpp:3: includes \"interp/interpreter.hpp\""
    "compiler/exec/evaluator.hpp:3: includes \"interp/interpreter.hpp\""
    "compiler/lsp/document.hpp:3: includes \"driver/engine.hpp\""
    "runtime/calendar/date.hpp:3: includes \"base/source.hpp\""
    "4 problem\\(s\\) with the layers")
foreach(e IN LISTS expected)
  if(NOT out MATCHES "${e}")
    message(FATAL_ERROR "the layer check did not report `${e}`:\n${out}")
  endif()
endforeach()
message(STATUS "the layer check caught each upward include, and only those")
