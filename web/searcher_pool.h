// A pool of Searchers for a multi-threaded server.
//
// A Searcher is not thread-safe, so each request borrows one for its
// duration. The pool opens Searchers lazily, only when every open one is
// lent out, so it holds as many as were ever in use at the same time (at
// most the server's worker count). Each borrow first calls
// Searcher::Refresh(), so a request sees the newest index generation the
// indexer has switched to.
//
// Thread safety: a SearcherPool is thread-safe. A Lease is not: it belongs
// to the thread that borrowed it.
#pragma once

#include <atomic>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "core/status.h"
#include "searcher/searcher.h"

namespace quarry::web {

class SearcherPool {
 public:
  // Makes a new Searcher, or says why it cannot.
  using Opener = std::function<Result<std::unique_ptr<Searcher>>()>;

  // A pool of Searchers on the index at `db_path`. One is opened at once,
  // so a missing or unreadable index is reported here (NotFound,
  // Corruption, ...) rather than on the first request.
  static Result<std::unique_ptr<SearcherPool>> Open(const std::string& db_path,
                                                    const SearcherOptions& options = {});
  // The same over several databases searched as one (Searcher::Open).
  static Result<std::unique_ptr<SearcherPool>> Open(const std::vector<std::string>& databases,
                                                    const SearcherOptions& options = {});

  // A pool whose Searchers come from `opener`; opens none yet.
  explicit SearcherPool(Opener opener);
  ~SearcherPool();
  SearcherPool(const SearcherPool&) = delete;
  SearcherPool& operator=(const SearcherPool&) = delete;

  // A borrowed Searcher, given back to the pool when the Lease is destroyed.
  // REQUIRES: the pool outlives its leases.
  class Lease {
   public:
    Lease(Lease&& other) noexcept;
    Lease& operator=(Lease&& other) noexcept;
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease();

    Searcher& operator*() const { return *searcher_; }
    Searcher* operator->() const { return searcher_.get(); }

   private:
    friend class SearcherPool;
    Lease(SearcherPool* pool, std::unique_ptr<Searcher> searcher);
    void GiveBack();

    SearcherPool* pool_;
    std::unique_ptr<Searcher> searcher_;
  };

  // An idle Searcher, refreshed, or a newly opened one when none is idle.
  // Fails with the opener's status when a new one cannot be opened, or with
  // Refresh()'s status when the index can no longer be read (that Searcher
  // is then dropped, so a later borrow starts afresh).
  Result<Lease> Borrow();

  // How many Searchers the pool holds: lent out plus idle.
  size_t size() const;
  // How many of them are idle.
  size_t idle() const;
  // How many times a borrowed Searcher switched to a newer generation, and
  // how many refreshes failed.
  size_t reloads() const { return reloads_; }
  size_t reload_failures() const { return reload_failures_; }
  // Closes every Searcher, the idle ones now and the lent ones when given
  // back, so that each borrow after this opens the index afresh (SIGHUP:
  // an index replaced in a way its generation does not show).
  void Reopen();

 private:
  void GiveBack(std::unique_ptr<Searcher> searcher);

  const Opener opener_;
  std::atomic<size_t> reloads_{0}, reload_failures_{0};
  mutable std::mutex mutex_;
  std::vector<std::unique_ptr<Searcher>> idle_;  // guarded by mutex_
  std::set<const Searcher*> lent_;               // guarded by mutex_
  std::set<const Searcher*> stale_;              // lent before Reopen; guarded by mutex_
  size_t size_ = 0;                              // guarded by mutex_
};

}  // namespace quarry::web
