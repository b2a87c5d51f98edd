#include "searcher/facets.h"

#include "core/schema.h"
#include "core/slug.h"

namespace quarry {
namespace {

struct FacetSpec {
  Xapian::valueno slot;
  std::string_view filter_prefix;
  bool multi_valued;
};

constexpr FacetSpec kSpecs[kFacetCount] = {
    {schema::kSlotPart, schema::kPartFilter, false},
    {schema::kSlotSection, schema::kSectionFilter, false},
    {schema::kSlotType, schema::kTypeFilter, false},
    {schema::kSlotTopics, schema::kTopicFilter, true},
};

}  // namespace

const std::vector<std::string>& Selection(const SearchRequest& request, FacetId id) {
  switch (id) {
    case kPartFacet: return request.parts;
    case kSectionFacet: return request.sections;
    case kTypeFacet: return request.types;
    default: return request.topics;
  }
}

std::vector<FacetValue>& CountsOf(FacetCounts& counts, FacetId id) {
  switch (id) {
    case kPartFacet: return counts.part;
    case kSectionFacet: return counts.section;
    case kTypeFacet: return counts.type;
    default: return counts.topic;
  }
}

Xapian::Query FacetFilter(FacetId id, const std::vector<std::string>& values) {
  std::vector<Xapian::Query> terms;
  for (const std::string& v : values) terms.emplace_back(schema::Prefixed(kSpecs[id].filter_prefix, Slugify(v)));
  return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

Xapian::valueno FacetSlot(FacetId id) { return kSpecs[id].slot; }

std::vector<std::string> SplitFacetValue(FacetId id, const std::string& stored) {
  std::vector<std::string> out;
  if (stored.empty()) return out;
  if (!kSpecs[id].multi_valued) {
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
