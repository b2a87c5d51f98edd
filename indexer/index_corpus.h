// The indexing pipeline as one call: from the files of question banks to an
// index that the searcher opens.
//
// IndexCorpus reads the banks (LoadCorpus), the data files beside them
// (synonyms.txt, concepts.txt, question_types.txt, topics.txt,
// filler_words.txt, as corpus/README.md describes them) and any named in
// the options; derives each question's type and topics (QuestionClassifier)
// and its near-duplicates (MarkNearDuplicates); then writes a new index
// generation (BuildIndex). quarry-index, the tests and the benchmark all
// index through it, so each of them indexes exactly what the others do.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "core/status.h"
#include "indexer/corpus_loader.h"
#include "indexer/index_builder.h"

namespace quarry {

// Where a running IndexCorpus is: what a progress line shows.
struct IndexProgress {
  enum class Stage {
    kReading,   // reading the banks and the data files
    kDeriving,  // deriving types, topics and near-duplicates
    kIndexing,  // writing the questions into the new generation
  };
  Stage stage = Stage::kReading;
  size_t files_read = 0;            // banks read; 0 while kReading
  size_t questions = 0;             // questions to index; 0 while kReading
  size_t questions_indexed = 0;     // of those, written so far; 0 before kIndexing
  double elapsed_seconds = 0;       // since IndexCorpus began
  double questions_per_second = 0;  // the indexing rate so far; 0 before kIndexing
  double seconds_left = -1;         // estimated time left to index; negative when unknown
};

// The learned vocabulary this build of Quarry ships (CMake's
// QUARRY_VOCABULARY_DIR: the source tree's corpus/vocabulary; for an
// install, share/quarry/corpus/vocabulary beside the program's bin/).
std::string DefaultVocabularyDir();

struct IndexCorpusOptions {
  // The index folder, created when missing. Empty (without check_only) is
  // an InvalidArgument error.
  std::string db_path;

  // Data files to apply besides those LoadCorpus finds in the folders it
  // reads (a bank named as a file brings none): synonyms (--synonyms),
  // concept neighbours, question types, topics and filler words. Each is
  // read after the corpus's own files of its kind. Default: none.
  std::vector<std::string> synonym_files;
  std::vector<std::string> concept_files;
  std::vector<std::string> type_files;
  std::vector<std::string> topic_files;
  std::vector<std::string> filler_files;

  // The learned vocabulary to take in (indexer/vocabulary.h): the folder
  // of abbreviations.txt, neighbours.txt and code_words.txt. Default: the
  // project's corpus/vocabulary (DefaultVocabularyDir()); empty: none.
  std::string vocabulary_dir = DefaultVocabularyDir();

  // Split the index into this many shards (core/shards.h) beside a
  // bank-wide part; 0 or 1: one database. At most shards::kMaxShards.
  size_t shards = 0;

  // When true, a bank warning is an error (LoadOptions::strict). Default: false.
  bool strict = false;

  // When true, everything is read and derived but no index is written (and
  // db_path is not looked at). Default: false.
  bool check_only = false;

  // When set, called with the corpus as read, before anything is derived
  // from it: it may change the questions (ids must stay unique). Tests use
  // it to give banks names of their own. Default: unset.
  std::function<void(Corpus&)> adjust_corpus;

  // When set, called on the calling thread as each stage begins and, while
  // questions are indexed, at most once every kProgressIntervalSeconds (the
  // clock is read every few dozen documents, so a build with progress is no
  // slower than one without). Default: unset.
  std::function<void(const IndexProgress&)> progress;
};

// How often, at most, IndexCorpus reports progress while it indexes.
inline constexpr double kProgressIntervalSeconds = 0.1;

struct IndexReport {
  // The questions as indexed (types, topics and near-duplicates set), every
  // file looked at (Corpus::reports) and every bank warning, in file order.
  Corpus corpus;
  // What BuildIndex wrote. Under check_only, the counts it would have
  // written (questions, banks, sections, parts, synonym and concept keys),
  // with no generation and no seconds.
  IndexSummary summary;
  // Every data file applied, in the order read: synonyms, concepts, types,
  // topics, filler words, then the learned vocabulary's files.
  std::vector<std::string> data_files;
  // Of the learned vocabulary, the abbreviations and neighbour groups that
  // matter to these banks and were taken in.
  size_t vocabulary_entries = 0;
  // Initialisms the banks spell out (indexer/initialisms.h) taken in.
  size_t initialisms = 0;
  double read_seconds = 0;    // loading the banks and the data files
  double derive_seconds = 0;  // types, topics, near-duplicates
};

// Indexes the banks at `paths` (files or folders, as LoadCorpus reads them)
// into options.db_path, or only checks them (options.check_only).
//
// Fails, writing nothing, when LoadCorpus fails (a file that cannot be read
// or holds no question, an id used twice, under options.strict a warning),
// when a data file cannot be read or has an error (the message names file
// and line), or when BuildIndex fails (IOError: the folder cannot be
// written, or another build holds its lock). On any failure the index that
// was at db_path stays as it was: BuildIndex switches generations
// atomically, and nothing is written before every file has been read.
//
// Thread-safe for different db_paths; a second build of one folder while
// another runs fails (BuildIndex's lock). Callbacks run on the calling thread.
Result<IndexReport> IndexCorpus(const std::vector<std::string>& paths,
                                const IndexCorpusOptions& options);

}  // namespace quarry
