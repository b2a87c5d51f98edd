// What quarry-serve counts, for GET /metrics in Prometheus' text
// exposition format (version 0.0.4): requests by route and status, the
// time to answer them as a histogram by route, the result cache's hits and
// misses, searches and those that found nothing, and the index served.
//
// Thread safety: every member function is thread-safe.
#pragma once

#include <array>
#include <cstddef>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>

namespace quarry::web {

class Metrics {
 public:
  // The upper bounds of the latency histogram's buckets, in seconds.
  static constexpr std::array<double, 13> kLatencyBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                              0.1,    0.25,  0.5,    1,     2.5,   5};

  // A request answered: `route` is its pattern in the route table
  // ("/api/questions/{id}"), "other" for none; `seconds` from its first
  // byte read to its last written.
  void ObserveRequest(std::string_view route, int status, double seconds);
  void CountCacheLookup(bool hit);
  // A search run by the searcher (not answered from the cache).
  void CountSearch(bool found_nothing);

  // The index as the server sees it when asked.
  struct IndexState {
    bool open = false;
    size_t questions = 0;
    std::string generation;
    size_t reloads = 0;          // generations a Searcher switched to
    size_t reload_failures = 0;  // refreshes that failed
  };
  // Everything counted, in the text format.
  std::string Render(const IndexState& index) const;

 private:
  struct Latency {
    std::array<size_t, kLatencyBuckets.size()> buckets{};  // not cumulative
    size_t count = 0;
    double sum = 0;
  };

  mutable std::mutex mutex_;
  std::map<std::pair<std::string, int>, size_t> requests_;  // guarded by mutex_
  std::map<std::string, Latency> latency_;                   // guarded by mutex_
  size_t cache_hits_ = 0, cache_misses_ = 0;                 // guarded by mutex_
  size_t searches_ = 0, searches_found_nothing_ = 0;         // guarded by mutex_
};

}  // namespace quarry::web
