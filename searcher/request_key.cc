#include <string>

#include "searcher/facets.h"
#include "searcher/searcher.h"

namespace quarry {
namespace {

void Add(std::string& key, const std::string& field) {
  key += std::to_string(field.size());
  key += ':';
  key += field;
}

void Add(std::string& key, size_t number) { Add(key, std::to_string(number)); }

}  // namespace

std::string CanonicalKey(const SearchRequest& r) {
  // A new field of SearchRequest goes in here too; the key's test
  // (tests/searcher/request_key_test.cc) fails until it does.
  std::string key;
  Add(key, r.query);
  for (size_t f = 0; f < kFacetCount; ++f) {
    const std::vector<std::string>& list = Selection(r, FacetId(f));
    Add(key, list.size());
    for (const std::string& value : list) Add(key, value);
  }
  Add(key, r.offset);
  Add(key, r.limit);
  Add(key, r.enough_results);
  // The flags, one digit each, in their order in SearchRequest.
  std::string flags;
  for (bool flag : {r.collapse, r.explain, r.prefix_last_word, r.verbatim}) flags += flag ? '1' : '0';
  Add(key, flags);
  return key;
}

}  // namespace quarry
