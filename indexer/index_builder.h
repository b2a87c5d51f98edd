// Writes a Quarry index: a folder holding generations of Xapian databases
// and a stub file (XAPIANDB) naming the current one.
//
// A build writes a new generation beside the current one and, only once it
// is complete and committed, switches the stub to it with an atomic
// rename(2). A reader therefore sees the old index or the new one, never
// half of one; a failed build leaves the old index exactly as it was.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/question.h"
#include "core/status.h"
#include "indexer/index_sources.h"
#include "indexer/initialisms.h"
#include "indexer/synonyms.h"
#include "indexer/vocabulary.h"

namespace quarry {

// What the index keeps counted of its questions' words, so that an update
// counts again only the questions it changes.
struct BankCounts {
  BankWordCounts words;  // BankWords, question by question
  InitialismRuns runs;   // the runs of plain words of their texts
  // Counts (sign +1) or takes out (sign -1) `question`.
  void Add(const Question& question, const Analyzer& analyzer, int sign = 1) {
    words.Add(question, analyzer, sign);
    runs.Add(question, analyzer, InitialismOptions(), sign);
  }
};

struct IndexOptions {
  std::string db_path;  // the index folder; created when missing
  // Called every `progress_every` questions with (done, total).
  std::function<void(size_t, size_t)> progress;
  size_t progress_every = 1000;
  // Stems of the words that do not change what a question asks
  // (filler_words.txt, as ParseFillerWords gives them); kept for the searcher.
  std::set<std::string> filler_words;
  // Common words that are names in code (the learned vocabulary's code words
  // among IsCommonWord's); kept for the searcher.
  std::set<std::string> code_words;
  // Stems of technical writing: in how many of its `documents` each is.
  std::map<std::string, uint64_t> term_documents;
  uint64_t documents = 0;
  // The files the questions came from, kept for an update (UpdateIndex).
  IndexSources sources;
  // The questions' words counted, kept for an update.
  BankCounts counts;
  // Split the questions over this many databases (core/shards.h), beside
  // a bank-wide one; 0 or 1: one database.
  size_t shards = 0;
};

struct IndexSummary {
  size_t questions = 0;
  size_t banks = 0;  // named banks
  size_t sections = 0;
  size_t parts = 0;
  size_t synonyms = 0;
  std::string generation;  // folder of the new generation
  double seconds = 0;
  // An update's changes (WriteUpdate): documents written anew, added and
  // deleted; the rest were kept as they were. A full build adds them all.
  size_t rewritten = 0, added = 0, removed = 0;
};

// Indexes `questions` (REQUIRES: ids unique, as LoadCorpus ensures).
// Fails with IOError when the folder cannot be written or another build
// holds its lock.
Result<IndexSummary> BuildIndex(const std::vector<Question>& questions,
                                const SynonymTable& synonyms, const IndexOptions& options);

}  // namespace quarry
