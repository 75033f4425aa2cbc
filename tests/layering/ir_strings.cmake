# No phase after sema compares a name string (issue 18): lowering reads
# sema's enums (operators, report sections, named arguments, members,
# properties, time bases), never an expression's or property's text. This
# check fails on any line of compiler/ir/*.cpp that compares a text,
# section, operator, unit or base with a string literal, asks for a call's
# argument by its name, or looks a unit up in a type's dimension (`dim.count(`,
# `dim.find(`: sema's duration_base, flow_base and money_valued answer).
#
#   cmake -DROOT=<source tree> -P tests/layering/ir_strings.cmake

cmake_minimum_required(VERSION 3.20)

if(NOT ROOT)
  message(FATAL_ERROR "usage: cmake -DROOT=<source tree> -P ir_strings.cmake")
endif()

# `X == "` or `X != "` where X ends in one of these words (e.text, line.section,
# op, base, u.name, arg_names[i], words[0].text), and `call_arg(..., "name")`.
set(compared "(text|section|op|base|time_base|name|arg_names\\[[^]]*\\]|words\\[[^]]*\\]\\.text)[ \t]*[!=]=[ \t]*\"")
set(by_name "call_arg\\([^)]*\"")
set(unit_key "dim\\.(count|find|at|contains)\\(")

get_filename_component(ROOT "${ROOT}" ABSOLUTE)
file(GLOB sources "${ROOT}/compiler/ir/*.cpp")
list(SORT sources)
set(problems 0)
foreach(f IN LISTS sources)
  file(STRINGS "${f}" lines)
  file(RELATIVE_PATH rel "${ROOT}" "${f}")
  set(n 0)
  foreach(line IN LISTS lines)
    math(EXPR n "${n} + 1")
    if(line MATCHES "${compared}" OR line MATCHES "${by_name}" OR line MATCHES "${unit_key}")
      string(STRIP "${line}" shown)
      message("${rel}:${n}: compares a name string: ${shown}")
      math(EXPR problems "${problems} + 1")
    endif()
  endforeach()
endforeach()
if(problems GREATER 0)
  message(FATAL_ERROR "${problems} name-string comparison(s) in compiler/ir: switch on sema's enums instead")
endif()
list(LENGTH sources count)
if(count EQUAL 0)
  message(FATAL_ERROR "no compiler/ir/*.cpp under ${ROOT}")
endif()
message(STATUS "compiler/ir: ${count} files, no name-string comparison")
