#include "indexer/stored_index.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <set>
#include <thread>
#include <unordered_map>

#include "core/analyzer.h"
#include "core/index_layout.h"
#include "core/schema.h"
#include "indexer/generations.h"
#include "indexer/index_metadata.h"

namespace quarry {
namespace {

// Of `positions` (each an index into the stored questions, or -1 for a
// new question), which to keep: a longest strictly increasing run, so that
// as few questions as possible need a new position value.
std::vector<bool> LongestIncreasing(const std::vector<long>& positions) {
  std::vector<size_t> tails;           // index into positions of the tail of each run length
  std::vector<long> before(positions.size(), -1);
  for (size_t i = 0; i < positions.size(); ++i) {
    if (positions[i] < 0) continue;
    auto at = std::lower_bound(tails.begin(), tails.end(), positions[i],
                               [&](size_t t, long p) { return positions[t] < p; });
    if (at != tails.begin()) before[i] = static_cast<long>(*(at - 1));
    if (at == tails.end()) {
      tails.push_back(i);
    } else {
      *at = i;
    }
  }
  std::vector<bool> keep(positions.size(), false);
  for (long i = tails.empty() ? -1 : static_cast<long>(tails.back()); i >= 0; i = before[i]) keep[i] = true;
  return keep;
}

// The position value of each of `questions`: the stored one where the bank
// order allows, else evenly between its neighbours' (a full build's are
// 0, 1, 2...). When two would come too close for a double, all are
// numbered afresh, as a full build numbers them.
std::vector<double> PlaceInOrder(const StoredIndex& stored, const std::vector<Question>& questions) {
  std::vector<long> positions(questions.size(), -1);
  for (size_t i = 0; i < questions.size(); ++i) {
    if (auto it = stored.at.find(questions[i].id); it != stored.at.end()) positions[i] = static_cast<long>(it->second);
  }
  const std::vector<bool> keep = LongestIncreasing(positions);
  std::vector<double> order(questions.size());
  bool too_close = false;
  for (size_t i = 0; i < questions.size();) {
    if (keep[i]) {
      order[i] = stored.questions[positions[i]].order;
      ++i;
      continue;
    }
    size_t end = i;
    while (end < questions.size() && !keep[end]) ++end;
    const size_t n = end - i;
    const bool has_low = i > 0, has_high = end < questions.size();
    const double low = has_low ? order[i - 1] : 0, high = has_high ? stored.questions[positions[end]].order : 0;
    for (size_t k = 0; k < n; ++k) {
      if (has_low && has_high) {
        order[i + k] = low + (high - low) * static_cast<double>(k + 1) / static_cast<double>(n + 1);
      } else if (has_low) {
        order[i + k] = low + static_cast<double>(k + 1);
      } else if (has_high) {
        order[i + k] = high - static_cast<double>(n - k);
      } else {
        order[i + k] = static_cast<double>(k);
      }
    }
    if (has_low && has_high) {
      const double step = (high - low) / static_cast<double>(n + 1);
      too_close = too_close || step < 1e-6 * std::max(1.0, std::fabs(high));
    }
    i = end;
  }
  if (too_close) {
    for (size_t i = 0; i < order.size(); ++i) order[i] = static_cast<double>(i);
  }
  return order;
}

// The spelling words one stored question gave the table.
SpellingWords SpellingOf(const Analyzer& analyzer, const StoredQuestion& stored) {
  SpellingWords words;
  MakeDocument(analyzer, stored.question, stored.order, words);
  return words;
}

bool SamePlaces(const std::vector<Question::Place>& a, const std::vector<Question::Place>& b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                    [](const Question::Place& x, const Question::Place& y) { return x.id == y.id && x.section == y.section; });
}

// Whether `q` would be stored as `old` is, but for its position.
bool SameDocument(const StoredQuestion& old, const Question& q, bool known) {
  if (old.duplicate_key != q.duplicate_key || old.question.duplicate_base != q.duplicate_base) return false;
  // Known: only its near-duplicates may have changed; else anything may have.
  return known ? SamePlaces(old.question.also_in, q.also_in) : old.data == SerializeQuestion(q);
}

Status ApplyUpdate(const StoredIndex& stored, const std::vector<Question>& questions,
                   const std::vector<bool>& known, const std::function<Result<std::string>()>& copied,
                   const std::function<Result<UpdateTail>()>& tail, const std::string& path,
                   IndexSummary& summary) {
  Result<std::string> copy = copied();
  if (!copy.ok()) return copy.status();
  std::filesystem::rename(*copy, path);
  Xapian::WritableDatabase db(path, Xapian::DB_OPEN | Xapian::DB_BACKEND_GLASS);
  const std::vector<double> order = PlaceInOrder(stored, questions);
  std::vector<bool> kept(stored.questions.size(), false);
  SpellingWords spellings = stored.spellings;
  std::set<std::string> touched;  // the words whose counts changed: only theirs can offer anew
  Analyzer analyzer;
  auto take_out = [&](const StoredQuestion& old) {
    SpellingWords gone = SpellingOf(analyzer, old);
    spellings.Apply(gone, -1);
    gone.ForEachWord([&](const std::string& word) { touched.insert(word); });
  };
  auto make = [&](const Question& q, double position) {
    SpellingWords offered;
    Xapian::Document doc = MakeDocument(analyzer, q, position, offered);
    spellings.Apply(offered, +1);
    offered.ForEachWord([&](const std::string& word) { touched.insert(word); });
    return doc;
  };
  for (size_t i = 0; i < questions.size(); ++i) {
    const Question& q = questions[i];
    auto it = stored.at.find(q.id);
    if (it == stored.at.end()) {
      db.add_document(make(q, order[i]));
      ++summary.added;
      continue;
    }
    const StoredQuestion& old = stored.questions[it->second];
    kept[it->second] = true;
    const bool same = SameDocument(old, q, i < known.size() && known[i]);
    if (same && old.order == order[i]) continue;
    if (same) {  // only moved: its terms stay
      Xapian::Document doc = db.get_document(old.docid);
      doc.add_value(schema::kSlotOrder, Xapian::sortable_serialise(order[i]));
      db.replace_document(old.docid, doc);
    } else {
      take_out(old);
      db.replace_document(old.docid, make(q, order[i]));
    }
    ++summary.rewritten;
  }
  for (size_t i = 0; i < stored.questions.size(); ++i) {
    if (kept[i]) continue;
    take_out(stored.questions[i]);
    db.delete_document(stored.questions[i].docid);
    ++summary.removed;
  }
  // The spelling table as a full build makes it: each word at its frequency.
  for (const std::string& word : touched) {
    const Xapian::termcount before = stored.spellings.Frequency(word), after = spellings.Frequency(word);
    if (after > before) db.add_spelling(word, after - before);
    if (after < before) db.remove_spelling(word, before - after);
  }
  Result<UpdateTail> rest = tail();
  if (!rest.ok()) return rest.status();
  WriteSynonyms(rest->synonyms, db);
  WriteIndexMetadata(questions, rest->options, spellings, db, summary);
  db.commit();
  db.close();
  summary.synonyms = rest->synonyms.size();
  return Status::Ok();
}

// The documents of `generation` with docids in [from, to), into `out`.
Status ReadDocuments(const std::string& generation, Xapian::docid from, Xapian::docid to,
                     std::vector<StoredQuestion>& out) {
  try {
    Xapian::Database db(generation);
    Xapian::PostingIterator it = db.postlist_begin("");
    if (it != db.postlist_end("")) it.skip_to(from);
    Xapian::ValueIterator order = db.valuestream_begin(schema::kSlotOrder);
    Xapian::ValueIterator key = db.valuestream_begin(schema::kSlotDuplicate);
    Xapian::ValueIterator base = db.valuestream_begin(schema::kSlotDuplicateBase);
    // A slot's stream holds only the documents with a value there.
    auto value_at = [&db](Xapian::ValueIterator& v, Xapian::valueno slot, Xapian::docid did) -> std::string {
      if (v != db.valuestream_end(slot) && v.get_docid() < did) v.skip_to(did);
      return v != db.valuestream_end(slot) && v.get_docid() == did ? *v : std::string();
    };
    for (; it != db.postlist_end("") && *it < to; ++it) {
      StoredQuestion q;
      q.docid = *it;
      q.order = Xapian::sortable_unserialise(value_at(order, schema::kSlotOrder, q.docid));
      q.data = db.get_document(q.docid, Xapian::DOC_ASSUME_VALID).get_data();
      if (!DeserializeQuestion(q.data, q.question)) {
        return Status::Corruption(generation + ": document " + std::to_string(q.docid) + " cannot be read");
      }
      q.duplicate_key = value_at(key, schema::kSlotDuplicate, q.docid);
      q.question.duplicate_key = q.duplicate_key;
      q.question.duplicate_base = value_at(base, schema::kSlotDuplicateBase, q.docid);
      out.push_back(std::move(q));
    }
  } catch (const Xapian::Error& e) {
    return Status::IOError(generation + ": " + e.get_description());
  }
  return Status::Ok();
}

}  // namespace

Result<StoredIndex> ReadStoredIndex(const std::string& db_path, const std::string& generation) {
  try {
    Xapian::Database db(generation);
    const std::string version = db.get_metadata(std::string(schema::kMetaSchemaVersion));
    if (version != schema::kSchemaVersion) {
      return Status::Corruption(db_path + ": index has schema version \"" + version + "\", this Quarry writes \"" +
                                std::string(schema::kSchemaVersion) + "\"; rebuild it (quarry-index without --add)");
    }
    StoredIndex stored;
    stored.generation = generation;
    Result<IndexSources> sources = ParseSources(db.get_metadata(std::string(schema::kMetaSources)));
    Result<SpellingWords> spellings =
        SpellingWords::Parse(db.get_metadata(std::string(schema::kMetaSpellingCounts)));
    Result<BankWordCounts> bank_words =
        BankWordCounts::Parse(db.get_metadata(std::string(schema::kMetaBankWordCounts)));
    Result<InitialismRuns> runs = InitialismRuns::Parse(db.get_metadata(std::string(schema::kMetaInitialismRuns)));
    for (const Status& s : {sources.status(), spellings.status(), bank_words.status(), runs.status()}) {
      if (!s.ok()) return Status::Corruption(db_path + ": " + s.message() + "; rebuild it (quarry-index without --add)");
    }
    stored.counts = {std::move(bank_words).value(), std::move(runs).value()};
    stored.sources = std::move(sources).value();
    stored.spellings = std::move(spellings).value();
    // Two threads, each with its own handle, read half of the documents:
    // decoding them is most of an update's reading.
    const Xapian::docid last = db.get_lastdocid(), middle = last / 2 + 1;
    std::vector<StoredQuestion> halves[2];
    Status failed[2];
    std::thread second([&] { failed[1] = ReadDocuments(generation, middle, last + 1, halves[1]); });
    failed[0] = ReadDocuments(generation, 1, middle, halves[0]);
    second.join();
    for (const Status& s : failed) {
      if (!s.ok()) return s;
    }
    stored.questions = std::move(halves[0]);
    stored.questions.insert(stored.questions.end(), std::make_move_iterator(halves[1].begin()),
                            std::make_move_iterator(halves[1].end()));
    std::sort(stored.questions.begin(), stored.questions.end(),
              [](const StoredQuestion& a, const StoredQuestion& b) { return a.order < b.order; });
    for (size_t i = 0; i < stored.questions.size(); ++i) stored.at.emplace(stored.questions[i].question.id, i);
    return stored;
  } catch (const Xapian::Error& e) {
    return Status::IOError(generation + ": " + e.get_description());
  }
}

Result<IndexSummary> WriteUpdate(const StoredIndex& stored, const std::vector<Question>& questions,
                                 const std::vector<bool>& known, const std::string& db_path,
                                 const std::function<Result<std::string>()>& copied,
                                 const std::function<Result<UpdateTail>()>& tail) {
  auto started = std::chrono::steady_clock::now();
  IndexSummary summary;
  Result<std::string> generation =
      WriteNewGeneration(db_path, [&](const std::string& current, const std::string& path) {
        if (current != stored.generation) {
          return Status::IOError(db_path + ": another build changed the index during this update; run it again");
        }
        return ApplyUpdate(stored, questions, known, copied, tail, path, summary);
      });
  if (!generation.ok()) return generation.status();
  summary.generation = *generation;
  summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return summary;
}

}  // namespace quarry
