// Where an index's questions came from, kept in the index
// (schema::kMetaSources) so that an update (quarry-index --add) can write
// what a full build of the same files would.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "core/status.h"
#include "indexer/corpus_loader.h"

namespace quarry {

// The data files a build reads, by kind, in the order applied, and the
// folder of the learned vocabulary (empty: none).
struct DataFiles {
  std::vector<std::string> synonyms, concepts, types, topics, fillers;
  std::string vocabulary_dir;
};

// A bank file and how many consecutive questions, in bank order, came from it.
struct SourceFile {
  std::string path;  // absolute, normalised
  size_t questions = 0;
  std::string shape;  // as FileReport says it ("one question per file", ...)
};

struct IndexSources {
  std::vector<SourceFile> files;  // in bank order; their counts sum to the questions
  DataFiles data;                 // absolute paths
  // Knowledge::derivation_fingerprint of the build.
  std::string derivation_fingerprint;
};

// The sources of `corpus` as LoadCorpus read it, with the data files
// `data`, every path made absolute. `files` is empty when the reports do
// not account for every question (a test's adjust_corpus changed them).
IndexSources SourcesOf(const Corpus& corpus, const DataFiles& data);

// `path` absolute and normalised, as SourceFile keeps it.
std::string AbsolutePath(const std::string& path);

std::string SerializeSources(const IndexSources& sources);
// Corruption when `stored` is not what SerializeSources wrote.
Result<IndexSources> ParseSources(const std::string& stored);

}  // namespace quarry
