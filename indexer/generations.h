// Writing a new generation of an index folder (core/index_layout.h) and
// switching readers to it: the one way BuildIndex and UpdateIndex write.
#pragma once

#include <functional>
#include <string>

#include "core/status.h"

namespace quarry {

// Takes the folder's build lock (creating the folder), removes what failed
// or killed builds left, and calls `write(current, path)`: `current` is the
// generation now live (empty: none), `path` the empty folder to write the
// new one in. When `write` succeeds, the stub is switched to `path` with an
// atomic rename(2) and every generation but the new one and `current`
// (readers may still have it open) is removed; returns `path`.
//
// Fails with IOError when the folder cannot be written or another build
// holds its lock, or with what `write` returned or threw (a Xapian::Error
// or std::exception becomes IOError naming `path`). On any failure the new
// folder is removed and the live generation stays as it was.
//
// It also removes the staging folders (StagingFolder) of processes that are gone.
Result<std::string> WriteNewGeneration(
    const std::string& db_path,
    const std::function<Status(const std::string& current, const std::string& path)>& write);

// A folder of `db_path` for this process to prepare a generation in before
// it holds the build lock ("DIR/.staging-PID"): an update copies the live
// generation there while it reads it, then renames the copy into place.
std::string StagingFolder(const std::string& db_path);

}  // namespace quarry
