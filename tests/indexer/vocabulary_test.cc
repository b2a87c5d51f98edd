// Tests of the learned vocabulary's reader and of what an index takes of it.
#include "indexer/vocabulary.h"

#include <catch2/catch.hpp>
#include <fstream>
#include <string>

#include "core/schema.h"
#include "temp_dir.h"

using quarry::Analyzer;
using quarry::Question;
using quarry::SynonymTable;
using quarry::Vocabulary;
using quarry::schema::ConceptGroupKey;
using quarry::schema::ConceptKey;
using quarry::schema::LearnedGroupName;

namespace {

void WriteFile(const std::string& path, const std::string& content) {
  std::ofstream(path, std::ios::binary) << content;
}

// A vocabulary folder with the three files, in the formats make vocabulary writes.
class VocabularyDir {
 public:
  VocabularyDir() {
    WriteFile(dir_.path() + "/abbreviations.txt",
              "# learned\nxss, cross site scripting  # 9 of 9 definitions\n"
              "jwt, json web token  # 4 of 4 definitions\n"
              "can, controller area network  # 5 of 5 definitions\n");
    WriteFile(dir_.path() + "/neighbours.txt",
              "# learned\nlasso: elastic net 0.86, ridge 0.78, #define 0.60, l1 0.40\n"
              "typescript: javascript 0.70, flow 0.55\n");
    WriteFile(dir_.path() + "/code_words.txt", "# learned\nself: 13.660  # share 0.393\nyield: 6.282\n");
  }
  std::string path() const { return dir_.path(); }

 private:
  quarry::testing::TempDir dir_;
};

Question Asking(const std::string& text) {
  Question q;
  q.id = "s/1";
  q.section = "Models";
  q.text = text;
  return q;
}

}  // namespace

TEST_CASE("the vocabulary's three files are read, neighbours by their stemmed key", "[vocabulary]") {
  VocabularyDir dir;
  Analyzer analyzer;
  quarry::Result<Vocabulary> v = quarry::LoadVocabulary(dir.path(), analyzer);
  REQUIRE(v.ok());
  CHECK(v->files.size() == 3);
  CHECK(v->abbreviations.at("xss") == std::set<std::string>{"cross site scripting"});
  CHECK(v->abbreviations.at("cross site scripting") == std::set<std::string>{"xss"});
  REQUIRE(v->neighbours.count("lasso") == 1);
  const auto& lasso = v->neighbours.at("lasso").neighbours;
  REQUIRE(lasso.size() == 4);
  CHECK(lasso[0].term == "elastic net");
  CHECK(lasso[0].similarity == Approx(0.86));
  CHECK(lasso[2].term == "#define");  // a '#' inside a line is no comment
  CHECK(v->code_words.at("self") == Approx(13.66));
}

TEST_CASE("a missing vocabulary file is an empty part, a bad line an error naming file and line",
          "[vocabulary]") {
  quarry::testing::TempDir dir;
  Analyzer analyzer;
  quarry::Result<Vocabulary> empty = quarry::LoadVocabulary(dir.path(), analyzer);
  REQUIRE(empty.ok());
  CHECK(empty->files.empty());
  WriteFile(dir.path() + "/neighbours.txt", "lasso: ridge 0.7\nridge: lasso high\n");
  quarry::Result<Vocabulary> bad = quarry::LoadVocabulary(dir.path(), analyzer);
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.status().message().find("neighbours.txt:2:") != std::string::npos);
  CHECK(bad.status().message().find("\"high\"") != std::string::npos);
}

TEST_CASE("an index takes only the abbreviations and neighbours its banks have", "[vocabulary]") {
  VocabularyDir dir;
  Analyzer analyzer;
  Vocabulary v = quarry::LoadVocabulary(dir.path(), analyzer).value();
  // The bank has ridge and elastic net, cross-site scripting, nothing of jwt or javascript.
  std::vector<Question> bank{Asking("What is ridge regression?"), Asking("When is elastic net better?"),
                             Asking("How do you prevent cross-site scripting?"),
                             Asking("How does a controller area network bus work?")};
  SynonymTable table;
  size_t added = quarry::AddVocabulary(v, quarry::BankWords(bank, analyzer), analyzer,
                                       quarry::VocabularyOptions(), table);
  CHECK(table.count("xss") == 1);  // typed by a user, spelled out by the bank
  CHECK(table.count("jwt") == 0);
  CHECK(table.count("can") == 0);  // a common word is nearly always the word
  CHECK(table.count("controller area network") == 0);
  CHECK(table.count("json web token") == 0);
  // lasso is missing from the bank, yet it is what a user types: its group
  // holds the neighbours the bank has, above the similarity floor.
  REQUIRE(table.count(ConceptKey("lasso")) == 1);
  CHECK(table.at(ConceptKey("lasso")) == std::set<std::string>{LearnedGroupName("lasso")});
  CHECK(table.at(ConceptGroupKey(LearnedGroupName("lasso"))) ==
        std::set<std::string>{"lasso", "elastic net", "ridge"});
  CHECK(table.count(ConceptKey("typescript")) == 0);  // no neighbour in the bank
  // A neighbour does not find the term's group: only the term does.
  CHECK(table.count(ConceptKey("ridg")) == 0);
  CHECK(added == 3);  // xss, cross site scripting, lasso
}

TEST_CASE("the hand-written lists override the vocabulary", "[vocabulary]") {
  VocabularyDir dir;
  Analyzer analyzer;
  Vocabulary v = quarry::LoadVocabulary(dir.path(), analyzer).value();
  std::vector<Question> bank{Asking("What is ridge regression?"), Asking("What is XSS?")};
  SynonymTable table;
  table["xss"] = {"script injection"};
  table[ConceptKey("lasso")] = {"regularisation"};
  quarry::AddVocabulary(v, quarry::BankWords(bank, analyzer), analyzer, quarry::VocabularyOptions(), table);
  CHECK(table.at("xss") == std::set<std::string>{"script injection"});
  CHECK(table.at(ConceptKey("lasso")) == std::set<std::string>{"regularisation"});
  CHECK(table.count(ConceptGroupKey(LearnedGroupName("lasso"))) == 0);
}
