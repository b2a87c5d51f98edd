#include "searcher/query_builder.h"

#include <algorithm>
#include <iterator>

#include "core/function_words.h"
#include "core/schema.h"
#include "searcher/fuzzy.h"

namespace quarry {
namespace {

// Weights relative to a stem match in the question text.
constexpr double kExactWordWeight = 0.25;  // the word as written, on top of its stem
constexpr double kCompoundWeight = 1.5;    // a compound as written (select_related)
constexpr double kPrefixWeight = 0.7;      // completions of the word being typed
constexpr double kCompoundPartsWeight = 0.3;  // a compound's words found apart
constexpr double kFuzzyWeight = 0.6;          // a near spelling of an unknown word
constexpr size_t kMaxFuzzyCandidates = 8;
constexpr double kSynonymSpanWeight = 2.0;  // a multi-word synonym span, matched whole
constexpr double kTypedOverSynonymWeight = 1.0;  // the word typed, over its synonyms
constexpr double kConceptSpanWeight = 1.5;  // concept neighbours of a multi-word span
constexpr double kWeakWordWeight = 0.3;  // function and filler words, which only boost
constexpr size_t kMinPrefixBytes = 2;
constexpr size_t kMaxSynonymSpan = 4;



Xapian::Query Or(std::vector<Xapian::Query>& qs) {
  qs.erase(std::remove_if(qs.begin(), qs.end(), [](const Xapian::Query& q) { return q.empty(); }), qs.end());
  if (qs.empty()) return Xapian::Query();
  if (qs.size() == 1) return qs[0];
  return Xapian::Query(Xapian::Query::OP_OR, qs.begin(), qs.end());
}

// Adds what a word that only boosts matches (`weak`) to `terms`, its words
// and stems marked as weak.
void AddWeakTerms(const MatchTerms& weak, MatchTerms& terms) {
  terms.words.insert(weak.words.begin(), weak.words.end());
  terms.stems.insert(weak.stems.begin(), weak.stems.end());
  terms.prefixes.insert(weak.prefixes.begin(), weak.prefixes.end());
  terms.compound_parts.insert(weak.compound_parts.begin(), weak.compound_parts.end());
  terms.weak_words.insert(weak.words.begin(), weak.words.end());
  terms.weak_stems.insert(weak.stems.begin(), weak.stems.end());
}

Xapian::Query Scale(double factor, Xapian::Query q) {
  // A weight of 0 would keep the clause matching without weight; dropping
  // it is what is meant (and Xapian 1.4's OP_MAX crashes on such a child).
  if (factor == 0.0) return Xapian::Query();
  if (q.empty() || factor == 1.0) return q;
  return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, q, factor);
}

}  // namespace

Xapian::Query MatchAllQuery() { return Xapian::Query(std::string()); }

struct QueryBuilder::Clause {
  std::vector<Token> tokens;  // offsets into the whole query text
  bool phrase = false;
  bool excluded = false;
};

QueryBuilder::QueryBuilder(const Xapian::Database& db, const Analyzer& analyzer,
                           const QueryBuildOptions& options)
    : db_(db), analyzer_(analyzer), options_(options) {}

std::vector<QueryBuilder::Clause> QueryBuilder::Parse(std::string_view text) const {
  std::vector<Clause> clauses;
  auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  size_t i = 0;
  while (i < text.size()) {
    if (is_space(text[i])) {
      ++i;
      continue;
    }
    Clause clause;
    if (text[i] == '-' && i + 1 < text.size() && !is_space(text[i + 1]) && text[i + 1] != '-') {
      clause.excluded = true;
      ++i;
    }
    size_t begin, end;
    if (text[i] == '"') {
      clause.phrase = true;
      begin = i + 1;
      size_t close = text.find('"', begin);
      end = close == std::string_view::npos ? text.size() : close;
      i = close == std::string_view::npos ? text.size() : close + 1;
    } else {
      begin = i;
      while (i < text.size() && !is_space(text[i])) ++i;
      end = i;
    }
    clause.tokens = analyzer_.Tokenize(text.substr(begin, end - begin));
    for (Token& t : clause.tokens) {
      t.begin += begin;
      t.end += begin;
    }
    if (!clause.tokens.empty()) clauses.push_back(std::move(clause));
  }
  return clauses;
}

Xapian::Query QueryBuilder::TokenQuery(const Token& token, bool as_prefix, MatchTerms& terms, bool in_answer) const {
  const double answer_weight = in_answer ? options_.answer_weight : 0.0;
  std::vector<Xapian::Query> alternatives;
  if (token.compound) {
    terms.words.insert(token.text);
    alternatives.push_back(Scale(kCompoundWeight, Xapian::Query(schema::TextTerm(token.text))));
    alternatives.push_back(Scale(answer_weight * kCompoundWeight,
                                 Xapian::Query(schema::Prefixed(schema::kAnswerField.prefix, token.text))));
    if (token.parts.size() == 1) {
      Token part;
      part.text = token.parts[0];
      part.parts = token.parts;
      alternatives.push_back(TokenQuery(part, false, terms, in_answer));
    } else if (token.parts.size() > 1) {
      std::vector<Xapian::Query> parts;
      for (const std::string& p : token.parts) {
        terms.compound_parts.insert(p);
        parts.emplace_back(schema::TextTerm(p));
      }
      alternatives.emplace_back(Xapian::Query::OP_PHRASE, parts.begin(), parts.end(), parts.size());
      // Its words apart, weakly: transaction.atomic also finds "transactions".
      std::vector<Xapian::Query> loose;
      MatchTerms loose_terms;
      for (const std::string& p : token.parts) {
        Token part;
        part.text = p;
        part.parts = {p};
        loose.push_back(TokenQuery(part, false, loose_terms, in_answer));
      }
      // Marked in plain words only, not in other compounds sharing a part.
      terms.compound_parts.insert(loose_terms.words.begin(), loose_terms.words.end());
      alternatives.push_back(Scale(kCompoundPartsWeight, Or(loose)));
    }
  } else {
    const std::string& word = token.text;
    terms.words.insert(word);
    std::string stem = analyzer_.Stem(word);
    // The stem in each field (the word itself when it has none), and the
    // word as written in the text.
    const auto in = [&](const schema::TextField& field) {
      return stem.empty() ? Xapian::Query(schema::Prefixed(field.prefix, word))
                          : Xapian::Query(schema::Prefixed(field.stemmed_prefix, stem));
    };
    alternatives.push_back(in(schema::kTextField));
    if (!stem.empty()) {
      terms.stems.insert(stem);
      alternatives.push_back(Scale(kExactWordWeight, Xapian::Query(schema::TextTerm(word))));
    }
    alternatives.push_back(Scale(options_.section_weight, in(schema::kSectionField)));
    alternatives.push_back(Scale(answer_weight, in(schema::kAnswerField)));
  }
  if (as_prefix && token.text.size() >= kMinPrefixBytes) {
    terms.prefixes.insert(token.text);
    std::vector<Xapian::Query> wild{
        Xapian::Query(Xapian::Query::OP_WILDCARD, token.text, options_.max_prefix_expansion,
                      Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT),
        Scale(options_.section_weight,
              Xapian::Query(Xapian::Query::OP_WILDCARD, schema::Prefixed(schema::kSectionField.prefix, token.text),
                            options_.max_prefix_expansion, Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT))};
    alternatives.push_back(Scale(kPrefixWeight, Or(wild)));
  }
  return Or(alternatives);
}

Xapian::Query QueryBuilder::PhraseQuery(const std::vector<Token>& tokens, MatchTerms& terms) const {
  if (tokens.size() == 1) return TokenQuery(tokens[0], false, terms);
  std::vector<std::string> words;
  for (const Token& t : tokens) {
    for (const std::string& p : t.parts) {  // operators take no position in a phrase
      terms.words.insert(p);
      words.push_back(p);
    }
  }
  if (words.empty()) return Xapian::Query();
  // The words in a row in the question, or (weighing less) in its answer.
  auto phrase_in = [&](const schema::TextField& field) {
    std::vector<Xapian::Query> terms_in_field;
    for (const std::string& w : words) terms_in_field.emplace_back(schema::Prefixed(field.prefix, w));
    return Xapian::Query(Xapian::Query::OP_PHRASE, terms_in_field.begin(), terms_in_field.end(),
                         terms_in_field.size());
  };
  std::vector<Xapian::Query> fields{phrase_in(schema::kTextField),
                                    Scale(options_.answer_weight, phrase_in(schema::kAnswerField))};
  return Or(fields);
}

Xapian::Query QueryBuilder::ExpressionQuery(std::string_view expression, MatchTerms& terms) const {
  return PhraseQuery(analyzer_.Tokenize(expression), terms);
}

bool QueryBuilder::Known(const Token& token, bool as_prefix) const {
  // As written in the text or the answer.
  auto written = [&](const std::string& word) {
    return db_.term_exists(schema::TextTerm(word)) ||
           db_.term_exists(schema::Prefixed(schema::kAnswerField.prefix, word));
  };
  if (written(token.text)) return true;
  if (as_prefix && db_.allterms_begin(token.text) != db_.allterms_end(token.text)) return true;
  if (token.compound) {
    return !token.parts.empty() && std::all_of(token.parts.begin(), token.parts.end(), written);
  }
  std::string stem = analyzer_.Stem(token.text);
  return (!stem.empty() && (db_.term_exists(schema::Prefixed(schema::kTextField.stemmed_prefix, stem)) ||
                            db_.term_exists(schema::Prefixed(schema::kAnswerField.stemmed_prefix, stem)))) ||
         db_.term_exists(schema::Prefixed(schema::kSectionField.prefix, token.text));
}

Xapian::Query QueryBuilder::ConceptGroupQuery(const std::string& name) const {
  if (options_.concept_groups) {
    auto known = options_.concept_groups->find(name);
    if (known != options_.concept_groups->end()) return known->second;
  }
  // The best neighbour a question has counts, not how many: the group
  // weighs as one term.
  std::vector<Xapian::Query> group;
  MatchTerms unmarked;  // a neighbour is not what was searched for
  const std::string key = schema::ConceptGroupKey(name);
  for (auto it = db_.synonyms_begin(key); it != db_.synonyms_end(key); ++it) {
    std::vector<Token> tokens = analyzer_.Tokenize(*it);
    bool all_weak = std::all_of(tokens.begin(), tokens.end(), [this](const Token& t) { return IsWeakWord(t); });
    std::vector<Xapian::Query> words;
    for (const Token& t : tokens) {
      if (all_weak || !IsWeakWord(t)) words.push_back(TokenQuery(t, false, unmarked, /*in_answer=*/false));
    }
    group.push_back(words.size() == 1 ? words[0] : Xapian::Query(Xapian::Query::OP_AND, words.begin(), words.end()));
  }
  Xapian::Query query = group.empty() ? Xapian::Query() : Xapian::Query(Xapian::Query::OP_SYNONYM, group.begin(), group.end());
  if (options_.concept_groups) options_.concept_groups->emplace(name, query);
  return query;
}

bool QueryBuilder::HasSynonyms(const std::string& words) const {
  const std::string key = schema::SynonymKey(words);
  return db_.synonyms_begin(key) != db_.synonyms_end(key);
}

bool QueryBuilder::IsWeakWord(const Token& token) const {
  if (token.compound) return false;
  if (IsFunctionWord(token.text)) return true;
  if (!options_.filler_words || options_.filler_words->empty()) return false;
  std::string stem = analyzer_.Stem(token.text);
  return options_.filler_words->count(stem.empty() ? token.text : stem) > 0;
}

BuiltQuery QueryBuilder::Build(std::string_view text) const {
  BuiltQuery out;
  std::vector<Clause> clauses = Parse(text);
  if (clauses.empty()) {
    out.browse = text.find_first_not_of(" \t\r\n") == std::string_view::npos;
    return out;
  }
  bool typing = options_.prefix_last_word && !text.empty() && text.back() != ' ' && text.back() != '"';

  std::vector<Xapian::Query> units, boosts, required, excluded;
  // Free words in order, for synonym spans and spelling.
  struct FreeWord {
    const Token* token;
    bool prefix;
  };
  std::vector<FreeWord> free_words;
  for (size_t c = 0; c < clauses.size(); ++c) {
    Clause& clause = clauses[c];
    if (clause.excluded) {
      excluded.push_back(clause.phrase ? PhraseQuery(clause.tokens, out.match_terms)
                                       : [&] {
                                           MatchTerms ignored;
                                           std::vector<Xapian::Query> qs;
                                           for (const Token& t : clause.tokens) qs.push_back(TokenQuery(t, false, ignored));
                                           return Or(qs);
                                         }());
      continue;
    }
    if (clause.phrase) {
      required.push_back(PhraseQuery(clause.tokens, out.match_terms));
      continue;
    }
    for (size_t k = 0; k < clause.tokens.size(); ++k) {
      bool last = typing && c + 1 == clauses.size() && k + 1 == clause.tokens.size();
      free_words.push_back({&clause.tokens[k], last});
    }
  }

  bool all_function_words = std::all_of(free_words.begin(), free_words.end(), [this](const FreeWord& w) {
    return IsWeakWord(*w.token);
  });
  for (size_t i = 0; i < free_words.size();) {
    // The longest span starting here that has synonyms.
    size_t span = 0;
    std::string key;
    for (size_t len = std::min(kMaxSynonymSpan, free_words.size() - i); len >= 1; --len) {
      std::string candidate;
      for (size_t k = i; k < i + len; ++k) {
        if (!candidate.empty()) candidate += ' ';
        candidate += free_words[k].token->text;
      }
      if (HasSynonyms(candidate)) {
        span = len;
        key = std::move(candidate);
        break;
      }
    }
    if (span == 0) {
      const FreeWord& w = free_words[i];
      const bool boost_only = !all_function_words && IsWeakWord(*w.token);
      MatchTerms weak;  // what a word that only boosts matches
      MatchTerms& marks = boost_only ? weak : out.match_terms;
      Xapian::Query q = TokenQuery(*w.token, w.prefix, marks);
      if (!w.token->compound && !Known(*w.token, w.prefix)) {
        // A word the bank does not have also matches its near spellings,
        // ranked below what was typed.
        std::vector<Xapian::Query> near{q};
        std::vector<std::string> candidates = FuzzyCandidates(db_, w.token->text, kMaxFuzzyCandidates);
        if (!candidates.empty()) {
          std::string list;
          for (const std::string& c : candidates) list += (list.empty() ? "" : ", ") + c;
          out.notes.push_back("typo: \"" + w.token->text + "\" also matches " + list);
        }
        for (const std::string& candidate : candidates) {
          Token t;
          t.text = candidate;
          t.parts = {candidate};
          near.push_back(Scale(kFuzzyWeight, TokenQuery(t, false, marks)));
        }
        q = Or(near);
      }
      if (boost_only) AddWeakTerms(weak, out.match_terms);
      if (!boost_only) {
        units.push_back(q);
      } else if (options_.boost_function_words) {
        boosts.push_back(q);
      }
      ++i;
      continue;
    }
    // The span as one whole: all its words, or any of its synonyms. A
    // multi-word whole outweighs its words matched alone.
    std::vector<Xapian::Query> words, whole;
    for (size_t k = i; k < i + span; ++k) {
      words.push_back(TokenQuery(*free_words[k].token, free_words[k].prefix, out.match_terms));
    }
    whole.push_back(span == 1 ? words[0] : Xapian::Query(Xapian::Query::OP_AND, words.begin(), words.end()));
    std::string list;
    const std::string stored_key = schema::SynonymKey(key);
    for (auto it = db_.synonyms_begin(stored_key); it != db_.synonyms_end(stored_key); ++it) {
      whole.push_back(ExpressionQuery(*it, out.match_terms));
      list += (list.empty() ? "\"" : ", \"") + *it + "\"";
    }
    out.notes.push_back("synonyms: \"" + key + "\" also matches " + list);
    // The span and its synonyms weigh as one term (however many of them a
    // question has, and a two-word synonym no more than the word typed); the
    // words as typed add a little, so they rank first among equals.
    Xapian::Query any(Xapian::Query::OP_SYNONYM, whole.begin(), whole.end());
    if (span == 1) {
      units.push_back(Xapian::Query(Xapian::Query::OP_OR, any, Scale(kTypedOverSynonymWeight, words[0])));
    } else {
      words.push_back(Scale(kSynonymSpanWeight, any));
      units.push_back(Or(words));
    }
    i += span;
  }

  // Spelling: unknown free words, corrected from the bank's vocabulary.
  std::string corrected(text);
  bool any_correction = false;
  std::vector<std::string> spelled(free_words.size());  // each word, corrected
  for (size_t k = free_words.size(); k-- > 0;) {
    const Token& t = *free_words[k].token;
    spelled[k] = t.text;
    if (t.text.size() < 3 || Known(t, free_words[k].prefix)) continue;
    unsigned distance = t.text.size() <= 4 ? 1 : 2;
    std::string suggestion = db_.get_spelling_suggestion(t.text, distance);
    if (suggestion.empty()) continue;
    corrected.replace(t.begin, t.end - t.begin, suggestion);
    spelled[k] = suggestion;
    any_correction = true;
  }
  if (any_correction) {
    out.corrected = corrected;
    out.notes.push_back("spelling: did you mean \"" + corrected + "\"");
  }

  // Concept neighbours (corpus/concepts.txt): weaker than synonyms, they
  // bring in questions on the same subject, below those with the words typed.
  // A span finds its groups by its own words or by a synonym's
  // ("global interpreter lock" by "gil"); the longest span wins, so "lock"
  // of that span finds nothing on its own.
  std::vector<Xapian::Query> neighbours;
  std::set<std::string> groups_taken;  // a group counts once, whichever span finds it
  auto concept_key = [&](const std::string& text) {
    return schema::ConceptKey(analyzer_.StemmedKey(analyzer_.Tokenize(text)));
  };
  auto has_neighbours = [&](const std::string& key) { return HasSynonyms(key); };
  for (size_t i = 0; options_.concept_weight > 0 && i < free_words.size();) {
    size_t span = 0;
    std::vector<std::string> keys;
    for (size_t len = std::min(kMaxSynonymSpan, free_words.size() - i); len >= 1 && keys.empty(); --len) {
      std::string words;
      bool weak = true;
      for (size_t k = i; k < i + len; ++k) {
        words += (words.empty() ? "" : " ") + spelled[k];  // "deadlok" finds deadlock's
        weak = weak && IsWeakWord(*free_words[k].token);
      }
      if (weak) continue;  // "explain" alone names no subject
      if (std::string key = concept_key(words); has_neighbours(key)) keys.push_back(key);
      const std::string words_key = schema::SynonymKey(words);
      for (auto it = db_.synonyms_begin(words_key); it != db_.synonyms_end(words_key); ++it) {
        if (std::string key = concept_key(*it); has_neighbours(key)) keys.push_back(key);
      }
      span = len;
    }
    if (keys.empty()) {
      ++i;
      continue;
    }
    std::set<std::string> names;
    for (const std::string& key : keys) {
      for (auto it = db_.synonyms_begin(key); it != db_.synonyms_end(key); ++it) names.insert(*it);
    }
    std::vector<Xapian::Query> groups;
    std::string list;
    for (const std::string& name : names) {
      if (!groups_taken.insert(name).second) continue;
      Xapian::Query group = ConceptGroupQuery(name);
      if (group.empty()) continue;
      groups.push_back(group);
      list += (list.empty() ? "" : ", ") + name;
    }
    if (groups.empty()) {
      i += span;
      continue;
    }
    std::string typed;
    for (size_t k = i; k < i + span; ++k) typed += (typed.empty() ? "" : " ") + free_words[k].token->text;
    out.notes.push_back("related concepts: \"" + typed + "\" also finds, weakly, questions on " + list);
    // A span of several words that names a subject ("orm performance") says
    // more about what is wanted than any one of its words does.
    double weight = span > 1 ? std::max(options_.concept_weight, kConceptSpanWeight) : options_.concept_weight;
    neighbours.push_back(Scale(weight, Or(groups)));
    i += span;
  }

  std::vector<Xapian::Query> adjacent;
  for (size_t i = 0; i + 1 < free_words.size(); ++i) {
    const Token& a = *free_words[i].token;
    const Token& b = *free_words[i + 1].token;
    if (a.parts.empty() || b.parts.empty()) continue;
    if (IsWeakWord(a) && IsWeakWord(b)) continue;
    std::vector<Xapian::Query> pair{Xapian::Query(schema::TextTerm(a.parts.back())),
                                    Xapian::Query(schema::TextTerm(b.parts.front()))};
    adjacent.emplace_back(Xapian::Query::OP_NEAR, pair.begin(), pair.end(), 3);
  }

  for (const std::string& prefix : out.match_terms.prefixes) {
    out.notes.push_back("prefix: \"" + prefix + "\" also matches words it begins");
  }

  Xapian::Query main = Or(units);
  if (units.size() >= 2 && options_.all_words_weight > 0) {
    // Questions with every word rank above those with some of them.
    Xapian::Query all(Xapian::Query::OP_AND, units.begin(), units.end());
    main = Xapian::Query(Xapian::Query::OP_OR, main, Scale(options_.all_words_weight, all));
  }
  if (!main.empty() && !neighbours.empty()) {
    main = Xapian::Query(Xapian::Query::OP_OR, main, Or(neighbours));
  }
  std::vector<Xapian::Query> nonempty_required;
  for (Xapian::Query& q : required) {
    if (!q.empty()) nonempty_required.push_back(q);
  }
  const Xapian::Query not_wanted = Or(excluded);
  // `main` with the required phrases, the weak-word boosts and exclusions.
  auto whole = [&](Xapian::Query main) {
    if (!nonempty_required.empty()) {
      Xapian::Query all(Xapian::Query::OP_AND, nonempty_required.begin(), nonempty_required.end());
      main = main.empty() ? all : Xapian::Query(Xapian::Query::OP_AND_MAYBE, all, main);
    }
    if (!main.empty() && !boosts.empty()) {
      main = Xapian::Query(Xapian::Query::OP_AND_MAYBE, main, Scale(kWeakWordWeight, Or(boosts)));
    }
    if (!not_wanted.empty()) {
      if (main.empty() && units.empty() && required.empty()) main = MatchAllQuery();
      if (!main.empty()) main = Xapian::Query(Xapian::Query::OP_AND_NOT, main, not_wanted);
    }
    return main;
  };
  out.has_proximity_boost = !adjacent.empty() && options_.proximity_weight > 0;
  if (out.has_proximity_boost) {
    out.query_without_proximity = whole(main);
    // Words typed side by side rank higher found side by side.
    main = Xapian::Query(Xapian::Query::OP_AND_MAYBE, main, Scale(options_.proximity_weight, Or(adjacent)));
  }
  out.query = whole(main);
  if (!out.has_proximity_boost) out.query_without_proximity = out.query;
  out.words = units;
  out.neighbours = Or(neighbours);

  // The same match set as `main`: the boost-only clauses above never add
  // or remove a match, so they are left out.
  auto match_set = [&](bool with_neighbours) {
    Xapian::Query matching = Or(units);
    if (with_neighbours && !matching.empty() && !out.neighbours.empty()) {
      matching = Xapian::Query(Xapian::Query::OP_OR, matching, out.neighbours);
    }
    if (!nonempty_required.empty()) {
      matching = Xapian::Query(Xapian::Query::OP_AND, nonempty_required.begin(), nonempty_required.end());
    }
    if (!not_wanted.empty()) {
      if (matching.empty() && units.empty() && required.empty()) matching = MatchAllQuery();
      if (!matching.empty()) matching = Xapian::Query(Xapian::Query::OP_AND_NOT, matching, not_wanted);
    }
    return matching;
  };
  out.match_query = match_set(true);
  out.words_match_query = out.neighbours.empty() ? out.match_query : match_set(false);
  return out;
}

}  // namespace quarry
