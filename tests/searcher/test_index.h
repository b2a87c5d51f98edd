// A temporary on-disk index of a test bank, removed when the test ends.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <utility>
#include <vector>

#include "indexer/index_corpus.h"

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

// Indexes `banks` into `db` through IndexCorpus, as quarry-index does, with
// the synonyms, concepts and filler words files, when given; returns the
// status.
inline Status IndexBank(const std::string& db, const std::vector<std::string>& banks,
                        const std::string& synonyms_file = "", const std::string& concepts_file = "",
                        const std::string& fillers_file = "") {
  IndexCorpusOptions options;
  // The banks' data is what the test names: the learned vocabulary (which
  // would add neighbours and abbreviations) has tests of its own.
  options.vocabulary_dir.clear();
  options.db_path = db;
  if (!synonyms_file.empty()) options.synonym_files = {synonyms_file};
  if (!concepts_file.empty()) options.concept_files = {concepts_file};
  if (!fillers_file.empty()) options.filler_files = {fillers_file};
  Result<IndexReport> report = IndexCorpus(banks, options);
  return report.ok() ? Status::Ok() : report.status();
}

// The questions of the banks, read together by LoadCorpus; each bank's
// questions get the name paired with its path ("" for none).
inline Result<std::vector<Question>> LoadNamedBanks(
    const std::vector<std::pair<std::string, std::string>>& named_paths) {
  std::vector<std::string> paths;
  for (const auto& [name, path] : named_paths) paths.push_back(path);
  Result<Corpus> corpus = LoadCorpus(paths);
  if (!corpus.ok()) return corpus.status();
  for (Question& q : corpus->questions) {
    for (const auto& [name, path] : named_paths) {
      if (q.source.rfind(path + ":", 0) == 0) q.bank = name;
    }
  }
  return std::move(corpus->questions);
}

// Indexes `questions` as they are into `db` (BuildIndex alone, nothing
// derived): for tests of the index itself; banks on disk go through IndexBank.
inline Status IndexQuestions(const std::string& db, const std::vector<Question>& questions) {
  IndexOptions options;
  options.db_path = db;
  Result<IndexSummary> summary = BuildIndex(questions, SynonymTable(), options);
  return summary.ok() ? Status::Ok() : summary.status();
}

}  // namespace quarry::testing
