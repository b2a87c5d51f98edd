#include "searcher/query_log.h"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <shared_mutex>
#include <ctime>
#include <nlohmann/json.hpp>

#include "core/analyzer.h"
#include "searcher/facets.h"
#include "searcher/json_encoding.h"

namespace quarry {
namespace {

using json = nlohmann::ordered_json;

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// "2026-12-03T10:04:05.123Z"
std::string UtcTime(int64_t unix_ms) {
  const time_t seconds = static_cast<time_t>(unix_ms / 1000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buf[96];  // room for any int, as the compiler counts
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                static_cast<int>(unix_ms % 1000));
  return buf;
}

int64_t NowUnixMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// A record line: the object on one line, invalid UTF-8 replaced.
std::string Line(const json& record) { return EncodeJson(record) + '\n'; }

}  // namespace

std::string QueryKey(std::string_view query) {
  // NFKC case folding needs ICU's normaliser, which the Analyzer keeps;
  // one per thread (it is not thread-safe), made on a thread's first key.
  thread_local const Analyzer analyzer;
  const std::string folded = analyzer.Normalize(query);
  std::string key;
  key.reserve(folded.size());
  for (char c : folded) {
    if (IsSpace(c)) {
      if (!key.empty() && key.back() != ' ') key += ' ';
    } else {
      key += c;
    }
  }
  if (!key.empty() && key.back() == ' ') key.pop_back();
  return key;
}

bool IsLoggedSearch(const SearchRequest& request) {
  if (request.offset != 0) return false;
  for (char c : request.query) {
    if (!IsSpace(c)) return true;
  }
  return false;
}

SearchOutcome OutcomeOf(const SearchResponse& response) {
  return {response.total, response.related_total, response.matching.relaxed(),
          response.showing_corrected};
}

namespace {

// Reads the outcome's fields from the top of an encoded answer and stops
// at its "hits" (the fields come first: json_encoding.h), so a cached
// answer's outcome costs its first few hundred bytes, not a whole parse.
struct OutcomeReader : nlohmann::json_sax<json> {
  SearchOutcome outcome;
  int depth = 0;
  std::string top, inner;  // the last key at depth 1, and at depth 2

  bool null() override { return true; }
  bool boolean(bool b) override {
    if (depth == 1 && top == "showing_corrected") outcome.corrected = b;
    if (depth == 2 && top == "matching" && inner == "relaxed") outcome.relaxed = b;
    return true;
  }
  bool number_integer(number_integer_t) override { return true; }
  bool number_unsigned(number_unsigned_t n) override {
    if (depth == 1 && top == "total") outcome.hits = n;
    if (depth == 1 && top == "related_total") outcome.related = n;
    return true;
  }
  bool number_float(number_float_t, const string_t&) override { return true; }
  bool string(string_t&) override { return true; }
  bool binary(binary_t&) override { return true; }
  bool start_object(std::size_t) override {
    ++depth;
    return true;
  }
  bool key(string_t& k) override {
    if (depth == 2) inner = k;
    if (depth != 1) return true;
    top = k;
    return k != "hits";  // everything needed is read: stop
  }
  bool end_object() override {
    --depth;
    return true;
  }
  bool start_array(std::size_t) override {
    ++depth;
    return true;
  }
  bool end_array() override {
    --depth;
    return true;
  }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override {
    return false;
  }
};

}  // namespace

SearchOutcome OutcomeOfJson(std::string_view encoded) {
  OutcomeReader reader;
  json::sax_parse(encoded.begin(), encoded.end(), &reader, nlohmann::detail::input_format_t::json,
                  /*strict=*/false);
  return reader.outcome;
}

std::string SearchLine(const SearchRequest& request, const SearchOutcome& outcome, double ms,
                       bool cached, int64_t unix_ms) {
  json record{{"type", "search"},           {"time", UtcTime(unix_ms)},
              {"query", request.query},     {"key", QueryKey(request.query)},
              {"hits", outcome.hits},       {"related", outcome.related},
              {"relaxed", outcome.relaxed}, {"corrected", outcome.corrected}};
  json filters = json::object();
  for (size_t f = 0; f < kFacetCount; ++f) {
    const std::vector<std::string>& values = Selection(request, FacetId(f));
    if (!values.empty()) filters[std::string(FacetName(FacetId(f)))] = values;
  }
  if (!filters.empty()) record["filters"] = std::move(filters);
  // Microseconds are enough, and keep the line short.
  record["ms"] = static_cast<double>(static_cast<int64_t>(ms * 1000 + 0.5)) / 1000;
  record["cached"] = cached;
  return Line(record);
}

std::string OpenLine(std::string_view id, std::string_view via, int64_t unix_ms) {
  return Line(json{{"type", "open"}, {"time", UtcTime(unix_ms)}, {"id", id}, {"via", via}});
}

struct QueryLog::Counters {
  std::atomic<size_t> failed{0};
  std::shared_mutex fd_mu;
};

namespace {

Result<int> OpenForAppend(const std::string& path) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
  if (fd < 0) return Status::IOError("cannot open the query log " + path + ": " + std::strerror(errno));
  return fd;
}

}  // namespace

Result<std::unique_ptr<QueryLog>> QueryLog::Open(const std::string& path) {
  if (path.empty()) return Status::InvalidArgument("no query log file given");
  Result<int> fd = OpenForAppend(path);
  if (!fd.ok()) return fd.status();
  return std::unique_ptr<QueryLog>(new QueryLog(path, *fd));
}

QueryLog::QueryLog(std::string path, int fd)
    : path_(std::move(path)), fd_(fd), counters_(std::make_unique<Counters>()) {}

QueryLog::~QueryLog() { ::close(fd_); }

Status QueryLog::Reopen() {
  Result<int> fd = OpenForAppend(path_);
  if (!fd.ok()) return fd.status();
  std::unique_lock<std::shared_mutex> lock(counters_->fd_mu);
  ::close(fd_);
  fd_ = *fd;
  return Status::Ok();
}

size_t QueryLog::failed_writes() const { return counters_->failed.load(); }

void QueryLog::RecordSearch(const SearchRequest& request, const SearchOutcome& outcome, double ms,
                            bool cached) {
  if (!IsLoggedSearch(request)) return;
  Append(SearchLine(request, outcome, ms, cached, NowUnixMs()));
}

void QueryLog::RecordOpen(std::string_view id, std::string_view via) {
  Append(OpenLine(id, via, NowUnixMs()));
}

void QueryLog::Append(const std::string& line) {
  ssize_t written;
  {
    std::shared_lock<std::shared_mutex> lock(counters_->fd_mu);
    do {
      written = ::write(fd_, line.data(), line.size());
    } while (written < 0 && errno == EINTR);
  }
  if (written == static_cast<ssize_t>(line.size())) return;
  // A full disk, a file system gone read-only: the search was answered;
  // its record is lost (a short write leaves half a line, which a reader
  // skips). Said once, counted always.
  const int error = written < 0 ? errno : ENOSPC;
  if (counters_->failed.fetch_add(1) == 0) {
    std::fprintf(stderr, "quarry: cannot write to the query log %s: %s (records are being lost)\n",
                 path_.c_str(), std::strerror(error));
  }
}

Result<LogRecord> ParseLogLine(std::string_view line) {
  const json j = json::parse(line, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return Status::InvalidArgument("not JSON");
  if (!j.is_object()) return Status::InvalidArgument("not a JSON object");
  auto text = [&j](const char* name, std::string& out) {
    auto it = j.find(name);
    if (it == j.end() || !it->is_string()) return false;
    out = it->get<std::string>();
    return true;
  };
  LogRecord record;
  std::string type;
  if (!text("type", type)) return Status::InvalidArgument("no \"type\"");
  if (!text("time", record.time)) return Status::InvalidArgument("no \"time\"");
  if (type == "open") {
    record.kind = LogRecord::Kind::kOpen;
    if (!text("id", record.id)) return Status::InvalidArgument("an open record with no \"id\"");
    text("via", record.via);
    return record;
  }
  if (type != "search") return Status::InvalidArgument("unknown record type \"" + type + "\"");
  record.kind = LogRecord::Kind::kSearch;
  if (!text("query", record.query))
    return Status::InvalidArgument("a search record with no \"query\"");
  if (!text("key", record.key)) record.key = QueryKey(record.query);
  auto count = [&j](const char* name, size_t& out) {
    auto it = j.find(name);
    if (it == j.end()) return true;  // absent: 0
    if (!it->is_number_unsigned()) return false;
    out = it->get<size_t>();
    return true;
  };
  if (!j.contains("hits")) return Status::InvalidArgument("a search record with no \"hits\"");
  if (!count("hits", record.outcome.hits) || !count("related", record.outcome.related)) {
    return Status::InvalidArgument("\"hits\" or \"related\" is not a count");
  }
  auto flag = [&j](const char* name, bool& out) {
    auto it = j.find(name);
    if (it == j.end()) return true;
    if (!it->is_boolean()) return false;
    out = it->get<bool>();
    return true;
  };
  if (!flag("relaxed", record.outcome.relaxed) || !flag("corrected", record.outcome.corrected) ||
      !flag("cached", record.cached)) {
    return Status::InvalidArgument("\"relaxed\", \"corrected\" or \"cached\" is not true or false");
  }
  if (auto ms = j.find("ms"); ms != j.end()) {
    if (!ms->is_number()) return Status::InvalidArgument("\"ms\" is not a number");
    record.ms = ms->get<double>();
  }
  if (auto filters = j.find("filters"); filters != j.end()) {
    if (!filters->is_object()) return Status::InvalidArgument("\"filters\" is not an object");
    for (const auto& [name, values] : filters->items()) {
      if (!values.is_array())
        return Status::InvalidArgument("filter \"" + name + "\" is not a list");
      std::vector<std::string> list;
      for (const json& v : values) {
        if (!v.is_string())
          return Status::InvalidArgument("filter \"" + name + "\" holds a non-string");
        list.push_back(v.get<std::string>());
      }
      record.filters.emplace_back(name, std::move(list));
    }
  }
  return record;
}

Result<LogReadSummary> ReadQueryLog(const std::string& path,
                                    const std::function<void(const LogRecord&)>& each) {
  FILE* file = std::fopen(path.c_str(), "rbe");
  if (file == nullptr) {
    const int error = errno;
    std::string why = "cannot read the query log " + path + ": " + std::strerror(error);
    return error == ENOENT ? Status::NotFound(why) : Status::IOError(why);
  }
  LogReadSummary summary;
  auto skip = [&summary, &path](const std::string& why) {
    ++summary.skipped;
    if (summary.warnings.size() < LogReadSummary::kMaxWarnings) {
      summary.warnings.push_back(path + ":" + std::to_string(summary.lines) + ": " + why);
    }
  };
  auto take = [&](const std::string& line, bool too_long) {
    ++summary.lines;
    if (too_long) return skip("line longer than " + std::to_string(kMaxLineBytes) + " bytes");
    if (line.find_first_not_of(" \t\r") == std::string::npos) return;
    Result<LogRecord> record = ParseLogLine(line);
    if (!record.ok()) return skip(record.status().message() + " (line skipped)");
    ++summary.records;
    each(*record);
  };
  // Read in blocks, split at '\n' (a NUL byte is just a byte), so that a
  // huge line costs kMaxLineBytes at most.
  std::string line;
  bool too_long = false;
  char buf[16384];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, file)) > 0) {
    for (size_t at = 0; at < n;) {
      const char* nl = static_cast<const char*>(std::memchr(buf + at, '\n', n - at));
      const size_t piece = (nl != nullptr ? static_cast<size_t>(nl - buf) : n) - at;
      if (!too_long && line.size() + piece > kMaxLineBytes) {
        too_long = true;
        line.clear();
      }
      if (!too_long) line.append(buf + at, piece);
      at += piece;
      if (nl != nullptr) {
        take(line, too_long);
        line.clear();
        too_long = false;
        ++at;
      }
    }
  }
  const bool pending = !line.empty() || too_long;  // a last line without '\n' (cut short?)
  const bool failed = std::ferror(file) != 0;
  std::fclose(file);
  if (failed) return Status::IOError("cannot read the query log " + path);
  if (pending) take(line, too_long);
  return summary;
}

}  // namespace quarry
