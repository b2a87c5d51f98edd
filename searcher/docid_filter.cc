#include "searcher/docid_filter.h"

#include <algorithm>

namespace quarry {

DocidListSource::DocidListSource(std::vector<Xapian::docid> docids) : docids_(std::move(docids)) {
  std::sort(docids_.begin(), docids_.end());
  docids_.erase(std::unique(docids_.begin(), docids_.end()), docids_.end());
}

void DocidListSource::init(const Xapian::Database&) {
  at_ = 0;
  started_ = false;
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
Xapian::PostingSource* DocidListSource::clone() const { return new DocidListSource(docids_); }

Xapian::Query DocidListQuery(std::vector<Xapian::docid> docids) {
  return Xapian::Query((new DocidListSource(std::move(docids)))->release());
}

}  // namespace quarry
