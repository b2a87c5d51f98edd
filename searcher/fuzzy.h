// Typo tolerance: the index's words within a small edit distance of a word
// that the index does not know. Xapian 1.4 has no fuzzy operator, so the
// candidates come from its term list.
#pragma once

#include <xapian.h>

#include <string>
#include <string_view>
#include <vector>

namespace quarry {

// Optimal-string-alignment distance between a and b (insertions, deletions,
// substitutions and swaps of neighbours each cost 1), or max + 1 as soon as
// it must exceed `max`. Counts bytes.
unsigned EditDistance(std::string_view a, std::string_view b, unsigned max);

// Unprefixed single words of `db` (letters only) within `max` edits of
// `word` (Ranking::FuzzyEdits says how many), sharing its first letter,
// most frequent first, at most `limit`; none for a max of 0.
std::vector<std::string> FuzzyCandidates(const Xapian::Database& db, const std::string& word, unsigned max,
                                         size_t limit);

}  // namespace quarry
