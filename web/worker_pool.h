// The server's worker threads: httplib's TaskQueue, started so that a
// limit on threads or memory cannot end the process.
//
// httplib's own ThreadPool starts its threads in its constructor; when the
// k-th cannot start (ulimit -v, a cgroup's pids.max), the exception unwinds
// through the k-1 already running and std::terminate ends the server.
// WorkerPool keeps the threads it could start and says so on stderr; only
// when not one starts does the constructor throw (std::system_error), which
// Server::Start reports as an error. A task that throws (httplib's own
// reading or writing of a connection, out of memory) is logged, and the
// worker goes on.
//
// Thread safety: enqueue() and shutdown() may be called from any thread.
#pragma once

#include <httplib.h>

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace quarry::web {

class WorkerPool : public httplib::TaskQueue {
 public:
  // Starts up to `threads` workers (at least one, or throws).
  explicit WorkerPool(size_t threads);
  ~WorkerPool() override;
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // Runs `task` on the next free worker.
  void enqueue(std::function<void()> task) override;
  // Lets the workers finish the queued tasks, then joins them.
  void shutdown() override;

  // How many workers started.
  size_t size() const { return workers_.size(); }

 private:
  void Work();

  std::vector<std::thread> workers_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> tasks_;  // guarded by mutex_
  bool stopping_ = false;                    // guarded by mutex_
};

}  // namespace quarry::web
