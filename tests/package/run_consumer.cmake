# Packaging test driver, run by CTest as `cmake -D... -DSTEP=<step> -P run_consumer.cmake`.
#   install            install the main build into PREFIX
#   find_package       consumer finds the installed package (with COMPONENTS, comma-separated)
#   add_subdirectory   consumer adds SOURCE_DIR as a subdirectory
#   fetchcontent       consumer gets SOURCE_DIR through FetchContent (local, no network)
#   missing_component  requiring an adapter whose dependency is hidden must fail clearly
#   pkg_config         pkg-config finds the installed hyperparameter.pc
#   dependency_version the installed package asks for the dependency versions it was built with
#   adapter_switches   HYPERPARAMETER_WITH_<ADAPTER>: AUTO, ON (fails without the dependency), OFF
#   vendored           a parent project adds us next to its own non-exported nlohmann_json target
cmake_minimum_required(VERSION 3.21)

function(run)
  execute_process(COMMAND ${ARGN} COMMAND_ECHO STDOUT COMMAND_ERROR_IS_FATAL ANY)
endfunction()

# Configure arguments shared by every consumer: same generator, compiler and flags as the main build.
# Configuring with `args` must fail, and its output match `pattern`: `why` says why it
# should have failed, `named` what the message should have named.
function(expect_configure_failure args pattern why named)
  execute_process(COMMAND ${CMAKE_COMMAND} ${args} RESULT_VARIABLE result
                  OUTPUT_VARIABLE output ERROR_VARIABLE output)
  message("${output}")
  if(result EQUAL 0)
    message(FATAL_ERROR "configuring succeeded although ${why}")
  endif()
  if(NOT output MATCHES "${pattern}")
    message(FATAL_ERROR "configuring failed without naming ${named}")
  endif()
endfunction()

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
  expect_configure_failure("${args}" "component 'yaml'"
    "the required component 'yaml' is unavailable" "the missing component 'yaml'")

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

elseif(STEP STREQUAL "dependency_version")
  # An nlohmann_json older than the one the package was built with must not satisfy the json component.
  file(REMOVE_RECURSE ${WORK_DIR})
  set(old_json ${WORK_DIR}/old_nlohmann_json)
  file(WRITE ${old_json}/nlohmann_jsonConfig.cmake
       "add_library(nlohmann_json::nlohmann_json INTERFACE IMPORTED)\n")
  file(WRITE ${old_json}/nlohmann_jsonConfigVersion.cmake [=[
set(PACKAGE_VERSION 3.0.0)
set(PACKAGE_VERSION_COMPATIBLE TRUE)
if(PACKAGE_FIND_VERSION VERSION_GREATER PACKAGE_VERSION)
  set(PACKAGE_VERSION_COMPATIBLE FALSE)
endif()
]=])
  consumer_configure_args(args -DHP_CONSUME=find_package -DHP_COMPONENTS=json -DCMAKE_PREFIX_PATH=${PREFIX}
                          -Dnlohmann_json_DIR=${old_json} -DCMAKE_IGNORE_PREFIX_PATH=/usr)
  expect_configure_failure("${args}" "component 'json': its dependency nlohmann_json ${JSON_VERSION} was not found"
    "the json component met nlohmann_json 3.0.0, older than the one it was built with"
    "nlohmann_json ${JSON_VERSION}")

elseif(STEP STREQUAL "adapter_switches")
  # Configures this project alone (nothing of ours built) and returns its output; fails on an unexpected result.
  function(configure_with expect_success out)
    file(REMOVE_RECURSE ${WORK_DIR})
    execute_process(COMMAND ${CMAKE_COMMAND} -S ${SOURCE_DIR} -B ${WORK_DIR} -G ${GENERATOR}
                            -DCMAKE_CXX_COMPILER=${CXX_COMPILER} -DHYPERPARAMETER_BUILD_TESTS=OFF
                            -DHYPERPARAMETER_BUILD_EXAMPLES=OFF -DHYPERPARAMETER_BUILD_BENCH=OFF ${ARGN}
                    RESULT_VARIABLE result OUTPUT_VARIABLE output ERROR_VARIABLE output)
    message("--- ${ARGN}\n${output}")
    string(REGEX REPLACE "[ \n]+" " " output "${output}")  # CMake wraps its messages
    if(expect_success AND NOT result EQUAL 0)
      message(FATAL_ERROR "configuring with ${ARGN} failed")
    elseif(NOT expect_success AND result EQUAL 0)
      message(FATAL_ERROR "configuring with ${ARGN} succeeded")
    endif()
    set(${out} "${output}" PARENT_SCOPE)
  endfunction()
  function(expect_adapters output present absent)
    if(NOT output MATCHES "hyperparameter adapters: ([a-z ]*)")
      message(FATAL_ERROR "no line 'hyperparameter adapters:'")
    endif()
    set(built " ${CMAKE_MATCH_1} ")
    if(present AND NOT built MATCHES " ${present} ")
      message(FATAL_ERROR "the ${present} adapter is missing from '${built}'")
    endif()
    if(absent AND built MATCHES " ${absent} ")
      message(FATAL_ERROR "the ${absent} adapter is built although it should not be")
    endif()
  endfunction()

  set(json_package nlohmann_json)
  set(json_debian nlohmann-json3-dev)
  set(yaml_package yaml-cpp)
  set(yaml_debian libyaml-cpp-dev)
  set(toml_package tomlplusplus)
  set(toml_debian libtomlplusplus-dev)
  string(REPLACE "," ";" available "${COMPONENTS}")
  foreach(adapter IN ITEMS json yaml toml)
    string(TOUPPER ${adapter} upper)
    # AUTO (the default) without the dependency: configures, without the adapter.
    configure_with(TRUE output -DCMAKE_DISABLE_FIND_PACKAGE_${${adapter}_package}=ON)
    expect_adapters("${output}" "" ${adapter})
    # ON without the dependency: stops, naming the switch and the Debian package.
    configure_with(FALSE output -DHYPERPARAMETER_WITH_${upper}=ON -DCMAKE_DISABLE_FIND_PACKAGE_${${adapter}_package}=ON)
    if(NOT output MATCHES "HYPERPARAMETER_WITH_${upper} is ON but ${${adapter}_package}.*Debian package ${${adapter}_debian}")
      message(FATAL_ERROR "configuring failed without naming HYPERPARAMETER_WITH_${upper} and ${${adapter}_debian}")
    endif()
    if(adapter IN_LIST available)
      # ON with the dependency builds it; OFF leaves it out although the dependency is there.
      configure_with(TRUE output -DHYPERPARAMETER_WITH_${upper}=ON)
      expect_adapters("${output}" ${adapter} "")
      configure_with(TRUE output -DHYPERPARAMETER_WITH_${upper}=OFF)
      expect_adapters("${output}" "" ${adapter})
    endif()
  endforeach()
  configure_with(FALSE output -DHYPERPARAMETER_WITH_JSON=maybe)
  if(NOT output MATCHES "HYPERPARAMETER_WITH_JSON is 'maybe': use AUTO, ON or OFF")
    message(FATAL_ERROR "an invalid switch value was not named")
  endif()

elseif(STEP STREQUAL "vendored")
  file(REMOVE_RECURSE ${WORK_DIR})
  get_filename_component(CONSUMER_DIR ${CONSUMER_DIR}/../vendored ABSOLUTE)
  consumer_configure_args(args)
  run(${CMAKE_COMMAND} ${args})
  run(${CMAKE_COMMAND} --build ${WORK_DIR} --target run ${config_arg})

else()
  message(FATAL_ERROR "unknown STEP '${STEP}'")
endif()
