// A page of an Enquire's ranking in which weights that differ by rounding
// alone count as equal, ranked by bank position instead.
//
// Xapian adds a document's term weights in an order that depends on each
// database's own term frequencies, so one question can weigh 40.205242011664396
// in one database and 40.20524201166439 in a shard. Ranked as Xapian ranks,
// equal questions (near-duplicates above all) would swap between the two;
// ranked here, one index and its shards give the same order.
#pragma once

#include <xapian.h>

#include <cstddef>
#include <string>
#include <vector>

namespace quarry {

struct Ranked {
  Xapian::docid did = 0;
  double weight = 0;
  std::string key;  // the sort key: the position value (schema::kSlotOrder)
};

// Weights this close (relative) are equal.
inline constexpr double kWeightTolerance = 1e-9;

// True when `a` ranks before `b`: more weight, beyond the tolerance; else
// the earlier position.
bool RanksBefore(const Ranked& a, const Ranked& b);

struct RankedPage {
  Xapian::MSet mset;          // what Xapian returned (for its estimates)
  std::vector<Ranked> items;  // the page, [offset, offset + limit)
};

// The page [offset, offset + limit) of `enquire`'s ranking (REQUIRES: it
// sorts by relevance then kSlotOrder, or by kSlotOrder), reading as many
// more around it as it takes to see every question of a tie at its edges.
// Its match spies count the first read only (they are cleared after it).
RankedPage RankPageOf(Xapian::Enquire& enquire, size_t offset, size_t limit, Xapian::doccount check_at_least);

}  // namespace quarry
