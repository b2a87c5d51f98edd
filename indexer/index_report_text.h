// What quarry-index prints about an indexing run, as text: the summary
// after a build, the report of --check, and the progress line. Pure
// functions of their arguments, so tests hold their exact form; the
// program only chooses where each goes (stdout, stderr, a terminal).
//
// Every text but ProgressLine ends with a newline, or is empty.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "indexer/index_corpus.h"

namespace quarry {

// One line per file looked at, in order, indented by two spaces:
//   "  banks/react.md: 120 questions, 8 sections, 1 part (numbered lists)"
//   "  banks/LICENSE.md: skipped: no questions"
// At most `max_files` of them, then "  N more files; --check lists them all".
std::string FileLines(const Corpus& corpus, size_t max_files);

// The line that ends a run, as quarry-index has always printed it:
//   "quarry-index: 430 questions in 25 sections, 2 parts from 1 file(s);
//    750 synonym and concept keys; 0.03 s -> index/gen-2" (one line)
// A report without a generation (check_only) ends "; --check: no index written".
std::string TotalsLine(const IndexReport& report);

// After an update (UpdateIndex): what changed, how long it took, the new
// generation: "quarry-index: updated: 1 question added, 0 rewritten, 0
// removed; 63,698 questions; 0.61 s -> idx/gen-3".
std::string UpdateLine(const IndexReport& report);

// The warnings counted by kind (most frequent first, then by name), then
// the first `shown` of them as "  file:line: message [kind]", then, if
// some were left out, "  N more warnings; --check lists them all":
//   "quarry-index: 3 warnings: 2 numbering, 1 empty question"
// Empty when there are none.
std::string WarningLines(const std::vector<BankWarning>& warnings, size_t shown);

// What --check prints: per file its shape and counts, and per section its
// question count and its first `per_section` questions with their ids;
// then the data files applied, the types, topics and near-duplicates
// derived, every warning, and the totals (TotalsLine).
std::string CheckText(const IndexReport& report, size_t per_section);

// The progress line, without a line end, for a terminal to redraw in place:
//   "quarry-index: 1 file, 12,300 of 57,012 questions indexed (21%), 2,410/s, 19 s left"
std::string ProgressLine(const IndexProgress& progress);

}  // namespace quarry
