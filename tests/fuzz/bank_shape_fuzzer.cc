// Feeds: the input as a folder of bank files, written to a fresh temporary
// folder and read by LoadCorpus as quarry-index reads a folder: each file's
// reader picked by its name and content (ReadBank: JSON Lines, CSV or TSV
// with its delimiter sniffed, markdown, a folder of one-question files).
// The input is one file, bank.md, unless it starts with "=== NAME\n": then
// each "=== NAME\n" line starts a file of that name (letters, digits,
// ".-_" and up to one '/'; a few files at most), e.g.
//   === go/basics.md        === sheet.csv        === notes.jsonl
// Checks: no crash, sanitizer finding, leak or escaping exception; each
// file through ReadBank keeps what every reader promises (fuzz_check.h),
// with a shape of the reader its extension names; LoadCorpus fails with a
// message, or gives questions with unique ids, each with its file's bank
// name, in file order, one report per bank file, the counts adding up.
#include <stdlib.h>

#include <cctype>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "indexer/corpus_loader.h"
#include "tests/fuzz/fuzz_check.h"

namespace quarry::fuzz {
namespace {

namespace fs = std::filesystem;

constexpr size_t kMaxFiles = 6;
constexpr size_t kMaxNameBytes = 32;

struct File {
  std::string name;  // relative to the folder
  std::string_view content;
};

// A name safe to create under the folder: at most "dir/file".
std::string SafeName(std::string_view raw) {
  std::string name, part;
  int parts = 0;
  auto flush = [&] {
    if (part.empty() || part == "." || part == ".." || parts == 2) return part.clear();
    name += (name.empty() ? "" : "/") + part;
    ++parts;
    part.clear();
  };
  for (char c : raw.substr(0, kMaxNameBytes)) {
    if (c == '/') {
      flush();
    } else if (std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_') {
      part += c;
    }
  }
  flush();
  return name.empty() ? "bank.md" : name;
}

std::vector<File> SplitFiles(std::string_view input) {
  constexpr std::string_view kMark = "=== ";
  if (input.substr(0, kMark.size()) != kMark) return {{"bank.md", input}};
  std::vector<File> files;
  std::set<std::string> names;
  size_t pos = 0;
  while (pos < input.size() && files.size() < kMaxFiles) {
    const size_t name_end = std::min(input.find('\n', pos), input.size());
    const std::string name = SafeName(input.substr(pos + kMark.size(), name_end - pos - kMark.size()));
    size_t next = input.find("\n=== ", name_end);
    const size_t content_start = std::min(name_end + 1, input.size());
    const size_t content_end = next == std::string_view::npos ? input.size() : next + 1;
    // A name given twice, or a file and a folder of one name, keeps the first.
    bool clash = names.count(name) > 0;
    for (const std::string& other : names) {
      clash = clash || other.rfind(name + "/", 0) == 0 || name.rfind(other + "/", 0) == 0;
    }
    if (!clash) {
      names.insert(name);
      files.push_back({name, input.substr(content_start, content_end - content_start)});
    }
    if (next == std::string_view::npos) break;
    pos = next + 1;
  }
  return files;
}

// The reader an extension names, by the shapes it gives (a .tsv file's
// "#separator:" may make it a "csv").
void CheckDispatch(const Bank& bank, const std::string& name) {
  const std::string ext = fs::path(name).extension().string();
  std::string lower;
  for (char c : ext) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const bool jsonl = lower == ".jsonl" || lower == ".ndjson";
  const bool delimited = lower == ".csv" || lower == ".tsv";
  const bool delimited_shape = bank.shape == "csv" || bank.shape == "tsv" || bank.shape == "anki csv" ||
                               bank.shape == "anki tsv";
  QUARRY_FUZZ_CHECK((bank.shape == "json lines") == jsonl, name + " read as \"" + bank.shape + "\"");
  QUARRY_FUZZ_CHECK(delimited_shape == delimited, name + " read as \"" + bank.shape + "\"");
}

void CheckEachFile(const std::vector<File>& files, const fs::path& dir) {
  for (const File& f : files) {
    const std::string path = (dir / f.name).string();
    if (!IsBankFileName(path)) continue;
    Result<Bank> bank = ReadBank(f.content, path);
    if (!bank.ok()) {
      CheckError(bank.status());
      continue;
    }
    CheckBank(*bank, path, f.content);
    CheckDispatch(*bank, f.name);
  }
}

void CheckCorpus(const Corpus& corpus, const std::vector<File>& files, const fs::path& dir) {
  std::map<std::string, std::string_view> written;  // bank files' paths -> contents
  for (const File& f : files) {
    if (IsBankFileName(f.name)) written[(dir / f.name).string()] = f.content;
  }
  QUARRY_FUZZ_CHECK(!corpus.questions.empty(), "a corpus without questions");
  QUARRY_FUZZ_CHECK(corpus.reports.size() == written.size(),
                    std::to_string(corpus.reports.size()) + " reports for " + std::to_string(written.size()) +
                        " bank files");
  std::map<std::string, size_t> order;  // file -> its place among the reports
  std::map<std::string, const FileReport*> report_of;
  size_t counted = 0, banks = 0;
  for (const FileReport& r : corpus.reports) {
    QUARRY_FUZZ_CHECK(written.count(r.file) > 0, "a report of a file not written: " + r.file);
    QUARRY_FUZZ_CHECK(order.emplace(r.file, order.size()).second, "two reports of " + r.file);
    QUARRY_FUZZ_CHECK(r.skipped == (r.questions == 0), "report of " + r.file + ": skipped is not 'no questions'");
    QUARRY_FUZZ_CHECK(r.skipped || !r.shape.empty(), "report of " + r.file + ": questions without a shape");
    report_of[r.file] = &r;
    counted += r.questions;
    banks += r.skipped ? 0 : 1;
  }
  QUARRY_FUZZ_CHECK(counted == corpus.questions.size(), "the reports count " + std::to_string(counted) + " of " +
                                                            std::to_string(corpus.questions.size()) + " questions");
  QUARRY_FUZZ_CHECK(corpus.files.size() == banks, "files read is not the reports with questions");
  std::set<std::string> ids;
  size_t last = 0;
  for (const Question& q : corpus.questions) {
    QUARRY_FUZZ_CHECK(!q.id.empty(), "a question with an empty id at " + q.source);
    QUARRY_FUZZ_CHECK(ids.insert(q.id).second, "id \"" + q.id + "\" twice in a corpus LoadCorpus accepted");
    const std::string file = q.source.substr(0, q.source.rfind(':'));
    auto it = report_of.find(file);
    QUARRY_FUZZ_CHECK(it != report_of.end(), "a question from no file reported: " + q.source);
    QUARRY_FUZZ_CHECK(q.bank == it->second->bank, "a question of bank \"" + q.bank + "\" in " + file +
                                                      ", whose bank is \"" + it->second->bank + "\"");
    int line = 0;
    CheckSource(q.source, file, written[file], line);
    QUARRY_FUZZ_CHECK(order[file] >= last, "questions out of file order at " + q.source);
    last = order[file];
  }
}

// A folder of this process's own, in the temporary directory (TMPDIR).
class Scratch {
 public:
  Scratch() {
    std::string tmpl = (fs::temp_directory_path() / "quarry-bank-fuzz-XXXXXX").string();
    if (::mkdtemp(tmpl.data()) == nullptr) std::abort();
    path_ = tmpl;
  }
  ~Scratch() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

Scratch* scratch = nullptr;

void RemoveScratch() { delete scratch; }

}  // namespace
}  // namespace quarry::fuzz

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  quarry::fuzz::scratch = new quarry::fuzz::Scratch();
  std::atexit(quarry::fuzz::RemoveScratch);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace quarry;
  namespace fs = std::filesystem;
  const std::vector<fuzz::File> files =
      fuzz::SplitFiles(std::string_view(reinterpret_cast<const char*>(data), size));
  const fs::path dir = fuzz::scratch->path() / "banks";
  std::error_code ec;
  fs::remove_all(dir, ec);
  for (const fuzz::File& f : files) {
    const fs::path path = dir / f.name;
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary).write(f.content.data(), static_cast<std::streamsize>(f.content.size()));
  }
  fuzz::CheckEachFile(files, dir);
  Result<Corpus> corpus = LoadCorpus({dir.string()});
  if (corpus.ok()) {
    fuzz::CheckCorpus(*corpus, files, dir);
  } else {
    fuzz::CheckError(corpus.status());
  }
  return 0;
}
