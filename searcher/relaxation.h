// Query relaxation: a search first wants questions with every word typed;
// when those are too few, it settles for one word fewer, and so on down to
// any one word or, as loose, a concept neighbour of the words (a single
// word tries itself alone before its neighbours). Ranking is the same at
// every step: relaxing only lets more questions in, below those that have
// more of the words.
#pragma once

#include <xapian.h>

#include <cstddef>
#include <vector>

#include "searcher/query_plan.h"

namespace quarry {

struct RelaxationStep {
  size_t required = 0;   // words each question has at least (0: neighbours too)
  // What a question must match at this step, besides the query itself;
  // empty: nothing more (the query as built).
  Xapian::Query filter;
};

// `query` restricted to `step`.
Xapian::Query Restrict(const Xapian::Query& query, const RelaxationStep& step);

// The steps, strictest first; the last one takes what BuiltQuery::query
// matches. Between "every word" and "any word" only queries of up to
// kMaxStepWords words have steps (longer ones would need too many choices).
std::vector<RelaxationStep> RelaxationSteps(const BuiltQuery& built);

inline constexpr size_t kMaxStepWords = 6;

}  // namespace quarry
