// Tests of query relaxation (searcher/relaxation.h) and of what relaxes a
// search: words typed, concept neighbours, and the words that do not count.
#include "searcher/relaxation.h"

#include <catch2/catch.hpp>
#include <memory>
#include <string>
#include <vector>

#include "searcher/searcher.h"
#include "tests/searcher/test_index.h"

using quarry::BuiltQuery;
using quarry::Hit;
using quarry::RelaxationSteps;
using quarry::Searcher;
using quarry::SearchRequest;
using quarry::SearchResponse;
using quarry::testing::DataPath;
using quarry::testing::IndexBank;
using quarry::testing::TempDir;

namespace {

struct Fixture {
  TempDir dir;
  std::unique_ptr<Searcher> searcher;

  Fixture() {
    REQUIRE(IndexBank(dir.path(), {DataPath("bank.md")}, DataPath("synonyms.txt"), DataPath("concepts.txt"),
                      DataPath("filler_words.txt"))
                .ok());
    auto opened = Searcher::Open(dir.path());
    REQUIRE(opened.ok());
    searcher = std::move(*opened);
  }

  SearchResponse Search(const std::string& q, size_t enough) {
    SearchRequest r;
    r.query = q + " ";  // no search-as-you-type prefix: the words as typed
    r.enough_results = enough;
    auto response = searcher->Search(r);
    REQUIRE(response.ok());
    return std::move(*response);
  }
};

std::vector<std::string> Ids(const std::vector<Hit>& hits) {
  std::vector<std::string> ids;
  for (const Hit& h : hits) ids.push_back(h.id);
  return ids;
}

bool Has(const std::vector<Hit>& hits, const std::string& id) {
  for (const Hit& h : hits) {
    if (h.id == id) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("the steps go from every word down to any word or a neighbour", "[relaxation]") {
  BuiltQuery built;
  for (const char* w : {"a", "b", "c"}) built.words.emplace_back(w);
  built.query = Xapian::Query(Xapian::Query::OP_OR, built.words.begin(), built.words.end());
  std::vector<size_t> required;
  for (const auto& step : RelaxationSteps(built)) required.push_back(step.required);
  CHECK(required == std::vector<size_t>{3, 2, 1});

  // Any word and a neighbour are as loose as each other...
  built.neighbours = Xapian::Query("n");
  required.clear();
  for (const auto& step : RelaxationSteps(built)) required.push_back(step.required);
  CHECK(required == std::vector<size_t>{3, 2, 0});

  // ...but a single word tries itself alone first.
  BuiltQuery one;
  one.words.emplace_back("a");
  one.query = Xapian::Query("a");
  required.clear();
  for (const auto& step : RelaxationSteps(one)) required.push_back(step.required);
  CHECK(required == std::vector<size_t>{1});
  one.neighbours = Xapian::Query("n");
  required.clear();
  for (const auto& step : RelaxationSteps(one)) required.push_back(step.required);
  CHECK(required == std::vector<size_t>{1, 0});

  // A long query skips the middle steps rather than spell out every choice.
  built.words.clear();
  for (const char* w : {"a", "b", "c", "d", "e", "f", "g"}) built.words.emplace_back(w);
  required.clear();
  for (const auto& step : RelaxationSteps(built)) required.push_back(step.required);
  CHECK(required == std::vector<size_t>{7, 0});
}

TEST_CASE_METHOD(Fixture, "enough questions with every word: only they are hits", "[relaxation]") {
  SearchResponse r = Search("nested serializers", 1);
  CHECK(r.matching.words == 2);
  CHECK(r.matching.required == 2);
  CHECK_FALSE(r.matching.relaxed());
  CHECK(Ids(r.hits) == std::vector<std::string>{"serializers/2"});
  CHECK(r.total == 1);
}

TEST_CASE_METHOD(Fixture, "too few with every word: the query is relaxed and says so", "[relaxation]") {
  SearchResponse r = Search("nested serializers", 3);
  CHECK(r.matching.words == 2);
  CHECK(r.matching.required == 1);
  CHECK(r.matching.relaxed());
  REQUIRE(r.hits.size() >= 2);
  // Relaxing lets more in, below the question with both words.
  CHECK(r.hits[0].id == "serializers/2");
  CHECK(Has(r.hits, "serializers/1"));
}

TEST_CASE_METHOD(Fixture, "words never found together still find each word's questions", "[relaxation]") {
  SearchResponse r = Search("deadlock serializers", 1);
  CHECK(r.matching.required == 1);
  CHECK(Has(r.hits, "python-core/5"));
  CHECK(Has(r.hits, "serializers/2"));
}

TEST_CASE_METHOD(Fixture, "concept neighbours come in last, as related subjects counted apart", "[relaxation][concepts]") {
  SearchResponse strict = Search("n+1", 1);
  CHECK(Ids(strict.hits) == std::vector<std::string>{"django-orm/2"});
  CHECK(strict.matching.required == 1);
  CHECK(strict.related_total == 0);

  SearchResponse relaxed = Search("n+1", 5);
  // The match is the question with the words; the others are related.
  CHECK(relaxed.total == 1);
  CHECK(relaxed.related_total == 2);
  CHECK(relaxed.matching.required == 1);
  CHECK_FALSE(relaxed.matching.relaxed());
  REQUIRE(relaxed.hits.size() == 3);
  CHECK(relaxed.hits[0].id == "django-orm/2");
  CHECK_FALSE(relaxed.hits[0].related);
  CHECK(relaxed.hits[1].related);
  CHECK(relaxed.hits[2].related);
  CHECK(Has(relaxed.hits, "django-orm/1"));  // select_related
  CHECK(Has(relaxed.hits, "django-orm/4"));  // bulk_create
  // A neighbour is not what was searched for: it is not marked.
  CHECK(relaxed.hits[1].snippet.find("<mark>") == std::string::npos);
  // The facets count the match; a page past it goes on into the related ones.
  CHECK_FALSE(relaxed.facets_count_related);
  size_t counted = 0;
  for (const quarry::FacetValue& v : relaxed.facets.section) counted += v.count;
  CHECK(counted == 1);
  SearchRequest second;
  second.query = "n+1";
  second.enough_results = 5;
  second.offset = 2;
  quarry::Result<SearchResponse> page = searcher->Search(second);
  REQUIRE(page.ok());
  REQUIRE(page->hits.size() == 1);
  CHECK(page->hits[0].related);
  CHECK(page->hits[0].id == relaxed.hits[2].id);
}

TEST_CASE_METHOD(Fixture, "neighbours that find nothing more do not count as relaxing", "[relaxation][concepts]") {
  // "livelock", deadlock's only neighbour, is in no question.
  SearchResponse r = Search("deadlock", 5);
  CHECK(Ids(r.hits) == std::vector<std::string>{"python-core/5"});
  CHECK(r.matching.required == 1);
  CHECK_FALSE(r.matching.relaxed());
  // Two words: "any word" is as far as it relaxed.
  SearchResponse two = Search("deadlock serializers", 1);
  CHECK(two.matching.words == 2);
  CHECK(two.matching.required == 1);
}

TEST_CASE_METHOD(Fixture, "filler words do not count and never match alone", "[relaxation][fillers]") {
  SearchResponse r = Search("explain deadlock", 1);
  CHECK(r.matching.words == 1);
  CHECK(Ids(r.hits) == std::vector<std::string>{"python-core/5"});
  // Alone, a filler word is all there is to search for.
  SearchResponse alone = Search("explain", 1);
  CHECK(Has(alone.hits, "python-core/2"));
}

TEST_CASE_METHOD(Fixture, "related questions ignore filler words", "[related][fillers]") {
  // "Explain the global interpreter lock with a practical example." shares
  // only "explain" with "Explain the N+1 query problem.".
  auto related = searcher->Related("python-core/2", 10);
  REQUIRE(related.ok());
  CHECK_FALSE(Has(*related, "django-orm/2"));
  CHECK(Has(*related, "python-core/1"));  // the GIL, by its synonym
}

TEST_CASE_METHOD(Fixture, "enough_results must be at least 1", "[relaxation]") {
  SearchRequest r;
  r.query = "deadlock";
  r.enough_results = 0;
  auto response = searcher->Search(r);
  REQUIRE_FALSE(response.ok());
  CHECK(response.status().code() == quarry::Status::Code::kInvalidArgument);
}
