# Every error sluice prints goes through the diagnostics renderer
# (compiler/diagnostics/diagnostic.hpp: located diagnostics and `Unlocated`
# ones): no other source under compiler/ spells out `error[E....]` or a
# string that starts `error:` or `error[`, so that no message skips the
# renderer's one format, its colour and its hints.
#   cmake -DROOT=<source tree> -P rendered_errors.cmake
if(NOT ROOT)
  message(FATAL_ERROR "give -DROOT=<source tree>")
endif()
file(GLOB_RECURSE sources ${ROOT}/compiler/*.cpp ${ROOT}/compiler/*.hpp ${ROOT}/compiler/*.def)
list(LENGTH sources n)
if(n LESS 50)
  message(FATAL_ERROR "found only ${n} sources under ${ROOT}/compiler")
endif()
set(found "")
foreach(f IN LISTS sources)
  if(f MATCHES "/compiler/diagnostics/")
    continue()
  endif()
  file(STRINGS ${f} hits REGEX "error\\[E[0-9]|\"error[:[]")
  foreach(h IN LISTS hits)
    file(RELATIVE_PATH rel ${ROOT} ${f})
    string(STRIP "${h}" h)
    string(APPEND found "  ${rel}: ${h}\n")
  endforeach()
endforeach()
if(found)
  message(FATAL_ERROR "errors written by hand instead of through render() (diagnostics/diagnostic.hpp):\n${found}")
endif()
message(STATUS "every error under compiler/ goes through the diagnostics renderer (${n} files)")
