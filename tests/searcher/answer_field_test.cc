// Answers (Question::body) as a field of their own: a word matches in the
// answer too, weighing less than in the question; phrases work there; a hit
// found only in its answer says so and shows the answer's snippet.
#include <algorithm>
#include <catch2/catch.hpp>

#include "searcher/searcher.h"
#include "test_index.h"

namespace quarry::testing {
namespace {

// tests/searcher/data/answers.jsonl: six questions with answers.
struct Answers {
  TempDir dir;
  std::unique_ptr<Searcher> searcher;

  explicit Answers(const SearcherOptions& options = SearcherOptions()) {
    REQUIRE(IndexBank(dir.path(), {DataPath("answers.jsonl")}).ok());
    auto opened = Searcher::Open(dir.path(), options);
    REQUIRE(opened.ok());
    searcher = std::move(*opened);
  }

  SearchResponse Search(const std::string& query) {
    SearchRequest request;
    request.query = query;
    request.enough_results = 1;
    Result<SearchResponse> response = searcher->Search(request);
    REQUIRE(response.ok());
    return std::move(*response);
  }
};

std::vector<std::string> Ids(const SearchResponse& r) {
  std::vector<std::string> ids;
  for (const Hit& h : r.hits) ids.push_back(h.id);
  return ids;
}

const Hit& HitOf(const SearchResponse& r, const std::string& id) {
  auto it = std::find_if(r.hits.begin(), r.hits.end(), [&](const Hit& h) { return h.id == id; });
  REQUIRE(it != r.hits.end());
  return *it;
}

TEST_CASE_METHOD(Answers, "a word in the question ranks above the same word in an answer alone",
                 "[searcher][answers]") {
  SearchResponse race = Search("race condition ");
  CHECK(Ids(race) == std::vector<std::string>{"a/1", "a/2"});
  SearchResponse exponential = Search("exponential ");
  REQUIRE(exponential.hits.size() == 3);
  CHECK(exponential.hits[0].id == "a/5");  // in its question; a/3 and a/4 in their answers
  // A word found only in answers is still found (and known: no correction).
  SearchResponse mutex = Search("mutex ");
  CHECK(Ids(mutex) == std::vector<std::string>{"a/2"});
  CHECK_FALSE(mutex.corrected_query.has_value());
}

TEST_CASE_METHOD(Answers, "a hit found only in its answer says so, with the answer's snippet",
                 "[searcher][answers]") {
  SearchResponse race = Search("race condition ");
  const Hit& in_question = HitOf(race, "a/1");
  CHECK(in_question.matched_in == MatchedIn::kQuestion);
  CHECK(in_question.snippet == "What is a <mark>race</mark> <mark>condition</mark>?");
  const Hit& in_answer = HitOf(race, "a/2");
  CHECK(in_answer.matched_in == MatchedIn::kAnswer);
  CHECK(in_answer.text == "How do you protect shared state between threads?");
  CHECK(in_answer.snippet ==
        "Take a mutex around every access. Without one, a <mark>race</mark> <mark>condition</mark> corrupts the "
        "counter: two increments become one.");

  // On one line, HTML-escaped.
  const SearchResponse lock_search = Search("lock ");
  const Hit& lock = HitOf(lock_search, "a/1");
  CHECK(lock.matched_in == MatchedIn::kAnswer);
  CHECK(lock.snippet.find('\n') == std::string::npos);
  CHECK(lock.snippet.find("a <mark>lock</mark>: ```python with <mark>lock</mark>: counter += 1 ```") !=
        std::string::npos);

  // A long answer is cut around its first match.
  const SearchResponse column = Search("column ");
  const Hit& cut = HitOf(column, "a/6");
  CHECK(cut.matched_in == MatchedIn::kAnswer);
  CHECK(cut.snippet.rfind("\xE2\x80\xA6", 0) == 0);
  CHECK(cut.snippet.find("indexed <mark>column</mark>") != std::string::npos);
  CHECK(cut.snippet.size() < 300);
}

TEST_CASE_METHOD(Answers, "a function word in the question does not make it a match in the question",
                 "[searcher][answers]") {
  // "How" is in the question, "mutex" only in its answer.
  const SearchResponse how = Search("how mutex ");
  const Hit& hit = HitOf(how, "a/2");
  CHECK(hit.matched_in == MatchedIn::kAnswer);
  CHECK(hit.snippet.find("<mark>mutex</mark>") != std::string::npos);
}

TEST_CASE_METHOD(Answers, "a quoted phrase matches in an answer, its words in a row", "[searcher][answers]") {
  CHECK(Ids(Search("\"exponential backoff\"")) == std::vector<std::string>{"a/3"});
  CHECK(Search("\"backoff exponential\"").total == 0);
  const SearchResponse phrase = Search("\"exponential backoff\"");
  CHECK(HitOf(phrase, "a/3").matched_in == MatchedIn::kAnswer);
}

TEST_CASE("answer_weight 0 leaves answers out of searches", "[searcher][answers]") {
  SearcherOptions options;
  options.ranking.search.answer_weight = 0;
  Answers answers(options);
  CHECK(answers.Search("mutex ").total == 0);
  CHECK(Ids(answers.Search("race condition ")) == std::vector<std::string>{"a/1"});
}

}  // namespace
}  // namespace quarry::testing
