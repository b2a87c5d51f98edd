#include "indexer/corpus_loader.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unordered_map>

#include "indexer/jsonl_parser.h"
#include "indexer/markdown_parser.h"

namespace quarry {
namespace fs = std::filesystem;
namespace {

bool IsJsonLines(const fs::path& p) {
  std::string ext = p.extension().string();
  return ext == ".jsonl" || ext == ".ndjson";
}

bool IsBankInFolder(const fs::path& p) {
  if (IsJsonLines(p)) return true;
  return p.extension() == ".md" && p.filename() != "README.md";
}

Result<std::string> ReadFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return Status::IOError(p.string() + ": cannot open");
  std::ostringstream buf;
  buf << in.rdbuf();
  if (in.bad()) return Status::IOError(p.string() + ": read failed");
  return buf.str();
}

Status AddFile(const fs::path& p, Corpus& corpus) {
  Result<std::string> content = ReadFile(p);
  if (!content.ok()) return content.status();
  if (content->find_first_not_of(" \t\r\n") == std::string::npos) {
    return Status::InvalidArgument(p.string() + ":1: empty file");
  }
  Result<std::vector<Question>> parsed =
      IsJsonLines(p) ? ParseJsonLinesBank(*content, p.string()) : ParseMarkdownBank(*content, p.string());
  if (!parsed.ok()) return parsed.status();
  corpus.files.push_back(p.string());
  for (Question& q : *parsed) corpus.questions.push_back(std::move(q));
  return Status::Ok();
}

}  // namespace

Result<Corpus> LoadCorpus(const std::vector<std::string>& paths) {
  Corpus corpus;
  try {
    for (const std::string& path : paths) {
      fs::path p(path);
      std::error_code ec;
      if (fs::is_directory(p, ec)) {
        std::vector<fs::path> banks;
        for (const auto& entry : fs::recursive_directory_iterator(p)) {
          if (!entry.is_regular_file()) continue;
          const fs::path name = entry.path().filename();
          if (name == "synonyms.txt") {
            corpus.synonym_files.push_back(entry.path().string());
          } else if (name == "concepts.txt") {
            corpus.concept_files.push_back(entry.path().string());
          } else if (name == "question_types.txt") {
            corpus.type_files.push_back(entry.path().string());
          } else if (name == "topics.txt") {
            corpus.topic_files.push_back(entry.path().string());
          } else if (name == "filler_words.txt") {
            corpus.filler_files.push_back(entry.path().string());
          } else if (IsBankInFolder(entry.path())) {
            banks.push_back(entry.path());
          }
        }
        std::sort(banks.begin(), banks.end());
        std::sort(corpus.synonym_files.begin(), corpus.synonym_files.end());
        std::sort(corpus.concept_files.begin(), corpus.concept_files.end());
        for (const fs::path& bank : banks) {
          if (Status s = AddFile(bank, corpus); !s.ok()) return s;
        }
      } else if (fs::exists(p, ec)) {
        if (Status s = AddFile(p, corpus); !s.ok()) return s;
      } else {
        return Status::NotFound(path + ": no such file or folder");
      }
    }
  } catch (const fs::filesystem_error& e) {
    return Status::IOError(e.what());
  }
  if (corpus.questions.empty()) return Status::NotFound("no question bank found (*.md or *.jsonl)");

  std::unordered_map<std::string, const Question*> seen;
  for (const Question& q : corpus.questions) {
    auto [it, fresh] = seen.emplace(q.id, &q);
    if (!fresh) {
      return Status::InvalidArgument(q.source + ": duplicate id \"" + q.id + "\" (first at " +
                                     it->second->source + ")");
    }
  }
  return corpus;
}

}  // namespace quarry
