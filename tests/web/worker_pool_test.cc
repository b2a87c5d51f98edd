#include "web/worker_pool.h"

#include <atomic>
#include <catch2/catch.hpp>
#include <stdexcept>

using quarry::web::WorkerPool;

TEST_CASE("the worker pool runs every task before it shuts down", "[worker_pool]") {
  std::atomic<int> done{0};
  WorkerPool pool(3);
  CHECK(pool.size() == 3);
  for (int i = 0; i < 100; ++i) pool.enqueue([&] { ++done; });
  pool.shutdown();
  CHECK(done == 100);
}

TEST_CASE("a task that throws does not stop its worker", "[worker_pool]") {
  std::atomic<int> done{0};
  WorkerPool pool(1);
  pool.enqueue([] { throw std::runtime_error("lost connection"); });
  pool.enqueue([&] { ++done; });
  pool.shutdown();
  CHECK(done == 1);
}
