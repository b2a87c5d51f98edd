#include "web/searcher_pool.h"

#include <atomic>
#include <catch2/catch.hpp>
#include <optional>
#include <thread>
#include <vector>

#include "tests/web/test_server.h"

namespace quarry::web::testing {
namespace {

struct IndexedBank {
  IndexedBank() { BuildTestIndex({DataFile("bank.md")}, db_path); }
  TempDir dir;
  std::string db_path = dir.path() + "/index";
};

TEST_CASE("a pool on a missing index fails to open", "[searcher_pool]") {
  TempDir dir;
  Result<std::unique_ptr<SearcherPool>> pool = SearcherPool::Open(dir.path() + "/none");
  REQUIRE(!pool.ok());
  CHECK(pool.status().code() == Status::Code::kNotFound);
}

TEST_CASE_METHOD(IndexedBank, "a pool opens searchers only when all are lent out",
                 "[searcher_pool]") {
  Result<std::unique_ptr<SearcherPool>> opened = SearcherPool::Open(db_path);
  REQUIRE(opened.ok());
  SearcherPool& pool = **opened;
  CHECK(pool.size() == 1);  // opened at once to check the index
  CHECK(pool.idle() == 1);
  {
    std::vector<SearcherPool::Lease> leases;
    for (int i = 0; i < 3; ++i) {
      Result<SearcherPool::Lease> lease = pool.Borrow();
      REQUIRE(lease.ok());
      leases.push_back(std::move(lease).value());
    }
    CHECK(pool.size() == 3);
    CHECK(pool.idle() == 0);
    for (SearcherPool::Lease& lease : leases) CHECK(lease->QuestionCount() > 0);
  }
  CHECK(pool.size() == 3);
  CHECK(pool.idle() == 3);
  {
    Result<SearcherPool::Lease> again = pool.Borrow();
    REQUIRE(again.ok());
    CHECK(pool.size() == 3);
    CHECK(pool.idle() == 2);
    // A moved-from lease gives nothing back; the moved-to one gives back once.
    SearcherPool::Lease moved = std::move(again).value();
    CHECK(pool.idle() == 2);
  }
  CHECK(pool.idle() == 3);
}

TEST_CASE("a pool reports its opener's failure and stays usable", "[searcher_pool]") {
  int calls = 0;
  SearcherPool pool([&calls]() -> Result<std::unique_ptr<Searcher>> {
    ++calls;
    return Status::IOError("disk on fire");
  });
  CHECK(pool.size() == 0);
  Result<SearcherPool::Lease> lease = pool.Borrow();
  REQUIRE(!lease.ok());
  CHECK(lease.status().code() == Status::Code::kIOError);
  CHECK(lease.status().message() == "disk on fire");
  CHECK(pool.size() == 0);
  CHECK(!pool.Borrow().ok());
  CHECK(calls == 2);
}

TEST_CASE_METHOD(IndexedBank, "a pool serves concurrent borrowers with one searcher each",
                 "[searcher_pool]") {
  Result<std::unique_ptr<SearcherPool>> opened = SearcherPool::Open(db_path);
  REQUIRE(opened.ok());
  SearcherPool& pool = **opened;
  constexpr int kThreads = 6, kRounds = 30;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int r = 0; r < kRounds; ++r) {
        Result<SearcherPool::Lease> lease = pool.Borrow();
        if (!lease.ok()) {
          ++failures;
          continue;
        }
        SearchRequest request;
        request.query = r % 2 ? "index" : "";
        if (!(*lease)->Search(request).ok()) ++failures;
      }
    });
  }
  for (std::thread& t : threads) t.join();
  CHECK(failures.load() == 0);
  CHECK(pool.size() >= 1);
  CHECK(pool.size() <= kThreads);
  CHECK(pool.idle() == pool.size());
}

}  // namespace
}  // namespace quarry::web::testing
