// Turns what a user typed into a Xapian::Query, with our Analyzer cutting
// the words (so they are cut as they were at index time), not Xapian's
// QueryParser: first into a QueryPlan (searcher/query_plan.h), in phases,
// then the plan into the queries a search runs (Render). Every weight and
// limit it applies is a knob of its Ranking (searcher/ranking.h).
//
// Syntax, forgiving by design (no input is an error):
//   words            any may match; rarer and more words rank higher
//   "a phrase"       must match, words adjacent and in order
//   -word, -"a b"    must not match
// AND, OR, NOT and stray punctuation are plain words. Common function
// words (how, is, the...) and the bank's filler words (explain, example)
// only boost: they never match a question alone.
// Every word matches its stem too; a compound (select_related) matches as
// written or as its parts in sequence; the last word also matches as a
// prefix (in the question and its section title); synonyms from the index
// expand words and multi-word spans; concept neighbours add questions on
// the same subject, weakly. A word (or phrase) also matches in a question's
// answer, weighing less (answer_weight); a concept neighbour and a prefix
// being typed do not.
#pragma once

#include <xapian.h>

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/analyzer.h"
#include "searcher/index_words.h"
#include "searcher/query_plan.h"
#include "searcher/ranking.h"

namespace quarry {

struct QueryBuildOptions {
  // Every weight and limit the query applies.
  Ranking ranking = Ranking::Search();
  // The last word also matches as a prefix (search-as-you-type), unless the
  // text ends with a space or a closing quote.
  bool prefix_last_word = true;
  // What the index says of words: filler words (treated like function
  // words), code words, how common words are in technical writing. Not
  // owned; may be null (none of it).
  const IndexWords* words = nullptr;
  // Concept groups' queries already built, by group name: building one
  // reads the synonym table and analyses each of its terms. Kept by the
  // caller while the index and these options stay the same (a Searcher,
  // per generation). Not owned; may be null (no reuse).
  std::map<std::string, Xapian::Query>* concept_groups = nullptr;
};

class QueryBuilder {
 public:
  // REQUIRES: `db` and `analyzer` outlive the builder.
  QueryBuilder(const Xapian::Database& db, const Analyzer& analyzer, const QueryBuildOptions& options);

  // Render(Plan(text), the options' ranking). May throw Xapian::Error (the
  // caller turns it into a Status), as may Plan.
  BuiltQuery Build(std::string_view text) const;

  // What `text` asks for, part by part.
  QueryPlan Plan(std::string_view text) const;

 private:
  struct Clause;
  // A word outside phrases and exclusions, and whether it is being typed.
  struct FreeWord {
    const Token* token;
    bool prefix;
    bool weak = false;  // it only boosts (IsWeakWord, in this query)
    // A weak word that is a name in code, in a query about code: it boosts
    // as much as a word weighs.
    bool code = false;
  };

  // The phases of Plan, in order.
  std::vector<Clause> Parse(std::string_view text, bool typing) const;
  // A compound the bank does not have, as its words (ci/cd: ci, cd).
  void SplitUnknownCompounds(std::vector<Token>& tokens, bool last_typed) const;
  // Sets each word's `weak`: code words count in a query about code.
  void MarkWeakWords(std::vector<FreeWord>& words) const;
  // Adds the phrases and exclusions to `plan`; returns the other words.
  std::vector<FreeWord> AddClauses(const std::vector<Clause>& clauses, bool typing, QueryPlan& plan) const;
  void AddWords(const std::vector<FreeWord>& words, QueryPlan& plan) const;
  void AddWord(const FreeWord& word, bool all_weak, QueryPlan& plan) const;
  size_t AddSynonymSpan(const std::vector<FreeWord>& words, size_t begin, QueryPlan& plan) const;
  std::string InitialismWithALetterMore(const Token& token, bool as_prefix) const;
  Xapian::Query WithWordsApart(const Token& token, Xapian::Query typed, QueryPlan& plan) const;
  Xapian::Query WithNearSpellings(const Token& token, Xapian::Query typed, MatchTerms& terms,
                                  QueryPlan& plan) const;
  std::vector<std::string> AddSpelling(std::string_view text, const std::vector<FreeWord>& words,
                                       QueryPlan& plan) const;
  void AddNeighbours(const std::vector<FreeWord>& words, const std::vector<std::string>& spelled,
                     QueryPlan& plan) const;
  std::vector<std::string> ConceptKeys(const std::vector<FreeWord>& words, const std::vector<std::string>& spelled,
                                       size_t begin, size_t& span) const;
  void AddConceptGroups(const std::vector<std::string>& keys, const std::string& typed, size_t span,
                        std::set<std::string>& taken, QueryPlan& plan) const;
  void AddSectionContext(const std::vector<FreeWord>& words, QueryPlan& plan) const;
  // The words of the one section title that most of `term`'s questions
  // (at least two thirds) sit under; empty when there is none.
  std::set<std::string> SectionOf(const std::string& term) const;
  void AddCompanions(const std::vector<FreeWord>& words, QueryPlan& plan) const;
  void AddCompanions(const Token& token, const std::string& term, QueryPlan& plan) const;
  void AddAdjacency(const std::vector<FreeWord>& words, QueryPlan& plan) const;

  // The token's query in the text, section and (with `in_answer`) answer
  // fields; adds what it matches to `terms`.
  Xapian::Query TokenQuery(const Token& token, bool as_prefix, MatchTerms& terms, bool in_answer = true) const;
  std::vector<Xapian::Query> WordQueries(const std::string& word, MatchTerms& terms, bool in_answer) const;
  std::vector<Xapian::Query> CompoundQueries(const Token& token, MatchTerms& terms, bool in_answer) const;
  Xapian::Query PrefixQuery(const std::string& prefix, MatchTerms& terms) const;
  Xapian::Query ExpressionQuery(std::string_view expression, MatchTerms& terms) const;
  Xapian::Query PhraseQuery(const std::vector<Token>& tokens, MatchTerms& terms) const;
  bool Known(const Token& token, bool as_prefix) const;
  // The terms of concept group `name` (corpus/concepts.txt), weighing as
  // one term; empty when the index has no such group.
  Xapian::Query ConceptGroupQuery(const std::string& name) const;
  // Whether the synonym table has an entry for `words` (a word, a span of
  // words or a concept key).
  bool HasSynonyms(const std::string& words) const;
  // The concept key of a word or span of words: its stems.
  std::string ConceptKey(const std::string& text) const;
  // A common word, a filler word, or a word in most of the bank's
  // questions: it boosts but never matches alone. With `about_code`, a
  // common word that is a name in code is not weak.
  bool IsWeakWord(const Token& token, bool about_code = false) const;
  // Whether technical writing uses the word (IndexWords): spelled right,
  // though the bank lacks it, so its near spellings are only the same
  // letters written otherwise ("forecast" is not "forest"; "kmeans" is
  // "k-means").
  bool SpelledRight(const Token& token) const;
  // How much a word weighs for how common it is in technical writing
  // (Ranking::general_word_floor): 1 for a specific one.
  double Specificity(const std::string& key) const;
  // ln(documents / documents with it) of a word or stem in technical
  // writing; infinity for one it lacks (or with no such figures).
  double WritingIdf(const std::string& key) const;
  // Whether a concept group's member (a word or words) is too common in
  // technical writing to name a subject (Ranking::neighbour_min_idf).
  bool IsGeneralNeighbour(const std::vector<Token>& tokens) const;
  // The word's term in the question text: its stem, or as written when it
  // has none (a compound, a number).
  std::string TextTermOf(const Token& token) const;
  // Whether the word (its stem in the text) is in more than `share` of the
  // bank's questions, in a bank of kMinQuestionsForDominance or more: the
  // dominant-word and the neighbour-share rules.
  bool InMoreThan(const Token& token, double share) const;
  // words[begin, begin + count) as typed, one space between.
  static std::string Typed(const std::vector<FreeWord>& words, size_t begin, size_t count);

  const Xapian::Database& db_;
  const Analyzer& analyzer_;
  QueryBuildOptions options_;
};

}  // namespace quarry
