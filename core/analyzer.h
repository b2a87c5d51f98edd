// Text analysis shared by the indexer and the searcher, so that a word is
// cut, normalised and stemmed the same way at index and at query time.
//
// Tokenize() splits text at white space into runs, trims sentence
// punctuation around each run, and cuts the run into words with ICU's word
// break rules (further split at '_', '.' and ':'). Every word is NFKC
// case-folded. A run that is more than one plain word -- `select_related`,
// `transaction.atomic`, `C++`, `*args`, `N+1`, `I/O`, `exists()` -- becomes
// one compound Token that keeps the run as written (normalised) and lists
// its words as parts, so it is findable both as written and by its parts.
// Runs of operator symbols (`==`, `!=`, `->`) are compounds with no parts.
//
// Thread safety: an Analyzer is not thread-safe (ICU break iterators and
// Xapian stemmers keep state); give each thread its own.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace quarry {

struct Token {
  std::string text;                // normalised run: "select_related", "deadlock"
  std::vector<std::string> parts;  // normalised words in order; {text} for a plain word
  bool compound = false;           // text is not just one plain word
  uint32_t position = 0;           // term position of the first part (from 1)
  size_t begin = 0, end = 0;       // byte range of the run in the analysed text

  // Positions this token takes up: one per part, at least one.
  uint32_t width() const { return parts.empty() ? 1 : static_cast<uint32_t>(parts.size()); }
};

struct AnalyzerOptions {
  // A Snowball stemmer name known to Xapian ("english", "none" to disable).
  std::string stemmer = "english";
  // Runs longer than this many bytes are indexed by their parts only.
  size_t max_compound_bytes = 64;
};

class Analyzer {
 public:
  explicit Analyzer(const AnalyzerOptions& options = AnalyzerOptions());
  ~Analyzer();
  Analyzer(const Analyzer&) = delete;
  Analyzer& operator=(const Analyzer&) = delete;

  // Tokens of `text` (UTF-8; invalid bytes count as U+FFFD) in order, with
  // positions counted from `first_position`.
  std::vector<Token> Tokenize(std::string_view text, uint32_t first_position = 1) const;

  // NFKC case folding of a whole string ("Ｄｊａｎｇｏ" -> "django").
  std::string Normalize(std::string_view text) const;

  // The stem of a normalised word, or "" when the word is not stemmed
  // (it has a digit or a symbol, or stemming is off).
  std::string Stem(const std::string& word) const;

  // The tokens' stems (a compound or an unstemmed word as it is) joined by
  // one space: the key "refresh tokens" and "refresh token" share.
  std::string StemmedKey(const std::vector<Token>& tokens) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace quarry
