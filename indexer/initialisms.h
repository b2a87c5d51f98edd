// Initialisms a bank spells out: a bank that asks about "gradient boosting
// trees" in several questions lets a search for "gbt" find them, with no
// list written for it. The bank's own repeated word runs (and its section
// titles) are the expansions; their initials are the keys.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "core/analyzer.h"
#include "core/question.h"
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

// Adds "initials => run" one-way synonyms to `table` for the runs of plain
// words (no function word, no digits, no code) in the questions' texts and
// titles. Initials that are a word already are left alone: a word of the
// banks (`bank_words`, as BankWords keeps them), a term the learned
// `vocabulary` knows (may be null), a key `table` has. Returns how many
// initialisms it added.
size_t AddBankInitialisms(const std::vector<Question>& questions, const Analyzer& analyzer,
                          const std::set<std::string>& bank_words, const Vocabulary* vocabulary,
                          const InitialismOptions& options, SynonymTable& table);

}  // namespace quarry
