// Tests of web/search_params: what verbatim=1 makes of an answer the
// searcher gave for the corrected query (the rest is tested through the
// server, server_test.cc and page_routes_test.cc).
#include "web/search_params.h"

#include <catch2/catch.hpp>
#include <memory>
#include <string>

#include "searcher/searcher.h"
#include "tests/web/test_server.h"

namespace quarry::web::testing {
namespace {

// Found by tests/fuzz/query_fuzzer.cc: UndoCorrection dropped the corrected
// query's hits but kept its count of related questions, so a verbatim
// answer said "15 on related subjects" and listed none of them.
TEST_CASE("verbatim drops the corrected query's related questions with its hits", "[server]") {
  TempDir dir;
  const std::string db = dir.path() + "/index";
  // The shipped bank, whose concepts.txt brings related subjects.
  BuildTestIndex({std::string(QUARRY_SOURCE_DIR) + "/corpus"}, db);
  Result<std::unique_ptr<Searcher>> searcher = Searcher::Open(db);
  REQUIRE(searcher.ok());

  // A typo that matches nothing as typed, corrected to a word whose few
  // questions bring related ones.
  SearchRequest request;
  Result<SearchResponse> corrected = Status::Internal("no candidate");
  for (const char* typed : {"qcelery", "xzero", "jwtt", "qkafka"}) {
    request.query = typed;
    corrected = (*searcher)->Search(request);
    REQUIRE(corrected.ok());
    if (corrected->showing_corrected && corrected->total > 0 && corrected->related_total > 0) break;
  }
  INFO(request.query);
  REQUIRE(corrected->showing_corrected);
  REQUIRE(corrected->related_total > 0);

  SearchResponse typed = *corrected;
  REQUIRE(UndoCorrection(**searcher, request, typed).ok());
  CHECK_FALSE(typed.showing_corrected);
  CHECK(typed.corrected_query == corrected->corrected_query);
  CHECK(typed.total == 0);
  CHECK(typed.related_total == 0);
  CHECK_FALSE(typed.facets_count_related);
  CHECK(typed.hits.empty());
}

}  // namespace
}  // namespace quarry::web::testing
