// The facets a search counts and filters on (bank, part, section, question
// type, topics): schema::kFacets says how each is stored; this says where a
// request holds its selection and a response its counts, so that every
// layer loops over the facets rather than naming each.
#pragma once

#include <xapian.h>

#include <string>
#include <string_view>
#include <vector>

#include "core/schema.h"
#include "searcher/searcher.h"

namespace quarry {

using schema::FacetId;
using schema::kFacetCount;

// Facet `id`'s name ("part"): the API's parameter and JSON key, the CLI's option.
std::string_view FacetName(FacetId id);

// The values a request filters facet `id` on (OR within, AND across facets).
const std::vector<std::string>& Selection(const SearchRequest& request, FacetId id);
std::vector<std::string>& Selection(SearchRequest& request, FacetId id);
// Where a response lists the counts of facet `id`.
const std::vector<FacetValue>& CountsOf(const FacetCounts& counts, FacetId id);
std::vector<FacetValue>& CountsOf(FacetCounts& counts, FacetId id);

// The filter of facet `id` for `values`: any of them.
Xapian::Query FacetFilter(FacetId id, const std::vector<std::string>& values);

// The value slot facet `id` is stored in.
Xapian::valueno FacetSlot(FacetId id);
// The values of facet `id` in its slot's stored form (topics hold several).
std::vector<std::string> SplitFacetValue(FacetId id, const std::string& stored);

}  // namespace quarry
