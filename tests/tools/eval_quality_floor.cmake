# Indexes CORPUS into a fresh DB with QUARRY_INDEX, then runs QUARRY_EVAL
# over QUERIES and RELATED with the floors MIN_NDCG and MIN_RELATED_RECALL.
# Fails (naming the step) when either program exits non-zero.
foreach(var QUARRY_INDEX QUARRY_EVAL DB CORPUS QUERIES RELATED MIN_NDCG MIN_RELATED_RECALL)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "eval_quality_floor.cmake: -D${var}=... is required")
  endif()
endforeach()

file(REMOVE_RECURSE "${DB}")
execute_process(COMMAND "${QUARRY_INDEX}" --db "${DB}" "${CORPUS}" RESULT_VARIABLE index_exit)
if(NOT index_exit EQUAL 0)
  message(FATAL_ERROR "quarry-index failed (exit ${index_exit}) indexing ${CORPUS} into ${DB}")
endif()

execute_process(COMMAND "${QUARRY_EVAL}" --db "${DB}" --queries "${QUERIES}" --related "${RELATED}"
                        --per-query --min-ndcg "${MIN_NDCG}" --min-related-recall "${MIN_RELATED_RECALL}"
                RESULT_VARIABLE eval_exit)
if(eval_exit EQUAL 1)
  message(FATAL_ERROR "search quality is below the floors (nDCG@10 >= ${MIN_NDCG}, "
                      "related recall@5 >= ${MIN_RELATED_RECALL}); see above")
elseif(NOT eval_exit EQUAL 0)
  message(FATAL_ERROR "quarry-eval failed (exit ${eval_exit})")
endif()
