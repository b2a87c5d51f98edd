#include "searcher/docid_filter.h"

#include <algorithm>

namespace quarry {

DocidListSource::DocidListSource(std::vector<Xapian::docid> docids, std::vector<std::string> uuids)
    : all_(std::move(docids)), uuids_(std::move(uuids)) {
  std::sort(all_.begin(), all_.end());
  all_.erase(std::unique(all_.begin(), all_.end()), all_.end());
  docids_ = all_;
}

void DocidListSource::init(const Xapian::Database& db) {
  at_ = 0;
  started_ = false;
  if (uuids_.size() <= 1) return;
  const auto n = static_cast<Xapian::docid>(uuids_.size());
  const auto found = std::find(uuids_.begin(), uuids_.end(), db.get_uuid());
  const auto sub = static_cast<Xapian::docid>(found - uuids_.begin());
  docids_.clear();
  if (found == uuids_.end()) return;
  for (Xapian::docid d : all_) {
    if ((d - 1) % n == sub) docids_.push_back((d - 1) / n + 1);
  }
}

void DocidListSource::next(double) {
  if (started_) {
    ++at_;
  } else {
    started_ = true;
  }
}

void DocidListSource::skip_to(Xapian::docid did, double) {
  started_ = true;
  at_ = std::lower_bound(docids_.begin() + at_, docids_.end(), did) - docids_.begin();
}

bool DocidListSource::at_end() const { return started_ && at_ >= docids_.size(); }
Xapian::docid DocidListSource::get_docid() const { return docids_[at_]; }
Xapian::doccount DocidListSource::get_termfreq_min() const { return docids_.size(); }
Xapian::doccount DocidListSource::get_termfreq_est() const { return docids_.size(); }
Xapian::doccount DocidListSource::get_termfreq_max() const { return docids_.size(); }
Xapian::PostingSource* DocidListSource::clone() const { return new DocidListSource(all_, uuids_); }

Xapian::Query DocidListQuery(std::vector<Xapian::docid> docids, std::vector<std::string> uuids) {
  return Xapian::Query((new DocidListSource(std::move(docids), std::move(uuids)))->release());
}

}  // namespace quarry
