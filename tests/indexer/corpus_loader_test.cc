// Tests of LoadCorpus over banks written to a unique temporary folder: which
// files a folder contributes, the reader each file gets, the bank facet,
// ids told apart across banks, one-question folders, and what is a warning
// and what stops loading.
#include "indexer/corpus_loader.h"

#include <catch2/catch.hpp>
#include <set>
#include <string>
#include <vector>

#include "temp_dir.h"

using quarry::Corpus;
using quarry::FileReport;
using quarry::LoadCorpus;
using quarry::Question;
using quarry::Status;
using quarry::testing::TempDir;

namespace {

std::vector<std::string> Ids(const Corpus& corpus) {
  std::vector<std::string> ids;
  for (const Question& q : corpus.questions) ids.push_back(q.id);
  return ids;
}

bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

Corpus MustLoad(const std::vector<std::string>& paths, const quarry::LoadOptions& options = {}) {
  auto corpus = LoadCorpus(paths, options);
  INFO(corpus.status().ToString());
  REQUIRE(corpus.ok());
  return std::move(corpus).value();
}

}  // namespace

TEST_CASE("a folder contributes its banks in name order, recursively, README.md included", "[corpus]") {
  TempDir dir;
  std::string a = dir.Write("a.md", "## Alpha\n1. What is first?\n2. What is second?\n");
  std::string b = dir.Write("b.jsonl", R"({"id": "b/1", "text": "Jsonl?"})"
                                       "\n");
  std::string c = dir.Write("sub/c.ndjson", R"({"id": "c/1", "text": "Ndjson?"})"
                                            "\n");
  std::string d = dir.Write("sub/d.md", "## Delta\n1. What is nested?\n");
  std::string readme = dir.Write("README.md", "# Notes\n## Zeta\n1. Why a README?\n");
  std::string synonyms = dir.Write("synonyms.txt", "gil, global interpreter lock\n");
  std::string nested_synonyms = dir.Write("sub/synonyms.txt", "orm, object relational mapping\n");
  // Not banks: other extensions.
  dir.Write("notes.txt", "## Notes\n1. What is not read?\n");
  dir.Write("bank.json", "{}");

  Corpus corpus = MustLoad({dir.path()});
  CHECK(corpus.files == std::vector<std::string>{readme, a, b, c, d});
  CHECK(Ids(corpus) == std::vector<std::string>{"zeta/1", "alpha/1", "alpha/2", "b/1", "c/1", "delta/1"});
  CHECK(corpus.synonym_files == std::vector<std::string>{nested_synonyms, synonyms});
  CHECK(corpus.questions[1].source == a + ":2");
  CHECK(corpus.questions[3].source == b + ":1");
  CHECK(corpus.warnings.empty());
}

TEST_CASE("a file in a folder with no questions is reported as skipped, not an error", "[corpus]") {
  TempDir dir;
  std::string readme = dir.Write("README.md", "# About\nThis repository collects questions.\n\n- fork it\n- star it\n");
  std::string empty = dir.Write("empty.jsonl", "");
  std::string bank = dir.Write("go.md", "## Basics\n1. What is a goroutine?\n");
  Corpus corpus = MustLoad({dir.path()});
  REQUIRE(corpus.reports.size() == 3);
  CHECK(corpus.reports[0].file == readme);
  CHECK(corpus.reports[0].skipped);
  CHECK(corpus.reports[1].file == empty);
  CHECK(corpus.reports[1].skipped);
  CHECK(corpus.reports[2].file == bank);
  CHECK_FALSE(corpus.reports[2].skipped);
  CHECK(corpus.reports[2].shape == "numbered lists");
  CHECK(corpus.reports[2].questions == 1);
  CHECK(corpus.files == std::vector<std::string>{bank});
}

TEST_CASE("a file named directly with no questions is an error naming it", "[corpus]") {
  TempDir dir;
  for (std::string content : {"", "\n", "# Notes\nJust prose.\n"}) {
    std::string file = dir.Write("notes.md", content);
    auto corpus = LoadCorpus({file});
    REQUIRE_FALSE(corpus.ok());
    CHECK(corpus.status().code() == Status::Code::kInvalidArgument);
    CHECK(corpus.status().message().rfind(file + ": no questions found", 0) == 0);
  }
}

TEST_CASE("files and folders named together are read in the order given", "[corpus]") {
  TempDir dir;
  std::string z = dir.Write("z.md", "## Zed\n1. What is Z?\n");
  std::string jsonl = dir.Write("banks/one.jsonl", R"({"id": "one", "text": "One?"})"
                                                   "\n");
  std::string txt = dir.Write("later.txt", "## Text\n1. What is markdown in a .txt?\n");
  Corpus corpus = MustLoad({z, dir / "banks", txt});
  CHECK(corpus.files == std::vector<std::string>{z, jsonl, txt});
  CHECK(Ids(corpus) == std::vector<std::string>{"zed/1", "one", "text/1"});
}

TEST_CASE("the reader is chosen by extension: JSON Lines, CSV, TSV, markdown", "[corpus]") {
  TempDir dir;
  std::string ndjson = dir.Write("bank.ndjson", R"({"id": "n", "text": "N?"})"
                                                "\n");
  std::string csv = dir.Write("sheet.csv", "Question;Answer\nWhat is a lock?;A way to serialise access.\n");
  std::string tsv = dir.Write("deck.tsv", "What is a mutex?\tA lock held by one thread.\n");
  std::string md = dir.Write("bank.markdown", "## Locks\n- What is a semaphore?\n");
  Corpus corpus = MustLoad({ndjson, csv, tsv, md});
  REQUIRE(corpus.questions.size() == 4);
  CHECK(corpus.questions[1].text == "What is a lock?");  // ';' found as the delimiter
  CHECK(corpus.questions[1].body == "A way to serialise access.");
  CHECK(corpus.questions[2].body == "A lock held by one thread.");
  CHECK(corpus.reports[1].shape == "csv");
  CHECK(corpus.reports[2].shape == "tsv");
  CHECK(corpus.reports[3].shape == "bullet lists");
}

TEST_CASE("each question's bank is its file's title", "[corpus]") {
  TempDir dir;
  dir.Write("react.md", "# React Questions\n## Hooks\n1. What is useState?\n");
  dir.Write("go_quiz.md", "## Basics\n1. What is a slice?\n");
  Corpus corpus = MustLoad({dir.path()});
  REQUIRE(corpus.questions.size() == 2);
  CHECK(corpus.questions[0].bank == "go quiz");  // no title: the file's name
  CHECK(corpus.questions[1].bank == "React Questions");
  CHECK(corpus.reports[1].bank == "React Questions");
}

TEST_CASE("two banks with a section of the same slug have their ids told apart by the bank's slug", "[corpus]") {
  TempDir dir;
  std::string react = dir.Write("a.md", "# React\n## Basics\n1. What is JSX?\n## Hooks\n1. What is useMemo?\n");
  std::string vue = dir.Write("b.md", "# Vue\n## Basics!\n1. What is a directive?\n");
  Corpus corpus = MustLoad({dir.path()});
  CHECK(Ids(corpus) == std::vector<std::string>{"react/basics/1", "hooks/1", "vue/basics/1"});
  // A bank alone keeps its ids as they are.
  CHECK(Ids(MustLoad({react})) == std::vector<std::string>{"basics/1", "hooks/1"});
}

TEST_CASE("an id used twice within one bank is an error naming both places", "[corpus]") {
  TempDir dir;
  std::string jsonl = dir.Write("b.jsonl",
                                R"({"id": "orm/2", "text": "Once?"})"
                                "\n\n"
                                R"({"id": "orm/2", "text": "Again?"})"
                                "\n");
  auto corpus = LoadCorpus({dir.path()});
  REQUIRE_FALSE(corpus.ok());
  CHECK(corpus.status().code() == Status::Code::kInvalidArgument);
  CHECK(corpus.status().message() == jsonl + ":3: duplicate id \"orm/2\" (first at " + jsonl + ":1)");
}

TEST_CASE("a bad record is a warning naming file and line; --strict makes it an error", "[corpus]") {
  TempDir dir;
  dir.Write("a.md", "## S\n1. What is q?\n");
  std::string bad = dir.Write("b.jsonl", R"({"id": "x", "text": "t"})"
                                         "\n{oops\n");
  Corpus corpus = MustLoad({dir.path()});
  CHECK(corpus.questions.size() == 2);
  REQUIRE(corpus.warnings.size() == 1);
  CHECK(corpus.warnings[0].where == bad + ":2");
  CHECK(corpus.warnings[0].kind == "malformed row");

  quarry::LoadOptions strict;
  strict.strict = true;
  auto failed = LoadCorpus({dir.path()}, strict);
  REQUIRE_FALSE(failed.ok());
  CHECK(failed.status().message().rfind(bad + ":2: malformed JSON; record skipped (malformed row;", 0) == 0);
}

TEST_CASE("a folder of one-question files is one bank, each file a question", "[corpus]") {
  TempDir dir;
  dir.Write("js/README.md", "# JavaScript questions\nOne file per question.\n");
  std::string closures = dir.Write("js/closures.md", "# Closures\nA function with its scope.\n");
  dir.Write("js/hoisting.md", "---\ntitle: Hoisting\n---\nDeclarations move to the top.\n");
  dir.Write("js/this.md", "# What is `this`?\nThe receiver of the call.\n");
  Corpus corpus = MustLoad({dir / "js"});
  CHECK(Ids(corpus) == std::vector<std::string>{"js/closures", "js/hoisting", "js/this"});
  REQUIRE(corpus.questions.size() == 3);
  CHECK(corpus.questions[0].text == "Closures");
  CHECK(corpus.questions[0].body == "A function with its scope.");
  CHECK(corpus.questions[0].bank == "js");
  CHECK(corpus.questions[0].source == closures + ":1");
  CHECK(corpus.questions[2].text == "What is this?");
  CHECK(corpus.questions[2].number == 3);
  CHECK(corpus.reports[0].skipped);  // the README
}

TEST_CASE("a missing path is NotFound", "[corpus]") {
  TempDir dir;
  auto corpus = LoadCorpus({dir / "nope.md"});
  REQUIRE_FALSE(corpus.ok());
  CHECK(corpus.status().code() == Status::Code::kNotFound);
  CHECK(Contains(corpus.status().message(), dir / "nope.md"));
}

TEST_CASE("a folder without questions is NotFound", "[corpus]") {
  TempDir dir;
  dir.Write("README.md", "# About\nNothing here.\n");
  dir.Write("synonyms.txt", "a, b\n");
  auto corpus = LoadCorpus({dir.path()});
  REQUIRE_FALSE(corpus.ok());
  CHECK(corpus.status().code() == Status::Code::kNotFound);
  CHECK(LoadCorpus({}).status().code() == Status::Code::kNotFound);
}

TEST_CASE("the shipped corpus folder reads the seed bank and skips its README", "[corpus]") {
  Corpus corpus = MustLoad({std::string(QUARRY_SOURCE_DIR) + "/corpus"});
  CHECK(corpus.questions.size() == 430);
  CHECK(corpus.warnings.empty());
  // Its README and the vocabulary's PROVENANCE.md are read and skipped.
  int banks = 0;
  for (const FileReport& report : corpus.reports) {
    INFO(report.file);
    if (report.skipped) continue;
    ++banks;
    CHECK(report.questions == 430);
    CHECK(report.sections == 25);
    CHECK(report.parts == 2);
  }
  CHECK(banks == 1);
  CHECK(corpus.reports.size() >= 2);
}

TEST_CASE("a file reached twice (a folder and a file in it) is read once", "[corpus][bug]") {
  TempDir dir;
  std::string bank = dir.Write("bank.md", "## Basics\n1. What is a?\n");
  Corpus corpus = MustLoad({dir.path(), bank, dir.path() + "/"});
  CHECK(corpus.questions.size() == 1);
}

TEST_CASE("banks whose slugs collide after numbering still get unique ids", "[corpus][bug]") {
  TempDir dir;
  dir.Write("a.md", "# React\n## Basics\n1. What is a?\n");
  dir.Write("b.md", "# React\n## Basics\n1. What is b?\n");
  dir.Write("c.md", "# React 2\n## Basics\n1. What is c?\n");
  Corpus corpus = MustLoad({dir.path()});
  const std::vector<std::string> all = Ids(corpus);
  std::set<std::string> ids(all.begin(), all.end());
  CHECK(ids.size() == 3);
}
