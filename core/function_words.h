// Function words: how, is, the, ... They carry little meaning alone, so a
// query uses them only to boost, and near-duplicate detection ignores them.
#pragma once

#include <string_view>

namespace quarry {

// True for a normalised function word ("how", "is", "the", "vs").
bool IsFunctionWord(std::string_view word);

// True for a function word or another common English word that says how a
// sentence goes rather than what it is about ("between", "however",
// "itself"): the vocabulary step never makes one a term, and a query's or a
// question's such words only boost, unless the word is code the query is
// about (QueryBuilder).
bool IsCommonWord(std::string_view word);

}  // namespace quarry
