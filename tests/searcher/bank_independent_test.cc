// The query rules that carry over to any bank, with no list written for
// it: each checked on a small bank of its own, and, where a knob turns it
// off (searcher/ranking.h), against the same search with it off.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <map>

#include "indexer/index_corpus.h"
#include "searcher/ranking.h"
#include "searcher/searcher.h"
#include "test_index.h"

namespace quarry::testing {
namespace {

// A bank (markdown) and the vocabulary files it is indexed with, by name
// (abbreviations.txt, neighbours.txt, code_words.txt, term_frequencies.txt).
class TestBank {
 public:
  TestBank(const std::string& markdown, const std::map<std::string, std::string>& vocabulary) {
    std::ofstream(dir_.path() + "/bank.md", std::ios::binary) << markdown;
    std::filesystem::create_directories(dir_.path() + "/vocabulary");
    for (const auto& [name, content] : vocabulary) {
      std::ofstream(dir_.path() + "/vocabulary/" + name, std::ios::binary) << content;
    }
    IndexCorpusOptions options;
    options.db_path = db();
    options.vocabulary_dir = dir_.path() + "/vocabulary";
    REQUIRE(IndexCorpus({dir_.path() + "/bank.md"}, options).ok());
  }

  std::string db() const { return dir_.path() + "/db"; }

  // The answer to `query`, ranked with `knobs` ("name=value") changed.
  SearchResponse Search(const std::string& query, std::initializer_list<const char*> knobs = {},
                        bool from_disk = false) const {
    SearcherOptions options;
    for (const char* knob : knobs) REQUIRE(SetKnob(options.ranking, knob).ok());
    if (from_disk) options.in_memory_max_words = 0;
    auto searcher = Searcher::Open(db(), options);
    REQUIRE(searcher.ok());
    SearchRequest request;
    request.query = query;
    Result<SearchResponse> response = (*searcher)->Search(request);
    REQUIRE(response.ok());
    return *response;
  }

  std::vector<std::string> Ids(const std::string& query, std::initializer_list<const char*> knobs = {}) const {
    std::vector<std::string> ids;
    for (const Hit& h : Search(query, knobs).hits) ids.push_back(h.id);
    return ids;
  }

 private:
  TempDir dir_;
};

bool Has(const std::vector<std::string>& ids, const std::string& id) {
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

// `count` questions of one section, none about anything in particular.
std::string Filler(const std::string& section, int count) {
  std::string out = "## " + section + "\n\n";
  for (int i = 1; i <= count; ++i) out += std::to_string(i) + ". Describe office routine number " + std::to_string(i) + ".\n";
  return out + "\n";
}

}  // namespace

TEST_CASE("a code word of a short query weighs as a word, but adds no match", "[bank_independent][code_words]") {
  const TestBank bank(
      "# JS\n\n## Language\n\n"
      "1. When an arrow function is defined inside a method of a JavaScript class, what does this refer to?\n"
      "2. What is JavaScript?\n"
      "3. Which library for dates would you pick?\n"
      "4. How does a for loop differ from forEach?\n"
      "5. What is a library?\n",
      {{"code_words.txt", "this: 20.5\nfor: 3.1\n"}});
  // "this" counts: the question about it ranks above a shorter one that
  // only has "javascript"; as a function word that only boosts, it does not.
  CHECK(bank.Ids("this javascript").front() == "language/1");
  CHECK(bank.Ids("this javascript", {"code_query_words=0"}).front() == "language/2");
  // But a question with "for" alone does not match "library for".
  const std::vector<std::string> library = bank.Ids("library for");
  CHECK_FALSE(Has(library, "language/4"));
  CHECK(Has(library, "language/3"));
  CHECK(library.front() == "language/3");
  // Alone, a code word is what is searched for.
  CHECK(bank.Ids("this") == std::vector<std::string>{"language/1"});
}

TEST_CASE("a compound the bank never writes is searched as its words", "[bank_independent][compounds]") {
  const TestBank bank(
      "# DevOps\n\n## Pipelines\n\n"
      "1. What does a CI server do?\n"
      "2. How does CD differ from continuous delivery?\n"
      "3. What is a container registry?\n",
      {});
  const std::vector<std::string> ids = bank.Ids("ci/cd");
  CHECK(Has(ids, "pipelines/1"));
  CHECK(Has(ids, "pipelines/2"));
  CHECK_FALSE(Has(ids, "pipelines/3"));
}

TEST_CASE("a word run together finds its words written apart", "[bank_independent][compounds]") {
  const TestBank bank(
      "# Linux\n\n## Files\n\n"
      "1. How does a hard link differ from a symbolic link?\n"
      "2. What is an inode?\n",
      {});
  CHECK(bank.Ids("hardlink").front() == "files/1");
}

TEST_CASE("a word is never taken for a typo of a common word", "[bank_independent][spelling]") {
  const TestBank bank(
      "# Shell\n\n## Basics\n\n"
      "1. What is for used for in a shell script?\n"
      "2. How do you read a file line by line?\n",
      {});
  const SearchResponse response = bank.Search("fork bomb");
  CHECK(response.hits.empty());
  CHECK_FALSE(response.corrected_query.has_value());
}

TEST_CASE("a word of technical writing is spelled right even when the bank lacks it", "[bank_independent][spelling]") {
  const std::string markdown =
      "# ML\n\n## Models\n\n"
      "1. How does a random forest avoid overfitting?\n"
      "2. What does k-means minimise?\n";
  const std::map<std::string, std::string> vocabulary{
      {"term_frequencies.txt", "# documents: 1000\nforecast: 40\nkmeans: 30\n"}};
  const TestBank knows(markdown, vocabulary);
  const TestBank does_not(markdown, {});
  // "forecast" is no misspelling of "forest"...
  CHECK(knows.Ids("forecast").empty());
  CHECK(does_not.Ids("forecast") == std::vector<std::string>{"models/1"});
  // ...but "kmeans" is "k-means" written otherwise.
  CHECK(knows.Ids("kmeans") == std::vector<std::string>{"models/2"});
}

TEST_CASE("of two corrections as near, the more frequent word is offered", "[bank_independent][spelling]") {
  const TestBank bank(
      "# Debian\n\n## Packaging\n\n"
      "1. How do you build a package?\n"
      "2. What does a package declare?\n"
      "3. How is a package signed?\n"
      "4. What does this packag provide?\n",
      {});
  const SearchResponse response = bank.Search("packae");
  REQUIRE(response.corrected_query.has_value());
  CHECK(*response.corrected_query == "package");
}

TEST_CASE("the bank's own subject only boosts", "[bank_independent][dominant_words]") {
  std::string markdown = "# Kubernetes\n\n## Cluster\n\n";
  for (int i = 1; i <= 16; ++i) markdown += std::to_string(i) + ". How does Kubernetes schedule workload " + std::to_string(i) + "?\n";
  markdown += "17. What does a Kubernetes ingress route?\n18. How is an ingress secured?\n";
  markdown += "19. What is a pod?\n20. What is a node?\n21. What is a volume?\n22. What is etcd?\n";
  const TestBank bank(markdown, {});
  const SearchResponse on = bank.Search("kubernetes ingress");
  CHECK(on.total == 2);
  CHECK(on.hits.front().id == "cluster/17");
  const SearchResponse off = bank.Search("kubernetes ingress", {"dominant_word_share=1"});
  CHECK(off.total > 2);
}

TEST_CASE("a rare word's section says what it is about", "[bank_independent][section_context]") {
  // Sections small enough to say what a subject is (a tenth of the bank).
  const TestBank bank(
      Filler("Office", 30) +
      "## Gradient boosting\n\n"
      "1. What is XGBoost?\n"
      "2. How does gradient boosting reduce bias?\n\n"
      "## Clustering\n\n"
      "3. What does k-means minimise?\n"
      "4. When is DBSCAN better than k-means?\n",
      {});
  const std::vector<std::string> ids = bank.Ids("xgboost");
  REQUIRE(ids.size() == 2);
  CHECK(ids[0] == "gradient-boosting/1");
  CHECK(ids[1] == "gradient-boosting/2");
  CHECK(bank.Ids("xgboost", {"section_context_weight=0"}) == std::vector<std::string>{"gradient-boosting/1"});
}

TEST_CASE("a rare word's companions find the questions that use them", "[bank_independent][companions]") {
  // Big enough for a word in two questions to be a rare one (3% of 70).
  const TestBank bank(Filler("Office", 70) +
                          "## Text\n\n"
                          "1. How is word2vec trained to learn embeddings?\n"
                          "2. Why are embeddings compared by cosine?\n"
                          "3. What is a tokenizer?\n",
                      {});
  // (Section context off: the section "Text" would find all three.)
  const std::vector<std::string> ids = bank.Ids("word2vec", {"section_context_weight=0"});
  REQUIRE_FALSE(ids.empty());
  CHECK(ids[0] == "text/1");
  CHECK(Has(ids, "text/2"));
  CHECK_FALSE(Has(ids, "text/3"));
  CHECK(bank.Ids("word2vec", {"section_context_weight=0", "companion_weight=0"}) ==
        std::vector<std::string>{"text/1"});
}

TEST_CASE("a neighbour common in all technical writing is left out of its group", "[bank_independent][neighbours]") {
  const TestBank bank(
      "# ML\n\n## Regularization\n\n"
      "1. When would you use an elastic net?\n"
      "2. How is development of a model planned?\n"
      "3. What is a tokenizer?\n",
      {{"neighbours.txt", "lasso: elastic net 0.86, development 0.80\n"},
       {"term_frequencies.txt", "# documents: 1000\ndevelopment: 400\nelastic: 5\nnet: 30\n"}});
  const std::vector<std::string> ids = bank.Ids("lasso");
  CHECK(ids == std::vector<std::string>{"regularization/1"});
  CHECK(Has(bank.Ids("lasso", {"neighbour_min_idf=0"}), "regularization/2"));
}

TEST_CASE("a word in many of the bank's questions brings no neighbours", "[bank_independent][neighbours]") {
  // "cache" in 6 of 40 questions: more than a tenth, fewer than relaxation's 20.
  std::string markdown = Filler("Office", 33) + "## Caching\n\n";
  for (int i = 1; i <= 6; ++i) markdown += std::to_string(i) + ". How is cache entry " + std::to_string(i) + " evicted?\n";
  markdown += "\n## Storage\n\n1. What does Redis persist?\n";
  const TestBank bank(markdown, {{"neighbours.txt", "cache: redis 0.8\n"}});
  CHECK_FALSE(Has(bank.Ids("cache"), "storage/1"));
  CHECK(Has(bank.Ids("cache", {"neighbour_word_share=1"}), "storage/1"));
}

TEST_CASE("neighbours that only weigh rank the best matches as one exact pass does", "[bank_independent][neighbours]") {
  // 260 questions with "cache", more than the rescoring window of 200, all
  // as long; a few among the first 200 also name a neighbour, which lifts
  // them to the top. (One lifted from below the best 200 by its words
  // would not be: the price of the window, as of Elasticsearch's rescore.)
  // (Other questions, so that "cache" is not the bank's own subject.)
  std::string markdown = Filler("Office", 300) + "## Caching\n\n";
  for (int i = 1; i <= 260; ++i) {
    markdown += std::to_string(i) + ". How is cache entry " + std::to_string(i) + " evicted from " +
                (i % 40 == 0 && i <= 200 ? "redis" : "memory") + "?\n";
  }
  const TestBank bank(markdown, {{"neighbours.txt", "cache: redis 0.8\n"}});
  const SearchResponse disk = bank.Search("cache", {"neighbour_word_share=1"}, /*from_disk=*/true);
  const SearchResponse memory = bank.Search("cache", {"neighbour_word_share=1"});
  CHECK(disk.total == 260);
  CHECK(memory.total == 260);
  REQUIRE(disk.hits.size() == memory.hits.size());
  for (size_t i = 0; i < disk.hits.size(); ++i) CHECK(disk.hits[i].id == memory.hits[i].id);
  CHECK(disk.hits.front().id == "caching/40");
  CHECK(disk.hits[4].id == "caching/200");
}

}  // namespace quarry::testing
