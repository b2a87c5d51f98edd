// A question as a Xapian document: its terms (every field through the one
// Analyzer), facet values, slots and stored data; and the words it offers
// the spelling table. BuildIndex and UpdateIndex both make documents here.
#pragma once

#include <xapian.h>

#include <cstdint>
#include <string>
#include <unordered_map>

#include "core/analyzer.h"
#include "core/question.h"
#include "core/status.h"

namespace quarry {

// The words offered as spelling corrections: every word of a question's
// text, section or tags, and the words of bodies seen at least twice in the
// bank. A word found once in one long body is more often a name, a version
// or a typo than a word anyone searches for, and each costs the build a
// dozen spelling-table entries (Debian bench corpus: 79,000 distinct words,
// 47,000 kept).
//
// The counts are kept in the index (schema::kMetaSpellingCounts), so that an
// update can take a question's words out again and keep the table exactly
// what a full build of the new questions would make.
class SpellingWords {
 public:
  // One use of `word`; `headline`: in a question's text, section or tag.
  void Add(const std::string& word, bool headline) { Adjust(word, 1, headline ? 1 : 0); }
  // Adds (sign +1) or takes out (sign -1) every use `other` counted.
  void Apply(const SpellingWords& other, int sign);

  // How often the table offers `word` (0: not offered): of two corrections
  // as near, Xapian offers the more frequent ("packae": "package", not the
  // "packag" typo of one description).
  Xapian::termcount Frequency(const std::string& word) const;

  // Each offered word with its frequency.
  template <typename Visit>
  void ForEachKept(Visit visit) const {
    for (const auto& [word, seen] : seen_) {
      if (Kept(seen)) visit(word, seen.times);
    }
  }
  // Each word counted, offered or not.
  template <typename Visit>
  void ForEachWord(Visit visit) const {
    for (const auto& [word, seen] : seen_) visit(word);
  }

  std::string Serialize() const;
  // Corruption when `stored` is not what Serialize wrote.
  static Result<SpellingWords> Parse(const std::string& stored);

 private:
  struct Seen {
    int64_t times = 0;
    int64_t headline_times = 0;
  };
  static bool Kept(const Seen& seen) { return seen.headline_times > 0 || seen.times >= 2; }
  void Adjust(const std::string& word, int64_t times, int64_t headline_times);
  std::unordered_map<std::string, Seen> seen_;
};

// The Xapian document of question `q` at position `order` of the bank
// (kSlotOrder: strictly increasing in bank order); adds the words worth
// suggesting to `spellings`.
Xapian::Document MakeDocument(const Analyzer& analyzer, const Question& q, double order,
                              SpellingWords& spellings);

}  // namespace quarry
