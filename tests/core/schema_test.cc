// The schema's term makers: every term fits Xapian's limit, and a long one
// keeps a stable form that index and query time agree on.
#include "core/schema.h"

#include <catch2/catch.hpp>
#include <string>

namespace schema = quarry::schema;

TEST_CASE("a term that fits is kept as it is", "[schema]") {
  CHECK(schema::FitTerm("select_related") == "select_related");
  const std::string at_limit(schema::kMaxTermBytes, 'x');
  CHECK(schema::FitTerm(at_limit) == at_limit);
  CHECK(schema::Prefixed(schema::kId, "python-core/1") == "Qpython-core/1");
  CHECK(schema::FacetTerm(schema::kSectionFacet, "Django ORM / Database") == "XSdjango-orm-database");
}

TEST_CASE("a term too long is cut, with a hash of the whole, and always fits", "[schema]") {
  const std::string word(300, 'a');
  const std::string fitted = schema::FitTerm("Z" + word);
  CHECK(fitted.size() == schema::kMaxTermBytes);
  CHECK(fitted.rfind("Zaaaa", 0) == 0);
  CHECK(fitted[schema::kMaxTermBytes - 1 - schema::kTermHashDigits] == schema::kTermHashMark);
  // Stable, so index and query time agree.
  CHECK(schema::FitTerm("Z" + word) == fitted);
  CHECK(schema::Prefixed(schema::kStemmed, word) == fitted);
  // Two long terms alike up to the cut stay apart.
  CHECK(schema::FitTerm("Z" + word + "b") != fitted);
  CHECK(schema::FitTerm("Z" + word + "b").size() == schema::kMaxTermBytes);
}

TEST_CASE("a long term is cut on a UTF-8 character boundary", "[schema]") {
  std::string word;
  while (word.size() < 400) word += "\xD0\xB4\xE5\xB8\xB8";  // д (2 bytes) 常 (3 bytes)
  for (size_t skew = 0; skew < 5; ++skew) {
    const std::string term = schema::FitTerm(std::string(skew, 'x') + word);
    INFO(skew);
    CHECK(term.size() <= schema::kMaxTermBytes);
    const size_t mark = term.size() - 1 - schema::kTermHashDigits;
    CHECK(term[mark] == schema::kTermHashMark);
    // The byte at the cut starts a character: what precedes the mark is whole.
    const std::string kept = term.substr(0, mark);
    CHECK(word.find(kept.substr(skew)) == 0);
    // Whole pairs of д常, or a д after them: never part of a character.
    const size_t whole = (kept.size() - skew) % 5;
    CHECK((whole == 0 || whole == 2));
  }
}

TEST_CASE("synonym and concept keys fit too", "[schema]") {
  const std::string words(300, 'w');
  CHECK(schema::SynonymKey("gil") == "gil");
  CHECK(schema::SynonymKey(words).size() == schema::kMaxTermBytes);
  CHECK(schema::ConceptKey(words).size() == schema::kMaxTermBytes);
  CHECK(schema::ConceptKey(words).rfind(std::string(schema::kConceptKey), 0) == 0);
  CHECK(schema::ConceptGroupKey("locking") == "~~locking");
}
