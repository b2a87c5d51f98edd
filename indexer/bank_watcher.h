// Keeps an index in step with a bank folder while a server reads it: the
// folder is indexed whole when watching starts (before Start returns when
// there is no index yet, else meanwhile), then each change to a file
// in it (inotify: written and closed, created, moved, deleted), once the
// folder has been quiet for a moment, is applied with UpdateIndex; a
// change to a data file (synonyms.txt, ...) indexes the folder whole
// again. The server picks each new generation up as after quarry-index.
//
// A change that does not index (a file that no longer parses, an id used
// twice) leaves the index as it was: status() says what is wrong, with the
// file and line, until a later change indexes.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/status.h"
#include "indexer/index_corpus.h"

namespace quarry {

struct BankWatcherOptions {
  std::string folder;   // the bank folder watched (and its subfolders)
  std::string db_path;  // the index kept in step with it
  // How long the folder must be quiet before a change is indexed: an
  // editor's save is several events (a temporary file, a rename, a chmod).
  double quiet_seconds = 0.1;
  bool strict = false;  // a bank warning is an error (IndexCorpusOptions::strict)
  // Called on the watcher's thread after each attempt to index, with a
  // line for the log. Default: unset.
  std::function<void(const std::string&)> log;
};

// What the last attempt to index found.
struct BankWatchStatus {
  bool ok = true;                     // false: the index was left as it was
  std::string error;                  // why, when !ok (file:line: message)
  std::vector<std::string> warnings;  // the changed files' bank warnings ("file:line: message")
  size_t updates = 0, failures = 0;   // attempts that indexed, and that did not
};

class BankWatcher {
 public:
  // Watches `options.folder` and indexes it whole into options.db_path:
  // before returning when there is no index there yet (and fails when that
  // indexing fails), else on the watcher's thread, the index there being
  // served meanwhile (status() says how that went). Fails when the folder
  // cannot be watched.
  static Result<std::unique_ptr<BankWatcher>> Start(const BankWatcherOptions& options);
  ~BankWatcher();  // stops watching (an indexing under way is finished first)
  BankWatcher(const BankWatcher&) = delete;
  BankWatcher& operator=(const BankWatcher&) = delete;

  BankWatchStatus status() const;  // thread-safe

 private:
  struct Impl;
  explicit BankWatcher(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace quarry
