# Warnings for our own tests, examples and benchmarks only; consumers never inherit them.
# -Werror only with HYPERPARAMETER_WERROR (on in CMakePresets.json, hence in CI): a packager
# building the tests with a newer compiler gets its new warnings as warnings.

# What users with the strictest settings compile our headers with, as non-system headers
# (add_subdirectory, FetchContent): every public header must pass it.
set(HYPERPARAMETER_STRICT_WARNINGS -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion
    -Wold-style-cast -Wnon-virtual-dtor)

function(hp_target_warnings target)
  if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
    target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic)
    if(HYPERPARAMETER_WERROR)
      target_compile_options(${target} PRIVATE -Werror)
    endif()
  endif()
endfunction()

function(hp_target_strict_warnings target)
  hp_target_warnings(${target})
  if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
    target_compile_options(${target} PRIVATE ${HYPERPARAMETER_STRICT_WARNINGS})
  endif()
endfunction()
