#include "searcher/relaxation.h"

namespace quarry {
namespace {

// Questions with at least `k` of `words`: the union, over every choice of
// k words, of the questions with all of them.
Xapian::Query AtLeast(const std::vector<Xapian::Query>& words, size_t k) {
  if (k <= 1) return Xapian::Query(Xapian::Query::OP_OR, words.begin(), words.end());
  if (k >= words.size()) return Xapian::Query(Xapian::Query::OP_AND, words.begin(), words.end());
  std::vector<Xapian::Query> choices;
  std::vector<size_t> pick(k);
  for (size_t i = 0; i < k; ++i) pick[i] = i;
  while (true) {
    std::vector<Xapian::Query> chosen;
    for (size_t i : pick) chosen.push_back(words[i]);
    choices.emplace_back(Xapian::Query::OP_AND, chosen.begin(), chosen.end());
    // Next combination in lexicographic order.
    size_t i = k;
    while (i > 0 && pick[i - 1] == words.size() - k + (i - 1)) --i;
    if (i == 0) break;
    ++pick[i - 1];
    for (size_t j = i; j < k; ++j) pick[j] = pick[j - 1] + 1;
  }
  return Xapian::Query(Xapian::Query::OP_OR, choices.begin(), choices.end());
}

}  // namespace

Xapian::Query Restrict(const Xapian::Query& query, const RelaxationStep& step) {
  if (query.empty() || step.filter.empty()) return query;
  return Xapian::Query(Xapian::Query::OP_FILTER, query, step.filter);
}

std::vector<RelaxationStep> RelaxationSteps(const BuiltQuery& built) {
  if (built.query.empty() || built.words.empty()) return {{0, Xapian::Query()}};
  const size_t n = built.words.size();
  const size_t last = built.neighbours.empty() ? 1 : 0;
  if (n == 1 && last == 1) return {{1, Xapian::Query()}};
  std::vector<RelaxationStep> steps;
  steps.push_back({n, AtLeast(built.words, n)});
  for (size_t k = n - 1; k >= 2; --k) {
    if (n > kMaxStepWords) break;
    steps.push_back({k, AtLeast(built.words, k)});
  }
  // Any word or, as loose, a concept neighbour: the query as built. A
  // single word tries itself alone first.
  if (n > 1 || last == 0) steps.push_back({last, Xapian::Query()});
  return steps;
}

}  // namespace quarry
