// Finds and reads the question banks named on the command line.
#pragma once

#include <string>
#include <vector>

#include "core/question.h"
#include "core/status.h"

namespace quarry {

struct Corpus {
  std::vector<Question> questions;  // in bank order: files in the order read
  std::vector<std::string> files;   // banks read
  std::vector<std::string> synonym_files;  // synonyms.txt found in folders
  std::vector<std::string> concept_files;  // concepts.txt found in folders
  std::vector<std::string> type_files;     // question_types.txt found in folders
  std::vector<std::string> topic_files;    // topics.txt found in folders
  std::vector<std::string> filler_files;   // filler_words.txt found in folders
};

// Each path is a file or a folder. A file is read as JSON Lines when it
// ends in .jsonl or .ndjson, as markdown otherwise. A folder contributes,
// in name order, its *.md files (README.md excepted) and *.jsonl/*.ndjson
// files, recursively; its synonyms.txt, concepts.txt, question_types.txt,
// topics.txt and filler_words.txt are listed in the *_files fields.
// Fails on the first bad file (naming file and line), on an empty file,
// on an id used twice (naming both places), or when no bank is found.
Result<Corpus> LoadCorpus(const std::vector<std::string>& paths);

}  // namespace quarry
