// The Xapian schema of a Quarry index: every term prefix, value slot and
// metadata key, defined here once. The indexer writes it, the searcher reads
// it; nothing else spells a prefix or a slot number.
//
// DO NOT CHANGE THESE VALUES without bumping kSchemaVersion: they are
// persisted in every index, and the searcher refuses an index whose
// version differs (rather than searching a stale layout in silence).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

#include "core/question.h"
#include "core/slug.h"

namespace quarry::schema {

// Bump whenever a prefix, slot, document-data field or analysis rule changes.
inline constexpr std::string_view kSchemaVersion = "6";

// ---- Metadata keys ----
inline constexpr std::string_view kMetaSchemaVersion = "quarry.schema_version";
inline constexpr std::string_view kMetaBuiltAt = "quarry.built_at";  // ISO 8601 UTC
// What one build (or update) wrote, the same in every part of a sharded
// index (core/shards.h): a searcher refuses to combine parts of two builds.
inline constexpr std::string_view kMetaBuild = "quarry.build";
// In a shard of a sharded index: "I N", shard I of N.
inline constexpr std::string_view kMetaShard = "quarry.shard";
// JSON array of [part, [section, ...]] in bank order, for browsing.
inline constexpr std::string_view kMetaOutline = "quarry.outline";
// JSON array of {"bank", "count"} in bank order: the banks the index holds.
inline constexpr std::string_view kMetaBanks = "quarry.banks";
// The stems of the bank's filler words (corpus/filler_words.txt: explain,
// example...), one space between: they only boost, like function words.
inline constexpr std::string_view kMetaFillerWords = "quarry.filler_words";
// Common words that are also names in code (corpus/vocabulary/code_words.txt:
// this, with, for, none), space-separated: a short query about one counts it.
inline constexpr std::string_view kMetaCodeWords = "quarry.code_words";
// How common the bank's words are in technical writing
// (corpus/vocabulary/term_frequencies.txt): "documents N", then a
// "stem count" pair for each stem the vocabulary knows.
inline constexpr std::string_view kMetaTermDocuments = "quarry.term_documents";
// What an update (quarry-index --add/--remove) needs to write the index a
// full build would: JSON {"files": [{"path", "questions"}], ...} with each
// bank file's absolute path and how many consecutive questions (in bank
// order) came from it, and the data files and vocabulary the build read.
inline constexpr std::string_view kMetaSources = "quarry.sources";
// Every word the spelling table was made from, "word times headline-times"
// per line: the counts an update adjusts to keep the table a full build's.
inline constexpr std::string_view kMetaSpellingCounts = "quarry.spelling_counts";
// How many questions use each word of the banks (BankWordCounts), "word n"
// per line: an update adjusts them rather than reading every answer again.
inline constexpr std::string_view kMetaBankWordCounts = "quarry.bank_word_counts";
// The runs of plain words of the questions' texts (InitialismRuns),
// "questions which run" per line: an update adjusts them likewise.
inline constexpr std::string_view kMetaInitialismRuns = "quarry.initialism_runs";

// ---- Term length ----
// Xapian (glass) refuses a term of more than this many bytes, prefix
// included, and a build that hands it one fails.
inline constexpr size_t kMaxTermBytes = 245;
// A shortened term ends in kTermHashMark and this many hex digits.
inline constexpr char kTermHashMark = '#';
inline constexpr size_t kTermHashDigits = 16;

// `term` as the index holds it: itself when it has at most kMaxTermBytes;
// else its first bytes, cut on a UTF-8 boundary, then kTermHashMark and the
// 64-bit FNV-1a hash of the whole term in hex. The same long term always
// gives the same form (index and query time agree: a long id, slug, tag or
// word is still found by itself), two long terms differing only past the
// cut get different ones, and the form always fits. Persisted: changing
// the form (the cut, the mark, the hash) means bumping kSchemaVersion.
inline std::string FitTerm(std::string term) {
  if (term.size() <= kMaxTermBytes) return term;
  uint64_t hash = 14695981039346656037ull;
  for (unsigned char c : term) hash = (hash ^ c) * 1099511628211ull;
  size_t keep = kMaxTermBytes - 1 - kTermHashDigits;
  while (keep > 0 && (static_cast<unsigned char>(term[keep]) & 0xC0) == 0x80) --keep;  // a character's start
  term.resize(keep);
  term += kTermHashMark;
  static constexpr char kHex[] = "0123456789abcdef";
  for (int shift = 60; shift >= 0; shift -= 4) term += kHex[(hash >> shift) & 0xF];
  return term;
}

// The index term of `term` behind `prefix` (FitTerm applied): every term
// Quarry writes or looks up is made here, so none is ever too long.
inline std::string Prefixed(std::string_view prefix, std::string_view term) {
  std::string out(prefix);
  out += term;
  return FitTerm(std::move(out));
}

// ---- Term prefixes ----
// Question text (and tag) terms carry no prefix: unstemmed words and
// compounds with positions, stemmed words behind kStemmed.
inline constexpr std::string_view kStemmed = "Z";
// Section title words: a field of its own so it can weigh less.
inline constexpr std::string_view kSectionText = "S";
inline constexpr std::string_view kSectionTextStemmed = "ZS";
// Answer (Question::body) words: a field of its own so it can weigh less;
// unstemmed words and compounds with positions (phrases), stems behind ZB.
inline constexpr std::string_view kAnswerText = "B";
inline constexpr std::string_view kAnswerTextStemmed = "ZB";
// Boolean filter terms (value is a slug).
inline constexpr std::string_view kId = "Q";
inline constexpr std::string_view kBankFilter = "XB";
inline constexpr std::string_view kPartFilter = "XP";
inline constexpr std::string_view kSectionFilter = "XS";
inline constexpr std::string_view kTagFilter = "XT";
inline constexpr std::string_view kTypeFilter = "XY";
inline constexpr std::string_view kTopicFilter = "XO";

// ---- Synonym table keys ----
// Concept neighbours (corpus/concepts.txt) are kept in Xapian's synonym
// table beside the synonyms, their keys behind this prefix: a query word
// never begins with it, so the two never mix.
// A term's key lists the names of its groups; a group's key, its terms.
inline constexpr std::string_view kConceptKey = "~";
inline constexpr std::string_view kConceptGroupKey = "~~";
// Every key is made by these three, which shorten a long one as FitTerm
// does (Xapian refuses a key of over 255 bytes), the same when the table is
// written and when it is read.
// The key of a word or span of words ("gil", "global interpreter lock").
inline std::string SynonymKey(std::string_view words) { return FitTerm(std::string(words)); }
inline std::string ConceptKey(std::string_view term) {
  std::string out(kConceptKey);
  out += term;
  return SynonymKey(out);
}
inline std::string ConceptGroupKey(std::string_view name) {
  std::string out(kConceptGroupKey);
  out += name;
  return SynonymKey(out);
}
// The name of the concept group of a term's learned neighbours
// (corpus/vocabulary/neighbours.txt): "~term". A hand-written group's name
// never begins with '~' (the Analyzer cuts it off), so the two never mix,
// and a query can weigh learned neighbours apart.
inline constexpr char kLearnedGroupMark = '~';
inline std::string LearnedGroupName(std::string_view term) { return kLearnedGroupMark + std::string(term); }
inline bool IsLearnedGroup(std::string_view name) { return !name.empty() && name[0] == kLearnedGroupMark; }

// ---- Value slots ----
enum ValueSlot : Xapian::valueno {
  kSlotPart = 0,     // part title, as displayed (facet value)
  kSlotSection = 1,  // section title, as displayed (facet value)
  kSlotOrder = 2,    // sortable_serialise(position value): increasing in bank order (0, 1, 2... after a full build)
  kSlotNumber = 3,   // sortable_serialise(question number within its section)
  kSlotType = 4,     // question type, as displayed (facet value)
  kSlotTopics = 5,   // topics, as displayed, joined by kValueSeparator (facet values)
  kSlotDuplicate = 6,  // near-duplicate key (collapse key); empty when not compared
  kSlotBank = 7,     // the bank's name, as displayed (facet value)
  kSlotDuplicateBase = 8,  // Question::duplicate_base: what an update reuses
};

// Separates the values of a multi-valued slot.
inline constexpr char kValueSeparator = '\x1f';

// ---- Facets ----
// What a search counts and filters on, defined once: the index builder,
// the searcher, the JSON encoding, the CLI, the API and the page all loop
// over this table (in this order, which is the order the API lists them).
enum FacetId : size_t { kBankFacet = 0, kPartFacet, kSectionFacet, kTypeFacet, kTopicFacet, kFacetCount };

struct Facet {
  // The API's parameter and JSON key, and the CLI's option: "part".
  std::string_view name;
  // Holds the question's values as displayed (several joined by
  // kValueSeparator when multi_valued).
  Xapian::valueno slot;
  // Of its boolean filter terms: FacetTerm() below.
  std::string_view filter_prefix;
  bool multi_valued;
  // The question's values, as displayed (an empty one is no value); at
  // most one unless multi_valued. What the index builder stores.
  std::vector<std::string_view> (*values_of)(const Question&);
};

inline constexpr Facet kFacets[kFacetCount] = {
    {"bank", kSlotBank, kBankFilter, false, [](const Question& q) { return std::vector<std::string_view>{q.bank}; }},
    {"part", kSlotPart, kPartFilter, false, [](const Question& q) { return std::vector<std::string_view>{q.part}; }},
    {"section", kSlotSection, kSectionFilter, false,
     [](const Question& q) { return std::vector<std::string_view>{q.section}; }},
    {"type", kSlotType, kTypeFilter, false, [](const Question& q) { return std::vector<std::string_view>{q.type}; }},
    {"topic", kSlotTopics, kTopicFilter, true,
     [](const Question& q) { return std::vector<std::string_view>(q.topics.begin(), q.topics.end()); }},
};

// The boolean term that marks a question with `value` of facet `id` (at
// index time) and that filters on it (at query time): the facet's prefix
// and the value's slug, so a title and its slug name the same value. A
// value with no slug (punctuation only) gives the bare prefix, under which
// no question is indexed: it matches nothing.
inline std::string FacetTerm(FacetId id, std::string_view value) {
  return Prefixed(kFacets[id].filter_prefix, Slugify(value));
}

// Within-document frequency increments: question text outweighs its section
// title, which only says where a question lives.
inline constexpr Xapian::termcount kTextWdf = 1;
inline constexpr Xapian::termcount kSectionWdf = 1;
inline constexpr Xapian::termcount kAnswerWdf = 1;
// How much a match in each field weighs at query time is a ranking knob
// (searcher/ranking.h: section_weight, answer_weight), not part of the index.

// A text field: the prefix of its unstemmed terms, and of its stemmed ones.
struct TextField {
  std::string_view prefix;
  std::string_view stemmed_prefix;
};
inline constexpr TextField kTextField{"", kStemmed};
inline constexpr TextField kSectionField{kSectionText, kSectionTextStemmed};
inline constexpr TextField kAnswerField{kAnswerText, kAnswerTextStemmed};

// The term of a word of the question text (no prefix).
inline std::string TextTerm(std::string_view word) { return Prefixed(kTextField.prefix, word); }

}  // namespace quarry::schema
