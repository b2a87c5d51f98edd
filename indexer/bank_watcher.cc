#include "indexer/bank_watcher.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "core/index_layout.h"
#include "indexer/corpus_loader.h"
#include "indexer/index_update.h"

namespace quarry {
namespace fs = std::filesystem;
namespace {

constexpr uint32_t kFileEvents = IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE | IN_CREATE;

// The files whose change matters: banks (as LoadCorpus reads a folder) and
// data files. An editor's swap and backup files do not.
enum class FileKind { kIgnored, kBank, kData };

FileKind KindOf(const fs::path& path) {
  const std::string name = path.filename().string();
  if (name.empty() || name[0] == '.' || name.back() == '~') return FileKind::kIgnored;
  if (IsDataFileName(name)) return FileKind::kData;
  return IsBankFileName(name) ? FileKind::kBank : FileKind::kIgnored;
}

// Each warning as "file:line: message".
std::vector<std::string> WarningLines(const std::vector<BankWarning>& warnings) {
  std::vector<std::string> out;
  for (const BankWarning& w : warnings) out.push_back(w.where + ": " + w.message);
  return out;
}

}  // namespace

struct BankWatcher::Impl {
  BankWatcherOptions options;
  int inotify = -1;
  int wake[2] = {-1, -1};  // written to stop the thread
  std::map<int, fs::path> folders;  // watch descriptor -> folder
  std::thread thread;
  mutable std::mutex mu;
  BankWatchStatus status;  // guarded by mu

  ~Impl() {
    if (thread.joinable()) {
      (void)!::write(wake[1], "x", 1);
      thread.join();
    }
    for (int fd : {inotify, wake[0], wake[1]}) {
      if (fd >= 0) ::close(fd);
    }
  }

  Status Watch(const fs::path& folder) {
    int wd = ::inotify_add_watch(inotify, folder.c_str(), kFileEvents | IN_ONLYDIR);
    if (wd < 0) return Status::IOError(folder.string() + ": cannot watch: " + std::strerror(errno));
    folders[wd] = folder;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(folder, ec)) {
      if (entry.is_directory(ec) && entry.path().filename().string()[0] != '.') {
        if (Status s = Watch(entry.path()); !s.ok()) return s;
      }
    }
    return Status::Ok();
  }

  static IndexUpdate UpdateOf(const std::set<fs::path>& changed) {
    IndexUpdate update;
    update.add.assign(changed.begin(), changed.end());
    update.missing_ok = true;  // a file made and removed between two looks
    return update;
  }

  IndexCorpusOptions CorpusOptions() const {
    IndexCorpusOptions corpus;
    corpus.db_path = options.db_path;
    corpus.strict = options.strict;
    return corpus;
  }

  // Indexes the folder whole or applies the changed files; true when it indexed.
  bool Index(const std::set<fs::path>& changed, bool whole) {
    const auto started = std::chrono::steady_clock::now();
    Result<IndexReport> report = whole ? IndexCorpus({options.folder}, CorpusOptions())
                                       : UpdateIndex(UpdateOf(changed), CorpusOptions());
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::string line;
    {
      std::lock_guard<std::mutex> lock(mu);
      status.ok = report.ok();
      status.warnings.clear();
      if (report.ok()) {
        ++status.updates;
        status.error.clear();
        char took[32];
        std::snprintf(took, sizeof took, "%.2f s", seconds);
        line = "watch: " + (whole ? "indexed " + options.folder : std::to_string(changed.size()) + " file(s) changed") +
               " -> " + report->summary.generation + " (" + std::to_string(report->summary.questions) +
               " questions, " + took + ")";
        status.warnings = WarningLines(report->corpus.warnings);
        if (!status.warnings.empty()) {
          line += "; " + std::to_string(status.warnings.size()) + " warning(s), first: " + status.warnings.front();
        }
      } else {
        ++status.failures;
        status.error = report.status().message();
        line = "watch: " + status.error + "; index left unchanged";
      }
    }
    if (options.log) options.log(line);
    return report.ok();
  }

  static void Note(const fs::path& path, std::set<fs::path>& changed, bool& whole) {
    const FileKind kind = KindOf(path);
    if (kind == FileKind::kData) whole = true;
    if (kind == FileKind::kBank) changed.insert(path);
  }

  // Reads the pending events; adds the files that matter to `changed`.
  void Drain(std::set<fs::path>& changed, bool& whole) {
    alignas(inotify_event) char buf[16384];
    for (;;) {
      ssize_t n = ::read(inotify, buf, sizeof buf);
      if (n <= 0) return;
      for (char* p = buf; p < buf + n;) {
        const auto* event = reinterpret_cast<const inotify_event*>(p);
        p += sizeof(inotify_event) + event->len;
        if (event->mask & IN_Q_OVERFLOW) whole = true;
        auto folder = folders.find(event->wd);
        if (folder == folders.end() || event->len == 0) continue;
        const fs::path path = folder->second / event->name;
        if (event->mask & IN_ISDIR) {
          if (event->mask & (IN_CREATE | IN_MOVED_TO)) {
            (void)Watch(path);
            // Files written before the watch was added said nothing.
            std::error_code ec;
            for (const auto& entry : fs::recursive_directory_iterator(path, ec)) Note(entry.path(), changed, whole);
          } else {
            changed.insert(path);  // a folder gone stands for its files
          }
          continue;
        }
        Note(path, changed, whole);
      }
    }
  }

  // `whole`: the folder is to be indexed whole first.
  void Run(bool whole) {
    std::set<fs::path> changed;
    bool waiting = false;  // the last attempt failed: wait for another change
    const int quiet_ms = static_cast<int>(options.quiet_seconds * 1000);
    for (;;) {
      pollfd fds[2] = {{inotify, POLLIN, 0}, {wake[0], POLLIN, 0}};
      const bool pending = whole || !changed.empty();
      int ready = ::poll(fds, 2, pending && !waiting ? quiet_ms : -1);
      if (ready < 0 && errno != EINTR) return;
      if (fds[1].revents) return;
      if (ready > 0 && fds[0].revents) {
        Drain(changed, whole);
        waiting = false;
        continue;  // wait until the folder is quiet
      }
      if (ready == 0 && pending && !waiting) {
        // A change that did not index is tried again with the next one:
        // the files it named are still to be indexed.
        waiting = !Index(changed, whole);
        if (!waiting) {
          changed.clear();
          whole = false;
        }
      }
    }
  }
};

BankWatcher::BankWatcher(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
BankWatcher::~BankWatcher() = default;

Result<std::unique_ptr<BankWatcher>> BankWatcher::Start(const BankWatcherOptions& options) {
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  impl->inotify = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  if (impl->inotify < 0 || ::pipe2(impl->wake, O_CLOEXEC) != 0) {
    return Status::IOError(std::string("cannot watch files: ") + std::strerror(errno));
  }
  std::error_code ec;
  if (!fs::is_directory(options.folder, ec)) return Status::InvalidArgument(options.folder + ": not a folder");
  // Watching first: a change made while the folder is indexed is not lost.
  if (Status s = impl->Watch(fs::path(options.folder)); !s.ok()) return s;
  // An index already there is served while the folder is indexed again on
  // the watcher's thread (a large bank takes a while); with none, there is
  // nothing to serve until the folder is indexed.
  const bool served = layout::CurrentGeneration(options.db_path).ok();
  if (!served) {
    impl->Index({}, /*whole=*/true);
    if (!impl->status.ok) return Status::InvalidArgument(impl->status.error);
  }
  impl->thread = std::thread([raw = impl.get(), served] { raw->Run(/*whole=*/served); });
  return std::unique_ptr<BankWatcher>(new BankWatcher(std::move(impl)));
}

BankWatchStatus BankWatcher::status() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  return impl_->status;
}

}  // namespace quarry
