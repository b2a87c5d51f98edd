// Bug: a word of 245 bytes or more anywhere in a bank stopped the build with
// "InvalidArgumentError: Term too long" (the stem of a long word of a
// question's text was handed to Xapian whole), and a long synonym key with
// "Key too long". Every term and key now fits (schema::FitTerm); a long
// one keeps a stable form, so it is still found by itself.
#include <catch2/catch.hpp>
#include <fstream>

#include "searcher/searcher.h"
#include "test_index.h"

namespace quarry::testing {
namespace {

const std::string kLong = "a" + [] {
  std::string s;
  for (int i = 0; i < 33; ++i) s += "bcdefghij";
  return s;
}();  // 298 letters

// A JSON Lines bank with kLong in a question, an answer, a section title, a
// tag and an id, and a synonyms file with kLong as a key and in a value.
struct LongWords {
  TempDir dir;
  std::string db = dir.path() + "/index";
  std::unique_ptr<Searcher> searcher;

  LongWords() {
    const std::string bank = dir.path() + "/long.jsonl";
    std::ofstream(bank) << R"({"id": "long/1", "section": "Plain", "text": "Is )" << kLong << R"( a word?"})" << "\n"
                        << R"({"id": "long/2", "section": "Plain", "text": "What does the answer say?", "body": "It says )"
                        << kLong << R"( twice."})" << "\n"
                        << R"({"id": "long/3", "section": "Section )" << kLong << R"(", "text": "Which section is it?"})"
                        << "\n"
                        << R"({"id": "long/4", "section": "Plain", "text": "Which tag is it?", "tags": ["tag )" << kLong
                        << R"("]})" << "\n"
                        << R"({"id": "long-)" << kLong << R"(", "section": "Plain", "text": "Which id is it?"})" << "\n"
                        << R"({"id": "long/6", "section": "Other", "text": "What is a shortname?"})" << "\n";
    const std::string synonyms = dir.path() + "/synonyms.txt";
    std::ofstream(synonyms) << kLong << ", shortname\n" << "tagword, " << kLong << " tail\n";
    Status indexed = IndexBank(db, {bank}, synonyms);
    INFO(indexed.ToString());
    REQUIRE(indexed.ok());
    auto opened = Searcher::Open(db);
    REQUIRE(opened.ok());
    searcher = std::move(*opened);
  }

  SearchResponse Search(const std::string& query, std::vector<std::string> sections = {}) {
    SearchRequest request;
    request.query = query;
    request.sections = std::move(sections);
    request.enough_results = 1;
    Result<SearchResponse> response = searcher->Search(request);
    INFO(response.status().ToString());
    REQUIRE(response.ok());
    return std::move(*response);
  }
};

std::set<std::string> Ids(const SearchResponse& r) {
  std::set<std::string> ids;
  for (const Hit& h : r.hits) ids.insert(h.id);
  return ids;
}

TEST_CASE_METHOD(LongWords, "a 300-letter word in a question, answer, section, tag or id builds and is found",
                 "[searcher][long][bug]") {
  // The word as typed finds it wherever it is: text, answer, section title, tag.
  SearchResponse word = Search(kLong + " ");
  // (long/6 by the word's synonym: a long key is found by itself.)
  CHECK(Ids(word) == std::set<std::string>{"long/1", "long/2", "long/3", "long/4", "long/6"});
  CHECK(word.hits.at(0).id == "long/1");  // in its question's own text
  CHECK(word.hits.at(0).snippet.find("<mark>" + kLong + "</mark>") != std::string::npos);
  // In a phrase.
  CHECK(Ids(Search("\"is " + kLong + "\"")) == std::set<std::string>{"long/1"});
  // A synonym too long for Xapian's synonym table is left out of it: the
  // short word does not find the long one, and nothing fails.
  CHECK(Ids(Search("shortname ")) == std::set<std::string>{"long/6"});
  CHECK(Search("tagword ").total == 0);
  // A filter by the long section, as titled or as its slug.
  CHECK(Search("", {"Section " + kLong}).total == 1);
  CHECK(Search("", {"section-" + kLong}).total == 1);
  // The long id is the question's.
  Result<Question> question = searcher->Get("long-" + kLong);
  REQUIRE(question.ok());
  CHECK(question->text == "Which id is it?");
  CHECK(searcher->Related("long-" + kLong).ok());
  CHECK(searcher->NeighboursOf("long-" + kLong).ok());
  // One typo in it: an unknown word, searched without error.
  Search(kLong + "x");
}

}  // namespace
}  // namespace quarry::testing
