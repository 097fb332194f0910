# Packaging test driver, run by CTest as `cmake -D... -DSTEP=<step> -P run_consumer.cmake`.
#   install            install the main build into PREFIX
#   find_package       consumer finds the installed package (with COMPONENTS, comma-separated)
#   add_subdirectory   consumer adds SOURCE_DIR as a subdirectory
#   fetchcontent       consumer gets SOURCE_DIR through FetchContent (local, no network)
#   missing_component  requiring an adapter whose dependency is hidden must fail clearly
#   pkg_config         pkg-config finds the installed hyperparameter.pc
cmake_minimum_required(VERSION 3.21)

function(run)
  execute_process(COMMAND ${ARGN} COMMAND_ECHO STDOUT COMMAND_ERROR_IS_FATAL ANY)
endfunction()

# Configure arguments shared by every consumer: same generator, compiler and flags as the main build.
function(consumer_configure_args out)
  set(args -S ${CONSUMER_DIR} -B ${WORK_DIR} -G ${GENERATOR}
      -DCMAKE_CXX_COMPILER=${CXX_COMPILER}
      "-DCMAKE_CXX_FLAGS=${CXX_FLAGS}"
      "-DCMAKE_EXE_LINKER_FLAGS=${LINKER_FLAGS}"
      -DHP_SOURCE_DIR=${SOURCE_DIR}
      -DHP_EXPECT_RUNTIME=${EXPECT_RUNTIME}
      ${ARGN})
  if(MAKE_PROGRAM)
    list(APPEND args -DCMAKE_MAKE_PROGRAM=${MAKE_PROGRAM})
  endif()
  if(CONFIG)
    list(APPEND args -DCMAKE_BUILD_TYPE=${CONFIG})
  endif()
  if(CXX_STANDARD)
    list(APPEND args -DCMAKE_CXX_STANDARD=${CXX_STANDARD})
  endif()
  set(${out} ${args} PARENT_SCOPE)
endfunction()

set(config_arg "")
if(CONFIG)
  set(config_arg --config ${CONFIG})
endif()

if(STEP STREQUAL "install")
  file(REMOVE_RECURSE ${PREFIX})
  run(${CMAKE_COMMAND} --install ${BINARY_DIR} --prefix ${PREFIX} ${config_arg})

elseif(STEP MATCHES "^(find_package|add_subdirectory|fetchcontent)$")
  file(REMOVE_RECURSE ${WORK_DIR})
  set(find_args "")
  if(STEP STREQUAL "find_package")
    set(find_args -DCMAKE_PREFIX_PATH=${PREFIX} -DHP_COMPONENTS=${COMPONENTS})
  endif()
  consumer_configure_args(args -DHP_CONSUME=${STEP} ${find_args})
  run(${CMAKE_COMMAND} ${args})
  # The consumer's `run` target builds the program and runs it; it fails unless the program returns 0.
  run(${CMAKE_COMMAND} --build ${WORK_DIR} --target run ${config_arg})

elseif(STEP STREQUAL "missing_component")
  file(REMOVE_RECURSE ${WORK_DIR})
  consumer_configure_args(args -DHP_CONSUME=find_package -DHP_COMPONENTS=yaml -DCMAKE_PREFIX_PATH=${PREFIX}
    -DCMAKE_DISABLE_FIND_PACKAGE_nlohmann_json=ON
    -DCMAKE_DISABLE_FIND_PACKAGE_yaml-cpp=ON
    -DCMAKE_DISABLE_FIND_PACKAGE_tomlplusplus=ON)
  execute_process(COMMAND ${CMAKE_COMMAND} ${args} RESULT_VARIABLE result
                  OUTPUT_VARIABLE output ERROR_VARIABLE output)
  message("${output}")
  if(result EQUAL 0)
    message(FATAL_ERROR "configuring succeeded although the required component 'yaml' is unavailable")
  endif()
  if(NOT output MATCHES "component 'yaml'")
    message(FATAL_ERROR "configuring failed without naming the missing component 'yaml'")
  endif()

elseif(STEP STREQUAL "pkg_config")
  set(ENV{PKG_CONFIG_PATH} ${PKG_CONFIG_DIR})
  execute_process(COMMAND ${PKG_CONFIG} --cflags hyperparameter
                  OUTPUT_VARIABLE cflags OUTPUT_STRIP_TRAILING_WHITESPACE COMMAND_ERROR_IS_FATAL ANY)
  execute_process(COMMAND ${PKG_CONFIG} --modversion hyperparameter
                  OUTPUT_VARIABLE version OUTPUT_STRIP_TRAILING_WHITESPACE COMMAND_ERROR_IS_FATAL ANY)
  message("pkg-config --cflags: ${cflags}\npkg-config --modversion: ${version}")
  if(NOT cflags STREQUAL "-I${INCLUDE_DIR}")
    message(FATAL_ERROR "expected cflags -I${INCLUDE_DIR}")
  endif()
  if(NOT version STREQUAL "${VERSION}")
    message(FATAL_ERROR "expected version ${VERSION}")
  endif()

else()
  message(FATAL_ERROR "unknown STEP '${STEP}'")
endif()
