#include "web/response_cache.h"

#include <atomic>
#include <catch2/catch.hpp>
#include <string>
#include <thread>
#include <vector>

namespace quarry::web {
namespace {

TEST_CASE("the response cache answers what was stored for the same generation", "[cache]") {
  ResponseCache cache(10, 1 << 20);
  CHECK(cache.Get("gen-1", "q") == nullptr);
  cache.Put("gen-1", "q", "answer");
  REQUIRE(cache.Get("gen-1", "q") != nullptr);
  CHECK(*cache.Get("gen-1", "q") == "answer");
  cache.Put("gen-1", "q", "newer");
  CHECK(*cache.Get("gen-1", "q") == "newer");
  CHECK(cache.entries() == 1);
}

TEST_CASE("a new index generation drops every cached answer", "[cache]") {
  ResponseCache cache(10, 1 << 20);
  cache.Put("gen-1", "a", "1");
  cache.Put("gen-1", "b", "2");
  CHECK(cache.Get("gen-2", "a") == nullptr);
  CHECK(cache.entries() == 0);
  CHECK(cache.bytes() == 0);
  // A late answer from the old generation is not kept...
  cache.Put("gen-1", "a", "old");
  CHECK(cache.entries() == 0);
  // ...but the new generation's are.
  cache.Put("gen-2", "a", "new");
  CHECK(*cache.Get("gen-2", "a") == "new");
}

TEST_CASE("the least recently used answer goes first past the entry limit", "[cache]") {
  ResponseCache cache(2, 1 << 20);
  cache.Put("g", "a", "1");
  cache.Put("g", "b", "2");
  CHECK(cache.Get("g", "a") != nullptr);  // a is now the most recent
  cache.Put("g", "c", "3");
  CHECK(cache.entries() == 2);
  CHECK(cache.Get("g", "a") != nullptr);
  CHECK(cache.Get("g", "b") == nullptr);
  CHECK(cache.Get("g", "c") != nullptr);
}

TEST_CASE("the cache keeps within its byte limit", "[cache]") {
  ResponseCache cache(100, 800);
  for (int i = 0; i < 50; ++i) cache.Put("g", "key" + std::to_string(i), std::string(90, 'x'));
  CHECK(cache.bytes() <= 800);
  CHECK(cache.entries() < 50);
  CHECK(cache.Get("g", "key49") != nullptr);
  // A body over an eighth of the limit is not kept at all.
  cache.Put("g", "big", std::string(200, 'x'));
  CHECK(cache.Get("g", "big") == nullptr);
}

TEST_CASE("a cache of 0 entries is off", "[cache]") {
  ResponseCache cache(0, 1 << 20);
  CHECK_FALSE(cache.enabled());
  cache.Put("g", "a", "1");
  CHECK(cache.Get("g", "a") == nullptr);
  CHECK(cache.entries() == 0);
}

TEST_CASE("the cache is safe to use from several threads", "[cache]") {
  ResponseCache cache(64, 1 << 20);
  // Counted, and checked once joined: Catch2's assertions are not
  // thread-safe.
  std::atomic<int> hits{0}, wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 2000; ++i) {
        const std::string key = std::to_string(i % 50);  // fits: hits after the first round
        const std::string generation = i < 1000 ? "g1" : "g2";
        if (std::shared_ptr<const std::string> hit = cache.Get(generation, key)) {
          ++hits;
          if (*hit != generation + key) ++wrong;
        } else {
          cache.Put(generation, key, generation + key);
        }
      }
    });
  }
  for (std::thread& t : threads) t.join();
  CHECK(hits > 0);
  CHECK(wrong == 0);
  CHECK(cache.entries() <= 64);
}

}  // namespace
}  // namespace quarry::web
