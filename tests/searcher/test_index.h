// A temporary on-disk index of a test bank, removed when the test ends.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "core/analyzer.h"
#include "indexer/concepts.h"
#include "indexer/corpus_loader.h"
#include "indexer/index_builder.h"
#include "indexer/near_duplicates.h"
#include "indexer/synonyms.h"

namespace quarry::testing {

class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "quarry-test-XXXXXX").string();
    path_ = ::mkdtemp(tmpl.data()) ? tmpl : std::string();
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

inline std::string DataPath(const std::string& name) {
  return std::string(QUARRY_SOURCE_DIR) + "/tests/searcher/data/" + name;
}

inline std::string ReadWhole(const std::string& file) {
  std::ifstream in(file);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// Indexes `bank` (with the synonyms, concepts and filler words files, when
// given) into `db`; returns the status.
inline Status IndexBank(const std::string& db, const std::vector<std::string>& banks,
                        const std::string& synonyms_file = "", const std::string& concepts_file = "",
                        const std::string& fillers_file = "") {
  Result<Corpus> corpus = LoadCorpus(banks);
  if (!corpus.ok()) return corpus.status();
  SynonymTable synonyms;
  Analyzer analyzer;
  if (!synonyms_file.empty()) {
    if (Status s = ParseSynonyms(ReadWhole(synonyms_file), synonyms_file, analyzer, synonyms); !s.ok()) return s;
  }
  if (!concepts_file.empty()) {
    if (Status s = ParseConcepts(ReadWhole(concepts_file), concepts_file, analyzer, synonyms); !s.ok()) return s;
  }
  IndexOptions options;
  options.db_path = db;
  if (!fillers_file.empty()) {
    Status s = ParseFillerWords(ReadWhole(fillers_file), fillers_file, analyzer, options.filler_words);
    if (!s.ok()) return s;
  }
  Result<IndexSummary> summary = BuildIndex(corpus->questions, synonyms, options);
  return summary.ok() ? Status::Ok() : summary.status();
}

}  // namespace quarry::testing
