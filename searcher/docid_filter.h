// A boolean filter matching a fixed list of documents: for weighing a few
// candidates with the full query (as OP_FILTER's right side it adds no
// weight).
#pragma once

#include <xapian.h>

#include <string>
#include <vector>

namespace quarry {

// Matches exactly the documents in `docids`. Weightless.
class DocidListSource : public Xapian::PostingSource {
 public:
  // `docids` in any order; duplicates are fine. For a database of several
  // sub-databases, `uuids` lists theirs in order (OpenedParts::uuids): the
  // docids are the combined database's, and each sub-database, which
  // Xapian matches on its own, takes those of its documents.
  explicit DocidListSource(std::vector<Xapian::docid> docids, std::vector<std::string> uuids = {});

  void init(const Xapian::Database&) override;
  void next(double) override;
  void skip_to(Xapian::docid did, double) override;
  bool at_end() const override;
  Xapian::docid get_docid() const override;
  Xapian::doccount get_termfreq_min() const override;
  Xapian::doccount get_termfreq_est() const override;
  Xapian::doccount get_termfreq_max() const override;
  Xapian::PostingSource* clone() const override;

 private:
  std::vector<Xapian::docid> all_;     // sorted, unique: the combined database's
  std::vector<std::string> uuids_;
  std::vector<Xapian::docid> docids_;  // of the database init() was given
  size_t at_ = 0;
  bool started_ = false;
};

// A query matching exactly `docids`, for OP_FILTER (`uuids`: as above).
// Not for a remote database: xapian-tcpsrv knows no PostingSource of ours.
Xapian::Query DocidListQuery(std::vector<Xapian::docid> docids, std::vector<std::string> uuids = {});

}  // namespace quarry
