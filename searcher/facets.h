// The facets a search counts and filters on, defined once: part, section,
// question type and topics (one value slot each; topics hold several
// values per question).
#pragma once

#include <xapian.h>

#include <array>
#include <map>
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

// Counts the values of every facet over the documents of a match, in one
// pass. Use one per Enquire::get_mset call.
class FacetSpy : public Xapian::MatchSpy {
 public:
  void operator()(const Xapian::Document& doc, double weight) override;
  const std::map<std::string, size_t>& counts(FacetId id) const { return counts_[id]; }

 private:
  std::array<std::map<std::string, size_t>, kFacetCount> counts_;
};

}  // namespace quarry
