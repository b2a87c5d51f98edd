#include "web/memory_reserve.h"

#include <atomic>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <new>

namespace quarry::web {
namespace {

std::mutex reserve_mutex;
void* reserve = nullptr;  // guarded by reserve_mutex
size_t reserve_bytes = 0;
std::atomic<bool> spent{false};

void* TakeReserve() {
  void* block = std::malloc(reserve_bytes);
  // Touched, so that it is resident and counts against the limit.
  if (block != nullptr) std::memset(block, 0, reserve_bytes);
  return block;
}

// Called by operator new when it cannot allocate: give the reserve back
// and let it retry; with no reserve left, fail as usual (std::bad_alloc).
void SpendReserve() {
  std::lock_guard<std::mutex> lock(reserve_mutex);
  if (reserve == nullptr) throw std::bad_alloc();
  std::free(reserve);
  reserve = nullptr;
  spent = true;
}

}  // namespace

void InstallMemoryReserve(size_t bytes) {
  std::lock_guard<std::mutex> lock(reserve_mutex);
  reserve_bytes = bytes;
  reserve = TakeReserve();
  spent = reserve == nullptr;
  std::set_new_handler(SpendReserve);
}

bool MemoryReserveHeld() {
  if (!spent) return true;
  std::lock_guard<std::mutex> lock(reserve_mutex);
  if (reserve == nullptr) reserve = TakeReserve();
  spent = reserve == nullptr;
  return !spent;
}

}  // namespace quarry::web
