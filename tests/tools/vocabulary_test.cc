// Tests of tools/vocabulary: the readers, the abbreviation finder and the
// whole step on a small fixture of text written for them
// (tests/tools/data/vocabulary/: a "package" of HTML, markdown, plain text
// and a man page about front-end code, databases and containers).
#include "tools/vocabulary/vocabulary.h"

#include <catch2/catch.hpp>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "indexer/readers/bank_reader.h"
#include "tests/indexer/temp_dir.h"
#include "tools/vocabulary/abbreviations.h"
#include "tools/vocabulary/readers.h"

namespace quarry::vocabulary {
namespace {

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

// The line of `text` that starts with `prefix`, or "".
std::string LineStarting(const std::string& text, const std::string& prefix) {
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(prefix, 0) == 0) return line;
  }
  return "";
}

// The inline code of a document's prose blocks, in order.
std::vector<std::string> InlineCode(const Document& d) {
  std::vector<std::string> out;
  for (const Block& b : d.blocks) {
    for (const Span& s : b.code_spans) out.push_back(b.text.substr(s.begin, s.end - s.begin));
  }
  return out;
}

std::string Prose(const Document& d) {
  std::string out;
  for (const Block& b : d.blocks) {
    if (b.kind == Block::Kind::kProse) out += (out.empty() ? "" : "|") + b.text;
  }
  return out;
}

std::string Code(const Document& d) {
  std::string out;
  for (const Block& b : d.blocks) {
    if (b.kind == Block::Kind::kCode) out += b.text;
  }
  return out;
}

// ---- Abbreviations ----

struct DefinitionCase {
  const char* sentence;
  const char* short_form;  // "" for no definition
  const char* long_form;
};

TEST_CASE("FindDefinitions: long form (SF), SF (long form), and the software extensions") {
  const DefinitionCase cases[] = {
      {"Cross-Site Scripting (XSS) lets an attacker run code.", "XSS", "Cross-Site Scripting"},
      {"A JSON Web Token (JWT) carries signed claims.", "JWT", "JSON Web Token"},
      {"Python has a Global Interpreter Lock (GIL) that serialises threads.", "GIL",
       "Global Interpreter Lock"},
      {"Escape output against XSS (cross-site scripting) in templates.", "XSS",
       "cross-site scripting"},
      {"It speaks a peer-to-peer (P2P) protocol.", "P2P", "peer-to-peer"},
      {"Cross-Site Request Forgery (CSRF) abuses a session.", "CSRF", "Cross-Site Request Forgery"},
      {"The Application Programming Interfaces (APIs) change.", "APIs",
       "Application Programming Interfaces"},
      {"Tools for Accessibility (a11y) help.", "a11y", "Accessibility"},
      // Word initials first: the character match alone stops at "Sockets Layer".
      {"It speaks Secure Sockets Layer (SSL) and more.", "SSL", "Secure Sockets Layer"},
      {"Each row has a Universally Unique Identifier (UUID) key.", "UUID",
       "Universally Unique Identifier"},
      {"The Java Database Connectivity (JDBC) API.", "JDBC", "Java Database Connectivity"},
      {"An Extensible Markup Language (XML) file.", "XML", "Extensible Markup Language"},
      {"Call the function (see below) twice.", "", ""},
      {"The result (OK) is printed.", "", ""},
      {"Run it in a container (Docker) first.", "", ""},
  };
  for (const DefinitionCase& c : cases) {
    INFO(c.sentence);
    std::vector<Definition> found = FindDefinitions(c.sentence);
    if (std::string(c.short_form).empty()) {
      CHECK(found.empty());
      continue;
    }
    REQUIRE(found.size() == 1);
    CHECK(found[0].short_form == c.short_form);
    CHECK(found[0].long_form == c.long_form);
  }
}

TEST_CASE("Numeronyms: a letter, how many letters are left out, a letter") {
  std::optional<Numeronym> i18n = ParseNumeronym("i18n");
  REQUIRE(i18n);
  CHECK(SpellsNumeronym(*i18n, "internationalization"));
  CHECK_FALSE(SpellsNumeronym(*i18n, "internationalized"));
  std::optional<Numeronym> k8s = ParseNumeronym("k8s");
  REQUIRE(k8s);
  CHECK(SpellsNumeronym(*k8s, "kubernetes"));
  CHECK_FALSE(SpellsNumeronym(*k8s, "keyboards"));
  CHECK(SpellsNumeronym(*ParseNumeronym("a11y"), "accessibility"));
  CHECK_FALSE(ParseNumeronym("h2o"));  // too short to be one
  CHECK_FALSE(ParseNumeronym("utf8"));
  CHECK_FALSE(ParseNumeronym("x86"));
  CHECK_FALSE(ParseNumeronym("k08s"));
}

// ---- Readers ----

TEST_CASE("ReadHtml: inline code, code blocks, entities; scripts and navigation left out") {
  Document d = ReadHtml(
      "<html><head><title>T</title><script>var x = 1;</script></head><body>"
      "<div class=\"sphinxsidebar\"><p>Navigation</p><div>nested</div></div>"
      "<p>Call <code>this</code> &amp; <code><span>super()</span></code> first.</p>"
      "<pre>x = new Foo();\nreturn x;</pre><p>After &lt;pre&gt;.</p></body></html>");
  CHECK(Prose(d) == "Call this & super() first.|After <pre>.");
  CHECK(InlineCode(d) == std::vector<std::string>{"this", "super()"});
  CHECK(Code(d) == "x = new Foo();\nreturn x;");
}

TEST_CASE("ReadRoff: bold is inline code, .EX and SYNOPSIS are code, escapes are text") {
  Document d = ReadRoff(
      ".TH T 1\n.SH SYNOPSIS\n.B tool\n[\\fIfile\\fR]\n.SH DESCRIPTION\n"
      "Reads \\fBthis\\fR and that\\(emquickly.\n.PP\n.BR open (2)\nis called.\n.EX\ntool "
      "\\-v\n.EE\n");
  CHECK(Prose(d) == "DESCRIPTION|Reads this and that\xE2\x80\x94quickly.|open(2) is called.");
  CHECK(InlineCode(d) == std::vector<std::string>{"this", "open"});
  CHECK(Code(d).find("tool") != std::string::npos);
  CHECK(Code(d).find("[file]") != std::string::npos);
  CHECK(Code(d).find("tool -v") != std::string::npos);
}

TEST_CASE("ReadMarkdown: fences, indented blocks after ::, inline code and links") {
  Document d = ReadMarkdown(
      "# Title\n\nUse `self` in a [method](http://x/y).\n\n```python\nself.x = 1\n```\n\n"
      "An example::\n\n    return self\n\nUse :func:`len` too.\n");
  CHECK(Prose(d) == "Title|Use self in a method.|An example:|Use len too.");
  CHECK(InlineCode(d) == std::vector<std::string>{"self", "len"});
  CHECK(Code(d) == "self.x = 1\n    return self\n\n");
}

TEST_CASE("ReadDebianDescriptions: one document a package, short description first") {
  std::vector<std::string> names, texts;
  ReadDebianDescriptions(
      "Package: a\nDescription-md5: 0\nDescription-en: tool for x\n Long text.\n .\n  * item "
      "one\n\n"
      "Package: b\nDescription-en: other\n",
      [&](std::string_view name, Document&& d) {
        names.emplace_back(name);
        texts.push_back(Prose(d));
      });
  CHECK(names == std::vector<std::string>{"a", "b"});
  CHECK(texts == std::vector<std::string>{"tool for x|Long text.|item one", "other"});
}

// ---- The whole step on the fixture ----

VocabularyOptions FixtureOptions(const std::string& out) {
  std::string data = std::string(QUARRY_SOURCE_DIR) + "/tests/tools/data/vocabulary";
  VocabularyOptions o;
  o.manifest = data + "/sources.tsv";
  o.packages_dir = data + "/packages";
  o.dictionary = data + "/dictionary.txt";
  o.out_dir = out;
  o.command = "quarry-vocabulary (test)";
  o.rebuild = "make vocabulary";
  LearnerOptions& l = o.learner;
  l.abbreviation_min_count = 2;
  l.numeronym_min_documents = 2;
  l.numeronym_min_count = 2;
  l.phrase_min_count = 3;
  l.min_term_count = 3;
  l.neighbour_min_count = 3;
  l.subsample = 0;
  l.dims = 8;
  l.min_similarity = 0.3;
  l.code_min_uses = 3;
  l.code_min_block_uses = 1;
  l.code_min_prose_uses = 1;
  l.code_min_lift = 0.1;
  l.term_min_documents = 1;
  return o;
}

// The entries of term_frequencies.txt ("term: documents"), in order, and its
// "# documents: N" (-1 when missing). A malformed line fails the test.
struct TermFrequencies {
  long documents = -1;
  std::vector<std::pair<std::string, long>> entries;
};

TermFrequencies ParseTermFrequencies(const std::string& text) {
  TermFrequencies out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    INFO(line);
    if (line.rfind("# documents: ", 0) == 0) {
      CHECK(out.documents == -1);
      CHECK(out.entries.empty());  // a header line
      out.documents = std::stol(line.substr(13));
      continue;
    }
    if (line.rfind("# ", 0) == 0) {  // a term may start with # ("#define: 151")
      CHECK(out.entries.empty());
      continue;
    }
    size_t colon = line.rfind(": ");
    REQUIRE(colon != std::string::npos);
    REQUIRE(colon > 0);
    std::string count = line.substr(colon + 2);
    REQUIRE(!count.empty());
    REQUIRE(count.find_first_not_of("0123456789") == std::string::npos);
    out.entries.emplace_back(line.substr(0, colon), std::stol(count));
  }
  return out;
}

long DocumentsOf(const TermFrequencies& t, const std::string& term) {
  for (const auto& [name, n] : t.entries) {
    if (name == term) return n;
  }
  return 0;
}

TEST_CASE("BuildVocabulary on the fixture: abbreviations, a numeronym, neighbours, code words") {
  testing::TempDir dir;
  Result<VocabularyReport> report = BuildVocabulary(FixtureOptions(dir.path()), nullptr);
  REQUIRE(report.ok());
  REQUIRE(report->sources.size() == 1);
  CHECK(report->sources[0].stats.files == 5);

  std::string abbreviations = Slurp(dir / "abbreviations.txt");
  INFO(abbreviations);
  // Defined in the text, in both orders and with a hyphen.
  CHECK(LineStarting(abbreviations, "xss, cross site scripting  # 3 of 3 definitions") != "");
  CHECK(LineStarting(abbreviations, "jwt, json web token  #") != "");
  CHECK(LineStarting(abbreviations, "wal, write ahead log  #") != "");
  CHECK(LineStarting(abbreviations, "csp, content security policy  #") != "");
  // A numeronym, found from the words of the documents it is in.
  CHECK(LineStarting(abbreviations, "k8s, kubernetes  #") != "");

  std::string neighbours = Slurp(dir / "neighbours.txt");
  INFO(neighbours);
  std::string typescript = LineStarting(neighbours, "typescript:");
  REQUIRE(typescript != "");
  CHECK(typescript.find(" javascript ") != std::string::npos);
  CHECK(typescript.find("vacuum") == std::string::npos);
  CHECK(typescript.find("postgresql") == std::string::npos);
  std::string postgresql = LineStarting(neighbours, "postgresql:");
  REQUIRE(postgresql != "");
  CHECK(postgresql.find("javascript") == std::string::npos);

  std::string code_words = Slurp(dir / "code_words.txt");
  INFO(code_words);
  CHECK(LineStarting(code_words, "this: ") != "");  // `this` in JavaScript, though a function word
  CHECK(LineStarting(code_words, "self: ") != "");
  CHECK(LineStarting(code_words, "the: ") == "");
  CHECK(LineStarting(code_words, "and: ") == "");

  // Term frequencies: of the fixture's 5 files, "server" is in 3 (the HTML
  // page, databases.md, k8s-notes.txt), "kubernetes" in 2, "vacuum" in 1.
  std::string frequencies_text = Slurp(dir / "term_frequencies.txt");
  INFO(frequencies_text);
  CHECK(report->learned.stats.documents == 5);
  CHECK(LineStarting(frequencies_text, "# documents: 5") == "# documents: 5");
  TermFrequencies frequencies = ParseTermFrequencies(frequencies_text);
  CHECK(frequencies.documents == 5);
  REQUIRE(frequencies.entries.size() > 50);
  CHECK(frequencies.entries.size() == report->term_frequencies);
  std::set<std::string> terms;
  for (size_t i = 0; i < frequencies.entries.size(); ++i) {
    const auto& [term, n] = frequencies.entries[i];
    INFO(term);
    CHECK(n >= 1);
    CHECK(n <= frequencies.documents);
    if (i > 0) CHECK(n <= frequencies.entries[i - 1].second);  // most first
    CHECK(term.find(' ') == std::string::npos);                // no phrases
    CHECK(terms.insert(term).second);                          // each term once
  }
  CHECK(DocumentsOf(frequencies, "server") == 3);
  CHECK(DocumentsOf(frequencies, "kubernetes") == 2);
  CHECK(DocumentsOf(frequencies, "vacuum") == 1);
  CHECK(DocumentsOf(frequencies, "server") >= DocumentsOf(frequencies, "vacuum"));
  CHECK(frequencies.entries[0].second >= DocumentsOf(frequencies, "server"));
  // Function words and common words are not terms.
  for (const char* word : {"the", "this", "with", "and"}) CHECK(!terms.count(word));

  std::string provenance = Slurp(dir / "PROVENANCE.md");
  CHECK(provenance.find("| term_frequencies.txt |") != std::string::npos);
  CHECK(provenance.find("| fixture-doc |") != std::string::npos);
  CHECK(provenance.find("make vocabulary") != std::string::npos);
  // corpus/ is indexed as a folder: PROVENANCE.md must not read as a bank.
  Result<Bank> as_bank = ReadBank(provenance, "PROVENANCE.md");
  REQUIRE(as_bank.ok());
  CHECK(as_bank->questions.empty());
}

TEST_CASE("BuildVocabulary: term frequencies keep the terms in the most documents") {
  testing::TempDir all, some;
  VocabularyOptions o = FixtureOptions(all.path());
  REQUIRE(BuildVocabulary(o, nullptr).ok());
  TermFrequencies every = ParseTermFrequencies(Slurp(all / "term_frequencies.txt"));
  o.out_dir = some.path();
  o.learner.term_min_documents = 2;
  o.learner.max_term_frequencies = 10;
  Result<VocabularyReport> report = BuildVocabulary(o, nullptr);
  REQUIRE(report.ok());
  std::string text = Slurp(some / "term_frequencies.txt");
  INFO(text);
  CHECK(text.find("at least 2 documents, at most 10 of them") != std::string::npos);
  TermFrequencies capped = ParseTermFrequencies(text);
  CHECK(capped.documents == every.documents);
  REQUIRE(capped.entries.size() == 10);
  for (size_t i = 0; i < capped.entries.size(); ++i) {
    CHECK(capped.entries[i].second >= 2);
    CHECK(capped.entries[i] == every.entries[i]);  // the same order, cut short
  }
  // With the default threshold (20 documents), the fixture's 5 have none.
  o.out_dir = some / "default";
  o.learner.term_min_documents = LearnerOptions().term_min_documents;
  REQUIRE(BuildVocabulary(o, nullptr).ok());
  TermFrequencies none = ParseTermFrequencies(Slurp(some / "default/term_frequencies.txt"));
  CHECK(none.documents == 5);
  CHECK(none.entries.empty());
}

TEST_CASE("BuildVocabulary is reproducible: the same text gives the same files") {
  testing::TempDir a, b;
  VocabularyOptions oa = FixtureOptions(a.path()), ob = FixtureOptions(b.path());
  ob.learner.threads = 1;  // threads split the work, they do not change it
  REQUIRE(BuildVocabulary(oa, nullptr).ok());
  REQUIRE(BuildVocabulary(ob, nullptr).ok());
  for (const char* name :
       {"abbreviations.txt", "neighbours.txt", "code_words.txt", "term_frequencies.txt"}) {
    INFO(name);
    CHECK(Slurp(a / name) == Slurp(b / name));
    CHECK(!Slurp(a / name).empty());
  }
}

TEST_CASE("BuildVocabulary: a bad manifest names its file and line") {
  testing::TempDir dir;
  std::string manifest = dir.Write("sources.tsv", "# comment\nonly-two\tcolumns\n");
  VocabularyOptions o = FixtureOptions(dir / "out");
  o.manifest = manifest;
  Result<VocabularyReport> report = BuildVocabulary(o, nullptr);
  REQUIRE_FALSE(report.ok());
  CHECK(report.status().message().find("sources.tsv:2:") != std::string::npos);
}

}  // namespace
}  // namespace quarry::vocabulary
