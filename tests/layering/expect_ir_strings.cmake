# The name-string check must fail on a tree that compares names: run it over
# ir_strings_bad/ (four such lines beside two that pass) and require a
# failure naming exactly those four.
#
#   cmake -DCHECK=<ir_strings.cmake> -DROOT=<ir_strings_bad> -P expect_ir_strings.cmake

cmake_minimum_required(VERSION 3.20)

execute_process(COMMAND "${CMAKE_COMMAND}" -DROOT=${ROOT} -P "${CHECK}" RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
set(out "${out}${err}")
if(rc EQUAL 0)
  message(FATAL_ERROR "the name-string check passed a tree that compares names:\n${out}")
endif()
foreach(e IN ITEMS "lower_bad.cpp:3:" "lower_bad.cpp:4:" "lower_bad.cpp:5:" "lower_bad.cpp:6:" "4 name-string comparison")
  if(NOT out MATCHES "${e}")
    message(FATAL_ERROR "the name-string check did not report `${e}`:\n${out}")
  endif()
endforeach()
message(STATUS "the name-string check caught each comparison, and only those")
