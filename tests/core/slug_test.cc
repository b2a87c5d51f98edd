// Unit tests of the small core modules: slugs, UTF-8 validation and the
// document data of a question.
#include "core/slug.h"

#include <catch2/catch.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/question.h"
#include "core/utf8.h"

using quarry::FindInvalidUtf8;
using quarry::Question;
using quarry::Slugify;
using quarry::ToValidUtf8;

namespace {

const std::string kReplacement = "\xEF\xBF\xBD";  // U+FFFD

struct SlugRow {
  std::string title;
  std::string slug;
};

const std::vector<SlugRow>& SlugTable() {
  static const std::vector<SlugRow> table = {
      {"Django ORM / Database", "django-orm-database"},
      {"Production & Real-World Scenarios (Very Important)",
       "production-real-world-scenarios-very-important"},
      {"Python Core", "python-core"},
      {"Advanced Python / Design", "advanced-python-design"},
      {"REST API (DRF)", "rest-api-drf"},
      {"MySQL 8.0", "mysql-8-0"},
      {"  --Leading and trailing--  ", "leading-and-trailing"},
      {"Tabs\tand\nnewlines", "tabs-and-newlines"},
      {"x", "x"},
      {"42", "42"},
      // Every script keeps its letters and digits, lower-cased.
      {"常见问题", "常见问题"},
      {"JavaScript 基础 / 闭包", "javascript-基础-闭包"},
      {"Основы Go", "основы-go"},
      {"Ärger mit Ünicode", "ärger-mit-ünicode"},
      {"हिन्दी प्रश्न", "हिन्दी-प्रश्न"},  // combining vowel signs stay
      {"Ｆｕｌｌ　ｗｉｄｔｈ！", "ｆｕｌｌ-ｗｉｄｔｈ"},
      {"🚀 Deploy 🚀", "deploy"},
  };
  return table;
}

}  // namespace

TEST_CASE("Slugify lower-cases and joins words with one dash", "[slug]") {
  for (const SlugRow& row : SlugTable()) {
    INFO("title: " << row.title);
    CHECK(Slugify(row.title) == row.slug);
  }
}

TEST_CASE("Slugify is idempotent on slugs", "[slug]") {
  for (const SlugRow& row : SlugTable()) {
    INFO("slug: " << row.slug);
    CHECK(Slugify(row.slug) == row.slug);
    CHECK(Slugify(Slugify(row.title)) == Slugify(row.title));
  }
}

TEST_CASE("Slugify of empty or symbol-only text is empty", "[slug]") {
  for (std::string title : {"", " ", "---", "&&& / ()", "***", "__", "\t\n", "🎉✨", "\xFF\xFE", "。、"}) {
    INFO("title: [" << title << "]");
    CHECK(Slugify(title) == "");
  }
}

TEST_CASE("FindInvalidUtf8 accepts valid text", "[utf8]") {
  for (std::string text : {"", "abc", "héllo", "Ｄｊａｎｇｏ", "数据库", "emoji \xF0\x9F\x98\x80",
                           "\xEF\xBB\xBF"
                           "bom",
                           "max \xF4\x8F\xBF\xBF"}) {
    INFO("text: " << text);
    CHECK_FALSE(FindInvalidUtf8(text).has_value());
  }
}

TEST_CASE("FindInvalidUtf8 gives the offset of the first bad sequence", "[utf8]") {
  struct Row {
    std::string what;
    std::string text;
    size_t offset;
  };
  for (const Row& row : std::vector<Row>{
           {"lone continuation byte", "\x80", 0},
           {"0xFF", "ab\xFF", 2},
           {"truncated 2-byte at end", "ab\xC3", 2},
           {"truncated 3-byte",
            "\xE2\x82"
            "x",
            0},
           {"truncated 4-byte", "a\xF0\x9F\x98", 1},
           {"truncated then valid", "ok\xE2\x82 \xC3\xA9", 2},
           {"overlong '/' in 2 bytes", "\xC0\xAF", 0},
           {"overlong in 2 bytes (C1)", "x\xC1\xBF", 1},
           {"overlong in 3 bytes", "ab\xE0\x80\xAF", 2},
           {"overlong in 4 bytes", "\xF0\x80\x80\xAF", 0},
           {"high surrogate", "\xED\xA0\x80", 0},
           {"low surrogate after text", "ok\xED\xBF\xBF", 2},
           {"beyond U+10FFFF", "\xF4\x90\x80\x80", 0},
           {"first of two errors", "é\xFF\xFF", 2},
       }) {
    INFO(row.what);
    CHECK(FindInvalidUtf8(row.text) == std::optional<size_t>(row.offset));
  }
}

TEST_CASE("ToValidUtf8 replaces invalid sequences with U+FFFD", "[utf8]") {
  CHECK(ToValidUtf8("abc") == "abc");
  CHECK(ToValidUtf8("héllo 数据") == "héllo 数据");
  CHECK(ToValidUtf8("") == "");
  CHECK(ToValidUtf8("ab\xFF"
                    "cd") == "ab" + kReplacement + "cd");
  // A truncated sequence is one maximal ill-formed subpart: one U+FFFD.
  CHECK(ToValidUtf8("ab\xE2\x82") == "ab" + kReplacement);
  CHECK(ToValidUtf8("\xF0\x9F\x98"
                    "x") == kReplacement + "x");
}

TEST_CASE("ToValidUtf8 output is always valid", "[utf8]") {
  for (std::string text :
       {"\xC0\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\x80\x80", "a\xC3", "\xFF\xFE", "ok"}) {
    std::string fixed = ToValidUtf8(text);
    INFO("fixed: " << fixed);
    CHECK_FALSE(FindInvalidUtf8(fixed).has_value());
    CHECK((fixed.find(kReplacement) != std::string::npos || fixed == text));
  }
}

TEST_CASE("SerializeQuestion round-trips through DeserializeQuestion", "[question]") {
  Question q;
  q.id = "django-orm-database/2";
  q.part = "Python, Django — Part 1";
  q.section = "Django ORM / Database";
  q.number = 2;
  q.text = "select_related vs \"prefetch_related\".\n数据库";
  q.body = "line one\nline two";
  q.tags = {"orm", "n+1"};
  q.source = "bank.md:93";

  Question back;
  REQUIRE(quarry::DeserializeQuestion(quarry::SerializeQuestion(q), back));
  CHECK(back.id == q.id);
  CHECK(back.part == q.part);
  CHECK(back.section == q.section);
  CHECK(back.number == q.number);
  CHECK(back.text == q.text);
  CHECK(back.body == q.body);
  CHECK(back.tags == q.tags);
  CHECK(back.source == "");  // where a question came from is not stored
}

TEST_CASE("DeserializeQuestion fills missing optional fields with defaults", "[question]") {
  Question q;
  q.part = "stale";
  q.number = 9;
  q.tags = {"stale"};
  REQUIRE(quarry::DeserializeQuestion(R"({"id": "x/1", "text": "t"})", q));
  CHECK(q.id == "x/1");
  CHECK(q.text == "t");
  CHECK(q.part == "");
  CHECK(q.number == 0);
  CHECK(q.tags.empty());
}

TEST_CASE("DeserializeQuestion rejects what SerializeQuestion did not write", "[question]") {
  for (std::string data :
       {"", "garbage", "{", "[1, 2]", "\"x\"", "42", "null", "{}", R"({"text": "no id"})",
        R"({"id": 5})", R"({"id": "x/1", "number": "3"})", R"({"id": "x/1", "tags": "orm"})",
        R"({"id": "x/1", "tags": [1]})"}) {
    INFO("data: " << data);
    Question q;
    CHECK_FALSE(quarry::DeserializeQuestion(data, q));
  }
}
