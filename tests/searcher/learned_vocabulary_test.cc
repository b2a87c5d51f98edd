// Searching a bank that brings no list of its own: what the learned
// vocabulary (indexer/vocabulary.h) and the bank's own initialisms add.
#include <catch2/catch.hpp>

#include <fstream>

#include "indexer/index_corpus.h"
#include "searcher/searcher.h"
#include "test_index.h"

namespace quarry::testing {
namespace {

void WriteFile(const std::string& path, const std::string& content) {
  std::ofstream(path, std::ios::binary) << content;
}

// A machine-learning bank and a vocabulary in make vocabulary's formats.
constexpr const char* kBank =
    "# ML\n\n## Regularization\n\n"
    "1. What is ridge regression?\n"
    "2. When would you use an elastic net?\n"
    "3. What are gradient boosting trees?\n"
    "4. How many gradient boosting trees should a model have?\n\n"
    "## Web\n\n"
    "5. How do you prevent cross-site scripting?\n"
    "6. What does a load balancer do?\n";

struct VocabularyBank {
  TempDir dir;
  std::unique_ptr<Searcher> searcher;

  explicit VocabularyBank(bool with_vocabulary = true) {
    WriteFile(dir.path() + "/bank.md", kBank);
    std::filesystem::create_directories(dir.path() + "/vocabulary");
    WriteFile(dir.path() + "/vocabulary/abbreviations.txt", "xss, cross site scripting  # 9 of 9\n");
    WriteFile(dir.path() + "/vocabulary/neighbours.txt", "lasso: elastic net 0.86, ridge 0.78\n");
    IndexCorpusOptions options;
    options.db_path = dir.path() + "/db";
    options.vocabulary_dir = with_vocabulary ? dir.path() + "/vocabulary" : "";
    REQUIRE(IndexCorpus({dir.path() + "/bank.md"}, options).ok());
    auto opened = Searcher::Open(options.db_path);
    REQUIRE(opened.ok());
    searcher = std::move(*opened);
  }

  std::vector<std::string> Ids(const std::string& query) {
    SearchRequest request;
    request.query = query;
    Result<SearchResponse> response = searcher->Search(request);
    REQUIRE(response.ok());
    std::vector<std::string> ids;
    for (const Hit& h : response->hits) ids.push_back(h.id);
    return ids;
  }
};

bool Has(const std::vector<std::string>& ids, const std::string& id) {
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

}  // namespace

TEST_CASE("a learned abbreviation finds the bank's spelled-out words", "[vocabulary]") {
  VocabularyBank bank;
  std::vector<std::string> ids = bank.Ids("xss ");
  REQUIRE_FALSE(ids.empty());
  CHECK(ids[0] == "web/5");
  CHECK(VocabularyBank(false).Ids("xss ").empty());
}

TEST_CASE("a word the bank lacks finds its learned neighbours", "[vocabulary]") {
  VocabularyBank bank;
  std::vector<std::string> ids = bank.Ids("lasso ");
  CHECK(Has(ids, "regularization/1"));
  CHECK(Has(ids, "regularization/2"));
  CHECK_FALSE(Has(ids, "web/6"));
  CHECK(VocabularyBank(false).Ids("lasso ").empty());
}

TEST_CASE("initials of a run the bank repeats find it, with or without a vocabulary", "[vocabulary]") {
  for (bool with_vocabulary : {true, false}) {
    std::vector<std::string> ids = VocabularyBank(with_vocabulary).Ids("gbt ");
    REQUIRE(ids.size() >= 2);
    CHECK(Has(ids, "regularization/3"));
    CHECK(Has(ids, "regularization/4"));
  }
}

}  // namespace quarry::testing
