// A question of a bank: what the parsers produce and the index stores.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace quarry {

struct Question {
  std::string id;       // "<section-slug>/<n>" for markdown banks; the record's id for JSONL
  std::string bank;     // the bank's name (its title), set by LoadCorpus; the bank facet
  std::string part;     // "# " heading it sits under; may be empty
  std::string section;  // "## " heading it sits under; may be empty for JSONL
  int number = 0;       // number within its section (markdown), 0 when unknown
  std::string text;     // the question, inline markdown removed
  std::string body;     // optional longer text (JSONL)
  std::vector<std::string> tags;
  // Derived by the indexer from the corpus's data files (QuestionClassifier).
  std::string type;                 // "definition", "comparison", ..., "other"
  std::vector<std::string> topics;  // "Python", "Security", ...
  // Derived by the indexer: where else the same question is asked, and the
  // key that near-duplicates share (empty: not compared).
  struct Place {
    std::string id, section;
  };
  std::vector<Place> also_in;
  std::string duplicate_key;
  // The key of its text alone, before answers tell generic texts apart
  // (duplicate_key is this, or this and its answer's key).
  std::string duplicate_base;
  std::string source;   // "file:line" it came from, for messages
};

}  // namespace quarry

namespace quarry {

// The document data a Quarry index stores per question (JSON). Part of the
// schema: changing its fields means bumping schema::kSchemaVersion.
std::string SerializeQuestion(const Question& question);
// False when `data` is not what SerializeQuestion wrote.
bool DeserializeQuestion(std::string_view data, Question& question);

// Whether two questions were read the same from their banks (id, bank,
// part, section, number, text, answer, tags), whatever was derived since.
bool SameSource(const Question& a, const Question& b);

}  // namespace quarry
