// Learns the vocabulary of a body of technical text: abbreviations and their
// expansions, terms that belong together, English words that are used as
// code, and how many documents use each term. Feed it Documents
// (document.h), then Finish().
//
// Words are cut by quarry::Analyzer, the indexer's, and counted by their
// stems (Analyzer::Stem), so "serializer" and "serializers" are one term,
// shown by its most frequent form. Function words (core/function_words.h),
// common English words with little meaning of their own and tokens without
// letters never become terms. A block or a sentence seen before (navigation,
// boilerplate, a description shared by several packages) is read once.
//
// Not thread-safe; Finish() uses `threads` threads of its own.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

#include "tools/vocabulary/document.h"

namespace quarry::vocabulary {

struct LearnerOptions {
  // Abbreviations: a pair is kept when defined in at least `abbreviation_min_count`
  // distinct sentences and by at least `abbreviation_min_share` of its short
  // form's definitions (so one short form may keep several expansions).
  size_t abbreviation_min_count = 3;
  double abbreviation_min_share = 0.2;
  // Numeronyms (i18n): a word spelled by one is its expansion when both are in
  // at least `numeronym_min_documents` documents, and in at least
  // `numeronym_min_share` of the numeronym's documents.
  size_t numeronym_min_documents = 2;
  double numeronym_min_share = 0.05;
  size_t numeronym_min_count = 3;  // uses of the numeronym

  // Two-word phrases: adjacent content words seen `phrase_min_count` times,
  // with normalised PMI at least `phrase_min_npmi`.
  size_t phrase_min_count = 40;
  double phrase_min_npmi = 0.45;
  size_t max_phrases = 40000;

  // Word vectors: terms seen `min_term_count` times (at most
  // `max_vocabulary`, the most frequent), co-occurring within `window` terms
  // of a sentence (weight 1/distance), frequent terms subsampled word2vec's way
  // (threshold `subsample`, 0 for none), PPMI with context smoothing `alpha`,
  // SVD (embedding.h).
  size_t min_term_count = 20;
  size_t max_vocabulary = 60000;
  size_t window = 5;
  double subsample = 1e-4;
  double alpha = 0.75;
  size_t dims = 200;
  int power_iterations = 3;
  uint64_t seed = 20030101;

  // Neighbours: for the `max_targets` most frequent terms seen at least
  // `neighbour_min_count` times, the `neighbours` most similar such terms with
  // cosine similarity at least `min_similarity`. A neighbour that shares a word
  // with its term ("git" and "git repository") is left out.
  size_t neighbour_min_count = 30;
  size_t max_targets = 30000;
  size_t neighbours = 10;
  double min_similarity = 0.45;

  // Code words: a word of the dictionary or a function word (every word when
  // the dictionary is empty) is technical when its uses as code -- inside
  // inline code, or written `word(` / `word.x` in prose -- number at least
  // `code_min_uses`, it is used in code blocks at least `code_min_block_uses`
  // times and in prose at least `code_min_prose_uses` times (it is English
  // too), and its lift is at least `code_min_lift`: its frequency among the
  // tokens of inline code over its frequency among the tokens of prose. "the",
  // "of", "is" are rare in inline code (lift 0.03 at most on Debian's text);
  // "this" (0.08), "from" (0.55), "self" (14) are not.
  size_t code_min_uses = 100;
  size_t code_min_block_uses = 40;
  size_t code_min_prose_uses = 100;
  double code_min_lift = 0.07;

  // Term frequencies: every term of one word (or one compound, "node.js")
  // that is in at least `term_min_documents` documents, at most
  // `max_term_frequencies` of them, those in the most documents. A document
  // counts a term when a sentence it gives the learner has it: a block or a
  // sentence read before (in this document or another) is not read again.
  size_t term_min_documents = 20;
  size_t max_term_frequencies = 60000;

  int threads = 2;
};

struct AbbreviationEntry {
  std::string short_form;         // normalised: "xss"
  std::string long_form;          // the expansion's words, normalised, one space apart
  uint32_t count = 0;             // sentences (or, for a numeronym, documents) that show the pair
  uint32_t short_form_total = 0;  // all definitions (documents) of the short form
  bool numeronym = false;
};

struct NeighbourEntry {
  std::string term;
  uint64_t count = 0;
  std::vector<std::pair<std::string, float>> neighbours;
};

struct CodeWordEntry {
  std::string word;
  uint64_t prose = 0;      // uses in prose as a word
  uint64_t as_code = 0;    // uses in inline code, or as word( / word.x in prose
  uint64_t in_blocks = 0;  // uses in code blocks (not in comments or strings)
  double share = 0;        // as_code / (as_code + prose)
  double lift = 0;         // frequency in inline code / frequency in prose
};

struct TermFrequencyEntry {
  std::string term;        // the most frequent form of the term's stem
  uint32_t documents = 0;  // documents that have it
};

struct LearnerStats {
  uint64_t documents = 0;  // documents that gave at least one term
  uint64_t blocks = 0, duplicate_blocks = 0, code_blocks = 0;
  uint64_t sentences = 0, duplicate_sentences = 0;
  uint64_t tokens = 0, content_tokens = 0;
  uint64_t prose_tokens = 0, inline_code_tokens = 0;  // of unique sentences
  uint64_t definitions = 0;                           // short form / long form pairs seen
  size_t distinct_terms = 0, phrases = 0, vocabulary = 0, targets = 0;
  uint64_t cooccurrence_cells = 0, ppmi_cells = 0;
  size_t dims = 0;
  double seconds_phrases = 0, seconds_cooccurrence = 0, seconds_svd = 0, seconds_neighbours = 0;
};

struct LearnedVocabulary {
  std::vector<AbbreviationEntry> abbreviations;  // by short form, then count
  std::vector<NeighbourEntry> neighbours;        // by term
  std::vector<CodeWordEntry> code_words;         // by lift, descending
  // Of stats.documents; by documents, descending, then by term.
  std::vector<TermFrequencyEntry> term_frequencies;
  LearnerStats stats;
};

class Learner {
 public:
  // `dictionary`: English words (normalised) that may be code words.
  Learner(const LearnerOptions& options, std::unordered_set<std::string> dictionary);
  ~Learner();
  Learner(const Learner&) = delete;
  Learner& operator=(const Learner&) = delete;

  void Add(const Document& doc);
  // Sentences and tokens taken so far (for a source's share of the corpus).
  uint64_t sentences() const;
  uint64_t tokens() const;

  // Learns from everything added. Call once.
  LearnedVocabulary Finish();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace quarry::vocabulary
