// Tests of the CSV/TSV reader: Anki exports and spreadsheet exports, on the
// fixture files in tests/indexer/data/shapes/ and on in-line text.
#include "indexer/readers/delimited_reader.h"

#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

using quarry::Bank;
using quarry::Question;
using quarry::ReadDelimitedBank;
namespace warning = quarry::warning;

namespace {

using Tags = std::vector<std::string>;
using Places = std::vector<std::pair<std::string, std::string>>;  // where, kind

Bank MustRead(std::string_view content, const std::string& file = "bank.tsv",
              char delimiter = '\t') {
  auto read = ReadDelimitedBank(content, file, delimiter);
  INFO(read.status().ToString());
  REQUIRE(read.ok());
  return std::move(read).value();
}

std::string Fixture(const std::string& name) {
  std::ifstream in(QUARRY_SOURCE_DIR "/tests/indexer/data/shapes/" + name, std::ios::binary);
  REQUIRE(in);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

Bank MustReadFixture(const std::string& name, char delimiter) {
  return MustRead(Fixture(name), "shapes/" + name, delimiter);
}

std::string ReadError(std::string_view content, const std::string& file = "bank.csv",
                      char delimiter = ',') {
  auto read = ReadDelimitedBank(content, file, delimiter);
  REQUIRE_FALSE(read.ok());
  CHECK(read.status().code() == quarry::Status::Code::kInvalidArgument);
  return read.status().message();
}

Places WarningPlaces(const Bank& bank) {
  Places places;
  for (const auto& w : bank.warnings) places.emplace_back(w.where, w.kind);
  return places;
}

std::vector<std::string> Texts(const Bank& bank) {
  std::vector<std::string> texts;
  for (const Question& q : bank.questions) texts.push_back(q.text);
  return texts;
}

}  // namespace

// ---- Golden tests on the fixture files ----

TEST_CASE("an Anki notes export with guid, note type, deck and tags columns",
          "[delimited][golden]") {
  Bank bank = MustReadFixture("anki-notes.tsv", '\t');
  CHECK(bank.file == "shapes/anki-notes.tsv");
  CHECK(bank.title == "Backend Interviews");
  CHECK(bank.shape == "anki tsv");
  CHECK(bank.warnings.empty());
  REQUIRE(bank.questions.size() == 5);
  const auto& qs = bank.questions;

  CHECK(qs[0].text == "What happens in a TCP three-way handshake?");
  CHECK(qs[0].body ==
        "The client sends SYN,\nthe server answers SYN-ACK,\nthe client replies ACK.");
  CHECK(qs[0].section == "Networking");
  CHECK(qs[0].part == "Backend Interviews");
  CHECK(qs[0].number == 1);
  CHECK(qs[0].id == "networking/1");
  CHECK(qs[0].tags == Tags{"networking", "tcp"});
  CHECK(qs[0].source == "shapes/anki-notes.tsv:7");

  CHECK(qs[1].body ==
        "Queries are small and fit in one datagram.\nThere is no connection to set up.");
  CHECK(qs[1].id == "networking/2");
  CHECK(qs[1].number == 2);

  CHECK(qs[2].text == "An index turns a full table scan into a tree lookup.");
  CHECK(qs[2].body == "Usually a B-tree.");
  CHECK(qs[2].section == "Databases");
  CHECK(qs[2].id == "databases/1");
  CHECK(qs[2].tags == Tags{"databases::indexes"});

  CHECK(qs[3].text == "What does \"ACID\" stand for?");
  CHECK(qs[3].body == "Atomicity, Consistency,\nIsolation, Durability.");
  CHECK(qs[3].id == "databases/2");
  CHECK(qs[3].source == "shapes/anki-notes.tsv:10");

  CHECK(qs[4].text == "What is the difference between a process and a thread?");
  CHECK(qs[4].body == "Threads share one address space & processes do not.");
  CHECK(qs[4].section == "Backend Interviews");
  CHECK(qs[4].id == "backend-interviews/1");
  CHECK(qs[4].number == 1);
}

TEST_CASE("an Anki export from before header lines: front, back, tags", "[delimited][golden]") {
  Bank bank = MustReadFixture("anki-legacy.tsv", '\t');
  CHECK(bank.title == "anki legacy");
  CHECK(bank.shape == "tsv");
  CHECK(bank.warnings.empty());
  REQUIRE(bank.questions.size() == 3);
  const auto& qs = bank.questions;
  CHECK(qs[0].text == "What is a closure in JavaScript?");
  CHECK(qs[0].body == "A function together with\nthe variables it captured.");
  CHECK(qs[0].tags == Tags{"javascript", "functions"});
  CHECK(qs[0].section == "anki legacy");
  CHECK(qs[0].part == "anki legacy");
  CHECK(qs[0].id == "anki-legacy/1");
  CHECK(qs[1].text == "What does Array.prototype.map return?");
  CHECK(qs[2].body == "One listener on a parent\nhandles the events of its children.");
  CHECK(qs[2].id == "anki-legacy/3");
  CHECK(qs[2].source == "shapes/anki-legacy.tsv:3");
}

TEST_CASE("an Anki import file with #columns, #deck, #tags and #html:false",
          "[delimited][golden]") {
  Bank bank = MustReadFixture("anki-columns.tsv", '\t');
  CHECK(bank.title == "Rust Interview");
  CHECK(bank.shape == "anki tsv");
  CHECK(bank.warnings.empty());
  REQUIRE(bank.questions.size() == 2);
  const auto& qs = bank.questions;
  CHECK(qs[0].text == "What is ownership?");
  CHECK(qs[0].tags == Tags{"memory", "rust"});
  CHECK(qs[0].section == "Rust Interview");
  CHECK(qs[0].id == "rust-interview/1");
  CHECK(qs[0].source == "shapes/anki-columns.tsv:7");
  CHECK(qs[1].text == "What does <T: Clone> mean in a signature?");  // not HTML: kept
  CHECK(qs[1].tags == Tags{"generics", "traits", "rust"});
}

TEST_CASE("a spreadsheet CSV with a header row and multi-line cells", "[delimited][golden]") {
  Bank bank = MustReadFixture("sheet-with-header.csv", ',');
  CHECK(bank.title == "sheet with header");
  CHECK(bank.shape == "csv");
  CHECK(bank.warnings.empty());
  REQUIRE(bank.questions.size() == 4);
  const auto& qs = bank.questions;
  CHECK(qs[0].text == "What is a list comprehension?");
  CHECK(qs[0].body == "A compact way to build a list:\n[x * 2 for x in items]");
  CHECK(qs[0].section == "Python");
  CHECK(qs[0].part == "sheet with header");
  CHECK(qs[0].id == "python/1");
  CHECK(qs[0].source == "shapes/sheet-with-header.csv:2");
  CHECK(qs[1].text == "What does the \"is\" operator compare?");
  CHECK(qs[1].body == "Object identity, not equality.");
  CHECK(qs[1].tags == Tags{"python", "operators"});
  CHECK(qs[1].source == "shapes/sheet-with-header.csv:4");
  CHECK(qs[2].text == "What is a goroutine? (in one sentence)");
  CHECK(qs[2].section == "Go");
  CHECK(qs[2].id == "go/1");
  CHECK(qs[2].tags == Tags{"go", "concurrency"});
  CHECK(qs[2].source == "shapes/sheet-with-header.csv:5");
  CHECK(qs[3].id == "go/2");
  CHECK(qs[3].number == 2);
  CHECK(qs[3].source == "shapes/sheet-with-header.csv:7");
}

TEST_CASE("an Excel CSV: BOM, CRLF, an ID column and an explanation column",
          "[delimited][golden]") {
  Bank bank = MustReadFixture("sheet-excel.csv", ',');
  CHECK(bank.title == "sheet excel");
  CHECK(bank.shape == "csv");
  CHECK(bank.warnings.empty());
  REQUIRE(bank.questions.size() == 3);
  const auto& qs = bank.questions;
  CHECK(qs[0].id == "sql-left-join");
  CHECK(qs[0].text == "What does a LEFT JOIN keep?");
  CHECK(qs[0].body == "Every row of the left table.\n\nUnmatched right-hand columns are NULL.");
  CHECK(qs[0].section == "SQL");
  CHECK(qs[0].number == 1);
  CHECK(qs[1].id == "sql-having");
  CHECK(qs[1].body == "After grouping.");
  CHECK(qs[1].number == 2);
  CHECK(qs[2].id == "git-rebase");
  CHECK(qs[2].body == "Replays commits\non top of a new base.");
  CHECK(qs[2].section == "Git");
  CHECK(qs[2].source == "shapes/sheet-excel.csv:4");
}

TEST_CASE("a CSV without a header row; an answer without a question is warned",
          "[delimited][golden]") {
  Bank bank = MustReadFixture("sheet-no-header.csv", ',');
  CHECK(bank.title == "sheet no header");
  CHECK(bank.shape == "csv");
  CHECK(Texts(bank) ==
        std::vector<std::string>{"What is memoization?", "What is a stable sort?",
                                 "Name three sorting algorithms that run in O(n log n)."});
  const auto& qs = bank.questions;
  CHECK(qs[0].body == "Caching a function's results by its arguments.");
  CHECK(qs[0].tags == Tags{"algorithms", "caching"});
  CHECK(qs[2].body == "");
  CHECK(qs[2].tags.empty());
  CHECK(qs[2].id == "sheet-no-header/3");
  CHECK(WarningPlaces(bank) ==
        Places{{"shapes/sheet-no-header.csv:4", std::string(warning::kEmptyQuestion)}});
}

// ---- In-line shapes ----

TEST_CASE("a header-less Anki TSV: HTML, entities, cloze and tags", "[delimited]") {
  Bank bank = MustRead(
      "<div><b>What</b> is a <i>mutex</i>?</div>\t<div>A lock:</div><div>one&nbsp;thread at a "
      "time.</div>"
      "<ul><li>lock</li><li>unlock</li></ul>\tconcurrency sync::locks\n"
      "{{c1::Deadlock}} needs {{c2::circular wait::a condition}}.\t&lt;none&gt; &#8212; &#x2713; "
      "&quot;ok&quot; &#39;s\t"
      "concurrency\n");
  CHECK(bank.shape == "tsv");
  REQUIRE(bank.questions.size() == 2);
  CHECK(bank.questions[0].text == "What is a mutex?");
  CHECK(bank.questions[0].body == "A lock:\none thread at a time.\nlock\nunlock");
  CHECK(bank.questions[0].tags == Tags{"concurrency", "sync::locks"});
  CHECK(bank.questions[1].text == "Deadlock needs circular wait.");
  CHECK(bank.questions[1].body == "<none> \u2014 \u2713 \"ok\" 's");
}

TEST_CASE("Anki header lines: #separator overrides, #tags column, Deck::Sub decks", "[delimited]") {
  Bank bank = MustRead(
      "#separator:comma\n"
      "#html:true\n"
      "#deck column:1\n"
      "#tags column:4\n"
      "Interview Prep::Frontend::CSS,What is the box "
      "model?,Content<br>padding<br>border<br>margin,css layout\n"
      "Interview Prep::Frontend::CSS,What does z-index do?,Orders stacked elements.,css\n"
      "Interview Prep::Backend,What is a reverse proxy?,It forwards requests to servers behind "
      "it.,\n",
      "prep.tsv", '\t');
  CHECK(bank.shape == "anki csv");
  CHECK(bank.title == "Interview Prep");
  REQUIRE(bank.questions.size() == 3);
  const auto& qs = bank.questions;
  CHECK(qs[0].section == "CSS");
  CHECK(qs[0].part == "Interview Prep");
  CHECK(qs[0].id == "css/1");
  CHECK(qs[0].body == "Content\npadding\nborder\nmargin");
  CHECK(qs[0].tags == Tags{"css", "layout"});
  CHECK(qs[0].source == "prep.tsv:5");
  CHECK(qs[1].id == "css/2");
  CHECK(qs[2].section == "Backend");
  CHECK(qs[2].id == "backend/1");
  CHECK(qs[2].tags.empty());
}

TEST_CASE("Anki fields beyond front and back are appended to the body", "[delimited]") {
  Bank bank = MustRead(
      "#separator:tab\n#html:true\n#notetype column:1\n#tags column:5\n"
      "Cloze\tA {{c1::hash map}} gives O(1) lookups on average.\tWorst case O(n).\tSee open "
      "addressing.\tdsa\n");
  REQUIRE(bank.questions.size() == 1);
  CHECK(bank.questions[0].text == "A hash map gives O(1) lookups on average.");
  CHECK(bank.questions[0].body == "Worst case O(n).\n\nSee open addressing.");
  CHECK(bank.questions[0].tags == Tags{"dsa"});
}

TEST_CASE("a single deck in the deck column names the bank", "[delimited]") {
  Bank bank =
      MustRead("#deck column:3\nWhat is DNS?\tName resolution.\tNetworks::Basics\n", "x.tsv");
  CHECK(bank.title == "Networks::Basics");
  CHECK(bank.questions[0].section == "Basics");
  CHECK(bank.questions[0].part == "Networks::Basics");
}

TEST_CASE("unrelated decks leave the title to the file name", "[delimited]") {
  Bank bank = MustRead("deck\tfront\tback\nGo\tA?\ta\nRust\tB?\tb\n", "banks/mixed-decks.tsv");
  CHECK(bank.title == "mixed decks");
  CHECK(bank.questions[0].section == "Go");
  CHECK(bank.questions[1].section == "Rust");
}

TEST_CASE("a CSV header row: names in any case, quoted multi-line cells, \"\" quotes",
          "[delimited]") {
  Bank bank = MustRead(
      "Question,ANSWER,Notes,Tag,Section\n"
      "\"What does \"\"idempotent\"\" mean?\",\"Same result\n\nif repeated.\",\"PUT, "
      "DELETE\",http;rest,HTTP\n"
      "\"Multi\nline\nquestion?\",\"\",,,HTTP\n"
      "Last one?,yes,,,\n",
      "http.csv", ',');
  CHECK(bank.shape == "csv");
  REQUIRE(bank.questions.size() == 3);
  const auto& qs = bank.questions;
  CHECK(qs[0].text == "What does \"idempotent\" mean?");
  CHECK(qs[0].body == "Same result\n\nif repeated.\n\nPUT, DELETE");
  CHECK(qs[0].tags == Tags{"http", "rest"});
  CHECK(qs[0].source == "http.csv:2");
  CHECK(qs[1].text == "Multi line question?");
  CHECK(qs[1].body == "");
  CHECK(qs[1].id == "http/2");
  CHECK(qs[1].source == "http.csv:5");
  CHECK(qs[2].section == "http");  // empty section cell: the bank's title
  CHECK(qs[2].id == "http-2/1");   // "http" is taken by section "HTTP"
  CHECK(qs[2].source == "http.csv:8");
  CHECK(bank.warnings.empty());
}

TEST_CASE("a CSV without a header: question, answer, tags; extra columns ignored", "[delimited]") {
  Bank bank = MustRead(
      "What is CORS?,A browser rule for cross-origin requests.,web security,2024-01-05\n"
      "Only a question\n",
      "web.csv", ',');
  REQUIRE(bank.questions.size() == 2);
  CHECK(bank.questions[0].tags == Tags{"web", "security"});
  CHECK(bank.questions[0].body == "A browser rule for cross-origin requests.");
  CHECK(bank.questions[1].text == "Only a question");
  CHECK(bank.questions[1].id == "web/2");
  CHECK(bank.warnings.empty());
}

TEST_CASE("CRLF line ends and a byte-order mark", "[delimited]") {
  Bank bank = MustRead(
      "\xEF\xBB\xBF"
      "front,back\r\n\"A\r\nB?\",c\r\nD?,e\r\n",
      "crlf.csv", ',');
  REQUIRE(bank.questions.size() == 2);
  CHECK(bank.questions[0].text == "A B?");
  CHECK(bank.questions[0].source == "crlf.csv:2");
  CHECK(bank.questions[1].text == "D?");
  CHECK(bank.questions[1].body == "e");
  CHECK(bank.questions[1].source == "crlf.csv:4");
}

TEST_CASE("plain text is not taken for HTML", "[delimited]") {
  Bank bank = MustRead("Why wrap a form in <div> tags?\tFor layout; a < b and b > c stay.\n");
  CHECK(bank.questions[0].text == "Why wrap a form in <div> tags?");
  CHECK(bank.questions[0].body == "For layout; a < b and b > c stay.");
}

TEST_CASE("TSV text is read as written: backslashes and quotes inside cells", "[delimited]") {
  Bank bank = MustRead(
      "What does \\n mean in C?\tA newline: \"\\n\".\n"
      "\"Hello\" she said: a quote?\tkept as written\n");
  REQUIRE(bank.questions.size() == 2);
  CHECK(bank.questions[0].text == "What does \\n mean in C?");
  CHECK(bank.questions[0].body == "A newline: \"\\n\".");
  CHECK(bank.questions[1].text == "\"Hello\" she said: a quote?");
  CHECK(bank.warnings.empty());
}

TEST_CASE("an id column gives ids; a row without one gets a generated id", "[delimited]") {
  Bank bank = MustRead("id,question,answer\nq-1,A?,a\n,B?,b\n", "ids.csv", ',');
  CHECK(bank.questions[0].id == "q-1");
  CHECK(bank.questions[1].id == "ids/2");
  CHECK(bank.questions[1].number == 2);
}

// ---- Warnings ----

TEST_CASE("warning: an empty question cell skips the row", "[delimited][warnings]") {
  Bank bank = MustRead("A?\ta\n\tan answer alone\n<br>\tonly HTML\n\t\t\nB?\tb\n");
  CHECK(Texts(bank) == std::vector<std::string>{"A?", "B?"});
  CHECK(bank.questions[1].id == "bank/2");
  CHECK(WarningPlaces(bank) == Places{{"bank.tsv:2", std::string(warning::kEmptyQuestion)},
                                      {"bank.tsv:3", std::string(warning::kEmptyQuestion)}});
}

TEST_CASE("warning: an unclosed quote is read as a plain character", "[delimited][warnings]") {
  Bank bank = MustRead(
      "front,back\n"
      "First?,one\n"
      "\"Second?,two\n"
      "Third?,\"three\n"
      "Fourth?,four\n",
      "q.csv", ',');
  CHECK(Texts(bank) == std::vector<std::string>{"First?", "\"Second?", "Third?", "Fourth?"});
  CHECK(bank.questions[2].body == "\"three");
  CHECK(bank.questions[3].source == "q.csv:5");
  CHECK(WarningPlaces(bank) == Places{{"q.csv:3", std::string(warning::kMalformedRow)},
                                      {"q.csv:4", std::string(warning::kMalformedRow)}});
  CHECK(bank.warnings[0].message.find("column 1") != std::string::npos);
  CHECK(bank.warnings[1].message.find("column 2") != std::string::npos);
}

TEST_CASE("warning: invalid UTF-8 is replaced by U+FFFD", "[delimited][warnings]") {
  Bank bank = MustRead(
      "#deck:Caf\xC3\n"
      "Good?\tyes\n"
      "Bad \xFF byte?\tand \xC3\x28 here\n");
  CHECK(bank.title == "Caf\uFFFD");
  REQUIRE(bank.questions.size() == 2);
  CHECK(bank.questions[1].text == "Bad \uFFFD byte?");
  CHECK(bank.questions[1].body == "and \uFFFD( here");
  CHECK(WarningPlaces(bank) == Places{{"bank.tsv:1", std::string(warning::kInvalidUtf8)},
                                      {"bank.tsv:3", std::string(warning::kInvalidUtf8)}});
}

TEST_CASE("warning: a row too short to hold the question", "[delimited][warnings]") {
  Bank bank =
      MustRead("tags,deck,question,answer\nx,D,Long enough?,yes\nx,D\nx\n", "short.csv", ',');
  REQUIRE(bank.questions.size() == 1);
  CHECK(WarningPlaces(bank) == Places{{"short.csv:3", std::string(warning::kMalformedRow)},
                                      {"short.csv:4", std::string(warning::kMalformedRow)}});
}

TEST_CASE("rows with more or fewer cells than the header are kept", "[delimited][warnings]") {
  Bank bank = MustRead("question,answer,tags\nA?\nB?,b,t,surplus,cells\n", "ragged.csv", ',');
  CHECK(Texts(bank) == std::vector<std::string>{"A?", "B?"});
  CHECK(bank.questions[1].tags == Tags{"t"});
  CHECK(bank.warnings.empty());
}

TEST_CASE("warning: an id used twice gives way to a generated one", "[delimited][warnings]") {
  Bank bank = MustRead("id\tq\ta\nx\tA?\ta\nx\tB?\tb\n", "dup.tsv");
  CHECK(bank.questions[0].id == "x");
  CHECK(bank.questions[1].id == "dup/2");
  CHECK(WarningPlaces(bank) == Places{{"dup.tsv:3", std::string(warning::kNumbering)}});
}

// ---- Errors ----

TEST_CASE("no question at all is an empty bank; no question column is an error", "[delimited][errors]") {
  for (std::string content : {"", "#separator:comma\n#html:true\n", "question,answer\n,only answers\n"}) {
    auto bank = quarry::ReadDelimitedBank(content, "bank.csv", ',');
    REQUIRE(bank.ok());
    CHECK(bank->questions.empty());
  }
  CHECK(ReadError("tags,notes\na,b\n") ==
        "bank.csv: no question column (name one front, question or q)");
}
