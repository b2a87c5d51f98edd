// An LD_PRELOAD shim that makes writes to files fail, as a full or broken
// disk would: after QUARRY_FAIL_WRITES_AFTER successful write(), pwrite(),
// pwrite64(), writev() or fsync()-family calls on descriptors above 2, every
// further one fails with QUARRY_FAIL_WRITES_ERRNO (ENOSPC, or EIO), and so
// does every later one. Standard output and error are never failed, so the
// program can still say what happened. Used by crash_test.py.
#include <dlfcn.h>
#include <errno.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <cstring>

namespace {

std::atomic<long> writes_left{-1};  // -1: not read from the environment yet
int fail_errno = ENOSPC;

// True when this call on `fd` is to fail (and sets errno).
bool ShouldFail(int fd) {
  if (fd <= 2) return false;
  long left = writes_left.load();
  if (left == -1) {
    const char* after = std::getenv("QUARRY_FAIL_WRITES_AFTER");
    const char* code = std::getenv("QUARRY_FAIL_WRITES_ERRNO");
    if (code != nullptr && std::strcmp(code, "EIO") == 0) fail_errno = EIO;
    left = after != nullptr ? std::atol(after) : 1L << 62;
    writes_left.store(left);
  }
  if (writes_left.fetch_sub(1) > 0) return false;
  writes_left.store(0);
  errno = fail_errno;
  return true;
}

template <typename F>
F Next(const char* name) {
  return reinterpret_cast<F>(dlsym(RTLD_NEXT, name));
}

}  // namespace

extern "C" {

ssize_t write(int fd, const void* buf, size_t count) {
  static auto real = Next<ssize_t (*)(int, const void*, size_t)>("write");
  return ShouldFail(fd) ? -1 : real(fd, buf, count);
}

ssize_t pwrite(int fd, const void* buf, size_t count, off_t offset) {
  static auto real = Next<ssize_t (*)(int, const void*, size_t, off_t)>("pwrite");
  return ShouldFail(fd) ? -1 : real(fd, buf, count, offset);
}

ssize_t pwrite64(int fd, const void* buf, size_t count, off64_t offset) {
  static auto real = Next<ssize_t (*)(int, const void*, size_t, off64_t)>("pwrite64");
  return ShouldFail(fd) ? -1 : real(fd, buf, count, offset);
}

ssize_t writev(int fd, const struct iovec* iov, int iovcnt) {
  static auto real = Next<ssize_t (*)(int, const struct iovec*, int)>("writev");
  return ShouldFail(fd) ? -1 : real(fd, iov, iovcnt);
}

int fsync(int fd) {
  static auto real = Next<int (*)(int)>("fsync");
  return ShouldFail(fd) ? -1 : real(fd);
}

int fdatasync(int fd) {
  static auto real = Next<int (*)(int)>("fdatasync");
  return ShouldFail(fd) ? -1 : real(fd);
}

}  // extern "C"
