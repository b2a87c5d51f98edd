#include "indexer/index_metadata.h"

#include <cstdio>
#include <ctime>
#include <random>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "core/schema.h"

namespace quarry {
namespace {

// The words, one space apart: how a set of words is kept in the metadata.
std::string JoinWords(const std::set<std::string>& words) {
  std::string out;
  for (const std::string& w : words) out += (out.empty() ? "" : " ") + w;
  return out;
}

std::string NowIso8601() {
  std::time_t now = std::time(nullptr);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
  return buf;
}

using StoredSynonyms = std::map<std::string, std::set<std::string>>;

StoredSynonyms AsStored(const SynonymTable& synonyms) {
  StoredSynonyms out;
  for (const auto& [key, values] : synonyms) {
    // (A concept key, made by schema::ConceptKey, fits already: SynonymKey keeps it.)
    std::set<std::string>& stored = out[schema::SynonymKey(key)];
    for (const std::string& value : values) {
      // Xapian stores a synonym in at most 255 bytes and reads a longer one
      // back as corrupt; it cannot be shortened, as a query uses its words.
      if (value.size() <= schema::kMaxTermBytes) stored.insert(value);
    }
  }
  return out;
}

StoredSynonyms ReadSynonyms(const Xapian::Database& db) {
  StoredSynonyms out;
  for (auto key = db.synonym_keys_begin(); key != db.synonym_keys_end(); ++key) {
    std::set<std::string>& values = out[*key];
    for (auto v = db.synonyms_begin(*key); v != db.synonyms_end(*key); ++v) values.insert(*v);
  }
  return out;
}

}  // namespace

void WriteIndexMetadata(const std::vector<Question>& questions, const IndexOptions& options,
                        const SpellingWords& spellings, Xapian::WritableDatabase& db, IndexSummary& summary) {
  // Bank outline: parts in order, each with its sections in order and counts.
  nlohmann::json outline = nlohmann::json::array();
  std::map<std::string, size_t> part_index;
  std::set<std::string> section_names;
  // The banks in order of first appearance, with their question counts.
  nlohmann::json banks = nlohmann::json::array();
  std::map<std::string, size_t> bank_index;
  for (const Question& q : questions) {
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
  }
  db.set_metadata(std::string(schema::kMetaSchemaVersion), std::string(schema::kSchemaVersion));
  const std::string built_at = NowIso8601();
  db.set_metadata(std::string(schema::kMetaBuiltAt), built_at);
  std::random_device random;
  char tag[24];
  std::snprintf(tag, sizeof tag, "%08x%08x", random(), random());
  db.set_metadata(std::string(schema::kMetaBuild), built_at + "-" + tag);
  constexpr auto kReplace = nlohmann::json::error_handler_t::replace;  // never throw on a stray byte
  db.set_metadata(std::string(schema::kMetaOutline), outline.dump(-1, ' ', false, kReplace));
  db.set_metadata(std::string(schema::kMetaBanks), banks.dump(-1, ' ', false, kReplace));
  db.set_metadata(std::string(schema::kMetaFillerWords), JoinWords(options.filler_words));
  db.set_metadata(std::string(schema::kMetaCodeWords), JoinWords(options.code_words));
  std::string term_documents;  // empty: the key is cleared
  if (options.documents > 0) {
    term_documents = "documents " + std::to_string(options.documents) + "\n";
    for (const auto& [stem, n] : options.term_documents) term_documents += stem + " " + std::to_string(n) + "\n";
  }
  db.set_metadata(std::string(schema::kMetaTermDocuments), term_documents);
  db.set_metadata(std::string(schema::kMetaSources), SerializeSources(options.sources));
  db.set_metadata(std::string(schema::kMetaSpellingCounts), spellings.Serialize());
  db.set_metadata(std::string(schema::kMetaBankWordCounts), options.counts.words.Serialize());
  db.set_metadata(std::string(schema::kMetaInitialismRuns), options.counts.runs.Serialize());

  summary.questions = questions.size();
  summary.banks = banks.size();
  summary.sections = section_names.size();
  summary.parts = part_index.size();
}

void WriteSynonyms(const SynonymTable& synonyms, Xapian::WritableDatabase& db) {
  const StoredSynonyms wanted = AsStored(synonyms);
  const StoredSynonyms stored = ReadSynonyms(db);
  for (const auto& [key, values] : stored) {
    if (!wanted.count(key)) db.clear_synonyms(key);
  }
  for (const auto& [key, values] : wanted) {
    auto it = stored.find(key);
    if (it != stored.end() && it->second == values) continue;
    if (it != stored.end()) db.clear_synonyms(key);
    for (const std::string& value : values) db.add_synonym(key, value);
  }
}

}  // namespace quarry
