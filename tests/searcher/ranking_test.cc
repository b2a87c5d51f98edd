// The ranking knobs (searcher/ranking.h): the presets, setting a knob by
// name, and a Searcher ranking by the knobs it is given.
#include "searcher/ranking.h"

#include <catch2/catch.hpp>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "searcher/searcher.h"
#include "tests/searcher/test_index.h"

namespace quarry {
namespace {

using testing::DataPath;
using testing::IndexBank;
using testing::TempDir;

// KnobTable's lines by knob name.
std::map<std::string, std::string> TableLines(const Rankings& rankings) {
  std::map<std::string, std::string> lines;
  std::istringstream table(KnobTable(rankings));
  std::string line;
  std::getline(table, line);  // the heading
  while (std::getline(table, line)) lines[line.substr(0, line.find(' '))] = line;
  return lines;
}

TEST_CASE("the search preset is the default, and keeps the values tuned", "[ranking]") {
  const Ranking search = Ranking::Search();
  const Ranking plain;
  CHECK(KnobTable({search, search}) == KnobTable({plain, plain}));
  CHECK(search.section_weight == 0.35);
  CHECK(search.answer_weight == 0.4);
  CHECK(search.concept_weight == 0.3);
  CHECK(search.rescore_window == 200);
  // Near spellings: none under 4 bytes, one to 7, two from 8.
  CHECK(search.FuzzyEdits(3) == 0);
  CHECK(search.FuzzyEdits(4) == 1);
  CHECK(search.FuzzyEdits(7) == 1);
  CHECK(search.FuzzyEdits(8) == 2);
  // Spelling corrections: none under 3 bytes, one to 4, two from 5.
  CHECK(search.SpellingEdits(2) == 0);
  CHECK(search.SpellingEdits(3) == 1);
  CHECK(search.SpellingEdits(4) == 1);
  CHECK(search.SpellingEdits(5) == 2);
}

TEST_CASE("the related preset differs from the search one where a question is the query",
          "[ranking]") {
  const Rankings rankings;
  std::map<std::string, std::string> lines = TableLines(rankings);
  std::vector<std::string> differ;
  for (const auto& [name, line] : lines) {
    std::istringstream columns(line);
    std::string knob, search, related;
    columns >> knob >> search >> related;
    if (search != related) differ.push_back(name);
  }
  CHECK(differ == std::vector<std::string>{"all_words_weight", "bm25_b", "bm25_k1",
                                           "concept_weight", "general_word_floor", "proximity_weight",
                                           "section_weight", "specific_word_idf", "weak_word_weight"});
  CHECK(rankings.related.concept_weight == 1.0);
  CHECK(rankings.related.bm25_k1 == 0.3);
  CHECK(rankings.related.bm25_b == 0);
}

TEST_CASE("a knob is set by name, a related one behind related.", "[ranking]") {
  Rankings rankings;
  REQUIRE(SetKnob(rankings, "answer_weight=0.5").ok());
  REQUIRE(SetKnob(rankings, "related.concept_weight=0.8").ok());
  REQUIRE(SetKnob(rankings, "fuzzy_candidates=3").ok());
  REQUIRE(SetKnob(rankings, "bm25_b=1").ok());
  CHECK(rankings.search.answer_weight == 0.5);
  CHECK(rankings.related.answer_weight == 0.4);
  CHECK(rankings.related.concept_weight == 0.8);
  CHECK(rankings.search.concept_weight == 0.3);
  CHECK(rankings.search.fuzzy_candidates == 3);
  CHECK(rankings.search.bm25_b == 1);
  const std::map<std::string, std::string> lines = TableLines(rankings);
  CHECK(lines.at("answer_weight").find("0.5") != std::string::npos);
  CHECK(lines.at("concept_weight").find("0.8") != std::string::npos);
}

TEST_CASE("an unknown knob or a bad value is an error naming it", "[ranking]") {
  Rankings rankings;
  const Status unknown = SetKnob(rankings, "no_such_weight=1");
  CHECK(unknown.code() == Status::Code::kInvalidArgument);
  CHECK(unknown.message().find("unknown ranking knob \"no_such_weight\"") != std::string::npos);
  CHECK(
      SetKnob(rankings, "related.no_such_weight=1").message().find("\"related.no_such_weight\"") !=
      std::string::npos);
  CHECK(SetKnob(rankings, "search.answer_weight=1").message().find("unknown") != std::string::npos);
  for (const char* bad :
       {"answer_weight", "answer_weight=", "answer_weight=abc", "answer_weight=-1",
        "answer_weight=0.5x", "answer_weight=inf", "answer_weight=nan", "bm25_b=1.5",
        "fuzzy_candidates=2.5", "fuzzy_candidates=-1", "fuzzy_candidates=99999999999"}) {
    CAPTURE(bad);
    const Status s = SetKnob(rankings, bad);
    CHECK(s.code() == Status::Code::kInvalidArgument);
    CHECK(s.message().find(std::string(bad).substr(0, std::string(bad).find('='))) !=
          std::string::npos);
  }
  // Nothing was set by a failed assignment.
  CHECK(KnobTable(rankings) == KnobTable(Rankings()));
}

TEST_CASE("every knob in the table is a member of its own", "[ranking]") {
  const std::map<std::string, std::string> before = TableLines(Rankings());
  REQUIRE(before.size() >= 25);
  for (const auto& [name, line] : before) {
    CAPTURE(name);
    Rankings rankings;
    REQUIRE(SetKnob(rankings, name + "=1").ok());
    REQUIRE(SetKnob(rankings, "related." + name + "=0").ok());
    const std::map<std::string, std::string> after = TableLines(rankings);
    for (const auto& [other, other_line] : after) {
      if (other == name) continue;
      CHECK(other_line == before.at(other));
    }
    std::istringstream columns(after.at(name));
    std::string knob, search, related;
    columns >> knob >> search >> related;
    CHECK(search == "1");
    CHECK(related == "0");
  }
}

// A search's hits and a related lookup's, with their scores.
struct Ranked {
  std::vector<std::pair<std::string, double>> search, related;
};

TEST_CASE("a searcher ranks by the knobs it is given", "[ranking][searcher]") {
  TempDir dir;
  REQUIRE(IndexBank(dir.path(), {DataPath("bank.md")}, DataPath("synonyms.txt"),
                    DataPath("concepts.txt"), DataPath("filler_words.txt"))
              .ok());
  auto rank = [&](const std::vector<std::string>& knobs) {
    SearcherOptions options;
    for (const std::string& knob : knobs) REQUIRE(SetKnob(options.ranking, knob).ok());
    auto searcher = Searcher::Open(dir.path(), options);
    REQUIRE(searcher.ok());
    SearchRequest request;
    request.query = "deadlock explain ";
    auto response = (*searcher)->Search(request);
    REQUIRE(response.ok());
    Ranked out;
    for (const Hit& hit : response->hits) out.search.emplace_back(hit.id, hit.score);
    auto related = (*searcher)->Related("python-core/1");
    REQUIRE(related.ok());
    for (const Hit& hit : *related) out.related.emplace_back(hit.id, hit.score);
    return out;
  };
  const Ranked preset = rank({});
  REQUIRE_FALSE(preset.search.empty());
  REQUIRE_FALSE(preset.related.empty());
  // The related preset's knobs leave searches alone, and the other way round.
  const Ranked related_changed = rank({"related.bm25_k1=2", "related.concept_weight=0"});
  CHECK(related_changed.search == preset.search);
  CHECK(related_changed.related != preset.related);
  const Ranked search_changed = rank({"bm25_k1=2", "weak_word_weight=0"});
  CHECK(search_changed.search != preset.search);
  CHECK(search_changed.related == preset.related);
}

}  // namespace
}  // namespace quarry
