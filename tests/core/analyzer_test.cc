// Golden tests of the Analyzer: one line of input text, the exact tokens.
//
// A token is written `text C{part,part}@position` (C for a compound, - for a
// plain word), so a failing row prints both sides in one readable line.
#include "core/analyzer.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "core/utf8.h"

using quarry::Analyzer;
using quarry::AnalyzerOptions;
using quarry::Token;

namespace {

struct Expected {
  std::string text;
  bool compound;
  std::vector<std::string> parts;
  uint32_t position;
};

std::string Describe(const std::string& text, bool compound, const std::vector<std::string>& parts,
                     uint32_t position) {
  std::string out = text + (compound ? " C{" : " -{");
  for (size_t i = 0; i < parts.size(); ++i) out += (i ? "," : "") + parts[i];
  return out + "}@" + std::to_string(position);
}

std::vector<std::string> Describe(const std::vector<Token>& tokens) {
  std::vector<std::string> out;
  for (const Token& t : tokens) out.push_back(Describe(t.text, t.compound, t.parts, t.position));
  return out;
}

std::vector<std::string> Describe(const std::vector<Expected>& tokens) {
  std::vector<std::string> out;
  for (const Expected& t : tokens) out.push_back(Describe(t.text, t.compound, t.parts, t.position));
  return out;
}

struct Row {
  std::string input;
  std::vector<Expected> tokens;
};

void CheckTable(const std::vector<Row>& table) {
  Analyzer analyzer;
  for (const Row& row : table) {
    INFO("input: " << row.input);
    CHECK(Describe(analyzer.Tokenize(row.input)) == Describe(row.tokens));
  }
}

// The byte range of each token, as the substring of the input it covers.
std::vector<std::string> Spans(std::string_view text, const std::vector<Token>& tokens) {
  std::vector<std::string> out;
  for (const Token& t : tokens) out.emplace_back(text.substr(t.begin, t.end - t.begin));
  return out;
}

}  // namespace

TEST_CASE("plain words are NFKC case-folded", "[analyzer]") {
  CheckTable({
      {"Ｄｊａｎｇｏ Django DJANGO",
       {{"django", false, {"django"}, 1},
        {"django", false, {"django"}, 2},
        {"django", false, {"django"}, 3}}},
      {"Straße ﬁle ÉCOLE naïve",
       {{"strasse", false, {"strasse"}, 1},
        {"file", false, {"file"}, 2},
        {"école", false, {"école"}, 3},
        {"naïve", false, {"naïve"}, 4}}},
      {"Use OFFSET for pagination",
       {{"use", false, {"use"}, 1},
        {"offset", false, {"offset"}, 2},
        {"for", false, {"for"}, 3},
        {"pagination", false, {"pagination"}, 4}}},
      // Apostrophes stay inside a word; the typographic one folds to ASCII.
      {"Python's GIL Python’s",
       {{"python's", false, {"python's"}, 1},
        {"gil", false, {"gil"}, 2},
        {"python's", false, {"python's"}, 3}}},
      {"v2 2fa 10x",
       {{"v2", false, {"v2"}, 1}, {"2fa", false, {"2fa"}, 2}, {"10x", false, {"10x"}, 3}}},
      {"tabs\tand\r\nline ends",
       {{"tabs", false, {"tabs"}, 1},
        {"and", false, {"and"}, 2},
        {"line", false, {"line"}, 3},
        {"ends", false, {"ends"}, 4}}},
  });
}

TEST_CASE("identifiers are compounds findable as written and by their parts", "[analyzer]") {
  CheckTable({
      {"What is select_related vs prefetch_related?",
       {{"what", false, {"what"}, 1},
        {"is", false, {"is"}, 2},
        {"select_related", true, {"select", "related"}, 3},
        {"vs", false, {"vs"}, 5},
        {"prefetch_related", true, {"prefetch", "related"}, 6}}},
      {"values_list bulk_create on_delete",
       {{"values_list", true, {"values", "list"}, 1},
        {"bulk_create", true, {"bulk", "create"}, 3},
        {"on_delete", true, {"on", "delete"}, 5}}},
      {"transaction.atomic settings.py manage.py",
       {{"transaction.atomic", true, {"transaction", "atomic"}, 1},
        {"settings.py", true, {"settings", "py"}, 3},
        {"manage.py", true, {"manage", "py"}, 5}}},
      {"django-admin B-tree",
       {{"django-admin", true, {"django", "admin"}, 1}, {"b-tree", true, {"b", "tree"}, 3}}},
      {"__slots__ __init__.py",
       {{"__slots__", true, {"slots"}, 1}, {"__init__.py", true, {"init", "py"}, 2}}},
      {"Ｓｅｌｅｃｔ_Ｒｅｌａｔｅｄ", {{"select_related", true, {"select", "related"}, 1}}},
  });
}

TEST_CASE("symbolic technical terms are compounds", "[analyzer]") {
  CheckTable({
      {"Difference between *args and **kwargs.",
       {{"difference", false, {"difference"}, 1},
        {"between", false, {"between"}, 2},
        {"*args", true, {"args"}, 3},
        {"and", false, {"and"}, 4},
        {"**kwargs", true, {"kwargs"}, 5}}},
      {"N+1 queries", {{"n+1", true, {"n", "1"}, 1}, {"queries", false, {"queries"}, 3}}},
      {"C++ C#", {{"c++", true, {"c"}, 1}, {"c#", true, {"c"}, 2}}},
      {"Ｃ＋＋", {{"c++", true, {"c"}, 1}}},
      {"I/O CI/CD I/O-bound",
       {{"i/o", true, {"i", "o"}, 1},
        {"ci/cd", true, {"ci", "cd"}, 3},
        {"i/o-bound", true, {"i", "o", "bound"}, 5}}},
      {"exists() O(1) f(x)",
       {{"exists()", true, {"exists"}, 1},
        {"o(1)", true, {"o", "1"}, 2},
        {"f(x)", true, {"f", "x"}, 4}}},
      {".NET --verbose std::vector",
       {{".net", true, {"net"}, 1},
        {"--verbose", true, {"verbose"}, 2},
        {"std::vector", true, {"std", "vector"}, 3}}},
  });
}

TEST_CASE("operator runs are compounds with no parts", "[analyzer]") {
  CheckTable({
      {"is vs ==", {{"is", false, {"is"}, 1}, {"vs", false, {"vs"}, 2}, {"==", true, {}, 3}}},
      {"!= -> <= >= === ++",
       {{"!=", true, {}, 1},
        {"->", true, {}, 2},
        {"<=", true, {}, 3},
        {">=", true, {}, 4},
        {"===", true, {}, 5},
        {"++", true, {}, 6}}},
      // Single symbols and runs longer than three are not operators.
      {"a + b - c ==== d",
       {{"a", false, {"a"}, 1},
        {"b", false, {"b"}, 2},
        {"c", false, {"c"}, 3},
        {"d", false, {"d"}, 4}}},
  });
}

TEST_CASE("sentence punctuation and unbalanced brackets around a run are trimmed", "[analyzer]") {
  CheckTable({
      {"deadlock?", {{"deadlock", false, {"deadlock"}, 1}}},
      {"deadlock?! deadlock… deadlock;",
       {{"deadlock", false, {"deadlock"}, 1},
        {"deadlock", false, {"deadlock"}, 2},
        {"deadlock", false, {"deadlock"}, 3}}},
      {"(see exists()).", {{"see", false, {"see"}, 1}, {"exists()", true, {"exists"}, 2}}},
      {"(exists()) exists()?",
       {{"exists()", true, {"exists"}, 1}, {"exists()", true, {"exists"}, 2}}},
      {"(N+1) N+1? C++. I/O,",
       {{"n+1", true, {"n", "1"}, 1},
        {"n+1", true, {"n", "1"}, 3},
        {"c++", true, {"c"}, 5},
        {"i/o", true, {"i", "o"}, 6}}},
      {"`select_related`, \"quoted\" 'single' “smart” ‘quotes’",
       {{"select_related", true, {"select", "related"}, 1},
        {"quoted", false, {"quoted"}, 3},
        {"single", false, {"single"}, 4},
        {"smart", false, {"smart"}, 5},
        {"quotes", false, {"quotes"}, 6}}},
      {"*args, **kwargs.", {{"*args", true, {"args"}, 1}, {"**kwargs", true, {"kwargs"}, 2}}},
      {"settings.py. transaction.atomic:",
       {{"settings.py", true, {"settings", "py"}, 1},
        {"transaction.atomic", true, {"transaction", "atomic"}, 3}}},
  });
}

TEST_CASE("markdown rules, lone symbols and empty input give no token", "[analyzer]") {
  Analyzer analyzer;
  for (std::string input :
       {"", " ", "\t\r\n", "---", "***", "___", "- * / ! ? ...", "-- ** __ ::"}) {
    INFO("input: [" << input << "]");
    CHECK(analyzer.Tokenize(input).empty());
  }
}

TEST_CASE("positions count one per part and start at first_position", "[analyzer]") {
  Analyzer analyzer;
  std::vector<Token> tokens = analyzer.Tokenize("why select_related == N+1 here", 101);
  CHECK(Describe(tokens) ==
        Describe(std::vector<Expected>{{"why", false, {"why"}, 101},
                                       {"select_related", true, {"select", "related"}, 102},
                                       {"==", true, {}, 104},
                                       {"n+1", true, {"n", "1"}, 105},
                                       {"here", false, {"here"}, 107}}));
  CHECK(tokens[1].width() == 2);
  CHECK(tokens[2].width() == 1);
}

TEST_CASE("byte offsets point at the run in the original text", "[analyzer]") {
  Analyzer analyzer;
  struct OffsetRow {
    std::string input;
    std::vector<std::string> spans;
  };
  for (const OffsetRow& row : std::vector<OffsetRow>{
           {"(see exists()).", {"see", "exists()"}},
           {"  `select_related`, please", {"select_related", "please"}},
           {"Ｄｊａｎｇｏ ORM", {"Ｄｊａｎｇｏ", "ORM"}},
           {"café “N+1” naïve deadlock?", {"café", "N+1", "naïve", "deadlock"}},
           {"数据库索引 is ==", {"数据库索引", "is", "=="}},
       }) {
    INFO("input: " << row.input);
    CHECK(Spans(row.input, analyzer.Tokenize(row.input)) == row.spans);
  }

  // Exact numbers after multi-byte characters: Ｄｊａｎｇｏ is 18 bytes.
  std::vector<Token> tokens = analyzer.Tokenize("Ｄｊａｎｇｏ select_related");
  REQUIRE(tokens.size() == 2);
  CHECK(tokens[0].begin == 0);
  CHECK(tokens[0].end == 18);
  CHECK(tokens[1].begin == 19);
  CHECK(tokens[1].end == 33);
}

TEST_CASE("invalid UTF-8 does not crash and gives valid UTF-8 tokens", "[analyzer]") {
  Analyzer analyzer;
  for (std::string input :
       {std::string("abc\xFF def"), std::string("select_\xFFrelated"), std::string("\xC3"),
        std::string("caf\xC3"), std::string("\xED\xA0\x80x \xC0\xAFy"), std::string("\x80\x80\x80"),
        std::string("ok\0inside", 9)}) {
    INFO("input bytes: " << input.size());
    std::vector<Token> tokens = analyzer.Tokenize(input);
    for (const Token& t : tokens) {
      CHECK_FALSE(quarry::FindInvalidUtf8(t.text).has_value());
      for (const std::string& part : t.parts)
        CHECK_FALSE(quarry::FindInvalidUtf8(part).has_value());
      CHECK(t.begin < t.end);
      CHECK(t.end <= input.size());
    }
  }
  // Valid words around an invalid byte are still found.
  std::vector<Token> tokens = analyzer.Tokenize("abc\xFF def");
  REQUIRE(tokens.size() == 2);
  CHECK(tokens[0].parts == std::vector<std::string>{"abc"});
  CHECK(tokens[1].text == "def");
}

TEST_CASE("a run longer than max_compound_bytes is indexed by its parts only", "[analyzer]") {
  AnalyzerOptions options;
  options.max_compound_bytes = 11;  // values_list fits, select_related does not
  Analyzer analyzer(options);
  std::string input = "a select_related b values_list";
  std::vector<Token> tokens = analyzer.Tokenize(input);
  CHECK(Describe(tokens) ==
        Describe(std::vector<Expected>{{"a", false, {"a"}, 1},
                                       {"select", false, {"select"}, 2},
                                       {"related", false, {"related"}, 3},
                                       {"b", false, {"b"}, 4},
                                       {"values_list", true, {"values", "list"}, 5}}));
  CHECK(Spans(input, tokens) ==
        std::vector<std::string>{"a", "select", "related", "b", "values_list"});
}

TEST_CASE("a term is cut the same alone (a query) and inside a sentence (a question)",
          "[analyzer]") {
  Analyzer analyzer;
  for (std::string term : {"select_related",
                           "prefetch_related",
                           "values_list",
                           "bulk_create",
                           "on_delete",
                           "transaction.atomic",
                           "settings.py",
                           "manage.py",
                           "django-admin",
                           "*args",
                           "**kwargs",
                           "N+1",
                           "==",
                           "C++",
                           "I/O",
                           "CI/CD",
                           "B-tree",
                           "exists()",
                           "OFFSET",
                           "__slots__"}) {
    INFO("term: " << term);
    std::vector<Token> alone = analyzer.Tokenize(term);
    std::vector<Token> in_sentence = analyzer.Tokenize("Explain " + term + " here?");
    REQUIRE(alone.size() == 1);
    REQUIRE(in_sentence.size() == 3);
    CHECK(in_sentence[1].text == alone[0].text);
    CHECK(in_sentence[1].parts == alone[0].parts);
    CHECK(in_sentence[1].compound == alone[0].compound);
  }
}

TEST_CASE("Normalize NFKC case-folds a whole string", "[analyzer]") {
  Analyzer analyzer;
  CHECK(analyzer.Normalize("Ｄｊａｎｇｏ") == "django");
  CHECK(analyzer.Normalize("Select_Related") == "select_related");
  CHECK(analyzer.Normalize("Straße") == "strasse");
  CHECK(analyzer.Normalize("Python’s") == "python's");
  CHECK(analyzer.Normalize("") == "");
}

TEST_CASE("Stem reduces plain words to their English stem", "[analyzer]") {
  Analyzer analyzer;
  CHECK(analyzer.Stem("serializers") == "serial");
  CHECK(analyzer.Stem("serializers") == analyzer.Stem("serializer"));
  CHECK(analyzer.Stem("queries") == analyzer.Stem("query"));
  CHECK(analyzer.Stem("running") == "run");
  CHECK(analyzer.Stem("django") == "django");
}

TEST_CASE("Stem leaves numbers, compounds and symbols unstemmed", "[analyzer]") {
  Analyzer analyzer;
  for (std::string word : {"", "2fa", "v2", "1", "n+1", "select_related", "transaction.atomic",
                           "exists()", "==", "c++", "i/o", "django-admin"}) {
    INFO("word: " << word);
    CHECK(analyzer.Stem(word) == "");
  }
}

TEST_CASE("stemmer none turns stemming off", "[analyzer]") {
  AnalyzerOptions options;
  options.stemmer = "none";
  Analyzer analyzer(options);
  CHECK(analyzer.Stem("serializers") == "");
  CHECK(analyzer.Tokenize("Serializers")[0].text == "serializers");
}

// Bug: a soft hyphen (U+00AD, invisible, common in text pasted from web
// pages) is format character Cf, which u_iscntrl() counts as a control
// character, so the analyzer splits the run there. NFKC case folding removes
// it, so the word should be "database" and findable as such.
TEST_CASE("a soft hyphen inside a word does not split it", "[analyzer][bug]") {
  Analyzer analyzer;
  std::string input =
      "data\xC2\xAD"
      "base";
  std::vector<Token> tokens = analyzer.Tokenize(input);
  CHECK(Describe(tokens) == Describe(std::vector<Expected>{{"database", false, {"database"}, 1}}));
  CHECK(Spans(input, tokens) == std::vector<std::string>{input});
}

// Bug: operator runs are recognised on raw ASCII bytes and kept as written,
// so full-width `＝＝` (what an East Asian input method types) gives no token,
// while `Ｃ＋＋` is normalised to `c++`. NFKC makes it `==`.
TEST_CASE("full-width operator runs are NFKC-normalised like words", "[analyzer][bug]") {
  Analyzer analyzer;
  CHECK(Describe(analyzer.Tokenize("＝＝ ！＝")) ==
        Describe(std::vector<Expected>{{"==", true, {}, 1}, {"!=", true, {}, 2}}));
}
