#include "searcher/facets.h"

namespace quarry {
namespace {

using schema::kFacets;

// In schema::kFacets order.
constexpr std::vector<std::string> SearchRequest::*kSelections[kFacetCount] = {
    &SearchRequest::banks, &SearchRequest::parts, &SearchRequest::sections, &SearchRequest::types,
    &SearchRequest::topics,
};
constexpr std::vector<FacetValue> FacetCounts::*kCounts[kFacetCount] = {
    &FacetCounts::bank, &FacetCounts::part, &FacetCounts::section, &FacetCounts::type, &FacetCounts::topic,
};

}  // namespace

std::string_view FacetName(FacetId id) { return kFacets[id].name; }

const std::vector<std::string>& Selection(const SearchRequest& request, FacetId id) {
  return request.*kSelections[id];
}
std::vector<std::string>& Selection(SearchRequest& request, FacetId id) { return request.*kSelections[id]; }

const std::vector<FacetValue>& CountsOf(const FacetCounts& counts, FacetId id) { return counts.*kCounts[id]; }
std::vector<FacetValue>& CountsOf(FacetCounts& counts, FacetId id) { return counts.*kCounts[id]; }

Xapian::Query FacetFilter(FacetId id, const std::vector<std::string>& values) {
  std::vector<Xapian::Query> terms;
  for (const std::string& v : values) terms.emplace_back(schema::FacetTerm(id, v));
  return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

Xapian::valueno FacetSlot(FacetId id) { return kFacets[id].slot; }

std::vector<std::string> SplitFacetValue(FacetId id, const std::string& stored) {
  std::vector<std::string> out;
  if (stored.empty()) return out;
  if (!kFacets[id].multi_valued) {
    out.push_back(stored);
    return out;
  }
  size_t start = 0;
  for (size_t i = 0; i <= stored.size(); ++i) {
    if (i < stored.size() && stored[i] != schema::kValueSeparator) continue;
    if (i > start) out.push_back(stored.substr(start, i - start));
    start = i + 1;
  }
  return out;
}

}  // namespace quarry
