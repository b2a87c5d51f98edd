// A temporary on-disk index of a test bank, removed when the test ends.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "core/analyzer.h"
#include "indexer/corpus_loader.h"
#include "indexer/index_builder.h"
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

// Indexes `bank` (with `synonyms`, if given) into `db`; returns the status.
inline Status IndexBank(const std::string& db, const std::vector<std::string>& banks,
                        const std::string& synonyms_file = "") {
  Result<Corpus> corpus = LoadCorpus(banks);
  if (!corpus.ok()) return corpus.status();
  SynonymTable synonyms;
  if (!synonyms_file.empty()) {
    Analyzer analyzer;
    std::ifstream in(synonyms_file);
    std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (Status s = ParseSynonyms(content, synonyms_file, analyzer, synonyms); !s.ok()) return s;
  }
  IndexOptions options;
  options.db_path = db;
  Result<IndexSummary> summary = BuildIndex(corpus->questions, synonyms, options);
  return summary.ok() ? Status::Ok() : summary.status();
}

}  // namespace quarry::testing
