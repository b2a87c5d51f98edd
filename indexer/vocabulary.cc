#include "indexer/vocabulary.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/function_words.h"
#include "core/line_reader.h"
#include "core/schema.h"
#include "core/utf8.h"
#include "indexer/data_lines.h"

namespace quarry {
namespace {

namespace fs = std::filesystem;

// The file's content, or "" when it does not exist.
Result<std::string> ReadIfThere(const fs::path& path) {
  std::error_code ec;
  if (!fs::exists(path, ec)) return std::string();
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IOError(path.string() + ": cannot open");
  std::stringstream content;
  content << in.rdbuf();
  if (in.bad()) return Status::IOError(path.string() + ": read failed");
  return content.str();
}

// Parses "term: neighbour 0.77, neighbour 0.75" lines.
Status ParseNeighbours(std::string_view content, const std::string& file, const Analyzer& analyzer,
                       Vocabulary& out) {
  LineReader lines(content);
  std::string_view line;
  while (lines.Next(line)) {
    auto error = [&](const std::string& what) {
      return Status::InvalidArgument(file + ":" + std::to_string(lines.line_no()) + ": " + what);
    };
    // Only whole lines are comments: a neighbour may be "#define".
    line = TrimBlanks(line);
    if (line.empty() || line[0] == '#') continue;
    size_t colon = line.find(": ");
    if (colon == std::string_view::npos) return error("expected \"term: neighbour similarity, ...\"");
    std::vector<Token> tokens = analyzer.Tokenize(line.substr(0, colon));
    if (tokens.empty()) return error("the term before the colon is missing");
    Vocabulary::Entry entry{SynonymKey(analyzer, line.substr(0, colon)), {}};
    for (std::string_view item : SplitCommas(line.substr(colon + 2))) {
      item = TrimBlanks(item);
      size_t space = item.rfind(' ');
      if (item.empty() || space == std::string_view::npos) return error("expected \"neighbour similarity\"");
      std::string number(item.substr(space + 1));
      char* end = nullptr;
      double similarity = std::strtod(number.c_str(), &end);
      if (end == number.c_str() || *end != '\0') return error("\"" + number + "\" is not a similarity");
      std::string term = SynonymKey(analyzer, item.substr(0, space));
      if (!term.empty()) entry.neighbours.push_back({std::move(term), similarity});
    }
    out.neighbours[analyzer.StemmedKey(tokens)] = std::move(entry);
  }
  return Status::Ok();
}

// Parses "word: lift" lines.
Status ParseCodeWords(std::string_view content, const std::string& file, Vocabulary& out) {
  LineReader lines(content);
  std::string_view line;
  while (lines.Next(line)) {
    line = TrimBlanks(StripComment(line));
    if (line.empty()) continue;
    size_t colon = line.rfind(": ");
    std::string number(colon == std::string_view::npos ? "" : line.substr(colon + 2));
    char* end = nullptr;
    double lift = std::strtod(number.c_str(), &end);
    if (number.empty() || *end != '\0') {
      return Status::InvalidArgument(file + ":" + std::to_string(lines.line_no()) + ": expected \"word: lift\"");
    }
    out.code_words[std::string(line.substr(0, colon))] = lift;
  }
  return Status::Ok();
}

// The key of a word as BankWords keeps it.
std::string WordKey(const Analyzer& analyzer, const std::string& word) {
  std::string stem = analyzer.Stem(word);
  return stem.empty() ? word : stem;
}

// Whether every word of `term` (a compound: as written, or all its parts)
// is among `words`.
bool InBanks(const std::string& term, const std::set<std::string>& words, const Analyzer& analyzer) {
  std::vector<Token> tokens = analyzer.Tokenize(term);
  if (tokens.empty()) return false;
  return std::all_of(tokens.begin(), tokens.end(), [&](const Token& t) {
    if (words.count(WordKey(analyzer, t.text))) return true;
    return t.compound && !t.parts.empty() && std::all_of(t.parts.begin(), t.parts.end(), [&](const std::string& p) {
      return words.count(WordKey(analyzer, p)) > 0;
    });
  });
}

Status ParseTermFrequencies(std::string_view content, const std::string& file, const Analyzer& analyzer,
                            Vocabulary& out) {
  LineReader lines(content);
  std::string_view line;
  while (lines.Next(line)) {
    line = TrimBlanks(line);
    if (line.empty()) continue;
    if (line[0] == '#') {
      constexpr std::string_view kDocuments = "# documents: ";
      if (line.substr(0, kDocuments.size()) == kDocuments) {
        out.documents = std::strtoull(std::string(line.substr(kDocuments.size())).c_str(), nullptr, 10);
      }
      continue;
    }
    size_t colon = line.rfind(": ");
    if (colon == std::string_view::npos) {
      return Status::InvalidArgument(file + ":" + std::to_string(lines.line_no()) + ": expected \"term: documents\"");
    }
    std::vector<Token> tokens = analyzer.Tokenize(line.substr(0, colon));
    if (tokens.size() != 1) continue;
    out.term_documents[analyzer.StemmedKey(tokens)] +=
        std::strtoull(std::string(line.substr(colon + 2)).c_str(), nullptr, 10);
  }
  return Status::Ok();
}

}  // namespace

Result<Vocabulary> LoadVocabulary(const std::string& dir, const Analyzer& analyzer) {
  Vocabulary vocabulary;
  const fs::path root(dir);
  auto read = [&](const char* name, auto parse) -> Status {
    const fs::path path = root / name;
    Result<std::string> content = ReadIfThere(path);
    if (!content.ok()) return content.status();
    if (content->empty()) return Status::Ok();
    vocabulary.files.push_back(path.string());
    if (auto bad = FindInvalidUtf8(*content)) {
      return Status::InvalidArgument(path.string() + ": invalid UTF-8 at byte " + std::to_string(*bad + 1));
    }
    return parse(*content, path.string());
  };
  Status s = read("abbreviations.txt", [&](const std::string& content, const std::string& file) {
    return ParseSynonyms(content, file, analyzer, vocabulary.abbreviations);
  });
  if (s.ok()) {
    s = read("neighbours.txt", [&](const std::string& content, const std::string& file) {
      return ParseNeighbours(content, file, analyzer, vocabulary);
    });
  }
  if (s.ok()) {
    s = read("code_words.txt", [&](const std::string& content, const std::string& file) {
      return ParseCodeWords(content, file, vocabulary);
    });
  }
  if (s.ok()) {
    s = read("term_frequencies.txt", [&](const std::string& content, const std::string& file) {
      return ParseTermFrequencies(content, file, analyzer, vocabulary);
    });
  }
  if (!s.ok()) return s;
  return vocabulary;
}

namespace {

// Hands `visit` the key of every word of `text`, as BankWords keeps it.
template <typename Visit>
void ForEachWordKey(const std::string& text, const Analyzer& analyzer, Visit visit) {
  for (const Token& t : analyzer.Tokenize(text)) {
    visit(WordKey(analyzer, t.text));
    for (const std::string& p : t.parts) visit(WordKey(analyzer, p));
  }
}

}  // namespace

void BankWordCounts::Add(const Question& question, const Analyzer& analyzer, int sign) {
  std::set<std::string> words;  // each once a question
  auto insert = [&](std::string key) { words.insert(std::move(key)); };
  ForEachWordKey(question.text, analyzer, insert);
  ForEachWordKey(question.body, analyzer, insert);
  for (const std::string& word : words) {
    auto it = counts_.try_emplace(word, 0).first;
    it->second += sign;
    if (it->second <= 0) counts_.erase(it);
  }
}

std::set<std::string> BankWordCounts::Words(const std::vector<Question>& questions, const Analyzer& analyzer) const {
  std::set<std::string> words;
  for (const auto& [word, n] : counts_) words.insert(words.end(), word);
  auto insert = [&](std::string key) { words.insert(std::move(key)); };
  std::set<std::string> titles;  // each section and part title once
  for (const Question& q : questions) {
    if (titles.insert(q.section).second) ForEachWordKey(q.section, analyzer, insert);
    if (titles.insert(q.part).second) ForEachWordKey(q.part, analyzer, insert);
  }
  return words;
}

std::string BankWordCounts::Serialize() const {
  std::string out;
  for (const auto& [word, n] : counts_) out += word + " " + std::to_string(n) + "\n";
  return out;
}

Result<BankWordCounts> BankWordCounts::Parse(const std::string& stored) {
  // The count is the line's last field: a word may hold a space of another script.
  BankWordCounts counts;
  LineReader lines(stored);
  std::string_view line;
  while (lines.Next(line)) {
    if (line.empty()) continue;
    const size_t space = line.rfind(' ');
    char* end = nullptr;
    const std::string number(space == std::string_view::npos ? "" : line.substr(space + 1));
    const long long n = std::strtoll(number.c_str(), &end, 10);
    if (space == std::string_view::npos || space == 0 || number.empty() || *end != '\0' || n <= 0) {
      return Status::Corruption("the index's bank word counts cannot be read");
    }
    counts.counts_.emplace(std::string(line.substr(0, space)), n);
  }
  return counts;
}

std::set<std::string> BankWords(const std::vector<Question>& questions, const Analyzer& analyzer) {
  BankWordCounts counts;
  for (const Question& q : questions) counts.Add(q, analyzer);
  return counts.Words(questions, analyzer);
}

size_t AddVocabulary(const Vocabulary& vocabulary, const std::set<std::string>& bank_words,
                     const Analyzer& analyzer, const VocabularyOptions& options, SynonymTable& table) {
  size_t added = 0;
  const SynonymTable hand_written = table;  // what the lists define wins
  for (const auto& [key, expansions] : vocabulary.abbreviations) {
    // "can" (controller area network) is nearly always the English word.
    if (hand_written.count(key) || IsCommonWord(key)) continue;
    std::set<std::string> meant;
    bool matters = InBanks(key, bank_words, analyzer);
    for (const std::string& e : expansions) {
      if (IsCommonWord(e)) continue;
      meant.insert(e);
      matters = matters || InBanks(e, bank_words, analyzer);
    }
    if (!matters || meant.empty()) continue;
    table[key].insert(meant.begin(), meant.end());
    ++added;
  }
  for (const auto& [stemmed, entry] : vocabulary.neighbours) {
    const std::string concept_key = schema::ConceptKey(stemmed);
    if (hand_written.count(concept_key)) continue;  // concepts.txt knows this term
    std::set<std::string> group;
    for (const LearnedNeighbour& n : entry.neighbours) {
      if (group.size() >= options.max_neighbours || n.similarity < options.min_similarity) break;
      if (InBanks(n.term, bank_words, analyzer)) group.insert(n.term);
    }
    if (group.empty()) continue;
    const std::string name = schema::LearnedGroupName(entry.term);
    group.insert(entry.term);
    table[schema::ConceptGroupKey(name)] = std::move(group);
    table[concept_key].insert(name);
    ++added;
  }
  return added;
}

}  // namespace quarry
