// Changing some questions of an index without rebuilding it: the pipeline
// of IndexCorpus (read, derive, write) for the files that changed, on top
// of the questions the index holds.
//
// The index ends as a full build of its files as they are now would make
// it (every search answers the same): the bank files added replace their
// earlier questions, the data files and vocabulary are those the index was
// built with, and near-duplicates, initialisms, spelling data, synonyms and
// the outline are derived again for the whole bank. Only the documents
// that differ are written, in a new generation switched in atomically.
#pragma once

#include <string>
#include <vector>

#include "core/status.h"
#include "indexer/index_corpus.h"

namespace quarry {

struct IndexUpdate {
  // Bank files or folders, as quarry-index reads them: each file's
  // questions replace those the index has from it (by its absolute path);
  // a file the index does not have adds its questions where a full build
  // would read it (by name among the files of its folder, else last). A
  // folder stands for its files: one the index has from it that is no
  // longer there loses its questions; so does a file named that is gone.
  std::vector<std::string> add;
  // Ids of questions to delete (NotFound when the index has no such id).
  std::vector<std::string> remove;
  // When true, a path of `add` that is neither there nor in the index is
  // nothing to do, not an IOError (a watcher saw a file come and go).
  bool missing_ok = false;
};

// Applies `update` to the index at options.db_path (which must exist, built
// by this version: else NotFound or Corruption saying to rebuild). Reads
// the added files under options.strict; the data-file and vocabulary
// options are not used (the index keeps its own). Fails, leaving the index
// as it was, on what IndexCorpus fails on, on an id removed that is not
// there, or on an added question whose id another file of the index has.
//
// The report's corpus holds every question of the new index; its files,
// reports and warnings are those of the added files only.
Result<IndexReport> UpdateIndex(const IndexUpdate& update, const IndexCorpusOptions& options);

}  // namespace quarry
