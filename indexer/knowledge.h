// What the indexer knows besides the questions: the data files (synonyms,
// concepts, types, topics, filler words), the learned vocabulary, and what
// it derives from them for each question (type, topics, near-duplicates).
//
// A full build (IndexCorpus) and an update (UpdateIndex) both read and
// derive through these, so an update writes what a full build would.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/analyzer.h"
#include "core/question.h"
#include "core/status.h"
#include "indexer/classifier.h"
#include "indexer/index_builder.h"
#include "indexer/index_sources.h"
#include "indexer/initialisms.h"
#include "indexer/near_duplicates.h"
#include "indexer/synonyms.h"
#include "indexer/vocabulary.h"

namespace quarry {

// What the data files and the vocabulary give the pipeline.
struct Knowledge {
  explicit Knowledge(const Analyzer& analyzer) : classifier(analyzer) {}
  SynonymTable synonyms;  // synonyms and concept neighbours
  QuestionClassifier classifier;
  std::set<std::string> fillers;     // stems of the filler words
  std::set<std::string> code_words;  // common words that are names in code
  std::map<std::string, uint64_t> term_documents;
  uint64_t documents = 0;
  // What the files that shape each question's derived fields held (types,
  // topics, fillers): an update re-derives only the questions it changes
  // when this is what the index was built with.
  std::string derivation_fingerprint;
};

// What AddLearnedKnowledge took in.
struct LearnedCounts {
  std::vector<std::string> files;  // the vocabulary's files read
  size_t vocabulary_entries = 0;   // abbreviations and neighbour groups taken in
  size_t initialisms = 0;          // initialisms the banks spell out
};

// Reads every data file of `files` into `knowledge`, listing each in
// `read`. Fails on a file that cannot be read or has an error (file and line).
Status ReadDataFiles(const DataFiles& files, const Analyzer& analyzer, Knowledge& knowledge,
                     std::vector<std::string>& read);

// Takes in what the learned vocabulary (`vocabulary_dir`) and the banks
// themselves know of the words of `questions`, after the hand-written
// lists, which they never override. `bank_words` are BankWords(questions),
// `runs` the runs of their texts, counted.
Result<LearnedCounts> AddLearnedKnowledge(const std::string& vocabulary_dir,
                                          const std::vector<Question>& questions,
                                          const std::set<std::string>& bank_words, const InitialismRuns& runs,
                                          const Analyzer& analyzer, Knowledge& knowledge);

// What BuildIndex keeps of `knowledge` for the searcher, writing to `db_path`.
IndexOptions WriteOptionsFor(const std::string& db_path, const Knowledge& knowledge);

// Sets every question's type, topics and near-duplicates. With `known`
// (an update), a question known is classified already.
void Derive(const Knowledge& knowledge, const Analyzer& analyzer, std::vector<Question>& questions,
            const KnownDuplicates* known = nullptr);

}  // namespace quarry
