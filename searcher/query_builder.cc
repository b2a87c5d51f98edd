#include "searcher/query_builder.h"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <limits>
#include <map>

#include "core/function_words.h"
#include "core/schema.h"
#include "searcher/fuzzy.h"

namespace quarry {
namespace {

// The longest run of words looked up whole in the synonym table and among
// concept keys ("global interpreter lock").
constexpr size_t kMaxSynonymSpan = 4;

// A bank this small has no subject words to speak of (IsWeakWord).
constexpr Xapian::doccount kMinQuestionsForDominance = 20;

// An initialism read with a letter less is at least this long and at most
// that ("gbdt"); a word read as two apart, two of at least kMinWordApart.
constexpr size_t kMinLooseInitialism = 4, kMaxLooseInitialism = 6;
constexpr size_t kMinWordApart = 3;

// A rare word's companions: at most kMaxCompanions, each in at most
// kMaxCompanionShare of the bank's questions.
constexpr size_t kMaxCompanions = 3;
constexpr double kMaxCompanionShare = 0.03;

// A section holding more than this share of the bank is no one subject
// (a bank of a few broad sections, or of levels).
constexpr double kMaxSectionShare = 0.1;

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

// A plain word as the Analyzer would cut it.
Token PlainWord(const std::string& word) {
  Token t;
  t.text = word;
  t.parts = {word};
  return t;
}

// Whether `a` and `b` differ only in what is between their letters and
// digits: one word written together, apart or hyphenated (k-means, kmeans).
bool SameLetters(const std::string& a, const std::string& b) {
  const auto letters = [](const std::string& s) {
    std::string out;
    for (char c : s) {
      if (c != '-' && c != '_' && c != '.' && c != ' ' && c != '/') out += c;
    }
    return out;
  };
  return letters(a) == letters(b);
}

// words[begin, begin + count), one space between.
std::string Join(const std::vector<std::string>& words, size_t begin, size_t count) {
  std::string out;
  for (size_t k = begin; k < begin + count; ++k) out += (out.empty() ? "" : " ") + words[k];
  return out;
}

}  // namespace

std::string QueryBuilder::Typed(const std::vector<FreeWord>& words, size_t begin, size_t count) {
  std::vector<std::string> texts;
  for (size_t k = begin; k < begin + count; ++k) texts.push_back(words[k].token->text);
  return Join(texts, 0, texts.size());
}

struct QueryBuilder::Clause {
  std::vector<Token> tokens;  // offsets into the whole query text
  bool phrase = false;
  bool excluded = false;
};

QueryBuilder::QueryBuilder(const Xapian::Database& db, const Analyzer& analyzer,
                           const QueryBuildOptions& options)
    : db_(db), analyzer_(analyzer), options_(options) {}

BuiltQuery QueryBuilder::Build(std::string_view text) const { return Render(Plan(text), options_.ranking); }

QueryPlan QueryBuilder::Plan(std::string_view text) const {
  QueryPlan plan;
  const bool typing = options_.prefix_last_word && !text.empty() && text.back() != ' ' && text.back() != '"';
  const std::vector<Clause> clauses = Parse(text, typing);
  if (clauses.empty()) {
    plan.browse = text.find_first_not_of(" \t\r\n") == std::string_view::npos;
    return plan;
  }
  std::vector<FreeWord> words = AddClauses(clauses, typing, plan);
  MarkWeakWords(words);
  AddWords(words, plan);
  const std::vector<std::string> spelled = AddSpelling(text, words, plan);
  AddNeighbours(words, spelled, plan);
  AddSectionContext(words, plan);
  AddCompanions(words, plan);
  AddAdjacency(words, plan);
  for (const std::string& prefix : plan.match_terms.prefixes) {
    plan.notes.push_back("prefix: \"" + prefix + "\" also matches words it begins");
  }
  return plan;
}

// ---- Phase 1: clauses ----

std::vector<QueryBuilder::Clause> QueryBuilder::Parse(std::string_view text, bool typing) const {
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
    if (!clause.phrase && !clause.excluded) SplitUnknownCompounds(clause.tokens, typing && end == text.size());
    if (!clause.tokens.empty()) clauses.push_back(std::move(clause));
  }
  return clauses;
}

void QueryBuilder::SplitUnknownCompounds(std::vector<Token>& tokens, bool last_typed) const {
  std::vector<Token> out;
  for (size_t k = 0; k < tokens.size(); ++k) {
    const Token& t = tokens[k];
    if (!t.compound || t.parts.size() < 2 || Known(t, last_typed && k + 1 == tokens.size())) {
      out.push_back(t);
      continue;
    }
    // Written so nowhere in the bank ("ci/cd", "tcp/ip"): its words are
    // what was meant, each looked up on its own (synonyms, neighbours).
    for (size_t p = 0; p < t.parts.size(); ++p) {
      Token part = PlainWord(t.parts[p]);
      part.position = t.position + static_cast<uint32_t>(p);
      part.begin = t.begin;
      part.end = t.end;
      out.push_back(std::move(part));
    }
  }
  tokens = std::move(out);
}

void QueryBuilder::MarkWeakWords(std::vector<FreeWord>& words) const {
  // "this keyword js", "for loop": not a sentence ("how does this work").
  const auto sentence_word = [&](const std::string& w) {
    return IsFunctionWord(w) && !(options_.words && options_.words->code_words.count(w));
  };
  const bool about_code = !words.empty() && words.size() <= options_.ranking.code_query_words &&
                          !sentence_word(words[0].token->text);
  for (FreeWord& w : words) {
    w.weak = IsWeakWord(*w.token);
    w.code = w.weak && about_code && !IsWeakWord(*w.token, true);
  }
}

std::vector<QueryBuilder::FreeWord> QueryBuilder::AddClauses(const std::vector<Clause>& clauses, bool typing,
                                                             QueryPlan& plan) const {
  std::vector<FreeWord> words;
  for (size_t c = 0; c < clauses.size(); ++c) {
    const Clause& clause = clauses[c];
    if (clause.excluded && clause.phrase) {
      plan.excluded.push_back(PhraseQuery(clause.tokens, plan.match_terms));
    } else if (clause.excluded) {
      MatchTerms ignored;  // not what is searched for
      std::vector<Xapian::Query> any;
      for (const Token& t : clause.tokens) any.push_back(TokenQuery(t, false, ignored));
      plan.excluded.push_back(Or(std::move(any)));
    } else if (clause.phrase) {
      plan.required.push_back(PhraseQuery(clause.tokens, plan.match_terms));
    } else {
      for (size_t k = 0; k < clause.tokens.size(); ++k) {
        const bool last = typing && c + 1 == clauses.size() && k + 1 == clause.tokens.size();
        words.push_back({&clause.tokens[k], last});
      }
    }
  }
  return words;
}

// ---- Phase 2: words and synonym spans (and typos) ----

void QueryBuilder::AddWords(const std::vector<FreeWord>& words, QueryPlan& plan) const {
  // Weak words alone count ("why and when" still searches).
  const bool all_weak = std::all_of(words.begin(), words.end(), [](const FreeWord& w) { return w.weak; });
  for (size_t i = 0; i < words.size();) {
    const size_t span = AddSynonymSpan(words, i, plan);
    if (span > 0) {
      i += span;
      continue;
    }
    AddWord(words[i], all_weak, plan);
    ++i;
  }
}

void QueryBuilder::AddWord(const FreeWord& word, bool all_weak, QueryPlan& plan) const {
  const Token& token = *word.token;
  const bool boost_only = !all_weak && word.weak;
  MatchTerms weak;  // what a word that only boosts matches
  MatchTerms& terms = boost_only ? weak : plan.match_terms;
  Xapian::Query q = TokenQuery(token, word.prefix, terms);
  if (!token.compound && !Known(token, word.prefix)) {
    q = WithWordsApart(token, WithNearSpellings(token, q, terms, plan), plan);
  }
  if (!boost_only) {
    plan.units.push_back(q);
    return;
  }
  AddWeakTerms(weak, plan.match_terms);
  (word.code ? plan.code_words : plan.boosts).push_back(q);
}

// The unit of the longest span of words from `begin` that has synonyms, if
// any; returns its length (0: none has).
size_t QueryBuilder::AddSynonymSpan(const std::vector<FreeWord>& words, size_t begin, QueryPlan& plan) const {
  size_t span = std::min(kMaxSynonymSpan, words.size() - begin);
  std::string key;
  for (; span >= 1; --span) {
    key = Typed(words, begin, span);
    if (HasSynonyms(key)) break;
  }
  if (span == 0) {
    key = InitialismWithALetterMore(*words[begin].token, words[begin].prefix);
    if (key.empty()) return 0;
    span = 1;
    plan.notes.push_back("initialism: \"" + words[begin].token->text + "\" read as \"" + key + "\"");
  }
  // The span as one whole: all its words, or any of its synonyms. A
  // multi-word whole outweighs its words matched alone.
  std::vector<Xapian::Query> typed, whole;
  for (size_t k = begin; k < begin + span; ++k) {
    typed.push_back(TokenQuery(*words[k].token, words[k].prefix, plan.match_terms));
  }
  whole.push_back(span == 1 ? typed[0] : Xapian::Query(Xapian::Query::OP_AND, typed.begin(), typed.end()));
  std::string list;
  const std::string stored_key = schema::SynonymKey(key);
  for (auto it = db_.synonyms_begin(stored_key); it != db_.synonyms_end(stored_key); ++it) {
    whole.push_back(ExpressionQuery(*it, plan.match_terms));
    list += (list.empty() ? "\"" : ", \"") + *it + "\"";
  }
  plan.notes.push_back("synonyms: \"" + key + "\" also matches " + list);
  // The span and its synonyms weigh as one term (however many of them a
  // question has, and a two-word synonym no more than the word typed); the
  // words as typed add a little, so they rank first among equals.
  const Ranking& r = options_.ranking;
  Xapian::Query any(Xapian::Query::OP_SYNONYM, whole.begin(), whole.end());
  if (span == 1) {
    plan.units.push_back(Xapian::Query(Xapian::Query::OP_OR, any, Scale(r.typed_over_synonym_weight, typed[0])));
  } else {
    typed.push_back(Scale(r.synonym_span_weight, any));
    plan.units.push_back(Or(std::move(typed)));
  }
  return span;
}

// An initialism the bank knows that `token` spells with one letter more
// ("gbdt" for a bank's "gbt", gradient boosting trees); "" when none.
std::string QueryBuilder::InitialismWithALetterMore(const Token& token, bool as_prefix) const {
  const std::string& word = token.text;
  if (token.compound || word.size() < kMinLooseInitialism || word.size() > kMaxLooseInitialism) return "";
  if (!std::all_of(word.begin(), word.end(), [](char c) { return c >= 'a' && c <= 'z'; })) return "";
  if (Known(token, as_prefix) || SpelledRight(token)) return "";
  for (size_t i = 1; i + 1 < word.size(); ++i) {  // the first and last letters stay
    std::string shorter = word.substr(0, i) + word.substr(i + 1);
    if (HasSynonyms(shorter)) return shorter;
  }
  return "";
}

// `typed` or, for a word the bank lacks that is two of its words run
// together ("hardlink"), those words side by side ("hard link").
Xapian::Query QueryBuilder::WithWordsApart(const Token& token, Xapian::Query typed, QueryPlan& plan) const {
  const std::string& word = token.text;
  if (token.compound || word.size() < 2 * kMinWordApart) return typed;
  const auto in_bank = [&](const std::string& w) { return Known(PlainWord(w), false) && !IsCommonWord(w); };
  for (size_t i = kMinWordApart; i + kMinWordApart <= word.size(); ++i) {
    const std::string left = word.substr(0, i), right = word.substr(i);
    if (!in_bank(left) || !in_bank(right)) continue;
    const std::vector<Xapian::Query> pair{Xapian::Query(schema::TextTerm(left)), Xapian::Query(schema::TextTerm(right))};
    const Xapian::Query apart(Xapian::Query::OP_PHRASE, pair.begin(), pair.end(), 2);
    plan.match_terms.words.insert(left);
    plan.match_terms.words.insert(right);
    plan.notes.push_back("words apart: \"" + word + "\" also matches \"" + left + " " + right + "\"");
    return Or({std::move(typed), apart});
  }
  return typed;
}

// ---- Phase 3: typos ----

// `typed`, the query of a word the bank does not have, or its near
// spellings, ranked below what was typed.
Xapian::Query QueryBuilder::WithNearSpellings(const Token& token, Xapian::Query typed, MatchTerms& terms,
                                              QueryPlan& plan) const {
  const Ranking& r = options_.ranking;
  std::vector<std::string> candidates =
      FuzzyCandidates(db_, token.text, r.FuzzyEdits(token.text.size()), r.fuzzy_candidates);
  // "fork" is no typo of "for": a near spelling that only boosts is no
  // guess; and a word technical writing uses is only written otherwise.
  const bool spelled_right = SpelledRight(token);
  candidates.erase(std::remove_if(candidates.begin(), candidates.end(),
                                  [&](const std::string& c) {
                                    return IsCommonWord(c) || (spelled_right && !SameLetters(c, token.text));
                                  }),
                   candidates.end());
  std::vector<Xapian::Query> near{std::move(typed)};
  std::string list;
  for (const std::string& candidate : candidates) {
    list += (list.empty() ? "" : ", ") + candidate;
    near.push_back(Scale(r.fuzzy_weight, TokenQuery(PlainWord(candidate), false, terms)));
  }
  if (!candidates.empty()) plan.notes.push_back("typo: \"" + token.text + "\" also matches " + list);
  return Or(std::move(near));
}

// ---- Phase 4: spelling ----

// Corrects the unknown words from the bank's vocabulary into
// plan.corrected; returns every word, corrected or as typed.
std::vector<std::string> QueryBuilder::AddSpelling(std::string_view text, const std::vector<FreeWord>& words,
                                                   QueryPlan& plan) const {
  std::string corrected(text);
  bool any_correction = false;
  std::vector<std::string> spelled(words.size());
  for (size_t k = words.size(); k-- > 0;) {  // from the end: offsets before stay true
    const Token& t = *words[k].token;
    spelled[k] = t.text;
    const unsigned edits = options_.ranking.SpellingEdits(t.text.size());
    // A word with synonyms ("gbt", an initialism of the bank) is known.
    if (edits == 0 || Known(t, words[k].prefix) || HasSynonyms(t.text)) continue;
    std::string suggestion = db_.get_spelling_suggestion(t.text, edits);
    if (suggestion.empty() || IsCommonWord(suggestion)) continue;
    // "forecast" is no misspelling of "forest"; "kmeans" is of "k-means".
    if (SpelledRight(t) && !SameLetters(suggestion, t.text)) continue;
    corrected.replace(t.begin, t.end - t.begin, suggestion);
    spelled[k] = suggestion;
    any_correction = true;
  }
  if (any_correction) {
    plan.corrected = corrected;
    plan.notes.push_back("spelling: did you mean \"" + corrected + "\"");
  }
  return spelled;
}

// ---- Phase 5: concept neighbours ----

// Concept neighbours (corpus/concepts.txt): weaker than synonyms, they
// bring in questions on the same subject, below those with the words typed.
// A span finds its groups by its own words or by a synonym's
// ("global interpreter lock" by "gil"); the longest span wins, so "lock"
// of that span finds nothing on its own.
void QueryBuilder::AddNeighbours(const std::vector<FreeWord>& words, const std::vector<std::string>& spelled,
                                 QueryPlan& plan) const {
  if (options_.ranking.concept_weight <= 0) return;
  std::set<std::string> taken;  // a group counts once, whichever span finds it
  for (size_t i = 0; i < words.size();) {
    size_t span = 0;
    const std::vector<std::string> keys = ConceptKeys(words, spelled, i, span);
    if (keys.empty()) {
      ++i;
      continue;
    }
    AddConceptGroups(keys, Typed(words, i, span), span, taken, plan);
    i += span;
  }
}

// The concept keys with neighbours of the longest span from `begin` that
// has any (by its words as spelled, or a synonym's); `span` is its length.
std::vector<std::string> QueryBuilder::ConceptKeys(const std::vector<FreeWord>& words,
                                                   const std::vector<std::string>& spelled, size_t begin,
                                                   size_t& span) const {
  std::vector<std::string> keys;
  for (size_t len = std::min(kMaxSynonymSpan, words.size() - begin); len >= 1 && keys.empty(); --len) {
    const bool weak = std::all_of(words.begin() + begin, words.begin() + begin + len,
                                  [](const FreeWord& w) { return w.weak; });
    if (weak) continue;  // "explain" alone names no subject
    // A word in many of the questions finds enough by itself.
    if (len == 1 && InMoreThan(PlainWord(spelled[begin]), options_.ranking.neighbour_word_share)) continue;
    const std::string text = Join(spelled, begin, len);  // "deadlok" finds deadlock's
    if (std::string key = ConceptKey(text); HasSynonyms(key)) keys.push_back(key);
    const std::string text_key = schema::SynonymKey(text);
    for (auto it = db_.synonyms_begin(text_key); it != db_.synonyms_end(text_key); ++it) {
      if (std::string key = ConceptKey(*it); HasSynonyms(key)) keys.push_back(key);
    }
    span = len;
  }
  return keys;
}

// The groups of `keys` not `taken` yet, as the neighbours of the span
// `typed` of `span` words.
void QueryBuilder::AddConceptGroups(const std::vector<std::string>& keys, const std::string& typed, size_t span,
                                    std::set<std::string>& taken, QueryPlan& plan) const {
  std::set<std::string> names;
  for (const std::string& key : keys) {
    for (auto it = db_.synonyms_begin(key); it != db_.synonyms_end(key); ++it) names.insert(*it);
  }
  std::vector<Xapian::Query> groups;
  std::string list;
  for (const std::string& name : names) {
    if (!taken.insert(name).second) continue;
    Xapian::Query group = ConceptGroupQuery(name);
    if (group.empty()) continue;
    groups.push_back(group);
    list += (list.empty() ? "" : ", ") + name;
  }
  if (groups.empty()) return;
  plan.notes.push_back("related concepts: \"" + typed + "\" also finds, weakly, questions on " + list);
  // A span of several words that names a subject ("orm performance") says
  // more about what is wanted than any one of its words does.
  const Ranking& r = options_.ranking;
  const double weight = span > 1 ? std::max(r.concept_weight, r.concept_span_weight) : r.concept_weight;
  plan.neighbours.push_back({Or(std::move(groups)), weight});
}

// ---- Phase 6: section context ----

// A rare word names a subject; when most of the few questions that have it
// sit in one section, that section's title says what the subject is
// ("xgboost" under "Gradient boosting"), and finds, weakly, the questions
// that say so or sit in that section (a section is a subject). A bank organised by level ("Senior sysadmin
// questions") gives titles of weak words only, so nothing.
void QueryBuilder::AddSectionContext(const std::vector<FreeWord>& words, QueryPlan& plan) const {
  const Ranking& r = options_.ranking;
  if (r.section_context_weight <= 0) return;
  for (const FreeWord& w : words) {
    const Token& t = *w.token;
    if (w.weak) continue;
    const std::set<std::string> title = SectionOf(TextTermOf(t));
    std::vector<Xapian::Query> parts;
    std::string said;
    MatchTerms unmarked;  // not what was searched for
    for (const std::string& word : title) {
      const Token title_word = PlainWord(word);
      if (word == t.text || IsWeakWord(title_word)) continue;
      parts.push_back(TokenQuery(title_word, false, unmarked, /*in_answer=*/false));
      said += (said.empty() ? "" : " ") + word;
    }
    if (!parts.empty()) {
      plan.notes.push_back("section context: \"" + t.text + "\" is asked about under \"" + said + "\"");
      plan.neighbours.push_back(
          {Xapian::Query(Xapian::Query::OP_AND, parts.begin(), parts.end()), r.section_context_weight});
    }
  }
}

// ---- Phase 7: companions ----

void QueryBuilder::AddCompanions(const std::vector<FreeWord>& words, QueryPlan& plan) const {
  if (options_.ranking.companion_weight <= 0) return;
  for (const FreeWord& w : words) {
    if (w.weak) continue;
    AddCompanions(*w.token, TextTermOf(*w.token), plan);
  }
}

// The words a rare word's few questions use with it that are rare too
// ("word2vec" asked with "embeddings"): the bank's own say of what goes
// with it. They find, weakly, the questions that use them.
void QueryBuilder::AddCompanions(const Token& token, const std::string& term, QueryPlan& plan) const {
  const Ranking& r = options_.ranking;
  const Xapian::doccount questions = db_.get_termfreq(term);
  if (r.companion_weight <= 0 || questions == 0 || questions > r.section_context_questions) return;
  const std::string prefix(schema::kTextField.stemmed_prefix);
  // In a bank too small for a word to be in 2 questions and that share, no
  // word tells a subject apart.
  const auto most = static_cast<Xapian::doccount>(db_.get_doccount() * kMaxCompanionShare);
  if (most < 2) return;
  std::map<std::string, Xapian::doccount> companions;  // term -> its questions
  for (auto p = db_.postlist_begin(term); p != db_.postlist_end(term); ++p) {
    auto it = db_.termlist_begin(*p);
    for (it.skip_to(prefix); it != db_.termlist_end(*p) && (*it).compare(0, prefix.size(), prefix) == 0; ++it) {
      const std::string& other = *it;
      const char next = other.size() > prefix.size() ? other[prefix.size()] : 'A';
      if (other == term || (next >= 'A' && next <= 'Z')) continue;  // ZS, ZB: other fields
      const Xapian::doccount n = it.get_termfreq();
      if (n < 2 || n > most) continue;  // finds nothing more, or is no telling word
      const std::string stem = other.substr(prefix.size());
      if (IsWeakWord(PlainWord(stem)) || Specificity(stem) < 1.0) continue;
      companions.emplace(other, n);
    }
  }
  std::vector<std::pair<Xapian::doccount, std::string>> rarest;
  for (const auto& [t, n] : companions) rarest.emplace_back(n, t);
  std::sort(rarest.begin(), rarest.end());
  if (rarest.size() > kMaxCompanions) rarest.resize(kMaxCompanions);
  if (rarest.empty()) return;
  std::vector<Xapian::Query> found;
  std::string said;
  for (const auto& [n, t] : rarest) {
    found.emplace_back(t);
    said += (said.empty() ? "" : ", ") + t.substr(prefix.size());
  }
  plan.notes.push_back("companions: \"" + token.text + "\" is asked about with " + said);
  plan.neighbours.push_back({Xapian::Query(Xapian::Query::OP_SYNONYM, found.begin(), found.end()), r.companion_weight});
}

std::set<std::string> QueryBuilder::SectionOf(const std::string& term) const {
  const Xapian::doccount questions = db_.get_termfreq(term);
  if (questions == 0 || questions > options_.ranking.section_context_questions) return {};
  // Each question's section title words, as the index holds them.
  const std::string prefix(schema::kSectionField.prefix);
  std::map<std::set<std::string>, size_t> titles;
  for (auto p = db_.postlist_begin(term); p != db_.postlist_end(term); ++p) {
    std::set<std::string> words;
    auto it = db_.termlist_begin(*p);
    for (it.skip_to(prefix); it != db_.termlist_end(*p) && (*it).compare(0, prefix.size(), prefix) == 0; ++it) {
      words.insert((*it).substr(prefix.size()));
    }
    ++titles[words];
  }
  auto most = std::max_element(titles.begin(), titles.end(),
                               [](const auto& a, const auto& b) { return a.second < b.second; });
  if (most->second * 3 < questions * 2 || most->first.empty()) return {};
  // A section of a large share of the bank says little of a subject.
  Xapian::doccount under_title = db_.get_doccount();
  for (const std::string& word : most->first) under_title = std::min(under_title, db_.get_termfreq(prefix + word));
  if (under_title > db_.get_doccount() * kMaxSectionShare) return {};
  return most->first;
}

// ---- Phase 7: adjacency ----

// Words typed side by side, unless both are weak: found close, they rank higher.
void QueryBuilder::AddAdjacency(const std::vector<FreeWord>& words, QueryPlan& plan) const {
  for (size_t i = 0; i + 1 < words.size(); ++i) {
    const Token& a = *words[i].token;
    const Token& b = *words[i + 1].token;
    if (a.parts.empty() || b.parts.empty()) continue;
    if (words[i].weak && words[i + 1].weak) continue;
    plan.adjacent.emplace_back(a.parts.back(), b.parts.front());
  }
}

// ---- The queries of one word ----

Xapian::Query QueryBuilder::TokenQuery(const Token& token, bool as_prefix, MatchTerms& terms, bool in_answer) const {
  std::vector<Xapian::Query> alternatives =
      token.compound ? CompoundQueries(token, terms, in_answer) : WordQueries(token.text, terms, in_answer);
  if (as_prefix && token.text.size() >= options_.ranking.min_prefix_bytes) {
    alternatives.push_back(PrefixQuery(token.text, terms));
  }
  return Or(std::move(alternatives));
}

std::vector<Xapian::Query> QueryBuilder::WordQueries(const std::string& word, MatchTerms& terms,
                                                     bool in_answer) const {
  const Ranking& r = options_.ranking;
  terms.words.insert(word);
  std::string stem = analyzer_.Stem(word);
  // The stem in each field (the word itself when it has none), and the
  // word as written in the text.
  const auto in = [&](const schema::TextField& field) {
    return stem.empty() ? Xapian::Query(schema::Prefixed(field.prefix, word))
                        : Xapian::Query(schema::Prefixed(field.stemmed_prefix, stem));
  };
  std::vector<Xapian::Query> alternatives{in(schema::kTextField)};
  if (!stem.empty()) {
    terms.stems.insert(stem);
    alternatives.push_back(Scale(r.exact_word_weight, Xapian::Query(schema::TextTerm(word))));
  }
  alternatives.push_back(Scale(r.section_weight, in(schema::kSectionField)));
  alternatives.push_back(Scale(in_answer ? r.answer_weight : 0.0, in(schema::kAnswerField)));
  if (double factor = Specificity(stem.empty() ? word : stem); factor < 1.0) {
    return {Scale(factor, Or(std::move(alternatives)))};
  }
  return alternatives;
}

std::vector<Xapian::Query> QueryBuilder::CompoundQueries(const Token& token, MatchTerms& terms,
                                                         bool in_answer) const {
  const Ranking& r = options_.ranking;
  const double answer_weight = in_answer ? r.answer_weight : 0.0;
  terms.words.insert(token.text);
  std::vector<Xapian::Query> alternatives{
      Scale(r.compound_weight, Xapian::Query(schema::TextTerm(token.text))),
      Scale(answer_weight * r.compound_weight,
            Xapian::Query(schema::Prefixed(schema::kAnswerField.prefix, token.text)))};
  if (token.parts.size() == 1) {
    alternatives.push_back(TokenQuery(PlainWord(token.parts[0]), false, terms, in_answer));
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
    for (const std::string& p : token.parts) loose.push_back(TokenQuery(PlainWord(p), false, loose_terms, in_answer));
    // Marked in plain words only, not in other compounds sharing a part.
    terms.compound_parts.insert(loose_terms.words.begin(), loose_terms.words.end());
    alternatives.push_back(Scale(r.compound_parts_weight, Or(std::move(loose))));
  }
  return alternatives;
}

// Completions of the word being typed, in the text and the section title.
Xapian::Query QueryBuilder::PrefixQuery(const std::string& prefix, MatchTerms& terms) const {
  const Ranking& r = options_.ranking;
  terms.prefixes.insert(prefix);
  // The most frequent terms that begin with `term`, as one synonym: what
  // OP_WILDCARD with WILDCARD_LIMIT_MOST_FREQUENT does, but chosen over the
  // whole database. Xapian 1.4 expands a wildcard in each sub-database
  // apart, so the shards of an index would each pick their own.
  const auto completions = [&](const std::string& term) {
    std::vector<std::pair<Xapian::doccount, std::string>> found;
    for (auto it = db_.allterms_begin(term); it != db_.allterms_end(term); ++it) found.emplace_back(it.get_termfreq(), *it);
    if (found.size() > r.max_prefix_expansion) {
      auto more_frequent = [](const auto& a, const auto& b) { return a.first != b.first ? a.first > b.first : a.second < b.second; };
      std::nth_element(found.begin(), found.begin() + r.max_prefix_expansion, found.end(), more_frequent);
      found.resize(r.max_prefix_expansion);
      std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) { return a.second < b.second; });
    }
    std::vector<Xapian::Query> each;
    each.reserve(found.size());
    for (auto& [n, t] : found) each.emplace_back(std::move(t));
    return Xapian::Query(Xapian::Query::OP_SYNONYM, each.begin(), each.end());
  };
  return Scale(r.prefix_weight,
               Or({completions(prefix),
                   Scale(r.section_weight, completions(schema::Prefixed(schema::kSectionField.prefix, prefix)))}));
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
  return Or({phrase_in(schema::kTextField), Scale(options_.ranking.answer_weight, phrase_in(schema::kAnswerField))});
}

Xapian::Query QueryBuilder::ExpressionQuery(std::string_view expression, MatchTerms& terms) const {
  return PhraseQuery(analyzer_.Tokenize(expression), terms);
}

// ---- What the index holds ----

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
    if (IsGeneralNeighbour(tokens)) continue;
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

std::string QueryBuilder::ConceptKey(const std::string& text) const {
  return schema::ConceptKey(analyzer_.StemmedKey(analyzer_.Tokenize(text)));
}

bool QueryBuilder::IsWeakWord(const Token& token, bool about_code) const {
  if (token.compound) return false;
  if (IsCommonWord(token.text)) return !(about_code && options_.words && options_.words->code_words.count(token.text));
  const std::string stem = analyzer_.Stem(token.text);
  if (options_.words && options_.words->filler_stems.count(stem.empty() ? token.text : stem)) return true;
  // The bank's own subject ("kubernetes" in a Kubernetes bank) tells its
  // questions apart no more than "what" does.
  return InMoreThan(token, options_.ranking.dominant_word_share);
}

bool QueryBuilder::SpelledRight(const Token& token) const {
  if (!options_.words || token.compound) return false;
  const std::string stem = analyzer_.Stem(token.text);
  return options_.words->InTechnicalWriting(stem.empty() ? token.text : stem);
}

double QueryBuilder::WritingIdf(const std::string& key) const {
  if (!options_.words || options_.words->documents <= 0) return std::numeric_limits<double>::infinity();
  auto found = options_.words->term_documents.find(key);
  if (found == options_.words->term_documents.end() || found->second <= 0) {
    return std::numeric_limits<double>::infinity();
  }
  return std::log(options_.words->documents / found->second);
}

bool QueryBuilder::IsGeneralNeighbour(const std::vector<Token>& tokens) const {
  bool any = false;
  for (const Token& t : tokens) {
    if (t.compound || IsCommonWord(t.text)) continue;
    const std::string stem = analyzer_.Stem(t.text);
    if (WritingIdf(stem.empty() ? t.text : stem) >= options_.ranking.neighbour_min_idf) return false;
    any = true;
  }
  return any;  // every word general ("development files"); a compound never is
}

std::string QueryBuilder::TextTermOf(const Token& token) const {
  const std::string stem = token.compound ? std::string() : analyzer_.Stem(token.text);
  return stem.empty() ? schema::TextTerm(token.text) : schema::Prefixed(schema::kTextField.stemmed_prefix, stem);
}

bool QueryBuilder::InMoreThan(const Token& token, double share) const {
  const Xapian::doccount questions = db_.get_doccount();
  if (questions < kMinQuestionsForDominance) return false;
  return db_.get_termfreq(TextTermOf(token)) > share * questions;
}

double QueryBuilder::Specificity(const std::string& key) const {
  const Ranking& r = options_.ranking;
  const double idf = WritingIdf(key);
  if (r.general_word_floor >= 1.0 || std::isinf(idf)) return 1.0;
  return std::clamp(idf / r.specific_word_idf, r.general_word_floor, 1.0);
}

}  // namespace quarry
