#include "searcher/json_encoding.h"

#include <catch2/catch.hpp>

using quarry::SearchResponse;

TEST_CASE("a search response encodes to the documented shape, keys in order", "[json]") {
  SearchResponse r;
  r.query = "dead\"lock";
  r.total = 1;
  r.limit = 10;
  r.took_ms = 0.5;
  r.matching = {3, 2};
  quarry::Hit hit;
  hit.id = "a/1";
  hit.part = "Part";
  hit.section = "Sec";
  hit.number = 1;
  hit.type = "definition";
  hit.topics = {"Python"};
  hit.text = "Text <b>";
  hit.snippet = "Text &lt;b&gt;";
  hit.score = 1.5;
  r.hits.push_back(hit);
  r.facets.section.push_back({"Sec", 1});
  auto j = quarry::ToJson(r);
  std::vector<std::string> keys;
  for (auto it = j.begin(); it != j.end(); ++it) keys.push_back(it.key());
  CHECK(keys == std::vector<std::string>{"query", "corrected_query", "showing_corrected", "matching", "total",
                                         "related_total", "facets_count", "offset", "limit", "took_ms", "hits",
                                         "facets"});
  CHECK(j["related_total"] == 0);
  CHECK(j["facets_count"] == "matches");
  CHECK(j["hits"][0]["related"] == false);
  CHECK(j["corrected_query"].is_null());
  CHECK(j["matching"]["words"] == 3);
  CHECK(j["matching"]["required"] == 2);
  CHECK(j["matching"]["relaxed"] == true);
  CHECK(j["hits"][0]["id"] == "a/1");
  CHECK(j["hits"][0]["number"] == 1);
  CHECK(j["hits"][0]["text"] == "Text <b>");
  CHECK(j["facets"]["section"][0]["value"] == "Sec");
  CHECK(j["facets"]["section"][0]["count"] == 1);
  CHECK(j["facets"]["part"].is_array());
  CHECK(j["facets"]["type"].is_array());
  CHECK(j["facets"]["topic"].is_array());
  CHECK(j["hits"][0]["type"] == "definition");
  CHECK(j["hits"][0]["topics"][0] == "Python");
  CHECK(j["hits"][0]["matched_in"] == "question");
  std::vector<std::string> hit_keys;
  for (auto it = j["hits"][0].begin(); it != j["hits"][0].end(); ++it) hit_keys.push_back(it.key());
  CHECK(hit_keys == std::vector<std::string>{"id", "bank", "part", "section", "number", "type", "topics", "text",
                                             "snippet", "matched_in", "also_in", "score", "related"});
  std::vector<std::string> facet_keys;
  for (auto it = j["facets"].begin(); it != j["facets"].end(); ++it) facet_keys.push_back(it.key());
  CHECK(facet_keys == std::vector<std::string>{"bank", "part", "section", "type", "topic"});
  // Quotes and control characters are escaped by the encoder.
  CHECK(j.dump().find(R"("query":"dead\"lock")") != std::string::npos);

  r.corrected_query = "deadlock";
  CHECK(quarry::ToJson(r)["corrected_query"] == "deadlock");
  r.hits[0].matched_in = quarry::MatchedIn::kAnswer;
  CHECK(quarry::ToJson(r)["hits"][0]["matched_in"] == "answer");
  r.related_total = 4;
  r.facets_count_related = true;
  r.hits[0].related = true;
  CHECK(quarry::ToJson(r)["related_total"] == 4);
  CHECK(quarry::ToJson(r)["facets_count"] == "related");
  CHECK(quarry::ToJson(r)["hits"][0]["related"] == true);
}

TEST_CASE("errors encode as an object with one message", "[json]") {
  CHECK(quarry::ErrorJson("limit must be a number").dump() == R"({"error":"limit must be a number"})");
}
