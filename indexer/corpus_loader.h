// Finds and reads the question banks named on the command line.
#pragma once

#include <string>
#include <vector>

#include "core/question.h"
#include "core/status.h"
#include "indexer/readers/bank_reader.h"

namespace quarry {

// How one file was read: what quarry-index --check and the summary print.
struct FileReport {
  std::string file;
  std::string bank;   // the bank's name (its title), the value of the bank facet
  std::string shape;  // "numbered lists", "headings", "csv", ...; empty when skipped
  size_t questions = 0, sections = 0, parts = 0;
  bool skipped = false;  // a file in a folder with no questions in it
};

struct Corpus {
  std::vector<Question> questions;  // in bank order: files in the order read
  std::vector<std::string> files;   // banks read (files with questions)
  std::vector<FileReport> reports;  // every file looked at, skipped ones included, in order
  std::vector<BankWarning> warnings;  // what the authors got wrong, in file order
  std::vector<std::string> synonym_files;  // synonyms.txt found in folders
  std::vector<std::string> concept_files;  // concepts.txt found in folders
  std::vector<std::string> type_files;     // question_types.txt found in folders
  std::vector<std::string> topic_files;    // topics.txt found in folders
  std::vector<std::string> filler_files;   // filler_words.txt found in folders
};

// Each path is a file or a folder. A file is read by the reader its
// extension and content choose (readers/bank_reader.h): JSON Lines for
// .jsonl/.ndjson, CSV/TSV for .csv/.tsv, markdown otherwise, in any of the
// layouts banks are written in. A folder contributes, in name order and
// recursively, its *.md/*.markdown (README.md included), *.jsonl/*.ndjson
// and *.csv/*.tsv files; a file there with no questions is reported as
// skipped; a folder of one-question files reads each as one question. Its
// synonyms.txt, concepts.txt, question_types.txt, topics.txt and
// filler_words.txt are listed in the *_files fields, not read as banks.
//
// Each question's `bank` is its file's bank title. Ids stay as the readers
// give them; when two banks give the same id (two banks with a section of
// the same slug), the ids of those banks' questions in that section are
// told apart by the bank's slug in front ("react/basics/1").
//
// Fails on a file that cannot be read, a file named directly that holds no
// question, an id used twice within one bank (naming both places), no
// question at all, or (options.strict) on the first warning.
// True for the names of a folder's data files: synonyms.txt, concepts.txt,
// question_types.txt, topics.txt, filler_words.txt.
bool IsDataFileName(const std::string& file_name);

struct LoadOptions {
  bool strict = false;  // a warning is an error
};
Result<Corpus> LoadCorpus(const std::vector<std::string>& paths, const LoadOptions& options = {});

}  // namespace quarry
