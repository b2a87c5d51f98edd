// Tests of the synonyms file parser.
#include "indexer/synonyms.h"

#include <catch2/catch.hpp>
#include <string>

using quarry::Analyzer;
using quarry::ParseSynonyms;
using quarry::SynonymKey;
using quarry::SynonymTable;

namespace {

SynonymTable MustParse(const std::string& content) {
  Analyzer analyzer;
  SynonymTable table;
  quarry::Status s = ParseSynonyms(content, "synonyms.txt", analyzer, table);
  INFO(s.ToString());
  REQUIRE(s.ok());
  return table;
}

std::string ParseError(const std::string& content) {
  Analyzer analyzer;
  SynonymTable table;
  quarry::Status s = ParseSynonyms(content, "synonyms.txt", analyzer, table);
  REQUIRE_FALSE(s.ok());
  CHECK(s.code() == quarry::Status::Code::kInvalidArgument);
  return s.message();
}

bool StartsWith(const std::string& s, const std::string& prefix) {
  return s.compare(0, prefix.size(), prefix) == 0;
}

}  // namespace

TEST_CASE("a comma line makes every term a synonym of the others", "[synonyms]") {
  SynonymTable table =
      MustParse("gil, global interpreter lock\ngc, garbage collection, collector\n");
  CHECK(table == SynonymTable{
                     {"gil", {"global interpreter lock"}},
                     {"global interpreter lock", {"gil"}},
                     {"gc", {"garbage collection", "collector"}},
                     {"garbage collection", {"gc", "collector"}},
                     {"collector", {"gc", "garbage collection"}},
                 });
}

TEST_CASE("an arrow line is one-way", "[synonyms]") {
  SynonymTable table = MustParse("jwt => json web token\ngraphql, gql => api, endpoint\n");
  CHECK(table == SynonymTable{
                     {"jwt", {"json web token"}},
                     {"graphql", {"api", "endpoint"}},
                     {"gql", {"api", "endpoint"}},
                 });
}

TEST_CASE("terms are normalised the way the analyzer cuts words", "[synonyms]") {
  Analyzer analyzer;
  CHECK(SynonymKey(analyzer, "Global  Interpreter Lock") == "global interpreter lock");
  CHECK(SynonymKey(analyzer, "  Ｄｊａｎｇｏ\tREST ") == "django rest");
  CHECK(SynonymKey(analyzer, "N+1 Query") == "n+1 query");
  CHECK(SynonymKey(analyzer, "select_related") == "select_related");
  CHECK(SynonymKey(analyzer, "---") == "");

  SynonymTable table = MustParse("GIL ,  Global  Interpreter Lock\nN+1, n plus one\n");
  CHECK(table == SynonymTable{
                     {"gil", {"global interpreter lock"}},
                     {"global interpreter lock", {"gil"}},
                     {"n+1", {"n plus one"}},
                     {"n plus one", {"n+1"}},
                 });
}

TEST_CASE("comments, blank lines and CRLF are skipped; entries accumulate", "[synonyms]") {
  Analyzer analyzer;
  SynonymTable table;
  REQUIRE(ParseSynonyms("# Python\r\n\r\n   \r\ngil, lock   # trailing comment\r\n", "a.txt",
                        analyzer, table)
              .ok());
  REQUIRE(
      ParseSynonyms("gil, global interpreter lock\nlock, lock\n", "b.txt", analyzer, table).ok());
  CHECK(table == SynonymTable{
                     {"gil", {"lock", "global interpreter lock"}},
                     {"lock", {"gil"}},
                     {"global interpreter lock", {"gil"}},
                 });
  CHECK(MustParse("").empty());
  CHECK(MustParse("# only a comment\n\n").empty());
}

TEST_CASE("synonym errors name file and line", "[synonyms]") {
  struct Row {
    std::string content;
    std::string message_start;
  };
  for (const Row& row : std::vector<Row>{
           {"a, b\n# c\ngil,\n", "synonyms.txt:3: a term between commas is empty"},
           {"a, , b\n", "synonyms.txt:1: a term between commas is empty"},
           {"a, ---\n", "synonyms.txt:1: a term between commas is empty"},
           {"\n\nlonely\n", "synonyms.txt:3: a synonym line needs two terms or more"},
           {"a, b\n=> api\n", "synonyms.txt:2: every term around \"=>\" needs a word"},
           {"jwt =>\n", "synonyms.txt:1: every term around \"=>\" needs a word"},
           {"jwt => a, \n", "synonyms.txt:1: every term around \"=>\" needs a word"},
       }) {
    INFO("content: " << row.content);
    CHECK(StartsWith(ParseError(row.content), row.message_start));
  }
}

// Bug: invalid UTF-8 is reported as "synonyms.txt: invalid UTF-8 at byte 13"
// -- a 0-based offset into the whole file and no line -- where every other
// corpus error (and the markdown and JSONL parsers for the same fault) names
// file:line and the 1-based byte of the line.
TEST_CASE("invalid UTF-8 in synonyms is an error naming its line", "[synonyms][bug]") {
  CHECK(ParseError("gil, lock\ncaf\xC3, coffee\n") ==
        "synonyms.txt:2: invalid UTF-8 at byte 4 of the line");
}

// Bug: '#' starts a comment anywhere on a line, so "c#, csharp" reads as
// the single term "c" and fails ("needs two terms"), and "f# => fsharp"
// fails likewise, though the analyzer keeps `c#` findable as a compound.
// A comment should start at the line start or after white space.
TEST_CASE("a # inside a term such as c# does not start a comment", "[synonyms][bug]") {
  Analyzer analyzer;
  SynonymTable table;
  quarry::Status s =
      ParseSynonyms("c#, csharp   # C sharp\nf# => fsharp\n", "synonyms.txt", analyzer, table);
  INFO(s.ToString());
  REQUIRE(s.ok());
  CHECK(table == SynonymTable{
                     {"c#", {"csharp"}},
                     {"csharp", {"c#"}},
                     {"f#", {"fsharp"}},
                 });
}
