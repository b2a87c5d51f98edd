// Initialisms a bank spells out: a bank that asks about "gradient boosting
// trees" in several questions lets a search for "gbt" find them, with no
// list written for it. The bank's own repeated word runs (and its section
// titles) are the expansions; their initials are the keys.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/analyzer.h"
#include "core/question.h"
#include "core/status.h"
#include "indexer/synonyms.h"
#include "indexer/vocabulary.h"

namespace quarry {

struct InitialismOptions {
  size_t min_words = 2, max_words = 4;  // of a run of words
  // A run must appear in this many questions (or in a section or part
  // title): a phrase used once is no name the bank goes by.
  size_t min_questions = 2;
  size_t max_expansions = 3;  // per initialism, the most used first
};

// The runs of plain words (no function word, no digits, no code) of
// questions' texts, each with how many questions use it and a fingerprint
// of which: kept in the index, so that an update counts again only the
// questions it changes.
class InitialismRuns {
 public:
  // Counts (sign +1) or takes out (sign -1) the runs of `question`'s text.
  void Add(const Question& question, const Analyzer& analyzer, const InitialismOptions& options, int sign = 1);

  std::string Serialize() const;  // "questions which run" per line
  // Corruption when `stored` is not what Serialize wrote.
  static Result<InitialismRuns> Parse(const std::string& stored);

  struct Seen {
    int64_t questions = 0;  // how many questions use the run
    uint64_t which = 0;     // XOR of their ids' 64-bit hashes: which ones
  };
  const std::map<std::string, Seen>& runs() const { return runs_; }

 private:
  std::map<std::string, Seen> runs_;
};

// Adds "initials => run" one-way synonyms to `table` for the runs of
// `runs` (the questions' texts, as counted) and of the section and part
// titles of `questions`. Initials that are a word already are left alone:
// a word of the banks (`bank_words`, as BankWords keeps them), a term the
// learned `vocabulary` knows (may be null), a key `table` has. Returns how
// many initialisms it added.
size_t AddBankInitialisms(const InitialismRuns& runs, const std::vector<Question>& questions,
                          const Analyzer& analyzer, const std::set<std::string>& bank_words,
                          const Vocabulary* vocabulary, const InitialismOptions& options, SynonymTable& table);

// The same, counting the runs of `questions` first.
size_t AddBankInitialisms(const std::vector<Question>& questions, const Analyzer& analyzer,
                          const std::set<std::string>& bank_words, const Vocabulary* vocabulary,
                          const InitialismOptions& options, SynonymTable& table);

}  // namespace quarry
