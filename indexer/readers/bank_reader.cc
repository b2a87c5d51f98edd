#include "indexer/readers/bank_reader.h"

#include <cctype>
#include <filesystem>

#include "indexer/readers/delimited_reader.h"
#include "indexer/readers/jsonl_reader.h"
#include "indexer/readers/markdown_reader.h"

namespace quarry {
namespace {

std::string LowerExtension(const std::string& file_name) {
  std::string ext = std::filesystem::path(file_name).extension().string();
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return ext;
}

// A spreadsheet's delimiter: the one of ',', ';' and tab its first line
// (outside quotes) holds most of, `fallback` when it holds none.
char SniffDelimiter(std::string_view content, char fallback) {
  size_t counts[3] = {0, 0, 0};
  const char kCandidates[3] = {',', ';', '\t'};
  bool quoted = false;
  for (char c : content.substr(0, content.find('\n'))) {
    if (c == '"') quoted = !quoted;
    for (int k = 0; k < 3 && !quoted; ++k) counts[k] += c == kCandidates[k];
  }
  int best = -1;
  for (int k = 0; k < 3; ++k) {
    if (counts[k] > 0 && (best < 0 || counts[k] > counts[best])) best = k;
  }
  return best < 0 ? fallback : kCandidates[best];
}

}  // namespace

std::string TitleFromFileName(const std::string& file_name) {
  std::filesystem::path path(file_name);
  while (!path.empty() && path.filename().empty()) path = path.parent_path();  // "dir/"
  std::string stem = path.stem().string();
  std::string lower = stem;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if ((lower == "readme" || lower == "index") && !path.parent_path().filename().empty()) {
    std::filesystem::path parent = std::filesystem::absolute(path).parent_path();
    stem = parent.filename().string();
  }
  for (char& c : stem) {
    if (c == '-' || c == '_') c = ' ';
  }
  return stem.empty() || stem == "." ? "bank" : stem;
}

bool IsBankFileName(const std::string& file_name) {
  std::string ext = LowerExtension(file_name);
  return ext == ".md" || ext == ".markdown" || ext == ".jsonl" || ext == ".ndjson" || ext == ".csv" ||
         ext == ".tsv";
}

Result<Bank> ReadBank(std::string_view content, const std::string& file_name) {
  std::string ext = LowerExtension(file_name);
  if (ext == ".jsonl" || ext == ".ndjson") return ReadJsonLinesBank(content, file_name);
  if (ext == ".csv") return ReadDelimitedBank(content, file_name, SniffDelimiter(content, ','));
  if (ext == ".tsv") return ReadDelimitedBank(content, file_name, '\t');
  return ReadMarkdownBank(content, file_name);
}

}  // namespace quarry
