# Installs the build into a fresh prefix and imports hyperparameter_cpp from there alone.
# Usage: cmake -DBUILD_DIR=<build> -DPREFIX=<dir> -DPYTHON=<python3> -DSITE=<dir under prefix> -P check_install.cmake
file(REMOVE_RECURSE ${PREFIX})
execute_process(COMMAND ${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${PREFIX}
                RESULT_VARIABLE installed OUTPUT_QUIET)
if(NOT installed EQUAL 0)
  message(FATAL_ERROR "cmake --install failed: ${installed}")
endif()
set(ENV{PYTHONPATH} ${PREFIX}/${SITE})
execute_process(
  COMMAND ${PYTHON} -c "import hyperparameter_cpp as hp
assert hp.__file__.startswith('${PREFIX}/'), hp.__file__
with hp.scope('a=4'):
    print('installed', hp.get('a', 0))"
  WORKING_DIRECTORY ${PREFIX}
  RESULT_VARIABLE imported OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT imported EQUAL 0 OR NOT out STREQUAL "installed 4\n")
  message(FATAL_ERROR "importing the installed module failed (${imported}): ${out}${err}")
endif()
message(STATUS "${out}")
