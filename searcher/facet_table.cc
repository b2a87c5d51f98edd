#include "searcher/facet_table.h"

#include <unordered_map>

#include "core/schema.h"

namespace quarry {

FacetTable FacetTable::Load(const Xapian::Database& db) {
  FacetTable table;
  const Xapian::docid last = db.get_lastdocid();
  for (size_t f = 0; f < kFacetCount; ++f) {
    Column& column = table.columns_[f];
    std::unordered_map<std::string, uint32_t> id_of;
    auto id = [&](std::string value) {
      auto [it, added] = id_of.emplace(value, static_cast<uint32_t>(column.values.size()));
      if (added) column.values.push_back(std::move(value));
      return it->second;
    };
    column.offsets.assign(static_cast<size_t>(last) + 2, 0);
    Xapian::docid filled = 0;  // offsets[0 .. filled] are set
    const Xapian::valueno slot = FacetSlot(FacetId(f));
    for (Xapian::ValueIterator v = db.valuestream_begin(slot); v != db.valuestream_end(slot); ++v) {
      const Xapian::docid docid = v.get_docid();
      while (filled < docid) column.offsets[++filled] = static_cast<uint32_t>(column.ids.size());
      for (std::string& value : SplitFacetValue(FacetId(f), *v)) column.ids.push_back(id(std::move(value)));
    }
    while (filled <= last) column.offsets[++filled] = static_cast<uint32_t>(column.ids.size());
  }
  return table;
}

FacetTable::Tally FacetTable::EmptyTally() const {
  Tally tally;
  for (size_t f = 0; f < kFacetCount; ++f) tally[f].assign(columns_[f].values.size(), 0);
  return tally;
}

std::map<std::string, size_t> FacetTable::Counts(const Tally& tally, FacetId id) const {
  std::map<std::string, size_t> out;
  const Column& column = columns_[id];
  for (size_t k = 0; k < tally[id].size() && k < column.values.size(); ++k) {
    if (tally[id][k] > 0) out.emplace(column.values[k], tally[id][k]);
  }
  return out;
}

FacetCounter::FacetCounter(const FacetTable* table) {
  if (table != nullptr) {
    table_spy_.emplace(*table);
    return;
  }
  for (size_t f = 0; f < kFacetCount; ++f) {
    slot_spies_.push_back(std::make_unique<Xapian::ValueCountMatchSpy>(FacetSlot(FacetId(f))));
  }
}

void FacetCounter::AttachTo(Xapian::Enquire& enquire) {
  if (table_spy_) {
    enquire.add_matchspy(&*table_spy_);
    return;
  }
  for (auto& spy : slot_spies_) enquire.add_matchspy(spy.get());
}

std::map<std::string, size_t> FacetCounter::counts(FacetId id) const {
  if (table_spy_) return table_spy_->counts(id);
  std::map<std::string, size_t> out;
  const Xapian::ValueCountMatchSpy& spy = *slot_spies_[id];
  for (Xapian::TermIterator v = spy.values_begin(); v != spy.values_end(); ++v) {
    for (std::string& value : SplitFacetValue(id, *v)) out[std::move(value)] += v.get_termfreq();
  }
  return out;
}

}  // namespace quarry
