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

// The edits a word of this many bytes may carry, the rule Meilisearch and
// Typesense use: none under 4, one for 4 to 7, two from 8 on.
unsigned AllowedTypos(size_t word_bytes);

// Unprefixed single words of `db` (letters only) within AllowedTypos(word)
// of `word`, sharing its first letter, most frequent first, at most `limit`.
std::vector<std::string> FuzzyCandidates(const Xapian::Database& db, const std::string& word, size_t limit);

}  // namespace quarry
