// Golden tests of what quarry-index prints: reports made by hand, the
// exact text expected.
#include "indexer/index_report_text.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

namespace quarry {
namespace {

Question Q(std::string id, std::string part, std::string section, std::string text) {
  Question q;
  q.id = std::move(id);
  q.part = std::move(part);
  q.section = std::move(section);
  q.text = std::move(text);
  q.type = "other";
  return q;
}

BankWarning W(std::string where, std::string kind, std::string message) {
  BankWarning w;
  w.where = std::move(where);
  w.kind = std::move(kind);
  w.message = std::move(message);
  return w;
}

// A bank of two sections (4 questions, then 1), a skipped file, two warnings.
IndexReport SmallReport() {
  IndexReport report;
  Corpus& corpus = report.corpus;
  corpus.questions = {Q("basics/1", "Python", "Basics", "What is a closure?"),
                      Q("basics/2", "Python", "Basics", "Decorator vs closure."),
                      Q("basics/3", "Python", "Basics", "How do you write a generator?"),
                      Q("basics/4", "Python", "Basics", "What is a slot?"),
                      Q("advanced/1", "Python", "Advanced", "What is a metaclass?")};
  corpus.questions[0].type = corpus.questions[1].type = "definition";
  corpus.questions[1].topics = {"Functions"};
  corpus.files = {"banks/python.md"};
  FileReport python{"banks/python.md", "Python", "numbered lists", 5, 2, 1, false};
  FileReport notes{"banks/NOTES.md", "", "", 0, 0, 0, true};
  corpus.reports = {python, notes};
  corpus.warnings = {W("banks/python.md:7", "numbering", "question 3 repeats an earlier number"),
                     W("banks/python.md:9", "empty question", "question 4 has no text")};
  report.data_files = {"banks/topics.txt"};
  report.summary.questions = 5;
  report.summary.sections = 2;
  report.summary.parts = 1;
  report.summary.synonyms = 12;
  return report;
}

TEST_CASE("FileLines: one line per file, skipped ones said so, long lists cut", "[report_text]") {
  IndexReport report = SmallReport();
  CHECK(FileLines(report.corpus, 20) ==
        "  banks/python.md: 5 questions, 2 sections, 1 part (numbered lists)\n"
        "  banks/NOTES.md: skipped: no questions\n");
  CHECK(FileLines(report.corpus, 1) ==
        "  banks/python.md: 5 questions, 2 sections, 1 part (numbered lists)\n"
        "  1 more files; --check lists them all\n");
}

TEST_CASE("TotalsLine: quarry-index's last line, after a build or a check", "[report_text]") {
  IndexReport report = SmallReport();
  CHECK(TotalsLine(report) ==
        "quarry-index: 5 questions in 2 sections, 1 parts from 1 file(s); 12 synonym and concept "
        "keys; --check: no index written\n");
  report.summary.generation = "index/gen-3";
  report.read_seconds = 0.01;
  report.derive_seconds = 0.005;
  report.summary.seconds = 0.02;
  CHECK(TotalsLine(report) ==
        "quarry-index: 5 questions in 2 sections, 1 parts from 1 file(s); 12 synonym and concept "
        "keys; 0.04 s -> index/gen-3\n");
}

TEST_CASE("WarningLines: counted by kind, the first few, how many more", "[report_text]") {
  std::vector<BankWarning> warnings = SmallReport().corpus.warnings;
  warnings.push_back(W("b.md:3", "numbering", "question 2 is missing"));
  CHECK(WarningLines({}, 5) == "");
  CHECK(WarningLines(warnings, 5) ==
        "quarry-index: 3 warnings: 2 numbering, 1 empty question\n"
        "  banks/python.md:7: question 3 repeats an earlier number [numbering]\n"
        "  banks/python.md:9: question 4 has no text [empty question]\n"
        "  b.md:3: question 2 is missing [numbering]\n");
  CHECK(WarningLines(warnings, 1) ==
        "quarry-index: 3 warnings: 2 numbering, 1 empty question\n"
        "  banks/python.md:7: question 3 repeats an earlier number [numbering]\n"
        "  2 more warnings; --check lists them all\n");
}

TEST_CASE("CheckText: files, sections with their first questions, what was derived, warnings",
          "[report_text]") {
  CHECK(CheckText(SmallReport(), 3) ==
        "banks/python.md: 5 questions, 2 sections, 1 part (numbered lists); bank \"Python\"\n"
        "  # Python\n"
        "  ## Basics: 4 questions\n"
        "     basics/1  What is a closure?\n"
        "     basics/2  Decorator vs closure.\n"
        "     basics/3  How do you write a generator?\n"
        "     and 1 more\n"
        "  ## Advanced: 1 question\n"
        "     advanced/1  What is a metaclass?\n"
        "banks/NOTES.md: skipped: no questions\n"
        "data files: banks/topics.txt\n"
        "types: other 3, definition 2\n"
        "topics: Functions 1\n"
        "near-duplicates: none\n"
        "quarry-index: 2 warnings: 1 empty question, 1 numbering\n"
        "  banks/python.md:7: question 3 repeats an earlier number [numbering]\n"
        "  banks/python.md:9: question 4 has no text [empty question]\n"
        "quarry-index: 5 questions in 2 sections, 1 parts from 1 file(s); 12 synonym and concept "
        "keys; --check: no index written\n");
}

TEST_CASE("CheckText: a bank without parts or sections, near-duplicates, long texts cut",
          "[report_text]") {
  IndexReport report;
  std::string long_text(100, 'x');
  report.corpus.questions = {Q("a", "", "", long_text), Q("b", "", "", "Same."),
                             Q("c", "", "", "Same.")};
  report.corpus.questions[1].also_in = {{"c", ""}};
  report.corpus.questions[2].also_in = {{"b", ""}};
  report.corpus.questions[1].duplicate_key = report.corpus.questions[2].duplicate_key = "same";
  report.corpus.files = {"t.jsonl"};
  report.corpus.reports = {{"t.jsonl", "t", "json lines", 3, 1, 0, false}};
  report.summary.questions = 3;
  const std::string text = CheckText(report, 1);
  CHECK(text.find("t.jsonl: 3 questions, 1 section, 0 parts (json lines); bank \"t\"\n"
                  "  ## (no section): 3 questions\n"
                  "     a  " +
                  std::string(69, 'x') +
                  "...\n"
                  "     and 2 more\n") == 0);
  CHECK(text.find("data files: none\ntypes: other 3\ntopics: none\n"
                  "near-duplicates: 2 questions asked in more than one place, 1 group\n"
                  "quarry-index: no warnings\n") != std::string::npos);
}

TEST_CASE("ProgressLine: one line per stage, with rate and time left once known", "[report_text]") {
  using Stage = IndexProgress::Stage;
  struct Case {
    IndexProgress progress;
    std::string line;
  };
  const std::vector<Case> cases = {
      {{Stage::kReading, 0, 0, 0, 0.0, 0, -1}, "quarry-index: reading the banks..."},
      {{Stage::kDeriving, 1, 57012, 0, 2.0, 0, -1},
       "quarry-index: 1 file, 57,012 questions; deriving types, topics, near-duplicates..."},
      {{Stage::kIndexing, 3, 57012, 0, 3.0, 0, -1},
       "quarry-index: 3 files, 0 of 57,012 questions indexed (0%)"},
      {{Stage::kIndexing, 1, 57012, 12300, 8.0, 2410.4, 18.6},
       "quarry-index: 1 file, 12,300 of 57,012 questions indexed (21%), 2,410/s, 19 s left"},
      {{Stage::kIndexing, 1, 1000000, 1000, 9.0, 100, 9990},
       "quarry-index: 1 file, 1,000 of 1,000,000 questions indexed (0%), 100/s, 166 min 30 s left"},
  };
  for (const Case& c : cases) {
    INFO(c.line);
    CHECK(ProgressLine(c.progress) == c.line);
  }
}

}  // namespace
}  // namespace quarry
