// A bounded LRU cache of encoded API responses, keyed by the canonical
// request and the index generation that answered it. A lookup names the
// generation the index folder currently names; when that changes, every
// entry of the old one is dropped, so a cached answer is never older than
// the index a fresh search would read.
//
// Thread safety: every method is thread-safe (one mutex; lookups are
// short).
#pragma once

#include <cstddef>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace quarry::web {

class ResponseCache {
 public:
  // At most `max_entries` responses and `max_bytes` of keys and bodies;
  // max_entries == 0 turns the cache off (every lookup misses, nothing is
  // kept). A body larger than max_bytes / 8 is never kept.
  ResponseCache(size_t max_entries, size_t max_bytes);
  ResponseCache(const ResponseCache&) = delete;
  ResponseCache& operator=(const ResponseCache&) = delete;

  bool enabled() const { return max_entries_ > 0; }

  // The body stored for `key`, if any (and marks it recently used).
  // `generation` is the index's current one: when it is not the one the
  // entries are of, they are all dropped first.
  std::shared_ptr<const std::string> Get(const std::string& generation, const std::string& key);

  // Stores `body` for `key`, answered from `generation`, evicting the
  // least recently used entries beyond the limits. Dropped when the cache
  // already holds (or was last asked about) another generation: a slow
  // search of an older index must not evict the newer one's answers.
  void Put(const std::string& generation, const std::string& key, std::string body);

  // Drops every entry (the index was reopened: its answers may differ
  // under the same generation).
  void Clear();

  size_t entries() const;
  size_t bytes() const;

 private:
  struct Entry {
    std::string key;
    std::shared_ptr<const std::string> body;
  };
  using Order = std::list<Entry>;  // most recently used first

  // Drops everything when `generation` is not the one the entries are of.
  void SwitchTo(const std::string& generation);  // REQUIRES: mutex_ held
  void EvictBeyondLimits();                      // REQUIRES: mutex_ held

  const size_t max_entries_;
  const size_t max_bytes_;
  mutable std::mutex mutex_;
  std::string generation_;                                  // guarded by mutex_
  Order order_;                                             // guarded by mutex_
  std::unordered_map<std::string, Order::iterator> index_;  // guarded by mutex_
  size_t bytes_ = 0;                                        // guarded by mutex_
};

}  // namespace quarry::web
