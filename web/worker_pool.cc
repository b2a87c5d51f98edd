#include "web/worker_pool.h"

#include <cstdio>
#include <exception>
#include <system_error>
#include <utility>

namespace quarry::web {

WorkerPool::WorkerPool(size_t threads) {
  workers_.reserve(threads);
  for (size_t i = 0; i < threads; ++i) {
    try {
      workers_.emplace_back([this] { Work(); });
    } catch (const std::system_error& e) {
      if (workers_.empty()) throw;
      std::fprintf(stderr, "quarry-serve: %zu of %zu worker threads started (%s)\n", workers_.size(), threads,
                   e.what());
      break;
    }
  }
}

WorkerPool::~WorkerPool() { shutdown(); }

void WorkerPool::enqueue(std::function<void()> task) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    tasks_.push_back(std::move(task));
  }
  wake_.notify_one();
}

void WorkerPool::shutdown() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (std::thread& worker : workers_) {
    if (worker.joinable()) worker.join();
  }
}

void WorkerPool::Work() {
  for (;;) {
    std::function<void()> task;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      wake_.wait(lock, [&] { return stopping_ || !tasks_.empty(); });
      if (tasks_.empty()) return;  // stopping, and nothing left to do
      task = std::move(tasks_.front());
      tasks_.pop_front();
    }
    try {
      task();
    } catch (const std::exception& e) {
      // httplib catches what a handler throws, not what its own reading
      // and writing of a connection does (std::bad_alloc under a memory
      // limit). The connection is lost (httplib holds its socket), the
      // server is not.
      std::fprintf(stderr, "quarry-serve: a connection failed: %s\n", e.what());
    }
  }
}

}  // namespace quarry::web
