#include "web/response_cache.h"

namespace quarry::web {

ResponseCache::ResponseCache(size_t max_entries, size_t max_bytes)
    : max_entries_(max_entries), max_bytes_(max_bytes) {}

void ResponseCache::SwitchTo(const std::string& generation) {
  if (generation == generation_) return;
  index_.clear();
  order_.clear();
  bytes_ = 0;
  generation_ = generation;
}

void ResponseCache::EvictBeyondLimits() {
  while (!order_.empty() && (order_.size() > max_entries_ || bytes_ > max_bytes_)) {
    const Entry& last = order_.back();
    bytes_ -= last.key.size() + last.body->size();
    index_.erase(last.key);
    order_.pop_back();
  }
}

std::shared_ptr<const std::string> ResponseCache::Get(const std::string& generation, const std::string& key) {
  if (!enabled()) return nullptr;
  std::lock_guard<std::mutex> lock(mutex_);
  SwitchTo(generation);
  auto it = index_.find(key);
  if (it == index_.end()) return nullptr;
  order_.splice(order_.begin(), order_, it->second);
  return it->second->body;
}

void ResponseCache::Clear() {
  std::lock_guard<std::mutex> lock(mutex_);
  index_.clear();
  order_.clear();
  bytes_ = 0;
  generation_.clear();
}

void ResponseCache::Put(const std::string& generation, const std::string& key, std::string body) {
  if (!enabled() || key.size() + body.size() > max_bytes_ / 8) return;
  auto shared = std::make_shared<const std::string>(std::move(body));
  std::lock_guard<std::mutex> lock(mutex_);
  if (generation != generation_) {
    if (!generation_.empty()) return;
    generation_ = generation;
  }
  if (auto it = index_.find(key); it != index_.end()) {
    bytes_ -= it->second->key.size() + it->second->body->size();
    order_.erase(it->second);
    index_.erase(it);
  }
  bytes_ += key.size() + shared->size();
  order_.push_front(Entry{key, std::move(shared)});
  index_.emplace(key, order_.begin());
  EvictBeyondLimits();
}

size_t ResponseCache::entries() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return order_.size();
}

size_t ResponseCache::bytes() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return bytes_;
}

}  // namespace quarry::web
