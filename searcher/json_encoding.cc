#include "searcher/json_encoding.h"

namespace quarry {

using json = nlohmann::ordered_json;

static json Places(const std::vector<Question::Place>& places) {
  json out = json::array();
  for (const Question::Place& p : places) out.push_back(json{{"id", p.id}, {"section", p.section}});
  return out;
}

json ToJson(const Hit& hit) {
  return json{{"id", hit.id},         {"part", hit.part},       {"section", hit.section},
              {"number", hit.number}, {"type", hit.type}, {"topics", hit.topics}, {"text", hit.text},       {"snippet", hit.snippet}, {"also_in", Places(hit.also_in)},
              {"score", hit.score}};
}

static json FacetList(const std::vector<FacetValue>& values) {
  json out = json::array();
  for (const FacetValue& v : values) out.push_back(json{{"value", v.value}, {"count", v.count}});
  return out;
}

json ToJson(const SearchResponse& r) {
  json hits = json::array();
  for (const Hit& h : r.hits) hits.push_back(ToJson(h));
  return json{{"query", r.query},
              {"corrected_query", r.corrected_query ? json(*r.corrected_query) : json(nullptr)},
              {"showing_corrected", r.showing_corrected},
              {"total", r.total},
              {"offset", r.offset},
              {"limit", r.limit},
              {"took_ms", r.took_ms},
              {"hits", std::move(hits)},
              {"facets", json{{"part", FacetList(r.facets.part)},
                              {"section", FacetList(r.facets.section)},
                              {"type", FacetList(r.facets.type)},
                              {"topic", FacetList(r.facets.topic)}}}};
}

json ToJson(const Question& q) {
  return json{{"id", q.id},         {"part", q.part}, {"section", q.section}, {"number", q.number},
              {"text", q.text},     {"body", q.body}, {"tags", q.tags},
              {"type", q.type},     {"topics", q.topics}, {"also_in", Places(q.also_in)}};
}

json RelatedToJson(const std::string& id, const std::vector<Hit>& hits) {
  json list = json::array();
  for (const Hit& h : hits) list.push_back(ToJson(h));
  return json{{"id", id}, {"related", std::move(list)}};
}

json ErrorJson(const std::string& message) { return json{{"error", message}}; }

}  // namespace quarry
