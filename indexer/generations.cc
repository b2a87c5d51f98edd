#include "indexer/generations.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <unistd.h>
#include <xapian.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <vector>

#include "core/index_layout.h"
#include "core/shards.h"

namespace quarry {
namespace fs = std::filesystem;
namespace {

using layout::kGenerationPrefix;
using layout::kStubName;

// Holds an exclusive flock on the index folder while a build runs.
class BuildLock {
 public:
  explicit BuildLock(const fs::path& dir) {
    fs::path path = dir / layout::kLockName;
    fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0) {
      error_ = path.string() + ": " + std::strerror(errno);
    } else if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
      error_ = errno == EWOULDBLOCK ? dir.string() + ": another quarry-index is writing this index"
                                    : path.string() + ": " + std::strerror(errno);
      ::close(fd_);
      fd_ = -1;
    }
  }
  ~BuildLock() {
    if (fd_ >= 0) ::close(fd_);  // releases the lock
  }
  bool held() const { return fd_ >= 0; }
  // Why the lock is not held.
  const std::string& error() const { return error_; }

 private:
  int fd_ = -1;
  std::string error_;
};

// gen-N folders in `dir`, by N.
std::map<long, fs::path> Generations(const fs::path& dir) {
  std::map<long, fs::path> out;
  for (const auto& entry : fs::directory_iterator(dir)) {
    std::string name = entry.path().filename().string();
    if (!entry.is_directory() || name.rfind(kGenerationPrefix, 0) != 0) continue;
    char* end = nullptr;
    long n = std::strtol(name.c_str() + 4, &end, 10);
    if (end && *end == '\0' && n > 0) out[n] = entry.path();
  }
  return out;
}

Status WriteStub(const fs::path& dir, const std::string& generation) {
  fs::path tmp = dir / (std::string(kStubName) + ".tmp");
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << "auto " << generation << "\n";
    out.flush();
    if (!out) return Status::IOError(tmp.string() + ": cannot write");
  }
  int fd = ::open(tmp.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
  // rename(2) is atomic: a reader opens the old generation or the new one.
  std::error_code ec;
  fs::rename(tmp, dir / kStubName, ec);
  if (ec) return Status::IOError((dir / kStubName).string() + ": " + ec.message());
  int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
  return Status::Ok();
}

// The parts a sharded generation's stub names ("bank", "shard-0"...): none
// for a generation that is one database.
std::vector<std::string> PartsOf(const fs::path& generation) {
  std::vector<std::string> parts;
  std::ifstream stub(generation / kStubName);
  std::string backend, name;
  while (stub >> backend >> name) parts.push_back(name);
  return parts;
}

bool IsPartFolder(const std::string& name) {
  return name == shards::kBankPart || name.rfind(shards::kShardPrefix, 0) == 0;
}

// Points DIR/PART at `generation`'s part of that name, for every part it
// has, and removes the part folders of an earlier generation it has not
// (those that hold nothing but a stub).
Status SwitchParts(const fs::path& dir, const fs::path& generation) {
  const std::vector<std::string> parts = PartsOf(generation);
  std::error_code ec;
  for (const std::string& part : parts) {
    fs::create_directories(dir / part, ec);
    if (ec) return Status::IOError((dir / part).string() + ": " + ec.message());
    if (Status s = WriteStub(dir / part, "../" + generation.filename().string() + "/" + part); !s.ok()) return s;
  }
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (!entry.is_directory() || !IsPartFolder(name)) continue;
    if (std::find(parts.begin(), parts.end(), name) != parts.end()) continue;
    bool only_stub = true;
    for (const auto& inside : fs::directory_iterator(entry.path(), ec)) {
      only_stub = only_stub && inside.path().filename().string().rfind(kStubName, 0) == 0;
    }
    if (only_stub) fs::remove_all(entry.path(), ec);
  }
  return Status::Ok();
}

constexpr char kStagingPrefix[] = ".staging-";

// Staging folders whose process is gone (an update killed while copying).
void RemoveOrphanedStaging(const fs::path& dir) {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind(kStagingPrefix, 0) != 0) continue;
    const long pid = std::strtol(name.c_str() + std::strlen(kStagingPrefix), nullptr, 10);
    if (pid > 0 && ::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH) fs::remove_all(entry.path(), ec);
  }
}

}  // namespace

std::string StagingFolder(const std::string& db_path) {
  return (fs::path(db_path) / (kStagingPrefix + std::to_string(::getpid()))).string();
}

Result<std::string> WriteNewGeneration(
    const std::string& db_path,
    const std::function<Status(const std::string& current, const std::string& path)>& write) {
  fs::path dir(db_path);
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return Status::IOError(dir.string() + ": " + ec.message());
  BuildLock lock(dir);
  if (!lock.held()) return Status::IOError(lock.error());

  fs::path path;
  try {
    std::string current, previous;
    if (Result<std::string> live = layout::CurrentGeneration(dir.string()); live.ok()) {
      current = *live;
      previous = fs::path(current).filename().string();
    }
    // A generation newer than the current one was never switched in: a
    // build that was killed or failed left it half-written. Remove it
    // first, so that failed builds never pile up on a full disk.
    // Numbers are never reused, so a log's gen-N always means one build.
    auto generations = Generations(dir);
    const long next = generations.empty() ? 1 : generations.rbegin()->first + 1;
    for (auto it = generations.begin(); !previous.empty() && it != generations.end(); ++it) {
      if (it->second.filename() != previous) continue;
      for (auto newer = std::next(it); newer != generations.end(); ++newer) fs::remove_all(newer->second, ec);
      break;
    }
    std::string name = kGenerationPrefix + std::to_string(next);
    path = dir / name;
    if (Status s = write(current, path.string()); !s.ok()) {
      fs::remove_all(path, ec);
      return s;
    }
    if (Status s = WriteStub(dir, name); !s.ok()) {
      fs::remove_all(path, ec);
      return s;
    }
    if (Status s = SwitchParts(dir, path); !s.ok()) return s;
    // Keep the generation readers may still have open; anything else is
    // older, or left half-written by a build that was killed.
    for (const auto& [n, gen] : Generations(dir)) {
      if (gen == path || gen.filename() == previous) continue;
      fs::remove_all(gen, ec);
    }
    RemoveOrphanedStaging(dir);
  } catch (const Xapian::Error& e) {
    if (!path.empty()) fs::remove_all(path, ec);
    return Status::IOError(path.string() + ": " + e.get_description());
  } catch (const std::exception& e) {
    if (!path.empty()) fs::remove_all(path, ec);
    return Status::IOError(path.string() + ": " + e.what());
  }
  return path.string();
}

}  // namespace quarry
