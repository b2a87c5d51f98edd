// A bounded queue of Xapian documents from one producing thread (the
// analysis) to one consuming thread (the writer).
//
// Thread safety: every method is thread-safe. A document belongs to one
// thread at a time: the producer until Push, the consumer after Pop.
#pragma once

#include <xapian.h>

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>

namespace quarry {

class DocumentQueue {
 public:
  explicit DocumentQueue(size_t capacity) : capacity_(capacity == 0 ? 1 : capacity) {}

  // Waits while the queue is full. False when the consumer has closed it:
  // the producer should stop.
  bool Push(Xapian::Document doc) {
    std::unique_lock<std::mutex> lock(mutex_);
    not_full_.wait(lock, [&] { return closed_ || items_.size() < capacity_; });
    if (closed_) return false;
    items_.push_back(std::move(doc));
    not_empty_.notify_one();
    return true;
  }

  // The producer is done: Pop returns false once the queue is drained.
  void Finish() {
    std::lock_guard<std::mutex> lock(mutex_);
    finished_ = true;
    not_empty_.notify_all();
  }

  // Waits for the next document. False when there will be none: finished
  // and drained, or closed.
  bool Pop(Xapian::Document& doc) {
    std::unique_lock<std::mutex> lock(mutex_);
    not_empty_.wait(lock, [&] { return closed_ || finished_ || !items_.empty(); });
    if (closed_ || items_.empty()) return false;
    doc = std::move(items_.front());
    items_.pop_front();
    not_full_.notify_one();
    return true;
  }

  // The consumer gives up: every waiting or later Push fails.
  void Close() {
    std::lock_guard<std::mutex> lock(mutex_);
    closed_ = true;
    items_.clear();
    not_full_.notify_all();
    not_empty_.notify_all();
  }

 private:
  const size_t capacity_;
  std::mutex mutex_;
  std::condition_variable not_full_, not_empty_;
  std::deque<Xapian::Document> items_;  // guarded by mutex_
  bool finished_ = false;               // guarded by mutex_
  bool closed_ = false;                 // guarded by mutex_
};

}  // namespace quarry
