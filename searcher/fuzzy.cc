#include "searcher/fuzzy.h"

#include <algorithm>
#include <utility>

namespace quarry {

unsigned EditDistance(std::string_view a, std::string_view b, unsigned max) {
  const size_t n = a.size(), m = b.size();
  if ((n > m ? n - m : m - n) > max) return max + 1;
  // Three rows of the dynamic programme: two back (for swaps), one back, this one.
  std::vector<unsigned> two(m + 1), one(m + 1), row(m + 1);
  for (size_t j = 0; j <= m; ++j) one[j] = static_cast<unsigned>(j);
  for (size_t i = 1; i <= n; ++i) {
    row[0] = static_cast<unsigned>(i);
    unsigned best = row[0];
    for (size_t j = 1; j <= m; ++j) {
      unsigned cost = a[i - 1] == b[j - 1] ? 0 : 1;
      row[j] = std::min({one[j] + 1, row[j - 1] + 1, one[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) row[j] = std::min(row[j], two[j - 2] + 1);
      best = std::min(best, row[j]);
    }
    if (best > max) return max + 1;
    std::swap(two, one);
    std::swap(one, row);
  }
  return std::min(one[m], max + 1);
}

std::vector<std::string> FuzzyCandidates(const Xapian::Database& db, const std::string& word, unsigned max,
                                         size_t limit) {
  std::vector<std::pair<Xapian::doccount, std::string>> found;
  if (max == 0) return {};
  const std::string first = word.substr(0, 1);
  for (Xapian::TermIterator it = db.allterms_begin(first); it != db.allterms_end(first); ++it) {
    const std::string& term = *it;
    if (term.size() + max < word.size() || term.size() > word.size() + max) continue;
    bool letters = std::all_of(term.begin(), term.end(), [](char c) {
      return (c >= 'a' && c <= 'z') || static_cast<unsigned char>(c) >= 0x80;
    });
    if (!letters || EditDistance(word, term, max) > max) continue;
    found.emplace_back(it.get_termfreq(), term);
  }
  std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  std::vector<std::string> out;
  for (size_t i = 0; i < found.size() && i < limit; ++i) out.push_back(std::move(found[i].second));
  return out;
}

}  // namespace quarry
