// The bank facet: several banks in one index, counted and filtered like
// the other facets.
#include <catch2/catch.hpp>

#include "searcher/facets.h"
#include "searcher/searcher.h"
#include "test_index.h"

namespace quarry::testing {
namespace {

// A request for `query` within `banks` and `parts`, 100 hits a page.
SearchRequest Request(std::string query, std::vector<std::string> banks = {}, std::vector<std::string> parts = {}) {
  SearchRequest request;
  request.query = std::move(query);
  request.banks = std::move(banks);
  request.parts = std::move(parts);
  request.limit = 100;
  return request;
}

size_t CountOf(const std::vector<FacetValue>& values, const std::string& value) {
  for (const FacetValue& v : values) {
    if (v.value == value) return v.count;
  }
  return 0;
}

// tests/searcher/data's markdown bank (15 questions) and JSON Lines bank
// (10), as the banks "Python Interview" and "Project Terms".
struct TwoBanks {
  TempDir dir;
  std::unique_ptr<Searcher> searcher;

  TwoBanks() {
    Result<std::vector<Question>> questions =
        LoadNamedBanks({{"Python Interview", DataPath("bank.md")}, {"Project Terms", DataPath("terms.jsonl")}});
    REQUIRE(questions.ok());
    REQUIRE(IndexQuestions(dir.path(), *questions).ok());
    auto opened = Searcher::Open(dir.path());
    REQUIRE(opened.ok());
    searcher = std::move(*opened);
  }

  SearchResponse Run(const SearchRequest& request) {
    Result<SearchResponse> response = searcher->Search(request);
    REQUIRE(response.ok());
    return std::move(*response);
  }
};

TEST_CASE_METHOD(TwoBanks, "each bank of an index is a value of the bank facet", "[searcher][facets][banks]") {
  SearchResponse all = Run(Request(""));
  CHECK(all.total == 25);
  REQUIRE(all.facets.bank.size() == 2);
  // Most first.
  CHECK(all.facets.bank[0].value == "Python Interview");
  CHECK(all.facets.bank[0].count == 15);
  CHECK(all.facets.bank[1].value == "Project Terms");
  CHECK(all.facets.bank[1].count == 10);
  CHECK(all.hits.front().bank == "Python Interview");
  CHECK(all.hits.back().bank == "Project Terms");

  // The index lists its banks in bank order.
  std::vector<Searcher::OutlineBank> banks = searcher->Banks();
  REQUIRE(banks.size() == 2);
  CHECK(banks[0].bank == "Python Interview");
  CHECK(banks[0].count == 15);
  CHECK(banks[1].bank == "Project Terms");
  CHECK(banks[1].count == 10);

  // A question remembers its bank.
  Result<Question> question = searcher->Get("t/1");
  REQUIRE(question.ok());
  CHECK(question->bank == "Project Terms");
}

TEST_CASE_METHOD(TwoBanks, "a bank filter keeps one bank's questions, by name or slug", "[searcher][facets][banks]") {
  for (const std::string& name : {"Project Terms", "project-terms"}) {
    INFO(name);
    SearchResponse terms = Run(Request("", {name}));
    CHECK(terms.total == 10);
    for (const Hit& hit : terms.hits) CHECK(hit.bank == "Project Terms");
  }
  // OR within the facet.
  CHECK(Run(Request("", {"Project Terms", "Python Interview"})).total == 25);
  CHECK(Run(Request("", {"No Such Bank"})).total == 0);
}

TEST_CASE_METHOD(TwoBanks, "bank counts are disjunctive and follow the query and other filters",
                 "[searcher][facets][banks]") {
  // "python" is asked about in both banks.
  SearchResponse python = Run(Request("python "));
  const size_t in_interview = CountOf(python.facets.bank, "Python Interview");
  const size_t in_terms = CountOf(python.facets.bank, "Project Terms");
  REQUIRE(in_interview > 0);
  REQUIRE(in_terms > 0);
  CHECK(in_interview + in_terms == python.total);

  // Choosing a bank keeps the other bank's count (disjunctive) while the
  // hits and the other facets' counts are the chosen bank's.
  SearchResponse chosen = Run(Request("python ", {"Project Terms"}));
  CHECK(chosen.total == in_terms);
  CHECK(CountOf(chosen.facets.bank, "Python Interview") == in_interview);
  CHECK(CountOf(chosen.facets.bank, "Project Terms") == in_terms);
  for (const Hit& hit : chosen.hits) CHECK(hit.bank == "Project Terms");
  size_t sections = 0;
  for (const FacetValue& v : chosen.facets.section) sections += v.count;
  CHECK(sections == in_terms);

  // AND across facets: a part of the markdown bank within the other bank is nothing.
  CHECK(Run(Request("", {"Project Terms"}, {"Part One"})).total == 0);
  SearchResponse part = Run(Request("", {"Python Interview"}, {"Part One"}));
  CHECK(part.total == 10);
  CHECK(CountOf(part.facets.bank, "Project Terms") == 0);  // no question of that bank is in Part One
}

TEST_CASE("a bank with no name gives the bank facet no value", "[searcher][facets][banks]") {
  TempDir dir;
  Result<std::vector<Question>> questions = LoadNamedBanks({{"", DataPath("bank.md")}});
  REQUIRE(questions.ok());
  REQUIRE(IndexQuestions(dir.path(), *questions).ok());
  auto opened = Searcher::Open(dir.path());
  REQUIRE(opened.ok());
  Result<SearchResponse> all = (*opened)->Search(Request(""));
  REQUIRE(all.ok());
  CHECK(all->total == 15);
  CHECK(all->facets.bank.empty());
  CHECK((*opened)->Banks().empty());
}

TEST_CASE("every facet of the schema has a request selection and a response count", "[searcher][facets]") {
  SearchRequest request;
  FacetCounts counts;
  for (size_t f = 0; f < kFacetCount; ++f) {
    const auto id = FacetId(f);
    INFO(FacetName(id));
    Selection(request, id).push_back(std::string(FacetName(id)));
    CountsOf(counts, id).push_back({std::string(FacetName(id)), f});
  }
  CHECK(request.banks == std::vector<std::string>{"bank"});
  CHECK(request.parts == std::vector<std::string>{"part"});
  CHECK(request.sections == std::vector<std::string>{"section"});
  CHECK(request.types == std::vector<std::string>{"type"});
  CHECK(request.topics == std::vector<std::string>{"topic"});
  CHECK(counts.bank.at(0).value == "bank");
  CHECK(counts.topic.at(0).value == "topic");
}

}  // namespace
}  // namespace quarry::testing
