#include "core/index_layout.h"

#include <fcntl.h>
#include <unistd.h>

#include <cctype>
#include <filesystem>
#include <string_view>

namespace quarry::layout {
namespace {

// "gen-N", or for a part of a sharded index "../gen-N/PART": nothing
// that leads out of the index folder.
bool IsGenerationName(const std::string& name) {
  constexpr std::string_view kUp = "../";
  if (name.compare(0, kUp.size(), kUp) != 0) return !name.empty() && name.find('/') == std::string::npos;
  const std::string rest = name.substr(kUp.size());
  const size_t slash = rest.find('/');
  return slash != std::string::npos && slash > 0 && rest.find('/', slash + 1) == std::string::npos &&
         rest.compare(0, slash, "..") != 0 && rest.substr(slash + 1) != ".." && slash + 1 < rest.size();
}

}  // namespace

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
  // "BACKEND GENERATION", white-space separated, after any comment lines
  // ("# ...", as xapian-replicate writes in a replica's stub).
  std::string words[2];
  size_t count = 0;
  for (ssize_t i = 0; i < n && count < 3;) {
    while (i < n && std::isspace(static_cast<unsigned char>(buf[i]))) ++i;
    if (i >= n) break;
    if (buf[i] == '#' && count == 0) {
      while (i < n && buf[i] != '\n') ++i;
      continue;
    }
    ssize_t start = i;
    while (i < n && !std::isspace(static_cast<unsigned char>(buf[i]))) ++i;
    if (count < 2) words[count] = std::string(buf + start, i - start);
    ++count;
  }
  const std::string& generation = words[1];
  if (count < 2 || n == static_cast<ssize_t>(sizeof buf) || !IsGenerationName(generation)) {
    return Status::NotFound(db_path + ": no Quarry index here (run quarry-index first)");
  }
  return (std::filesystem::path(db_path) / generation).string();
}

}  // namespace quarry::layout
