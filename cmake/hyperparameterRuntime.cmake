# hyperparameter::runtime: a small shared library that holds the process's
# state (scopes, registry, frozen base, read log), for programs whose plugins
# are loaded with dlopen(RTLD_LOCAL). Linking it switches the headers to
# declarations of that state (HYPERPARAMETER_RUNTIME); see detail/state.hpp.
get_property(hp_shared_libraries_work GLOBAL PROPERTY TARGET_SUPPORTS_SHARED_LIBS)
option(HYPERPARAMETER_BUILD_RUNTIME "Build the hyperparameter::runtime shared library" ${hp_shared_libraries_work})

# With a compiled library the package is no longer architecture-independent: its
# CMake files move from the data dir to the library dir.
if(HYPERPARAMETER_BUILD_RUNTIME)
  set(hp_config_dir ${CMAKE_INSTALL_LIBDIR}/cmake/hyperparameter)
  set(hp_arch_independent "")
else()
  set(hp_config_dir ${CMAKE_INSTALL_DATADIR}/cmake/hyperparameter)
  set(hp_arch_independent ARCH_INDEPENDENT)
endif()

if(HYPERPARAMETER_BUILD_RUNTIME)
  add_library(hyperparameter_runtime SHARED ${CMAKE_CURRENT_LIST_DIR}/../src/runtime.cpp)
  add_library(hyperparameter::runtime ALIAS hyperparameter_runtime)
  # The state's layout changes between minor versions (0.x): one soname per minor version.
  set_target_properties(hyperparameter_runtime PROPERTIES
    EXPORT_NAME runtime
    VERSION ${PROJECT_VERSION}
    SOVERSION ${PROJECT_VERSION_MAJOR}.${PROJECT_VERSION_MINOR}
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON)
  target_compile_definitions(hyperparameter_runtime PUBLIC HYPERPARAMETER_RUNTIME=1
                             PRIVATE HYPERPARAMETER_RUNTIME_BUILD=1)
  target_link_libraries(hyperparameter_runtime PUBLIC hyperparameter PRIVATE ${CMAKE_DL_LIBS})
  hp_target_strict_warnings(hyperparameter_runtime)

  if(HYPERPARAMETER_INSTALL)
    install(TARGETS hyperparameter_runtime EXPORT hyperparameter_runtimeTargets
            LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
            ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
            RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
    # Loaded by hyperparameterConfig.cmake when present, after hyperparameterTargets.
    install(EXPORT hyperparameter_runtimeTargets NAMESPACE hyperparameter::
            DESTINATION ${hp_config_dir})
  endif()
endif()
