// BuiltQuery::match_query must match exactly the documents BuiltQuery::query
// does: the searcher counts totals and facets over it. And a search that
// counts apart from ranking must report what one exact pass reports.
#include <xapian.h>

#include <catch2/catch.hpp>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/analyzer.h"
#include "core/index_layout.h"
#include "searcher/query_builder.h"
#include "searcher/searcher.h"
#include "test_index.h"

namespace {

using quarry::testing::DataPath;
using quarry::testing::IndexBank;
using quarry::testing::TempDir;

// Queries over every kind of clause Build composes.
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
    "difference between args kwargs",
    "dead",
    "deadlok example",
    "n+1 queries django orm",
    "why and when",
    "select_related",
    "explain deadlock",
    "bulk_create -n+1",
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

// The test bank indexed with concept neighbours and filler words, which add
// matches and boosts, opened for reading.
struct BankWithConcepts {
  TempDir dir;
  Xapian::Database db;
  BankWithConcepts() {
    REQUIRE(IndexBank(dir.path(), {DataPath("bank.md")}, DataPath("synonyms.txt"), DataPath("concepts.txt"),
                      DataPath("filler_words.txt"))
                .ok());
    db = Xapian::Database(*quarry::layout::CurrentGeneration(dir.path()));
  }
};

TEST_CASE("the match-set query matches what the query matches", "[query_builder]") {
  BankWithConcepts bank;
  const Xapian::Database& db = bank.db;
  quarry::Analyzer analyzer;
  for (bool typing : {false, true}) {
    quarry::QueryBuildOptions options;
    options.prefix_last_word = typing;
    quarry::QueryBuilder builder(db, analyzer, options);
    for (const std::string& text : kQueries) {
      CAPTURE(text, typing);
      quarry::BuiltQuery built = builder.Build(text);
      CHECK(Matches(db, built.match_query) == Matches(db, built.query));
    }
  }
}

TEST_CASE("the query without proximity matches what the query matches, with no NEAR in it",
          "[query_builder]") {
  BankWithConcepts bank;
  quarry::Analyzer analyzer;
  quarry::QueryBuilder builder(bank.db, analyzer, quarry::QueryBuildOptions());
  size_t with_boost = 0;
  for (const std::string& text : kQueries) {
    CAPTURE(text);
    quarry::BuiltQuery built = builder.Build(text);
    const std::string whole = built.query.get_description();
    const std::string without = built.query_without_proximity.get_description();
    CHECK(without.find(" NEAR ") == std::string::npos);
    CHECK((whole.find(" NEAR ") != std::string::npos) == built.has_proximity_boost);
    if (built.has_proximity_boost) {
      ++with_boost;
      CHECK(Matches(bank.db, built.query_without_proximity) == Matches(bank.db, built.query));
    } else {
      CHECK(without == whole);
    }
  }
  CHECK(with_boost >= 5);
}

TEST_CASE("a concept group's query reused from the cache is the one built afresh", "[query_builder]") {
  BankWithConcepts bank;
  const Xapian::Database& db = bank.db;
  quarry::Analyzer analyzer;
  quarry::QueryBuildOptions fresh;
  quarry::QueryBuildOptions reusing;
  std::map<std::string, Xapian::Query> groups;
  reusing.concept_groups = &groups;
  quarry::QueryBuilder afresh(db, analyzer, fresh);
  quarry::QueryBuilder cached(db, analyzer, reusing);
  for (int round = 0; round < 2; ++round) {  // the first fills the cache, the second reads it
    for (const std::string& text : kQueries) {
      CAPTURE(text, round);
      CHECK(cached.Build(text).query.get_description() == afresh.Build(text).query.get_description());
    }
  }
  CHECK_FALSE(groups.empty());
}

TEST_CASE("counting apart from ranking reports what one exact pass reports", "[searcher]") {
  TempDir dir;
  REQUIRE(IndexBank(dir.path(), {DataPath("bank.md")}, DataPath("synonyms.txt")).ok());
  // Only a bank read from disk is counted apart (one in memory is weighed
  // and counted in one pass).
  quarry::SearcherOptions from_disk;
  from_disk.in_memory_max_words = 0;
  auto searcher = quarry::Searcher::Open(dir.path(), from_disk);
  REQUIRE(searcher.ok());
  REQUIRE_FALSE((*searcher)->InMemory());
  for (const std::string& text : kQueries) {
    CAPTURE(text);
    quarry::SearchRequest request;
    request.query = text;
    auto apart = (*searcher)->Search(request);
    // explain makes the searcher weigh and count every match in one pass
    request.explain = true;
    auto one_pass = (*searcher)->Search(request);
    REQUIRE(apart.ok());
    REQUIRE(one_pass.ok());
    CHECK(apart->total == one_pass->total);
    auto same = [](const std::vector<quarry::FacetValue>& a, const std::vector<quarry::FacetValue>& b) {
      if (a.size() != b.size()) return false;
      for (size_t i = 0; i < a.size(); ++i) {
        if (a[i].value != b[i].value || a[i].count != b[i].count) return false;
      }
      return true;
    };
    CHECK(same(apart->facets.part, one_pass->facets.part));
    CHECK(same(apart->facets.section, one_pass->facets.section));
    CHECK(same(apart->facets.type, one_pass->facets.type));
    CHECK(same(apart->facets.topic, one_pass->facets.topic));
    REQUIRE(apart->hits.size() == one_pass->hits.size());
    for (size_t i = 0; i < apart->hits.size(); ++i) CHECK(apart->hits[i].id == one_pass->hits[i].id);
  }
}

}  // namespace
