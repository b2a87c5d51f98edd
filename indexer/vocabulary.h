// The vocabulary of software engineering that `make vocabulary` learned
// from Debian's documentation (corpus/vocabulary/, its PROVENANCE.md):
// what Quarry knows of a field before a bank brings any list of its own.
//
//   abbreviations.txt  "xss, cross site scripting"   synonyms (two-way)
//   neighbours.txt     "lasso: ridge 0.78, l1 0.73"  terms that belong together
//   code_words.txt     "self: 13.660"                words that are names in code
//   term_frequencies.txt "server: 4956"            in how many documents a term is
//
// An index takes of it only what can matter to its banks: an abbreviation
// whose short or long form the banks have, a term's neighbours that the
// banks have (the term itself may be missing: it is what a user types).
// The corpus's hand-written synonyms.txt and concepts.txt override it: a
// term they define keeps their meaning only.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/analyzer.h"
#include "core/question.h"
#include "core/status.h"
#include "indexer/synonyms.h"

namespace quarry {

struct LearnedNeighbour {
  std::string term;  // normalised (SynonymKey)
  double similarity = 0;
};

struct Vocabulary {
  SynonymTable abbreviations;  // key -> its expansions or short forms
  // A term's stemmed key (Analyzer::StemmedKey) -> the term as written and
  // its neighbours, best first.
  struct Entry {
    std::string term;
    std::vector<LearnedNeighbour> neighbours;
  };
  std::map<std::string, Entry> neighbours;
  std::map<std::string, double> code_words;  // word -> lift (code over prose)
  // A term's stemmed key -> in how many of `documents` documents it is.
  std::map<std::string, uint64_t> term_documents;
  uint64_t documents = 0;
  std::vector<std::string> files;            // what was read
};

// Reads the three files of `dir`; a missing file is an empty part, a bad
// line an error naming file and line.
Result<Vocabulary> LoadVocabulary(const std::string& dir, const Analyzer& analyzer);

// The words of the banks, each as its stem (or as written when it has
// none), from questions, answers, section and part titles: what says that
// a term "is in the banks" (all its words are).
std::set<std::string> BankWords(const std::vector<Question>& questions, const Analyzer& analyzer);

// The words of questions' texts and answers, as BankWords keeps them, with
// how many questions use each: kept in the index, so that an update takes
// out and adds the words of the questions it changes instead of reading
// every answer of the bank again.
class BankWordCounts {
 public:
  // Counts (sign +1) or takes out (sign -1) the words of `question`.
  void Add(const Question& question, const Analyzer& analyzer, int sign = 1);
  // BankWords of `questions`, whose texts and answers are those counted:
  // the words counted and those of the section and part titles.
  std::set<std::string> Words(const std::vector<Question>& questions, const Analyzer& analyzer) const;

  std::string Serialize() const;  // "word n" per line
  // Corruption when `stored` is not what Serialize wrote.
  static Result<BankWordCounts> Parse(const std::string& stored);

 private:
  std::map<std::string, int64_t> counts_;
};

struct VocabularyOptions {
  // Neighbours less similar than this are left out (cosines run 0.45-0.96).
  double min_similarity = 0.45;
  // At most this many neighbours a term, best first.
  size_t max_neighbours = 10;
};

// Adds to `table` (which holds the hand-written synonyms and concepts
// already) the abbreviations and neighbour groups that matter to banks of
// `bank_words`, where the hand-written lists say nothing of the term.
// A term's neighbours form one concept group of its own, named
// schema::LearnedGroupName(term), found by that term only (a neighbour's
// own neighbours are its own group's). Returns how many entries it added.
size_t AddVocabulary(const Vocabulary& vocabulary, const std::set<std::string>& bank_words,
                     const Analyzer& analyzer, const VocabularyOptions& options, SynonymTable& table);

}  // namespace quarry
