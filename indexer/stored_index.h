// The live generation of an index as an update finds it, and the update
// written as a new generation that holds what a full build would.
#pragma once

#include <xapian.h>

#include <functional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/question.h"
#include "core/status.h"
#include "indexer/index_builder.h"
#include "indexer/index_sources.h"
#include "indexer/question_document.h"

namespace quarry {

// A question of the live generation: its document, its position value
// (kSlotOrder) and what it stores.
struct StoredQuestion {
  Xapian::docid docid = 0;
  double order = 0;
  std::string data;           // the document data (SerializeQuestion)
  std::string duplicate_key;  // kSlotDuplicate
  Question question;          // `data` decoded, duplicate_key set
};

struct StoredIndex {
  std::string generation;                 // the live generation's folder
  std::vector<StoredQuestion> questions;  // in bank order
  std::unordered_map<std::string, size_t> at;  // id -> its place in `questions`
  IndexSources sources;
  SpellingWords spellings;
  BankCounts counts;
};

// Reads `generation`, the live generation of `db_path`. Corruption when it
// was written by another schema version or lacks what an update needs
// (then it must be rebuilt).
Result<StoredIndex> ReadStoredIndex(const std::string& db_path, const std::string& generation);

// Writes a new generation holding exactly `questions` (in bank order,
// derived: types, topics, near-duplicates), as BuildIndex would, so that every search answers the same; but made
// from a copy of `stored`'s generation in which only the documents that
// differ are written. `known[i]`: questions[i] is a stored question read
// again and derived the same, but for its near-duplicates (its document
// differs only if they do). Fails (IOError) when the live generation is no
// longer `stored`'s: another build switched it in meanwhile.
//
// The synonyms and the options (options.db_path aside) are asked of `tail`
// once the documents are written, so that they may be made meanwhile; a
// failure of `tail` fails the update.
struct UpdateTail {
  SynonymTable synonyms;
  IndexOptions options;  // what the metadata keeps
};
//
// `copied()` waits for a copy of stored.generation and returns its folder
// (StagingFolder: made while the update read and derived), which becomes
// the new generation.
Result<IndexSummary> WriteUpdate(const StoredIndex& stored, const std::vector<Question>& questions,
                                 const std::vector<bool>& known, const std::string& db_path,
                                 const std::function<Result<std::string>()>& copied,
                                 const std::function<Result<UpdateTail>()>& tail);

}  // namespace quarry
