#include "web/searcher_pool.h"

#include <utility>

namespace quarry::web {

Result<std::unique_ptr<SearcherPool>> SearcherPool::Open(const std::string& db_path,
                                                         const SearcherOptions& options) {
  return Open(std::vector<std::string>{db_path}, options);
}

Result<std::unique_ptr<SearcherPool>> SearcherPool::Open(const std::vector<std::string>& databases,
                                                         const SearcherOptions& options) {
  auto pool = std::make_unique<SearcherPool>(
      [databases, options] { return Searcher::Open(databases, options); });
  {
    // Open the first Searcher now: a missing index is a startup error.
    Result<Lease> first = pool->Borrow();
    if (!first.ok()) return first.status();
  }
  return pool;
}

SearcherPool::SearcherPool(Opener opener) : opener_(std::move(opener)) {}

SearcherPool::~SearcherPool() = default;

Result<SearcherPool::Lease> SearcherPool::Borrow() {
  std::unique_ptr<Searcher> searcher;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!idle_.empty()) {
      searcher = std::move(idle_.back());
      idle_.pop_back();
    } else {
      ++size_;  // reserve the slot; opening happens outside the lock
    }
  }
  if (searcher == nullptr) {
    Result<std::unique_ptr<Searcher>> opened = opener_();
    if (!opened.ok()) {
      std::lock_guard<std::mutex> lock(mutex_);
      --size_;
      return opened.status();
    }
    searcher = std::move(opened).value();
  } else {
    const std::string before = searcher->Generation();
    if (Status refreshed = searcher->Refresh(); !refreshed.ok()) {
      ++reload_failures_;
      std::lock_guard<std::mutex> lock(mutex_);
      --size_;
      return refreshed;
    }
    if (searcher->Generation() != before) ++reloads_;
  }
  {
    std::lock_guard<std::mutex> lock(mutex_);
    lent_.insert(searcher.get());
  }
  return Lease(this, std::move(searcher));
}

size_t SearcherPool::size() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return size_;
}

size_t SearcherPool::idle() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return idle_.size();
}

void SearcherPool::Reopen() {
  std::vector<std::unique_ptr<Searcher>> dropped;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    size_ -= idle_.size();
    dropped.swap(idle_);
    stale_.insert(lent_.begin(), lent_.end());
  }
  // The idle ones close here, outside the lock.
}

void SearcherPool::GiveBack(std::unique_ptr<Searcher> searcher) {
  std::unique_ptr<Searcher> closing;
  std::lock_guard<std::mutex> lock(mutex_);
  lent_.erase(searcher.get());
  if (stale_.erase(searcher.get()) > 0) {
    --size_;
    closing = std::move(searcher);  // closed after the lock is released
    return;
  }
  idle_.push_back(std::move(searcher));
}

SearcherPool::Lease::Lease(SearcherPool* pool, std::unique_ptr<Searcher> searcher)
    : pool_(pool), searcher_(std::move(searcher)) {}

SearcherPool::Lease::Lease(Lease&& other) noexcept
    : pool_(other.pool_), searcher_(std::move(other.searcher_)) {}

SearcherPool::Lease& SearcherPool::Lease::operator=(Lease&& other) noexcept {
  if (this != &other) {
    GiveBack();
    pool_ = other.pool_;
    searcher_ = std::move(other.searcher_);
  }
  return *this;
}

SearcherPool::Lease::~Lease() { GiveBack(); }

void SearcherPool::Lease::GiveBack() {
  if (searcher_ != nullptr) pool_->GiveBack(std::move(searcher_));
}

}  // namespace quarry::web
