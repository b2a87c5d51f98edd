#include "indexer/corpus_loader.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <unordered_map>

#include "core/slug.h"
#include "indexer/readers/markdown_reader.h"
#include "indexer/readers/question_like.h"

namespace quarry {
namespace fs = std::filesystem;
namespace {

Result<std::string> ReadFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return Status::IOError(p.string() + ": cannot open");
  std::ostringstream buf;
  buf << in.rdbuf();
  if (in.bad()) return Status::IOError(p.string() + ": read failed");
  return buf.str();
}

bool IsMarkdown(const fs::path& p) {
  std::string ext = p.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  return ext == ".md" || ext == ".markdown";
}

// Files of a folder that are about the repository, not questions.
bool IsRepositoryDoc(const fs::path& p) {
  std::string stem = p.stem().string();
  std::transform(stem.begin(), stem.end(), stem.begin(), [](unsigned char c) { return std::tolower(c); });
  static const std::set<std::string> kDocs = {"readme", "contributing", "license", "licence", "changelog",
                                              "code_of_conduct", "code-of-conduct", "security", "authors",
                                              "pull_request_template", "issue_template", "summary"};
  return kDocs.count(stem) > 0;
}

// A folder's data files, by name, and the list of the corpus each goes to.
struct DataFileName {
  const char* name;
  std::vector<std::string> Corpus::*list;
};
constexpr DataFileName kDataFileNames[] = {
    {"synonyms.txt", &Corpus::synonym_files},   {"concepts.txt", &Corpus::concept_files},
    {"question_types.txt", &Corpus::type_files}, {"topics.txt", &Corpus::topic_files},
    {"filler_words.txt", &Corpus::filler_files},
};

// The list a data file named `name` goes to; null for any other file.
std::vector<std::string> Corpus::*DataFileList(const std::string& name) {
  for (const DataFileName& data : kDataFileNames) {
    if (name == data.name) return data.list;
  }
  return nullptr;
}

// One file as read, before the corpus is put together.
struct ReadFileResult {
  fs::path path;
  Bank bank;
  bool in_folder = false;
};

// A folder's files: data files go to the corpus's lists, banks to `out`,
// in name order.
Status ListFolder(const fs::path& dir, Corpus& corpus, std::vector<fs::path>& out) {
  std::vector<fs::path> banks;
  for (const auto& entry : fs::recursive_directory_iterator(dir, fs::directory_options::skip_permission_denied)) {
    if (!entry.is_regular_file()) continue;
    const fs::path& p = entry.path();
    if (p.string().find("/.git/") != std::string::npos || p.string().find("/node_modules/") != std::string::npos) {
      continue;
    }
    const std::string name = p.filename().string();
    if (std::vector<std::string> Corpus::*list = DataFileList(name)) {
      (corpus.*list).push_back(p.string());
    } else if (IsBankFileName(name)) {
      banks.push_back(p);
    }
  }
  std::sort(banks.begin(), banks.end());
  out.insert(out.end(), banks.begin(), banks.end());
  return Status::Ok();
}

// Files of a folder with no questions of their own but a title: when most
// of a folder's markdown files are such, the folder is a bank of
// one-question files, and each is read as one.
void ReadOneQuestionFolders(std::vector<ReadFileResult>& files) {
  std::map<fs::path, std::pair<int, int>> per_folder;  // folder -> (candidates, markdown files)
  std::vector<std::optional<Bank>> single(files.size());
  for (size_t i = 0; i < files.size(); ++i) {
    const ReadFileResult& f = files[i];
    if (!f.in_folder || !IsMarkdown(f.path) || IsRepositoryDoc(f.path)) continue;
    auto& [candidates, markdown] = per_folder[f.path.parent_path()];
    ++markdown;
    if (f.bank.shape == kOneQuestionPerFile) ++candidates;
    if (!f.bank.questions.empty()) continue;
    Result<std::string> content = ReadFile(f.path);
    if (!content.ok()) continue;
    Result<Bank> one = ReadSingleQuestionMarkdown(*content, f.path.string());
    if (one.ok() && !one->questions.empty()) {
      single[i] = std::move(*one);
      ++candidates;
    }
  }
  for (size_t i = 0; i < files.size(); ++i) {
    if (!single[i]) continue;
    auto [candidates, markdown] = per_folder[files[i].path.parent_path()];
    if (candidates >= 2 && candidates * 2 >= markdown) files[i].bank = std::move(*single[i]);
  }
  std::map<fs::path, int> position;  // a one-question file's number: its place in its folder
  for (ReadFileResult& f : files) {
    if (f.bank.shape == kOneQuestionPerFile && !f.bank.questions.empty()) {
      f.bank.questions[0].number = ++position[f.path.parent_path()];
    }
  }
}

size_t CountDistinct(const std::vector<Question>& qs, std::string Question::*field) {
  std::set<std::string> seen;
  for (const Question& q : qs) seen.insert(q.*field);
  return seen.size();
}

// Ids two files share: the questions of those files' sections take their
// bank's slug in front ("react/basics/1"); banks of the same name are told
// apart by "-2", "-3". One-question files of a folder are one bank.
void TellSharedIdsApart(std::vector<ReadFileResult>& files) {
  auto bank_key = [](const ReadFileResult& f) {
    return f.bank.shape == kOneQuestionPerFile ? f.path.parent_path().string() : f.path.string();
  };
  std::unordered_map<std::string, std::set<std::string>> banks_of_id;
  for (const ReadFileResult& f : files) {
    for (const Question& q : f.bank.questions) banks_of_id[q.id].insert(bank_key(f));
  }
  std::set<std::string> taken_slugs;
  std::map<std::string, std::string> slug_of_bank;
  for (ReadFileResult& f : files) {
    std::set<std::string> shared_sections;
    for (const Question& q : f.bank.questions) {
      if (banks_of_id[q.id].size() > 1) shared_sections.insert(q.id.substr(0, q.id.find('/')));
    }
    if (shared_sections.empty()) continue;
    auto [it, fresh] = slug_of_bank.emplace(bank_key(f), "");
    if (fresh) {
      std::string slug = Slugify(f.bank.title);
      if (slug.empty()) slug = "bank";
      std::string candidate = slug;
      for (int n = 1; !taken_slugs.insert(candidate).second;) candidate = slug + "-" + std::to_string(++n);
      it->second = candidate;
    }
    for (Question& q : f.bank.questions) {
      if (shared_sections.count(q.id.substr(0, q.id.find('/')))) q.id = it->second + "/" + q.id;
    }
  }
}

Status CheckIdsUnique(const Corpus& corpus) {
  std::unordered_map<std::string, const Question*> seen;
  for (const Question& q : corpus.questions) {
    auto [it, fresh] = seen.emplace(q.id, &q);
    if (!fresh) {
      return Status::InvalidArgument(q.source + ": duplicate id \"" + q.id + "\" (first at " + it->second->source +
                                     ")");
    }
  }
  return Status::Ok();
}

Status Assemble(std::vector<ReadFileResult>& files, Corpus& corpus) {
  ReadOneQuestionFolders(files);
  TellSharedIdsApart(files);
  for (ReadFileResult& f : files) {
    Bank& bank = f.bank;
    FileReport report;
    report.file = f.path.string();
    report.bank = bank.title;
    report.shape = bank.shape;
    report.questions = bank.questions.size();
    report.sections = CountDistinct(bank.questions, &Question::section);
    report.parts = CountDistinct(bank.questions, &Question::part);
    report.skipped = bank.questions.empty();
    if (report.skipped) report.shape.clear();
    if (!f.in_folder && report.skipped) {
      return Status::InvalidArgument(report.file +
                                     ": no questions found (looked for numbered or bulleted lists of questions, "
                                     "questions as headings, <details> blocks, Q:/A: labels, rows of a CSV/TSV)");
    }
    corpus.reports.push_back(report);
    for (BankWarning& w : bank.warnings) corpus.warnings.push_back(std::move(w));
    if (report.skipped) continue;
    corpus.files.push_back(report.file);
    for (Question& q : bank.questions) {
      q.bank = bank.title;
      corpus.questions.push_back(std::move(q));
    }
  }
  return Status::Ok();
}

}  // namespace

bool IsDataFileName(const std::string& file_name) { return DataFileList(file_name) != nullptr; }

Result<Corpus> LoadCorpus(const std::vector<std::string>& paths, const LoadOptions& options) {
  Corpus corpus;
  std::vector<ReadFileResult> files;
  std::set<std::string> seen_files;
  try {
    for (const std::string& path : paths) {
      fs::path p(path);
      std::error_code ec;
      std::vector<fs::path> listed;
      bool folder = fs::is_directory(p, ec);
      if (folder) {
        if (Status s = ListFolder(p, corpus, listed); !s.ok()) return s;
      } else if (fs::exists(p, ec)) {
        listed.push_back(p);
      } else {
        return Status::NotFound(path + ": no such file or folder");
      }
      for (const fs::path& file : listed) {
        // The same file reached twice (a folder and a file in it) is read once.
        std::error_code same_ec;
        fs::path canonical = fs::weakly_canonical(file, same_ec);
        if (!seen_files.insert(same_ec ? file.string() : canonical.string()).second) continue;
        Result<std::string> content = ReadFile(file);
        if (!content.ok()) return content.status();
        Result<Bank> bank = ReadBank(*content, file.string());
        if (!bank.ok()) {  // a folder's file that cannot be a bank is skipped, saying why
          if (!folder) return bank.status();
          Bank skipped{file.string(), TitleFromFileName(file.string()), "", {}, {}};
          Warn(skipped, 0, warning::kMalformedRow, bank.status().message() + "; file skipped");
          bank = std::move(skipped);
        }
        files.push_back({file, std::move(*bank), folder});
      }
    }
  } catch (const fs::filesystem_error& e) {
    return Status::IOError(e.what());
  }
  std::sort(corpus.synonym_files.begin(), corpus.synonym_files.end());
  std::sort(corpus.concept_files.begin(), corpus.concept_files.end());
  if (Status s = Assemble(files, corpus); !s.ok()) return s;
  if (options.strict && !corpus.warnings.empty()) {
    const BankWarning& w = corpus.warnings.front();
    return Status::InvalidArgument(w.where + ": " + w.message + " (" + w.kind + "; --strict makes warnings errors)");
  }
  if (corpus.questions.empty()) {
    return Status::NotFound("no question bank found (markdown, JSON Lines, CSV or TSV files with questions)");
  }
  if (Status s = CheckIdsUnique(corpus); !s.ok()) return s;
  return corpus;
}

}  // namespace quarry
