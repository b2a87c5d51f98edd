#include "core/index_layout.h"

#include <fcntl.h>
#include <unistd.h>

#include <cctype>
#include <filesystem>

namespace quarry::layout {

// Read on every request a server answers (Searcher::Refresh), so with
// plain system calls rather than a stream.
Result<std::string> CurrentGeneration(const std::string& db_path) {
  const std::string stub = (std::filesystem::path(db_path) / kStubName).string();
  char buf[512];
  ssize_t n = -1;
  if (int fd = ::open(stub.c_str(), O_RDONLY | O_CLOEXEC); fd >= 0) {
    n = ::read(fd, buf, sizeof buf);
    ::close(fd);
  }
  // "BACKEND GENERATION", white-space separated.
  std::string words[2];
  size_t count = 0;
  for (ssize_t i = 0; i < n && count < 3;) {
    while (i < n && std::isspace(static_cast<unsigned char>(buf[i]))) ++i;
    if (i >= n) break;
    ssize_t start = i;
    while (i < n && !std::isspace(static_cast<unsigned char>(buf[i]))) ++i;
    if (count < 2) words[count] = std::string(buf + start, i - start);
    ++count;
  }
  const std::string& generation = words[1];
  if (count < 2 || n == static_cast<ssize_t>(sizeof buf) || generation.find('/') != std::string::npos) {
    return Status::NotFound(db_path + ": no Quarry index here (run quarry-index first)");
  }
  return (std::filesystem::path(db_path) / generation).string();
}

}  // namespace quarry::layout
