#include "tools/vocabulary/sources.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "tools/vocabulary/readers.h"

namespace quarry::vocabulary {
namespace fs = std::filesystem;
namespace {

std::string_view Trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t\r");
  if (b == std::string_view::npos) return {};
  size_t e = s.find_last_not_of(" \t\r");
  return s.substr(b, e - b + 1);
}

std::vector<std::string> Split(std::string_view s, char sep) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    size_t k = s.find(sep, start);
    out.emplace_back(
        Trim(s.substr(start, k == std::string_view::npos ? std::string_view::npos : k - start)));
    if (k == std::string_view::npos) break;
    start = k + 1;
  }
  return out;
}

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

uint64_t Fnv1a(std::string_view s) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

// Folders of translations: every language but English.
bool IsTranslationFolder(std::string_view segment) {
  static constexpr std::string_view kLanguages[] = {
      "ar", "bg", "bn", "ca", "cs", "da", "de", "el", "es", "et", "eu", "fa", "fi",
      "fr", "gl", "he", "hi", "hr", "hu", "id", "it", "ja", "ka", "kk", "ko", "lt",
      "lv", "mk", "ml", "mr", "nb", "nl", "nn", "no", "pl", "pt", "ro", "ru", "sk",
      "sl", "sq", "sr", "sv", "ta", "th", "tr", "uk", "vi", "zh"};
  if (segment.size() != 2 && !(segment.size() == 5 && (segment[2] == '-' || segment[2] == '_')))
    return false;
  std::string lang(segment.substr(0, 2));
  for (char& c : lang) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return std::find(std::begin(kLanguages), std::end(kLanguages), lang) != std::end(kLanguages);
}

bool InTranslationFolder(const std::string& relative) {
  size_t start = 0;
  while (true) {
    size_t slash = relative.find('/', start);
    if (slash == std::string::npos) return false;  // the last segment is the file
    if (IsTranslationFolder(std::string_view(relative).substr(start, slash - start))) return true;
    start = slash + 1;
  }
}

// Files no reader wants: packaging notes, generated search pages, sources
// that the package also ships built as HTML.
bool IsBoilerplate(const std::string& path) {
  static constexpr std::string_view kSkippedParts[] = {"/_sources/",   "/_static/",    "/_images/",
                                                       "/lintian/",    "/_downloads/", "/genindex",
                                                       "/search.html", "/py-modindex"};
  for (std::string_view part : kSkippedParts) {
    if (path.find(part) != std::string::npos) return true;
  }
  std::string name = fs::path(path).filename().string();
  for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  static constexpr std::string_view kSkippedNames[] = {
      "changelog", "news", "copyright", "readme.debian", "notice", "license", "licence", "authors"};
  for (std::string_view n : kSkippedNames) {
    if (name.compare(0, n.size(), n) == 0) return true;
  }
  return false;
}

Result<std::string> ReadWhole(const std::string& path) {
  if (EndsWith(path, ".gz")) {
    std::string quoted = "'";
    for (char c : path) {
      if (c == '\'') {
        quoted += "'\\''";
      } else {
        quoted += c;
      }
    }
    quoted += "'";
    FILE* p = ::popen(("gzip -dc -- " + quoted + " 2>/dev/null").c_str(), "r");
    if (p == nullptr) return Status::IOError(path + ": cannot run gzip");
    std::string out;
    char buf[65536];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
    int rc = ::pclose(p);
    if (rc != 0) return Status::IOError(path + ": gzip failed");
    return out;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IOError(path + ": cannot open");
  std::ostringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

// Reads one file's content with the reader of its kind.
template <typename Take>
void ReadOne(FileKind kind, const std::string& content, Take& take) {
  switch (kind) {
    case FileKind::kHtml:
      take(ReadHtml(content));
      break;
    case FileKind::kMarkdown:
      take(ReadMarkdown(content));
      break;
    case FileKind::kRoff:
      take(ReadRoff(content));
      break;
    case FileKind::kPython:
      take(ReadPython(content));
      break;
    case FileKind::kTypeScript:
      take(ReadTypeScriptDeclarations(content));
      break;
    case FileKind::kDebianDescriptions:
      ReadDebianDescriptions(content, [&](std::string_view, Document&& d) { take(std::move(d)); });
      break;
    case FileKind::kSkip:
      break;
  }
}

}  // namespace

Result<std::vector<SourceSpec>> ParseSourceManifest(std::string_view content,
                                                    const std::string& file_name) {
  std::vector<SourceSpec> out;
  size_t line_no = 0, start = 0;
  while (start < content.size()) {
    size_t nl = content.find('\n', start);
    std::string_view line =
        content.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start);
    start = nl == std::string_view::npos ? content.size() : nl + 1;
    ++line_no;
    std::string_view t = Trim(line);
    if (t.empty() || t[0] == '#') continue;
    std::vector<std::string> cols = Split(t, '\t');
    if (cols.size() < 4 || cols.size() > 5 || cols[0].empty() || cols[2].empty()) {
      return Status::InvalidArgument(
          file_name + ":" + std::to_string(line_no) +
          ": expected package, field, path, max_words and optional excludes, "
          "separated by tabs");
    }
    SourceSpec s;
    s.package = cols[0];
    s.field = cols[1];
    s.path = cols[2];
    if (cols[3].empty() || cols[3].find_first_not_of("0123456789") != std::string::npos) {
      return Status::InvalidArgument(file_name + ":" + std::to_string(line_no) +
                                     ": max_words must be a number");
    }
    s.max_words = std::stoull(cols[3]);
    if (cols.size() == 5 && !cols[4].empty()) {
      for (std::string& e : Split(cols[4], ',')) {
        if (!e.empty()) s.excludes.push_back(std::move(e));
      }
    }
    out.push_back(std::move(s));
  }
  return out;
}

FileKind KindOfFile(const std::string& path) {
  std::string p = path;
  if (EndsWith(p, ".gz")) p.resize(p.size() - 3);
  std::string name = fs::path(p).filename().string();
  std::string lower = name;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower.find("translation-en") != std::string::npos) return FileKind::kDebianDescriptions;
  if (EndsWith(lower, ".html") || EndsWith(lower, ".htm") || EndsWith(lower, ".xhtml"))
    return FileKind::kHtml;
  if (EndsWith(lower, ".md") || EndsWith(lower, ".markdown") || EndsWith(lower, ".rst") ||
      EndsWith(lower, ".txt") || lower == "readme")
    return FileKind::kMarkdown;
  if (EndsWith(lower, ".d.ts")) return FileKind::kTypeScript;
  if (EndsWith(lower, ".py")) return FileKind::kPython;
  // A man page: under a man folder, named name.section.
  if (p.find("/man/") != std::string::npos || p.rfind("man", 0) == 0) {
    size_t dot = name.rfind('.');
    if (dot != std::string::npos && dot + 1 < name.size() &&
        std::isdigit(static_cast<unsigned char>(name[dot + 1])))
      return FileKind::kRoff;
  }
  return FileKind::kSkip;
}

uint64_t CountProseWords(const Document& doc) {
  uint64_t n = 0;
  for (const Block& b : doc.blocks) {
    if (b.kind != Block::Kind::kProse) continue;
    bool in_word = false;
    for (char c : b.text) {
      bool space = c == ' ';
      if (!space && !in_word) ++n;
      in_word = !space;
    }
  }
  return n;
}

Status ReadSource(const SourceSpec& spec, const std::string& packages_dir,
                  const std::function<void(Document&&)>& emit, SourceStats& stats) {
  fs::path root = fs::path(packages_dir) / spec.package / spec.path;
  std::error_code ec;
  if (!fs::exists(root, ec)) return Status::NotFound(root.string() + ": no such file or folder");

  // The files, as paths relative to the package's folder, in hash order.
  std::vector<std::pair<uint64_t, std::string>> files;
  fs::path package_root = fs::path(packages_dir) / spec.package;
  auto consider = [&](const fs::path& p) {
    std::string relative = "/" + fs::relative(p, package_root, ec).generic_string();
    if (ec) return;
    if (IsBoilerplate(relative) || InTranslationFolder(relative)) return;
    for (const std::string& e : spec.excludes) {
      if (relative.find(e) != std::string::npos) return;
    }
    if (KindOfFile(relative) == FileKind::kSkip) return;
    files.emplace_back(Fnv1a(relative), relative);
  };
  if (fs::is_regular_file(root, ec)) {
    consider(root);
  } else {
    for (auto it = fs::recursive_directory_iterator(
             root, fs::directory_options::skip_permission_denied, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (it->is_symlink(ec)) continue;  // links into other packages (javascript, images)
      if (it->is_regular_file(ec)) consider(it->path());
    }
    if (ec) return Status::IOError(root.string() + ": " + ec.message());
  }
  std::sort(files.begin(), files.end());

  for (const auto& [hash, relative] : files) {
    if (spec.max_words > 0 && stats.prose_words >= spec.max_words) {
      stats.capped = true;
      break;
    }
    std::string path = (package_root / relative.substr(1)).string();
    Result<std::string> content = ReadWhole(path);
    if (!content.ok()) return content.status();
    ++stats.files;
    stats.bytes += content->size();
    auto take = [&](Document&& d) {
      stats.prose_words += CountProseWords(d);
      for (const Block& b : d.blocks) {
        if (b.kind == Block::Kind::kCode)
          stats.code_lines += std::count(b.text.begin(), b.text.end(), '\n') + 1;
      }
      emit(std::move(d));
    };
    try {
      ReadOne(KindOfFile(relative), *content, take);
    } catch (const std::exception&) {
      ++stats.unreadable;  // a reader's bug on an odd file must not stop the step
    }
  }
  return Status::Ok();
}

}  // namespace quarry::vocabulary
