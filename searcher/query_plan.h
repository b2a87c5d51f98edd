// What a query asks for, part by part, before it becomes Xapian queries.
//
// QueryBuilder::Plan fills a QueryPlan from the text typed, in phases
// (clauses, words and synonym spans, typos, spelling, concept neighbours,
// adjacency); Render then makes every query a search needs (BuiltQuery)
// from the plan, in one place, so that they agree: the ranked query, the
// same match set without the boost-only clauses, the query without its
// proximity boost, and what each counted word matches (relaxation).
#pragma once

#include <xapian.h>

#include <set>
#include <string>
#include <utility>
#include <vector>

#include "searcher/ranking.h"

namespace quarry {

// What a query looks for, for highlighting hits.
struct MatchTerms {
  std::set<std::string> words;  // normalised words and compounds
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

struct QueryPlan {
  bool browse = false;  // nothing typed at all: list the bank in order
  // Each word that counts, in order, with what it matches (its stem and
  // forms in every field, near spellings of an unknown word); a synonym
  // span is one unit. A question matches any of them.
  std::vector<Xapian::Query> units;
  // Function and filler words: they add weight, never a match.
  std::vector<Xapian::Query> boosts;
  // Code words of a query about code ("this" of "this keyword js"): they
  // weigh as much as a word, but add no match either (most questions with
  // "for" or "in" are not about them).
  std::vector<Xapian::Query> code_words;
  // Quoted phrases: a question must match every one (a phrase of no
  // searchable word is an empty query, and asks nothing).
  std::vector<Xapian::Query> required;
  // What a question must not match (-word, -"a phrase"). With no unit and
  // no phrase, every other question matches.
  std::vector<Xapian::Query> excluded;
  // The concept groups a span of words found, and how much they weigh.
  struct Neighbours {
    Xapian::Query groups;
    double weight = 0;
  };
  std::vector<Neighbours> neighbours;
  // Words typed side by side: the last part of one and the first of the next.
  std::vector<std::pair<std::string, std::string>> adjacent;
  MatchTerms match_terms;
  // The query with unknown words replaced by their closest known word;
  // empty when every word is known.
  std::string corrected;
  // What the query did beyond the words as typed, in words (for --explain).
  std::vector<std::string> notes;
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
  // query_without_proximity without the concept neighbours too: what ranks
  // the candidates when the neighbours can add no match (relaxation
  // requires a word), and only boost the best of them.
  Xapian::Query query_without_neighbours;
  // Set by relaxation: the match set is of questions with the words, and
  // the neighbours only weigh (so they need not be read for every match).
  bool neighbours_only_weigh = false;
  bool browse = false;  // nothing typed at all: list the bank in order
  MatchTerms match_terms;
  // QueryPlan::corrected and QueryPlan::notes.
  std::string corrected;
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

// The queries of `plan`, weighed by `ranking` (its query-wide weights:
// all-words, proximity, weak words; the units carry their own).
BuiltQuery Render(QueryPlan plan, const Ranking& ranking);

// The non-empty of `queries` OR'ed; empty when none is, the one when one is.
Xapian::Query Or(std::vector<Xapian::Query> queries);

// `q` weighing `factor` times as much; empty for a factor of 0.
Xapian::Query Scale(double factor, Xapian::Query q);

// Matches every document. Use it, not Xapian::Query::MatchAll: that is a
// shared static whose reference count is not atomic, so copying it from
// several threads races.
Xapian::Query MatchAllQuery();

}  // namespace quarry
