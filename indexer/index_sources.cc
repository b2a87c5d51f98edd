#include "indexer/index_sources.h"

#include <filesystem>
#include <nlohmann/json.hpp>

namespace quarry {
namespace {

std::vector<std::string> Absolute(const std::vector<std::string>& paths) {
  std::vector<std::string> out;
  for (const std::string& p : paths) out.push_back(AbsolutePath(p));
  return out;
}

const char* const kKinds[] = {"synonyms", "concepts", "types", "topics", "fillers"};

// The list of `files` of kind kKinds[kind].
constexpr std::vector<std::string> DataFiles::*kLists[] = {&DataFiles::synonyms, &DataFiles::concepts,
                                                          &DataFiles::types, &DataFiles::topics,
                                                          &DataFiles::fillers};

}  // namespace

std::string AbsolutePath(const std::string& path) {
  std::error_code ec;
  std::filesystem::path absolute = std::filesystem::absolute(path, ec);
  return (ec ? std::filesystem::path(path) : absolute).lexically_normal().string();
}

IndexSources SourcesOf(const Corpus& corpus, const DataFiles& data) {
  IndexSources sources;
  size_t counted = 0;
  for (const FileReport& report : corpus.reports) {
    if (report.skipped || report.questions == 0) continue;
    sources.files.push_back({AbsolutePath(report.file), report.questions, report.shape});
    counted += report.questions;
  }
  if (counted != corpus.questions.size()) sources.files.clear();
  for (size_t kind = 0; kind < std::size(kKinds); ++kind) {
    sources.data.*kLists[kind] = Absolute(data.*kLists[kind]);
  }
  if (!data.vocabulary_dir.empty()) sources.data.vocabulary_dir = AbsolutePath(data.vocabulary_dir);
  return sources;
}

std::string SerializeSources(const IndexSources& sources) {
  nlohmann::json files = nlohmann::json::array();
  for (const SourceFile& f : sources.files) {
    files.push_back({{"path", f.path}, {"questions", f.questions}, {"shape", f.shape}});
  }
  nlohmann::json out = {{"files", files},
                        {"vocabulary", sources.data.vocabulary_dir},
                        {"derivation", sources.derivation_fingerprint}};
  for (size_t kind = 0; kind < std::size(kKinds); ++kind) {
    out[kKinds[kind]] = sources.data.*kLists[kind];
  }
  return out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

Result<IndexSources> ParseSources(const std::string& stored) {
  const nlohmann::json in = nlohmann::json::parse(stored, nullptr, false);
  auto corrupt = [] { return Status::Corruption("the index does not record the files it was built from"); };
  if (!in.is_object() || !in.contains("files") || !in["files"].is_array()) return corrupt();
  IndexSources sources;
  try {
    for (const auto& f : in["files"]) {
      sources.files.push_back(
          {f.at("path").get<std::string>(), f.at("questions").get<size_t>(), f.value("shape", std::string())});
    }
    for (size_t kind = 0; kind < std::size(kKinds); ++kind) {
      sources.data.*kLists[kind] = in.value(kKinds[kind], std::vector<std::string>());
    }
    sources.data.vocabulary_dir = in.value("vocabulary", std::string());
    sources.derivation_fingerprint = in.value("derivation", std::string());
  } catch (const nlohmann::json::exception&) {
    return corrupt();
  }
  return sources;
}

}  // namespace quarry
