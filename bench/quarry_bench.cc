// bench-quarry: Quarry measured in-process, through its library.
//
//   bench-quarry queries --corpus PATH... --out FILE [--count 2000] [--seed 5]
//       writes a query log made reproducibly from the corpus's question texts
//   bench-quarry build --corpus PATH... --db DIR [--synonyms FILE]... [--concepts FILE]...
//                      [--types FILE]... [--topics FILE]... [--fillers FILE]...
//       quarry::IndexCorpus, the pipeline quarry-index runs (synonyms, concepts,
//       types, topics, near-duplicates), into a fresh DIR; prints JSON:
//       seconds, peak memory, index size
//   bench-quarry search --db DIR --queries FILE [--warmup 1] [--passes 1]
//                       [--latencies FILE] [--ranking KNOB=VALUE]...
//       every query of the log as a top-10 search with facet counts, after a
//       warm-up pass; prints JSON: latency percentiles, queries per second
//
// Paths given to --corpus are read by quarry::LoadCorpus, as quarry-index
// reads them (markdown or JSON Lines; folders recursively). Exit status 0,
// or 2 with a message on stderr.
#include <cctype>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "bench/bench_util.h"
#include "indexer/corpus_loader.h"
#include "indexer/index_corpus.h"
#include "searcher/searcher.h"

namespace {

using nlohmann::json;
using quarry::bench::Args;
using quarry::bench::LoggedQuery;
using quarry::bench::QueryOutcome;

constexpr int kExitOk = 0;
constexpr int kExitError = 2;

int Fail(const std::string& message) {
  std::cerr << "bench-quarry: " << message << "\n";
  return kExitError;
}

// ---- The query log ----------------------------------------------------

// What share of the queries get one typo, and what share end in a prefix
// of a word (percent); the rest are plain.
constexpr unsigned kTypoPercent = 20;
constexpr unsigned kPrefixPercent = 20;

// A reproducible random source: mt19937_64's output is fixed by the C++
// standard, and so is plain modulo (unlike the standard distributions).
class Rng {
 public:
  explicit Rng(uint64_t seed) : engine_(seed) {}
  size_t Below(size_t n) { return n == 0 ? 0 : static_cast<size_t>(engine_() % n); }

 private:
  std::mt19937_64 engine_;
};

bool IsWordByte(unsigned char c) { return std::isalnum(c) || c >= 0x80; }

// The words of a question text as a user would retype them: white-space
// separated, sentence punctuation around them dropped, at least one letter.
std::vector<std::string> WordsOf(const std::string& text) {
  std::vector<std::string> words;
  std::istringstream in(text);
  std::string word;
  while (in >> word) {
    size_t begin = 0, end = word.size();
    while (begin < end && !IsWordByte(word[begin])) ++begin;
    while (end > begin && !IsWordByte(word[end - 1])) --end;
    word = word.substr(begin, end - begin);
    bool letter = false;
    for (unsigned char c : word) letter = letter || std::isalpha(c) || c >= 0x80;
    if (word.size() >= 2 && letter) words.push_back(word);
  }
  return words;
}

bool IsAsciiLetters(const std::string& word) {
  for (unsigned char c : word) {
    if (!std::isalpha(c)) return false;
  }
  return true;
}

// One edit inside the word (never its first letter): a deletion, a
// transposition, a substitution or an insertion. REQUIRES: size() >= 5.
std::string WithTypo(std::string word, Rng& rng) {
  const size_t n = word.size();
  const char letter = static_cast<char>('a' + rng.Below(26));
  switch (rng.Below(4)) {
    case 0:
      word.erase(1 + rng.Below(n - 1), 1);
      break;
    case 1: {
      size_t i = 1 + rng.Below(n - 2);
      if (word[i] == word[i + 1]) return WithTypo(word.substr(0, i) + letter + word.substr(i), rng);
      std::swap(word[i], word[i + 1]);
      break;
    }
    case 2: {
      size_t i = 1 + rng.Below(n - 1);
      word[i] = word[i] == letter ? static_cast<char>(letter == 'z' ? 'a' : letter + 1) : letter;
      break;
    }
    default:
      word.insert(1 + rng.Below(n - 1), 1, letter);
  }
  return word;
}

std::string Join(const std::vector<std::string>& words) {
  std::string out;
  for (const std::string& w : words) out += (out.empty() ? "" : " ") + w;
  return out;
}

int MakeQueries(const Args& args) {
  const std::vector<std::string> paths = args.GetAll("corpus");
  const std::string out_path = args.Get("out");
  const long count = args.GetInt("count", 2000);
  const long seed = args.GetInt("seed", 5);
  if (paths.empty() || out_path.empty() || count <= 0) {
    return Fail("usage: bench-quarry queries --corpus PATH... --out FILE [--count N] [--seed S]");
  }
  quarry::Result<quarry::Corpus> corpus = quarry::LoadCorpus(paths);
  if (!corpus.ok()) return Fail(corpus.status().ToString());
  const std::vector<quarry::Question>& questions = corpus->questions;

  Rng rng(static_cast<uint64_t>(seed));
  std::ofstream out(out_path, std::ios::trunc);
  out << "# " << count << " queries, seed " << seed << ", from " << questions.size()
      << " questions: kind<TAB>query\n";
  long written = 0;
  // Bounded: a corpus whose texts have no words ends the loop.
  for (long attempt = 0; written < count && attempt < count * 20; ++attempt) {
    std::vector<std::string> words = WordsOf(questions[rng.Below(questions.size())].text);
    if (words.empty()) continue;
    size_t n = std::min(words.size(), 1 + rng.Below(3));
    size_t start = rng.Below(words.size() - n + 1);
    std::vector<std::string> picked(words.begin() + start, words.begin() + start + n);
    std::string kind = "plain";
    unsigned roll = static_cast<unsigned>(rng.Below(100));
    if (roll < kTypoPercent) {
      std::vector<size_t> candidates;
      for (size_t i = 0; i < picked.size(); ++i) {
        if (picked[i].size() >= 5 && IsAsciiLetters(picked[i])) candidates.push_back(i);
      }
      if (!candidates.empty()) {
        size_t i = candidates[rng.Below(candidates.size())];
        picked[i] = WithTypo(picked[i], rng);
        kind = "typo";
      }
    } else if (roll < kTypoPercent + kPrefixPercent && picked.back().size() >= 4 &&
               IsAsciiLetters(picked.back())) {
      picked.back().resize(3 + rng.Below(picked.back().size() - 3));
      kind = "prefix";
    }
    out << kind << '\t' << Join(picked) << '\n';
    ++written;
  }
  if (!out) return Fail(out_path + ": cannot write");
  if (written < count) return Fail("the corpus has too few words for " + std::to_string(count));
  std::cerr << "bench-quarry: " << written << " queries -> " << out_path << "\n";
  return kExitOk;
}

// ---- Index build --------------------------------------------------------

int Build(const Args& args) {
  const std::vector<std::string> paths = args.GetAll("corpus");
  const std::string db = args.Get("db");
  if (paths.empty() || db.empty()) {
    return Fail(
        "usage: bench-quarry build --corpus PATH... --db DIR [--synonyms FILE]... "
        "[--concepts FILE]... [--types FILE]... [--topics FILE]... [--fillers FILE]...");
  }
  quarry::IndexCorpusOptions options;
  options.db_path = db;
  options.synonym_files = args.GetAll("synonyms");
  options.concept_files = args.GetAll("concepts");
  options.type_files = args.GetAll("types");
  options.topic_files = args.GetAll("topics");
  options.filler_files = args.GetAll("fillers");
  std::error_code ec;
  std::filesystem::remove_all(db, ec);  // a cold build: no earlier generation
  auto started = std::chrono::steady_clock::now();
  quarry::Result<quarry::IndexReport> report = quarry::IndexCorpus(paths, options);
  if (!report.ok()) return Fail(report.status().ToString());
  const quarry::IndexSummary& summary = report->summary;

  json out = {
      {"engine", "quarry"},
      {"documents", summary.questions},
      {"sections", summary.sections},
      {"synonym_keys", summary.synonyms},
      {"warnings", report->corpus.warnings.size()},
      // Reading the corpus and its data files, and deriving types, topics
      // and near-duplicates: what comes before the index is written.
      {"load_seconds", report->read_seconds + report->derive_seconds},
      {"derive_seconds", report->derive_seconds},
      {"index_seconds", summary.seconds},
      {"total_seconds", quarry::bench::SecondsSince(started)},
      {"cpu_seconds", quarry::bench::CpuSeconds()},  // the whole process
      {"peak_rss_bytes", quarry::bench::PeakRssBytes()},
      {"index_bytes", quarry::bench::DiskBytes(db)},
  };
  std::cout << out.dump(2) << "\n";
  return kExitOk;
}

// ---- Queries ------------------------------------------------------------

int Search(const Args& args) {
  const std::string db = args.Get("db");
  const std::string log_path = args.Get("queries");
  if (db.empty() || log_path.empty()) {
    return Fail(
        "usage: bench-quarry search --db DIR --queries FILE [--warmup N] [--passes N] "
        "[--latencies FILE] [--ranking KNOB=VALUE]...");
  }
  std::vector<LoggedQuery> log;
  std::string error;
  if (!quarry::bench::ReadQueryLog(log_path, log, error)) return Fail(error);

  // A knob varied (searcher/ranking.h), to see what a mechanism costs.
  quarry::SearcherOptions options;
  for (const std::string& knob : args.GetAll("ranking")) {
    quarry::Status status = quarry::SetKnob(options.ranking, knob);
    if (!status.ok()) return Fail(status.ToString());
  }
  auto open_started = std::chrono::steady_clock::now();
  quarry::Result<std::unique_ptr<quarry::Searcher>> searcher =
      quarry::Searcher::Open(db, options);
  if (!searcher.ok()) return Fail(searcher.status().ToString());
  const double open_seconds = quarry::bench::SecondsSince(open_started);

  size_t corrected = 0;
  auto search = [&](const LoggedQuery& q) {
    quarry::SearchRequest request;
    request.query = q.text;  // as typed: the last word is also a prefix
    request.limit = 10;
    quarry::Result<quarry::SearchResponse> response = (*searcher)->Search(request);
    if (!response.ok()) return QueryOutcome{false, 0, 0};
    if (response->showing_corrected) ++corrected;
    return QueryOutcome{true, response->total, response->hits.size()};
  };
  quarry::bench::LogRun run =
      quarry::bench::RunLog(log, static_cast<int>(args.GetInt("warmup", 1)),
                            static_cast<int>(args.GetInt("passes", 1)), search);
  if (args.Has("latencies") && !quarry::bench::WriteLatencies(args.Get("latencies"), run, log)) {
    return Fail(args.Get("latencies") + ": cannot write");
  }
  json out = quarry::bench::LogRunJson(run, log);
  out["engine"] = "quarry";
  out["documents"] = (*searcher)->QuestionCount();
  out["open_seconds"] = open_seconds;
  // Counted over every pass, warm-up included.
  out["showing_corrected_per_pass"] =
      corrected / static_cast<size_t>(run.passes + args.GetInt("warmup", 1));
  std::cout << out.dump(2) << "\n";
  return kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string usage =
      "usage: bench-quarry queries|build|search [options] (see bench/README.md)";
  if (argc < 2) return Fail(usage);
  const std::string mode = argv[1];
  Args args;
  std::string error;
  if (!args.Parse(argc, argv, 2, {}, error)) return Fail(error);
  if (mode == "queries") return MakeQueries(args);
  if (mode == "build") return Build(args);
  if (mode == "search") return Search(args);
  return Fail(usage);
}
