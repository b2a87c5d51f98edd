// Tests of UpdateIndex (quarry-index --add/--remove): after each change to
// a bank folder, the updated index must answer exactly what a full build of
// the folder as it now is answers: every search of a query log made from
// the bank's own words (plain, typo, prefix, browse, collapsed, filtered),
// every question, its related questions and neighbours, the outline, and
// the stored spelling table, synonyms and metadata.
#include "indexer/index_update.h"

#include <xapian.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "core/index_layout.h"
#include "core/schema.h"
#include "searcher/json_encoding.h"
#include "searcher/searcher.h"
#include "tests/indexer/temp_dir.h"
#include "tests/searcher/all_answers.h"

namespace quarry {
namespace {

using testing::TempDir;

constexpr char kFirstBank[] =
    "# Python\n\n"
    "## Basics\n"
    "1. What is a closure?\n"
    "2. Decorator vs closure.\n"
    "3. How do you write a generator?\n"
    "4. What is the GIL and why does it matter?\n\n"
    "## Advanced\n"
    "1. Explain what a closure is.\n"
    "2. What is a metaclass?\n"
    "3. How does asyncio schedule coroutines?\n";

constexpr char kThirdBank[] =
    "# Web\n\n"
    "## HTTP\n"
    "1. What is the difference between PUT and PATCH?\n"
    "2. How does HTTP caching work with ETag?\n"
    "3. What is CORS and when is it needed?\n\n"
    "## Security\n"
    "1. What is cross-site scripting?\n"
    "2. How do you store passwords safely?\n";

constexpr char kRecords[] =
    R"({"id": "db-1", "text": "What is a database index?", "body": "A B-tree that finds rows without a scan.", "section": "Databases"})"
    "\n"
    R"({"id": "db-2", "text": "Explain the N+1 query problem.", "body": "One query per row of another query.", "section": "Databases"})"
    "\n"
    R"({"id": "db-3", "text": "What is a database transaction?", "body": "Statements that commit or roll back as one.", "section": "Databases", "tags": ["sql"]})"
    "\n";

void WriteFolder(const TempDir& tmp) {
  tmp.Write("banks/a.md", kFirstBank);
  tmp.Write("banks/c.md", kThirdBank);
  tmp.Write("banks/d.jsonl", kRecords);
  tmp.Write("banks/question_types.txt", "comparison: vs, difference between\ndefinition: ^what is\nhow-to: ^how do\n");
  tmp.Write("banks/topics.txt", "Functions: closure, decorator, generator\nWeb: http, cors, etag\n");
  tmp.Write("banks/filler_words.txt", "explain\n");
  tmp.Write("banks/synonyms.txt", "xss, cross site scripting\n");
}

IndexCorpusOptions OptionsFor(const std::string& db) {
  IndexCorpusOptions options;
  options.db_path = db;
  return options;
}

void FullBuild(const std::string& folder, const std::string& db) {
  std::filesystem::remove_all(db);
  Result<IndexReport> report = IndexCorpus({folder}, OptionsFor(db));
  INFO(report.status().message());
  REQUIRE(report.ok());
}

// What the index folder holds besides its stub, lock and live generation
// (an update's staging copy or an older generation left behind).
std::vector<std::string> Leftovers(const std::string& db) {
  std::vector<std::string> out;
  const std::string live = std::filesystem::path(*layout::CurrentGeneration(db)).filename().string();
  for (const auto& entry : std::filesystem::directory_iterator(db)) {
    const std::string name = entry.path().filename().string();
    if (name != "XAPIANDB" && name != ".lock" && name != live && name.rfind("gen-", 0) != 0) out.push_back(name);
  }
  return out;
}

IndexReport Update(const std::string& db, const IndexUpdate& update) {
  Result<IndexReport> report = UpdateIndex(update, OptionsFor(db));
  INFO(report.status().message());
  REQUIRE(report.ok());
  CHECK(Leftovers(db).empty());  // the staging copy became the generation
  return std::move(report).value();
}

// Everything the index at `db` answers, as JSON text, for the comparison:
// a query log of the bank's own words besides a few chosen ones.
std::map<std::string, std::string> Answers(const std::string& db, size_t in_memory_max_words) {
  SearcherOptions options;
  options.in_memory_max_words = in_memory_max_words;
  Result<std::unique_ptr<Searcher>> opened = Searcher::Open(db, options);
  REQUIRE(opened.ok());
  Searcher& searcher = **opened;
  std::vector<std::string> queries = {"", "closure", "what is", "database index", "xss", "http caching etag",
                                      "how do you", "generatr", "meta"};
  for (std::string& query : testing::BankQueryLog(searcher)) queries.push_back(std::move(query));
  return testing::AllAnswers(searcher, queries, testing::BankIds(searcher));
}

// What the generation stores besides its documents.
std::map<std::string, std::string> Stored(const std::string& db_path) {
  Xapian::Database db(*layout::CurrentGeneration(db_path));
  std::map<std::string, std::string> out;
  for (auto w = db.spellings_begin(); w != db.spellings_end(); ++w) {
    out["spelling " + *w] = std::to_string(w.get_termfreq());
  }
  for (auto key = db.synonym_keys_begin(); key != db.synonym_keys_end(); ++key) {
    std::string values;
    for (auto v = db.synonyms_begin(*key); v != db.synonyms_end(*key); ++v) values += *v + "|";
    out["synonym " + *key] = values;
  }
  for (auto key = db.metadata_keys_begin(); key != db.metadata_keys_end(); ++key) {
    if (*key != schema::kMetaBuiltAt && *key != schema::kMetaBuild) out["metadata " + *key] = db.get_metadata(*key);
  }
  out["doccount"] = std::to_string(db.get_doccount());
  out["total length"] = std::to_string(db.get_total_length());
  return out;
}

// The updated index at `updated` answers as a full build of `folder`.
void ExpectSameAsFullBuild(const TempDir& tmp, const std::string& updated) {
  const std::string rebuilt = tmp / "rebuilt";
  FullBuild(tmp / "banks", rebuilt);
  testing::ExpectSameAnswers(Stored(updated), Stored(rebuilt));
  for (size_t in_memory : {size_t{0}, size_t{1} << 30}) {  // read from disk, then from memory
    testing::ExpectSameAnswers(Answers(updated, in_memory), Answers(rebuilt, in_memory));
  }
}

TEST_CASE("an update answers exactly as a full build of the changed files") {
  TempDir tmp;
  WriteFolder(tmp);
  const std::string db = tmp / "index";
  FullBuild(tmp / "banks", db);

  SECTION("a new file, read between two others, with a near-duplicate of an earlier question") {
    tmp.Write("banks/b.md", "# Extra\n\n## Functions\n1. What is a closure?\n2. What is a lambda?\n");
    IndexReport report = Update(db, {{tmp / "banks/b.md"}, {}});
    CHECK(report.summary.added == 2);
    CHECK(report.summary.rewritten >= 2);  // the earlier closure questions now name the new one
    ExpectSameAsFullBuild(tmp, db);
  }
  SECTION("a file edited: a question changed, one inserted in the middle, the last one gone") {
    tmp.Write("banks/c.md",
              "# Web\n\n"
              "## HTTP\n"
              "1. What is the difference between PUT and POST?\n"
              "2. What is a REST API?\n"
              "3. How does HTTP caching work with ETag?\n"
              "4. What is CORS and when is it needed?\n\n"
              "## Security\n"
              "1. What is cross-site scripting?\n");
    IndexReport report = Update(db, {{tmp / "banks/c.md"}, {}});
    CHECK(report.summary.removed + report.summary.added + report.summary.rewritten > 0);
    ExpectSameAsFullBuild(tmp, db);
  }
  SECTION("a question removed by id, and from its file") {
    tmp.Write("banks/d.jsonl", std::string(kRecords).substr(std::string(kRecords).find('\n') + 1));
    IndexReport report = Update(db, {{}, {"db-1"}});
    CHECK(report.summary.removed == 1);
    ExpectSameAsFullBuild(tmp, db);
  }
  SECTION("a file that is gone, then a folder named whole after more changes") {
    std::filesystem::remove(tmp / "banks/c.md");
    Update(db, {{tmp / "banks/c.md"}, {}});
    ExpectSameAsFullBuild(tmp, db);
    std::filesystem::remove(tmp / "banks/a.md");
    tmp.Write("banks/e.md", "# More\n\n## Basics\n1. What is a generator expression?\n2. Tuple vs list.\n");
    tmp.Write("banks/sub/f.md", "# Nested\n\n## Go\n1. What is a goroutine?\n");
    Update(db, {{tmp / "banks"}, {}});
    ExpectSameAsFullBuild(tmp, db);
  }
  SECTION("a folder of one-question files: one edited, one added, one deleted") {
    tmp.Write("banks/cards/closures.md", "# What is a closure?\n\nA function with the variables it captured.\n");
    tmp.Write("banks/cards/generators.md", "# How does a generator work?\n\nIt yields values lazily.\n");
    tmp.Write("banks/cards/metaclasses.md", "# What is a metaclass?\n\nThe class of a class.\n");
    FullBuild(tmp / "banks", db);
    tmp.Write("banks/cards/generators.md", "# How does a generator expression work?\n\nLike a list, lazily.\n");
    Update(db, {{tmp / "banks/cards/generators.md"}, {}});
    {
      INFO("edited");
      ExpectSameAsFullBuild(tmp, db);
    }
    tmp.Write("banks/cards/decorators.md", "# What is a decorator?\n\nA function that wraps another.\n");
    Update(db, {{tmp / "banks/cards/decorators.md"}, {}});
    {
      INFO("added");
      ExpectSameAsFullBuild(tmp, db);
    }
    std::filesystem::remove(tmp / "banks/cards/closures.md");
    Update(db, {{tmp / "banks/cards/closures.md"}, {}});
    ExpectSameAsFullBuild(tmp, db);
  }
  SECTION("many updates in a row, each file touched several times") {
    for (int round = 1; round <= 6; ++round) {
      std::string bank = std::string("# Round\n\n## ") + (round % 2 ? "Odd" : "Even") + " changes\n";
      for (int i = 1; i <= round; ++i) bank += std::to_string(i) + ". What is change " + std::to_string(i * round) + " of closure?\n";
      tmp.Write(round % 2 ? "banks/b.md" : "banks/aa.md", bank);
      Update(db, {{tmp / (round % 2 ? "banks/b.md" : "banks/aa.md")}, {}});
    }
    ExpectSameAsFullBuild(tmp, db);
  }
}

TEST_CASE("an update that fails leaves the index as it was, saying why") {
  TempDir tmp;
  WriteFolder(tmp);
  const std::string db = tmp / "index";
  FullBuild(tmp / "banks", db);
  const std::string before = *layout::CurrentGeneration(db);

  SECTION("an id to remove that the index does not have") {
    Result<IndexReport> report = UpdateIndex({{}, {"no-such-id"}}, OptionsFor(db));
    REQUIRE_FALSE(report.ok());
    CHECK(report.status().message().find("no-such-id") != std::string::npos);
  }
  SECTION("an added question whose id another file has") {
    tmp.Write("banks/z.jsonl", R"({"id": "db-2", "text": "What is a view?"})" "\n");
    Result<IndexReport> report = UpdateIndex({{tmp / "banks/z.jsonl"}, {}}, OptionsFor(db));
    REQUIRE_FALSE(report.ok());
    CHECK(report.status().message().find("duplicate id \"db-2\"") != std::string::npos);
  }
  SECTION("a file with an error, named by file and line") {
    tmp.Write("banks/z.jsonl", R"({"id": "z-1", "text": "What is a view?"})" "\n{not json\n");
    IndexCorpusOptions options = OptionsFor(db);
    options.strict = true;
    Result<IndexReport> report = UpdateIndex({{tmp / "banks/z.jsonl"}, {}}, options);
    REQUIRE_FALSE(report.ok());
    CHECK(report.status().message().find("z.jsonl:2") != std::string::npos);
  }
  SECTION("a path that is neither there nor in the index") {
    Result<IndexReport> report = UpdateIndex({{tmp / "banks/nothing.md"}, {}}, OptionsFor(db));
    REQUIRE_FALSE(report.ok());
    CHECK(report.status().message().find("nothing.md: cannot open") != std::string::npos);
  }
  SECTION("no index to update") {
    Result<IndexReport> report = UpdateIndex({{tmp / "banks/a.md"}, {}}, OptionsFor(tmp / "none"));
    REQUIRE_FALSE(report.ok());
    CHECK(report.status().code() == Status::Code::kNotFound);
  }
  CHECK(*layout::CurrentGeneration(db) == before);
  CHECK(Leftovers(db).empty());  // the staging copy is gone too
}

}  // namespace
}  // namespace quarry
