# A check must fail on its fixture: run CHECK over ROOT (a small tree that
# breaks the rule a known number of times beside lines that keep it) and
# require a failure whose output matches every pattern of ROOT/expected.txt
# (one regular expression a line: each bad line, then the count, so that
# the check reports those lines and only those).
#
#   cmake -DCHECK=<layers.cmake|ir_strings.cmake> -DROOT=<fixture> -P expect_caught.cmake

cmake_minimum_required(VERSION 3.20)

execute_process(COMMAND "${CMAKE_COMMAND}" -DROOT=${ROOT} -P "${CHECK}" RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
set(out "${out}${err}")
if(rc EQUAL 0)
  message(FATAL_ERROR "${CHECK} passed its fixture ${ROOT}, which breaks its rule:\n${out}")
endif()
file(STRINGS "${ROOT}/expected.txt" expected)
list(LENGTH expected n)
if(n EQUAL 0)
  message(FATAL_ERROR "${ROOT}/expected.txt lists no pattern")
endif()
foreach(e IN LISTS expected)
  if(NOT out MATCHES "${e}")
    message(FATAL_ERROR "${CHECK} did not report `${e}`:\n${out}")
  endif()
endforeach()
message(STATUS "${CHECK} caught each line of its fixture, and only those")
