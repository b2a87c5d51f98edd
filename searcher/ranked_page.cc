#include "searcher/ranked_page.h"

#include <algorithm>
#include <cmath>

namespace quarry {
namespace {

bool SameWeight(double a, double b) {
  return std::fabs(a - b) <= kWeightTolerance * std::max(std::fabs(a), std::fabs(b));
}

// A few more than the page, on each side, to begin with.
constexpr size_t kMargin = 8;
// Past this many, a tie is taken as Xapian cut it (it never was, in tests).
constexpr size_t kMostRead = 4096;

}  // namespace

bool RanksBefore(const Ranked& a, const Ranked& b) {
  if (!SameWeight(a.weight, b.weight)) return a.weight > b.weight;
  return a.key < b.key;
}

RankedPage RankPageOf(Xapian::Enquire& enquire, size_t offset, size_t limit, Xapian::doccount check_at_least) {
  RankedPage page;
  if (limit == 0) {
    page.mset = enquire.get_mset(offset, 0, check_at_least);
    return page;
  }
  size_t start = offset > kMargin ? offset - kMargin : 0;
  size_t count = offset - start + limit + kMargin;
  for (;;) {
    page.mset = enquire.get_mset(start, count, check_at_least);
    // The spies have seen every match once; reading more must not count them again.
    enquire.clear_matchspies();
    const size_t got = page.mset.size();
    const size_t first = offset - start, last = std::min(first + limit, got);  // the page within what was read
    if (first >= got) break;
    const double first_weight = page.mset[first].get_weight(), last_weight = page.mset[last - 1].get_weight();
    // Unweighted (browsing), Xapian already ranks by position alone.
    const bool tie_before = start > 0 && first_weight > 0 && SameWeight(page.mset[0].get_weight(), first_weight);
    const bool tie_after = got == count && last_weight > 0 && SameWeight(page.mset[got - 1].get_weight(), last_weight);
    if ((!tie_before && !tie_after) || count >= kMostRead) break;
    if (tie_before) {
      count += start;
      start = 0;
    }
    if (tie_after) count *= 2;
  }
  std::vector<Ranked> all;
  all.reserve(page.mset.size());
  for (Xapian::MSetIterator it = page.mset.begin(); it != page.mset.end(); ++it) {
    all.push_back({*it, it.get_weight(), it.get_sort_key()});
  }
  std::stable_sort(all.begin(), all.end(), RanksBefore);
  const size_t first = std::min(offset - start, all.size());
  const size_t last = std::min(first + limit, all.size());
  page.items.assign(all.begin() + first, all.begin() + last);
  return page;
}

}  // namespace quarry
