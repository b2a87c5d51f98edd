# Runs COMMAND (a ;-list) and fails unless it exits with EXPECTED_EXIT and
# its standard error contains EXPECTED_STDERR.
#   cmake -DCOMMAND="prog;arg;..." -DEXPECTED_EXIT=2 -DEXPECTED_STDERR=text -P expect_exit.cmake
execute_process(COMMAND ${COMMAND} RESULT_VARIABLE exit_code
                OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT exit_code STREQUAL "${EXPECTED_EXIT}")
  message(FATAL_ERROR "expected exit ${EXPECTED_EXIT}, got ${exit_code}\nstdout:\n${out}\nstderr:\n${err}")
endif()
string(FIND "${err}" "${EXPECTED_STDERR}" at)
if(at EQUAL -1)
  message(FATAL_ERROR "stderr lacks \"${EXPECTED_STDERR}\":\n${err}")
endif()
