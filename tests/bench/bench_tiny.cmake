# Runs `bench/run.sh BUILD --tiny --out OUT` and checks that it printed the
# table with every figure present: each row of the three tables, a Quarry
# figure in each, and the PASS/FAIL count. Whether a target passes is not
# checked (timings on a tiny corpus say nothing).
# Variables: RUN_SH, BUILD, OUT.
execute_process(
  COMMAND ${RUN_SH} ${BUILD} --tiny --out ${OUT}
  RESULT_VARIABLE result
  OUTPUT_VARIABLE table
  ERROR_VARIABLE log)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "bench/run.sh --tiny exited with ${result}:\n${log}\n${table}")
endif()
file(READ ${OUT}/table.md written)
if(NOT written STREQUAL table)
  message(FATAL_ERROR "${OUT}/table.md is not the table printed:\n${table}")
endif()
foreach(row
    "index build, s" "build peak memory" "index size on disk" "query p50, ms"
    "query p99, ms" "index build vs plain Xapian"
    "search req/s, 64 connections, cache off" "search req/s, 64 connections, cache on"
    "errors (status" "cold quarry-index of corpus/"
    "search req/s, 64 connections (vs /ping), cache off"
    "search req/s, 64 connections (vs /ping), cache on"
    "plain Xapian peer req/s, 64 connections (vs /ping)")
  string(FIND "${table}" "| ${row}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "no row \"${row}\" in the table:\n${table}")
  endif()
endforeach()
# Quarry's column is the second: no figure of it may be missing.
string(REGEX MATCH "\n\\| [^|\n]+ \\| +n/a \\|" missing "${table}")
if(missing)
  message(FATAL_ERROR "a Quarry figure is missing (${missing}):\n${table}")
endif()
# Errors are not timings: every request of every run must have been answered.
string(REGEX MATCH "\n\\| errors [^\n]*\\| FAIL +\\|" failed_requests "${table}")
if(failed_requests)
  message(FATAL_ERROR "requests failed (${failed_requests}):\n${table}")
endif()
if(NOT table MATCHES "targets: [0-9]+ PASS, [0-9]+ FAIL")
  message(FATAL_ERROR "no targets line in the table:\n${table}")
endif()
message(STATUS "bench/run.sh --tiny printed its table:\n${table}")
