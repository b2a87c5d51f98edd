#include "searcher/query_plan.h"

#include <algorithm>

#include "core/schema.h"

namespace quarry {

namespace {

std::vector<Xapian::Query> NonEmpty(std::vector<Xapian::Query> queries) {
  queries.erase(std::remove_if(queries.begin(), queries.end(),
                               [](const Xapian::Query& q) { return q.empty(); }),
                queries.end());
  return queries;
}

}  // namespace

Xapian::Query Or(std::vector<Xapian::Query> queries) {
  queries = NonEmpty(std::move(queries));
  if (queries.empty()) return Xapian::Query();
  if (queries.size() == 1) return queries[0];
  return Xapian::Query(Xapian::Query::OP_OR, queries.begin(), queries.end());
}

Xapian::Query Scale(double factor, Xapian::Query q) {
  // A weight of 0 would keep the clause matching without weight; dropping
  // it is what is meant (and Xapian 1.4's OP_MAX crashes on such a child).
  if (factor == 0.0) return Xapian::Query();
  if (q.empty() || factor == 1.0) return q;
  return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, q, factor);
}

Xapian::Query MatchAllQuery() { return Xapian::Query(std::string()); }

namespace {

// A plan's parts as every query rendered from it combines them.
struct Parts {
  std::vector<Xapian::Query> units;  // the non-empty ones
  Xapian::Query all_required;        // every non-empty phrase; empty: none
  bool asks = false;                 // a unit or a phrase was typed (even an empty one)
  Xapian::Query neighbours;          // any concept neighbour, weighed
  Xapian::Query boost;               // the weak words, weighed
  Xapian::Query not_wanted;          // any exclusion
};

Parts PartsOf(const QueryPlan& plan, const Ranking& ranking) {
  Parts p;
  p.units = NonEmpty(plan.units);
  const std::vector<Xapian::Query> required = NonEmpty(plan.required);
  if (!required.empty()) {
    p.all_required = Xapian::Query(Xapian::Query::OP_AND, required.begin(), required.end());
  }
  p.asks = !p.units.empty() || !plan.required.empty();
  std::vector<Xapian::Query> neighbours;
  for (const QueryPlan::Neighbours& n : plan.neighbours) {
    neighbours.push_back(Scale(n.weight, n.groups));
  }
  p.neighbours = Or(std::move(neighbours));
  p.boost = Or({Scale(ranking.weak_word_weight, Or(plan.boosts)), Or(plan.code_words)});
  p.not_wanted = Or(plan.excluded);
  return p;
}

// `q` without the exclusions; with nothing else asked, every question but them.
Xapian::Query Excluding(Xapian::Query q, const Parts& p) {
  if (p.not_wanted.empty()) return q;
  if (q.empty() && !p.asks) q = MatchAllQuery();
  return q.empty() ? q : Xapian::Query(Xapian::Query::OP_AND_NOT, q, p.not_wanted);
}

// The ranked query around `main` (the units, weighed): the phrases
// required, the weak words' boost, the exclusions.
Xapian::Query Ranked(Xapian::Query main, const Parts& p) {
  if (!p.all_required.empty()) {
    main = main.empty() ? p.all_required
                        : Xapian::Query(Xapian::Query::OP_AND_MAYBE, p.all_required, main);
  }
  if (!main.empty() && !p.boost.empty()) {
    main = Xapian::Query(Xapian::Query::OP_AND_MAYBE, main, p.boost);
  }
  return Excluding(main, p);
}

// What the ranked query matches, without the clauses that only add weight:
// any unit (or neighbour), or with phrases, every phrase; less exclusions.
Xapian::Query MatchSet(const Parts& p, bool with_neighbours) {
  Xapian::Query matching = Or(p.units);
  if (with_neighbours && !matching.empty() && !p.neighbours.empty()) {
    matching = Xapian::Query(Xapian::Query::OP_OR, matching, p.neighbours);
  }
  if (!p.all_required.empty()) matching = p.all_required;
  return Excluding(matching, p);
}

}  // namespace

BuiltQuery Render(QueryPlan plan, const Ranking& ranking) {
  const Parts p = PartsOf(plan, ranking);
  BuiltQuery out;
  Xapian::Query main = Or(p.units);
  if (p.units.size() >= 2 && ranking.all_words_weight > 0) {
    // Questions with every word rank above those with some of them.
    Xapian::Query all(Xapian::Query::OP_AND, p.units.begin(), p.units.end());
    main = Xapian::Query(Xapian::Query::OP_OR, main, Scale(ranking.all_words_weight, all));
  }
  out.query_without_neighbours = Ranked(main, p);
  if (!main.empty() && !p.neighbours.empty()) {
    main = Xapian::Query(Xapian::Query::OP_OR, main, p.neighbours);
  }
  std::vector<Xapian::Query> adjacent;
  for (const auto& [a, b] : plan.adjacent) {
    std::vector<Xapian::Query> pair{Xapian::Query(schema::TextTerm(a)),
                                    Xapian::Query(schema::TextTerm(b))};
    adjacent.emplace_back(Xapian::Query::OP_NEAR, pair.begin(), pair.end(),
                          ranking.proximity_window);
  }
  out.has_proximity_boost = !adjacent.empty() && ranking.proximity_weight > 0;
  if (out.has_proximity_boost) {
    out.query_without_proximity = Ranked(main, p);
    // Words typed side by side rank higher found side by side.
    main = Xapian::Query(Xapian::Query::OP_AND_MAYBE, main,
                         Scale(ranking.proximity_weight, Or(adjacent)));
  }
  out.query = Ranked(main, p);
  if (!out.has_proximity_boost) out.query_without_proximity = out.query;
  out.match_query = MatchSet(p, true);
  out.words_match_query = p.neighbours.empty() ? out.match_query : MatchSet(p, false);
  out.words = p.units;
  out.neighbours = p.neighbours;
  out.browse = plan.browse;
  out.match_terms = std::move(plan.match_terms);
  out.corrected = std::move(plan.corrected);
  out.notes = std::move(plan.notes);
  return out;
}

}  // namespace quarry
