// The facets a search counts and filters on, defined once: part, section,
// question type and topics (one value slot each; topics hold several
// values per question).
#pragma once

#include <xapian.h>

#include <string>
#include <string_view>
#include <vector>

#include "searcher/searcher.h"

namespace quarry {

enum FacetId : size_t { kPartFacet = 0, kSectionFacet, kTypeFacet, kTopicFacet, kFacetCount };

// The values a request filters facet `id` on (OR within, AND across facets).
const std::vector<std::string>& Selection(const SearchRequest& request, FacetId id);
// Where a response lists the counts of facet `id`.
std::vector<FacetValue>& CountsOf(FacetCounts& counts, FacetId id);

// The filter of facet `id` for `values`: any of them.
Xapian::Query FacetFilter(FacetId id, const std::vector<std::string>& values);

// The value slot facet `id` is stored in.
Xapian::valueno FacetSlot(FacetId id);
// The values of facet `id` in its slot's stored form (topics hold several).
std::vector<std::string> SplitFacetValue(FacetId id, const std::string& stored);

}  // namespace quarry
