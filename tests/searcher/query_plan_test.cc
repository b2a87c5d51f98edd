// A QueryPlan and its rendering (searcher/query_plan.h): every query
// rendered from one plan must agree on what it matches, whatever the
// ranking's weights; and the plan holds each part of the query apart.
#include "searcher/query_plan.h"

#include <xapian.h>

#include <catch2/catch.hpp>
#include <set>
#include <string>
#include <vector>

#include "core/analyzer.h"
#include "core/index_layout.h"
#include "searcher/query_builder.h"
#include "tests/searcher/test_index.h"

namespace quarry {
namespace {

using testing::DataPath;
using testing::IndexBank;
using testing::TempDir;

const std::vector<std::string> kQueries = {
    "gil",
    "what is the gil",
    "global interpreter lock",
    "deadlock happen",
    "the is a",
    "how does select_related work",
    "\"global interpreter\" lock",
    "django -orm",
    "-gil",
    "-\"global interpreter\"",
    "\"==\" -gil",
    "difference between args kwargs ==",
    "deadlok example",
    "n+1 queries django orm",
    "explain deadlock",
    "bulk_create -n+1",
    "serializer circuit breaker",
};

std::set<Xapian::docid> Matches(const Xapian::Database& db, const Xapian::Query& query) {
  std::set<Xapian::docid> out;
  if (query.empty()) return out;
  Xapian::Enquire enquire(db);
  enquire.set_query(query);
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  Xapian::MSet mset = enquire.get_mset(0, db.get_doccount());
  for (Xapian::MSetIterator it = mset.begin(); it != mset.end(); ++it) out.insert(*it);
  return out;
}

// The presets, and rankings with clauses weighed 0 (left out) or heavily.
std::vector<Ranking> Rankings() {
  Ranking none = Ranking::Search();
  for (double Ranking::*w :
       {&Ranking::section_weight, &Ranking::answer_weight, &Ranking::exact_word_weight,
        &Ranking::compound_weight, &Ranking::compound_parts_weight, &Ranking::prefix_weight,
        &Ranking::fuzzy_weight, &Ranking::typed_over_synonym_weight, &Ranking::weak_word_weight,
        &Ranking::all_words_weight, &Ranking::proximity_weight, &Ranking::concept_weight}) {
    none.*w = 0;
  }
  Ranking heavy = Ranking::Search();
  heavy.concept_weight = 3;
  heavy.weak_word_weight = 2;
  heavy.proximity_weight = 4;
  heavy.fuzzy_one_edit_bytes = 3;
  return {Ranking::Search(), Ranking::Related(), none, heavy};
}

struct Bank {
  TempDir dir;
  Xapian::Database db;
  IndexWords words;  // the index's, filler words and all
  Bank() {
    REQUIRE(IndexBank(dir.path(), {DataPath("bank.md")}, DataPath("synonyms.txt"),
                      DataPath("concepts.txt"), DataPath("filler_words.txt"))
                .ok());
    db = Xapian::Database(*layout::CurrentGeneration(dir.path()));
    words = IndexWords::Read(db);
  }
};

TEST_CASE("every query rendered from a plan matches what the ranked query does", "[query_plan]") {
  Bank bank;
  Analyzer analyzer;
  const std::vector<Ranking> rankings = Rankings();
  for (size_t r = 0; r < rankings.size(); ++r) {
    for (bool typing : {false, true}) {
      QueryBuildOptions options;
      options.ranking = rankings[r];
      options.prefix_last_word = typing;
      options.words = &bank.words;
      QueryBuilder builder(bank.db, analyzer, options);
      for (const std::string& text : kQueries) {
        CAPTURE(r, typing, text);
        const BuiltQuery built = Render(builder.Plan(text), rankings[r]);
        const std::set<Xapian::docid> matched = Matches(bank.db, built.query);
        CHECK(Matches(bank.db, built.match_query) == matched);
        CHECK(Matches(bank.db, built.query_without_proximity) == matched);
        // Without the neighbours: fewer matches, the others found by neighbours alone.
        const std::set<Xapian::docid> by_words = Matches(bank.db, built.words_match_query);
        const std::set<Xapian::docid> by_neighbours = Matches(bank.db, built.neighbours);
        // What ranks candidates when the neighbours only weigh: the words' matches.
        CHECK(Matches(bank.db, built.query_without_neighbours) == by_words);
        for (Xapian::docid d : by_words) CHECK(matched.count(d) == 1);
        for (Xapian::docid d : matched)
          CHECK((by_words.count(d) == 1 || by_neighbours.count(d) == 1));
        // Each word's matches are among the query's, unless phrases or
        // exclusions decide.
        if (text.find_first_of("\"-") != std::string::npos) continue;
        for (const Xapian::Query& word : built.words) {
          for (Xapian::docid d : Matches(bank.db, word)) CHECK(matched.count(d) == 1);
        }
      }
    }
  }
}

TEST_CASE("a plan holds each part of the query apart", "[query_plan]") {
  Bank bank;
  Analyzer analyzer;
  QueryBuildOptions options;
  options.words = &bank.words;
  QueryBuilder builder(bank.db, analyzer, options);

  const QueryPlan empty = builder.Plan("  ");
  CHECK(empty.browse);
  CHECK(empty.units.empty());

  const QueryPlan mixed = builder.Plan("\"global interpreter\" explain deadlock -orm ");
  CHECK(mixed.required.size() == 1);
  CHECK(mixed.excluded.size() == 1);
  CHECK(mixed.units.size() == 1);   // deadlock
  CHECK(mixed.boosts.size() == 1);  // explain only boosts
  CHECK(mixed.adjacent ==
        std::vector<std::pair<std::string, std::string>>{{"explain", "deadlock"}});
  CHECK(mixed.match_terms.weak_words.count("explain") == 1);
  CHECK(mixed.neighbours.size() == 1);  // deadlock's group, "locks"

  // A synonym span is one unit; a typo is corrected and noted.
  CHECK(builder.Plan("global interpreter lock ").units.size() == 1);
  const QueryPlan typo = builder.Plan("deadlok ");
  CHECK(typo.corrected == "deadlock ");
  CHECK(typo.units.size() == 1);
  CHECK_FALSE(typo.notes.empty());

  // Weak words alone count.
  CHECK(builder.Plan("why and when ").units.size() == 3);
  CHECK(builder.Plan("why and when ").boosts.empty());
}

}  // namespace
}  // namespace quarry
