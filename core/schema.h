// The Xapian schema of a Quarry index: every term prefix, value slot and
// metadata key, defined here once. The indexer writes it, the searcher reads
// it; nothing else spells a prefix or a slot number.
//
// DO NOT CHANGE THESE VALUES without bumping kSchemaVersion: they are
// persisted in every index, and the searcher refuses an index whose
// version differs (rather than searching a stale layout in silence).
#pragma once

#include <string>
#include <string_view>

#include <xapian.h>

namespace quarry::schema {

// Bump whenever a prefix, slot, document-data field or analysis rule changes.
inline constexpr std::string_view kSchemaVersion = "3";

// ---- Metadata keys ----
inline constexpr std::string_view kMetaSchemaVersion = "quarry.schema_version";
inline constexpr std::string_view kMetaBuiltAt = "quarry.built_at";  // ISO 8601 UTC
// JSON array of [part, [section, ...]] in bank order, for browsing.
inline constexpr std::string_view kMetaOutline = "quarry.outline";
// The stems of the bank's filler words (corpus/filler_words.txt: explain,
// example...), one space between: they only boost, like function words.
inline constexpr std::string_view kMetaFillerWords = "quarry.filler_words";

// ---- Term prefixes ----
// Question text (and body) terms carry no prefix: unstemmed words and
// compounds with positions, stemmed words behind kStemmed.
inline constexpr std::string_view kStemmed = "Z";
// Section title words: a field of its own so it can weigh less.
inline constexpr std::string_view kSectionText = "S";
inline constexpr std::string_view kSectionTextStemmed = "ZS";
// Boolean filter terms (value is a slug).
inline constexpr std::string_view kId = "Q";
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
inline std::string ConceptKey(std::string_view term) {
  std::string out(kConceptKey);
  out += term;
  return out;
}
inline std::string ConceptGroupKey(std::string_view name) {
  std::string out(kConceptGroupKey);
  out += name;
  return out;
}

// ---- Value slots ----
enum ValueSlot : Xapian::valueno {
  kSlotPart = 0,     // part title, as displayed (facet value)
  kSlotSection = 1,  // section title, as displayed (facet value)
  kSlotOrder = 2,    // sortable_serialise(position in the bank): browse order
  kSlotNumber = 3,   // sortable_serialise(question number within its section)
  kSlotType = 4,     // question type, as displayed (facet value)
  kSlotTopics = 5,   // topics, as displayed, joined by kValueSeparator (facet values)
  kSlotDuplicate = 6,  // near-duplicate key (collapse key); empty when not compared
};

// Separates the values of a multi-valued slot.
inline constexpr char kValueSeparator = '\x1f';

// Within-document frequency increments: question text outweighs its section
// title, which only says where a question lives.
inline constexpr Xapian::termcount kTextWdf = 1;
inline constexpr Xapian::termcount kSectionWdf = 1;
// Query-time weight of a section-title match relative to a text match.
inline constexpr double kSectionWeight = 0.35;

// A text field: the prefix of its unstemmed terms, and of its stemmed ones.
struct TextField {
  std::string_view prefix;
  std::string_view stemmed_prefix;
};
inline constexpr TextField kTextField{"", kStemmed};
inline constexpr TextField kSectionField{kSectionText, kSectionTextStemmed};

inline std::string Prefixed(std::string_view prefix, std::string_view term) {
  std::string out(prefix);
  out += term;
  return out;
}

}  // namespace quarry::schema
