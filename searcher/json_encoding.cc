#include "searcher/json_encoding.h"

#include <cstdio>
#include <cstdlib>

#include "searcher/facets.h"

namespace quarry {

using json = nlohmann::ordered_json;

static json Places(const std::vector<Question::Place>& places) {
  json out = json::array();
  for (const Question::Place& p : places) out.push_back(json{{"id", p.id}, {"section", p.section}});
  return out;
}

// A weight as the API gives it: to 6 significant digits. Xapian's sums
// of term weights differ in their last bits from one database to another
// (ranked_page.h), which no client should see as a different answer.
static double Shown(double weight) {
  char text[32];
  std::snprintf(text, sizeof text, "%.6g", weight);
  return std::strtod(text, nullptr);
}

json ToJson(const Hit& hit) {
  json out{{"id", hit.id},         {"bank", hit.bank},     {"part", hit.part},         {"section", hit.section},
           {"number", hit.number}, {"type", hit.type},     {"topics", hit.topics},     {"text", hit.text},
           {"snippet", hit.snippet}, {"matched_in", hit.matched_in == MatchedIn::kAnswer ? "answer" : "question"},
           {"also_in", Places(hit.also_in)}, {"score", Shown(hit.score)}, {"related", hit.related}};
  if (!hit.matched_terms.empty()) {
    json terms = json::array();
    for (const auto& [term, weight] : hit.matched_terms) terms.push_back(json{{"term", term}, {"weight", Shown(weight)}});
    out["matched_terms"] = std::move(terms);
  }
  return out;
}

// {"bank": [{"value", "count"}], "part": [...], ...}: every facet, in schema order.
static json FacetLists(const FacetCounts& counts) {
  json out = json::object();
  for (size_t f = 0; f < kFacetCount; ++f) {
    json values = json::array();
    for (const FacetValue& v : CountsOf(counts, FacetId(f))) values.push_back(json{{"value", v.value}, {"count", v.count}});
    out[std::string(FacetName(FacetId(f)))] = std::move(values);
  }
  return out;
}

json ToJson(const SearchResponse& r) {
  json hits = json::array();
  for (const Hit& h : r.hits) hits.push_back(ToJson(h));
  json out{{"query", r.query},
              {"corrected_query", r.corrected_query ? json(*r.corrected_query) : json(nullptr)},
              {"showing_corrected", r.showing_corrected},
              {"matching", json{{"words", r.matching.words},
                                {"required", r.matching.required},
                                {"relaxed", r.matching.relaxed()}}},
              {"total", r.total},
              {"related_total", r.related_total},
              {"facets_count", r.facets_count_related ? "related" : "matches"},
              {"offset", r.offset},
              {"limit", r.limit},
              {"took_ms", r.took_ms},
              {"hits", std::move(hits)},
              {"facets", FacetLists(r.facets)}};
  if (!r.explanation.empty()) out["explanation"] = r.explanation;
  if (!r.failed_databases.empty()) {
    out["degraded"] = json{{"answered", r.answered_databases}, {"failed", r.failed_databases}};
  }
  return out;
}

json ToJson(const Question& q) {
  return json{{"id", q.id},         {"bank", q.bank}, {"part", q.part}, {"section", q.section}, {"number", q.number},
              {"text", q.text},     {"body", q.body}, {"tags", q.tags},
              {"type", q.type},     {"topics", q.topics}, {"also_in", Places(q.also_in)}};
}

json RelatedToJson(const std::string& id, const std::vector<Hit>& hits) {
  json list = json::array();
  for (const Hit& h : hits) list.push_back(ToJson(h));
  return json{{"id", id}, {"related", std::move(list)}};
}

json ErrorJson(const std::string& message) { return json{{"error", message}}; }

std::string EncodeJson(const json& j, int indent) {
  return j.dump(indent, ' ', false, json::error_handler_t::replace);
}

}  // namespace quarry
