#include "searcher/ranking.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>

namespace quarry {

Ranking Ranking::Search() { return Ranking(); }

Ranking Ranking::Related() {
  Ranking r;
  // Sharing a section says little: "same section" finds a tenth of a cluster.
  r.section_weight = 0;
  // A question's function words only add noise to what it is about.
  r.weak_word_weight = 0;
  // A question's words are not typed by anyone: order and completeness say
  // nothing about which other questions are alike.
  r.all_words_weight = 0;
  r.proximity_weight = 0;
  // What a question is about matters more than the words it happens to use.
  r.concept_weight = 1.0;
  // On a small bank a word's rarity among a few hundred questions is a poor
  // guide to what a question is about: technical writing at large says
  // which of its words are general (sysadmin related recall@5 0.55 -> 0.62).
  r.general_word_floor = 0.35;
  r.specific_word_idf = 6.0;
  // Questions are one line: a longer one that shares the words is no less
  // alike, so no length normalisation, and repeats count little.
  r.bm25_k1 = 0.3;
  r.bm25_b = 0;
  return r;
}

namespace {

// A knob: a number member of Ranking, by name. Exactly one of `real` and
// `count` is set.
struct Knob {
  std::string_view name;
  double Ranking::*real;
  unsigned Ranking::*count;
  double max;  // the largest real value allowed (the least is 0)
  std::string_view what;
};

constexpr double kNoMax = std::numeric_limits<double>::infinity();

constexpr Knob Real(std::string_view name, double Ranking::*member, std::string_view what,
                    double max = kNoMax) {
  return {name, member, nullptr, max, what};
}
constexpr Knob Count(std::string_view name, unsigned Ranking::*member, std::string_view what) {
  return {name, nullptr, member, kNoMax, what};
}

// Every member of Ranking, in its order (ranking.h says why each is).
constexpr Knob kKnobs[] = {
    Real("section_weight", &Ranking::section_weight, "a match in the section title"),
    Real("answer_weight", &Ranking::answer_weight, "a match in the answer"),
    Real("exact_word_weight", &Ranking::exact_word_weight, "the word as written, over its stem"),
    Real("compound_weight", &Ranking::compound_weight, "a compound as written (select_related)"),
    Real("compound_parts_weight", &Ranking::compound_parts_weight,
         "a compound's words found apart"),
    Real("prefix_weight", &Ranking::prefix_weight, "completions of the word being typed"),
    Real("fuzzy_weight", &Ranking::fuzzy_weight, "a near spelling of a word the bank lacks"),
    Real("synonym_span_weight", &Ranking::synonym_span_weight,
         "a multi-word synonym span matched whole"),
    Real("typed_over_synonym_weight", &Ranking::typed_over_synonym_weight,
         "the word typed, over its synonyms"),
    Real("weak_word_weight", &Ranking::weak_word_weight, "function and filler words (0: dropped)"),
    Real("all_words_weight", &Ranking::all_words_weight, "a question with every word"),
    Real("proximity_weight", &Ranking::proximity_weight, "words typed side by side found close"),
    Count("proximity_window", &Ranking::proximity_window, "how close, in positions"),
    Real("concept_weight", &Ranking::concept_weight, "a concept neighbour (0: none)"),
    Real("concept_span_weight", &Ranking::concept_span_weight,
         "least weight of a multi-word span's neighbours"),
    Real("neighbour_min_idf", &Ranking::neighbour_min_idf,
         "a neighbour more common in technical writing is left out"),
    Real("neighbour_word_share", &Ranking::neighbour_word_share,
         "a word in more of the questions brings no neighbours (1: all do)", 1.0),
    Real("section_context_weight", &Ranking::section_context_weight,
         "the section title of a rare word's questions (0: none)"),
    Count("section_context_questions", &Ranking::section_context_questions,
          "how rare: at most this many questions"),
    Real("companion_weight", &Ranking::companion_weight,
         "the rare words a rare word's questions use with it (0: none)"),
    Real("dominant_word_share", &Ranking::dominant_word_share,
         "a word in more of the questions only boosts", 1.0),
    Real("general_word_floor", &Ranking::general_word_floor,
         "least weight of a word common in technical writing (1: off)", 1.0),
    Real("specific_word_idf", &Ranking::specific_word_idf, "from this idf in technical writing a word is specific"),
    Count("code_query_words", &Ranking::code_query_words, "a code word counts in a query of this many words"),
    Real("bm25_k1", &Ranking::bm25_k1, "BM25: saturation of a term's repeats"),
    Real("bm25_k2", &Ranking::bm25_k2, "BM25: document length correction"),
    Real("bm25_k3", &Ranking::bm25_k3, "BM25: saturation of a query term's repeats"),
    Real("bm25_b", &Ranking::bm25_b, "BM25: length normalisation, 0 to 1", 1.0),
    Real("bm25_min_normlen", &Ranking::bm25_min_normlen, "BM25: least normalised length"),
    Count("fuzzy_candidates", &Ranking::fuzzy_candidates, "near spellings an unknown word matches"),
    Count("fuzzy_one_edit_bytes", &Ranking::fuzzy_one_edit_bytes,
          "near spellings: one edit from this length"),
    Count("fuzzy_two_edits_bytes", &Ranking::fuzzy_two_edits_bytes,
          "near spellings: two edits from this length"),
    Count("spelling_one_edit_bytes", &Ranking::spelling_one_edit_bytes,
          "corrections: one edit from this length"),
    Count("spelling_two_edits_bytes", &Ranking::spelling_two_edits_bytes,
          "corrections: two edits from this length"),
    Count("max_prefix_expansion", &Ranking::max_prefix_expansion,
          "terms the word being typed expands to"),
    Count("min_prefix_bytes", &Ranking::min_prefix_bytes, "the shortest word that expands"),
    Count("rescore_window", &Ranking::rescore_window, "best matches weighed again with proximity"),
};

constexpr std::string_view kRelatedPrefix = "related.";

const Knob* FindKnob(std::string_view name) {
  for (const Knob& knob : kKnobs) {
    if (knob.name == name) return &knob;
  }
  return nullptr;
}

// Whether `text` is a value of `knob` (a number from 0 to its max; a whole
// one for a count); sets `value` to it.
bool ParseValue(const Knob& knob, std::string_view text, double& value) {
  if (text.empty()) return false;
  if (knob.count) {
    unsigned n = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), n);
    value = n;
    return error == std::errc() && end == text.data() + text.size();
  }
  const std::string copy(text);
  char* end = nullptr;
  value = std::strtod(copy.c_str(), &end);
  return end == copy.c_str() + copy.size() && std::isfinite(value) && value >= 0 &&
         value <= knob.max;
}

std::string Number(double value) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", value);
  return buf;
}

std::string Format(const Knob& knob, const Ranking& ranking) {
  return knob.count ? std::to_string(ranking.*knob.count) : Number(ranking.*knob.real);
}

}  // namespace

Status SetKnob(Rankings& rankings, std::string_view assignment) {
  const size_t equals = assignment.find('=');
  if (equals == std::string_view::npos) {
    return Status::InvalidArgument("ranking knob \"" + std::string(assignment) +
                                   "\": expected name=value");
  }
  const std::string key(assignment.substr(0, equals));
  const std::string_view value = assignment.substr(equals + 1);
  std::string_view name = key;
  Ranking* ranking = &rankings.search;
  if (name.substr(0, kRelatedPrefix.size()) == kRelatedPrefix) {
    ranking = &rankings.related;
    name.remove_prefix(kRelatedPrefix.size());
  }
  const Knob* knob = FindKnob(name);
  if (!knob) return Status::InvalidArgument("unknown ranking knob \"" + key + "\"");
  double parsed = 0;
  if (!ParseValue(*knob, value, parsed)) {
    const std::string wanted = knob->count           ? "a whole number >= 0"
                               : knob->max == kNoMax ? "a number >= 0"
                                                     : "a number from 0 to " + Number(knob->max);
    return Status::InvalidArgument("ranking knob " + key + ": \"" + std::string(value) +
                                   "\" is not " + wanted);
  }
  if (knob->count) {
    ranking->*knob->count = static_cast<unsigned>(parsed);
  } else {
    ranking->*knob->real = parsed;
  }
  return Status::Ok();
}

std::string KnobTable(const Rankings& rankings) {
  auto line = [](std::string_view name, const std::string& search, const std::string& related,
                 std::string_view what) {
    char buf[200];
    std::snprintf(buf, sizeof buf, "%-43s %7s %8s  %s\n", std::string(name).c_str(), search.c_str(),
                  related.c_str(), std::string(what).c_str());
    return std::string(buf);
  };
  std::string out =
      line("knob (related.knob: of related questions)", "search", "related", "weighs or limits");
  for (const Knob& knob : kKnobs) {
    out +=
        line(knob.name, Format(knob, rankings.search), Format(knob, rankings.related), knob.what);
  }
  return out;
}

}  // namespace quarry
