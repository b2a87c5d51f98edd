// Tests of IndexCorpus, the pipeline from bank files to an index, over
// banks and data files written to a unique temporary folder each.
#include "indexer/index_corpus.h"

#include <catch2/catch.hpp>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "core/index_layout.h"
#include "searcher/searcher.h"
#include "tests/indexer/temp_dir.h"

namespace quarry {
namespace {

using testing::TempDir;

// Two sections that ask one question twice; types, topics and filler words
// beside them, as a corpus folder holds them.
constexpr char kBank[] =
    "# Python\n\n"
    "## Basics\n"
    "1. What is a closure?\n"
    "2. Decorator vs closure.\n"
    "3. How do you write a generator?\n\n"
    "## Advanced\n"
    "1. Explain what a closure is.\n"
    "2. What is a metaclass?\n";
constexpr char kTypes[] = "comparison: vs\ndefinition: ^what is\nhow-to: ^how do\n";
constexpr char kTopics[] = "Functions: closure, decorator\nClasses: metaclass\n";
constexpr char kFillers[] = "explain\n";

// A bank that numbers question 2 twice: the reader warns (numbering, line 6).
constexpr char kRepeatedNumber[] =
    "# More Python\n\n"
    "## Extras\n"
    "1. What is a slot?\n"
    "2. What is a descriptor?\n"
    "2. What is a coroutine?\n";

void WriteCorpus(const TempDir& tmp) {
  tmp.Write("corpus/bank.md", kBank);
  tmp.Write("corpus/question_types.txt", kTypes);
  tmp.Write("corpus/topics.txt", kTopics);
  tmp.Write("corpus/filler_words.txt", kFillers);
}

// Every question of the index at `db`, by id.
std::map<std::string, Hit> IndexedQuestions(const std::string& db) {
  Result<std::unique_ptr<Searcher>> searcher = Searcher::Open(db);
  INFO(searcher.status().ToString());
  REQUIRE(searcher.ok());
  SearchRequest all;
  all.limit = 100;
  Result<SearchResponse> response = (*searcher)->Search(all);
  REQUIRE(response.ok());
  std::map<std::string, Hit> hits;
  for (Hit& hit : response->hits) hits[hit.id] = std::move(hit);
  return hits;
}

// Without the learned vocabulary unless told: these tests name every data file.
IndexCorpusOptions NoVocabulary() {
  IndexCorpusOptions options;
  options.vocabulary_dir.clear();
  return options;
}

Result<IndexReport> Index(const TempDir& tmp, IndexCorpusOptions options = NoVocabulary()) {
  if (options.db_path.empty() && !options.check_only) options.db_path = tmp / "index";
  return IndexCorpus({tmp / "corpus"}, options);
}

TEST_CASE("IndexCorpus writes the types, topics and near-duplicates it derives", "[index_corpus]") {
  TempDir tmp;
  WriteCorpus(tmp);
  Result<IndexReport> report = Index(tmp);
  INFO(report.status().ToString());
  REQUIRE(report.ok());
  CHECK(report->summary.questions == 5);
  CHECK(report->summary.sections == 2);
  CHECK_FALSE(report->summary.generation.empty());

  std::map<std::string, Hit> hits = IndexedQuestions(tmp / "index");
  REQUIRE(hits.size() == 5);
  CHECK(hits["basics/1"].type == "definition");
  CHECK(hits["basics/2"].type == "comparison");
  CHECK(hits["basics/3"].type == "how-to");
  CHECK(hits["advanced/2"].topics == std::vector<std::string>{"Classes"});
  CHECK(hits["basics/2"].topics == std::vector<std::string>{"Functions"});
  // "explain" is a filler word, so "Explain what a closure is." asks basics/1 again.
  REQUIRE(hits["basics/1"].also_in.size() == 1);
  CHECK(hits["basics/1"].also_in[0].id == "advanced/1");
  CHECK(hits["basics/3"].also_in.empty());
}

TEST_CASE("IndexCorpus lists the data files it applied, the corpus's before the options'",
          "[index_corpus]") {
  TempDir tmp;
  WriteCorpus(tmp);
  std::string extra = tmp.Write("extra-synonyms.txt", "gil, global interpreter lock\n");
  IndexCorpusOptions options = NoVocabulary();
  options.synonym_files = {extra};
  Result<IndexReport> report = Index(tmp, options);
  REQUIRE(report.ok());
  CHECK(report->data_files == std::vector<std::string>{extra, tmp / "corpus/question_types.txt",
                                                       tmp / "corpus/topics.txt",
                                                       tmp / "corpus/filler_words.txt"});
  CHECK(report->summary.synonyms > 0);
}

TEST_CASE("IndexCorpus with check_only derives everything and writes nothing", "[index_corpus]") {
  TempDir tmp;
  WriteCorpus(tmp);
  IndexCorpusOptions options = NoVocabulary();
  options.check_only = true;
  options.db_path = tmp / "index";
  Result<IndexReport> report = Index(tmp, options);
  INFO(report.status().ToString());
  REQUIRE(report.ok());
  CHECK_FALSE(std::filesystem::exists(tmp / "index"));
  CHECK(report->summary.generation.empty());
  CHECK(report->summary.questions == 5);
  CHECK(report->summary.sections == 2);
  CHECK(report->summary.parts == 1);
  REQUIRE(report->corpus.questions.size() == 5);
  CHECK(report->corpus.questions[0].type == "definition");
  CHECK(report->corpus.questions[0].also_in.size() == 1);

  IndexCorpusOptions no_db;
  no_db.check_only = true;
  CHECK(Index(tmp, no_db).ok());  // no index folder needed
}

TEST_CASE("IndexCorpus without an index folder is an error", "[index_corpus]") {
  TempDir tmp;
  WriteCorpus(tmp);
  Result<IndexReport> report = IndexCorpus({tmp / "corpus"}, IndexCorpusOptions{});
  REQUIRE_FALSE(report.ok());
  CHECK(report.status().code() == Status::Code::kInvalidArgument);
}

// Builds the corpus as it is: generation gen-1, 5 questions.
void BuildFirst(const TempDir& tmp) {
  REQUIRE(Index(tmp).ok());
  REQUIRE(IndexedQuestions(tmp / "index").size() == 5);
}

// `report` failed with a message naming `where`, and gen-1 still answers.
void CheckFailedAndIntact(const TempDir& tmp, const Result<IndexReport>& report,
                          const std::string& where) {
  REQUIRE_FALSE(report.ok());
  INFO(report.status().ToString());
  CHECK(report.status().message().find(where) != std::string::npos);
  Result<std::string> current = layout::CurrentGeneration(tmp / "index");
  REQUIRE(current.ok());
  CHECK(std::filesystem::path(*current).filename() == "gen-1");
  CHECK(IndexedQuestions(tmp / "index").size() == 5);
}

TEST_CASE("IndexCorpus fails on an error in a data file, naming it, and leaves the index",
          "[index_corpus]") {
  TempDir tmp;
  WriteCorpus(tmp);
  BuildFirst(tmp);
  std::string bad = tmp.Write("bad-synonyms.txt", "gil, global interpreter lock\n => nothing\n");
  IndexCorpusOptions options = NoVocabulary();
  options.synonym_files = {bad};
  CheckFailedAndIntact(tmp, Index(tmp, options), bad + ":2");
}

TEST_CASE("IndexCorpus fails on a missing data file and leaves the index", "[index_corpus]") {
  TempDir tmp;
  WriteCorpus(tmp);
  BuildFirst(tmp);
  IndexCorpusOptions options = NoVocabulary();
  options.topic_files = {tmp / "no-such-topics.txt"};
  CheckFailedAndIntact(tmp, Index(tmp, options), tmp / "no-such-topics.txt");
}

TEST_CASE("IndexCorpus fails on a bank that uses an id twice and leaves the index",
          "[index_corpus]") {
  TempDir tmp;
  WriteCorpus(tmp);
  BuildFirst(tmp);
  std::string twice = tmp.Write("corpus/twice.jsonl",
                                "{\"id\": \"a\", \"text\": \"What is a closure?\"}\n"
                                "{\"id\": \"a\", \"text\": \"What is a slot?\"}\n");
  CheckFailedAndIntact(tmp, Index(tmp), twice + ":2");
}

// Needs the new reader, which turns a repeated number into a warning (the
// old markdown parser made it an error).
TEST_CASE("IndexCorpus reports warnings; strict makes them errors and leaves the index",
          "[index_corpus][reader]") {
  TempDir tmp;
  WriteCorpus(tmp);
  BuildFirst(tmp);
  std::string more = tmp.Write("corpus/more.md", kRepeatedNumber);

  IndexCorpusOptions strict;
  strict.strict = true;
  CheckFailedAndIntact(tmp, Index(tmp, strict), more + ":6");

  Result<IndexReport> lenient = Index(tmp);
  INFO(lenient.status().ToString());
  REQUIRE(lenient.ok());
  REQUIRE(lenient->corpus.warnings.size() == 1);
  CHECK(lenient->corpus.warnings[0].kind == warning::kNumbering);
  CHECK(lenient->corpus.warnings[0].where == more + ":6");
  CHECK(IndexedQuestions(tmp / "index").size() == 8);
}

TEST_CASE("IndexCorpus reports each stage's start, then indexing at most every interval",
          "[index_corpus]") {
  TempDir tmp;
  std::string bank;
  for (int i = 1; i <= 3000; ++i) {
    bank += "{\"id\": \"q/" + std::to_string(i) + "\", \"text\": \"Question number " +
            std::to_string(i) + " about topic " + std::to_string(i % 97) + "\"}\n";
  }
  tmp.Write("corpus/many.jsonl", bank);
  std::vector<IndexProgress> seen;
  IndexCorpusOptions options = NoVocabulary();
  options.progress = [&](const IndexProgress& p) { seen.push_back(p); };
  Result<IndexReport> report = Index(tmp, options);
  REQUIRE(report.ok());
  REQUIRE(seen.size() >= 3);
  CHECK(seen[0].stage == IndexProgress::Stage::kReading);
  CHECK(seen[1].stage == IndexProgress::Stage::kDeriving);
  CHECK(seen[1].files_read == 1);
  CHECK(seen[1].questions == 3000);
  CHECK(seen[2].stage == IndexProgress::Stage::kIndexing);
  CHECK(seen[2].questions_indexed == 0);
  for (size_t i = 3; i < seen.size(); ++i) {
    INFO("report " << i);
    CHECK(seen[i].stage == IndexProgress::Stage::kIndexing);
    CHECK(seen[i].elapsed_seconds - seen[i - 1].elapsed_seconds >= kProgressIntervalSeconds * 0.99);
    CHECK(seen[i].questions_indexed > seen[i - 1].questions_indexed);
    CHECK(seen[i].questions_indexed <= 3000);
    CHECK(seen[i].questions_per_second > 0);
    CHECK(seen[i].seconds_left >= 0);
  }
}

TEST_CASE("IndexCorpus lets the caller adjust the corpus before deriving from it",
          "[index_corpus]") {
  TempDir tmp;
  WriteCorpus(tmp);
  IndexCorpusOptions options = NoVocabulary();
  options.adjust_corpus = [](Corpus& corpus) {
    for (Question& q : corpus.questions) q.section = "Renamed";
    corpus.questions[2].text = "Generators vs iterators.";
  };
  Result<IndexReport> report = Index(tmp, options);
  REQUIRE(report.ok());
  std::map<std::string, Hit> hits = IndexedQuestions(tmp / "index");
  CHECK(hits["basics/3"].type == "comparison");
  CHECK(hits["basics/1"].section == "Renamed");
}


TEST_CASE("IndexCorpus takes in the learned vocabulary by default, and what the bank spells out",
          "[index_corpus]") {
  TempDir tmp;
  tmp.Write("corpus/ml.md",
            "# ML\n\n## Trees\n\n1. What is ridge regression?\n2. What are gradient boosting trees?\n"
            "3. When do gradient boosting trees overfit?\n");
  tmp.Write("vocabulary/neighbours.txt", "lasso: ridge 0.78, elastic net 0.7\n");
  tmp.Write("vocabulary/abbreviations.txt", "gbt, gradient boosted trees\n");
  CHECK(IndexCorpusOptions().vocabulary_dir == DefaultVocabularyDir());
  IndexCorpusOptions options;
  options.vocabulary_dir = tmp / "vocabulary";
  options.check_only = true;
  Result<IndexReport> report = Index(tmp, options);
  REQUIRE(report.ok());
  CHECK(report->data_files == std::vector<std::string>{tmp / "vocabulary/abbreviations.txt",
                                                       tmp / "vocabulary/neighbours.txt"});
  // lasso's neighbours; gbt and its expansion (the bank has their stems).
  CHECK(report->vocabulary_entries == 3);
  CHECK(report->initialisms == 0);         // gbt is the vocabulary's already
  options.vocabulary_dir = tmp / "missing";  // no file there: nothing learned, no error
  report = Index(tmp, options);
  REQUIRE(report.ok());
  CHECK(report->vocabulary_entries == 0);
  CHECK(report->initialisms == 1);  // gbt: "gradient boosting trees", asked twice
}
}  // namespace
}  // namespace quarry
