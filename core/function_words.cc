#include "core/function_words.h"

#include <algorithm>
#include <iterator>

namespace quarry {
namespace {

// Sorted, for binary search.
constexpr std::string_view kFunctionWords[] = {
    "a",    "about", "am",    "an",    "and",  "are",  "as",    "at",    "be",    "been", "by",
    "can",  "could", "did",   "do",    "does", "for",  "from",  "how",   "i",     "if",   "in",
    "into", "is",    "it",    "its",   "me",   "my",   "of",    "on",    "or",    "our",  "should",
    "so",   "that",  "the",   "their", "then", "this", "to",    "vs",    "was",   "we",   "were",
    "what", "when",  "where", "which", "why",  "will", "would", "you"};

}  // namespace

bool IsFunctionWord(std::string_view word) {
  return std::binary_search(std::begin(kFunctionWords), std::end(kFunctionWords), word);
}

}  // namespace quarry
