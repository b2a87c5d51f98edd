#include "indexer/index_corpus.h"

#include <chrono>
#include <exception>
#include <filesystem>
#include <set>

#include "core/analyzer.h"
#include "indexer/knowledge.h"

namespace quarry {
namespace {

using Clock = std::chrono::steady_clock;

double SecondsBetween(Clock::time_point from, Clock::time_point to) {
  return std::chrono::duration<double>(to - from).count();
}

// BuildIndex calls back every this many documents; the meter then looks at
// the clock, which costs far less than indexing them.
constexpr size_t kCheckEveryDocuments = 32;

// Turns the pipeline's milestones into IndexProgress reports, throttled to
// one every kProgressIntervalSeconds while questions are indexed.
class ProgressMeter {
 public:
  explicit ProgressMeter(const std::function<void(const IndexProgress&)>& callback)
      : callback_(callback), started_(Clock::now()) {}

  bool enabled() const { return static_cast<bool>(callback_); }

  // The banks are read: `files` of them, holding `questions`.
  void Found(size_t files, size_t questions) {
    progress_.files_read = files;
    progress_.questions = questions;
  }

  // A stage begins: always reported.
  void Begin(IndexProgress::Stage stage) {
    if (!callback_) return;
    progress_.stage = stage;
    if (stage == IndexProgress::Stage::kIndexing) indexing_started_ = Clock::now();
    Report(Clock::now());
  }

  // `done` questions are in the new generation.
  void Indexed(size_t done) {
    const Clock::time_point now = Clock::now();
    if (SecondsBetween(last_report_, now) < kProgressIntervalSeconds) return;
    progress_.questions_indexed = done;
    const double indexing = SecondsBetween(indexing_started_, now);
    progress_.questions_per_second = indexing > 0 ? done / indexing : 0;
    progress_.seconds_left = progress_.questions_per_second > 0
                                 ? (progress_.questions - done) / progress_.questions_per_second
                                 : -1;
    Report(now);
  }

 private:
  void Report(Clock::time_point now) {
    progress_.elapsed_seconds = SecondsBetween(started_, now);
    last_report_ = now;
    callback_(progress_);
  }

  const std::function<void(const IndexProgress&)>& callback_;
  const Clock::time_point started_;
  Clock::time_point indexing_started_, last_report_;
  IndexProgress progress_;
};

// The data files of `corpus`'s folders, then the options' own, and the vocabulary.
DataFiles DataFilesOf(const Corpus& corpus, const IndexCorpusOptions& options) {
  auto concat = [](std::vector<std::string> found, const std::vector<std::string>& extra) {
    found.insert(found.end(), extra.begin(), extra.end());
    return found;
  };
  DataFiles files;
  files.synonyms = concat(corpus.synonym_files, options.synonym_files);
  files.concepts = concat(corpus.concept_files, options.concept_files);
  files.types = concat(corpus.type_files, options.type_files);
  files.topics = concat(corpus.topic_files, options.topic_files);
  files.fillers = concat(corpus.filler_files, options.filler_files);
  files.vocabulary_dir = options.vocabulary_dir;
  return files;
}

// What BuildIndex would count, without building.
IndexSummary CountWithoutBuilding(const std::vector<Question>& questions,
                                  const SynonymTable& synonyms) {
  std::set<std::string> banks, sections, parts;
  for (const Question& q : questions) {
    if (!q.bank.empty()) banks.insert(q.bank);
    sections.insert(q.section);
    parts.insert(q.part);
  }
  IndexSummary summary;
  summary.questions = questions.size();
  summary.banks = banks.size();
  summary.sections = sections.size();
  summary.parts = parts.size();
  summary.synonyms = synonyms.size();
  return summary;
}

Result<IndexSummary> Build(const Corpus& corpus, const DataFiles& data, const Knowledge& knowledge,
                           BankCounts counts, const IndexCorpusOptions& options, ProgressMeter& meter) {
  IndexOptions build = WriteOptionsFor(options.db_path, knowledge);
  build.sources = SourcesOf(corpus, data);
  build.sources.derivation_fingerprint = knowledge.derivation_fingerprint;
  build.counts = std::move(counts);
  build.shards = options.shards;
  if (meter.enabled()) {
    build.progress_every = kCheckEveryDocuments;
    build.progress = [&meter](size_t done, size_t) { meter.Indexed(done); };
  }
  meter.Begin(IndexProgress::Stage::kIndexing);
  return BuildIndex(corpus.questions, knowledge.synonyms, build);
}

// Loads the banks and the data files into `report` and `knowledge`.
Status Read(const std::vector<std::string>& paths, const IndexCorpusOptions& options,
            const Analyzer& analyzer, Knowledge& knowledge, DataFiles& data, BankCounts& counts,
            IndexReport& report) {
  LoadOptions load;
  load.strict = options.strict;
  Result<Corpus> corpus = LoadCorpus(paths, load);
  if (!corpus.ok()) return corpus.status();
  data = DataFilesOf(*corpus, options);
  if (Status s = ReadDataFiles(data, analyzer, knowledge, report.data_files); !s.ok()) return s;
  report.corpus = std::move(corpus).value();
  if (options.adjust_corpus) options.adjust_corpus(report.corpus);
  for (const Question& q : report.corpus.questions) counts.Add(q, analyzer);
  Result<LearnedCounts> learned = AddLearnedKnowledge(
      options.vocabulary_dir, report.corpus.questions, counts.words.Words(report.corpus.questions, analyzer),
      counts.runs, analyzer, knowledge);
  if (!learned.ok()) return learned.status();
  report.data_files.insert(report.data_files.end(), learned->files.begin(), learned->files.end());
  report.vocabulary_entries = learned->vocabulary_entries;
  report.initialisms = learned->initialisms;
  return Status::Ok();
}

Result<IndexReport> Run(const std::vector<std::string>& paths, const IndexCorpusOptions& options) {
  ProgressMeter meter(options.progress);
  const Clock::time_point started = Clock::now();
  meter.Begin(IndexProgress::Stage::kReading);
  IndexReport report;
  Analyzer analyzer;
  Knowledge knowledge(analyzer);
  DataFiles data;
  BankCounts counts;
  if (Status s = Read(paths, options, analyzer, knowledge, data, counts, report); !s.ok()) return s;
  const Clock::time_point read = Clock::now();
  report.read_seconds = SecondsBetween(started, read);

  meter.Found(report.corpus.files.size(), report.corpus.questions.size());
  meter.Begin(IndexProgress::Stage::kDeriving);
  Derive(knowledge, analyzer, report.corpus.questions);
  report.derive_seconds = SecondsBetween(read, Clock::now());

  if (options.check_only) {
    report.summary = CountWithoutBuilding(report.corpus.questions, knowledge.synonyms);
    return report;
  }
  Result<IndexSummary> summary = Build(report.corpus, data, knowledge, std::move(counts), options, meter);
  if (!summary.ok()) return summary.status();
  report.summary = std::move(summary).value();
  return report;
}

}  // namespace

std::string DefaultVocabularyDir() {
  // A relative path (an installed package's: ../share/quarry/...) is from
  // the folder of the running program, so that an install can move.
  const std::filesystem::path dir(QUARRY_VOCABULARY_DIR);
  if (dir.is_absolute()) return dir.string();
  std::error_code ec;
  const std::filesystem::path program = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) return dir.string();
  return (program.parent_path() / dir).lexically_normal().string();
}

Result<IndexReport> IndexCorpus(const std::vector<std::string>& paths,
                                const IndexCorpusOptions& options) {
  if (!options.check_only && options.db_path.empty()) {
    return Status::InvalidArgument("no index folder given");
  }
  try {
    return Run(paths, options);
  } catch (const std::exception& e) {
    return Status::Internal(std::string("indexing failed: ") + e.what());
  } catch (...) {
    return Status::Internal("indexing failed: an unexpected error");
  }
}

}  // namespace quarry
