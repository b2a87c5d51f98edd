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

// Common English words beyond those: they say how a sentence goes, not
// what it is about (between, however, every, itself...). Sorted.
constexpr std::string_view kCommonWords[] = {
    "above", "across", "after", "again", "against", "all", "almost", "along", "already", "also",
    "although", "always", "among", "another", "any", "anyone", "anything", "aren't", "around",
    "away", "back", "became", "because", "become", "becomes", "before", "behind", "being", "below",
    "beside", "besides", "between", "beyond", "both", "but", "can't", "cannot", "didn't", "doesn't",
    "doing", "don't", "done", "down", "during", "e.g", "each", "eg", "eight", "either", "else",
    "elsewhere", "enough", "etc", "etc.", "even", "ever", "every", "few", "first", "five", "four",
    "further", "had", "has", "have", "having", "he", "her", "here", "hers", "herself", "him",
    "himself", "his", "however", "i.e", "ie", "indeed", "instead", "isn't", "it's", "itself",
    "just", "least", "less", "let's", "like", "many", "may", "might", "mine", "more", "moreover",
    "most", "mostly", "much", "must", "myself", "namely", "neither", "never", "nevertheless",
    "nine", "no", "nobody", "none", "nor", "not", "nothing", "now", "off", "often", "once", "one",
    "only", "onto", "other", "others", "otherwise", "ours", "ourselves", "out", "over", "own",
    "per", "perhaps", "please", "quite", "rather", "really", "same", "second", "seven", "several",
    "shall", "she", "since", "six", "some", "somehow", "someone", "something", "sometimes",
    "somewhat", "still", "such", "ten", "than", "that's", "theirs", "them", "themselves", "thence",
    "there", "there's", "thereby", "therefore", "these", "they", "third", "those", "though",
    "three", "through", "throughout", "thus", "together", "too", "toward", "towards", "two",
    "under", "unless", "until", "up", "upon", "us", "very", "via", "we're", "well", "whatever",
    "whenever", "whereas", "whether", "while", "who", "whoever", "whole", "whom", "whose", "with",
    "within", "without", "won't", "yet", "you're", "your", "yours", "yourself", "yourselves",
};

}  // namespace

bool IsCommonWord(std::string_view word) {
  return std::binary_search(std::begin(kCommonWords), std::end(kCommonWords), word) || IsFunctionWord(word);
}

bool IsFunctionWord(std::string_view word) {
  return std::binary_search(std::begin(kFunctionWords), std::end(kFunctionWords), word);
}

}  // namespace quarry
