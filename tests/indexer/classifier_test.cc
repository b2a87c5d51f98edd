#include "indexer/classifier.h"

#include <catch2/catch.hpp>

using quarry::Analyzer;
using quarry::Question;
using quarry::QuestionClassifier;

namespace {

Question Q(std::string text, std::string section = "") {
  Question q;
  q.text = std::move(text);
  q.section = std::move(section);
  return q;
}

constexpr char kTypes[] =
    "# comment\n"
    "comparison: vs, difference between\n"
    "how-to: ^how do you, implement\n"
    "definition: ^what is, ^explain\n";

constexpr char kTopics[] =
    "Python: python, gil, global interpreter lock, *args\n"
    "Django: django, select_related\n"
    "Caching: cache\n";

}  // namespace

TEST_CASE("a question gets the first type whose phrase it contains", "[classifier]") {
  Analyzer analyzer;
  QuestionClassifier c(analyzer);
  REQUIRE(c.AddTypes(kTypes, "types.txt").ok());
  CHECK(c.TypeOf(Q("select_related vs prefetch_related.")) == "comparison");
  CHECK(c.TypeOf(Q("Differences between list and tuple?")) == "comparison");  // stems match
  CHECK(c.TypeOf(Q("How do you implement a cache?")) == "how-to");
  CHECK(c.TypeOf(Q("What is a deadlock vs a livelock?")) == "comparison");    // file order wins
  CHECK(c.TypeOf(Q("What is a metaclass?")) == "definition");
  CHECK(c.TypeOf(Q("So what is it?")) == "other");                            // ^ anchors at the start
  CHECK(c.TypeOf(Q("Circuit breaker pattern.")) == "other");
}

TEST_CASE("a question gets every topic its text or section mentions", "[classifier]") {
  Analyzer analyzer;
  QuestionClassifier c(analyzer);
  REQUIRE(c.AddTopics(kTopics, "topics.txt").ok());
  CHECK(c.TopicsOf(Q("Explain the global interpreter lock in Django.")) ==
        std::vector<std::string>{"Python", "Django"});
  CHECK(c.TopicsOf(Q("Why use select_related?")) == std::vector<std::string>{"Django"});
  CHECK(c.TopicsOf(Q("Difference between *args and **kwargs.")) == std::vector<std::string>{"Python"});
  CHECK(c.TopicsOf(Q("Invalidation strategies.", "Caching Deep Dive")) == std::vector<std::string>{"Caching"});
  CHECK(c.TopicsOf(Q("When do caches go stale?")) == std::vector<std::string>{"Caching"});
  CHECK(c.TopicsOf(Q("A lock on the interpreter.")).empty());  // a phrase is word for word
}

TEST_CASE("without data files every question is of type other, with no topics", "[classifier]") {
  Analyzer analyzer;
  QuestionClassifier c(analyzer);
  CHECK(c.TypeOf(Q("What is a GIL?")) == "other");
  CHECK(c.TopicsOf(Q("What is a GIL?")).empty());
}

TEST_CASE("malformed type and topic files are errors naming file and line", "[classifier]") {
  Analyzer analyzer;
  QuestionClassifier c(analyzer);
  auto msg = [&](const char* text) { return c.AddTopics(text, "topics.txt").message(); };
  CHECK(msg("Python: python\nno colon here\n") == "topics.txt:2: expected \"label: phrase, phrase, ...\"");
  CHECK(msg(": python\n") == "topics.txt:1: a label before the colon is missing");
  CHECK(msg("Python: , ,\n") == "topics.txt:1: label \"Python\" has no phrases");
  CHECK(msg("Python: python, ???\n") == "topics.txt:1: the phrase \" ???\" has no words");
  CHECK(msg("Caf\xC3: x\n") == "topics.txt:1: invalid UTF-8");
}
