# Strict warnings for our own tests, examples and benchmarks only; consumers never inherit them.
function(hp_target_warnings target)
  if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
    target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Werror)
  endif()
endfunction()

# What users with the strictest settings compile our headers with, as non-system headers
# (add_subdirectory, FetchContent): every public header must pass it.
function(hp_target_strict_warnings target)
  if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
    target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion
                                             -Wold-style-cast -Wnon-virtual-dtor -Werror)
  endif()
endfunction()
