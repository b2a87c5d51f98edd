#include "indexer/index_builder.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>
#include <xapian.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>
#include <unordered_map>

#include "core/analyzer.h"
#include "core/index_layout.h"
#include "core/schema.h"
#include "core/slug.h"
#include "indexer/document_queue.h"

namespace quarry {
namespace fs = std::filesystem;
namespace {

// The words, one space apart: how a set of words is kept in the metadata.
std::string JoinWords(const std::set<std::string>& words) {
  std::string out;
  for (const std::string& w : words) out += (out.empty() ? "" : " ") + w;
  return out;
}

using layout::kGenerationPrefix;
using layout::kStubName;

// Holds an exclusive flock on the index folder while a build runs.
class BuildLock {
 public:
  explicit BuildLock(const fs::path& dir) {
    fs::path path = dir / layout::kLockName;
    fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0) {
      error_ = path.string() + ": " + std::strerror(errno);
    } else if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
      error_ = errno == EWOULDBLOCK ? dir.string() + ": another quarry-index is writing this index"
                                    : path.string() + ": " + std::strerror(errno);
      ::close(fd_);
      fd_ = -1;
    }
  }
  ~BuildLock() {
    if (fd_ >= 0) ::close(fd_);  // releases the lock
  }
  bool held() const { return fd_ >= 0; }
  // Why the lock is not held.
  const std::string& error() const { return error_; }

 private:
  int fd_ = -1;
  std::string error_;
};

// gen-N folders in `dir`, by N.
std::map<long, fs::path> Generations(const fs::path& dir) {
  std::map<long, fs::path> out;
  for (const auto& entry : fs::directory_iterator(dir)) {
    std::string name = entry.path().filename().string();
    if (!entry.is_directory() || name.rfind(kGenerationPrefix, 0) != 0) continue;
    char* end = nullptr;
    long n = std::strtol(name.c_str() + 4, &end, 10);
    if (end && *end == '\0' && n > 0) out[n] = entry.path();
  }
  return out;
}

// The words offered as spelling corrections: every word of a question's
// text, section or tags, and the words of bodies seen at least twice in the
// bank. A word found once in one long body is more often a name, a version
// or a typo than a word anyone searches for, and each costs the build a
// dozen spelling-table entries (Debian bench corpus: 79,000 distinct words,
// 47,000 kept).
class SpellingWords {
 public:
  void Add(const std::string& word, bool headline) {
    Seen& seen = seen_[word];
    ++seen.times;
    seen.headline = seen.headline || headline;
  }
  // Each kept word with how often the bank uses it: of two corrections as
  // near, Xapian offers the more frequent ("packae": "package", not the
  // "packag" typo of one description).
  template <typename Visit>
  void ForEachKept(Visit visit) const {
    for (const auto& [word, seen] : seen_) {
      if (seen.headline || seen.times >= 2) visit(word, seen.times);
    }
  }

 private:
  struct Seen {
    Xapian::termcount times = 0;
    bool headline = false;
  };
  std::unordered_map<std::string, Seen> seen_;
};

// Adds the terms of `text` for one field; returns the next free position.
// `headline`: the field is a question's text, section or tag (spelling).
uint32_t IndexField(const Analyzer& analyzer, std::string_view text, const schema::TextField& field,
                    Xapian::termcount wdf, bool positions, uint32_t first_position, bool headline,
                    Xapian::Document& doc, SpellingWords& spellings) {
  uint32_t next = first_position;
  auto add = [&](const std::string& term, uint32_t pos) {
    if (term.empty()) return;  // (a long word's term is shortened: schema::FitTerm)
    if (positions) {
      doc.add_posting(term, pos, wdf);
    } else {
      doc.add_term(term, wdf);
    }
  };
  for (const Token& t : analyzer.Tokenize(text, first_position)) {
    if (t.compound) {
      add(schema::Prefixed(field.prefix, t.text), t.position);
      if (!t.parts.empty() && t.text.size() <= 32) spellings.Add(t.text, headline);
    }
    uint32_t pos = t.position;
    for (const std::string& part : t.parts) {
      add(schema::Prefixed(field.prefix, part), pos++);
      std::string stem = analyzer.Stem(part);
      if (!stem.empty()) doc.add_term(schema::Prefixed(field.stemmed_prefix, stem), wdf);
      if (part.size() >= 3 && part.size() <= 32) spellings.Add(part, headline);
    }
    next = t.position + t.width();
  }
  return next;
}

Status WriteStub(const fs::path& dir, const std::string& generation) {
  fs::path tmp = dir / (std::string(kStubName) + ".tmp");
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << "auto " << generation << "\n";
    out.flush();
    if (!out) return Status::IOError(tmp.string() + ": cannot write");
  }
  int fd = ::open(tmp.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
  // rename(2) is atomic: a reader opens the old generation or the new one.
  std::error_code ec;
  fs::rename(tmp, dir / kStubName, ec);
  if (ec) return Status::IOError((dir / kStubName).string() + ": " + ec.message());
  int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
  return Status::Ok();
}

std::string NowIso8601() {
  std::time_t now = std::time(nullptr);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
  return buf;
}

// Adds to `doc` every facet value of `q`: its filter term and, in the
// facet's slot, the values as displayed.
void AddFacets(const Question& q, Xapian::Document& doc) {
  for (size_t f = 0; f < schema::kFacetCount; ++f) {
    const auto id = schema::FacetId(f);
    std::string stored;
    for (std::string_view value : schema::kFacets[id].values_of(q)) {
      if (value.empty()) continue;
      std::string term = schema::FacetTerm(id, value);
      if (term.size() > schema::kFacets[id].filter_prefix.size()) doc.add_boolean_term(term);
      if (!stored.empty()) stored += schema::kValueSeparator;
      stored += value;
    }
    doc.add_value(schema::kFacets[id].slot, stored);
  }
}

// The Xapian document of question `q`, `order`th in the bank; adds the
// words worth suggesting to `spellings`.
Xapian::Document MakeDocument(const Analyzer& analyzer, const Question& q, size_t order,
                              SpellingWords& spellings) {
  Xapian::Document doc;
  IndexField(analyzer, q.text, schema::kTextField, schema::kTextWdf, true, 1, true, doc, spellings);
  // The answer: a field of its own (it weighs less), with positions for phrases.
  if (!q.body.empty()) {
    IndexField(analyzer, q.body, schema::kAnswerField, schema::kAnswerWdf, true, 1, false, doc, spellings);
  }
  for (const std::string& tag : q.tags) {
    IndexField(analyzer, tag, schema::kTextField, schema::kTextWdf, false, 0, true, doc, spellings);
    std::string slug = Slugify(tag);
    if (!slug.empty()) doc.add_boolean_term(schema::Prefixed(schema::kTagFilter, slug));
  }
  if (!q.section.empty()) {
    IndexField(analyzer, q.section, schema::kSectionField, schema::kSectionWdf, false, 0, true, doc,
               spellings);
  }
  AddFacets(q, doc);
  doc.add_value(schema::kSlotDuplicate, q.duplicate_key);
  doc.add_boolean_term(schema::Prefixed(schema::kId, q.id));
  doc.add_value(schema::kSlotOrder, Xapian::sortable_serialise(static_cast<double>(order)));
  doc.add_value(schema::kSlotNumber, Xapian::sortable_serialise(q.number));
  doc.set_data(SerializeQuestion(q));
  return doc;
}

// Below this many questions a second thread costs more than it saves.
constexpr size_t kPipelineFrom = 2000;

// Xapian buffers postings in maps keyed by term until it commits (by
// default every 10,000 documents); the bigger the maps, the slower each
// document goes in. Committing every 1,000 built the Debian bench corpus
// 12% faster with 12% less peak memory (bench/README.md). The generation
// is not live until it is switched in, so the extra commits are unseen.
constexpr size_t kCommitEvery = 1000;

Status WriteGeneration(const std::vector<Question>& questions, const SynonymTable& synonyms,
                       const IndexOptions& options, const fs::path& path, IndexSummary& summary) {
  Xapian::WritableDatabase db(path.string(), Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_BACKEND_GLASS);
  SpellingWords spellings;
  // Bank outline: parts in order, each with its sections in order and counts.
  nlohmann::json outline = nlohmann::json::array();
  std::map<std::string, size_t> part_index;
  std::set<std::string> section_names;
  // The banks in order of first appearance, with their question counts.
  nlohmann::json banks = nlohmann::json::array();
  std::map<std::string, size_t> bank_index;

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
        if (!queue.Push(MakeDocument(analyzer, questions[i], i, spellings))) return;  // closed: stop
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
    const Question& q = questions[done];
    // Ids are unique (BuildIndex's contract) in a fresh database.
    db.add_document(doc);

    auto [it, new_part] = part_index.emplace(q.part, outline.size());
    if (new_part) outline.push_back({{"part", q.part}, {"sections", nlohmann::json::array()}});
    nlohmann::json& sections = outline[it->second]["sections"];
    if (sections.empty() || sections.back()["section"] != q.section) {
      sections.push_back({{"section", q.section}, {"count", 0}});
    }
    sections.back()["count"] = sections.back()["count"].get<size_t>() + 1;
    section_names.insert(q.section);
    if (!q.bank.empty()) {
      auto [b, new_bank] = bank_index.emplace(q.bank, banks.size());
      if (new_bank) banks.push_back({{"bank", q.bank}, {"count", 0}});
      banks[b->second]["count"] = banks[b->second]["count"].get<size_t>() + 1;
    }

    ++done;
    if (done % kCommitEvery == 0) db.commit();
    if (options.progress && options.progress_every && done % options.progress_every == 0) {
      options.progress(done, questions.size());
    }
  }
  if (analysis.joinable()) analysis.join();
  if (analysis_error) std::rethrow_exception(analysis_error);
  spellings.ForEachKept([&](const std::string& word, Xapian::termcount times) { db.add_spelling(word, times); });
  for (const auto& [key, values] : synonyms) {
    // (A concept key, made by schema::ConceptKey, fits already: SynonymKey keeps it.)
    const std::string stored = schema::SynonymKey(key);
    for (const std::string& value : values) {
      // Xapian stores a synonym in at most 255 bytes and reads a longer one
      // back as corrupt; it cannot be shortened, as a query uses its words.
      if (value.size() <= schema::kMaxTermBytes) db.add_synonym(stored, value);
    }
  }
  db.set_metadata(std::string(schema::kMetaSchemaVersion), std::string(schema::kSchemaVersion));
  db.set_metadata(std::string(schema::kMetaBuiltAt), NowIso8601());
  constexpr auto kReplace = nlohmann::json::error_handler_t::replace;  // never throw on a stray byte
  db.set_metadata(std::string(schema::kMetaOutline), outline.dump(-1, ' ', false, kReplace));
  db.set_metadata(std::string(schema::kMetaBanks), banks.dump(-1, ' ', false, kReplace));
  db.set_metadata(std::string(schema::kMetaFillerWords), JoinWords(options.filler_words));
  db.set_metadata(std::string(schema::kMetaCodeWords), JoinWords(options.code_words));
  if (options.documents > 0) {
    std::string lines = "documents " + std::to_string(options.documents) + "\n";
    for (const auto& [stem, n] : options.term_documents) lines += stem + " " + std::to_string(n) + "\n";
    db.set_metadata(std::string(schema::kMetaTermDocuments), lines);
  }
  db.commit();
  db.close();

  summary.questions = questions.size();
  summary.banks = banks.size();
  summary.sections = section_names.size();
  summary.parts = part_index.size();
  summary.synonyms = synonyms.size();
  return Status::Ok();
}

}  // namespace

Result<IndexSummary> BuildIndex(const std::vector<Question>& questions, const SynonymTable& synonyms,
                                const IndexOptions& options) {
  auto started = std::chrono::steady_clock::now();
  fs::path dir(options.db_path);
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return Status::IOError(dir.string() + ": " + ec.message());
  BuildLock lock(dir);
  if (!lock.held()) return Status::IOError(lock.error());

  IndexSummary summary;
  fs::path path;
  try {
    std::string previous;
    if (Result<std::string> current = layout::CurrentGeneration(dir.string()); current.ok()) {
      previous = fs::path(*current).filename().string();
    }
    // A generation newer than the current one was never switched in: a
    // build that was killed or failed left it half-written. Remove it
    // first, so that failed builds never pile up on a full disk.
    // Numbers are never reused, so a log's gen-N always means one build.
    auto generations = Generations(dir);
    const long next = generations.empty() ? 1 : generations.rbegin()->first + 1;
    for (auto it = generations.begin(); !previous.empty() && it != generations.end(); ++it) {
      if (it->second.filename() != previous) continue;
      for (auto newer = std::next(it); newer != generations.end(); ++newer) fs::remove_all(newer->second, ec);
      break;
    }
    std::string name = kGenerationPrefix + std::to_string(next);
    path = dir / name;
    if (Status s = WriteGeneration(questions, synonyms, options, path, summary); !s.ok()) {
      fs::remove_all(path, ec);
      return s;
    }
    if (Status s = WriteStub(dir, name); !s.ok()) {
      fs::remove_all(path, ec);
      return s;
    }
    summary.generation = path.string();
    // Keep the generation readers may still have open; anything else is
    // older, or left half-written by a build that was killed.
    for (const auto& [n, gen] : Generations(dir)) {
      if (gen == path || gen.filename() == previous) continue;
      fs::remove_all(gen, ec);
    }
  } catch (const Xapian::Error& e) {
    if (!path.empty()) fs::remove_all(path, ec);
    return Status::IOError(path.string() + ": " + e.get_description());
  } catch (const std::exception& e) {
    if (!path.empty()) fs::remove_all(path, ec);
    return Status::IOError(path.string() + ": " + e.what());
  }
  summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return summary;
}

}  // namespace quarry
