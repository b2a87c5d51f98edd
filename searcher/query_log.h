// The query log: what a bank's people searched and which questions they
// opened, for the maintainer's report (searcher/query_stats.h). JSON Lines,
// one record a line, appended:
//
//   {"type":"search","time":"2026-12-03T10:04:05.123Z","query":"Deadlok ",
//    "key":"deadlok","hits":16,"related":0,"relaxed":true,"corrected":false,
//    "filters":{"section":["Python Core"]},"ms":2.41,"cached":false}
//   {"type":"open","time":"2026-12-03T10:04:09.870Z","id":"python-core/5","via":"api"}
//
// "query" is as typed, "key" the query normalised (QueryKey) so that the
// same words typed differently count as one; "hits" is SearchResponse::total
// (questions with the words), "related" its related_total; "relaxed" says
// the hits have fewer than all the words, "corrected" that they are those
// of the corrected query; "filters" holds the facets filtered on (absent:
// none); "ms" is how long the answer took, "cached" that it came from the
// result cache. No record holds a client's address, or anything else about
// who asked.
//
// Thread safety: a QueryLog is thread-safe; each record is one write(2)
// to a file opened with O_APPEND, so records of several threads (or
// processes) never interleave within a line.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/status.h"
#include "searcher/searcher.h"

namespace quarry {

// `query` normalised for counting: NFKC case-folded, runs of white space
// as one space, none at either end ("  Deadlock  Scenario " and "deadlock
// scenario" share a key).
std::string QueryKey(std::string_view query);

// Whether a search is one the log records: a query with a word (browsing
// the bank has none) on its first page (offset 0: a later page continues
// the same search).
bool IsLoggedSearch(const SearchRequest& request);

// What a search record says of an answer.
struct SearchOutcome {
  size_t hits = 0;         // SearchResponse::total
  size_t related = 0;      // SearchResponse::related_total
  bool relaxed = false;    // matching.relaxed()
  bool corrected = false;  // showing_corrected
};
SearchOutcome OutcomeOf(const SearchResponse& response);
// The same, read from an answer's JSON as json_encoding.h writes it (what
// the server's result cache holds); all zero for text that is not one.
SearchOutcome OutcomeOfJson(std::string_view encoded);

// One record of the log, as read back.
struct LogRecord {
  enum class Kind { kSearch, kOpen };
  Kind kind = Kind::kSearch;
  std::string time;  // ISO 8601 UTC with milliseconds, as written
  // kSearch:
  std::string query;
  std::string key;
  SearchOutcome outcome;
  std::vector<std::pair<std::string, std::vector<std::string>>> filters;  // facet name, values
  double ms = 0;
  bool cached = false;
  // kOpen: the question opened, and where ("api" or "page").
  std::string id;
  std::string via;
};

// The lines of records, exactly as QueryLog writes them ('\n' included),
// at `unix_ms` (milliseconds since the epoch). For the writer and tests.
std::string SearchLine(const SearchRequest& request, const SearchOutcome& outcome, double ms,
                       bool cached, int64_t unix_ms);
std::string OpenLine(std::string_view id, std::string_view via, int64_t unix_ms);

class QueryLog {
 public:
  // Opens (creating, mode 0640) `path` to append to. IOError naming the
  // path and the reason when it cannot be.
  static Result<std::unique_ptr<QueryLog>> Open(const std::string& path);
  ~QueryLog();
  QueryLog(const QueryLog&) = delete;
  QueryLog& operator=(const QueryLog&) = delete;

  // Appends a search record when IsLoggedSearch(request); `ms` is how long
  // the answer took. Never fails: a record that cannot be written is
  // counted (failed_writes) and said once on stderr.
  void RecordSearch(const SearchRequest& request, const SearchOutcome& outcome, double ms,
                    bool cached);
  // Appends an open record of question `id`, opened by `via`.
  void RecordOpen(std::string_view id, std::string_view via);

  // Opens path() afresh, creating it (after logrotate moved the file away:
  // records go to the new one). IOError, the old file kept, when it cannot
  // be opened. Thread-safe with the records.
  Status Reopen();

  const std::string& path() const { return path_; }
  size_t failed_writes() const;

 private:
  QueryLog(std::string path, int fd);
  void Append(const std::string& line);
  struct Counters;
  std::string path_;
  int fd_;  // guarded by counters_->fd_mu: shared by writers, unique for Reopen
  std::unique_ptr<Counters> counters_;
};

// What reading a log found besides its records.
struct LogReadSummary {
  size_t lines = 0;    // lines read, blank ones included
  size_t records = 0;  // records given to the callback
  size_t skipped =
      0;  // lines that are not a record (not JSON, a field missing or of the wrong type)
  // The first kMaxWarnings of them, "FILE:LINE: why".
  std::vector<std::string> warnings;
  static constexpr size_t kMaxWarnings = 5;
};

// Reads the log at `path`, calling `each` with every record in order. A
// line that is not a record is skipped and counted, never an error (a log
// cut short by a crash ends in half a line); a line longer than
// kMaxLineBytes too. Blank lines are ignored. NotFound or IOError when
// the file cannot be read.
inline constexpr size_t kMaxLineBytes = 64 * 1024;
Result<LogReadSummary> ReadQueryLog(const std::string& path,
                                    const std::function<void(const LogRecord&)>& each);

// One line parsed, or why not (for ReadQueryLog and its tests).
Result<LogRecord> ParseLogLine(std::string_view line);

}  // namespace quarry
