# Fails when a header marks a constructor or destructor HP_COMPILED: clang then
# emits only one of its variants (base object) into the runtime library, and
# programs built with clang in runtime mode do not link. Constructors and
# destructors stay inline and call compiled functions instead.
#   cmake -DHEADERS=<include/hyperparameter> -P compiled_special_members.cmake
file(GLOB_RECURSE headers "${HEADERS}/*.hpp")
set(found "")
foreach(header IN LISTS headers)
  file(STRINGS "${header}" lines REGEX "HP_COMPILED +(explicit +)?~?[A-Za-z_][A-Za-z_0-9]*\\(")
  foreach(line IN LISTS lines)
    string(STRIP "${line}" line)
    if(line MATCHES "^#")  # the macro's own definitions
      continue()
    endif()
    list(APPEND found "${header}: ${line}")
  endforeach()
endforeach()
list(LENGTH headers count)
if(count EQUAL 0)
  message(FATAL_ERROR "no headers under '${HEADERS}'")
endif()
if(found)
  string(REPLACE ";" "\n" found "${found}")
  message(FATAL_ERROR "HP_COMPILED on a constructor or destructor:\n${found}")
endif()
message(STATUS "${count} headers: no HP_COMPILED constructor or destructor")
