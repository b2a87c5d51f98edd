// The vocabulary step (`make vocabulary`): reads the sources of a manifest
// (sources.h), learns from them (learner.h) and writes the data files that
// the indexer reads, with their provenance:
//
//   abbreviations.txt  "xss, cross site scripting  # 57 of 60 definitions"
//                      (corpus/synonyms.txt's two-way format; the comment
//                      says how often the text defines the pair)
//   neighbours.txt     "typescript: javascript 0.71, ecmascript 0.64"
//   code_words.txt     "self: 13.751  # share 0.393; 1122 as code, 1734 as prose, 39232 in code
//   blocks"
//                      (the lift: frequency in inline code over frequency in prose)
//   term_frequencies.txt  "# documents: 91234", then "server: 10234": in how
//                      many documents (a file, or one package's description)
//                      each term is, most first
//   PROVENANCE.md      what was read (packages, versions, sizes), the
//                      parameters, the time it took, what was produced, and
//                      the command that rebuilds it
//
// The same packages and parameters give the same four data files, byte for
// byte; PROVENANCE.md differs only in the times.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "core/status.h"
#include "tools/vocabulary/learner.h"
#include "tools/vocabulary/sources.h"

namespace quarry::vocabulary {

struct VocabularyOptions {
  std::string manifest;      // REQUIRED: the sources (sources.h)
  std::string packages_dir;  // REQUIRED: where the packages are unpacked, one folder each
  std::string versions;  // optional: "package<TAB>version<TAB>.deb bytes" lines, for PROVENANCE.md
  std::string dictionary;  // optional: English words, one a line (the code-word candidates)
  std::string out_dir;     // REQUIRED: written (created if missing)
  std::string command;     // the command line, recorded in PROVENANCE.md
  std::string rebuild;     // how to rebuild, recorded in PROVENANCE.md ("make vocabulary")
  LearnerOptions learner;
};

struct SourceReport {
  SourceSpec spec;
  std::string version;
  uint64_t deb_bytes = 0;
  SourceStats stats;
  uint64_t sentences = 0, tokens = 0;  // new, unique ones the learner took
};

struct VocabularyReport {
  std::vector<SourceReport> sources;
  LearnedVocabulary learned;  // the entries as written
  size_t abbreviations = 0, numeronyms = 0, neighbour_terms = 0, neighbour_pairs = 0,
         code_words = 0, term_frequencies = 0;
  double seconds_reading = 0, seconds_learning = 0, seconds_total = 0;
};

// Runs the whole step. `progress`, when not null, gets a line per source.
Result<VocabularyReport> BuildVocabulary(const VocabularyOptions& options, std::ostream* progress);

}  // namespace quarry::vocabulary
