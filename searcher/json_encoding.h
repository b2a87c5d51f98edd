// The one JSON shape of Quarry's answers, used by `quarry-search --json`
// and by the HTTP API alike.
#pragma once

#include <nlohmann/json.hpp>
#include <vector>

#include "core/question.h"
#include "searcher/searcher.h"

namespace quarry {

// {"query", "corrected_query" (null when none), "showing_corrected",
//  "matching", "total", "related_total", "facets_count", "offset", "limit", "took_ms",
//  "hits": [{"id","bank","part","section","number","type","topics","text","snippet","matched_in",
//            "also_in","score","related"}],
// ("matched_in": "answer" for a hit found only in its answer, whose snippet
// is then the answer's; else "question")
//  "facets": {"bank": [{"value","count"}], "part": [...], "section": [...], "type": [...],
//             "topic": [...]}}
// (the facets of schema::kFacets, in its order)
// and, for a request with explain, "explanation" (sentences) and each hit's
// "matched_terms" ([{"term","weight"}]).
nlohmann::ordered_json ToJson(const SearchResponse& response);
nlohmann::ordered_json ToJson(const Hit& hit);
// {"id","bank","part","section","number","text","body","tags","type","topics","also_in"}
nlohmann::ordered_json ToJson(const Question& question);
// {"id", "related": [hit, ...]}
nlohmann::ordered_json RelatedToJson(const std::string& id, const std::vector<Hit>& hits);
// {"error": message}
nlohmann::ordered_json ErrorJson(const std::string& message);

// `j` as text (indented by `indent` spaces, or on one line for -1). Bytes
// that are not UTF-8 (a query typed in Latin-1, a bank's stray byte) become
// U+FFFD: an answer is always valid JSON, never an exception.
std::string EncodeJson(const nlohmann::ordered_json& j, int indent = -1);

}  // namespace quarry
