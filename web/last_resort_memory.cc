// quarry-serve's global operator new: the library's, except that a small
// allocation does not fail while a static pool has room.
//
// Under a memory limit an allocation can fail where no exception may pass:
// nlohmann::json's destructor allocates (it moves a tree's children onto a
// std::vector before freeing them), both when a request's answer is done
// with and while a first bad_alloc unwinds through it, and a bad_alloc out
// of a destructor ends the process. So when malloc and the new_handler
// (web/memory_reserve.h, whose spending makes the server refuse new
// requests) have nothing left, a block of at most kMaxPoolBlock comes from
// a static pool, reused once all it lent is back; a larger one fails as
// usual, with std::bad_alloc, which the server answers with 503. Linked
// into quarry-serve only; not under the sanitizers, which bring their own
// operator new.
#include <cstddef>
#include <cstdlib>
#include <mutex>
#include <new>

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define QUARRY_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define QUARRY_SANITIZED 1
#endif
#endif

#ifndef QUARRY_SANITIZED
namespace {

constexpr size_t kPoolBytes = size_t{1} << 20;
constexpr size_t kMaxPoolBlock = size_t{64} << 10;
constexpr size_t kAlign = alignof(std::max_align_t);

alignas(std::max_align_t) unsigned char pool[kPoolBytes];
std::mutex pool_mutex;
size_t pool_used = 0;  // guarded by pool_mutex
size_t pool_lent = 0;  // blocks not yet given back; guarded by pool_mutex

bool FromPool(const void* p) {
  return p >= static_cast<const void*>(pool) && p < static_cast<const void*>(pool + kPoolBytes);
}

void* TakeFromPool(size_t bytes) {
  const size_t rounded = (bytes + kAlign - 1) / kAlign * kAlign;
  std::lock_guard<std::mutex> lock(pool_mutex);
  if (rounded > kPoolBytes - pool_used) return nullptr;
  void* p = pool + pool_used;
  pool_used += rounded;
  ++pool_lent;
  return p;
}

void GiveBackToPool() {
  std::lock_guard<std::mutex> lock(pool_mutex);
  if (--pool_lent == 0) pool_used = 0;
}

}  // namespace

void* operator new(size_t bytes) {
  if (bytes == 0) bytes = 1;
  for (;;) {
    if (void* p = std::malloc(bytes)) return p;
    std::new_handler handler = std::get_new_handler();
    if (handler == nullptr) break;
    try {
      handler();  // returns when it freed something: try again
    } catch (const std::bad_alloc&) {
      break;
    }
  }
  void* p = bytes <= kMaxPoolBlock ? TakeFromPool(bytes) : nullptr;
  if (p == nullptr) throw std::bad_alloc();
  return p;
}

void operator delete(void* p) noexcept {
  if (FromPool(p)) {
    GiveBackToPool();
  } else {
    std::free(p);
  }
}

void operator delete(void* p, size_t) noexcept { operator delete(p); }
#endif
