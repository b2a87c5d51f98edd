// Near-duplicates: the same question asked in several places of a bank
// ("Circuit breaker pattern." in two sections; "Explain GIL clearly." and
// "Explain GIL with a practical example."). Two questions are the same when
// the stems of their words are the same set, leaving out function words and
// the filler words of corpus/filler_words.txt.
#pragma once

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/analyzer.h"
#include "core/question.h"
#include "core/status.h"

namespace quarry {

// Adds the words of a filler-words file (commas or lines between words,
// '#' comments) to `fillers`, as stems.
Status ParseFillerWords(std::string_view content, const std::string& file_name, const Analyzer& analyzer,
                        std::set<std::string>& fillers);

// The key two questions share when they ask the same: their content stems,
// sorted, space-separated; empty for a question of filler words only.
std::string DuplicateKey(const Question& question, const Analyzer& analyzer, const std::set<std::string>& fillers);

// What an update knows of the keys from before (see MarkNearDuplicates).
struct KnownDuplicates {
  // Per question: its duplicate_base and duplicate_key are those it had,
  // and its text, answer and the filler words are unchanged since.
  std::vector<bool> known;
  // The duplicate_base of every question removed or changed since.
  std::set<std::string> changed_bases;
};

// Sets every question's duplicate_base, duplicate_key and also_in (the
// others with its key). Questions whose texts share a key over different
// answers are told apart by their answers' words (a generic "What will
// this code print?"). With `known`, the keys of a group no question joined
// or left are kept as they were, which is what they would be again.
void MarkNearDuplicates(std::vector<Question>& questions, const Analyzer& analyzer,
                        const std::set<std::string>& fillers, const KnownDuplicates* known = nullptr);

}  // namespace quarry
