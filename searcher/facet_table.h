// The facet values of every question of one index generation, held in
// memory by document id. Counting the facets of a match then costs a few
// array reads per matching document instead of one Document::get_value
// (a B-tree lookup) per facet slot.
//
// Thread safety: immutable once loaded; safe to read from several threads.
#pragma once

#include <xapian.h>

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "searcher/facets.h"

namespace quarry {

class FacetTable {
 public:
  FacetTable() = default;

  // Reads every facet slot of `db`, one pass over each value stream.
  // May throw Xapian::Error (the caller turns it into a Status).
  static FacetTable Load(const Xapian::Database& db);

  // Per facet, a count per value id (see ValueOf); sized by Tally.
  using Tally = std::array<std::vector<size_t>, kFacetCount>;

  // An all-zero tally for this table.
  Tally EmptyTally() const;

  // Adds the facet values of document `docid` to `tally`. Documents the
  // table does not know (none, for the generation it was loaded from) add
  // nothing.
  void Add(Xapian::docid docid, Tally& tally) const {
    for (size_t f = 0; f < kFacetCount; ++f) {
      const Column& c = columns_[f];
      if (docid + 1 >= c.offsets.size()) continue;
      for (uint32_t k = c.offsets[docid]; k < c.offsets[docid + 1]; ++k) ++tally[f][c.ids[k]];
    }
  }

  // The values with a non-zero count in `tally` for facet `id`.
  std::map<std::string, size_t> Counts(const Tally& tally, FacetId id) const;

 private:
  // One facet: the values of document d are ids[offsets[d] .. offsets[d+1]),
  // each an index into `values`.
  struct Column {
    std::vector<std::string> values;
    std::vector<uint32_t> offsets;
    std::vector<uint32_t> ids;
  };
  std::array<Column, kFacetCount> columns_;
};

// Counts the values of every facet over the documents of a match, in one
// pass, from a FacetTable (reading no document). Use one per
// Enquire::get_mset call. REQUIRES: `table` was loaded from the database
// the Enquire searches, and outlives the spy.
class FacetSpy : public Xapian::MatchSpy {
 public:
  explicit FacetSpy(const FacetTable& table) : table_(table), tally_(table.EmptyTally()) {}
  void operator()(const Xapian::Document& doc, double) override { table_.Add(doc.get_docid(), tally_); }
  std::map<std::string, size_t> counts(FacetId id) const { return table_.Counts(tally_, id); }

 private:
  const FacetTable& table_;
  FacetTable::Tally tally_;
};

// Counts the facets of a match: with a FacetSpy when the table is loaded,
// else (a remote database, which runs only Xapian's own spies, on the
// server) with a ValueCountMatchSpy per facet slot, a multi-valued slot's
// values split afterwards. Both give the same counts. Use one per
// Enquire::get_mset call, not moved once attached; REQUIRES: `table`
// (when given) outlives it.
class FacetCounter {
 public:
  // `table` null: count with Xapian's spies.
  explicit FacetCounter(const FacetTable* table);
  // Counts the matches of `enquire`'s next get_mset.
  void AttachTo(Xapian::Enquire& enquire);
  std::map<std::string, size_t> counts(FacetId id) const;

 private:
  std::optional<FacetSpy> table_spy_;
  // By FacetId (Xapian's spies cannot be moved).
  std::vector<std::unique_ptr<Xapian::ValueCountMatchSpy>> slot_spies_;
};

}  // namespace quarry
