#include "indexer/index_corpus.h"

#include <chrono>
#include <exception>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>

#include "core/analyzer.h"
#include "core/function_words.h"
#include "indexer/classifier.h"
#include "indexer/concepts.h"
#include "indexer/near_duplicates.h"
#include "indexer/synonyms.h"
#include "indexer/initialisms.h"
#include "indexer/vocabulary.h"

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

// What the data files give the pipeline.
struct Knowledge {
  explicit Knowledge(const Analyzer& analyzer) : classifier(analyzer) {}
  SynonymTable synonyms;  // synonyms and concept neighbours
  QuestionClassifier classifier;
  std::set<std::string> fillers;  // stems of the filler words
  std::set<std::string> code_words;  // common words that are names in code
  std::map<std::string, uint64_t> term_documents;
  uint64_t documents = 0;
};

// The corpus's files of one kind, then the options' own.
std::vector<std::string> Concat(std::vector<std::string> found,
                                const std::vector<std::string>& extra) {
  found.insert(found.end(), extra.begin(), extra.end());
  return found;
}

// Reads each file and hands its content and name to `add`; lists it in `read`.
template <typename Add>
Status ReadEach(const std::vector<std::string>& files, std::vector<std::string>& read, Add add) {
  for (const std::string& file : files) {
    read.push_back(file);
    std::ifstream in(file, std::ios::binary);
    if (!in) return Status::IOError(file + ": cannot open");
    std::stringstream content;
    content << in.rdbuf();
    if (in.bad()) return Status::IOError(file + ": read failed");
    if (Status s = add(content.str(), file); !s.ok()) return s;
  }
  return Status::Ok();
}

Status ReadData(const Corpus& corpus, const IndexCorpusOptions& options, const Analyzer& analyzer,
                Knowledge& knowledge, std::vector<std::string>& read) {
  Status s = ReadEach(Concat(corpus.synonym_files, options.synonym_files), read,
                      [&](const std::string& content, const std::string& file) {
                        return ParseSynonyms(content, file, analyzer, knowledge.synonyms);
                      });
  if (!s.ok()) return s;
  s = ReadEach(Concat(corpus.concept_files, options.concept_files), read,
               [&](const std::string& content, const std::string& file) {
                 return ParseConcepts(content, file, analyzer, knowledge.synonyms);
               });
  if (!s.ok()) return s;
  s = ReadEach(Concat(corpus.type_files, options.type_files), read,
               [&](const std::string& content, const std::string& file) {
                 return knowledge.classifier.AddTypes(content, file);
               });
  if (!s.ok()) return s;
  s = ReadEach(Concat(corpus.topic_files, options.topic_files), read,
               [&](const std::string& content, const std::string& file) {
                 return knowledge.classifier.AddTopics(content, file);
               });
  if (!s.ok()) return s;
  return ReadEach(Concat(corpus.filler_files, options.filler_files), read,
                  [&](const std::string& content, const std::string& file) {
                    return ParseFillerWords(content, file, analyzer, knowledge.fillers);
                  });
}

// Types, topics and near-duplicates, set on every question.
void Derive(const Knowledge& knowledge, const Analyzer& analyzer,
            std::vector<Question>& questions) {
  for (Question& q : questions) {
    q.type = knowledge.classifier.TypeOf(q);
    q.topics = knowledge.classifier.TopicsOf(q);
  }
  MarkNearDuplicates(questions, analyzer, knowledge.fillers);
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

Result<IndexSummary> Build(const std::vector<Question>& questions, const Knowledge& knowledge,
                           const IndexCorpusOptions& options, ProgressMeter& meter) {
  IndexOptions build;
  build.db_path = options.db_path;
  build.filler_words = knowledge.fillers;
  build.code_words = knowledge.code_words;
  build.term_documents = knowledge.term_documents;
  build.documents = knowledge.documents;
  if (meter.enabled()) {
    build.progress_every = kCheckEveryDocuments;
    build.progress = [&meter](size_t done, size_t) { meter.Indexed(done); };
  }
  meter.Begin(IndexProgress::Stage::kIndexing);
  return BuildIndex(questions, knowledge.synonyms, build);
}

// Takes in what the banks and the learned vocabulary know of these banks'
// words, after the hand-written lists, which they never override: first
// the vocabulary's abbreviations and neighbours (definitions read in
// documentation), then the initialisms the banks spell out.
Status AddLearnedKnowledge(const IndexCorpusOptions& options, const Analyzer& analyzer, Knowledge& knowledge,
                           IndexReport& report) {
  const std::set<std::string> bank_words = BankWords(report.corpus.questions, analyzer);
  std::optional<Vocabulary> vocabulary;
  if (!options.vocabulary_dir.empty()) {
    Result<Vocabulary> loaded = LoadVocabulary(options.vocabulary_dir, analyzer);
    if (!loaded.ok()) return loaded.status();
    vocabulary = std::move(loaded).value();
    report.data_files.insert(report.data_files.end(), vocabulary->files.begin(), vocabulary->files.end());
    report.vocabulary_entries =
        AddVocabulary(*vocabulary, bank_words, analyzer, VocabularyOptions(), knowledge.synonyms);
    for (const auto& [word, lift] : vocabulary->code_words) {
      if (IsCommonWord(word)) knowledge.code_words.insert(word);
    }
    // Every term, not only the banks': a word typed that technical writing
    // knows is spelled right, though the banks lack it.
    knowledge.documents = vocabulary->documents;
    knowledge.term_documents = vocabulary->term_documents;
  }
  report.initialisms = AddBankInitialisms(report.corpus.questions, analyzer, bank_words,
                                          vocabulary ? &*vocabulary : nullptr, InitialismOptions(),
                                          knowledge.synonyms);
  return Status::Ok();
}

// Loads the banks and the data files into `report` and `knowledge`.
Status Read(const std::vector<std::string>& paths, const IndexCorpusOptions& options,
            const Analyzer& analyzer, Knowledge& knowledge, IndexReport& report) {
  LoadOptions load;
  load.strict = options.strict;
  Result<Corpus> corpus = LoadCorpus(paths, load);
  if (!corpus.ok()) return corpus.status();
  if (Status s = ReadData(*corpus, options, analyzer, knowledge, report.data_files); !s.ok()) {
    return s;
  }
  report.corpus = std::move(corpus).value();
  if (options.adjust_corpus) options.adjust_corpus(report.corpus);
  return AddLearnedKnowledge(options, analyzer, knowledge, report);
}

Result<IndexReport> Run(const std::vector<std::string>& paths, const IndexCorpusOptions& options) {
  ProgressMeter meter(options.progress);
  const Clock::time_point started = Clock::now();
  meter.Begin(IndexProgress::Stage::kReading);
  IndexReport report;
  Analyzer analyzer;
  Knowledge knowledge(analyzer);
  if (Status s = Read(paths, options, analyzer, knowledge, report); !s.ok()) return s;
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
  Result<IndexSummary> summary = Build(report.corpus.questions, knowledge, options, meter);
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
