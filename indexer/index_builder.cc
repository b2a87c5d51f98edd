#include "indexer/index_builder.h"

#include <xapian.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <thread>

#include "core/analyzer.h"
#include "core/schema.h"
#include "core/shards.h"
#include "indexer/document_queue.h"
#include "indexer/generations.h"
#include "indexer/index_metadata.h"
#include "indexer/question_document.h"

namespace quarry {
namespace {

// Below this many questions a second thread costs more than it saves.
constexpr size_t kPipelineFrom = 2000;

// Xapian buffers postings in maps keyed by term until it commits (by
// default every 10,000 documents); the bigger the maps, the slower each
// document goes in. Committing every 1,000 built the Debian bench corpus
// 12% faster with 12% less peak memory (bench/README.md). The generation
// is not live until it is switched in, so the extra commits are unseen.
constexpr size_t kCommitEvery = 1000;

// Where a generation's documents go: its one database, or the shards of
// a sharded one (core/shards.h) beside its bank-wide part.
class DocumentSink {
 public:
  DocumentSink(const std::string& path, size_t shards) {
    constexpr int kCreate = Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_BACKEND_GLASS;
    if (shards <= 1) {
      bank_ = Xapian::WritableDatabase(path, kCreate);
      return;
    }
    namespace fs = std::filesystem;
    fs::create_directories(path);
    std::ofstream stub(fs::path(path) / "XAPIANDB");
    stub << "auto " << shards::kBankPart << "\n";
    bank_ = Xapian::WritableDatabase((fs::path(path) / shards::kBankPart).string(), kCreate);
    for (size_t i = 0; i < shards; ++i) {
      stub << "auto " << shards::ShardName(i) << "\n";
      shards_.emplace_back((fs::path(path) / shards::ShardName(i)).string(), kCreate);
    }
    stub.flush();
    if (!stub) throw std::runtime_error(path + "/XAPIANDB: cannot write");
  }
  // Where metadata, spelling and synonyms go.
  Xapian::WritableDatabase& bank() { return bank_; }
  void Add(const Question& question, const Xapian::Document& doc) {
    if (shards_.empty()) {
      bank_.add_document(doc);
    } else {
      shards_[shards::ShardOf(question.id, shards_.size())].add_document(doc);
    }
  }
  void Commit() {
    bank_.commit();
    for (Xapian::WritableDatabase& shard : shards_) shard.commit();
  }
  // Gives every shard the bank part's schema version and build, and says
  // which shard it is, then commits and closes them all.
  void Close() {
    const std::string version(schema::kMetaSchemaVersion), build(schema::kMetaBuild);
    for (size_t i = 0; i < shards_.size(); ++i) {
      shards_[i].set_metadata(version, bank_.get_metadata(version));
      shards_[i].set_metadata(build, bank_.get_metadata(build));
      shards_[i].set_metadata(std::string(schema::kMetaShard),
                              std::to_string(i) + " " + std::to_string(shards_.size()));
    }
    Commit();
    bank_.close();
    for (Xapian::WritableDatabase& shard : shards_) shard.close();
  }

 private:
  Xapian::WritableDatabase bank_;
  std::vector<Xapian::WritableDatabase> shards_;
};

Status WriteGeneration(const std::vector<Question>& questions, const SynonymTable& synonyms,
                       const IndexOptions& options, const std::string& path, IndexSummary& summary) {
  DocumentSink sink(path, options.shards);
  Xapian::WritableDatabase& db = sink.bank();
  SpellingWords spellings;

  // Analysis (tokenizing, stemming, serializing) runs on a second thread
  // while this one hands the documents to Xapian, which takes most of
  // the time; the queue between them is bounded.
  const bool pipelined = questions.size() >= kPipelineFrom;
  // Without a second thread the analysis queues every document first.
  DocumentQueue queue(pipelined ? 256 : questions.size());
  std::exception_ptr analysis_error;
  auto analyse = [&] {
    try {
      Analyzer analyzer;
      for (size_t i = 0; i < questions.size(); ++i) {
        // A full build's positions are 0, 1, 2...: an update places between them.
        if (!queue.Push(MakeDocument(analyzer, questions[i], static_cast<double>(i), spellings))) return;
      }
    } catch (...) {
      analysis_error = std::current_exception();
    }
    queue.Finish();
  };
  std::thread analysis;
  if (pipelined) {
    analysis = std::thread(analyse);
  } else {
    analyse();
  }
  // Stops and joins the analysis thread however this function is left.
  struct Joiner {
    DocumentQueue& queue;
    std::thread& thread;
    ~Joiner() {
      queue.Close();
      if (thread.joinable()) thread.join();
    }
  } joiner{queue, analysis};

  size_t done = 0;
  Xapian::Document doc;
  while (queue.Pop(doc)) {
    // Ids are unique (BuildIndex's contract) in a fresh database.
    sink.Add(questions[done], doc);
    ++done;
    if (done % kCommitEvery == 0) sink.Commit();
    if (options.progress && options.progress_every && done % options.progress_every == 0) {
      options.progress(done, questions.size());
    }
  }
  if (analysis.joinable()) analysis.join();
  if (analysis_error) std::rethrow_exception(analysis_error);
  spellings.ForEachKept([&](const std::string& word, int64_t times) {
    db.add_spelling(word, static_cast<Xapian::termcount>(times));
  });
  WriteSynonyms(synonyms, db);
  WriteIndexMetadata(questions, options, spellings, db, summary);
  sink.Close();
  summary.synonyms = synonyms.size();
  summary.added = questions.size();
  return Status::Ok();
}

}  // namespace

Result<IndexSummary> BuildIndex(const std::vector<Question>& questions, const SynonymTable& synonyms,
                                const IndexOptions& options) {
  auto started = std::chrono::steady_clock::now();
  IndexSummary summary;
  Result<std::string> generation =
      WriteNewGeneration(options.db_path, [&](const std::string&, const std::string& path) {
        return WriteGeneration(questions, synonyms, options, path, summary);
      });
  if (!generation.ok()) return generation.status();
  summary.generation = *generation;
  summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return summary;
}

}  // namespace quarry
