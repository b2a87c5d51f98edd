// The maintainer's report over a query log (searcher/query_log.h): what
// people search most, what finds nothing, what finds only questions with
// fewer of its words (or only by a correction or a related subject), and
// which questions of the index nobody opened: where a bank has gaps.
//
//   QueryStats stats;
//   ReadQueryLog(path, [&](const LogRecord& r) { stats.Add(r); });
//   StatsReport report = stats.Report(IndexIds(searcher), StatsLimits());
//
// Searches are counted by their normalised query (LogRecord::key), each
// shown as it was typed first.
#pragma once

#include <cstddef>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <unordered_set>
#include <vector>

#include "core/status.h"
#include "searcher/query_log.h"
#include "searcher/searcher.h"

namespace quarry {

// How long each list of the report is at most; its total is given whole.
struct StatsLimits {
  size_t top = 20;
  size_t no_hits = 20;
  size_t relaxed = 20;
  size_t never_opened = 50;
  static constexpr size_t kMax = 1000;
};

// How a search fared, from its record.
enum class SearchFate {
  kFound,    // questions with every word of the query as typed
  kRelaxed,  // hits only with fewer of its words, only for the corrected
             // query, or only questions on related subjects
  kNoHit,    // nothing at all
};
SearchFate FateOf(const SearchOutcome& outcome);

struct QueryCount {
  std::string query;  // as first typed
  std::string key;    // QueryKey
  size_t count = 0;   // searches (of this list's kind: all, no hit, relaxed)
  size_t hits = 0;    // the hits of its latest search
};

struct StatsReport {
  // False when there is no query log to read (the server runs without
  // --query-log): every count is then 0.
  bool logging = true;
  size_t searches = 0;                // search records
  size_t distinct_queries = 0;        // their keys
  size_t opens = 0;                   // open records
  std::string first_time, last_time;  // of the records ("" when none)

  std::vector<QueryCount> top_queries;  // most searched first, ties by key
  std::vector<QueryCount> no_hits;      // most searched first
  size_t no_hit_searches = 0;
  size_t no_hit_queries = 0;
  std::vector<QueryCount> relaxed;  // most searched first
  size_t relaxed_searches = 0;
  size_t relaxed_queries = 0;

  // The index's questions that no open record names, in bank order.
  std::vector<std::string> never_opened;
  size_t never_opened_total = 0;
  size_t questions = 0;  // in the index

  // Lines of the log that were not records (LogReadSummary).
  size_t skipped_lines = 0;
  std::vector<std::string> warnings;
};

// Counts records; Report() then makes the report. Not thread-safe.
class QueryStats {
 public:
  void Add(const LogRecord& record);
  // The report, the index's question ids (`index_ids`, in bank order)
  // being the ones a question never opened is looked for among; each list
  // at most `limits`' length.
  StatsReport Report(const std::vector<std::string>& index_ids, const StatsLimits& limits) const;

 private:
  struct PerQuery {
    std::string query;
    size_t count = 0, no_hit = 0, relaxed = 0;
    size_t hits = 0;
  };
  std::map<std::string, PerQuery> queries_;  // by key
  std::unordered_set<std::string> opened_;
  size_t searches_ = 0, opens_ = 0;
  std::string first_time_, last_time_;
};

// Reads the log at `path` and reports on it (ReadQueryLog's errors; its
// skipped lines and warnings are in the report).
Result<StatsReport> ReportOnLog(const std::string& path, const std::vector<std::string>& index_ids,
                                const StatsLimits& limits);

// The report over the log at `log_path` and the questions of the index
// `searcher` reads. An empty `log_path` means no log: a report with
// `logging` false and nothing counted but the index's questions.
Result<StatsReport> ReportForIndex(const std::string& log_path, Searcher& searcher,
                                   const StatsLimits& limits);

// Every question id of the index `searcher` reads, in bank order.
Result<std::vector<std::string>> IndexIds(Searcher& searcher);

// {"logging", "searches", "distinct_queries", "opens", "first_time", "last_time" (null when none),
//  "top_queries": [{"query","key","count","hits"}],
//  "no_hits": {"searches", "queries", "list": [{"query","key","count","hits"}]},
//  "relaxed": {"searches", "queries", "list": [...]},
//  "never_opened": {"total", "questions", "ids": [...]},
//  "skipped_lines", "warnings": [...]}
nlohmann::ordered_json ToJson(const StatsReport& report);
// The report as text for a terminal (quarry-search --stats).
std::string ReportText(const StatsReport& report);

}  // namespace quarry
