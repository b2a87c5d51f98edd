#include "indexer/index_builder.h"

#include <xapian.h>

#include <chrono>
#include <thread>

#include "core/analyzer.h"
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

Status WriteGeneration(const std::vector<Question>& questions, const SynonymTable& synonyms,
                       const IndexOptions& options, const std::string& path, IndexSummary& summary) {
  Xapian::WritableDatabase db(path, Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_BACKEND_GLASS);
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
    db.add_document(doc);
    ++done;
    if (done % kCommitEvery == 0) db.commit();
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
  db.commit();
  db.close();
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
