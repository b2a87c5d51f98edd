// Turns what a user typed into a Xapian::Query, with our Analyzer cutting
// the words (so they are cut as they were at index time), not Xapian's
// QueryParser.
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
#include "core/function_words.h"
#include "core/schema.h"

namespace quarry {

struct QueryBuildOptions {
  bool prefix_last_word = true;
  unsigned max_prefix_expansion = 50;
  // Weights of a match in the section title, and in the answer, relative to
  // one in the question's text; 0 leaves the field out.
  double section_weight = schema::kSectionWeight;
  double answer_weight = schema::kAnswerWeight;
  // Function words boost questions that have them too; when false they are
  // dropped (more-like-this, where they only add noise).
  bool boost_function_words = true;
  // Extra weight, relative to one word, for a question with every word of
  // the query; and for words typed side by side found within 3 positions.
  double all_words_weight = 1.0;
  double proximity_weight = 0.5;
  // Weight of a concept neighbour's match (corpus/concepts.txt) relative to
  // a word typed; 0 turns neighbours off.
  double concept_weight = 0.3;
  // The stems of the bank's filler words ("explain", "exampl"): treated
  // like function words. Not owned; may be null.
  const std::set<std::string>* filler_words = nullptr;
  // Concept groups' queries already built, by group name: building one
  // reads the synonym table and analyses each of its terms. Kept by the
  // caller while the index and these options stay the same (a Searcher,
  // per generation). Not owned; may be null (no reuse).
  std::map<std::string, Xapian::Query>* concept_groups = nullptr;
};

// What a query looks for, for highlighting hits.
struct MatchTerms {
  std::set<std::string> words;     // normalised words and compounds
  // Parts of compounds the query typed (select, related of select_related):
  // they mark a plain word, not another compound that shares them.
  std::set<std::string> compound_parts;
  std::set<std::string> stems;     // stems
  std::set<std::string> prefixes;  // search-as-you-type prefixes
  // Of `words` and `stems`, those of function and filler words that only
  // boost: a text where nothing else matches did not match the query by
  // what it asks (see QuestionSnippet).
  std::set<std::string> weak_words;
  std::set<std::string> weak_stems;
};

struct BuiltQuery {
  Xapian::Query query;  // empty (MatchNothing) when nothing searchable was typed
  // The documents `query` matches, without the clauses that only add
  // weight (all-words, proximity and function-word boosts): the same match
  // set, far cheaper to count every match of, unweighted.
  Xapian::Query match_query;
  // True when `query` holds a proximity boost (OP_NEAR pairs), the one
  // part of it that reads position lists.
  bool has_proximity_boost = false;
  // `query` without its proximity boost (the same query when it has none):
  // what ranks the candidates that the boost then weighs again.
  Xapian::Query query_without_proximity;
  bool browse = false;  // nothing typed at all: list the bank in order
  MatchTerms match_terms;
  // The query with unknown words replaced by their closest known word;
  // empty when every word is known.
  std::string corrected;
  // What the query did beyond the words as typed, in words (for --explain).
  std::vector<std::string> notes;
  // For query relaxation (searcher/relaxation.h): what each word that
  // counts matches (a synonym span is one word; function and filler words
  // do not count), and what the concept neighbours match. `query` matches
  // any word or neighbour; these say which.
  std::vector<Xapian::Query> words;
  Xapian::Query neighbours;
  // match_query without the concept neighbours: what a relaxation step
  // that requires a word counts over (far fewer terms to open).
  Xapian::Query words_match_query;
};

class QueryBuilder {
 public:
  // REQUIRES: `db` and `analyzer` outlive the builder.
  QueryBuilder(const Xapian::Database& db, const Analyzer& analyzer, const QueryBuildOptions& options);

  // May throw Xapian::Error (the caller turns it into a Status).
  BuiltQuery Build(std::string_view text) const;

 private:
  struct Clause;
  std::vector<Clause> Parse(std::string_view text) const;
  // The token's query in the text, section and (with `in_answer`) answer
  // fields; adds what it matches to `terms`.
  Xapian::Query TokenQuery(const Token& token, bool as_prefix, MatchTerms& terms, bool in_answer = true) const;
  Xapian::Query ExpressionQuery(std::string_view expression, MatchTerms& terms) const;
  Xapian::Query PhraseQuery(const std::vector<Token>& tokens, MatchTerms& terms) const;
  bool Known(const Token& token, bool as_prefix) const;
  // The terms of concept group `name` (corpus/concepts.txt), weighing as
  // one term; empty when the index has no such group.
  Xapian::Query ConceptGroupQuery(const std::string& name) const;
  // Whether the synonym table has an entry for `words` (a word, a span of
  // words or a concept key).
  bool HasSynonyms(const std::string& words) const;
  // A function word or filler word: it boosts but never matches alone.
  bool IsWeakWord(const Token& token) const;

  const Xapian::Database& db_;
  const Analyzer& analyzer_;
  QueryBuildOptions options_;
};

// Matches every document. Use it, not Xapian::Query::MatchAll: that is a
// shared static whose reference count is not atomic, so copying it from
// several threads races.
Xapian::Query MatchAllQuery();


}  // namespace quarry
