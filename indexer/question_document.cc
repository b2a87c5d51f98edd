#include "indexer/question_document.h"

#include <cstdlib>
#include <map>
#include <string_view>

#include "core/line_reader.h"
#include "core/schema.h"
#include "core/slug.h"

namespace quarry {

void SpellingWords::Adjust(const std::string& word, int64_t times, int64_t headline_times) {
  auto it = seen_.try_emplace(word).first;
  it->second.times += times;
  it->second.headline_times += headline_times;
  if (it->second.times <= 0 && it->second.headline_times <= 0) seen_.erase(it);
}

void SpellingWords::Apply(const SpellingWords& other, int sign) {
  for (const auto& [word, seen] : other.seen_) Adjust(word, sign * seen.times, sign * seen.headline_times);
}

Xapian::termcount SpellingWords::Frequency(const std::string& word) const {
  auto it = seen_.find(word);
  return it != seen_.end() && Kept(it->second) ? static_cast<Xapian::termcount>(it->second.times) : 0;
}

std::string SpellingWords::Serialize() const {
  // In word order: the same counts are the same text, however they were made.
  std::map<std::string_view, Seen> sorted;
  for (const auto& [word, seen] : seen_) sorted.emplace(word, seen);
  std::string out;
  for (const auto& [word, seen] : sorted) {
    out += std::string(word) + " " + std::to_string(seen.times) + " " + std::to_string(seen.headline_times) + "\n";
  }
  return out;
}

Result<SpellingWords> SpellingWords::Parse(const std::string& stored) {
  // "word times headline-times": the counts are the line's last two fields,
  // as a word may hold a space of another script.
  SpellingWords words;
  LineReader lines(stored);
  std::string_view line;
  while (lines.Next(line)) {
    const size_t second = line.rfind(' ');
    const size_t first = second == std::string_view::npos || second == 0 ? std::string_view::npos
                                                                          : line.rfind(' ', second - 1);
    if (first == std::string_view::npos || first == 0) {
      return Status::Corruption("the index's spelling counts cannot be read");
    }
    const std::string times(line.substr(first + 1, second - first - 1)), headline(line.substr(second + 1));
    char* times_end = nullptr;
    char* headline_end = nullptr;
    const long long t = std::strtoll(times.c_str(), &times_end, 10);
    const long long h = std::strtoll(headline.c_str(), &headline_end, 10);
    if (times.empty() || headline.empty() || *times_end != '\0' || *headline_end != '\0') {
      return Status::Corruption("the index's spelling counts cannot be read");
    }
    words.Adjust(std::string(line.substr(0, first)), t, h);
  }
  return words;
}

namespace {

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

}  // namespace

Xapian::Document MakeDocument(const Analyzer& analyzer, const Question& q, double order,
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
  doc.add_value(schema::kSlotDuplicateBase, q.duplicate_base);
  doc.add_boolean_term(schema::Prefixed(schema::kId, q.id));
  doc.add_value(schema::kSlotOrder, Xapian::sortable_serialise(order));
  doc.add_value(schema::kSlotNumber, Xapian::sortable_serialise(q.number));
  doc.set_data(SerializeQuestion(q));
  return doc;
}


}  // namespace quarry
