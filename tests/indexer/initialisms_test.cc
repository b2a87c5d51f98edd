// Tests of the initialisms a bank spells out.
#include "indexer/initialisms.h"

#include <catch2/catch.hpp>
#include <string>

#include "indexer/vocabulary.h"

using quarry::Analyzer;
using quarry::Question;
using quarry::SynonymTable;

namespace {

Question Asking(const std::string& section, const std::string& text) {
  Question q;
  q.section = section;
  q.text = text;
  return q;
}

SynonymTable InitialismsOf(const std::vector<Question>& bank, const quarry::Vocabulary* vocabulary = nullptr) {
  Analyzer analyzer;
  SynonymTable table;
  quarry::AddBankInitialisms(bank, analyzer, quarry::BankWords(bank, analyzer), vocabulary,
                             quarry::InitialismOptions(), table);
  return table;
}

}  // namespace

TEST_CASE("a run of words several questions use is found by its initials", "[initialisms]") {
  SynonymTable table = InitialismsOf({
      Asking("Trees", "What are gradient boosting trees?"),
      Asking("Trees", "How do gradient boosting trees handle missing values?"),
      Asking("Trees", "What is a random forest?"),
  });
  REQUIRE(table.count("gbt") == 1);
  CHECK(table.at("gbt") == std::set<std::string>{"gradient boosting trees"});
  CHECK(table.count("rf") == 0);  // "random forest" is asked once: no name the bank goes by
  // "boosting trees" is only ever part of "gradient boosting trees".
  CHECK(table.count("bt") == 0);
  CHECK(table.count("gb") == 0);
}

TEST_CASE("a shorter run used on its own too has initials of its own", "[initialisms]") {
  SynonymTable table = InitialismsOf({
      Asking("Trees", "What are gradient boosting trees?"),
      Asking("Trees", "How do gradient boosting trees handle missing values?"),
      Asking("Trees", "Is gradient boosting slow?"),
  });
  CHECK(table.count("gbt") == 1);
  CHECK(table.at("gb") == std::set<std::string>{"gradient boosting"});
  CHECK(table.count("bt") == 0);
}

TEST_CASE("a section title's run counts once seen", "[initialisms]") {
  SynonymTable table = InitialismsOf({Asking("Neural networks for computer vision", "What is a convolution?")});
  CHECK(table.count("nn") == 1);
  CHECK(table.count("cv") == 1);
  CHECK(table.count("nnfcv") == 0);  // "for" is no name word: runs stop at it
}

TEST_CASE("initials that are a word of the bank, or of the vocabulary, are left alone", "[initialisms]") {
  std::vector<Question> shell{
      Asking("Shell", "Which shell escapes text?"),
      Asking("Shell", "Which shell escapes text in scripts?"),
  };
  CHECK(InitialismsOf(shell).count("set") == 1);
  quarry::Vocabulary vocabulary;
  vocabulary.neighbours["set"] = {"set", {{"list", 0.7}}};
  CHECK(InitialismsOf(shell, &vocabulary).count("set") == 0);  // a word the documentation uses
  SynonymTable other = InitialismsOf({
      Asking("Io", "What is input output?"),
      Asking("Io", "Is input output slow?"),
      Asking("Io", "What is Io?"),
  });
  CHECK(other.count("io") == 0);  // the bank has the word io
}
