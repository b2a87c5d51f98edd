// Tests of the markdown reader: the plain layout of the seed bank, what is
// tolerated, oddities as warnings with file:line, and the real seed bank.
// The other layouts have golden tests over fixtures in
// markdown_shapes_test.cc.
#include "indexer/readers/markdown_reader.h"

#include <catch2/catch.hpp>
#include <fstream>
#include <iterator>
#include <set>
#include <string>
#include <vector>

#include "indexer/readers/inline_markdown.h"

using quarry::Bank;
using quarry::BankWarning;
using quarry::Question;
using quarry::ReadMarkdownBank;
using quarry::StripInlineMarkdown;

namespace {

Bank MustRead(const std::string& content) {
  auto read = ReadMarkdownBank(content, "bank.md");
  INFO(read.status().ToString());
  REQUIRE(read.ok());
  return std::move(read).value();
}

std::vector<Question> MustParse(const std::string& content) { return MustRead(content).questions; }

// The warnings of reading `content`, as "where [kind] message".
std::vector<std::string> Warnings(const std::string& content) {
  std::vector<std::string> out;
  for (const BankWarning& w : MustRead(content).warnings) out.push_back(w.where + " [" + w.kind + "] " + w.message);
  return out;
}

std::vector<std::string> Ids(const std::vector<Question>& questions) {
  std::vector<std::string> ids;
  for (const Question& q : questions) ids.push_back(q.id);
  return ids;
}

std::vector<std::string> Texts(const std::vector<Question>& questions) {
  std::vector<std::string> texts;
  for (const Question& q : questions) texts.push_back(q.text);
  return texts;
}

bool StartsWith(const std::string& s, const std::string& prefix) {
  return s.compare(0, prefix.size(), prefix) == 0;
}

const char kGoodBank[] =
    "# Part One\n"                                             // 1
    "\n"                                                       // 2
    "## Python Core\n"                                         // 3
    "\n"                                                       // 4
    "1. What is the GIL?\n"                                    // 5
    "2. Why do we use **slots**?\n"                            // 6
    "\n"                                                       // 7
    "## Django ORM / Database\n"                               // 8
    "1. What is ORM?\n"                                        // 9
    "2. select_related vs prefetch_related.\n"                 // 10
    "# Part Two\n"                                             // 11
    "## Production & Real-World Scenarios (Very Important)\n"  // 12
    "7. How do you debug a deadlock?\n";                       // 13

}  // namespace

TEST_CASE("a markdown bank gives parts, sections, ids and numbers in order", "[markdown]") {
  std::vector<Question> qs = MustParse(kGoodBank);
  CHECK(Ids(qs) == std::vector<std::string>{"python-core/1", "python-core/2",
                                            "django-orm-database/1", "django-orm-database/2",
                                            "production-real-world-scenarios-very-important/7"});
  REQUIRE(qs.size() == 5);
  CHECK(qs[0].part == "Part One");
  CHECK(qs[0].section == "Python Core");
  CHECK(qs[0].number == 1);
  CHECK(qs[0].text == "What is the GIL?");
  CHECK(qs[0].source == "bank.md:5");
  CHECK(qs[0].body == "");
  CHECK(qs[0].tags.empty());
  CHECK(qs[3].section == "Django ORM / Database");
  CHECK(qs[3].number == 2);
  CHECK(qs[3].text == "select_related vs prefetch_related.");
  CHECK(qs[3].source == "bank.md:10");
  CHECK(qs[4].part == "Part Two");
  CHECK(qs[4].section == "Production & Real-World Scenarios (Very Important)");
  CHECK(qs[4].number == 7);
  CHECK(qs[4].source == "bank.md:13");
}

TEST_CASE("a bank without a # heading takes its part from its file name", "[markdown]") {
  auto read = ReadMarkdownBank("## Solo\n1. Alone?\n", "banks/go_questions.md");
  REQUIRE(read.ok());
  REQUIRE(read->questions.size() == 1);
  CHECK(read->title == "go questions");
  CHECK(read->questions[0].part == "go questions");
  CHECK(read->questions[0].id == "solo/1");
}

TEST_CASE("inline markdown is stripped from questions and headings", "[markdown]") {
  std::vector<Question> qs = MustParse(
      "## **Bold** `Section`\n"
      "1. Why do we use **slots**?\n"
      "2. What does `select_related` do?\n"
      "3. Difference between *args and **kwargs.\n"
      "4. Read [the docs](https://example.org/x) and *really* __slots__ them.\n"
      "5. Is `**kwargs` the same as **kwargs**?\n");
  CHECK(qs[0].section == "Bold Section");
  CHECK(qs[0].id == "bold-section/1");
  CHECK(Texts(qs) == std::vector<std::string>{
                         "Why do we use slots?",
                         "What does select_related do?",
                         "Difference between *args and **kwargs.",
                         "Read the docs and really __slots__ them.",
                         "Is **kwargs the same as kwargs?",
                     });
}

TEST_CASE("StripInlineMarkdown keeps unpaired markers as written", "[markdown]") {
  struct Row {
    std::string in, out;
  };
  for (const Row& row : std::vector<Row>{
           {"**slots** and `x`", "slots and x"},
           {"*args and **kwargs", "*args and **kwargs"},
           {"*args, **kwargs", "*args, **kwargs"},
           {"a * b * c", "a * b * c"},
           {"2 ** 10", "2 ** 10"},
           {"`unclosed code", "`unclosed code"},
           {"[not a link] here", "[not a link] here"},
           {"***both***", "both"},
           {"", ""},
       }) {
    INFO("in: " << row.in);
    CHECK(StripInlineMarkdown(row.in) == row.out);
  }
}

// Bug: StripInlineMarkdown takes any '[' as the start of a link and looks
// for the next "](" anywhere after it, so a bracket earlier on the line
// swallows the text up to a later link and drops the link's own '[' .. ']'.
TEST_CASE("a bracket before a link on the same line is kept as written", "[markdown][bug]") {
  CHECK(StripInlineMarkdown("What does list[0] return? See [docs](https://x.org)") ==
        "What does list[0] return? See docs");
  CHECK(StripInlineMarkdown("[not a link] then [real](u)") == "[not a link] then real");
}

// Bug: an opening "**" pairs with the first closing "**" after it, even when
// another "**" opens in between, so the unpaired marker of **kwargs is
// removed and the one of the bold word is kept. CommonMark pairs the inner
// run: "Explain **kwargs with a real example".
TEST_CASE("an unpaired ** before a bold word survives", "[markdown][bug]") {
  CHECK(StripInlineMarkdown("Explain **kwargs with a **real** example") ==
        "Explain **kwargs with a real example");
}

TEST_CASE("BOM, CRLF, trailing spaces, blank lines, rules and N) numbering are tolerated",
          "[markdown]") {
  std::vector<Question> qs = MustParse(
      "\xEF\xBB\xBF# Part\r\n"
      "\r\n"
      "---\r\n"
      "## Section One   \r\n"
      "   \r\n"
      "1. First?   \r\n"
      "\t\r\n"
      "2) Second?\t\r\n"
      "***\r\n"
      "- - -\r\n"
      "## Closing hashes ##\r\n"
      "1.\tTabbed?\r\n");
  CHECK(Ids(qs) == std::vector<std::string>{"section-one/1", "section-one/2", "closing-hashes/1"});
  CHECK(Texts(qs) == std::vector<std::string>{"First?", "Second?", "Tabbed?"});
  CHECK(qs[0].part == "Part");
  CHECK(qs[0].section == "Section One");
  CHECK(qs[1].number == 2);
  CHECK(qs[1].source == "bank.md:8");
  CHECK(qs[2].section == "Closing hashes");
}

TEST_CASE("the last line needs no line end", "[markdown]") {
  std::vector<Question> qs = MustParse("## S\n1. What is a?\n2. Why b?");
  CHECK(Texts(qs) == std::vector<std::string>{"What is a?", "Why b?"});
}

TEST_CASE("lines under a question become its body", "[markdown]") {
  std::vector<Question> qs = MustParse(
      "## S\n"
      "Intro text before any question is ignored.\n"
      "1. Explain the **GIL**.\n"
      "   It is a lock held by the interpreter.\n"
      "   - bullet with `code`\n"
      "\n"
      "   3.14 is not a question number\n"
      "2. Next?\n"
      "---\n"
      "Text after a rule belongs to no question.\n");
  REQUIRE(qs.size() == 2);
  CHECK(qs[0].text == "Explain the GIL.");
  CHECK(qs[0].body ==
        "It is a lock held by the interpreter.\n- bullet with code\n3.14 is not a question number");
  CHECK(qs[1].body == "");
}

TEST_CASE("a deeper heading over a list of questions is its section", "[markdown]") {
  std::vector<Question> qs = MustParse("## S\n### Easy\n1. What is a?\n### Hard\n1. What is b?\n");
  CHECK(Ids(qs) == std::vector<std::string>{"easy/1", "hard/1"});
  CHECK(qs[1].section == "Hard");
}

TEST_CASE("the same number in two sections is fine", "[markdown]") {
  std::vector<Question> qs = MustParse("## A\n1. What is a?\n## B\n1. What is b?\n");
  CHECK(Ids(qs) == std::vector<std::string>{"a/1", "b/1"});
}

TEST_CASE("a section title used twice gets -1 after its slug, as GitHub's anchors do", "[markdown]") {
  std::vector<Question> qs = MustParse("# Go\n## Basics\n1. What is a?\n# Rust\n## Basics\n1. What is b?\n");
  CHECK(Ids(qs) == std::vector<std::string>{"basics/1", "basics-1/1"});
  CHECK(qs[1].part == "Rust");
}

TEST_CASE("questions under the bank's title alone take it as their section", "[markdown]") {
  std::vector<Question> qs = MustParse("# Kotlin Questions\n\n1. What is a data class?\n2. What is a sealed class?\n");
  CHECK(Ids(qs) == std::vector<std::string>{"kotlin-questions/1", "kotlin-questions/2"});
  CHECK(qs[0].section == "Kotlin Questions");
  CHECK(qs[0].part == "Kotlin Questions");
}

TEST_CASE("invalid UTF-8 is a warning naming line and byte; the line is read with U+FFFD", "[markdown]") {
  CHECK(Warnings("## S\n1. What is ok?\n2. What is caf\xC3?\n") ==
        std::vector<std::string>{"bank.md:3 [invalid UTF-8] invalid UTF-8 at byte 15 of the line; read with U+FFFD in its place"});
  std::vector<Question> qs = MustParse("## S\n1. What is caf\xC3?\n");
  REQUIRE(qs.size() == 1);
  CHECK(qs[0].text == "What is caf\xEF\xBF\xBD?");
}

TEST_CASE("an empty question is a warning, and the others are read", "[markdown]") {
  CHECK(Warnings("## S\n1. What is a?\n2.\n3. What is c?\n") ==
        std::vector<std::string>{"bank.md:3 [empty question] a list item with no text; skipped",
                                 "bank.md:4 [numbering] question number 3 follows 1 in section \"S\"; the section's "
                                 "questions are numbered by position"});
  CHECK(Texts(MustParse("## S\n1. What is a?\n2.\n3. What is c?\n")) ==
        std::vector<std::string>{"What is a?", "What is c?"});
}

TEST_CASE("a repeated number is a warning; the section is numbered by position", "[markdown]") {
  const std::string bank = "## Sec\n1. What is a?\n2. What is b?\n\n2. What is c?\n";
  CHECK(Warnings(bank) == std::vector<std::string>{
                              "bank.md:5 [numbering] question number 2 appears twice in section \"Sec\" (first at "
                              "line 3); the section's questions are numbered by position"});
  CHECK(Ids(MustParse(bank)) == std::vector<std::string>{"sec/1", "sec/2", "sec/3"});
}

TEST_CASE("lists numbered all 1. (markdown's auto-numbering) are numbered by position, silently", "[markdown]") {
  const std::string bank = "## Auto\n1. What is a?\n1. What is b?\n1. What is c?\n";
  CHECK(Warnings(bank).empty());
  CHECK(Ids(MustParse(bank)) == std::vector<std::string>{"auto/1", "auto/2", "auto/3"});
}

TEST_CASE("an author's numbers that run on across sections are kept", "[markdown]") {
  std::vector<Question> qs = MustParse("## A\n1. What is a?\n2. What is b?\n## B\n3. What is c?\n4. What is d?\n");
  CHECK(Ids(qs) == std::vector<std::string>{"a/1", "a/2", "b/3", "b/4"});
}

TEST_CASE("a heading with no text is a warning", "[markdown]") {
  CHECK(Warnings("## S\n1. What is a?\n##\n2. What is b?\n") ==
        std::vector<std::string>{"bank.md:3 [empty heading] a heading with no text; ignored"});
}

TEST_CASE("an unclosed fence is a warning and is read as text", "[markdown]") {
  const std::string bank = "## S\n1. What is a?\n```\ncode\n2. What is b?\n";
  CHECK(Warnings(bank) == std::vector<std::string>{"bank.md:3 [unclosed fence] a code fence that is never closed; read as text"});
  CHECK(Texts(MustParse(bank)) == std::vector<std::string>{"What is a?", "What is b?"});
}

TEST_CASE("a # or 1. inside a closed fence is code, never a heading or a question", "[markdown]") {
  std::vector<Question> qs = MustParse("## S\n1. What is a?\n   ```sh\n   # comment\n   1. step\n   ```\n2. What is b?\n");
  CHECK(Texts(qs) == std::vector<std::string>{"What is a?", "What is b?"});
  CHECK(qs[0].body == "   # comment\n   1. step");
}

TEST_CASE("a bank without questions is read as one, empty", "[markdown]") {
  for (std::string content : {"", "\n\n", "# Part\n## Section\nsome text\n", "---\n",
                              "# Notes\n## Setup\n- install the tools\n- run the build\n"}) {
    INFO("content: " << content);
    CHECK(MustParse(content).empty());
  }
}

TEST_CASE("the seed bank parses: 430 questions, 25 sections, 2 parts", "[markdown][corpus]") {
  std::string file = std::string(QUARRY_SOURCE_DIR) + "/corpus/interview-questions.md";
  std::ifstream in(file, std::ios::binary);
  REQUIRE(in);
  std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto parsed = ReadMarkdownBank(content, file);
  INFO(parsed.status().ToString());
  REQUIRE(parsed.ok());
  CHECK(parsed->warnings.empty());
  CHECK(parsed->shape == "numbered lists");
  const std::vector<Question>& qs = parsed->questions;
  CHECK(qs.size() == 430);

  std::set<std::string> sections, parts, ids;
  for (const Question& q : qs) {
    sections.insert(q.section);
    parts.insert(q.part);
    ids.insert(q.id);
    CHECK_FALSE(q.text.empty());
  }
  CHECK(sections.size() == 25);
  CHECK(parts.size() == 2);
  CHECK(ids.size() == qs.size());

  bool found = false;
  for (const Question& q : qs) {
    if (q.id != "django-orm-database/2") continue;
    found = true;
    CHECK(q.text == "select_related vs prefetch_related.");
    CHECK(q.section == "Django ORM / Database");
    CHECK(q.number == 2);
  }
  CHECK(found);
  CHECK(qs.front().id == "python-core/1");
  CHECK(qs.front().part ==
        "Python, Django, REST API, MySQL Interview Questions (4+ Years Experience)");
}

// Bug (found by fuzzing): the "-1" given to a repeated title could be the
// slug of another section ("## A 1"), so two questions had one id.
TEST_CASE("a repeated title's suffix never takes another section's slug", "[markdown][bug]") {
  std::vector<Question> qs = MustParse("## A\n1. What?\n## A\n1. What?\n## A 1\n1. What?\n");
  std::set<std::string> ids;
  for (const Question& q : qs) ids.insert(q.id);
  CHECK(ids.size() == 3);
  CHECK(Ids(qs) == std::vector<std::string>{"a/1", "a-2/1", "a-1/1"});
}

// Bug (found by fuzzing): nested links and emphasis recursed once a level,
// so a long line of '[' or '*' overflowed the stack.
TEST_CASE("deeply nested inline markdown is read without exhausting the stack", "[markdown][bug]") {
  std::string nested = "What " + std::string(20000, '[') + "a" ;
  for (int i = 0; i < 20000; ++i) nested += "](x)";
  std::string stripped = StripInlineMarkdown(nested);
  CHECK(stripped.rfind("What ", 0) == 0);
  CHECK_FALSE(StripInlineMarkdown("What " + std::string(60000, '*')).empty());
}
