// Function words: how, is, the, ... They carry little meaning alone, so a
// query uses them only to boost, and near-duplicate detection ignores them.
#pragma once

#include <string_view>

namespace quarry {

// True for a normalised function word ("how", "is", "the", "vs").
bool IsFunctionWord(std::string_view word);

}  // namespace quarry
