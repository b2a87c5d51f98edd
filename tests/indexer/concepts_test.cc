// Tests of the concepts file parser.
#include "indexer/concepts.h"

#include <catch2/catch.hpp>
#include <string>

#include "core/schema.h"

using quarry::Analyzer;
using quarry::ParseConcepts;
using quarry::SynonymTable;
using quarry::schema::ConceptGroupKey;
using quarry::schema::ConceptKey;

namespace {

SynonymTable MustParse(const std::string& content) {
  Analyzer analyzer;
  SynonymTable table;
  quarry::Status s = ParseConcepts(content, "concepts.txt", analyzer, table);
  INFO(s.ToString());
  REQUIRE(s.ok());
  return table;
}

std::string ParseError(const std::string& content) {
  Analyzer analyzer;
  SynonymTable table;
  quarry::Status s = ParseConcepts(content, "concepts.txt", analyzer, table);
  REQUIRE_FALSE(s.ok());
  CHECK(s.code() == quarry::Status::Code::kInvalidArgument);
  return s.message();
}

}  // namespace

TEST_CASE("a concept line is a group its terms find by their stems", "[concepts]") {
  SynonymTable table = MustParse("Token Auth: JWT, Refresh Tokens, token storage\n");
  REQUIRE(table.count(ConceptGroupKey("token auth")) == 1);
  // The terms are kept as written (normalised): what a neighbour matches.
  CHECK(table.at(ConceptGroupKey("token auth")) ==
        std::set<std::string>{"jwt", "refresh tokens", "token storage"});
  // Each term's stemmed key names the group, so the singular finds it too.
  CHECK(table.at(ConceptKey("jwt")) == std::set<std::string>{"token auth"});
  CHECK(table.at(ConceptKey("refresh token")) == std::set<std::string>{"token auth"});
  CHECK(table.count(ConceptKey("refresh tokens")) == 0);
}

TEST_CASE("concept keys never collide with synonym keys", "[concepts]") {
  SynonymTable table = MustParse("a: alpha, beta\n");
  CHECK(table.count("alpha") == 0);
  CHECK(table.count(ConceptKey("alpha")) == 1);
}

TEST_CASE("a term in two groups names both; lines with one name make one group", "[concepts]") {
  SynonymTable table =
      MustParse("one: lock, deadlock\n# comment\n\ntwo: lock, mutex  # trailing comment\none: livelock, lock\n");
  CHECK(table.at(ConceptKey("lock")) == std::set<std::string>{"one", "two"});
  CHECK(table.at(ConceptKey("deadlock")) == std::set<std::string>{"one"});
  CHECK(table.at(ConceptGroupKey("one")) == std::set<std::string>{"deadlock", "livelock", "lock"});
}

TEST_CASE("bad concept lines are errors naming file and line", "[concepts]") {
  CHECK(ParseError("ok: a, b\nno colon here\n") == "concepts.txt:2: expected \"name: term, term, ...\"");
  CHECK(ParseError(": a, b\n") == "concepts.txt:1: the name before the colon is missing");
  CHECK(ParseError("x: a, , b\n") == "concepts.txt:1: a term between commas is empty");
  CHECK(ParseError("x: alone\n") == "concepts.txt:1: a concept group needs two terms or more");
  CHECK(ParseError("x: a, \xff\n").rfind("concepts.txt:1: invalid UTF-8", 0) == 0);
}
