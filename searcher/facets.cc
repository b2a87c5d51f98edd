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

void FacetSpy::operator()(const Xapian::Document& doc, double) {
  for (size_t id = 0; id < kFacetCount; ++id) {
    std::string value = doc.get_value(kSpecs[id].slot);
    if (value.empty()) continue;
    if (!kSpecs[id].multi_valued) {
      ++counts_[id][value];
      continue;
    }
    size_t start = 0;
    for (size_t i = 0; i <= value.size(); ++i) {
      if (i < value.size() && value[i] != schema::kValueSeparator) continue;
      if (i > start) ++counts_[id][value.substr(start, i - start)];
      start = i + 1;
    }
  }
}

}  // namespace quarry
