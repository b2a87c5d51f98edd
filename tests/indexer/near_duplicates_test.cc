#include "indexer/near_duplicates.h"

#include <catch2/catch.hpp>

using quarry::Analyzer;
using quarry::Question;

namespace {

Question Q(std::string id, std::string text, std::string section = "S") {
  Question q;
  q.id = std::move(id);
  q.text = std::move(text);
  q.section = std::move(section);
  return q;
}

}  // namespace

TEST_CASE("questions with the same content words are near-duplicates", "[near_duplicates]") {
  Analyzer analyzer;
  std::set<std::string> fillers;
  REQUIRE(quarry::ParseFillerWords("# fillers\nexplain, clearly\npractical, example, with\n", "f.txt", analyzer, fillers)
              .ok());
  std::vector<Question> qs{Q("a/1", "Explain GIL clearly.", "Python"),
                           Q("b/1", "Explain GIL with a practical example.", "Threads"),
                           Q("c/1", "What would happen if Python removed the GIL?"),
                           Q("d/1", "Circuit breaker pattern."), Q("e/1", "Circuit-breaker patterns?"),
                           Q("f/1", "Explain clearly.")};
  quarry::MarkNearDuplicates(qs, analyzer, fillers);
  CHECK(qs[0].duplicate_key == "gil");
  REQUIRE(qs[0].also_in.size() == 1);
  CHECK(qs[0].also_in[0].id == "b/1");
  CHECK(qs[0].also_in[0].section == "Threads");
  REQUIRE(qs[1].also_in.size() == 1);
  CHECK(qs[1].also_in[0].id == "a/1");
  CHECK(qs[2].also_in.empty());
  CHECK(qs[3].also_in.empty());  // "circuit-breaker" is a compound, not the same words
  CHECK(qs[5].duplicate_key.empty());  // only fillers: never grouped
  CHECK(qs[5].also_in.empty());
}

TEST_CASE("the same text in two sections is a near-duplicate", "[near_duplicates]") {
  Analyzer analyzer;
  std::vector<Question> qs{Q("x/1", "Circuit breaker pattern.", "A"), Q("y/2", "Circuit breaker pattern.", "B")};
  quarry::MarkNearDuplicates(qs, analyzer, {});
  REQUIRE(qs[0].also_in.size() == 1);
  CHECK(qs[0].also_in[0].id == "y/2");
  CHECK(qs[1].also_in[0].id == "x/1");
}

TEST_CASE("a generic text over different answers is not one question asked twice", "[near_duplicates]") {
  quarry::Analyzer analyzer;
  std::vector<Question> qs{Q("quiz/1", "What will this code print?"), Q("quiz/2", "What will this code print?"),
                           Q("quiz/3", "What will this code print?"), Q("quiz/4", "What will this code print?")};
  qs[0].body = "console.log(typeof null)";
  qs[1].body = "console.log([] + {})";
  qs[2].body = "console.log(typeof null)";  // the same question, asked again
  quarry::MarkNearDuplicates(qs, analyzer, {});
  REQUIRE(qs[0].also_in.size() == 1);
  CHECK(qs[0].also_in[0].id == "quiz/3");
  CHECK(qs[1].also_in.empty());
  CHECK(qs[0].duplicate_key != qs[1].duplicate_key);
  // Without an answer, a question keeps the key of its text alone.
  CHECK(qs[3].also_in.empty());
}
