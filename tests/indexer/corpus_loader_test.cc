// Tests of LoadCorpus over banks written to a unique temporary folder.
#include "indexer/corpus_loader.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "temp_dir.h"

using quarry::Corpus;
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

}  // namespace

TEST_CASE("a folder contributes its banks in name order, recursively", "[corpus]") {
  TempDir dir;
  std::string a = dir.Write("a.md", "## Alpha\n1. First?\n2. Second?\n");
  std::string b = dir.Write("b.jsonl", R"({"id": "b/1", "text": "Jsonl?"})"
                                       "\n");
  std::string c = dir.Write("sub/c.ndjson", R"({"id": "c/1", "text": "Ndjson?"})"
                                            "\n");
  std::string d = dir.Write("sub/d.md", "## Delta\n1. Nested?\n");
  std::string synonyms = dir.Write("synonyms.txt", "gil, global interpreter lock\n");
  std::string nested_synonyms = dir.Write("sub/synonyms.txt", "orm, object relational mapping\n");
  // Not banks: a README (even a broken one), other extensions.
  dir.Write("README.md", "not a bank \xFF\n");
  dir.Write("sub/README.md", "");
  dir.Write("notes.txt", "1. not a question\n");
  dir.Write("bank.json", "{}");

  auto corpus = LoadCorpus({dir.path()});
  INFO(corpus.status().ToString());
  REQUIRE(corpus.ok());
  CHECK(corpus->files == std::vector<std::string>{a, b, c, d});
  CHECK(Ids(*corpus) == std::vector<std::string>{"alpha/1", "alpha/2", "b/1", "c/1", "delta/1"});
  CHECK(corpus->synonym_files == std::vector<std::string>{nested_synonyms, synonyms});
  CHECK(corpus->questions[0].source == a + ":2");
  CHECK(corpus->questions[2].source == b + ":1");
}

TEST_CASE("files and folders named together are read in the order given", "[corpus]") {
  TempDir dir;
  std::string z = dir.Write("z.md", "## Zed\n1. Z?\n");
  std::string readme = dir.Write("banks/README.md", "## Readme\n1. Named directly?\n");
  std::string jsonl = dir.Write("banks/one.jsonl", R"({"id": "one", "text": "One?"})"
                                                   "\n");
  auto corpus = LoadCorpus({z, dir / "banks", readme});
  INFO(corpus.status().ToString());
  REQUIRE(corpus.ok());
  // A README.md named as a file is read; inside a folder it is skipped.
  CHECK(corpus->files == std::vector<std::string>{z, jsonl, readme});
  CHECK(Ids(*corpus) == std::vector<std::string>{"zed/1", "one", "readme/1"});
}

TEST_CASE("a file is read as JSON Lines by extension, as markdown otherwise", "[corpus]") {
  TempDir dir;
  std::string txt = dir.Write("bank.txt", "## Text\n1. Markdown in a .txt?\n");
  std::string ndjson = dir.Write("bank.ndjson", R"({"id": "n", "text": "N?"})"
                                                "\n");
  auto corpus = LoadCorpus({txt, ndjson});
  INFO(corpus.status().ToString());
  REQUIRE(corpus.ok());
  CHECK(Ids(*corpus) == std::vector<std::string>{"text/1", "n"});
}

TEST_CASE("a missing path is NotFound", "[corpus]") {
  TempDir dir;
  auto corpus = LoadCorpus({dir / "nope.md"});
  REQUIRE_FALSE(corpus.ok());
  CHECK(corpus.status().code() == Status::Code::kNotFound);
  CHECK(Contains(corpus.status().message(), dir / "nope.md"));
}

TEST_CASE("a folder without banks is NotFound", "[corpus]") {
  TempDir dir;
  dir.Write("README.md", "## S\n1. q\n");
  dir.Write("synonyms.txt", "a, b\n");
  auto corpus = LoadCorpus({dir.path()});
  REQUIRE_FALSE(corpus.ok());
  CHECK(corpus.status().code() == Status::Code::kNotFound);
  CHECK(LoadCorpus({}).status().code() == Status::Code::kNotFound);
}

TEST_CASE("an empty file is an error naming file:1", "[corpus]") {
  for (std::string name : {"empty.md", "empty.jsonl"}) {
    for (std::string content : {"", "\n", "  \r\n\t\n"}) {
      TempDir dir;
      dir.Write("good.md", "## S\n1. q\n");
      std::string empty = dir.Write(name, content);
      for (const std::string& path : {dir.path(), empty}) {
        INFO("path: " << path << " content size " << content.size());
        auto corpus = LoadCorpus({path});
        REQUIRE_FALSE(corpus.ok());
        CHECK(corpus.status().code() == Status::Code::kInvalidArgument);
        CHECK(corpus.status().message() == empty + ":1: empty file");
      }
    }
  }
}

TEST_CASE("a bad bank in a folder stops loading with its file and line", "[corpus]") {
  TempDir dir;
  dir.Write("a.md", "## S\n1. q\n");
  std::string bad = dir.Write("b.jsonl", R"({"id": "x", "text": "t"})"
                                         "\n{oops\n");
  auto corpus = LoadCorpus({dir.path()});
  REQUIRE_FALSE(corpus.ok());
  CHECK(corpus.status().message() == bad + ":2: malformed JSON");
}

TEST_CASE("an id used in two files is an error naming both places", "[corpus]") {
  TempDir dir;
  std::string md = dir.Write("a.md", "# P\n## Django ORM\n1. One?\n2. Two?\n");
  std::string jsonl = dir.Write("b.jsonl",
                                "\n"
                                R"({"id": "django-orm/2", "text": "Again?"})"
                                "\n");
  auto corpus = LoadCorpus({dir.path()});
  REQUIRE_FALSE(corpus.ok());
  CHECK(corpus.status().code() == Status::Code::kInvalidArgument);
  CHECK(corpus.status().message() ==
        jsonl + ":2: duplicate id \"django-orm/2\" (first at " + md + ":4)");
}

TEST_CASE("two sections with the same slug in two files collide by id", "[corpus]") {
  TempDir dir;
  std::string one = dir.Write("one.md", "## Django ORM\n1. a\n");
  std::string two = dir.Write("two.md", "## Django: ORM!\n1. b\n");
  auto corpus = LoadCorpus({one, two});
  REQUIRE_FALSE(corpus.ok());
  CHECK(Contains(corpus.status().message(), two + ":2: duplicate id \"django-orm/1\""));
  CHECK(Contains(corpus.status().message(), one + ":2"));
}
