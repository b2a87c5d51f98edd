// Where the vocabulary's text comes from: unpacked Debian packages, listed
// in a manifest (tools/vocabulary/sources.tsv), one package's folder a line:
//
//   # package  field  path  max_words  excluded path parts (comma-separated)
//   python3.11-doc  python  usr/share/doc/python3.11/html  3000000  /whatsnew/
//
// `path` is under `<packages dir>/<package>/`; it is a folder (every file of
// a known kind under it is read) or one file (a Debian Translation-en file,
// a manual). Files are read in a fixed pseudo-random order (by a hash of
// their path) until the package has given `max_words` words of prose, so a
// large API reference is sampled evenly, not by its first letters.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "tools/vocabulary/document.h"

namespace quarry::vocabulary {

struct SourceSpec {
  std::string package;                // Debian package name
  std::string field;                  // what it is about: python, javascript, databases, ...
  std::string path;                   // under the package's unpacked folder
  size_t max_words = 0;               // 0: no limit
  std::vector<std::string> excludes;  // a file whose path has one of these is skipped
};

// Parses a manifest. Errors name file and line.
Result<std::vector<SourceSpec>> ParseSourceManifest(std::string_view content,
                                                    const std::string& file_name);

// How a file is read, from its name (a trailing .gz is looked through).
enum class FileKind { kSkip, kHtml, kMarkdown, kRoff, kPython, kTypeScript, kDebianDescriptions };
FileKind KindOfFile(const std::string& path);

// What was read from one source.
struct SourceStats {
  size_t files = 0;
  uint64_t bytes = 0;        // of files as read (decompressed)
  uint64_t prose_words = 0;  // white-space separated words of prose
  uint64_t code_lines = 0;
  size_t unreadable = 0;  // files a reader failed on (skipped)
  bool capped = false;    // stopped at max_words
};

// Reads every file of `spec` under `packages_dir`, in the order above, and
// passes each Document to `emit`. Fails when the path does not exist.
Status ReadSource(const SourceSpec& spec, const std::string& packages_dir,
                  const std::function<void(Document&&)>& emit, SourceStats& stats);

// The prose words of a document (white-space separated), as counted for max_words.
uint64_t CountProseWords(const Document& doc);

}  // namespace quarry::vocabulary
