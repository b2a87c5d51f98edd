#include "indexer/index_update.h"

#include <algorithm>
#include <chrono>
#include <exception>
#include <filesystem>
#include <future>
#include <set>
#include <unordered_map>

#include "core/analyzer.h"
#include "core/index_layout.h"
#include "indexer/generations.h"
#include "indexer/knowledge.h"
#include "indexer/readers/markdown_reader.h"
#include "indexer/stored_index.h"

namespace quarry {
namespace fs = std::filesystem;
namespace {

using Clock = std::chrono::steady_clock;

double SecondsSince(Clock::time_point from) { return std::chrono::duration<double>(Clock::now() - from).count(); }

// The questions of one bank file, in bank order.
struct Block {
  std::string path;  // absolute
  std::vector<Question> questions;
  bool stored = false;  // the index's own questions, not read again
  std::string shape;    // as the file was read (FileReport::shape)
};

// Is `path` inside folder `dir` (both absolute and normalised)?
bool IsUnder(const std::string& path, const std::string& dir) {
  const std::string prefix = dir.back() == '/' ? dir : dir + "/";
  return path.compare(0, prefix.size(), prefix) == 0;
}

Result<std::vector<Block>> StoredBlocks(const StoredIndex& stored, const std::string& db_path) {
  std::vector<Block> blocks;
  size_t next = 0;
  for (const SourceFile& file : stored.sources.files) {
    if (next + file.questions > stored.questions.size()) break;
    Block block{file.path, {}, true, file.shape};
    for (size_t i = 0; i < file.questions; ++i) block.questions.push_back(stored.questions[next++].question);
    blocks.push_back(std::move(block));
  }
  if (next != stored.questions.size()) {
    return Status::Corruption(db_path + ": the index does not record which file each question came from; "
                              "rebuild it (quarry-index without --add)");
  }
  return blocks;
}

// Where a full build would read a file the index does not have: before the
// first file of its folder whose name sorts after it, else after the last
// file of its folder, else last.
size_t InsertionPoint(const std::vector<Block>& blocks, const std::string& path) {
  const fs::path folder = fs::path(path).parent_path();
  size_t after_last_sibling = blocks.size();
  bool sibling = false;
  for (size_t i = 0; i < blocks.size(); ++i) {
    if (fs::path(blocks[i].path).parent_path() != folder) continue;
    if (fs::path(path) < fs::path(blocks[i].path)) return i;
    sibling = true;
    after_last_sibling = i + 1;
  }
  return sibling ? after_last_sibling : blocks.size();
}

// Splits `corpus`'s questions by the file each came from (its reports).
std::vector<Block> BlocksOf(Corpus& corpus) {
  std::vector<Block> out;
  size_t next = 0;
  for (const FileReport& report : corpus.reports) {
    if (report.skipped || report.questions == 0) continue;
    Block block{AbsolutePath(report.file), {}, false, report.shape};
    for (size_t i = 0; i < report.questions && next < corpus.questions.size(); ++i) {
      block.questions.push_back(corpus.questions[next++]);
    }
    out.push_back(std::move(block));
  }
  return out;
}

// The folder to read for markdown file `path`, when the index read the
// files beside it as a folder of one-question files: such a folder is read
// as a whole (a file of it alone would be read as a bank of its own, and
// the files' numbers are their places in the folder). Empty otherwise.
std::string OneQuestionFolderOf(const std::string& path, const std::vector<Block>& blocks) {
  const std::string ext = fs::path(path).extension().string();
  if (ext != ".md" && ext != ".markdown") return "";
  const fs::path folder = fs::path(AbsolutePath(path)).parent_path();
  for (const Block& block : blocks) {
    if (block.shape == kOneQuestionPerFile && fs::path(block.path).parent_path() == folder) return folder.string();
  }
  return "";
}

// Applies the added files and the removed ids to `blocks`.
Status Splice(const IndexUpdate& update, const IndexCorpusOptions& options, std::vector<Block>& blocks,
              IndexReport& report) {
  std::vector<std::string> readable;
  std::vector<std::string> gone;  // absolute paths of files or folders named that are not there
  for (const std::string& path : update.add) {
    std::error_code ec;
    const std::string folder = OneQuestionFolderOf(path, blocks);
    if (!folder.empty()) {
      if (std::find(readable.begin(), readable.end(), folder) == readable.end()) readable.push_back(folder);
    } else if (fs::exists(path, ec)) {
      readable.push_back(path);
    } else {
      gone.push_back(AbsolutePath(path));
    }
  }
  std::vector<Block> added;
  if (!readable.empty()) {
    LoadOptions load;
    load.strict = options.strict;
    Result<Corpus> corpus = LoadCorpus(readable, load);
    if (!corpus.ok()) return corpus.status();
    report.corpus = std::move(corpus).value();
    added = BlocksOf(report.corpus);
  }
  // A folder named stands for what it holds now; a path that is gone, for nothing.
  std::set<std::string> dropped_under;
  for (const std::string& path : readable) {
    if (fs::is_directory(path)) dropped_under.insert(AbsolutePath(path));
  }
  std::set<std::string> added_paths;
  for (const Block& block : added) added_paths.insert(block.path);
  for (const std::string& path : gone) {
    bool known = false;
    for (const Block& block : blocks) known = known || block.path == path || IsUnder(block.path, path);
    if (!known && update.missing_ok) continue;
    if (!known) return Status::IOError(path + ": cannot open");
    dropped_under.insert(path);
  }
  std::vector<Block> kept;
  for (Block& block : blocks) {
    bool dropped = false;
    for (const std::string& dir : dropped_under) dropped = dropped || block.path == dir || IsUnder(block.path, dir);
    if (!dropped || added_paths.count(block.path)) kept.push_back(std::move(block));
  }
  blocks = std::move(kept);
  for (Block& block : added) {
    auto same = std::find_if(blocks.begin(), blocks.end(), [&](const Block& b) { return b.path == block.path; });
    if (same != blocks.end()) {
      same->questions = std::move(block.questions);
      same->stored = false;
    } else {
      blocks.insert(blocks.begin() + static_cast<long>(InsertionPoint(blocks, block.path)), std::move(block));
    }
  }
  std::set<std::string> present;
  for (const Block& block : blocks) {
    for (const Question& q : block.questions) present.insert(q.id);
  }
  for (const std::string& id : update.remove) {
    if (!present.count(id)) return Status::NotFound("no question with id \"" + id + "\" to remove");
  }
  const std::set<std::string> removing(update.remove.begin(), update.remove.end());
  for (Block& block : blocks) {
    auto& qs = block.questions;
    qs.erase(std::remove_if(qs.begin(), qs.end(), [&](const Question& q) { return removing.count(q.id) > 0; }),
             qs.end());
  }
  return Status::Ok();
}

// Every question of `blocks` in order, and the files they came from; fails
// on an id that two files give.
// Every question of `blocks` in order (moved out of them), whether each is
// one of the index's own (`from_stored`), and the files they came from;
// fails on an id that two files give.
Status Flatten(std::vector<Block>& blocks, std::vector<Question>& questions, std::vector<bool>& from_stored,
               std::vector<SourceFile>& files) {
  std::unordered_map<std::string, const std::string*> file_of;
  for (Block& block : blocks) {
    if (block.questions.empty()) continue;
    files.push_back({block.path, block.questions.size(), block.shape});
    for (Question& q : block.questions) {
      auto [it, fresh] = file_of.emplace(q.id, &block.path);
      if (!fresh) {
        return Status::InvalidArgument((q.source.empty() ? block.path : q.source) + ": duplicate id \"" + q.id +
                                       "\" (also in " + *it->second + ")");
      }
      questions.push_back(std::move(q));
      from_stored.push_back(block.stored);
    }
  }
  return Status::Ok();
}

// Which of `questions` are stored ones read again unchanged: those take
// back what was derived for them (their answer's words are counted, their
// type and near-duplicate keys known). Sets `carried` per question.
void TakeBackStored(const StoredIndex& stored, std::vector<Question>& questions,
                    const std::vector<bool>& from_stored, std::vector<bool>& carried) {
  carried = from_stored;
  for (size_t i = 0; i < questions.size(); ++i) {
    if (carried[i]) continue;
    auto it = stored.at.find(questions[i].id);
    if (it == stored.at.end()) continue;
    const Question& before = stored.questions[it->second].question;
    if (!SameSource(before, questions[i])) continue;
    std::string source = std::move(questions[i].source);
    questions[i] = before;
    questions[i].source = std::move(source);
    carried[i] = true;
  }
}

// The index's questions with the update applied, in bank order; which
// are stored ones read again unchanged (`carried`); their files.
Status Gather(const IndexUpdate& update, const IndexCorpusOptions& options, const StoredIndex& stored,
              IndexReport& report, std::vector<Question>& questions, std::vector<bool>& carried,
              std::vector<SourceFile>& files) {
  Result<std::vector<Block>> blocks = StoredBlocks(stored, options.db_path);
  if (!blocks.ok()) return blocks.status();
  if (Status s = Splice(update, options, *blocks, report); !s.ok()) return s;
  std::vector<bool> from_stored;
  if (Status s = Flatten(*blocks, questions, from_stored, files); !s.ok()) return s;
  if (questions.empty()) return Status::InvalidArgument(options.db_path + ": the update would leave no question");
  TakeBackStored(stored, questions, from_stored, carried);
  return Status::Ok();
}

// The bank's words and runs counted after the update, and the
// near-duplicate groups it changes: the stored counts less the questions
// gone or changed, plus the new ones.
BankCounts CountWords(const StoredIndex& stored, const std::vector<Question>& questions,
                      const std::vector<bool>& carried, const Analyzer& analyzer, KnownDuplicates& known) {
  std::vector<bool> kept(stored.questions.size(), false);  // by place in stored.questions
  for (size_t i = 0; i < questions.size(); ++i) {
    if (carried[i]) kept[stored.at.at(questions[i].id)] = true;
  }
  BankCounts counts = stored.counts;
  for (size_t i = 0; i < stored.questions.size(); ++i) {
    if (kept[i]) continue;
    counts.Add(stored.questions[i].question, analyzer, -1);
    known.changed_bases.insert(stored.questions[i].question.duplicate_base);
  }
  for (size_t i = 0; i < questions.size(); ++i) {
    if (!carried[i]) counts.Add(questions[i], analyzer);
  }
  return counts;
}

// The live generation copied into this process's staging folder on a
// thread of its own, while the update reads and derives: the copy is what
// the update then writes into. Removes the folder unless it was taken.
class StagedCopy {
 public:
  StagedCopy(const std::string& db_path, const std::string& generation)
      : folder_(StagingFolder(db_path)), copying_(std::async(std::launch::async, [this, generation]() -> Status {
          std::error_code ec;
          fs::remove_all(folder_, ec);
          fs::copy(generation, folder_, fs::copy_options::recursive, ec);
          return ec ? Status::IOError(folder_ + ": cannot copy " + generation + ": " + ec.message()) : Status::Ok();
        })) {}
  ~StagedCopy() {
    if (copying_.valid()) copying_.wait();
    std::error_code ec;
    fs::remove_all(folder_, ec);  // nothing once renamed into place
  }
  // Waits for the copy; its folder.
  Result<std::string> Wait() {
    Status s = copying_.get();
    if (!s.ok()) return s;
    return folder_;
  }

 private:
  const std::string folder_;
  std::future<Status> copying_;
};

Result<IndexReport> Run(const IndexUpdate& update, const IndexCorpusOptions& options) {
  const Clock::time_point started = Clock::now();
  Result<std::string> live = layout::CurrentGeneration(options.db_path);
  if (!live.ok()) {
    return Status::NotFound(options.db_path + ": no index to update; build one first (quarry-index without --add)");
  }
  if (std::filesystem::exists(std::filesystem::path(*live) / layout::kStubName)) {
    return Status::InvalidArgument(options.db_path +
                                   ": a sharded index is not updated in place; build it again (quarry-index --shards N)");
  }
  StagedCopy copy(options.db_path, *live);
  Result<StoredIndex> stored = ReadStoredIndex(options.db_path, *live);
  if (!stored.ok()) return stored.status();
  IndexReport report;
  std::vector<Question> questions;
  std::vector<bool> carried;
  IndexSources sources;
  sources.data = stored->sources.data;
  if (Status s = Gather(update, options, *stored, report, questions, carried, sources.files); !s.ok()) return s;

  Analyzer analyzer;
  Knowledge knowledge(analyzer);
  if (Status s = ReadDataFiles(sources.data, analyzer, knowledge, report.data_files); !s.ok()) return s;
  KnownDuplicates known;
  BankCounts counts = CountWords(*stored, questions, carried, analyzer, known);
  const std::set<std::string> bank_words = counts.words.Words(questions, analyzer);
  // The synonyms learned are written last: they are learned (on a thread of
  // their own, with an analyzer of its own) while the questions are derived
  // and written. The two touch different fields of questions and knowledge.
  std::future<Result<LearnedCounts>> learning = std::async(std::launch::async, [&] {
    Analyzer own;
    return AddLearnedKnowledge(sources.data.vocabulary_dir, questions, bank_words, counts.runs, own, knowledge);
  });
  report.read_seconds = SecondsSince(started);

  const Clock::time_point derive = Clock::now();
  // What was derived stands where the files that shape it are as they were.
  const bool same_derivation = knowledge.derivation_fingerprint == stored->sources.derivation_fingerprint;
  known.known = same_derivation ? carried : std::vector<bool>(questions.size(), false);
  Derive(knowledge, analyzer, questions, &known);
  report.derive_seconds = SecondsSince(derive);
  auto tail = [&]() -> Result<UpdateTail> {
    Result<LearnedCounts> learned = learning.get();
    if (!learned.ok()) return learned.status();
    report.data_files.insert(report.data_files.end(), learned->files.begin(), learned->files.end());
    report.vocabulary_entries = learned->vocabulary_entries;
    report.initialisms = learned->initialisms;
    UpdateTail written{std::move(knowledge.synonyms), WriteOptionsFor(options.db_path, knowledge)};
    sources.derivation_fingerprint = knowledge.derivation_fingerprint;
    written.options.sources = std::move(sources);
    written.options.counts = std::move(counts);
    return written;
  };
  if (options.check_only) {
    Result<UpdateTail> learned = tail();
    if (!learned.ok()) return learned.status();
    report.summary.questions = questions.size();
    report.corpus.questions = std::move(questions);
    return report;
  }
  Result<IndexSummary> summary =
      WriteUpdate(*stored, questions, known.known, options.db_path, [&] { return copy.Wait(); }, tail);
  if (!summary.ok()) return summary.status();
  report.summary = std::move(summary).value();
  report.corpus.questions = std::move(questions);
  return report;
}

}  // namespace

Result<IndexReport> UpdateIndex(const IndexUpdate& update, const IndexCorpusOptions& options) {
  if (options.db_path.empty()) return Status::InvalidArgument("no index folder given");
  try {
    return Run(update, options);
  } catch (const std::exception& e) {
    return Status::Internal(std::string("updating failed: ") + e.what());
  }
}

}  // namespace quarry
