// What every reader of a question bank gives back, whatever the bank's shape
// (markdown in its many layouts, JSON Lines, CSV/TSV exports, a file that
// is one question): the questions, the bank's name, the shape recognised,
// and the warnings about what the author got wrong but a reader still
// understands. A reader fails (Status) only when the index would be wrong.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/question.h"
#include "core/status.h"

namespace quarry {

// Kinds of warnings, counted by kind in quarry-index's summary. Each is a
// short phrase, stable across releases (tests and scripts match on it).
namespace warning {
inline constexpr std::string_view kNumbering = "numbering";        // a repeated or skipped number
inline constexpr std::string_view kEmptyQuestion = "empty question";  // a question line with no text
inline constexpr std::string_view kUnclosedFence = "unclosed fence";  // a ``` with no closing ```
inline constexpr std::string_view kEmptyHeading = "empty heading";    // a heading with no text
inline constexpr std::string_view kInvalidUtf8 = "invalid UTF-8";     // bytes replaced by U+FFFD
inline constexpr std::string_view kLongWord = "long word";            // a word too long to index whole
inline constexpr std::string_view kMalformedRow = "malformed row";  // a record or row not read whole
}  // namespace warning

struct BankWarning {
  std::string where;    // "file:line" ("file" for the whole file)
  int line = 0;         // the line, 0 for the whole file
  std::string kind;     // one of warning::k...
  std::string message;  // what is wrong, in words a bank's author can act on
};

struct Bank {
  std::string file;   // as given to the reader
  std::string title;  // the bank's name: front matter `title`, first `#` heading, or the file's stem
  std::string shape;  // what the reader recognised: "numbered lists", "headings", "csv", ...
  std::vector<Question> questions;  // in bank order; id, part, section, number, text, body, source set
  std::vector<BankWarning> warnings;
};

// Adds a warning for line `line` of `file` (0: the whole file).
inline void Warn(Bank& bank, int line, std::string_view kind, std::string message) {
  std::string where = bank.file;
  if (line > 0) where += ":" + std::to_string(line);
  bank.warnings.push_back({std::move(where), line, std::string(kind), std::move(message)});
}

// The stem of a file name, as a readable title: "react_questions.md" ->
// "react questions"; "README.md" or "index.md" in folder "js-interview" ->
// "js interview"; a folder's own name likewise.
std::string TitleFromFileName(const std::string& file_name);

// True for the names of files a reader takes: .md, .markdown, .jsonl,
// .ndjson, .csv, .tsv (case-insensitive).
bool IsBankFileName(const std::string& file_name);

// Reads `content` with the reader its file name's extension chooses: JSON
// Lines for .jsonl/.ndjson, CSV for .csv, TSV for .tsv, markdown for the
// rest. A bank without questions is returned as such (no error).
Result<Bank> ReadBank(std::string_view content, const std::string& file_name);

}  // namespace quarry
