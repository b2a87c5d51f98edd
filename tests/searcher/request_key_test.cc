// Tests of CanonicalKey: every field of a SearchRequest is in it.
#include <catch2/catch.hpp>
#include <functional>
#include <set>
#include <string>
#include <vector>

#include "searcher/facets.h"
#include "searcher/searcher.h"

namespace quarry::testing {
namespace {

// SearchRequest's fields in its order: a field added there and not here
// changes the size, and this fails to compile until the key and the test
// below have it too. (A bool that fits in padding would slip by; the list
// of changes below is the real check.)
struct FieldsOfSearchRequest {
  std::string query;
  std::vector<std::string> banks, parts, sections, types, topics;
  bool collapse, explain;
  size_t offset, limit;
  bool prefix_last_word;
  size_t enough_results;
  bool verbatim;
};
static_assert(sizeof(FieldsOfSearchRequest) == sizeof(SearchRequest),
              "a new field of SearchRequest: add it to CanonicalKey and to this test");

TEST_CASE("every field of a request changes its canonical key", "[request_key]") {
  const std::vector<std::pair<const char*, std::function<void(SearchRequest&)>>> changes = {
      {"query", [](SearchRequest& r) { r.query = "gil"; }},
      {"bank", [](SearchRequest& r) { r.banks = {"python"}; }},
      {"part", [](SearchRequest& r) { r.parts = {"Basics"}; }},
      {"section", [](SearchRequest& r) { r.sections = {"Lists"}; }},
      {"type", [](SearchRequest& r) { r.types = {"comparison"}; }},
      {"topic", [](SearchRequest& r) { r.topics = {"Security"}; }},
      {"collapse", [](SearchRequest& r) { r.collapse = true; }},
      {"explain", [](SearchRequest& r) { r.explain = true; }},
      {"offset", [](SearchRequest& r) { r.offset = 10; }},
      {"limit", [](SearchRequest& r) { r.limit = 20; }},
      {"prefix_last_word", [](SearchRequest& r) { r.prefix_last_word = false; }},
      {"enough_results", [](SearchRequest& r) { r.enough_results = 1; }},
      {"verbatim", [](SearchRequest& r) { r.verbatim = true; }},
  };
  const SearchRequest base;
  std::set<std::string> keys = {CanonicalKey(base)};
  for (const auto& [field, change] : changes) {
    SearchRequest changed = base;
    change(changed);
    INFO(field);
    CHECK(keys.insert(CanonicalKey(changed)).second);
  }
  // Every facet of the table has its change above.
  CHECK(changes.size() == 8 + kFacetCount);
}

TEST_CASE("the canonical key tells apart what plain joining would not", "[request_key]") {
  SearchRequest a, b;
  a.banks = {"a", "b"};
  b.banks = {"a b"};
  CHECK(CanonicalKey(a) != CanonicalKey(b));
  // The same value in another facet is another request.
  SearchRequest part, section;
  part.parts = {"Lists"};
  section.sections = {"Lists"};
  CHECK(CanonicalKey(part) != CanonicalKey(section));
  // A query that spells another request's fields is still its own.
  SearchRequest tricky;
  tricky.query = CanonicalKey(a);
  CHECK(CanonicalKey(tricky) != CanonicalKey(a));
  // Equal requests, equal keys.
  SearchRequest again;
  again.banks = {"a", "b"};
  CHECK(CanonicalKey(again) == CanonicalKey(a));
}

}  // namespace
}  // namespace quarry::testing
