cmake_minimum_required(VERSION 3.21)
# Runs PROGRAM with ARGS ('|'-separated) and checks its exit code and output.
# Usage: cmake -DPROGRAM=<exe> -DARGS=a|b -DCODE=<exit code> -DEXPECTED=<regex> -P expect_exit.cmake
string(REPLACE "|" ";" arguments "${ARGS}")
execute_process(COMMAND ${PROGRAM} ${arguments} RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT code STREQUAL CODE)
  message(FATAL_ERROR "exit code ${code}, expected ${CODE}\nstdout:\n${out}\nstderr:\n${err}")
endif()
if(NOT "${out}${err}" MATCHES "${EXPECTED}")
  message(FATAL_ERROR "output does not match '${EXPECTED}'\nstdout:\n${out}\nstderr:\n${err}")
endif()
